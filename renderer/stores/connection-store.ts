/** The connection to the CommServe: its state (for the status bar and the banner) and the CommCell it serves. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { CommCellInfo } from '../../app/model/commcell'
import type { ConnectionState } from '../api/console-api'

/** Reports a failed command to the user. */
export type ReportError = (error: unknown) => void

/** The connection state and its actions. */
export interface ConnectionStoreState {
  readonly state: ConnectionState
  /** Whether the console was connected at least once (a later drop is a disconnection, not a start). */
  readonly everConnected: boolean
  readonly info: CommCellInfo | null
  /** This machine's time when `info` arrived (with `info.now`, the CommServe clock's offset from this one). */
  readonly infoAt: number
  /** Records a new transport state. */
  setState(state: ConnectionState): void
  /** Fetches `commcell:info`. */
  loadInfo(): Promise<void>
}

/** Creates the connection store. */
export function createConnectionStore(
  api: ConsoleApi,
  initial: ConnectionState,
  report: ReportError,
): StoreApi<ConnectionStoreState> {
  return createStore<ConnectionStoreState>()((set) => ({
    state: initial,
    everConnected: initial === 'connected',
    info: null,
    infoAt: 0,
    setState: (state) => set((current) => ({ state, everConnected: current.everConnected || state === 'connected' })),
    loadInfo: async () => {
      try {
        const info = await api.invoke('commcell:info', {})
        set({ info, infoAt: Date.now() })
      } catch (error) {
        report(error)
      }
    },
  }))
}
