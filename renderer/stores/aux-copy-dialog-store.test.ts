import { describe, expect, test, vi } from 'vitest'
import type { AuxCopyFormData } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import type { NextAuxCopy } from '../../app/model/next-aux-copy'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { auxCopyCovered, auxCopyVisibleProblem, createAuxCopyDialogStore } from './aux-copy-dialog-store'

const finance: TreeNode = { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' }
const form: AuxCopyFormData = {
  policies: [
    { id: 2, name: 'SP_Finance', copies: [{ id: 3, name: 'Copy_2', toBeCopied: 85 }, { id: 4, name: 'Copy_3', toBeCopied: 2 }] },
    { id: 5, name: 'SP_Exchange', copies: [{ id: 7, name: 'Offsite', toBeCopied: 0 }] },
  ],
}

/** What the fake CommServe says the next aux copy would copy to a copy. */
const nextOf = (copyId: number, copy: string, jobs: number): NextAuxCopy => ({
  copyId, copy, jobs, bytes: jobs * 1024, deferredJobs: 0, deferredUntil: null, estimate: null,
})

function makeDialog(run: () => { jobId: number } = () => ({ jobId: 42 })) {
  const api = fakeConsoleApi({
    'auxcopy:form': ({ storagePolicyId }) => (storagePolicyId === null ? form : { policies: form.policies.filter((p) => p.id === storagePolicyId) }),
    'auxcopy:run': () => run(),
    'auxcopy:estimate': ({ storagePolicyId }) => ({ copies: form.policies.find((p) => p.id === storagePolicyId)!.copies.map((copy) => nextOf(copy.id, copy.name, copy.toBeCopied)) }),
  })
  const onStarted = vi.fn()
  return { api, onStarted, dialog: createAuxCopyDialogStore(api, { onStarted }) }
}

describe('Auxiliary Copy Job Options', () => {
  test('opens on a policy with All Copies and Allow Maximum; OK runs to every copy with the maximum streams', async () => {
    const { api, dialog, onStarted } = makeDialog()
    await dialog.getState().open(finance)
    const session = dialog.getState().session
    expect(session).toMatchObject({ status: 'ready', choosePolicy: false })
    expect(session?.values).toMatchObject({ storagePolicyId: 2, allCopies: true, allowMaximum: true, startNewMedia: false, markMediaFull: false })
    await dialog.getState().submit()
    expect(api.calls.at(-1)).toEqual({
      command: 'auxcopy:run',
      input: { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' },
    })
    expect(dialog.getState().session).toBeNull()
    expect(onStarted).toHaveBeenCalledWith(42)
  })

  test('Select a Copy sends the chosen copy, and Number of Streams once Allow Maximum is cleared', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(finance)
    dialog.getState().setValue('allCopies', false)
    dialog.getState().setValue('copyId', 4)
    dialog.getState().setValue('allowMaximum', false)
    dialog.getState().setValue('streams', '3')
    await dialog.getState().submit()
    expect(api.calls.at(-1)?.input).toMatchObject({ copyId: 4, streams: 3 })
  })

  test('a bad Number of Streams shows beside it with the contract message, and nothing runs', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(finance)
    dialog.getState().setValue('allowMaximum', false)
    dialog.getState().setValue('streams', '0')
    await dialog.getState().submit()
    const session = dialog.getState().session!
    expect(auxCopyVisibleProblem(session, 'streams')).toBe('Number of Streams must be at least 1.')
    expect(session.focus?.field).toBe('streams')
    expect(api.calls.some((call) => call.command === 'auxcopy:run')).toBe(false)
  })

  test('from the toolbar the policy is chosen in the dialog, the one selected in the tree first; another policy offers its own copies, none chosen', async () => {
    const { dialog } = makeDialog()
    await dialog.getState().open(null)
    expect(dialog.getState().session).toMatchObject({ choosePolicy: true, values: { storagePolicyId: 2, copyId: null } })
    await dialog.getState().open(null, 5)
    expect(dialog.getState().session).toMatchObject({ choosePolicy: true, values: { storagePolicyId: 5, copyId: null } })
    // A policy without an active secondary copy selected in the tree: the first that has one.
    await dialog.getState().open(null, 1)
    expect(dialog.getState().session?.values.storagePolicyId).toBe(2)
    dialog.getState().setValue('copyId', 3)
    dialog.getState().setValue('storagePolicyId', 5)
    expect(dialog.getState().session?.values).toMatchObject({ storagePolicyId: 5, copyId: null })
  })

  test('Select a Copy with no copy chosen says so on OK, and nothing runs', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(finance)
    dialog.getState().setValue('allCopies', false)
    await dialog.getState().submit()
    const session = dialog.getState().session!
    expect(auxCopyVisibleProblem(session, 'copyId')).toBe('Select the copy to copy to, or choose All Copies.')
    expect(session.focus?.field).toBe('copyId')
    expect(api.calls.some((call) => call.command === 'auxcopy:run')).toBe(false)
  })

  test('a conflict naming the copy shows beside the copy list and keeps every choice', async () => {
    const message = 'Copy_2 is being written by auxiliary copy job 12; this run would write it at the same time. Wait for job 12 to finish.'
    const { dialog } = makeDialog(() => {
      throw { code: 'conflict', message, field: 'copyId' }
    })
    await dialog.getState().open(finance)
    dialog.getState().setValue('description', 'nightly')
    await dialog.getState().submit()
    const session = dialog.getState().session!
    expect(session.status).toBe('ready')
    expect(auxCopyVisibleProblem(session, 'copyId')).toBe(message)
    expect(session.values.description).toBe('nightly')
  })

  test('a policy without an active secondary copy says so and cannot run', async () => {
    const api = fakeConsoleApi({ 'auxcopy:form': () => ({ policies: [] }) })
    const dialog = createAuxCopyDialogStore(api, { onStarted: vi.fn() })
    await dialog.getState().open({ ...finance, id: 'storagePolicy:1', name: 'SP_Default' })
    expect(dialog.getState().session).toMatchObject({ status: 'error', loadError: 'SP_Default has no active secondary copy to copy to.' })
  })

  test('shows what the run would copy to each copy it covers before OK, asked again when another policy is chosen', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(null, 2)
    await settle()
    expect(api.calls.filter((call) => call.command === 'auxcopy:estimate').map((call) => call.input)).toEqual([{ storagePolicyId: 2, copyId: null }])
    // All Copies covers every copy; Select a Copy only the one chosen (none before it is chosen).
    expect(auxCopyCovered(dialog.getState().session!).map((copy) => [copy.copy, copy.jobs])).toEqual([['Copy_2', 85], ['Copy_3', 2]])
    dialog.getState().setValue('allCopies', false)
    expect(auxCopyCovered(dialog.getState().session!)).toEqual([])
    dialog.getState().setValue('copyId', 4)
    expect(auxCopyCovered(dialog.getState().session!).map((copy) => copy.copy)).toEqual(['Copy_3'])

    dialog.getState().setValue('storagePolicyId', 5)
    expect(dialog.getState().session!.next).toMatchObject({ storagePolicyId: 5, status: 'loading' })
    await settle()
    dialog.getState().setValue('allCopies', true)
    expect(auxCopyCovered(dialog.getState().session!).map((copy) => copy.copy)).toEqual(['Offsite'])
  })
})
