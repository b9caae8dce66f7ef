/** The Alerts view: open alerts and those cleared lately, newest raised first, loaded with `alerts:list` and kept current with `alerts:changed`. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { AlertRecord } from '../../app/model/alerts'
import { errorMessage } from '../api/console-api'
import { nextSort, type SortState } from '../format/cell-format'
import type { ReportError } from './connection-store'

/** The alerts state and its actions. */
export interface AlertsState {
  readonly alerts: readonly AlertRecord[]
  /** Older alerts follow the ones loaded (Show older alerts loads the next page). */
  readonly more: boolean
  readonly status: 'idle' | 'loading' | 'ready' | 'error'
  readonly error: string | null
  /** The list's sort; null keeps newest raised first. */
  readonly sort: SortState | null
  /** Sorts by a column (a second click reverses). */
  sortBy(key: string): void
  /** Loads the list's first page. */
  load(): Promise<void>
  /** Adds the next page (older alerts) to what is listed. */
  loadMore(): Promise<void>
  /** Applies alerts raised or cleared (pushed by the CommServe). */
  apply(changed: readonly AlertRecord[]): void
}

/** Merges alerts by id (a later record of an alert replaces it), newest raised first. */
export function mergeAlerts(current: readonly AlertRecord[], incoming: readonly AlertRecord[]): AlertRecord[] {
  const byId = new Map<number, AlertRecord>()
  for (const alert of current) byId.set(alert.id, alert)
  for (const alert of incoming) byId.set(alert.id, alert)
  return [...byId.values()].sort((a, b) => b.raisedAt - a.raisedAt || b.id - a.id)
}

/** Creates the alerts store over the console api. */
export function createAlertsStore(api: ConsoleApi, report: ReportError): StoreApi<AlertsState> {
  return createStore<AlertsState>()((set, get) => {
    /** Reads a page after `offset`, merged into what is listed (a page read again replaces its alerts). */
    const fetchPage = async (offset: number, keep: readonly AlertRecord[]): Promise<void> => {
      set({ status: 'loading', error: null })
      try {
        const { alerts, more } = await api.invoke('alerts:list', { limit: alertsPageSize, offset })
        set({ alerts: mergeAlerts(keep, alerts), more, status: 'ready' })
      } catch (error) {
        set({ status: 'error', error: errorMessage(error) })
        report(error)
      }
    }
    return {
    alerts: [],
    more: false,
    status: 'idle',
    error: null,
    sort: null,
    sortBy: (key) => set((state) => ({ sort: nextSort(state.sort, key) })),
    load: () => fetchPage(0, []),
    loadMore: () => (get().more && get().status !== 'loading' ? fetchPage(get().alerts.length, get().alerts) : Promise.resolve()),
    apply: (changed) => set((state) => ({ alerts: mergeAlerts(state.alerts, changed) })),
    }
  })
}

/** How many alerts the Alerts view reads at once (the newest first). */
export const alertsPageSize = 1000
