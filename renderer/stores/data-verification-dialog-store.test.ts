import dayjs from 'dayjs'
import { describe, expect, test, vi } from 'vitest'
import type { RunVerificationInput, VerificationFormData } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected } from '../api/console-api'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { financeCopy, fixtureNow } from '../testing/copy-fixtures'
import { createConsoleStores } from './console-stores'
import { createVerificationDialogStore, verificationCopyChoices, verificationVisibleProblem } from './data-verification-dialog-store'
import { jobControllerTabId } from './tabs-store'

const finance: TreeNode = { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' }
const copy2: TreeNode = { id: 'copy:11', kind: 'copy', name: 'Copy_2', hasChildren: false, detail: '' }
const form: VerificationFormData = {
  storagePolicyId: 2,
  policyName: 'SP_Finance',
  copies: [
    { id: 10, name: 'Primary', availableJobs: 120 },
    { id: 11, name: 'Copy_2', availableJobs: 85 },
    { id: 12, name: 'Copy_3', availableJobs: 1 },
  ],
  now: fixtureNow,
}

function makeDialog(run: (input: RunVerificationInput) => { jobId: number } = () => ({ jobId: 57 })) {
  const api = fakeConsoleApi({
    'verification:form': ({ storagePolicyId }) => {
      if (storagePolicyId !== 2) throw { code: 'not_found', message: `Storage policy ${storagePolicyId} does not exist.`, field: 'storagePolicyId' }
      return form
    },
    'copies:get': ({ copyId }) => financeCopy({ id: copyId, storagePolicyId: 2 }),
    'verification:run': (input) => run(input),
  })
  const onStarted = vi.fn()
  return { api, onStarted, dialog: createVerificationDialogStore(api, { onStarted }) }
}

describe('Data Verification dialog', () => {
  test('opened on a storage policy: its Primary, All jobs, Jobs since a week back; OK verifies every job of the Primary', async () => {
    const { api, dialog, onStarted } = makeDialog()
    await dialog.getState().open(finance)
    const session = dialog.getState().session!
    expect(session).toMatchObject({ status: 'ready', policyName: 'SP_Finance', values: { copyId: 10, allJobs: true } })
    expect(session.values.since?.valueOf()).toBe(dayjs(fixtureNow).subtract(7, 'day').startOf('day').valueOf())
    await dialog.getState().submit()
    expect(api.calls.at(-1)).toEqual({ command: 'verification:run', input: { storagePolicyId: 2, copyId: 10, since: null } })
    expect(dialog.getState().session).toBeNull()
    expect(onStarted).toHaveBeenCalledWith(57, 'Primary')
  })

  test('each copy is offered with its Available job count', () => {
    expect(verificationCopyChoices(form).map((choice) => choice.name)).toEqual([
      'Primary (120 jobs Available)',
      'Copy_2 (85 jobs Available)',
      'Copy_3 (1 job Available)',
    ])
  })

  test('opened on a copy, that copy is chosen; Jobs since sends the local midnight of the date', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(copy2)
    expect(api.calls.map((call) => call.command)).toEqual(['copies:get', 'verification:form'])
    expect(dialog.getState().session?.values.copyId).toBe(11)
    dialog.getState().setValue('allJobs', false)
    dialog.getState().setValue('since', dayjs(new Date(2026, 10, 20, 15, 30)))
    await dialog.getState().submit()
    expect(api.calls.at(-1)?.input).toEqual({ storagePolicyId: 2, copyId: 11, since: new Date(2026, 10, 20).getTime() })
  })

  test('a Jobs since date after the CommServe time, or none, shows beside the date, takes focus, and nothing runs', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(finance)
    dialog.getState().setValue('allJobs', false)
    dialog.getState().setValue('since', dayjs(fixtureNow).add(400, 'day'))
    await dialog.getState().submit()
    let session = dialog.getState().session!
    expect(verificationVisibleProblem(session, 'since')).toBe('Jobs since cannot be in the future.')
    expect(session.focus?.field).toBe('since')
    dialog.getState().setValue('since', null)
    session = dialog.getState().session!
    expect(verificationVisibleProblem(session, 'since')).toBe('Choose the Jobs since date.')
    expect(api.calls.some((call) => call.command === 'verification:run')).toBe(false)
    // Back to All jobs, the date no longer matters.
    dialog.getState().setValue('allJobs', true)
    expect(verificationVisibleProblem(dialog.getState().session!, 'since')).toBeUndefined()
  })

  test("the CommServe's refusal shows beside the field it names, keeps every choice, and goes once the field changes", async () => {
    const refusals = [
      { code: 'invalid_input', message: 'Jobs since cannot be in the future.', field: 'since' },
      { code: 'not_found', message: 'Copy 11 of SP_Finance does not exist.', field: 'copyId' },
    ]
    const { dialog } = makeDialog(() => {
      throw refusals.shift()
    })
    await dialog.getState().open(copy2)
    dialog.getState().setValue('allJobs', false)
    await dialog.getState().submit()
    let session = dialog.getState().session!
    expect(session).toMatchObject({ status: 'ready', values: { copyId: 11, allJobs: false }, focus: { field: 'since' } })
    expect(verificationVisibleProblem(session, 'since')).toBe('Jobs since cannot be in the future.')

    await dialog.getState().submit()
    session = dialog.getState().session!
    expect(session.focus?.field).toBe('copyId')
    expect(verificationVisibleProblem(session, 'copyId')).toBe('Copy 11 of SP_Finance does not exist.')
    dialog.getState().setValue('copyId', 10)
    expect(verificationVisibleProblem(dialog.getState().session!, 'copyId')).toBeUndefined()
  })

  test('a refusal naming no field of the dialog shows above the fields', async () => {
    const { dialog } = makeDialog(() => {
      throw { code: 'unavailable', message: 'The CommServe is not reachable.' }
    })
    await dialog.getState().open(finance)
    await dialog.getState().submit()
    expect(dialog.getState().session).toMatchObject({ status: 'ready', formError: 'The CommServe is not reachable.' })
  })

  test('a storage policy that no longer exists says so and cannot run', async () => {
    const { dialog } = makeDialog()
    await dialog.getState().open({ ...finance, id: 'storagePolicy:9', name: 'SP_Gone' })
    expect(dialog.getState().session).toMatchObject({ status: 'error', loadError: 'Storage policy 9 does not exist.' })
    await dialog.getState().submit()
    expect(dialog.getState().session?.status).toBe('error')
  })

  test('from a copy\'s menu in the console, OK says which job started and brings the Job Controller forward', async () => {
    const api = fakeConsoleApi({
      'tree:children': () => ({ nodes: [] }),
      'copies:get': () => financeCopy(),
      'verification:form': () => form,
      'verification:run': () => ({ jobId: 57 }),
      'jobs:list': () => ({ jobs: [] }),
    })
    const stores = createConsoleStores(api, alwaysConnected)
    const stop = stores.start()
    stores.runAction('dataVerification', copy2)
    await settle()
    expect(stores.verificationDialog.getState().session?.values.copyId).toBe(11)
    await stores.verificationDialog.getState().submit()
    await settle()
    expect(stores.notices.getState().notices.at(-1)).toMatchObject({ message: 'Data Verification job 57 of Copy_2 started.', severity: 'success' })
    expect(stores.tabs.getState().activeId).toBe(jobControllerTabId)
    stop()
  })
})
