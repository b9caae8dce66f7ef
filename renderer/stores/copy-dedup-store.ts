/**
 * Copy Properties > Deduplication of an existing deduplicated copy: its DDB and the live figures its MediaAgent
 * counts (`copies:dedup`), asked when the dialog opens and again each time the tab is shown.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { DedupDetails } from '../../app/model/dedup'
import { errorMessage } from '../api/console-api'

/** One load of the figures. */
export interface CopyDedupView {
  readonly copyId: number
  readonly status: 'loading' | 'ready' | 'error'
  /** The last answer for this copy; kept while it loads again, so the figures do not blink. */
  readonly data: DedupDetails | null
  readonly error: string | null
}

/** The Deduplication tab's figures and their actions. */
export interface CopyDedupState {
  readonly view: CopyDedupView | null
  /** Asks the copy's DDB figures afresh. */
  load(copyId: number): Promise<void>
  /** Copy Properties opened anew or closed. */
  reset(): void
}

/** Creates the Deduplication tab's store over the console api. */
export function createCopyDedupStore(api: ConsoleApi): StoreApi<CopyDedupState> {
  let loads = 0
  return createStore<CopyDedupState>()((set) => ({
    view: null,

    load: async (copyId) => {
      const load = ++loads
      set((state) => ({
        view: { copyId, status: 'loading', data: state.view?.copyId === copyId ? state.view.data : null, error: null },
      }))
      try {
        const data = await api.invoke('copies:dedup', { copyId })
        if (load === loads) set({ view: { copyId, status: 'ready', data, error: null } })
      } catch (error) {
        if (load === loads) set({ view: { copyId, status: 'error', data: null, error: errorMessage(error) } })
      }
    },

    reset: () => {
      loads++
      set({ view: null })
    },
  }))
}
