import { describe, expect, test, vi } from 'vitest'
import type { RestoreFormData } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createRestoreDialogStore, restoreVisibleProblem } from './restore-dialog-store'

const financeNode: TreeNode = { id: 'subclient:2', kind: 'subclient', name: 'finance', hasChildren: false, detail: '' }
const primary = { id: 2, name: 'Primary', precedence: 1 }
const copy2 = { id: 3, name: 'Copy_2', precedence: 2 }
const form: RestoreFormData = {
  subclient: 'finance',
  jobs: [
    { backupJobId: 103, backupType: 'Incremental', startTime: 3000, bytes: 10, copies: [primary] },
    { backupJobId: 110, backupType: 'Full', startTime: 5000, bytes: 99, copies: [copy2, primary] },
    { backupJobId: 72, backupType: 'Full', startTime: 1000, bytes: 20, copies: [primary] },
  ],
}

function makeDialog() {
  const api = fakeConsoleApi({ 'restore:form': () => form, 'restore:run': () => ({ jobId: 120 }) })
  const onStarted = vi.fn()
  return { api, onStarted, dialog: createRestoreDialogStore(api, { onStarted }) }
}

describe('Browse and Restore', () => {
  test('the newest job is chosen, restored by copy precedence by default', async () => {
    const { api, dialog, onStarted } = makeDialog()
    await dialog.getState().open(financeNode)
    expect(dialog.getState().session?.values).toEqual({ backupJobId: 110, fromCopy: false, copyId: 2, destination: '' })
    dialog.getState().setValue('destination', '/tmp/restore')
    await dialog.getState().submit()
    expect(api.calls.at(-1)).toEqual({ command: 'restore:run', input: { backupJobId: 110, copyId: null, destination: '/tmp/restore' } })
    expect(onStarted).toHaveBeenCalledWith(120)
  })

  test('Restore from Copy sends the copy chosen among those holding the job', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setValue('fromCopy', true)
    dialog.getState().setValue('copyId', 3)
    dialog.getState().setValue('destination', '/tmp/restore')
    await dialog.getState().submit()
    expect(api.calls.at(-1)?.input).toEqual({ backupJobId: 110, copyId: 3, destination: '/tmp/restore' })
  })

  test('choosing a job the chosen copy does not hold falls back to a copy that holds it', async () => {
    const { dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setValue('fromCopy', true)
    dialog.getState().setValue('copyId', 3)
    dialog.getState().setValue('backupJobId', 72)
    expect(dialog.getState().session?.values.copyId).toBe(2)
  })

  test('the destination must be an absolute folder, said beside it with the contract message', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    await dialog.getState().submit()
    expect(restoreVisibleProblem(dialog.getState().session!, 'destination')).toBe('Destination folder is required.')
    dialog.getState().setValue('destination', 'restore')
    expect(restoreVisibleProblem(dialog.getState().session!, 'destination')).toBe('Destination folder must be an absolute folder path.')
    expect(api.calls.some((call) => call.command === 'restore:run')).toBe(false)
  })
})
