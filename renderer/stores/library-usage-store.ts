/**
 * The storage use chart of the library selected in the tree (`libraries:usage`): a disk library's space per mount
 * path and its deduplicated copies' savings, a tape library's media by state; asked when the library is shown and
 * each time its list reloads.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { LibraryUsage } from '../../app/model/storage-use'
import { errorMessage } from '../api/console-api'

/** One load of a library's storage use. */
export interface LibraryUsageView {
  readonly libraryId: number
  readonly status: 'loading' | 'ready' | 'error'
  /** The last answer for this library; kept while it loads again, so the chart does not blink. */
  readonly data: LibraryUsage | null
  readonly error: string | null
}

/** The library storage chart's figures and their action. */
export interface LibraryUsageState {
  readonly view: LibraryUsageView | null
  /** Asks the library's storage use afresh (the latest request wins). */
  load(libraryId: number): Promise<void>
}

/** Creates the library storage chart's store over the console api. */
export function createLibraryUsageStore(api: ConsoleApi): StoreApi<LibraryUsageState> {
  let loads = 0
  return createStore<LibraryUsageState>()((set) => ({
    view: null,

    load: async (libraryId) => {
      const load = ++loads
      set((state) => ({
        view: { libraryId, status: 'loading', data: state.view?.libraryId === libraryId ? state.view.data : null, error: null },
      }))
      try {
        const data = await api.invoke('libraries:usage', { libraryId })
        if (load === loads) set({ view: { libraryId, status: 'ready', data, error: null } })
      } catch (error) {
        if (load === loads) set({ view: { libraryId, status: 'error', data: null, error: errorMessage(error) } })
      }
    },
  }))
}
