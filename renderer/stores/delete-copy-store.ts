/** Delete of a secondary copy: the confirmation naming the copy and its policy, then `copies:delete`. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'

/** The open confirmation. */
export interface DeleteCopyConfirmation {
  readonly key: number
  readonly node: TreeNode
  readonly status: 'loading' | 'ready' | 'deleting' | 'error'
  readonly copyName: string
  readonly policyName: string
  readonly error: string | null
}

/** The Delete confirmation state and its actions. */
export interface DeleteCopyState {
  readonly confirmation: DeleteCopyConfirmation | null
  /** Opens the confirmation for a copy node (loads the copy and its policy's name). */
  open(node: TreeNode): Promise<void>
  /** Deletes the copy. */
  confirm(): Promise<void>
  /** No / Cancel / Escape. */
  close(): void
}

/** What the store needs from the rest of the console. */
export interface DeleteCopyHooks {
  /** The name of a storage policy when the tree knows it. */
  readonly policyName: (storagePolicyId: number) => string | undefined
  /** The copy was deleted. */
  readonly onDeleted: (copyName: string, policyName: string) => void
}

/** Creates the Delete confirmation store over the console api. */
export function createDeleteCopyStore(api: ConsoleApi, hooks: DeleteCopyHooks): StoreApi<DeleteCopyState> {
  let openings = 0
  return createStore<DeleteCopyState>()((set, get) => {
    const update = (key: number, change: Partial<DeleteCopyConfirmation>): void =>
      set((state) => (state.confirmation?.key === key ? { confirmation: { ...state.confirmation, ...change } } : state))
    return {
      confirmation: null,
      open: async (node) => {
        const key = ++openings
        set({ confirmation: { key, node, status: 'loading', copyName: node.name, policyName: '', error: null } })
        try {
          const ref = parseNodeId(node.id)
          if (ref?.kind !== 'copy') throw new Error(`${node.name} is not a storage policy copy.`)
          const copy = await api.invoke('copies:get', { copyId: ref.id })
          if (copy.copyType === 'primary') throw new Error('The primary copy cannot be deleted.')
          const policyName =
            hooks.policyName(copy.storagePolicyId) ??
            (await api.invoke('copies:form', { storagePolicyId: copy.storagePolicyId })).policyName
          update(key, { status: 'ready', copyName: copy.name, policyName })
        } catch (error) {
          update(key, { status: 'error', error: errorMessage(error) })
        }
      },
      confirm: async () => {
        const confirmation = get().confirmation
        if (confirmation?.status !== 'ready') return
        const { key, node, copyName, policyName } = confirmation
        const ref = parseNodeId(node.id)
        if (ref?.kind !== 'copy') return
        update(key, { status: 'deleting', error: null })
        try {
          await api.invoke('copies:delete', { copyId: ref.id })
          if (get().confirmation?.key !== key) return
          set({ confirmation: null })
          hooks.onDeleted(copyName, policyName)
        } catch (error) {
          // The confirmation stays, saying why (for example: another copy takes its data from this one).
          update(key, { status: 'ready', error: errorMessage(error) })
        }
      },
      close: () => set({ confirmation: null }),
    }
  })
}
