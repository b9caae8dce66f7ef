/**
 * All Tasks > Promote to Primary on a secondary copy: the confirmation first asks `copies:promote` with `confirm`
 * false what would happen (or why it cannot be done now), shows it, and promotes on OK.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { PromotionResult } from '../../app/model/policy-properties'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'

/** The open confirmation. */
export interface PromoteConfirmation {
  readonly key: number
  readonly node: TreeNode
  readonly status: 'loading' | 'ready' | 'promoting' | 'refused'
  /** What the promotion would do, once the CommServe said. */
  readonly result: PromotionResult | null
  /** Why it cannot be done (refused: OK stays off), or why the last OK failed (it may be tried again). */
  readonly error: string | null
}

/** The Promote to Primary state and its actions. */
export interface PromoteCopyState {
  readonly confirmation: PromoteConfirmation | null
  /** Opens the confirmation for a copy node and asks what a promotion would do. */
  open(node: TreeNode): Promise<void>
  /** OK: promotes the copy. */
  confirm(): Promise<void>
  /** Cancel or Escape. */
  close(): void
}

/** What the store needs from the rest of the console. */
export interface PromoteCopyHooks {
  /** The copy is the primary copy now. */
  readonly onPromoted: (result: PromotionResult) => void
}

/** Creates the Promote to Primary store over the console api. */
export function createPromoteCopyStore(api: ConsoleApi, hooks: PromoteCopyHooks): StoreApi<PromoteCopyState> {
  let openings = 0
  return createStore<PromoteCopyState>()((set, get) => {
    const update = (key: number, change: Partial<PromoteConfirmation>): void =>
      set((state) => (state.confirmation?.key === key ? { confirmation: { ...state.confirmation, ...change } } : state))
    const copyIdOf = (node: TreeNode): number => {
      const ref = parseNodeId(node.id)
      if (ref?.kind !== 'copy') throw new Error(`${node.name} is not a storage policy copy.`)
      return ref.id
    }
    return {
      confirmation: null,
      open: async (node) => {
        const key = ++openings
        set({ confirmation: { key, node, status: 'loading', result: null, error: null } })
        try {
          // Asking changes nothing: the answer says what the promotion does and what the copy lacks.
          const result = await api.invoke('copies:promote', { copyId: copyIdOf(node), confirm: false })
          update(key, { status: 'ready', result })
        } catch (error) {
          update(key, { status: 'refused', error: errorMessage(error) })
        }
      },
      confirm: async () => {
        const confirmation = get().confirmation
        if (confirmation?.status !== 'ready') return
        const { key, node } = confirmation
        update(key, { status: 'promoting', error: null })
        try {
          const result = await api.invoke('copies:promote', { copyId: copyIdOf(node), confirm: true })
          if (get().confirmation?.key === key) set({ confirmation: null })
          hooks.onPromoted(result)
        } catch (error) {
          // The confirmation stays, saying why (for example: a job of the policy started meanwhile).
          update(key, { status: 'ready', error: errorMessage(error) })
        }
      },
      close: () => {
        openings++
        set({ confirmation: null })
      },
    }
  })
}
