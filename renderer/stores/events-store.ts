/** The Event Viewer's entries, newest first: loaded with `events:list` and kept current with `events:new`. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { EventRecord } from '../../app/model/events'
import { errorMessage } from '../api/console-api'
import { nextSort, type SortState } from '../format/cell-format'
import type { ReportError } from './connection-store'

/** How many entries the Event Viewer asks for when it opens. */
export const eventViewerLimit = 200
/** The most entries kept in memory (the oldest live ones are dropped beyond it). */
export const eventViewerMaxEntries = 5000

/** The events state and its actions. */
export interface EventsState {
  readonly events: readonly EventRecord[]
  readonly status: 'idle' | 'loading' | 'ready' | 'error'
  readonly error: string | null
  /** The list's sort; null keeps newest first. */
  readonly sort: SortState | null
  /** Sorts by a column (a second click reverses). */
  sortBy(key: string): void
  /** Loads the newest entries, merging with any that arrived live meanwhile. */
  load(): Promise<void>
  /** Adds one entry pushed by the main process. */
  add(event: EventRecord): void
}

/** Merges entries by id, newest (highest id) first, without duplicates. */
export function mergeEvents(current: readonly EventRecord[], incoming: readonly EventRecord[]): EventRecord[] {
  const byId = new Map<number, EventRecord>()
  for (const event of current) byId.set(event.id, event)
  for (const event of incoming) byId.set(event.id, event)
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, eventViewerMaxEntries)
}

/** Creates the events store over the console api. */
export function createEventsStore(api: ConsoleApi, report: ReportError): StoreApi<EventsState> {
  return createStore<EventsState>()((set, get) => ({
    events: [],
    status: 'idle',
    error: null,
    sort: null,
    sortBy: (key) => set((state) => ({ sort: nextSort(state.sort, key) })),
    load: async () => {
      set({ status: 'loading', error: null })
      try {
        const { events } = await api.invoke('events:list', { limit: eventViewerLimit, beforeId: null })
        set((state) => ({ events: mergeEvents(state.events, events), status: 'ready' }))
      } catch (error) {
        set({ status: 'error', error: errorMessage(error) })
        report(error)
      }
    },
    add: (event) => {
      const { events } = get()
      if (events.some((existing) => existing.id === event.id)) return
      const first = events[0]
      // Live entries are nearly always the newest: prepend without re-sorting.
      const next = first === undefined || event.id > first.id ? [event, ...events] : mergeEvents(events, [event])
      set({ events: next.length > eventViewerMaxEntries ? next.slice(0, eventViewerMaxEntries) : next })
    },
  }))
}
