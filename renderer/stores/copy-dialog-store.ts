/**
 * The Copy Properties dialog, for Create New Copy and for an existing copy: what it loaded (server data), what the
 * user typed and touched, the problems to show, the tab and field to bring forward, and the OK flow with its two
 * questions (the 14-day / 10-TB confirmation, the Auxiliary Copy Schedule of upgraded CommCells).
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { AuxCopyScheduleInput } from '../../app/model/copy-input'
import type { CopyDetails, CopyFormData } from '../../app/model/copy-forms'
import type { FieldProblems } from '../../app/rules/copy-form'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import {
  changeCopyValue,
  copyFieldTab,
  copyProblemField,
  copyValuesProblems,
  createCopyInput,
  defaultBackupDate,
  existingCopyValues,
  firstCopyProblem,
  newCopyValues,
  updateCopyInput,
  type CopyFormSetting,
  type CopyFormValues,
  type CopyTab,
} from './copy-form-model'

/** A request to move the keyboard focus to a field (a new `seq` asks again). */
export interface FocusRequest {
  readonly field: string
  readonly seq: number
}

/** A question the OK flow asks on top of the dialog. */
export type CopyDialogPrompt =
  | { readonly kind: 'backupPeriod'; readonly question: string }
  | { readonly kind: 'auxCopySchedule'; readonly schedule: AuxCopyScheduleInput }

/** One opening of the dialog. */
export interface CopyDialogSession {
  /** Changes with every opening, so the dialog's local state starts afresh. */
  readonly key: number
  readonly mode: 'create' | 'edit'
  readonly status: 'loading' | 'ready' | 'saving' | 'error'
  readonly loadError: string | null
  readonly form: CopyFormData | null
  /** The existing copy (edit mode). */
  readonly copy: CopyDetails | null
  readonly values: CopyFormValues | null
  /** Fields (contract names) the user has changed or left: their problems show from then on. */
  readonly touched: Readonly<Record<string, true>>
  /** OK was pressed once: every problem shows. */
  readonly submitted: boolean
  /** Problems the CommServe reported, by field, shown until that field changes. */
  readonly serverErrors: FieldProblems
  /** A refusal that names no field of the dialog. */
  readonly formError: string | null
  readonly tab: CopyTab
  readonly focus: FocusRequest | null
  readonly prompt: CopyDialogPrompt | null
  /** The 14-day / 10-TB question was answered No for the current source copy. */
  readonly confirmAllBackups: boolean
  /** `Date.now()` when the form loaded, to move the CommServe's `now` along. */
  readonly loadedAt: number
}

/** The Copy Properties dialog state and its actions. */
export interface CopyDialogState {
  readonly session: CopyDialogSession | null
  /** Create New Copy on a storage policy node. */
  openCreate(policy: TreeNode): Promise<void>
  /** Copy Properties of a copy node. */
  openEdit(copy: TreeNode): Promise<void>
  /** Cancel, Escape, or done. */
  close(): void
  /** Changes one field (and those that follow it). */
  setValue<K extends keyof CopyFormValues>(field: K, value: CopyFormValues[K]): void
  /** Marks a field (contract name) as visited. */
  touch(field: string): void
  setTab(tab: CopyTab): void
  /** OK: validates, asks what must be asked, then creates or saves. */
  submit(): Promise<void>
  /** The 14-day / 10-TB question: Yes chooses a date instead, No creates with All Backups. */
  answerBackupPeriod(chooseDate: boolean): Promise<void>
  /** Auxiliary Copy Schedule: OK creates the copy with the default schedule. */
  acceptAuxCopySchedule(): Promise<void>
  /** Auxiliary Copy Schedule's Cancel, or Escape on a question: back to Copy Properties, nothing created. */
  dismissPrompt(): void
}

/** What the console does once the dialog succeeded. */
export interface CopyDialogHooks {
  /** A copy was created in a policy. */
  readonly onCreated: (copy: CopyDetails, form: CopyFormData) => void
  /** An existing copy was saved. */
  readonly onSaved: (copy: CopyDetails) => void
}

/** The form's setting (lists, copy, CommServe time) for the rules. */
export function copySettingOf(session: CopyDialogSession): CopyFormSetting | null {
  if (session.form === null) return null
  return { form: session.form, copy: session.copy, now: session.form.now + Math.max(0, Date.now() - session.loadedAt) }
}

/** Every problem of the session's values. */
export function copySessionProblems(session: CopyDialogSession): FieldProblems {
  const setting = copySettingOf(session)
  return setting === null || session.values === null ? {} : copyValuesProblems(session.values, setting)
}

/** The message to show beside a field now: the CommServe's, else the rule's once the field was touched or OK pressed. */
export function visibleProblem(session: CopyDialogSession, problems: FieldProblems, field: string): string | undefined {
  return session.serverErrors[field] ?? (session.submitted || session.touched[field] ? problems[field] : undefined)
}

/** Creates the Copy Properties dialog store over the console api. */
export function createCopyDialogStore(api: ConsoleApi, hooks: CopyDialogHooks): StoreApi<CopyDialogState> {
  let openings = 0
  let focusSeq = 0

  return createStore<CopyDialogState>()((set, get) => {
    const update = (key: number, change: Partial<CopyDialogSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))

    const blank = (mode: CopyDialogSession['mode']): CopyDialogSession => ({
      key: ++openings,
      mode,
      status: 'loading',
      loadError: null,
      form: null,
      copy: null,
      values: null,
      touched: {},
      submitted: false,
      serverErrors: {},
      formError: null,
      tab: 'general',
      focus: null,
      prompt: null,
      confirmAllBackups: false,
      loadedAt: Date.now(),
    })

    const fail = (key: number, error: unknown): void => update(key, { status: 'error', loadError: errorMessage(error) })

    /** Shows a refusal beside its field (switching to its tab), or above the tabs when it names none. */
    const refused = (key: number, error: unknown): void => {
      const field = isCommandError(error) ? error.field : undefined
      const tab = field === undefined ? undefined : copyFieldTab(field)
      if (field === undefined || tab === undefined) {
        update(key, { status: 'ready', prompt: null, formError: errorMessage(error) })
        return
      }
      const session = get().session
      update(key, {
        status: 'ready',
        prompt: null,
        formError: null,
        serverErrors: { ...session?.serverErrors, [field]: errorMessage(error) },
        tab,
        focus: { field, seq: ++focusSeq },
      })
    }

    const create = async (key: number, auxCopySchedule: AuxCopyScheduleInput | null): Promise<void> => {
      const session = get().session
      if (session?.key !== key || session.form === null || session.values === null) return
      const form = session.form
      update(key, { status: 'saving', prompt: null, formError: null })
      try {
        const input = createCopyInput(session.values, form, { confirmAllBackups: session.confirmAllBackups, auxCopySchedule })
        const copy = await api.invoke('copies:create', input)
        if (get().session?.key !== key) return
        set({ session: null })
        hooks.onCreated(copy, form)
      } catch (error) {
        if (get().session?.key !== key) return
        // The CommServe answers the questions the product asks on OK, in its order: the 14-day / 10-TB question
        // first (a conflict carrying it), then, on an upgraded CommCell, the Auxiliary Copy Schedule to accept.
        if (isCommandError(error) && error.code === 'conflict' && error.field === 'backupPeriod') {
          update(key, { status: 'ready', prompt: { kind: 'backupPeriod', question: error.message } })
        } else if (isCommandError(error) && error.field === 'auxCopySchedule' && auxCopySchedule === null && form.installKind === 'upgraded') {
          update(key, { status: 'ready', prompt: { kind: 'auxCopySchedule', schedule: form.defaultAuxCopySchedule } })
        } else {
          refused(key, error)
        }
      }
    }

    const save = async (key: number): Promise<void> => {
      const session = get().session
      if (session?.key !== key || session.copy === null || session.values === null) return
      update(key, { status: 'saving', formError: null })
      try {
        const copy = await api.invoke('copies:update', updateCopyInput(session.values, session.copy, session.form ?? undefined))
        if (get().session?.key !== key) return
        set({ session: null })
        hooks.onSaved(copy)
      } catch (error) {
        if (get().session?.key === key) refused(key, error)
      }
    }

    return {
      session: null,

      openCreate: async (policy) => {
        const session = blank('create')
        set({ session })
        const ref = parseNodeId(policy.id)
        try {
          if (ref?.kind !== 'storagePolicy') throw new Error(`${policy.name} is not a storage policy.`)
          const form = await api.invoke('copies:form', { storagePolicyId: ref.id })
          update(session.key, { status: 'ready', form, values: newCopyValues(form), loadedAt: Date.now() })
        } catch (error) {
          fail(session.key, error)
        }
      },

      openEdit: async (node) => {
        const session = blank('edit')
        set({ session })
        const ref = parseNodeId(node.id)
        try {
          if (ref?.kind !== 'copy') throw new Error(`${node.name} is not a storage policy copy.`)
          const copy = await api.invoke('copies:get', { copyId: ref.id })
          const form = await api.invoke('copies:form', { storagePolicyId: copy.storagePolicyId })
          update(session.key, { status: 'ready', form, copy, values: existingCopyValues(copy), loadedAt: Date.now() })
        } catch (error) {
          fail(session.key, error)
        }
      },

      close: () => set({ session: null }),

      setValue: (field, value) => {
        const session = get().session
        if (session === null || session.values === null) return
        const setting = copySettingOf(session)
        if (setting === null) return
        const values = changeCopyValue(session.values, field, value, setting)
        // What the CommServe said about a field no longer holds once it changes (the question too, for the period).
        const changed = (Object.keys(values) as (keyof CopyFormValues)[]).filter((key) => values[key] !== session.values?.[key])
        const serverErrors = { ...session.serverErrors }
        const touched = { ...session.touched }
        for (const key of changed) delete serverErrors[copyProblemField[key]]
        // Only the field the user changed shows its problem now; those that followed it wait for OK.
        touched[copyProblemField[field]] = true
        if (changed.includes('backupDate')) delete serverErrors.backupPeriod
        const periodChanged = changed.some((key) => key === 'sourceCopyId' || key === 'backupPeriod')
        update(session.key, {
          values,
          serverErrors,
          touched,
          confirmAllBackups: periodChanged ? false : session.confirmAllBackups,
        })
      },

      touch: (field) => {
        const session = get().session
        if (session === null || session.touched[field]) return
        update(session.key, { touched: { ...session.touched, [field]: true } })
      },

      setTab: (tab) => {
        const session = get().session
        if (session !== null) update(session.key, { tab })
      },

      submit: async () => {
        const session = get().session
        if (session === null || session.status !== 'ready' || session.values === null || session.form === null) return
        const key = session.key
        const problems = copySessionProblems(session)
        const first = firstCopyProblem(problems)
        if (first !== undefined) {
          update(key, {
            submitted: true,
            tab: copyFieldTab(first) ?? session.tab,
            focus: { field: first, seq: ++focusSeq },
          })
          return
        }
        update(key, { submitted: true, formError: null })
        if (session.mode === 'edit') {
          await save(key)
          return
        }
        // One request: the CommServe creates the copy or asks its question (see `create`).
        await create(key, null)
      },

      answerBackupPeriod: async (chooseDate) => {
        const session = get().session
        if (session?.prompt?.kind !== 'backupPeriod' || session.values === null) return
        const key = session.key
        if (chooseDate) {
          const setting = copySettingOf(session)
          update(key, {
            prompt: null,
            values: {
              ...session.values,
              backupPeriod: 'onAndAfter',
              backupDate: session.values.backupDate ?? defaultBackupDate(setting?.now ?? Date.now()),
            },
            tab: 'copyPolicy',
            focus: { field: 'backupPeriod.date', seq: ++focusSeq },
          })
          return
        }
        update(key, { prompt: null, confirmAllBackups: true })
        await create(key, null)
      },

      acceptAuxCopySchedule: async () => {
        const session = get().session
        if (session?.prompt?.kind !== 'auxCopySchedule') return
        await create(session.key, session.prompt.schedule)
      },

      dismissPrompt: () => {
        const session = get().session
        if (session?.prompt != null) update(session.key, { prompt: null, status: 'ready' })
      },
    }
  })
}
