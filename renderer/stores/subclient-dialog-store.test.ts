import { describe, expect, test, vi } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createSubclientDialogStore } from './subclient-dialog-store'

const financeNode: TreeNode = { id: 'subclient:2', kind: 'subclient', name: 'finance', hasChildren: false, detail: '' }

function makeDialog() {
  const subclient = { id: 2, name: 'finance', content: ['/data/finance'], storagePolicy: 'SP_Finance', schedules: [] }
  const api = fakeConsoleApi({
    'subclients:get': () => subclient,
    'subclients:update': ({ content }) => ({ ...subclient, content }),
  })
  const onSaved = vi.fn()
  return { api, onSaved, dialog: createSubclientDialogStore(api, { onSaved }) }
}

describe('Subclient Properties', () => {
  test('adds an absolute folder, removes the old one and saves the content', async () => {
    const { api, dialog, onSaved } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setNewFolder(' /data/reports ')
    dialog.getState().addFolder()
    dialog.getState().select(0)
    dialog.getState().removeSelected()
    expect(dialog.getState().session?.content).toEqual(['/data/reports'])
    await dialog.getState().save()
    expect(api.calls.at(-1)).toEqual({ command: 'subclients:update', input: { subclientId: 2, content: ['/data/reports'] } })
    expect(onSaved).toHaveBeenCalled()
    expect(dialog.getState().session).toBeNull()
  })

  test('a relative or repeated folder is refused beside the field', async () => {
    const { dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setNewFolder('reports')
    dialog.getState().addFolder()
    expect(dialog.getState().session?.newFolderProblem).toBe('Content must be an absolute folder path.')
    dialog.getState().setNewFolder('/data/finance')
    dialog.getState().addFolder()
    expect(dialog.getState().session?.newFolderProblem).toBe('/data/finance is already in the content.')
  })

  test('an empty content cannot be saved, and a folder typed but not added is not lost silently', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setNewFolder('/data/more')
    await dialog.getState().save()
    expect(dialog.getState().session?.newFolderProblem).toContain('Click Add')
    dialog.getState().setNewFolder('')
    dialog.getState().select(0)
    dialog.getState().removeSelected()
    await dialog.getState().save()
    expect(dialog.getState().session?.contentProblem).toBe('Add at least one content folder.')
    expect(api.calls.some((call) => call.command === 'subclients:update')).toBe(false)
  })
})
