import { describe, expect, test } from 'vitest'
import type { ContentsTable } from '../../app/model/contents'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected, type ConnectionMonitor, type ConnectionState } from '../api/console-api'
import { financeCopy, financeForm } from '../testing/copy-fixtures'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createConsoleStores } from './console-stores'
import { contentsTabId, jobControllerTabId, jobsTabId } from './tabs-store'

const commcell: TreeNode = { id: 'commcell', kind: 'commcell', name: 'CommCell', hasChildren: true, detail: '' }
const policies: TreeNode = { id: 'policies', kind: 'policies', name: 'Policies', hasChildren: true, detail: '' }
const finance: TreeNode = { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' }

const table = (nodeId: string, rows: number): ContentsTable => ({
  nodeId,
  title: nodeId,
  columns: [{ key: 'name', label: 'Name', format: 'text' }],
  rows: Array.from({ length: rows }, (_, index) => ({ key: String(index), nodeId: null, cells: { name: `row ${index}` } })),
  more: false,
})

function makeConsole() {
  let rows = 1
  const api = fakeConsoleApi({
    'commcell:info': () => ({ name: 'cc', commServe: 'cs', installKind: 'new', version: '11', dataDir: '/d', host: 'browser', testClock: false, now: 0 }),
    'tree:children': ({ nodeId }) => ({ nodes: nodeId === null ? [commcell] : nodeId === 'commcell' ? [policies] : [] }),
    'node:contents': ({ nodeId }) => table(nodeId, rows),
    'node:jobs': ({ nodeId, limit, offset }) => {
      if (nodeId === 'copy:404') throw { code: 'not_found', message: 'The storage policy copy does not exist.', field: 'nodeId' }
      if (nodeId !== 'copy:big') return table(nodeId, 3)
      // 4,500 jobs in pages: keys count from the offset, so a page appended twice would show.
      const all = Array.from({ length: 4500 }, (_, index) => ({ key: String(index), nodeId: null, cells: { name: `job ${index}` } }))
      return { ...table(nodeId, 0), rows: all.slice(offset, offset + limit), more: offset + limit < all.length }
    },
    'node:properties': ({ nodeId }) => ({ nodeId, title: 'SP_Finance Properties', tabs: [{ label: 'General', fields: [], table: null }] }),
  })
  const stores = createConsoleStores(api, alwaysConnected)
  return { api, stores, setRows: (count: number) => (rows = count) }
}

/**
 * A console whose tree holds Policies > Storage Policies > SP_Finance, whose SP_Finance children answer only when the
 * test releases them, and whose Create New Copy creates Copy_3 (the CommServe asks nothing).
 */
async function consoleCreatingCopy3() {
  const storagePolicies: TreeNode = { id: 'storagePolicies', kind: 'storagePolicies', name: 'Storage Policies', hasChildren: true, detail: '' }
  const copy3: TreeNode = { id: 'copy:12', kind: 'copy', name: 'Copy_3', hasChildren: false, detail: '' }
  let release = (): void => undefined
  const financeChildren = new Promise<void>((resolve) => (release = resolve))
  const children: Record<string, TreeNode[]> = { commcell: [policies], policies: [storagePolicies], storagePolicies: [finance] }
  const api = fakeConsoleApi({
    'commcell:info': () => ({ name: 'cc', commServe: 'cs', installKind: 'new', version: '11', dataDir: '/d', host: 'browser', testClock: false, now: 0 }),
    'tree:children': async ({ nodeId }) => {
      if (nodeId === null) return { nodes: [commcell] }
      if (nodeId === finance.id) await financeChildren
      return { nodes: nodeId === finance.id ? [copy3] : (children[nodeId] ?? []) }
    },
    'node:contents': ({ nodeId }) => table(nodeId, 1),
    'copies:form': () => financeForm(),
    'copies:create': () => financeCopy({ id: 12, name: 'Copy_3' }),
  })
  const stores = createConsoleStores(api, alwaysConnected)
  stores.start()
  await settle()
  for (const id of ['commcell', 'policies', 'storagePolicies']) await stores.tree.getState().loadChildren(id)
  await stores.copyDialog.getState().openCreate(finance)
  stores.copyDialog.getState().setValue('libraryId', 2)
  await stores.copyDialog.getState().submit()
  return { stores, release }
}

describe('console stores', () => {
  test('Create New Copy selects the new copy once the tree has loaded it, unless the user selected another node meanwhile', async () => {
    const quiet = await consoleCreatingCopy3()
    quiet.release()
    await settle()
    expect(quiet.stores.tree.getState().selected?.id).toBe('copy:12')

    const busy = await consoleCreatingCopy3()
    // While SP_Finance's children load, the administrator clicks Policies: that click stays the selection.
    busy.stores.tree.getState().select(policies)
    busy.release()
    await settle()
    expect(busy.stores.tree.getState().selected?.id).toBe('policies')
  })

  test('View Jobs shows the first page of jobs and Show older jobs adds the next pages, each job once', async () => {
    const { api, stores } = makeConsole()
    const big: TreeNode = { id: 'copy:big', kind: 'copy', name: 'Copy_2', hasChildren: false, detail: '' }
    stores.tabs.getState().openJobs(big)
    await settle()
    const id = jobsTabId('copy:big')
    const pageOf = () => stores.tabs.getState().lists[id]?.table
    expect(pageOf()?.rows).toHaveLength(2000)
    expect(pageOf()?.more).toBe(true)
    await stores.tabs.getState().loadMore(id)
    expect(pageOf()?.rows).toHaveLength(4000)
    await stores.tabs.getState().loadMore(id)
    expect(pageOf()?.rows).toHaveLength(4500)
    expect(new Set(pageOf()?.rows.map((row) => row.key)).size).toBe(4500)
    expect(pageOf()?.more).toBe(false)
    // Nothing more to load: no further request.
    await stores.tabs.getState().loadMore(id)
    expect(api.calls.filter((call) => call.command === 'node:jobs').map((call) => (call.input as { offset: number }).offset)).toEqual([0, 2000, 4000])
  })

  test('on start the CommCell is selected and its contents fill the first tab, named after it', async () => {
    const { stores } = makeConsole()
    stores.start()
    await settle()
    const tabs = stores.tabs.getState()
    expect(tabs.tabs[0]).toMatchObject({ id: contentsTabId, label: 'CommCell' })
    expect(tabs.lists[contentsTabId]?.table?.nodeId).toBe('commcell')
    expect(stores.connection.getState().info?.name).toBe('cc')
  })

  test('tree:changed for the selected node reloads its children and its contents', async () => {
    const { api, stores, setRows } = makeConsole()
    stores.start()
    await settle()
    setRows(4)
    api.emit('tree:changed', { nodeIds: ['commcell'] })
    await settle()
    expect(stores.tabs.getState().lists[contentsTabId]?.table?.rows).toHaveLength(4)
    expect(api.calls.filter((call) => call.command === 'tree:children')).toHaveLength(3)
  })

  test('menu actions open View Jobs as a closable tab and Properties as a dialog', async () => {
    const { stores } = makeConsole()
    stores.start()
    await settle()
    stores.runAction('viewJobs', finance)
    stores.runAction('properties', finance)
    await settle()
    const tabs = stores.tabs.getState()
    expect(tabs.activeId).toBe(jobsTabId(finance.id))
    expect(tabs.tabs.at(-1)).toMatchObject({ label: 'Jobs for SP_Finance', closable: true })
    expect(tabs.lists[jobsTabId(finance.id)]?.table?.rows).toHaveLength(3)
    expect(stores.dialogs.getState().properties?.sheet?.title).toBe('SP_Finance Properties')
    stores.tabs.getState().close(jobsTabId(finance.id))
    expect(stores.tabs.getState().activeId).toBe(contentsTabId)
  })

  test('a failed command becomes a notice and an error in its tab', async () => {
    const { stores } = makeConsole()
    stores.start()
    await settle()
    stores.tabs.getState().openJobs({ ...finance, id: 'copy:404', kind: 'copy', name: 'Gone' })
    await settle()
    expect(stores.notices.getState().notices.map((notice) => notice.message)).toEqual([
      'The storage policy copy does not exist.',
    ])
    expect(stores.tabs.getState().lists[jobsTabId('copy:404')]).toMatchObject({
      status: 'error',
      error: 'The storage policy copy does not exist.',
    })
  })
})

describe('console stores: jobs', () => {
  const jobRow = (jobId: number, progress: number) => ({
    jobId, operation: 'Backup' as const, client: 'localhost / File System / finance', storagePolicy: 'SP_Finance', copy: 'Primary',
    backupType: 'Full' as const, status: 'Running' as const, phase: 'Backup', progress, bytesDone: 1, bytesTotal: 2, throughput: 1,
    startTime: 1, endTime: null, reason: '', description: '', schedule: '',
  })
  const subclient: TreeNode = { id: 'subclient:2', kind: 'subclient', name: 'finance', hasChildren: false, detail: '' }

  test('a backup started from its dialog says so and shows in the Job Controller, kept live by jobs:progress', async () => {
    const api = fakeConsoleApi({
      'tree:children': () => ({ nodes: [] }),
      'backup:run': () => ({ jobId: 120 }),
      'jobs:list': () => ({ jobs: [jobRow(120, 0)] }),
    })
    const stores = createConsoleStores(api, alwaysConnected)
    const stop = stores.start()
    stores.runAction('backup', subclient)
    expect(stores.backupDialog.getState().session?.backupType).toBe('Incremental')
    stores.backupDialog.getState().setBackupType('Full')
    await stores.backupDialog.getState().submit()
    await settle()
    expect(api.calls.find((call) => call.command === 'backup:run')?.input).toEqual({ subclientId: 2, backupType: 'Full' })
    expect(stores.notices.getState().notices.at(-1)).toMatchObject({ message: 'Backup job 120 of finance started.', severity: 'success' })
    expect(stores.tabs.getState().activeId).toBe(jobControllerTabId)
    expect(stores.jobs.getState().jobs[120]?.progress).toBe(0)
    api.emit('jobs:progress', { jobs: [jobRow(120, 60)] })
    expect(stores.jobs.getState().jobs[120]?.progress).toBe(60)
    stop()
  })

  test('a reconnection reloads the Job Controller once it was opened (progress pushed meanwhile was lost)', async () => {
    const api = fakeConsoleApi({
      'commcell:info': () => {
        throw { code: 'unavailable', message: 'down' }
      },
      'tree:children': () => ({ nodes: [] }),
      'jobs:list': () => ({ jobs: [jobRow(7, 10)] }),
    })
    let state: ConnectionState = 'connected'
    const listeners = new Set<(next: ConnectionState) => void>()
    const monitor: ConnectionMonitor = {
      getState: () => state,
      subscribe: (listener) => {
        listeners.add(listener)
        return () => listeners.delete(listener)
      },
    }
    const move = (next: ConnectionState): void => {
      state = next
      for (const listener of listeners) listener(next)
    }
    const stores = createConsoleStores(api, monitor)
    const stop = stores.start()
    stores.openJobController()
    await settle()
    const lists = () => api.calls.filter((call) => call.command === 'jobs:list').length
    expect(lists()).toBe(1)
    move('disconnected')
    move('connected')
    await settle()
    expect(lists()).toBe(2)
    stop()
  })
})

