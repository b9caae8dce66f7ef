import dayjs from 'dayjs'
import { describe, expect, test, vi } from 'vitest'
import type { BrowseResult } from '../../app/model/browse'
import type { RestoreFormData } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { browseTime, createRestoreDialogStore, restoreVisibleProblem } from './restore-dialog-store'

const financeNode: TreeNode = { id: 'subclient:2', kind: 'subclient', name: 'finance', hasChildren: false, detail: '' }
const primary = { id: 2, name: 'Primary', precedence: 1 }
const copy2 = { id: 3, name: 'Copy_2', precedence: 2 }
const now = new Date(2026, 10, 30, 13, 5).getTime()
const form: RestoreFormData = {
  subclient: 'finance',
  now,
  jobs: [
    { backupJobId: 110, backupType: 'Full', startTime: 5000, bytes: 99, copies: [copy2, primary] },
    { backupJobId: 72, backupType: 'Full', startTime: 1000, bytes: 20, copies: [primary] },
  ],
}
const root: BrowseResult = { subclient: 'finance', backupJobId: 110, backupType: 'Full', backupTime: 5000, copyName: null, folder: '', entries: [] }

function makeDialog(browse: () => BrowseResult = () => root) {
  const api = fakeConsoleApi({ 'restore:form': () => form, 'restore:browse': browse })
  const onBrowsed = vi.fn()
  return { api, onBrowsed, dialog: createRestoreDialogStore(api, { onBrowsed }) }
}

describe('Browse and Restore Options', () => {
  test('Latest Data by copy precedence by default; View Content browses the root and hands it on', async () => {
    const { api, dialog, onBrowsed } = makeDialog()
    await dialog.getState().open(financeNode)
    expect(dialog.getState().session?.values).toMatchObject({ latest: true, time: '13:05', fromCopy: false, copyId: 2 })
    await dialog.getState().submit()
    expect(api.calls.at(-1)).toEqual({ command: 'restore:browse', input: { subclientId: 2, at: null, copyId: null, folder: '' } })
    expect(onBrowsed).toHaveBeenCalledWith({ subclientId: 2, at: null, copyId: null, root })
    expect(dialog.getState().session).toBeNull()
  })

  test('a Browse Date and Time browse at that minute, from the copy chosen', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setValue('date', dayjs(new Date(2026, 10, 29)))
    dialog.getState().setValue('time', '9:30')
    dialog.getState().setValue('fromCopy', true)
    dialog.getState().setValue('copyId', 3)
    await dialog.getState().submit()
    expect(api.calls.at(-1)?.input).toEqual({ subclientId: 2, at: new Date(2026, 10, 29, 9, 30).getTime(), copyId: 3, folder: '' })
  })

  test('a time that is not HH:MM is refused beside it; nothing is browsed', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setValue('time', '25:00')
    await dialog.getState().submit()
    expect(restoreVisibleProblem(dialog.getState().session!, 'time')).toBe('Browse Time must be a time such as 13:30.')
    expect(api.calls.some((call) => call.command === 'restore:browse')).toBe(false)
    expect(browseTime({ date: dayjs(new Date(2026, 0, 2)), time: '7:5' })).toBeNaN()
  })

  test("the CommServe's refusal of the Browse Date shows beside the date", async () => {
    const { dialog } = makeDialog(() => {
      throw { code: 'invalid_input', field: 'at', message: 'finance has no completed backup started by the Browse Date that can be restored.' }
    })
    await dialog.getState().open(financeNode)
    dialog.getState().setValue('latest', false)
    await dialog.getState().submit()
    expect(restoreVisibleProblem(dialog.getState().session!, 'date')).toBe('finance has no completed backup started by the Browse Date that can be restored.')
    expect(dialog.getState().session?.status).toBe('ready')
  })
})
