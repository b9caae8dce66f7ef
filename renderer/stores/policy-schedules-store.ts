/**
 * Auxiliary Copy Schedules of a storage policy: its own schedules (`policySchedules:list`, those created with All
 * Copies included), and Edit, which opens Schedule Details and saves one schedule with `policySchedules:save`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { PolicyScheduleDetails } from '../../app/model/schedule'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import {
  changeScheduleEditor,
  openScheduleEditor,
  refuseScheduleEditor,
  submitScheduleEditor,
  touchScheduleEditor,
  type ScheduleEditor,
} from './schedule-editor'
import { scheduleValuesOf, type ScheduleFormValues } from './schedule-form-model'

/** One opening of the dialog. */
export interface PolicySchedulesSession {
  readonly key: number
  readonly policyName: string
  readonly status: 'loading' | 'ready' | 'error'
  readonly loadError: string | null
  readonly schedules: readonly PolicyScheduleDetails[]
  /** The selected row. */
  readonly selected: number | null
  /** Schedule Details, while open. */
  readonly editor: ScheduleEditor | null
}

/** The Auxiliary Copy Schedules state and its actions. */
export interface PolicySchedulesState {
  readonly session: PolicySchedulesSession | null
  /** Opens the dialog on a storage policy node. */
  open(node: TreeNode): Promise<void>
  close(): void
  select(index: number | null): void
  /** Edit: opens Schedule Details on a schedule (the selected one by default). */
  edit(index?: number): void
  setScheduleValue<K extends keyof ScheduleFormValues>(field: K, value: ScheduleFormValues[K]): void
  touchSchedule(field: string): void
  /** Schedule Details' OK: saves the schedule when it has no problems. */
  acceptSchedule(): Promise<void>
  cancelSchedule(): void
}

/** What the store needs from the rest of the console. */
export interface PolicySchedulesHooks {
  readonly now: () => number
  readonly onSaved: (schedule: PolicyScheduleDetails, policyName: string) => void
}

/** Creates the Auxiliary Copy Schedules store over the console api. */
export function createPolicySchedulesStore(api: ConsoleApi, hooks: PolicySchedulesHooks): StoreApi<PolicySchedulesState> {
  let openings = 0
  let focusSeq = 0
  return createStore<PolicySchedulesState>()((set, get) => {
    const update = (key: number, patch: (session: PolicySchedulesSession) => Partial<PolicySchedulesSession> | null): void =>
      set((state) => {
        if (state.session?.key !== key) return state
        const next = patch(state.session)
        return next === null ? state : { session: { ...state.session, ...next } }
      })
    const change = (patch: (session: PolicySchedulesSession) => Partial<PolicySchedulesSession> | null): void => {
      const key = get().session?.key
      if (key !== undefined) update(key, patch)
    }
    const withEditor = (patch: (editor: ScheduleEditor) => ScheduleEditor): void =>
      change((session) => (session.editor === null ? null : { editor: patch(session.editor) }))
    const otherNames = (schedules: readonly PolicyScheduleDetails[], except: number): string[] =>
      schedules.filter((_schedule, index) => index !== except).map((schedule) => schedule.name)

    return {
      session: null,

      open: async (node) => {
        const key = ++openings
        set({ session: { key, policyName: node.name, status: 'loading', loadError: null, schedules: [], selected: null, editor: null } })
        try {
          const ref = parseNodeId(node.id)
          if (ref?.kind !== 'storagePolicy') throw new Error(`${node.name} is not a storage policy.`)
          const { schedules } = await api.invoke('policySchedules:list', { storagePolicyId: ref.id })
          update(key, () => ({ status: 'ready', schedules, selected: schedules.length > 0 ? 0 : null }))
        } catch (error) {
          update(key, () => ({ status: 'error', loadError: errorMessage(error) }))
        }
      },

      close: () => set({ session: null }),

      select: (index) => change(() => ({ selected: index })),

      edit: (index) =>
        change((session) => {
          const at = index ?? session.selected
          const schedule = at === null ? undefined : session.schedules[at]
          if (at === null || schedule === undefined) return null
          const editor = openScheduleEditor(scheduleValuesOf(schedule, hooks.now()), at, otherNames(session.schedules, at))
          return { selected: at, editor: { ...editor, focus: { field: 'name', seq: ++focusSeq } } }
        }),

      setScheduleValue: (field, value) => withEditor((editor) => changeScheduleEditor(editor, field, value)),

      touchSchedule: (field) => withEditor((editor) => touchScheduleEditor(editor, field)),

      acceptSchedule: async () => {
        const session = get().session
        if (session?.editor == null || session.editor.saving) return
        const key = session.key
        const { editor, schedule } = submitScheduleEditor(session.editor, ++focusSeq)
        const index = editor.index
        const current = index === null ? undefined : session.schedules[index]
        if (schedule === null || current === undefined) {
          update(key, () => ({ editor }))
          return
        }
        update(key, () => ({ editor: { ...editor, saving: true, formError: null } }))
        try {
          const saved = await api.invoke('policySchedules:save', { scheduleId: current.id, ...schedule })
          update(key, (latest) => ({ editor: null, schedules: latest.schedules.map((row) => (row.id === saved.id ? saved : row)) }))
          if (get().session?.key === key) hooks.onSaved(saved, session.policyName)
        } catch (error) {
          const field = isCommandError(error) ? error.field : undefined
          update(key, (latest) => (latest.editor === null ? null : { editor: refuseScheduleEditor(latest.editor, field, errorMessage(error), ++focusSeq) }))
        }
      },

      cancelSchedule: () => change((session) => (session.editor === null || session.editor.saving ? null : { editor: null })),
    }
  })
}
