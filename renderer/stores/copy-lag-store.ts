/**
 * Copy lag charts above a secondary copy's list (its backlog over time, with the aux copy runs) and above a storage
 * policy's copy list (its copies side by side): the range shown (UI state, one for all charts) and each node's chart
 * (server data, one `copies:lag` or `policies:lag` request per load, the latest winning).
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { lagRanges, type CopyLagChart, type LagRangeKey } from '../../app/model/copy-lag'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'
import type { ReportError } from './connection-store'

/** One node's chart as loaded. */
export interface LagChartView {
  readonly status: 'loading' | 'ready' | 'error'
  /** The last chart loaded for the node; kept while it reloads. */
  readonly chart: CopyLagChart | null
  readonly error: string | null
}

/** The copy lag charts' state and actions. */
export interface CopyLagState {
  /** The range every chart shows, ending at the CommServe's time. */
  readonly range: LagRangeKey
  /** Each node's chart, by node id. */
  readonly charts: Readonly<Record<string, LagChartView>>
  /** Loads (or reloads) the chart of a copy or storage policy node for the current range. */
  load(node: TreeNode): Promise<void>
  /** Shows another range (the charts shown load again). */
  setRange(range: LagRangeKey): void
}

/** Whether a node has a copy lag chart: a copy (a primary one answers no series) or a storage policy. */
export function hasLagChart(node: TreeNode | null): node is TreeNode {
  return node?.kind === 'copy' || node?.kind === 'storagePolicy'
}

/** Creates the copy lag store over the console api; `now` is the CommServe's time (a test clock's where it stands). */
export function createCopyLagStore(api: ConsoleApi, options: { now: () => number; report: ReportError }): StoreApi<CopyLagState> {
  const latest = new Map<string, number>()
  let requests = 0
  return createStore<CopyLagState>()((set, get) => ({
    range: '24h',
    charts: {},

    load: async (node) => {
      const ref = parseNodeId(node.id)
      if (ref === undefined || (ref.kind !== 'copy' && ref.kind !== 'storagePolicy')) return
      const request = ++requests
      latest.set(node.id, request)
      const to = options.now()
      const from = to - lagRanges.find((range) => range.key === get().range)!.ms
      const update = (view: LagChartView) => {
        if (latest.get(node.id) === request) set((state) => ({ charts: { ...state.charts, [node.id]: view } }))
      }
      update({ status: 'loading', chart: get().charts[node.id]?.chart ?? null, error: null })
      try {
        const chart = ref.kind === 'copy'
          ? await api.invoke('copies:lag', { copyId: ref.id, from, to })
          : await api.invoke('policies:lag', { storagePolicyId: ref.id, from, to })
        update({ status: 'ready', chart, error: null })
      } catch (error) {
        update({ status: 'error', chart: null, error: errorMessage(error) })
        if (latest.get(node.id) === request) options.report(error)
      }
    },

    setRange: (range) => set({ range }),
  }))
}
