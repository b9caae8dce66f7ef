/**
 * Copy Properties > Verification: whether that tab is the one shown (it is no form page, so the copy dialog store's
 * tab does not hold it) and the copy's jobs with when each was last verified (`copies:verification`), loaded each
 * time the tab is opened.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { CopyVerificationData } from '../../app/model/jobs'
import { errorMessage } from '../api/console-api'

/** How many of the copy's jobs the tab lists (the newest). */
export const copyVerificationLimit = 500

/** One load of the tab. */
export interface CopyVerificationView {
  readonly copyId: number
  readonly status: 'loading' | 'ready' | 'error'
  readonly data: CopyVerificationData | null
  readonly error: string | null
}

/** The Verification tab's state and its actions. */
export interface CopyVerificationState {
  /** Whether Copy Properties shows its Verification tab rather than a form page. */
  readonly shown: boolean
  readonly view: CopyVerificationView | null
  /** Opens the tab on a copy and loads its jobs afresh. */
  show(copyId: number): Promise<void>
  /** Another tab was chosen (or a field with a problem is brought forward): the form pages show again. */
  hide(): void
  /** Copy Properties opened anew or closed. */
  reset(): void
}

/** Creates the Verification tab's store over the console api. */
export function createCopyVerificationStore(api: ConsoleApi): StoreApi<CopyVerificationState> {
  let loads = 0
  return createStore<CopyVerificationState>()((set) => ({
    shown: false,
    view: null,

    show: async (copyId) => {
      const load = ++loads
      set((state) => ({
        shown: true,
        // The rows of the last load stay while the new ones come, so the table does not blink.
        view: { copyId, status: 'loading', data: state.view?.copyId === copyId ? state.view.data : null, error: null },
      }))
      try {
        const data = await api.invoke('copies:verification', { copyId, limit: copyVerificationLimit, offset: 0 })
        if (load === loads) set({ view: { copyId, status: 'ready', data, error: null } })
      } catch (error) {
        if (load === loads) set({ view: { copyId, status: 'error', data: null, error: errorMessage(error) } })
      }
    },

    hide: () => set({ shown: false }),

    reset: () => {
      loads++
      set({ shown: false, view: null })
    },
  }))
}
