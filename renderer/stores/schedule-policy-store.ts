/**
 * The Schedule Policy dialog (New Schedule Policy, or the Properties of one): what it loaded (the policy, the
 * storage policies and copies it can be associated with), what the user set, the Schedule Details sub-dialog, the
 * problems to show and OK, which saves the policy whole with `schedulePolicies:save`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { SchedulePolicyType } from '../../app/model/entities'
import type { BackupAssociationLevel, SchedulePolicyDetails } from '../../app/model/schedule'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField } from './form-fields'
import {
  changeScheduleEditor,
  openScheduleEditor,
  refuseScheduleEditor,
  submitScheduleEditor,
  touchScheduleEditor,
  type ScheduleEditor,
} from './schedule-editor'
import {
  associationPolicies,
  newSchedulePolicyValues,
  newScheduleValues,
  saveSchedulePolicyInput,
  scheduleFieldOfPath,
  schedulePolicyFieldOrder,
  schedulePolicyFieldTab,
  schedulePolicyProblems,
  schedulePolicyValuesOf,
  scheduleValuesOf,
  toggleBackupAssociation,
  toggleCopyAssociation,
  togglePolicyAssociation,
  type AssociationClient,
  type AssociationPolicy,
  type Problems,
  type ScheduleFormValues,
  type SchedulePolicyValues,
} from './schedule-form-model'

/** The dialog's tabs. */
export type SchedulePolicyTab = 'general' | 'associations'

/** One opening of the dialog. */
export interface SchedulePolicySession {
  readonly key: number
  readonly mode: 'create' | 'edit'
  readonly status: 'loading' | 'ready' | 'saving' | 'error'
  readonly loadError: string | null
  /** The policy being edited (edit mode). */
  readonly details: SchedulePolicyDetails | null
  readonly values: SchedulePolicyValues
  /** The storage policies and secondary copies the Associations tab offers. */
  readonly policies: readonly AssociationPolicy[]
  /** The clients, agents and subclients a Data Protection policy's Associations tab offers (null until loaded). */
  readonly clients: readonly AssociationClient[] | null
  readonly tab: SchedulePolicyTab
  /** The selected row of the schedules grid. */
  readonly selected: number | null
  readonly touched: Readonly<Record<string, true>>
  readonly submitted: boolean
  /** Problems the CommServe reported about the policy's own fields, shown until the field changes. */
  readonly serverErrors: Problems
  /** A refusal that names no field of the dialog. */
  readonly formError: string | null
  readonly focus: FocusRequest | null
  /** Schedule Details, while open. */
  readonly editor: ScheduleEditor | null
}

/** The Schedule Policy dialog state and its actions. */
export interface SchedulePolicyDialogState {
  readonly session: SchedulePolicySession | null
  /** New Schedule Policy (the Schedule Policies folder). */
  openCreate(): Promise<void>
  /** Properties of a schedule policy node. */
  openEdit(node: TreeNode): Promise<void>
  /** Cancel, Escape, or done. */
  close(): void
  setValue(field: 'name' | 'description', value: string): void
  /** New Schedule Policy's Type: Auxiliary Copy or Data Protection. */
  setPolicyType(policyType: Exclude<SchedulePolicyType, 'Data Aging'>): void
  touch(field: string): void
  setTab(tab: SchedulePolicyTab): void
  selectSchedule(index: number | null): void
  /** Add: opens Schedule Details on a new schedule. */
  addSchedule(): void
  /** Edit: opens Schedule Details on a schedule (the selected one by default). */
  editSchedule(index?: number): void
  /** Delete: removes the selected schedule from the list (saved with OK). */
  deleteSchedule(): void
  setScheduleValue<K extends keyof ScheduleFormValues>(field: K, value: ScheduleFormValues[K]): void
  touchSchedule(field: string): void
  /** Schedule Details' OK: keeps the schedule in the list when it has no problems. */
  acceptSchedule(): void
  /** Schedule Details' Cancel. */
  cancelSchedule(): void
  /** Associates a whole storage policy (its current and future copies), or stops. */
  setPolicyAssociated(storagePolicyId: number, checked: boolean): void
  /** Associates one copy of a storage policy, or stops. */
  setCopyAssociated(storagePolicyId: number, copyId: number, checked: boolean): void
  /** Associates a client, an agent or a subclient with a Data Protection policy (covering what is under it), or stops. */
  setBackupAssociated(level: BackupAssociationLevel, id: number, checked: boolean): void
  /** OK: validates, then saves the policy whole. */
  submit(): Promise<void>
}

/** What the store needs from the rest of the console. */
export interface SchedulePolicyDialogHooks {
  /** The CommServe's time now (for a new One Time schedule's date). */
  readonly now: () => number
  /** The policy was saved (`created` for New Schedule Policy). */
  readonly onSaved: (policy: SchedulePolicyDetails, created: boolean) => void
}

/** Every problem of the policy's own fields. */
export function schedulePolicySessionProblems(session: SchedulePolicySession): Problems {
  return schedulePolicyProblems(session.values)
}

/** The message to show beside a policy field now. */
export function schedulePolicyVisibleProblem(session: SchedulePolicySession, problems: Problems, field: string): string | undefined {
  return session.serverErrors[field] ?? (session.submitted || session.touched[field] ? problems[field] : undefined)
}

/** Creates the Schedule Policy dialog store over the console api. */
export function createSchedulePolicyDialogStore(api: ConsoleApi, hooks: SchedulePolicyDialogHooks): StoreApi<SchedulePolicyDialogState> {
  let openings = 0
  let focusSeq = 0

  return createStore<SchedulePolicyDialogState>()((set, get) => {
    const update = (key: number, change: Partial<SchedulePolicySession> | ((session: SchedulePolicySession) => Partial<SchedulePolicySession>)): void =>
      set((state) => {
        if (state.session?.key !== key) return state
        const patch = typeof change === 'function' ? change(state.session) : change
        return { session: { ...state.session, ...patch } }
      })
    /** Changes the open session, whichever it is. */
    const change = (patch: (session: SchedulePolicySession) => Partial<SchedulePolicySession> | null): void => {
      const session = get().session
      if (session === null) return
      const next = patch(session)
      if (next !== null) update(session.key, next)
    }

    const blank = (mode: SchedulePolicySession['mode']): SchedulePolicySession => ({
      key: ++openings,
      mode,
      status: 'loading',
      loadError: null,
      details: null,
      values: newSchedulePolicyValues,
      policies: [],
      clients: null,
      tab: 'general',
      selected: null,
      touched: {},
      submitted: false,
      serverErrors: {},
      formError: null,
      focus: null,
      editor: null,
    })

    /** The storage policies (all of them: a policy with no secondary copy yet can be associated) and their active secondary copies. */
    const loadPolicies = async (details: SchedulePolicyDetails | null): Promise<readonly AssociationPolicy[]> => {
      const [tree, form] = await Promise.all([
        api.invoke('tree:children', { nodeId: 'storagePolicies' }),
        api.invoke('auxcopy:form', { storagePolicyId: null }),
      ])
      const policies = tree.nodes.flatMap((node) => {
        const ref = parseNodeId(node.id)
        return ref?.kind === 'storagePolicy' ? [{ id: ref.id, name: node.name }] : []
      })
      return associationPolicies(policies, form.policies, details?.associations ?? [])
    }

    /** Loads the clients a Data Protection policy can cover, once per opening. */
    const loadClients = async (key: number): Promise<void> => {
      try {
        const { clients } = await api.invoke('schedulePolicies:clients', {})
        update(key, { clients })
      } catch (error) {
        update(key, { formError: errorMessage(error) })
      }
    }

    const scheduleNames = (values: SchedulePolicyValues, except: number | null): string[] =>
      values.schedules.filter((_schedule, index) => index !== except).map((schedule) => schedule.name)

    /** Shows a CommServe refusal beside its field: a schedule's in its Schedule Details, the policy's on its tab. */
    const refused = (key: number, error: unknown): void => {
      const message = errorMessage(error)
      const field = isCommandError(error) ? error.field : undefined
      const session = get().session
      if (session?.key !== key) return
      const inSchedule = field === undefined ? null : scheduleFieldOfPath(field)
      const schedule = inSchedule === null ? undefined : session.values.schedules[inSchedule.index]
      if (inSchedule !== null && schedule !== undefined) {
        const editor = openScheduleEditor(scheduleValuesOf(schedule, hooks.now()), inSchedule.index, scheduleNames(session.values, inSchedule.index))
        update(key, {
          status: 'ready',
          tab: 'general',
          selected: inSchedule.index,
          editor: refuseScheduleEditor(editor, inSchedule.field, message, ++focusSeq),
        })
        return
      }
      if (field === 'name' || field === 'description') {
        update(key, {
          status: 'ready',
          formError: null,
          tab: 'general',
          serverErrors: { ...session.serverErrors, [field]: message },
          focus: { field, seq: ++focusSeq },
        })
        return
      }
      update(key, { status: 'ready', formError: message, tab: field === undefined ? session.tab : schedulePolicyFieldTab(field) })
    }

    const open = async (mode: SchedulePolicySession['mode'], schedulePolicyId: number | null): Promise<void> => {
      const session = blank(mode)
      set({ session })
      try {
        const details = schedulePolicyId === null ? null : await api.invoke('schedulePolicies:get', { schedulePolicyId })
        const policies = await loadPolicies(details)
        update(session.key, {
          status: 'ready',
          details,
          policies,
          values: details === null ? newSchedulePolicyValues : schedulePolicyValuesOf(details),
          selected: details !== null && details.schedules.length > 0 ? 0 : null,
          focus: { field: 'name', seq: ++focusSeq },
        })
        if (details?.policyType === 'Data Protection') await loadClients(session.key)
      } catch (error) {
        update(session.key, { status: 'error', loadError: errorMessage(error) })
      }
    }

    const withEditor = (patch: (editor: ScheduleEditor) => ScheduleEditor): void =>
      change((session) => (session.editor === null ? null : { editor: patch(session.editor) }))

    return {
      session: null,

      openCreate: () => open('create', null),

      openEdit: async (node) => {
        const ref = parseNodeId(node.id)
        if (ref?.kind !== 'schedulePolicy') {
          const session = blank('edit')
          set({ session: { ...session, status: 'error', loadError: `${node.name} is not a schedule policy.` } })
          return
        }
        await open('edit', ref.id)
      },

      close: () => set({ session: null }),

      setValue: (field, value) =>
        change((session) => {
          const serverErrors = { ...session.serverErrors }
          delete serverErrors[field]
          return { values: { ...session.values, [field]: value }, serverErrors, touched: { ...session.touched, [field]: true } }
        }),

      setPolicyType: (policyType) => {
        const session = get().session
        if (session === null || session.mode !== 'create' || session.values.policyType === policyType) return
        // Schedules and associations of the other Type mean nothing here: the policy starts again from its name.
        update(session.key, {
          values: { ...session.values, policyType, schedules: [], associations: [], backupAssociations: [] },
          selected: null,
          formError: null,
        })
        if (policyType === 'Data Protection' && session.clients === null) void loadClients(session.key)
      },

      touch: (field) => change((session) => (session.touched[field] ? null : { touched: { ...session.touched, [field]: true } })),

      setTab: (tab) => change(() => ({ tab })),

      selectSchedule: (index) => change(() => ({ selected: index })),

      addSchedule: () =>
        change((session) => ({
          editor: {
            ...openScheduleEditor(
              // The first schedule of a new policy is named after it, as a start.
              { ...newScheduleValues(hooks.now()), name: session.values.schedules.length === 0 ? session.values.name.trim() : '' },
              null,
              scheduleNames(session.values, null),
            ),
            focus: { field: 'name', seq: ++focusSeq },
          },
        })),

      editSchedule: (index) =>
        change((session) => {
          const at = index ?? session.selected
          const schedule = at === null ? undefined : session.values.schedules[at]
          if (at === null || schedule === undefined) return null
          return {
            selected: at,
            editor: { ...openScheduleEditor(scheduleValuesOf(schedule, hooks.now()), at, scheduleNames(session.values, at)), focus: { field: 'name', seq: ++focusSeq } },
          }
        }),

      deleteSchedule: () =>
        change((session) => {
          const at = session.selected
          if (at === null || session.values.schedules[at] === undefined) return null
          const schedules = session.values.schedules.filter((_schedule, index) => index !== at)
          return {
            values: { ...session.values, schedules },
            selected: schedules.length === 0 ? null : Math.min(at, schedules.length - 1),
            touched: { ...session.touched, schedules: true },
          }
        }),

      setScheduleValue: (field, value) => withEditor((editor) => changeScheduleEditor(editor, field, value)),

      touchSchedule: (field) => withEditor((editor) => touchScheduleEditor(editor, field)),

      acceptSchedule: () =>
        change((session) => {
          if (session.editor === null) return null
          const { editor, schedule: input } = submitScheduleEditor(session.editor, ++focusSeq)
          if (input === null) return { editor }
          const schedule = { ...input, backupType: editor.values.backupType }
          const index = editor.index
          const schedules =
            index === null
              ? [...session.values.schedules, schedule]
              : session.values.schedules.map((existing, at) => (at === index ? schedule : existing))
          const serverErrors = { ...session.serverErrors }
          delete serverErrors.schedules
          return {
            editor: null,
            values: { ...session.values, schedules },
            selected: index ?? schedules.length - 1,
            serverErrors,
            formError: null,
          }
        }),

      cancelSchedule: () => change((session) => (session.editor === null ? null : { editor: null })),

      setPolicyAssociated: (storagePolicyId, checked) =>
        change((session) => ({
          values: { ...session.values, associations: togglePolicyAssociation(session.values.associations, storagePolicyId, checked) },
          formError: null,
        })),

      setCopyAssociated: (storagePolicyId, copyId, checked) =>
        change((session) => ({
          values: { ...session.values, associations: toggleCopyAssociation(session.values.associations, storagePolicyId, copyId, checked) },
          formError: null,
        })),

      setBackupAssociated: (level, id, checked) =>
        change((session) => ({
          values: {
            ...session.values,
            backupAssociations: toggleBackupAssociation(session.values.backupAssociations, session.clients ?? [], level, id, checked),
          },
          formError: null,
        })),

      submit: async () => {
        const session = get().session
        if (session === null || session.status !== 'ready' || session.editor !== null) return
        const key = session.key
        const problems = schedulePolicySessionProblems(session)
        const first = firstProblemField(problems, schedulePolicyFieldOrder)
        if (first !== undefined) {
          update(key, { submitted: true, tab: schedulePolicyFieldTab(first), focus: { field: first, seq: ++focusSeq } })
          return
        }
        update(key, { submitted: true, status: 'saving', formError: null })
        try {
          const saved = await api.invoke('schedulePolicies:save', saveSchedulePolicyInput(session.values, session.details?.id ?? null))
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onSaved(saved, session.mode === 'create')
        } catch (error) {
          refused(key, error)
        }
      },
    }
  })
}
