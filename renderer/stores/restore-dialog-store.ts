/**
 * Browse and Restore of a subclient: its restorable jobs (`restore:form`) with one chosen (the newest by default),
 * where to read it from (copy precedence, or a named copy holding it), the destination folder, and OK, which runs
 * `restore:run`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { RunRestoreInput, type RestoreFormData } from '../../app/model/jobs'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField, schemaProblem } from './form-fields'

/** A restorable job of the form. */
export type RestoreJob = RestoreFormData['jobs'][number]

/** The dialog's fields as the user set them. */
export interface RestoreValues {
  readonly backupJobId: number | null
  /** `Copy Precedence` (false, the default: the lowest precedence holding the job) or a named `Copy` (true). */
  readonly fromCopy: boolean
  readonly copyId: number | null
  readonly destination: string
}

/** A field of the dialog, by its contract name. */
export type RestoreField = 'backupJobId' | 'copyId' | 'destination'

const fieldOrder: readonly RestoreField[] = ['backupJobId', 'copyId', 'destination']

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

/** The Browse and Restore state and its actions. */
export interface RestoreDialogState {
  readonly session: RestoreSession | null
  /** Opens the dialog on a subclient node and loads its jobs. */
  open(subclient: TreeNode): Promise<void>
  close(): void
  setValue<K extends keyof RestoreValues>(field: K, value: RestoreValues[K]): void
  touch(field: RestoreField): void
  /** OK: validates, then starts the restore. */
  submit(): Promise<void>
}

/** What the console does once a job started. */
export interface RestoreDialogHooks {
  readonly onStarted: (jobId: number) => void
}

/** The newest job (by start time) of the form. */
export function newestJob(form: RestoreFormData): RestoreJob | undefined {
  return form.jobs.reduce<RestoreJob | undefined>((newest, job) => (newest === undefined || job.startTime > newest.startTime ? job : newest), undefined)
}

/** The job chosen in the values. */
export function chosenJob(form: RestoreFormData | null, values: RestoreValues): RestoreJob | undefined {
  return form?.jobs.find((job) => job.backupJobId === values.backupJobId)
}

/** A job's copies, lowest precedence first. */
export function copiesHolding(job: RestoreJob | undefined): RestoreJob['copies'] {
  return [...(job?.copies ?? [])].sort((a, b) => a.precedence - b.precedence)
}

/** Every problem of the values, with the contract's messages. */
export function restoreProblems(values: RestoreValues, form: RestoreFormData): Partial<Record<RestoreField, string>> {
  const problems: Partial<Record<RestoreField, string>> = {}
  const job = chosenJob(form, values)
  if (job === undefined) problems.backupJobId = 'Select the job to restore.'
  else if (values.fromCopy && !job.copies.some((copy) => copy.id === values.copyId)) {
    problems.copyId = `Select a copy that holds job ${job.backupJobId}.`
  }
  const destination = schemaProblem(RunRestoreInput.shape.destination, values.destination)
  if (destination !== undefined) problems.destination = destination
  return problems
}

/** The problem to show beside a field now: the CommServe's, else the rule's once touched or after OK. */
export function restoreVisibleProblem(session: RestoreSession, field: RestoreField): string | undefined {
  if (session.serverErrors[field] !== undefined) return session.serverErrors[field]
  if (session.form === null || !(session.submitted || session.touched[field])) return undefined
  return restoreProblems(session.values, session.form)[field]
}

/** The CommServe names a restore's job `backupJobId`; other names map to themselves. */
function dialogField(field: string | undefined): RestoreField | undefined {
  return field === 'backupJobId' || field === 'copyId' || field === 'destination' ? field : undefined
}

/** Creates the Browse and Restore store over the console api. */
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
            key,
            status: 'loading',
            loadError: null,
            subclientId: ref?.kind === 'subclient' ? ref.id : 0,
            subclientName: subclient.name,
            form: null,
            values: { backupJobId: null, fromCopy: false, copyId: null, destination: '' },
            touched: {},
            submitted: false,
            serverErrors: {},
            formError: null,
            focus: null,
          },
        })
        try {
          if (ref?.kind !== 'subclient') throw new Error(`${subclient.name} is not a subclient.`)
          const form = await api.invoke('restore:form', { subclientId: ref.id })
          if (form.jobs.length === 0) {
            update(key, { status: 'error', form, loadError: `${form.subclient} has no completed backup to restore yet.` })
            return
          }
          const job = newestJob(form)
          update(key, {
            status: 'ready',
            form,
            subclientName: form.subclient,
            values: { backupJobId: job?.backupJobId ?? null, fromCopy: false, copyId: copiesHolding(job)[0]?.id ?? null, destination: '' },
          })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      setValue: (field, value) => {
        const session = get().session
        if (session === null) return
        let values: RestoreValues = { ...session.values, [field]: value }
        if (field === 'backupJobId') {
          // Another job may live on other copies: keep the chosen copy when it holds it, else the first that does.
          const holders = copiesHolding(chosenJob(session.form, values))
          if (!holders.some((copy) => copy.id === values.copyId)) values = { ...values, copyId: holders[0]?.id ?? null }
        }
        const serverErrors = { ...session.serverErrors }
        const touched = { ...session.touched }
        if (field === 'destination') {
          delete serverErrors.destination
          touched.destination = true
        } else {
          delete serverErrors.backupJobId
          delete serverErrors.copyId
        }
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
        try {
          const { jobId } = await api.invoke('restore:run', {
            backupJobId: values.backupJobId ?? 0,
            copyId: values.fromCopy ? values.copyId : null,
            destination: values.destination.trim(),
          })
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onStarted(jobId)
        } catch (error) {
          if (get().session?.key !== key) return
          const field = dialogField(isCommandError(error) ? error.field : undefined)
          if (field === undefined) {
            update(key, { status: 'ready', formError: errorMessage(error) })
            return
          }
          const current = get().session
          update(key, {
            status: 'ready',
            serverErrors: { ...current?.serverErrors, [field]: errorMessage(error) },
            focus: { field, seq: ++focusSeq },
          })
        }
      },
    }
  })
}
