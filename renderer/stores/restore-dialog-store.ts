/**
 * Browse and Restore Options of a subclient (`restore:form`): the time range (`Latest Data`, or a `Browse Date` and
 * `Browse Time`) and where to read from (copy precedence, or a named copy); View Content browses the subclient's
 * root as of then (`restore:browse`) and hands the result to the browse view. The files and folders to restore are
 * chosen there.
 */
import dayjs, { type Dayjs } from 'dayjs'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { BrowseResult } from '../../app/model/browse'
import type { RestoreFormData } from '../../app/model/jobs'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField } from './form-fields'

/** A copy the dialog offers (one holding at least one of the subclient's jobs). */
export type RestoreCopy = RestoreFormData['jobs'][number]['copies'][number]

/** The dialog's fields as the user set them. */
export interface RestoreValues {
  /** `Latest Data` (true, the default) or a `Browse Date` (false). */
  readonly latest: boolean
  /** The Browse Date as the picker holds it (possibly incomplete while typed). */
  readonly date: Dayjs | null
  /** The Browse Time, `HH:MM` (24-hour) as typed. */
  readonly time: string
  /** `Copy Precedence` (false, the default: the lowest precedence holding each job) or a named `Copy` (true). */
  readonly fromCopy: boolean
  readonly copyId: number | null
}

/** A field of the dialog. */
export type RestoreField = 'date' | 'time' | 'copyId'

const fieldOrder: readonly RestoreField[] = ['date', 'time', 'copyId']

/** One opening of the dialog. */
export interface RestoreSession {
  readonly key: number
  readonly status: 'loading' | 'ready' | 'running' | 'error'
  readonly loadError: string | null
  readonly subclientId: number
  readonly subclientName: string
  readonly form: RestoreFormData | null
  readonly values: RestoreValues
  readonly touched: Readonly<Partial<Record<RestoreField, true>>>
  readonly submitted: boolean
  readonly serverErrors: Readonly<Partial<Record<RestoreField, string>>>
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** What View Content browsed, for the browse view. */
export interface BrowseOpening {
  readonly subclientId: number
  readonly at: number | null
  readonly copyId: number | null
  readonly root: BrowseResult
}

/** The Browse and Restore Options state and its actions. */
export interface RestoreDialogState {
  readonly session: RestoreSession | null
  /** Opens the dialog on a subclient node and loads what it offers. */
  open(subclient: TreeNode): Promise<void>
  close(): void
  setValue<K extends keyof RestoreValues>(field: K, value: RestoreValues[K]): void
  touch(field: RestoreField): void
  /** View Content: validates, then browses the subclient's root as of the chosen time. */
  submit(): Promise<void>
}

/** What the console does once View Content browsed. */
export interface RestoreDialogHooks {
  readonly onBrowsed: (opening: BrowseOpening) => void
}

/** The copies holding any of the form's jobs, lowest precedence first. */
export function restoreCopies(form: RestoreFormData | null): RestoreCopy[] {
  const byId = new Map<number, RestoreCopy>()
  for (const job of form?.jobs ?? []) for (const copy of job.copies) byId.set(copy.id, copy)
  return [...byId.values()].sort((a, b) => a.precedence - b.precedence)
}

/** `HH:MM` in 24 hours, as the Browse Time takes it. */
const timePattern = /^([01]?\d|2[0-3]):([0-5]\d)$/

/** The Browse Date and Time as epoch ms (the console's time zone), NaN while either is incomplete. */
export function browseTime(values: Pick<RestoreValues, 'date' | 'time'>): number {
  const time = timePattern.exec(values.time.trim())
  if (values.date === null || !values.date.isValid() || time === null) return Number.NaN
  return values.date.startOf('day').hour(Number(time[1])).minute(Number(time[2])).valueOf()
}

/** Every problem of the values. */
export function restoreProblems(values: RestoreValues, form: RestoreFormData): Partial<Record<RestoreField, string>> {
  const problems: Partial<Record<RestoreField, string>> = {}
  if (!values.latest) {
    if (values.date === null || !values.date.isValid()) problems.date = 'Choose the Browse Date.'
    if (timePattern.exec(values.time.trim()) === null) problems.time = 'Browse Time must be a time such as 13:30.'
  }
  if (values.fromCopy && !restoreCopies(form).some((copy) => copy.id === values.copyId)) problems.copyId = 'Select the copy to browse.'
  return problems
}

/** The problem to show beside a field now: the CommServe's, else the rule's once touched or after View Content. */
export function restoreVisibleProblem(session: RestoreSession, field: RestoreField): string | undefined {
  if (session.serverErrors[field] !== undefined) return session.serverErrors[field]
  if (session.form === null || !(session.submitted || session.touched[field])) return undefined
  return restoreProblems(session.values, session.form)[field]
}

/** The dialog field a CommServe error names (`at` is the Browse Date). */
function dialogField(field: string | undefined): RestoreField | undefined {
  return field === 'at' ? 'date' : field === 'copyId' ? 'copyId' : undefined
}

/** The defaults: Latest Data, by copy precedence, the Browse Date and Time at the CommServe's now. */
export function defaultRestoreValues(form: RestoreFormData): RestoreValues {
  const now = dayjs(form.now)
  return { latest: true, date: now.startOf('day'), time: now.format('HH:mm'), fromCopy: false, copyId: restoreCopies(form)[0]?.id ?? null }
}

/** Creates the Browse and Restore Options store over the console api. */
export function createRestoreDialogStore(api: ConsoleApi, hooks: RestoreDialogHooks): StoreApi<RestoreDialogState> {
  let openings = 0
  let focusSeq = 0
  return createStore<RestoreDialogState>()((set, get) => {
    const update = (key: number, change: Partial<RestoreSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))

    return {
      session: null,

      open: async (subclient) => {
        const key = ++openings
        const ref = parseNodeId(subclient.id)
        set({
          session: {
            key, status: 'loading', loadError: null, subclientId: ref?.kind === 'subclient' ? ref.id : 0, subclientName: subclient.name, form: null,
            values: { latest: true, date: null, time: '', fromCopy: false, copyId: null },
            touched: {}, submitted: false, serverErrors: {}, formError: null, focus: null,
          },
        })
        try {
          if (ref?.kind !== 'subclient') throw new Error(`${subclient.name} is not a subclient.`)
          const form = await api.invoke('restore:form', { subclientId: ref.id })
          if (form.jobs.length === 0) {
            update(key, { status: 'error', form, loadError: `${form.subclient} has no completed backup to restore yet.` })
            return
          }
          update(key, { status: 'ready', form, subclientName: form.subclient, values: defaultRestoreValues(form) })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      setValue: (field, value) => {
        const session = get().session
        if (session === null) return
        let values: RestoreValues = { ...session.values, [field]: value }
        // Typing a date or time means browsing at it.
        if (field === 'date' || field === 'time') values = { ...values, latest: false }
        const serverErrors = { ...session.serverErrors }
        if (field === 'fromCopy' || field === 'copyId') delete serverErrors.copyId
        else delete serverErrors.date
        const touched = field === 'time' ? { ...session.touched, time: true as const } : session.touched
        update(session.key, { values, serverErrors, touched, formError: null })
      },

      touch: (field) => {
        const session = get().session
        if (session === null || session.touched[field]) return
        update(session.key, { touched: { ...session.touched, [field]: true } })
      },

      submit: async () => {
        const session = get().session
        if (session === null || session.status !== 'ready' || session.form === null) return
        const { key, values } = session
        const first = firstProblemField(restoreProblems(values, session.form), fieldOrder) as RestoreField | undefined
        if (first !== undefined) {
          update(key, { submitted: true, focus: { field: first, seq: ++focusSeq } })
          return
        }
        update(key, { submitted: true, status: 'running', formError: null })
        const at = values.latest ? null : browseTime(values)
        const copyId = values.fromCopy ? values.copyId : null
        try {
          const root = await api.invoke('restore:browse', { subclientId: session.subclientId, at, copyId, folder: '' })
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onBrowsed({ subclientId: session.subclientId, at, copyId, root })
        } catch (error) {
          if (get().session?.key !== key) return
          const field = dialogField(isCommandError(error) ? error.field : undefined)
          if (field === undefined) {
            update(key, { status: 'ready', formError: errorMessage(error) })
            return
          }
          const current = get().session
          update(key, { status: 'ready', serverErrors: { ...current?.serverErrors, [field]: errorMessage(error) }, focus: { field, seq: ++focusSeq } })
        }
      },
    }
  })
}
