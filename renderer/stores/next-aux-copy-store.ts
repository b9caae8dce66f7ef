/**
 * The next aux copy line of the secondary copy selected in the tree (`auxcopy:estimate` for that copy): the jobs and
 * bytes the next auxiliary copy would copy to it and how long that should take; asked when the copy is shown and each
 * time its list reloads (a backup or an aux copy ended).
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { NextAuxCopy } from '../../app/model/next-aux-copy'
import { errorMessage, isCommandError } from '../api/console-api'

/** One load of a copy's next aux copy. */
export interface NextAuxCopyView {
  readonly copyId: number
  readonly status: 'loading' | 'ready' | 'error'
  /** The last answer for this copy; null when no aux copy writes it (the primary copy, an inactive copy). */
  readonly data: NextAuxCopy | null
  readonly error: string | null
}

/** The copy view's next aux copy and its action. */
export interface NextAuxCopyState {
  readonly view: NextAuxCopyView | null
  /** Asks what the next aux copy would copy to a copy of a policy (the latest request wins). */
  load(storagePolicyId: number, copyId: number): Promise<void>
}

/** Creates the copy view's next aux copy store over the console api. */
export function createNextAuxCopyStore(api: ConsoleApi): StoreApi<NextAuxCopyState> {
  let loads = 0
  return createStore<NextAuxCopyState>()((set) => ({
    view: null,

    load: async (storagePolicyId, copyId) => {
      const load = ++loads
      set((state) => ({
        view: { copyId, status: 'loading', data: state.view?.copyId === copyId ? state.view.data : null, error: null },
      }))
      try {
        const { copies } = await api.invoke('auxcopy:estimate', { storagePolicyId, copyId })
        if (load === loads) set({ view: { copyId, status: 'ready', data: copies[0] ?? null, error: null } })
      } catch (error) {
        if (load !== loads) return
        // The primary copy and an inactive copy are refused by name: no aux copy writes them, so there is no line.
        const notATarget = isCommandError(error) && error.code === 'invalid_input' && error.field === 'copyId'
        set({ view: { copyId, status: notATarget ? 'ready' : 'error', data: null, error: notATarget ? null : errorMessage(error) } })
      }
    },
  }))
}
