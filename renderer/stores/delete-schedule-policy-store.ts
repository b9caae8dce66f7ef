/**
 * Delete of a schedule policy: its associations are read first (`schedulePolicies:get`) so the confirmation says
 * which copies depend on it; then `schedulePolicies:delete`, confirmed when it named dependents.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'

/** The open confirmation. */
export interface DeleteSchedulePolicyConfirmation {
  readonly key: number
  readonly schedulePolicyId: number | null
  readonly policyName: string
  readonly status: 'loading' | 'ready' | 'deleting' | 'error'
  /** The copies that depend on it, as `SP_Finance / Copy_2` (`SP_Finance / All Copies` for a whole policy). */
  readonly dependents: readonly string[]
  /** The CommServe's own question, when copies came to depend on it after the confirmation opened. */
  readonly question: string | null
  readonly error: string | null
}

/** The Delete confirmation state and its actions. */
export interface DeleteSchedulePolicyState {
  readonly confirmation: DeleteSchedulePolicyConfirmation | null
  /** Opens the confirmation for a schedule policy node (loads its associations). */
  open(node: TreeNode): Promise<void>
  /** Deletes the policy. */
  confirm(): Promise<void>
  /** No / Cancel / Escape. */
  close(): void
}

/** What the store needs from the rest of the console. */
export interface DeleteSchedulePolicyHooks {
  readonly onDeleted: (policyName: string) => void
}

/** The question the confirmation asks. */
export function deleteSchedulePolicyQuestion(confirmation: DeleteSchedulePolicyConfirmation): string {
  if (confirmation.question !== null) return confirmation.question
  const { dependents, policyName } = confirmation
  if (dependents.length === 0) return `Delete the schedule policy ${policyName}? No copy is associated with it.`
  return `${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on ${policyName}. Delete it anyway?`
}

/** Creates the Delete schedule policy store over the console api. */
export function createDeleteSchedulePolicyStore(api: ConsoleApi, hooks: DeleteSchedulePolicyHooks): StoreApi<DeleteSchedulePolicyState> {
  let openings = 0
  return createStore<DeleteSchedulePolicyState>()((set, get) => {
    const update = (key: number, change: Partial<DeleteSchedulePolicyConfirmation>): void =>
      set((state) => (state.confirmation?.key === key ? { confirmation: { ...state.confirmation, ...change } } : state))
    return {
      confirmation: null,
      open: async (node) => {
        const key = ++openings
        const ref = parseNodeId(node.id)
        const schedulePolicyId = ref?.kind === 'schedulePolicy' ? ref.id : null
        set({ confirmation: { key, schedulePolicyId, policyName: node.name, status: 'loading', dependents: [], question: null, error: null } })
        try {
          if (schedulePolicyId === null) throw new Error(`${node.name} is not a schedule policy.`)
          const details = await api.invoke('schedulePolicies:get', { schedulePolicyId })
          update(key, {
            status: 'ready',
            policyName: details.name,
            dependents: details.associations.map((association) => `${association.storagePolicy} / ${association.copy}`),
          })
        } catch (error) {
          update(key, { status: 'error', error: errorMessage(error) })
        }
      },
      confirm: async () => {
        const confirmation = get().confirmation
        if (confirmation?.status !== 'ready' || confirmation.schedulePolicyId === null) return
        const { key, schedulePolicyId, policyName } = confirmation
        update(key, { status: 'deleting', error: null })
        try {
          // Confirmed only when the person was told which copies depend on it.
          const told = confirmation.dependents.length > 0 || confirmation.question !== null
          await api.invoke('schedulePolicies:delete', { schedulePolicyId, confirm: told })
          if (get().confirmation?.key !== key) return
          set({ confirmation: null })
          hooks.onDeleted(policyName)
        } catch (error) {
          if (isCommandError(error) && error.code === 'conflict' && error.field === 'confirm') {
            // Copies came to depend on it meanwhile: ask again with the CommServe's words.
            update(key, { status: 'ready', question: `${error.message.replace(/; confirm to delete it\.$/, '.')} Delete it anyway?` })
            return
          }
          update(key, { status: 'ready', error: errorMessage(error) })
        }
      },
      close: () => set({ confirmation: null }),
    }
  })
}
