import dayjs from 'dayjs'
import { describe, expect, test } from 'vitest'
import type { CommandInput } from '../../app/ipc/contract'
import type { ContentsTable } from '../../app/model/contents'
import type { JobDetails } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected } from '../api/console-api'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createConsoleStores } from './console-stores'
import { historyFilterOf } from './job-history-store'
import { jobsTabId } from './tabs-store'

const commcell: TreeNode = { id: 'commcell', kind: 'commcell', name: 'commserve01', hasChildren: true, detail: '' }
const now = Date.UTC(2025, 5, 15, 12)
const at = { top: 10, left: 10 }

/** A console whose CommServe answers Job History with one row per call, naming the filter it got. */
function makeConsole() {
  const asked: CommandInput<'jobs:history'>[] = []
  const api = fakeConsoleApi({
    'tree:children': () => ({ nodes: [] }),
    'jobs:historyForm': () => ({
      storagePolicies: [{ id: 1, name: 'SP_Default' }, { id: 2, name: 'SP_Finance' }],
      clients: [{ id: 1, name: 'localhost' }],
      now,
    }),
    'jobs:history': (input): ContentsTable => {
      asked.push(input)
      return {
        nodeId: 'commcell',
        title: 'Job History (filtered)',
        columns: [{ key: 'jobId', label: 'Job ID', format: 'number' }, { key: 'operation', label: 'Operation', format: 'text' }],
        rows: [{ key: '42', nodeId: null, cells: { jobId: 42, operation: input.operation ?? 'Backup' } }],
        more: false,
      }
    },
    'jobs:details': ({ jobId }) => ({ job: { jobId }, items: [], errors: [], availability: '', figures: null, deduplicated: false }) as unknown as JobDetails,
  })
  const stores = createConsoleStores(api, alwaysConnected)
  return { api, stores, asked }
}

describe('Job History', () => {
  test('the CommCell > Job History opens the filter with All everywhere; OK lists the matching jobs in a filtered tab', async () => {
    const { stores, asked } = makeConsole()
    stores.runAction('jobHistory', commcell)
    await settle()
    const session = stores.jobHistory.getState().session
    expect(session?.status).toBe('ready')
    expect(session?.values).toMatchObject({ operation: null, storagePolicyId: null, clientId: null, status: null, timeRange: 'all' })
    // Nothing is listed before OK.
    expect(stores.tabs.getState().tabs.map((tab) => tab.id)).not.toContain(jobsTabId('commcell'))

    stores.jobHistory.getState().setValue('operation', 'Auxiliary Copy')
    stores.jobHistory.getState().setValue('storagePolicyId', 2)
    stores.jobHistory.getState().submit()
    await settle()
    expect(stores.jobHistory.getState().session).toBeNull()
    expect(asked).toEqual([
      { operation: 'Auxiliary Copy', storagePolicyId: 2, clientId: null, status: null, timeRange: 'all', startTime: null, endTime: null, limit: 2000, offset: 0 },
    ])
    const tabs = stores.tabs.getState()
    expect(tabs.activeId).toBe(jobsTabId('commcell'))
    expect(tabs.tabs.at(-1)).toMatchObject({ label: 'Job History (filtered)', closable: true })
    expect(tabs.lists[jobsTabId('commcell')]?.table?.rows.map((row) => row.cells.operation)).toEqual(['Auxiliary Copy'])

    // Opened again, it offers the filter applied last; All everywhere titles the tab plainly and refreshes it.
    stores.runAction('jobHistory', commcell)
    await settle()
    expect(stores.jobHistory.getState().session?.values).toMatchObject({ operation: 'Auxiliary Copy', storagePolicyId: 2 })
    stores.jobHistory.getState().setValue('operation', null)
    stores.jobHistory.getState().setValue('storagePolicyId', null)
    stores.jobHistory.getState().submit()
    await settle()
    expect(stores.tabs.getState().tabs.filter((tab) => tab.id === jobsTabId('commcell'))).toEqual([
      expect.objectContaining({ label: 'Job History' }),
    ])
    expect(asked.at(-1)).toMatchObject({ operation: null, storagePolicyId: null })
  })

  test('Cancel lists nothing and changes nothing', async () => {
    const { stores, api } = makeConsole()
    stores.runAction('jobHistory', commcell)
    await settle()
    stores.jobHistory.getState().setValue('status', 'Failed')
    stores.jobHistory.getState().close()
    await settle()
    expect(stores.jobHistory.getState().session).toBeNull()
    expect(api.calls.map((call) => call.command)).toEqual(['jobs:historyForm'])
    expect(stores.tabs.getState().tabs.map((tab) => tab.id)).toEqual(['contents'])
  })

  test('Specify Time Range runs from the start of the Start Time day to the end of the End Time day; an End Time before it is said beside it', async () => {
    const { stores, asked } = makeConsole()
    stores.runAction('jobHistory', commcell)
    await settle()
    const history = stores.jobHistory.getState()
    // A week back to the CommServe's today by default.
    const values = history.session!.values
    expect(values.startDate?.format('YYYY-MM-DD')).toBe(dayjs(now).subtract(7, 'day').format('YYYY-MM-DD'))
    expect(values.endDate?.format('YYYY-MM-DD')).toBe(dayjs(now).format('YYYY-MM-DD'))
    history.setValue('timeRange', 'specify')
    history.setValue('endDate', dayjs(now).subtract(8, 'day'))
    history.submit()
    await settle()
    expect(asked).toEqual([])
    expect(stores.jobHistory.getState().session?.focus?.field).toBe('endTime')

    history.setValue('endDate', dayjs(now))
    history.submit()
    await settle()
    const startDay = dayjs(now).subtract(7, 'day')
    expect(asked).toEqual([
      expect.objectContaining({
        timeRange: 'specify', startTime: startDay.startOf('day').valueOf(), endTime: dayjs(now).endOf('day').valueOf(),
      }),
    ])
    expect(historyFilterOf({ ...values, timeRange: 'lastWeek' })).toMatchObject({ timeRange: 'lastWeek', startTime: null, endTime: null })
  })

  test("a Job History row's menu offers Details, which opens the Job Controller's Job Details dialog", async () => {
    const { stores, api } = makeConsole()
    stores.jobHistory.getState().openMenu(42, at, false)
    expect(stores.jobHistory.getState().menu?.items).toEqual([{ action: 'details', label: 'Details' }])
    stores.jobHistory.getState().runMenuAction('details')
    await settle()
    expect(stores.jobHistory.getState().menu).toBeNull()
    expect(stores.jobs.getState().details).toMatchObject({ jobId: 42, status: 'ready' })
    expect(api.calls.at(-1)).toEqual({ command: 'jobs:details', input: { jobId: 42 } })
  })
})
