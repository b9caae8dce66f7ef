/** Right-click the CommCell > All Tasks > Data Aging: the question, then `dataAging:run`. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { errorMessage } from '../api/console-api'

/** The open question: asked, starting the job, or refused with the reason (one running already). */
export interface DataAgingQuestion {
  readonly status: 'ready' | 'starting'
  readonly error: string | null
}

/** The Data Aging question's state and actions. */
export interface DataAgingState {
  readonly question: DataAgingQuestion | null
  open(): void
  /** Starts the Data Aging job. */
  confirm(): Promise<void>
  /** Cancel / Escape. */
  close(): void
}

/** Creates the Data Aging store over the console api; `onStarted` says so and shows the Job Controller. */
export function createDataAgingStore(api: ConsoleApi, onStarted: (jobId: number) => void): StoreApi<DataAgingState> {
  return createStore<DataAgingState>()((set, get) => ({
    question: null,
    open: () => set({ question: { status: 'ready', error: null } }),
    confirm: async () => {
      if (get().question?.status !== 'ready') return
      set({ question: { status: 'starting', error: null } })
      try {
        const { jobId } = await api.invoke('dataAging:run', {})
        set({ question: null })
        onStarted(jobId)
      } catch (error) {
        set({ question: { status: 'ready', error: errorMessage(error) } })
      }
    },
    close: () => set({ question: null }),
  }))
}
