/**
 * Library Properties of a tape library: its name, type and MediaAgents, and the Media capacity (MB) of its emulated
 * media, checked with the contract's message and saved with `libraries:setMediaCapacity`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { bytesPerMb, SetMediaCapacityInput, type LibraryDetails } from '../../app/model/media'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { parseNumberText, schemaProblem } from './form-fields'

/** One opening of Library Properties. */
export interface LibraryPropertiesSession {
  readonly key: number
  readonly node: TreeNode
  readonly status: 'loading' | 'ready' | 'saving' | 'error'
  readonly library: LibraryDetails | null
  readonly loadError: string | null
  /** Media capacity in MB, as typed. */
  readonly capacityMb: string
  readonly capacityProblem: string | null
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** The Library Properties state and its actions. */
export interface LibraryPropertiesState {
  readonly session: LibraryPropertiesSession | null
  /** Opens Library Properties on a tape library node and loads it. */
  open(node: TreeNode): Promise<void>
  close(): void
  setCapacity(text: string): void
  /** OK: saves the media capacity when it changed. */
  save(): Promise<void>
}

/** What the console does once saved. */
export interface LibraryPropertiesHooks {
  readonly onSaved: (library: LibraryDetails, capacityMb: number) => void
}

/** Creates the Library Properties store over the console api. */
export function createLibraryPropertiesStore(api: ConsoleApi, hooks: LibraryPropertiesHooks): StoreApi<LibraryPropertiesState> {
  let openings = 0
  let focusSeq = 0
  return createStore<LibraryPropertiesState>()((set, get) => {
    const update = (key: number, change: Partial<LibraryPropertiesSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))
    return {
      session: null,
      open: async (node) => {
        const key = ++openings
        set({
          session: { key, node, status: 'loading', library: null, loadError: null, capacityMb: '', capacityProblem: null, formError: null, focus: null },
        })
        try {
          const ref = parseNodeId(node.id)
          if (ref?.kind !== 'library') throw new Error(`${node.name} is not a library.`)
          const library = await api.invoke('libraries:get', { libraryId: ref.id })
          const capacityMb = library.mediaCapacityBytes === null ? '' : String(Math.round(library.mediaCapacityBytes / bytesPerMb))
          update(key, { status: 'ready', library, capacityMb })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },
      close: () => set({ session: null }),
      setCapacity: (text) => {
        const session = get().session
        if (session !== null) update(session.key, { capacityMb: text, capacityProblem: null, formError: null })
      },
      save: async () => {
        const session = get().session
        if (session?.status !== 'ready' || session.library === null) return
        const { key, library } = session
        const mediaCapacityMb = parseNumberText(session.capacityMb)
        const problem = schemaProblem(SetMediaCapacityInput.shape.mediaCapacityMb, mediaCapacityMb)
        if (problem !== undefined) {
          update(key, { capacityProblem: problem, focus: { field: 'mediaCapacityMb', seq: ++focusSeq } })
          return
        }
        if (library.mediaCapacityBytes === mediaCapacityMb * bytesPerMb) {
          set({ session: null })
          return
        }
        update(key, { status: 'saving', formError: null })
        try {
          const saved = await api.invoke('libraries:setMediaCapacity', { libraryId: library.id, mediaCapacityMb })
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onSaved(saved, mediaCapacityMb)
        } catch (error) {
          if (get().session?.key !== key) return
          if (isCommandError(error) && error.field === 'mediaCapacityMb') {
            update(key, { status: 'ready', capacityProblem: error.message, focus: { field: 'mediaCapacityMb', seq: ++focusSeq } })
          } else update(key, { status: 'ready', formError: errorMessage(error) })
        }
      },
    }
  })
}
