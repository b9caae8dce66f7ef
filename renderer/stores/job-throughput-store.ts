/**
 * Job Details > Throughput: the open job's throughput over time (`jobs:throughput`, all its samples in one
 * request), reloaded while the job runs (the dialog asks at most once a second, and never while a load is on its
 * way), and whether its figures table is shown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { JobThroughput } from '../../app/model/jobs'
import { errorMessage } from '../api/console-api'

/** How often Job Details reloads a running job's throughput. */
export const throughputRefreshMs = 1_000

/** The throughput section's state and its actions. */
export interface JobThroughputState {
  /** The job shown; null while no Job Details is open. */
  readonly jobId: number | null
  /** Its last samples; kept while they reload, so the chart does not blink. */
  readonly data: JobThroughput | null
  readonly error: string | null
  /** Whether the figures behind the chart show as a table. */
  readonly figuresShown: boolean
  /** Loads a job's samples (a second call while one is on its way for the same job is skipped). */
  load(jobId: number): Promise<void>
  showFigures(shown: boolean): void
  /** Job Details closed: forget the job. */
  reset(): void
}

/** Creates the throughput section's store over the console api. */
export function createJobThroughputStore(api: ConsoleApi): StoreApi<JobThroughputState> {
  let loads = 0
  let inFlight: number | null = null
  return createStore<JobThroughputState>()((set, get) => ({
    jobId: null,
    data: null,
    error: null,
    figuresShown: false,

    load: async (jobId) => {
      if (inFlight === jobId) return
      const load = ++loads
      inFlight = jobId
      if (get().jobId !== jobId) set({ jobId, data: null, error: null, figuresShown: false })
      try {
        const data = await api.invoke('jobs:throughput', { jobId })
        if (load === loads) set({ data, error: null })
      } catch (error) {
        if (load === loads) set({ error: errorMessage(error) })
      } finally {
        if (load === loads) inFlight = null
      }
    },

    showFigures: (shown) => set({ figuresShown: shown }),

    reset: () => {
      loads++
      inFlight = null
      set({ jobId: null, data: null, error: null, figuresShown: false })
    },
  }))
}
