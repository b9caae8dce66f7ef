/**
 * Storage Policy Properties: General (name, type and number of copies read-only; Device Streams edited) and Copy
 * Precedence (the copies in order, Move Up / Move Down; the primary copy stays 1), saved together with
 * `policies:update`. Device Streams is checked with the contract's own schema, so the dialog and the contract say the
 * same thing.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { DeviceStreamsField } from '../../app/model/copy-input'
import type { PolicyProperties } from '../../app/model/policy-properties'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { movedInOrder, precedenceOrderProblem } from '../../app/rules/copy-promotion'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { parseNumberText, schemaProblem } from './form-fields'

/** The pages of Storage Policy Properties. */
export type PolicyPropertiesTab = 'general' | 'precedence'

/** A copy in the Copy Precedence list. */
export type PrecedenceEntry = PolicyProperties['copies'][number]

/** One opening of Storage Policy Properties. */
export interface PolicyPropertiesSession {
  readonly key: number
  readonly node: TreeNode
  readonly status: 'loading' | 'ready' | 'saving' | 'error'
  readonly policy: PolicyProperties | null
  readonly loadError: string | null
  readonly tab: PolicyPropertiesTab
  /** Device Streams, as typed. */
  readonly deviceStreams: string
  readonly deviceStreamsProblem: string | null
  /** The copies in their (new) copy precedence order, 1 first. */
  readonly order: readonly PrecedenceEntry[]
  /** The copy selected in the Copy Precedence list. */
  readonly selected: number | null
  readonly orderProblem: string | null
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** The Storage Policy Properties state and its actions. */
export interface PolicyPropertiesState {
  readonly session: PolicyPropertiesSession | null
  /** Opens Storage Policy Properties on a storage policy node and loads it. */
  open(node: TreeNode): Promise<void>
  close(): void
  setTab(tab: PolicyPropertiesTab): void
  setDeviceStreams(text: string): void
  /** Selects a copy in the Copy Precedence list. */
  select(copyId: number): void
  /** Move Up / Move Down of the selected copy. */
  move(direction: 'up' | 'down'): void
  /** OK: saves Device Streams and the copy precedence order when either changed. */
  save(): Promise<void>
}

/** What the console does once saved. */
export interface PolicyPropertiesHooks {
  readonly onSaved: (policy: PolicyProperties) => void
}

/** Creates the Storage Policy Properties store over the console api. */
export function createPolicyPropertiesStore(api: ConsoleApi, hooks: PolicyPropertiesHooks): StoreApi<PolicyPropertiesState> {
  let openings = 0
  let focusSeq = 0
  return createStore<PolicyPropertiesState>()((set, get) => {
    const update = (key: number, change: Partial<PolicyPropertiesSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))
    const editing = (change: (session: PolicyPropertiesSession) => Partial<PolicyPropertiesSession>): void => {
      const session = get().session
      if (session?.status === 'ready') update(session.key, { ...change(session), formError: null })
    }
    const showProblem = (key: number, field: 'deviceStreams' | 'copyOrder', message: string): void =>
      update(key, {
        status: 'ready',
        ...(field === 'deviceStreams' ? { deviceStreamsProblem: message, tab: 'general' as const } : { orderProblem: message, tab: 'precedence' as const }),
        focus: { field, seq: ++focusSeq },
      })
    return {
      session: null,
      open: async (node) => {
        const key = ++openings
        set({
          session: {
            key, node, status: 'loading', policy: null, loadError: null, tab: 'general', deviceStreams: '', deviceStreamsProblem: null,
            order: [], selected: null, orderProblem: null, formError: null, focus: null,
          },
        })
        try {
          const ref = parseNodeId(node.id)
          if (ref?.kind !== 'storagePolicy') throw new Error(`${node.name} is not a storage policy.`)
          const policy = await api.invoke('policies:get', { storagePolicyId: ref.id })
          update(key, { status: 'ready', policy, deviceStreams: String(policy.deviceStreams), order: policy.copies })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },
      close: () => {
        openings++
        set({ session: null })
      },
      setTab: (tab) => {
        const session = get().session
        if (session !== null) update(session.key, { tab })
      },
      setDeviceStreams: (text) => editing(() => ({ deviceStreams: text, deviceStreamsProblem: null })),
      select: (copyId) => editing(() => ({ selected: copyId })),
      move: (direction) =>
        editing((session) => ({
          order: session.selected === null ? session.order : (movedInOrder(session.order, session.selected, direction) as PrecedenceEntry[]),
          orderProblem: null,
        })),
      save: async () => {
        const session = get().session
        if (session?.status !== 'ready' || session.policy === null) return
        const { key, policy, order } = session
        const deviceStreams = parseNumberText(session.deviceStreams)
        const streamsProblem = schemaProblem(DeviceStreamsField, deviceStreams)
        if (streamsProblem !== undefined) return showProblem(key, 'deviceStreams', streamsProblem)
        const copyOrder = order.map((copy) => copy.id)
        const orderProblem = precedenceOrderProblem(policy.copies, copyOrder)
        if (orderProblem !== undefined) return showProblem(key, 'copyOrder', orderProblem)
        const unchanged = deviceStreams === policy.deviceStreams && copyOrder.every((id, index) => policy.copies[index]?.id === id)
        if (unchanged) {
          set({ session: null })
          return
        }
        update(key, { status: 'saving', formError: null })
        try {
          const saved = await api.invoke('policies:update', { storagePolicyId: policy.storagePolicyId, deviceStreams, copyOrder })
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onSaved(saved)
        } catch (error) {
          if (get().session?.key !== key) return
          if (isCommandError(error) && (error.field === 'deviceStreams' || error.field === 'copyOrder')) showProblem(key, error.field, error.message)
          else update(key, { status: 'ready', formError: errorMessage(error) })
        }
      },
    }
  })
}
