/**
 * The CommServe's encryption keys as the console sees them: asked once the console starts; while they are locked
 * (a passphrase is set and was not given since the CommServe started) the Unlock Encryption Keys dialog asks for it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { KeyState } from '../../app/model/keys'
import { errorMessage, isCommandError } from '../api/console-api'

/** The keys' state and the unlock dialog. */
export interface KeysState {
  /** Null until asked. */
  readonly state: KeyState | null
  /** The unlock dialog is shown (it opens by itself when the keys are locked; Later closes it). */
  readonly dialogOpen: boolean
  readonly passphrase: string
  readonly problem: string | null
  readonly busy: boolean
  /** Asks the CommServe; opens the dialog when the keys are locked. */
  load(): Promise<void>
  setPassphrase(passphrase: string): void
  /** Unlock: sends the passphrase; a wrong one shows beside the field. */
  unlock(): Promise<void>
  /** Later: closes the dialog; jobs of encrypted copies keep waiting. */
  later(): void
}

/** Creates the keys store over the console api. */
export function createKeysStore(api: ConsoleApi): StoreApi<KeysState> {
  return createStore<KeysState>()((set, get) => ({
    state: null,
    dialogOpen: false,
    passphrase: '',
    problem: null,
    busy: false,
    load: async () => {
      try {
        const { state } = await api.invoke('keys:state', {})
        set({ state, dialogOpen: state === 'locked' })
      } catch {
        // Asked again at the next connection.
      }
    },
    setPassphrase: (passphrase) => set({ passphrase, problem: null }),
    unlock: async () => {
      const { passphrase } = get()
      if (passphrase === '') {
        set({ problem: 'Passphrase is required.' })
        return
      }
      set({ busy: true, problem: null })
      try {
        const { state } = await api.invoke('keys:unlock', { passphrase })
        set({ state, busy: false, dialogOpen: false, passphrase: '' })
      } catch (error) {
        set({ busy: false, problem: isCommandError(error) ? error.message : errorMessage(error) })
      }
    },
    later: () => set({ dialogOpen: false, passphrase: '', problem: null }),
  }))
}
