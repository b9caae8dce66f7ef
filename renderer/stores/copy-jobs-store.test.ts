import { describe, expect, test, vi } from 'vitest'
import type { DeleteJobResult } from '../../app/model/dedup'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected } from '../api/console-api'
import { financeCopy } from '../testing/copy-fixtures'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createConsoleStores } from './console-stores'
import { createDeleteJobStore, deleteJobQuestion, deletedJobsNotice } from './delete-job-store'

const at = { top: 10, left: 10 }
const copy3: TreeNode = { id: 'copy:12', kind: 'copy', name: 'Copy_3', hasChildren: false, detail: '' }
const primary: TreeNode = { id: 'copy:10', kind: 'copy', name: 'Primary', hasChildren: false, detail: '' }
const chain = [
  { jobId: 123, backupType: 'Full' },
  { jobId: 124, backupType: 'Incremental' },
  { jobId: 125, backupType: 'Incremental' },
]

/** A CommServe whose Copy_3 (id 12) is secondary and Primary (id 10) primary; Delete answers the chain. */
function commServe(confirmed: (input: { confirm: boolean }) => DeleteJobResult = () => ({ deleted: true, copy: 'Copy_3', jobs: chain })) {
  return fakeConsoleApi({
    'copies:get': ({ copyId }) =>
      financeCopy(copyId === 10 ? { id: 10, name: 'Primary', copyType: 'primary' } : { id: copyId, name: 'Copy_3' }),
    'copies:deleteJob': (input) => (input.confirm ? confirmed(input) : { deleted: false, copy: 'Copy_3', jobs: chain }),
  })
}

describe("a copy's View Jobs: the job row menu and Delete", () => {
  test('Delete is offered on a secondary copy for a job whose data is there; never on the primary, never without data', async () => {
    const store = createDeleteJobStore(commServe(), { report: vi.fn(), onDeleted: vi.fn() })
    await store.getState().openMenu(copy3, { jobId: 123, status: 'Available' }, at, false)
    expect(store.getState().menu).toMatchObject({ jobId: 123, copy: { copyId: 12, storagePolicyId: 2 }, items: [{ action: 'deleteJob', label: 'Delete' }] })
    await store.getState().openMenu(copy3, { jobId: 124, status: 'To Be Copied' }, at, false)
    expect(store.getState().menu).toBeNull()
    await store.getState().openMenu(primary, { jobId: 123, status: 'Available' }, at, false)
    expect(store.getState().menu).toBeNull()
  })

  test('Delete first asks what would go, names it in the question, then deletes and tells the console', async () => {
    const api = commServe()
    const onDeleted = vi.fn()
    const store = createDeleteJobStore(api, { report: vi.fn(), onDeleted })
    await store.getState().openMenu(copy3, { jobId: 123, status: 'Bad' }, at, false)
    await store.getState().runMenuAction('deleteJob')
    expect(store.getState().menu).toBeNull()
    const confirmation = store.getState().confirmation!
    expect(confirmation).toMatchObject({ status: 'ready', copyName: 'Copy_3', jobs: chain, error: null })
    expect(api.calls.at(-1)).toEqual({ command: 'copies:deleteJob', input: { copyId: 12, backupJobId: 123, confirm: false } })
    expect(deleteJobQuestion(confirmation.copyName, confirmation.jobs)).toBe(
      'Delete job 123 (Full) from Copy_3? Jobs 124 (Incremental), 125 (Incremental) restore through it and are deleted too. ' +
        "Their data is removed from the copy's mount path; this cannot be undone.",
    )

    await store.getState().confirm()
    expect(api.calls.at(-1)).toEqual({ command: 'copies:deleteJob', input: { copyId: 12, backupJobId: 123, confirm: true } })
    expect(store.getState().confirmation).toBeNull()
    expect(onDeleted).toHaveBeenCalledWith({ deleted: true, copy: 'Copy_3', jobs: chain }, expect.objectContaining({ copyId: 12, node: copy3 }))
    expect(deletedJobsNotice({ deleted: true, copy: 'Copy_3', jobs: chain })).toBe('Jobs 123, 124, 125 deleted from Copy_3.')
  })

  test('a job alone is named alone', () => {
    expect(deleteJobQuestion('Copy_3', [chain[2]!])).toBe(
      "Delete job 125 (Incremental) from Copy_3? Its data is removed from the copy's mount path; this cannot be undone.",
    )
    expect(deleteJobQuestion('Copy_3', chain.slice(0, 2))).toContain('Job 124 (Incremental) restores through it and is deleted too.')
    expect(deletedJobsNotice({ deleted: true, copy: 'Copy_3', jobs: [chain[2]!] })).toBe('Job 125 deleted from Copy_3.')
  })

  test('a refused Delete keeps the question open, saying why, and can be tried again; a failed question is reported', async () => {
    let busy = true
    const api = commServe(() => {
      if (busy) throw { code: 'conflict', message: 'Job 300 (Auxiliary Copy) is using Copy_3; delete after it ends.', field: 'copyId' }
      return { deleted: true, copy: 'Copy_3', jobs: chain }
    })
    const onDeleted = vi.fn()
    const store = createDeleteJobStore(api, { report: vi.fn(), onDeleted })
    await store.getState().openMenu(copy3, { jobId: 123, status: 'Available' }, at, false)
    await store.getState().runMenuAction('deleteJob')
    const pending = store.getState().confirm()
    expect(store.getState().confirmation?.status).toBe('deleting')
    await pending
    expect(store.getState().confirmation).toMatchObject({ status: 'ready', error: 'Job 300 (Auxiliary Copy) is using Copy_3; delete after it ends.' })
    expect(onDeleted).not.toHaveBeenCalled()
    busy = false
    await store.getState().confirm()
    expect(store.getState().confirmation).toBeNull()
    expect(onDeleted).toHaveBeenCalledOnce()

    const report = vi.fn()
    const refusing = fakeConsoleApi({
      'copies:get': () => financeCopy({ id: 12 }),
      'copies:deleteJob': () => {
        throw { code: 'invalid_input', message: 'Job 123 has no data on Copy_3 (it is Do Not Copy there).', field: 'backupJobId' }
      },
    })
    const other = createDeleteJobStore(refusing, { report, onDeleted })
    await other.getState().openMenu(copy3, { jobId: 123, status: 'Available' }, at, false)
    await other.getState().runMenuAction('deleteJob')
    expect(other.getState().confirmation).toBeNull()
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_input' }))
  })

  test('a menu closed before the copy was read stays closed; a question cancelled before its answer stays closed', async () => {
    const store = createDeleteJobStore(commServe(), { report: vi.fn(), onDeleted: vi.fn() })
    const pending = store.getState().openMenu(copy3, { jobId: 123, status: 'Available' }, at, false)
    store.getState().closeMenu()
    await pending
    expect(store.getState().menu).toBeNull()

    await store.getState().openMenu(copy3, { jobId: 123, status: 'Available' }, at, false)
    const asking = store.getState().runMenuAction('deleteJob')
    store.getState().cancel()
    await asking
    await settle()
    expect(store.getState().confirmation).toBeNull()
  })

  test("in the console, a Delete says so and reloads the copy's View Jobs, where the jobs now show Do Not Copy", async () => {
    let deleted = false
    const api = fakeConsoleApi({
      'tree:children': () => ({ nodes: [] }),
      'copies:get': () => financeCopy({ id: 12, name: 'Copy_3' }),
      'copies:deleteJob': ({ confirm }) => {
        deleted ||= confirm
        return { deleted: confirm, copy: 'Copy_3', jobs: chain }
      },
      'node:jobs': ({ nodeId }) => ({
        nodeId,
        title: 'Jobs for SP_Finance / Copy_3',
        columns: [{ key: 'jobId', label: 'Job ID', format: 'number' }, { key: 'status', label: 'Status', format: 'text' }],
        rows: chain.map(({ jobId }) => ({ key: String(jobId), nodeId: null, cells: { jobId, status: deleted ? 'Do Not Copy' : 'Available' } })),
        more: false,
      }),
    })
    const stores = createConsoleStores(api, alwaysConnected)
    const stop = stores.start()
    stores.runAction('viewJobs', copy3)
    await settle()
    const statuses = () => stores.tabs.getState().lists['jobs:copy:12']?.table?.rows.map((row) => row.cells.status)
    expect(statuses()).toEqual(['Available', 'Available', 'Available'])

    await stores.deleteJob.getState().openMenu(copy3, { jobId: 123, status: 'Available' }, at, false)
    await stores.deleteJob.getState().runMenuAction('deleteJob')
    await stores.deleteJob.getState().confirm()
    await settle()
    expect(statuses()).toEqual(['Do Not Copy', 'Do Not Copy', 'Do Not Copy'])
    expect(stores.notices.getState().notices.at(-1)).toMatchObject({ message: 'Jobs 123, 124, 125 deleted from Copy_3.', severity: 'success' })
    stop()
  })
})
