import { describe, expect, test, vi } from 'vitest'
import type { CopyFormData } from '../../app/model/copy-forms'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi, settle, type FakeHandlers } from '../testing/fake-console-api'
import { financeCopy, financeForm } from '../testing/copy-fixtures'
import { copySessionProblems, createCopyDialogStore, visibleProblem } from './copy-dialog-store'

const policy: TreeNode = { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' }
const copyNode: TreeNode = { id: 'copy:11', kind: 'copy', name: 'Copy_2', hasChildren: false, detail: '' }
const question = 'The source copy holds data older than 14 days. ...'

/** `copies:create` as the CommServe answers it: the 14-day question first, then an upgraded CommCell's schedule. */
function createLikeTheCommServe(form: CopyFormData): FakeHandlers['copies:create'] {
  return (input) => {
    if (input.backupPeriod.kind === 'allBackups' && !input.confirmAllBackups) throw { code: 'conflict', message: question, field: 'backupPeriod' }
    if (form.installKind === 'upgraded' && input.auxCopySchedule === null) {
      throw { code: 'invalid_input', message: 'This CommCell was upgraded: accept the schedule in the Auxiliary Copy Schedule dialog.', field: 'auxCopySchedule' }
    }
    return financeCopy({ id: 12, name: input.name })
  }
}

function makeDialog(form: CopyFormData = financeForm(), handlers: FakeHandlers = {}) {
  const api = fakeConsoleApi({
    'copies:form': () => form,
    'copies:create': createLikeTheCommServe(form),
    'copies:get': () => financeCopy(),
    'copies:update': (input) => financeCopy({ name: input.name }),
    ...handlers,
  })
  const onCreated = vi.fn()
  const onSaved = vi.fn()
  const store = createCopyDialogStore(api, { onCreated, onSaved })
  const calls = (command: string) => api.calls.filter((call) => call.command === command)
  return { api, store, onCreated, onSaved, calls }
}

async function openReady(dialog: ReturnType<typeof makeDialog>) {
  await dialog.store.getState().openCreate(policy)
  dialog.store.getState().setValue('libraryId', 2)
}

describe('Copy Properties dialog store', () => {
  test('OK with problems shows them all, on the tab of the first, and calls nothing', async () => {
    const dialog = makeDialog()
    await dialog.store.getState().openCreate(policy)
    dialog.store.getState().setValue('retentionDays', 'x')
    await dialog.store.getState().submit()
    const session = dialog.store.getState().session!
    expect(session.tab).toBe('general')
    expect(session.focus?.field).toBe('libraryId')
    expect(visibleProblem(session, copySessionProblems(session), 'libraryId')).toBe('Choose a Library.')
    expect(visibleProblem(session, copySessionProblems(session), 'retentionDays')).toBe('Retain for days must be a whole number.')
    expect(dialog.calls('copies:create')).toHaveLength(0)
  })

  test('a problem shows beside a field once it was touched, not before', async () => {
    const dialog = makeDialog()
    await dialog.store.getState().openCreate(policy)
    const problemOf = (field: string) => {
      const session = dialog.store.getState().session!
      return visibleProblem(session, copySessionProblems(session), field)
    }
    expect(problemOf('libraryId')).toBeUndefined()
    dialog.store.getState().setValue('name', '')
    expect(problemOf('name')).toBe('Copy Name is required.')
  })

  test('OK asks the CommServe once, which answers with the 14-day question; No creates the copy with All Backups confirmed', async () => {
    const dialog = makeDialog()
    await openReady(dialog)
    await dialog.store.getState().submit()
    expect(dialog.store.getState().session?.prompt).toEqual({ kind: 'backupPeriod', question })
    expect(dialog.api.calls.map((call) => call.command)).toEqual(['copies:form', 'copies:create'])
    await dialog.store.getState().answerBackupPeriod(false)
    expect(dialog.calls('copies:create')).toHaveLength(2)
    expect(dialog.calls('copies:create')[1]?.input).toMatchObject({
      name: 'Copy_3',
      backupPeriod: { kind: 'allBackups' },
      confirmAllBackups: true,
      auxCopySchedule: null,
    })
    expect(dialog.store.getState().session).toBeNull()
    expect(dialog.onCreated).toHaveBeenCalledWith(expect.objectContaining({ name: 'Copy_3' }), expect.objectContaining({ policyName: 'SP_Finance' }))
  })

  test('Escape on the 14-day question returns to the dialog without creating', async () => {
    const dialog = makeDialog()
    await openReady(dialog)
    await dialog.store.getState().submit()
    dialog.store.getState().dismissPrompt()
    expect(dialog.store.getState().session).toMatchObject({ prompt: null, status: 'ready', confirmAllBackups: false })
    expect(dialog.onCreated).not.toHaveBeenCalled()
  })

  test('Yes keeps the dialog open on Copy Policy with Backups On and After and its date focused; OK then creates', async () => {
    const dialog = makeDialog()
    await openReady(dialog)
    await dialog.store.getState().submit()
    await dialog.store.getState().answerBackupPeriod(true)
    const session = dialog.store.getState().session!
    expect(session).toMatchObject({ prompt: null, tab: 'copyPolicy', focus: { field: 'backupPeriod.date' } })
    expect(session.values?.backupPeriod).toBe('onAndAfter')
    expect(session.values?.backupDate?.isValid()).toBe(true)
    expect(dialog.onCreated).not.toHaveBeenCalled()
    await dialog.store.getState().submit()
    expect(dialog.calls('copies:create')[1]?.input).toMatchObject({ backupPeriod: { kind: 'onAndAfter' }, confirmAllBackups: false })
    expect(dialog.onCreated).toHaveBeenCalled()
  })

  test('an upgraded CommCell asks for the Auxiliary Copy Schedule; Cancel creates nothing, OK creates with it', async () => {
    const form = financeForm({ installKind: 'upgraded', autocopyPolicy: null })
    const dialog = makeDialog(form)
    await openReady(dialog)
    await dialog.store.getState().submit()
    await dialog.store.getState().answerBackupPeriod(false)
    expect(dialog.store.getState().session?.prompt).toEqual({ kind: 'auxCopySchedule', schedule: form.defaultAuxCopySchedule })
    dialog.store.getState().dismissPrompt()
    expect(dialog.store.getState().session).toMatchObject({ prompt: null, status: 'ready' })
    expect(dialog.onCreated).not.toHaveBeenCalled()
    // OK again: the question was answered; the schedule is offered again, and OK on it creates the copy.
    await dialog.store.getState().submit()
    expect(dialog.store.getState().session?.prompt).toEqual({ kind: 'auxCopySchedule', schedule: form.defaultAuxCopySchedule })
    await dialog.store.getState().acceptAuxCopySchedule()
    expect(dialog.calls('copies:create').at(-1)?.input).toMatchObject({ auxCopySchedule: form.defaultAuxCopySchedule, confirmAllBackups: true })
    expect(dialog.onCreated).toHaveBeenCalled()
  })

  test('a refusal naming a field shows beside it on its tab, keeps what was typed, and clears when the field changes', async () => {
    const dialog = makeDialog(financeForm(), {
      'copies:create': () => {
        throw { code: 'conflict', message: 'DDB path is already used by SP_Default / Copy_2; choose another folder.', field: 'dedup.path' }
      },
    })
    await openReady(dialog)
    dialog.store.getState().setValue('dedup', true)
    dialog.store.getState().setValue('ddbPath', '/ddb/used')
    await dialog.store.getState().submit()
    let session = dialog.store.getState().session!
    expect(session).toMatchObject({ status: 'ready', tab: 'deduplication', focus: { field: 'dedup.path' } })
    expect(session.values?.ddbPath).toBe('/ddb/used')
    expect(visibleProblem(session, copySessionProblems(session), 'dedup.path')).toContain('already used')
    dialog.store.getState().setValue('ddbPath', '/ddb/new')
    session = dialog.store.getState().session!
    expect(visibleProblem(session, copySessionProblems(session), 'dedup.path')).toBeUndefined()
  })

  test('a refusal naming no field of the dialog shows above the tabs', async () => {
    const dialog = makeDialog(financeForm(), {
      'copies:create': () => {
        throw { code: 'unavailable', message: 'The CommServe is not reachable.' }
      },
    })
    await openReady(dialog)
    await dialog.store.getState().submit()
    expect(dialog.store.getState().session).toMatchObject({ status: 'ready', prompt: null, formError: 'The CommServe is not reachable.' })
  })

  test('Properties of an existing copy loads it with its policy lists and saves with copies:update', async () => {
    const dialog = makeDialog()
    await dialog.store.getState().openEdit(copyNode)
    await settle()
    expect(dialog.calls('copies:get')[0]?.input).toEqual({ copyId: 11 })
    expect(dialog.calls('copies:form')[0]?.input).toEqual({ storagePolicyId: 2 })
    dialog.store.getState().setValue('name', 'Copy_Offsite')
    await dialog.store.getState().submit()
    expect(dialog.calls('copies:create')).toHaveLength(0)
    expect(dialog.calls('copies:update')[0]?.input).toMatchObject({ copyId: 11, name: 'Copy_Offsite' })
    expect(dialog.onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: 'Copy_Offsite' }))
  })
})
