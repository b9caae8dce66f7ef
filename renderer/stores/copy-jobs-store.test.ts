import dayjs from 'dayjs'
import { describe, expect, test, vi } from 'vitest'
import { retainIndefinitely, type DeleteJobResult } from '../../app/model/copy-jobs'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected } from '../api/console-api'
import { financeCopy } from '../testing/copy-fixtures'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createConsoleStores } from './console-stores'
import { createCopyJobsStore, deleteJobQuestion, deletedJobsNotice, markQuestion, retainVisibleProblem, type SelectedJobRow } from './copy-jobs-store'
import { viewJobsVisibleProblem } from './view-jobs-filter-store'

const at = { top: 10, left: 10 }
const copy3: TreeNode = { id: 'copy:12', kind: 'copy', name: 'Copy_3', hasChildren: false, detail: '' }
const primary: TreeNode = { id: 'copy:10', kind: 'copy', name: 'Primary', hasChildren: false, detail: '' }
const chain = [
  { jobId: 123, backupType: 'Full', dependent: false },
  { jobId: 124, backupType: 'Incremental', dependent: true },
  { jobId: 125, backupType: 'Incremental', dependent: true },
]
const row = (jobId: number, status: SelectedJobRow['status'], retained = false): SelectedJobRow => ({ jobId, backupType: jobId === 123 ? 'Full' : 'Incremental', status, retained })

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
    const store = createCopyJobsStore(commServe(), { report: vi.fn(), onChanged: vi.fn() })
    const labels = () => store.getState().menu?.items.map((item) => item.label)
    await store.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
    expect(store.getState().menu).toMatchObject({ jobId: 123, copy: { copyId: 12, storagePolicyId: 2, name: 'Copy_3', primary: false } })
    expect(labels()).toContain('Delete')
    await store.getState().openMenu(copy3, 124, [row(124, 'To Be Copied')], at, false)
    expect(labels()).not.toContain('Delete')
    await store.getState().openMenu(primary, 123, [row(123, 'Available')], at, false)
    expect(labels()).not.toContain('Delete')
    await store.getState().openMenu(copy3, 124, [row(124, 'Aged')], at, false)
    expect(store.getState().menu).toBeNull()
  })

  test('Delete first asks what would go, names it in the question, then deletes and tells the console', async () => {
    const api = commServe()
    const onDeleted = vi.fn()
    const store = createCopyJobsStore(api, { report: vi.fn(), onChanged: onDeleted })
    await store.getState().openMenu(copy3, 123, [row(123, 'Bad')], at, false)
    await store.getState().runMenuAction('deleteJob')
    expect(store.getState().menu).toBeNull()
    const confirmation = store.getState().confirmation!
    expect(confirmation).toMatchObject({ status: 'ready', copyName: 'Copy_3', jobs: chain, error: null })
    expect(api.calls.at(-1)).toEqual({ command: 'copies:deleteJob', input: { copyId: 12, backupJobIds: [123], confirm: false } })
    expect(deleteJobQuestion(confirmation.copyName, confirmation.jobs)).toBe(
      'Delete job 123 (Full) from Copy_3? Jobs 124 (Incremental), 125 (Incremental) restore through it and are deleted too. ' +
        "Their data is removed from the copy's mount path; this cannot be undone.",
    )

    await store.getState().confirm()
    expect(api.calls.at(-1)).toEqual({ command: 'copies:deleteJob', input: { copyId: 12, backupJobIds: [123], confirm: true } })
    expect(store.getState().confirmation).toBeNull()
    expect(onDeleted).toHaveBeenCalledWith('Jobs 123, 124, 125 deleted from Copy_3.', expect.objectContaining({ copyId: 12, node: copy3 }))
    expect(deletedJobsNotice({ deleted: true, copy: 'Copy_3', jobs: chain })).toBe('Jobs 123, 124, 125 deleted from Copy_3.')
  })

  test('a job alone is named alone', () => {
    expect(deleteJobQuestion('Copy_3', [{ ...chain[2]!, dependent: false }])).toBe(
      "Delete job 125 (Incremental) from Copy_3? Its data is removed from the copy's mount path; this cannot be undone.",
    )
    expect(deleteJobQuestion('Copy_3', chain.slice(0, 2))).toContain('Job 124 (Incremental) restores through it and is deleted too.')
    expect(deletedJobsNotice({ deleted: true, copy: 'Copy_3', jobs: [chain[2]!] })).toBe('Job 125 deleted from Copy_3.')
    expect(deleteJobQuestion('Copy_3', [chain[0]!, { jobId: 130, backupType: 'Full', dependent: false }, chain[1]!])).toBe(
      "Delete jobs 123 (Full), 130 (Full) from Copy_3? Job 124 (Incremental) restores through them and is deleted too. Their data is removed from the copy's mount path; this cannot be undone.",
    )
  })

  test('a refused Delete keeps the question open, saying why, and can be tried again; a failed question is reported', async () => {
    let busy = true
    const api = commServe(() => {
      if (busy) throw { code: 'conflict', message: 'Job 300 (Auxiliary Copy) is using Copy_3; delete after it ends.', field: 'copyId' }
      return { deleted: true, copy: 'Copy_3', jobs: chain }
    })
    const onDeleted = vi.fn()
    const store = createCopyJobsStore(api, { report: vi.fn(), onChanged: onDeleted })
    await store.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
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
        throw { code: 'invalid_input', message: 'Job 123 has no data on Copy_3 (it is Do Not Copy there).', field: 'backupJobIds' }
      },
    })
    const other = createCopyJobsStore(refusing, { report, onChanged: onDeleted })
    await other.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
    await other.getState().runMenuAction('deleteJob')
    expect(other.getState().confirmation).toBeNull()
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_input' }))
  })

  test('a menu closed before the copy was read stays closed; a question cancelled before its answer stays closed', async () => {
    const store = createCopyJobsStore(commServe(), { report: vi.fn(), onChanged: vi.fn() })
    const pending = store.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
    store.getState().closeMenu()
    await pending
    expect(store.getState().menu).toBeNull()

    await store.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
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

    await stores.copyJobs.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
    await stores.copyJobs.getState().runMenuAction('deleteJob')
    await stores.copyJobs.getState().confirm()
    await settle()
    expect(statuses()).toEqual(['Do Not Copy', 'Do Not Copy', 'Do Not Copy'])
    expect(stores.notices.getState().notices.at(-1)).toMatchObject({ message: 'Jobs 123, 124, 125 deleted from Copy_3.', severity: 'success' })
    stop()
  })
})

describe("a copy's View Jobs: marks on the selected jobs", () => {
  /** A CommServe answering marks as asked: each job in the state the action leads to. */
  function marking() {
    return fakeConsoleApi({
      'copies:get': ({ copyId }) => financeCopy(copyId === 10 ? { id: 10, name: 'Primary', copyType: 'primary' } : { id: copyId, name: 'Copy_3' }),
      'commcell:info': () => ({ name: 'cc', commServe: 'cs', installKind: 'new', version: '11', dataDir: '/d', host: 'browser', testClock: true, now: Date.UTC(2026, 10, 30, 12) }),
      'copies:markJobs': ({ jobIds, action, retainUntil }) => ({
        copy: 'Copy_3', action, jobs: jobIds.map((jobId) => ({ jobId, status: action === 'doNotCopy' ? 'Do Not Copy' : 'Available', retainUntil })),
      }),
    })
  }

  test('two selected jobs get the items that apply to both; Do Not Copy marks both at once and says so', async () => {
    const api = marking()
    const onChanged = vi.fn()
    const store = createCopyJobsStore(api, { report: vi.fn(), onChanged })
    await store.getState().openMenu(copy3, 124, [row(124, 'To Be Copied'), row(125, 'Partially Copied')], at, false)
    expect(store.getState().menu?.items.map((item) => item.label)).toEqual(['Do Not Copy'])
    await store.getState().runMenuAction('doNotCopy')
    expect(api.calls.at(-1)).toEqual({ command: 'copies:markJobs', input: { copyId: 12, jobIds: [124, 125], action: 'doNotCopy', retainUntil: null } })
    expect(onChanged).toHaveBeenCalledWith('Jobs 124, 125 marked Do Not Copy on Copy_3.', expect.objectContaining({ copyId: 12 }))

    await store.getState().openMenu(primary, 123, [row(123, 'Available')], at, false)
    expect(store.getState().menu?.items.map((item) => item.label)).toEqual(['Retain Job', 'Mark Job Bad'])
  })

  test('Copy Again of an Available job and Mark Job Bad ask first; Copy Again of Do Not Copy jobs does not', async () => {
    const api = marking()
    const onChanged = vi.fn()
    const store = createCopyJobsStore(api, { report: vi.fn(), onChanged })
    await store.getState().openMenu(copy3, 123, [row(123, 'Available'), row(124, 'Do Not Copy')], at, false)
    await store.getState().runMenuAction('copyAgain')
    const confirmation = store.getState().markConfirmation!
    expect(markQuestion(confirmation)).toBe(
      'Copy jobs 123 (Full), 124 (Incremental) again to Copy_3? Their data on the copy is removed now, and the next auxiliary copy copies them again.',
    )
    expect(api.calls.some((call) => call.command === 'copies:markJobs')).toBe(false)
    await store.getState().confirmMark()
    expect(store.getState().markConfirmation).toBeNull()
    expect(onChanged).toHaveBeenCalledWith('Jobs 123, 124 will be copied again to Copy_3 by the next auxiliary copy.', expect.anything())

    await store.getState().openMenu(copy3, 124, [row(124, 'Do Not Copy')], at, false)
    await store.getState().runMenuAction('copyAgain')
    expect(store.getState().markConfirmation).toBeNull()
    expect(api.calls.at(-1)).toMatchObject({ command: 'copies:markJobs', input: { jobIds: [124], action: 'copyAgain' } })

    await store.getState().openMenu(primary, 123, [row(123, 'Available')], at, false)
    await store.getState().runMenuAction('markBad')
    expect(markQuestion(store.getState().markConfirmation!)).toBe('Mark job 123 (Full) bad on Primary? It is no longer restored or copied from the primary copy.')
  })

  test('Retain Job asks for a date later than the CommServe today, or indefinitely', async () => {
    const api = marking()
    const onChanged = vi.fn()
    const store = createCopyJobsStore(api, { report: vi.fn(), onChanged })
    await store.getState().openMenu(copy3, 123, [row(123, 'Available')], at, false)
    await store.getState().runMenuAction('retain')
    const now = Date.UTC(2026, 10, 30, 12)
    expect(store.getState().retain).toMatchObject({ now, indefinitely: false, touched: false })
    store.getState().setRetainDate(dayjs(now).subtract(2, 'day'))
    expect(retainVisibleProblem(store.getState().retain!)).toMatch(/^Retain Job Until must be later than the CommServe's time/)
    await store.getState().submitRetain()
    expect(api.calls.some((call) => call.command === 'copies:markJobs')).toBe(false)

    const until = dayjs(now).add(10, 'day')
    store.getState().setRetainDate(until)
    await store.getState().submitRetain()
    expect(api.calls.at(-1)).toEqual({ command: 'copies:markJobs', input: { copyId: 12, jobIds: [123], action: 'retain', retainUntil: until.endOf('day').valueOf() } })
    expect(store.getState().retain).toBeNull()
    expect(onChanged).toHaveBeenLastCalledWith(`Job 123 retained on Copy_3 until ${until.format('YYYY-MM-DD')}.`, expect.anything())

    await store.getState().openMenu(copy3, 123, [row(123, 'Available', true)], at, false)
    expect(store.getState().menu?.items.map((item) => item.label)).toContain('Do Not Retain Job')
    await store.getState().runMenuAction('retain')
    store.getState().setIndefinitely(true)
    await store.getState().submitRetain()
    expect(api.calls.at(-1)).toMatchObject({ input: { action: 'retain', retainUntil: retainIndefinitely } })
    expect(onChanged).toHaveBeenLastCalledWith('Job 123 retained on Copy_3 indefinitely.', expect.anything())
  })

  test('the View Jobs filter lists the copy through it; a specified range out of order is refused beside End Time', async () => {
    const api = fakeConsoleApi({
      'tree:children': () => ({ nodes: [] }),
      'commcell:info': () => ({ name: 'cc', commServe: 'cs', installKind: 'new', version: '11', dataDir: '/d', host: 'browser', testClock: true, now: Date.UTC(2026, 10, 30, 12) }),
      'node:jobs': ({ nodeId }) => ({ nodeId, title: 'Jobs for SP_Finance / Copy_3', columns: [], rows: [], more: false }),
    })
    const stores = createConsoleStores(api, alwaysConnected)
    const stop = stores.start()
    stores.runAction('viewJobs', copy3)
    await settle()
    await stores.viewJobsFilter.getState().open(copy3, stores.tabs.getState().tabs.find((tab) => tab.id === 'jobs:copy:12')?.jobsFilter)
    const filter = stores.viewJobsFilter.getState()
    filter.setValue('backupType', 'Full')
    filter.setValue('timeRange', 'specify')
    filter.setValue('startDate', dayjs(Date.UTC(2026, 10, 20)))
    filter.setValue('endDate', dayjs(Date.UTC(2026, 10, 10)))
    filter.submit()
    expect(viewJobsVisibleProblem(stores.viewJobsFilter.getState().session!, 'endTime')).toBe('End Time cannot be before Start Time.')
    filter.setValue('endDate', dayjs(Date.UTC(2026, 10, 25)))
    filter.submit()
    await settle()
    expect(stores.viewJobsFilter.getState().session).toBeNull()
    const tab = stores.tabs.getState().tabs.find((candidate) => candidate.id === 'jobs:copy:12')!
    expect(tab.label).toBe('Jobs for Copy_3 (filtered)')
    expect(api.calls.at(-1)).toMatchObject({
      command: 'node:jobs',
      input: { nodeId: 'copy:12', filter: { backupType: 'Full', status: null, timeRange: 'specify', startTime: dayjs(Date.UTC(2026, 10, 20)).startOf('day').valueOf() } },
    })
    // View Jobs again keeps the filter.
    stores.runAction('viewJobs', copy3)
    await settle()
    expect(api.calls.at(-1)).toMatchObject({ command: 'node:jobs', input: { filter: { backupType: 'Full' } } })
    stop()
  })
})

