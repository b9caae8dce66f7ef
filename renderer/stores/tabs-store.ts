/**
 * The right pane's tabs: the selected node's contents (always first), closable View Jobs and Job History tabs, the
 * Event Viewer, Job Controller and Alerts tabs, with the list each contents or jobs tab shows (server data) and its
 * sort (UI state).
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { ContentsTable } from '../../app/model/contents'
import type { ViewJobsFilter } from '../../app/model/copy-jobs'
import type { JobHistoryFilter } from '../../app/model/job-history'
import { viewJobsTitle } from '../../app/rules/view-jobs-filter'
import { jobHistoryTitle } from '../../app/rules/job-history'
import type { TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'
import { nextSort, type SortState } from '../format/cell-format'
import type { ReportError } from './connection-store'

/** What a tab shows. */
export type PaneTabKind = 'contents' | 'jobs' | 'events' | 'jobController' | 'alerts' | 'browse'

/** One tab of the right pane. */
export interface PaneTab {
  readonly id: string
  readonly kind: PaneTabKind
  readonly label: string
  /** The node a contents or jobs tab lists. */
  readonly node: TreeNode | null
  /** The CommCell's Job History tab: the Job History Filter its list follows (`jobs:history`). */
  readonly filter?: JobHistoryFilter
  /** A copy's View Jobs tab: the View Jobs filter its list follows (`node:jobs`); none lists every job. */
  readonly jobsFilter?: ViewJobsFilter
  readonly closable: boolean
}

/** The list shown by a contents or jobs tab. */
export interface ListState {
  readonly status: 'idle' | 'loading' | 'ready' | 'error'
  /** The last table loaded for this tab's node; kept while it reloads. */
  readonly table: ContentsTable | null
  readonly error: string | null
  readonly sort: SortState | null
}

/** The id of the always-present first tab. */
export const contentsTabId = 'contents'
/** The id of the Event Viewer tab. */
export const eventViewerTabId = 'events'
/** The id of the Job Controller tab. */
export const jobControllerTabId = 'jobController'
/** The id of the Alerts tab. */
export const alertsTabId = 'alerts'
/** The id of the Browse and Restore tab (one browse at a time). */
export const browseTabId = 'browse'

/** The id of a node's View Jobs tab. */
export function jobsTabId(nodeId: string): string {
  return `jobs:${nodeId}`
}

/** The tabs state and its actions. */
export interface TabsState {
  readonly tabs: readonly PaneTab[]
  readonly activeId: string
  readonly lists: Readonly<Record<string, ListState>>

  /** Shows a node in the contents tab (null shows nothing). */
  showNode(node: TreeNode | null): void
  /** Opens (or activates and reloads) the View Jobs tab of a storage policy or copy (a copy's keeps its filter), or a subclient's Backup History. */
  openJobs(node: TreeNode): void
  /** A copy's View Jobs through a View Jobs filter (opening its tab if needed). */
  filterJobs(node: TreeNode, filter: ViewJobsFilter): void
  /** Opens (or activates and reloads) the CommCell's Job History tab, listing the jobs the filter matches. */
  openJobHistory(node: TreeNode, filter: JobHistoryFilter): void
  /** Opens (or activates) the Event Viewer tab. */
  openEventViewer(): void
  /** Opens (or activates) the Job Controller tab. */
  openJobController(): void
  /** Opens (or activates) the Alerts tab. */
  openAlerts(): void
  /** Opens (or activates, relabelled) the Browse and Restore tab. */
  openBrowse(label: string): void
  /** Makes a tab the active one. */
  activate(id: string): void
  /** Closes a closable tab. */
  close(id: string): void
  /** Reloads a contents or jobs tab's list. */
  reload(id: string): Promise<void>
  /** Reloads the lists of tabs showing any of these nodes (`tree:changed`, Refresh). */
  reloadNodes(nodeIds: readonly string[]): Promise<void>
  /** Sorts a tab's list by a column (a second click reverses). */
  sortBy(id: string, key: string): void
  /** Adds the next page of a View Jobs or Job History list (older jobs) to what the tab shows. */
  loadMore(id: string): Promise<void>
}

/** How many jobs a View Jobs or Job History list asks for at once (the newest first). */
export const jobsPageSize = 2000

const emptyList: ListState = { status: 'idle', table: null, error: null, sort: null }

/** Creates the tabs store over the console api. */
export function createTabsStore(api: ConsoleApi, report: ReportError): StoreApi<TabsState> {
  const latestRequest = new Map<string, number>()
  let requestSeq = 0

  return createStore<TabsState>()((set, get) => {
    const updateList = (id: string, change: Partial<ListState>): void =>
      set((state) => {
        if (!state.tabs.some((tab) => tab.id === id)) return state
        return { lists: { ...state.lists, [id]: { ...(state.lists[id] ?? emptyList), ...change } } }
      })

    /** Fetches a tab's table; the latest request wins, an older answer arriving late is dropped. */
    const fetchInto = async (id: string, fetch: () => Promise<ContentsTable>): Promise<void> => {
      const seq = ++requestSeq
      latestRequest.set(id, seq)
      updateList(id, { status: 'loading', error: null })
      try {
        const table = await fetch()
        if (latestRequest.get(id) !== seq) return
        updateList(id, { status: 'ready', table, error: null })
      } catch (error) {
        if (latestRequest.get(id) !== seq) return
        updateList(id, { status: 'error', error: errorMessage(error) })
        report(error)
      } finally {
        if (latestRequest.get(id) === seq) latestRequest.delete(id)
      }
    }

    /** A page of a jobs tab's list: Job History through its filter, View Jobs by its node. */
    const jobsPage = (tab: PaneTab & { node: TreeNode }, offset: number): Promise<ContentsTable> =>
      tab.filter === undefined
        ? api.invoke('node:jobs', { nodeId: tab.node.id, limit: jobsPageSize, offset, ...(tab.jobsFilter === undefined ? {} : { filter: tab.jobsFilter }) })
        : api.invoke('jobs:history', { ...tab.filter, limit: jobsPageSize, offset })

    const load = async (id: string): Promise<void> => {
      const tab = get().tabs.find((candidate) => candidate.id === id)
      if (tab?.node == null || tab.kind === 'events' || tab.kind === 'jobController' || tab.kind === 'alerts') return
      const shown = { ...tab, node: tab.node }
      await fetchInto(id, () => (tab.kind === 'jobs' ? jobsPage(shown, 0) : api.invoke('node:contents', { nodeId: shown.node.id })))
    }

    const contentsTab = (node: TreeNode | null): PaneTab => ({
      id: contentsTabId,
      kind: 'contents',
      label: node?.name ?? 'Contents',
      node,
      closable: false,
    })

    return {
      tabs: [contentsTab(null)],
      activeId: contentsTabId,
      lists: {},

      showNode: (node) => {
        const current = get().tabs.find((tab) => tab.id === contentsTabId)?.node ?? null
        const sameNode = current?.id === node?.id
        set((state) => ({
          tabs: state.tabs.map((tab) => (tab.id === contentsTabId ? contentsTab(node) : tab)),
          // The same node again is the selected node reloaded (renamed, its alert raised or cleared): the tab the
          // administrator is looking at stays in front.
          activeId: sameNode ? state.activeId : contentsTabId,
          // A different node starts with an empty list in the server's order.
          lists: sameNode ? state.lists : { ...state.lists, [contentsTabId]: emptyList },
        }))
        if (!sameNode && node !== null) void load(contentsTabId)
      },
      openJobs: (node) => {
        const id = jobsTabId(node.id)
        set((state) => {
          const jobsFilter = state.tabs.find((candidate) => candidate.id === id)?.jobsFilter
          const label = node.kind === 'commcell' ? 'Job History' : node.kind === 'subclient' ? `Backup History of ${node.name}` : viewJobsTitle(node.name, jobsFilter)
          const tab: PaneTab = { id, kind: 'jobs', label, node, closable: true, ...(jobsFilter === undefined ? {} : { jobsFilter }) }
          const exists = state.tabs.some((candidate) => candidate.id === id)
          return {
            tabs: exists ? state.tabs.map((candidate) => (candidate.id === id ? tab : candidate)) : [...state.tabs, tab],
            activeId: id,
            lists: exists ? state.lists : { ...state.lists, [id]: emptyList },
          }
        })
        void load(id)
      },
      filterJobs: (node, jobsFilter) => {
        const id = jobsTabId(node.id)
        set((state) => {
          const tab: PaneTab = { id, kind: 'jobs', label: viewJobsTitle(node.name, jobsFilter), node, closable: true, jobsFilter }
          const exists = state.tabs.some((candidate) => candidate.id === id)
          return {
            tabs: exists ? state.tabs.map((candidate) => (candidate.id === id ? tab : candidate)) : [...state.tabs, tab],
            activeId: id,
            // Another filter's jobs are not shown while the new ones load; the sort stays.
            lists: { ...state.lists, [id]: { ...emptyList, sort: state.lists[id]?.sort ?? null } },
          }
        })
        void load(id)
      },
      openJobHistory: (node, filter) => {
        const id = jobsTabId(node.id)
        set((state) => {
          const tab: PaneTab = { id, kind: 'jobs', label: jobHistoryTitle(filter), node, closable: true, filter }
          const existing = state.tabs.find((candidate) => candidate.id === id)
          const sameFilter = existing?.filter !== undefined && JSON.stringify(existing.filter) === JSON.stringify(filter)
          return {
            tabs: existing !== undefined ? state.tabs.map((candidate) => (candidate.id === id ? tab : candidate)) : [...state.tabs, tab],
            activeId: id,
            // Another filter's jobs are not shown while the new ones load; the sort stays.
            lists: sameFilter ? state.lists : { ...state.lists, [id]: { ...emptyList, sort: state.lists[id]?.sort ?? null } },
          }
        })
        void load(id)
      },
      openEventViewer: () =>
        set((state) => {
          const exists = state.tabs.some((tab) => tab.id === eventViewerTabId)
          const tab: PaneTab = { id: eventViewerTabId, kind: 'events', label: 'Event Viewer', node: null, closable: true }
          return { tabs: exists ? state.tabs : [...state.tabs, tab], activeId: eventViewerTabId }
        }),
      openJobController: () =>
        set((state) => {
          const exists = state.tabs.some((tab) => tab.id === jobControllerTabId)
          const tab: PaneTab = { id: jobControllerTabId, kind: 'jobController', label: 'Job Controller', node: null, closable: true }
          return { tabs: exists ? state.tabs : [...state.tabs, tab], activeId: jobControllerTabId }
        }),
      openAlerts: () =>
        set((state) => {
          const exists = state.tabs.some((tab) => tab.id === alertsTabId)
          const tab: PaneTab = { id: alertsTabId, kind: 'alerts', label: 'Alerts', node: null, closable: true }
          return { tabs: exists ? state.tabs : [...state.tabs, tab], activeId: alertsTabId }
        }),
      openBrowse: (label) =>
        set((state) => {
          const tab: PaneTab = { id: browseTabId, kind: 'browse', label, node: null, closable: true }
          const exists = state.tabs.some((candidate) => candidate.id === browseTabId)
          return { tabs: exists ? state.tabs.map((candidate) => (candidate.id === browseTabId ? tab : candidate)) : [...state.tabs, tab], activeId: browseTabId }
        }),
      activate: (id) => {
        if (get().tabs.some((tab) => tab.id === id)) set({ activeId: id })
      },
      close: (id) =>
        set((state) => {
          const index = state.tabs.findIndex((tab) => tab.id === id)
          const tab = state.tabs[index]
          if (tab === undefined || !tab.closable) return state
          const tabs = state.tabs.filter((candidate) => candidate.id !== id)
          const lists = { ...state.lists }
          delete lists[id]
          latestRequest.delete(id)
          const neighbour = tabs[Math.min(index, tabs.length - 1)] ?? tabs[0]
          return { tabs, lists, activeId: state.activeId === id ? (neighbour?.id ?? contentsTabId) : state.activeId }
        }),
      reload: (id) => load(id),
      reloadNodes: async (nodeIds) => {
        const ids = new Set(nodeIds)
        await Promise.all(
          get()
            .tabs.filter((tab) => (tab.kind === 'contents' || tab.kind === 'jobs') && tab.node !== null && ids.has(tab.node.id))
            .map((tab) => load(tab.id)),
        )
      },
      sortBy: (id, key) => updateList(id, { sort: nextSort(get().lists[id]?.sort ?? null, key) }),
      loadMore: async (id) => {
        const tab = get().tabs.find((candidate) => candidate.id === id)
        const shown = get().lists[id]?.table
        if (tab?.kind !== 'jobs' || tab.node === null || !shown?.more) return
        const jobsTab = { ...tab, node: tab.node }
        await fetchInto(id, async () => {
          const next = await jobsPage(jobsTab, shown.rows.length)
          const known = new Set(shown.rows.map((row) => row.key))
          return { ...next, rows: [...shown.rows, ...next.rows.filter((row) => !known.has(row.key))] }
        })
      },
    }
  })
}
