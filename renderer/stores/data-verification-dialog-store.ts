/**
 * Data Verification (a storage policy > All Tasks, or a copy): what `verification:form` offered, the copy and the
 * jobs the user chose, the problems to show beside each field, and OK, which starts the job with `verification:run`.
 */
import dayjs, { type Dayjs } from 'dayjs'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { RunVerificationInput, VerificationFormData } from '../../app/model/jobs'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { jobsSinceProblem } from '../../app/rules/data-verification'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField } from './form-fields'

/** How many days before the CommServe's time the Jobs since date starts. */
export const defaultSinceDays = 7

/** The dialog's fields as the user set them. */
export interface VerificationValues {
  readonly copyId: number | null
  /** `All jobs` (true, the default) or `Jobs since`. */
  readonly allJobs: boolean
  /** The Jobs since date as the picker holds it (possibly incomplete while being typed). */
  readonly since: Dayjs | null
}

/** A field of the dialog, by its contract name. */
export type VerificationField = 'copyId' | 'since'

/** The fields in the order the dialog shows them (the first with a problem takes focus on OK). */
export const verificationFieldOrder: readonly VerificationField[] = ['copyId', 'since']

/** One opening of the dialog. */
export interface VerificationSession {
  readonly key: number
  readonly status: 'loading' | 'ready' | 'running' | 'error'
  readonly loadError: string | null
  /** The storage policy's name (the node's while loading, then the CommServe's). */
  readonly policyName: string
  readonly form: VerificationFormData | null
  readonly values: VerificationValues
  readonly touched: Readonly<Partial<Record<VerificationField, true>>>
  readonly submitted: boolean
  readonly serverErrors: Readonly<Partial<Record<VerificationField, string>>>
  /** A refusal that names no field of the dialog. */
  readonly formError: string | null
  readonly focus: FocusRequest | null
  /** `Date.now()` when the form loaded, to move the CommServe's `now` along. */
  readonly loadedAt: number
}

/** The Data Verification dialog state and its actions. */
export interface VerificationDialogState {
  readonly session: VerificationSession | null
  /** Opens the dialog on a storage policy (its primary copy chosen) or on a copy (that copy chosen). */
  open(node: TreeNode): Promise<void>
  close(): void
  setValue<K extends keyof VerificationValues>(field: K, value: VerificationValues[K]): void
  touch(field: VerificationField): void
  /** OK: validates, then starts the Data Verification job. */
  submit(): Promise<void>
}

/** What the console does once a job started. */
export interface VerificationDialogHooks {
  readonly onStarted: (jobId: number, copyName: string) => void
}

/** The default Jobs since date: the start of the day a week before the CommServe's time. */
export function defaultSince(now: number): Dayjs {
  return dayjs(now).subtract(defaultSinceDays, 'day').startOf('day')
}

/** The defaults: the given copy (else the primary, which the CommServe lists first), All jobs, a week back. */
export function defaultVerificationValues(form: VerificationFormData, copyId: number | null): VerificationValues {
  const copy = form.copies.find((candidate) => candidate.id === copyId) ?? form.copies[0]
  return { copyId: copy?.id ?? null, allJobs: true, since: defaultSince(form.now) }
}

/** The copies offered, each named with its Available job count (`Copy_2 (85 jobs Available)`). */
export function verificationCopyChoices(form: VerificationFormData | null): { id: number; name: string }[] {
  return (form?.copies ?? []).map((copy) => ({
    id: copy.id,
    name: `${copy.name} (${copy.availableJobs.toLocaleString()} ${copy.availableJobs === 1 ? 'job' : 'jobs'} Available)`,
  }))
}

/** The CommServe's time now, moved along from when the form loaded. */
export function verificationNow(session: Pick<VerificationSession, 'form' | 'loadedAt'>): number {
  return (session.form?.now ?? Date.now()) + Math.max(0, Date.now() - session.loadedAt)
}

/** The picked date as the contract takes it: epoch ms of its local midnight; NaN while incomplete; null if none. */
export function jobsSinceValue(date: Dayjs | null): number | null {
  if (date === null) return null
  return date.isValid() ? date.startOf('day').valueOf() : Number.NaN
}

/** Every problem of the values, with the CommServe's messages. */
export function verificationProblems(
  values: VerificationValues,
  form: VerificationFormData,
  now: number,
): Partial<Record<VerificationField, string>> {
  const problems: Partial<Record<VerificationField, string>> = {}
  if (!form.copies.some((copy) => copy.id === values.copyId)) problems.copyId = 'Select the copy to verify.'
  if (!values.allJobs) {
    const since = jobsSinceValue(values.since)
    const problem = since === null ? 'Choose the Jobs since date.' : jobsSinceProblem(since, now)
    if (problem !== undefined) problems.since = problem
  }
  return problems
}

/** What `verification:run` is sent for valid values. */
export function verificationInput(values: VerificationValues, form: VerificationFormData): RunVerificationInput {
  return { storagePolicyId: form.storagePolicyId, copyId: values.copyId ?? 0, since: values.allJobs ? null : jobsSinceValue(values.since) }
}

/** The problem to show beside a field now: the CommServe's, else the rule's once touched or after OK. */
export function verificationVisibleProblem(session: VerificationSession, field: VerificationField): string | undefined {
  if (session.serverErrors[field] !== undefined) return session.serverErrors[field]
  if (session.form === null || !(session.submitted || session.touched[field])) return undefined
  return verificationProblems(session.values, session.form, verificationNow(session))[field]
}

const knownFields: ReadonlySet<string> = new Set(verificationFieldOrder)

/** The field whose problem a value's change concerns. */
const problemFieldOf: Readonly<Record<keyof VerificationValues, VerificationField>> = {
  copyId: 'copyId',
  allJobs: 'since',
  since: 'since',
}

/** Creates the Data Verification dialog store over the console api. */
export function createVerificationDialogStore(api: ConsoleApi, hooks: VerificationDialogHooks): StoreApi<VerificationDialogState> {
  let openings = 0
  let focusSeq = 0
  return createStore<VerificationDialogState>()((set, get) => {
    const update = (key: number, change: Partial<VerificationSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))

    return {
      session: null,

      open: async (node) => {
        const key = ++openings
        const ref = parseNodeId(node.id)
        set({
          session: {
            key,
            status: 'loading',
            loadError: null,
            policyName: ref?.kind === 'storagePolicy' ? node.name : '',
            form: null,
            values: { copyId: null, allJobs: true, since: null },
            touched: {},
            submitted: false,
            serverErrors: {},
            formError: null,
            focus: null,
            loadedAt: Date.now(),
          },
        })
        try {
          let storagePolicyId: number
          let copyId: number | null = null
          if (ref?.kind === 'storagePolicy') storagePolicyId = ref.id
          else if (ref?.kind === 'copy') {
            // A copy's node names no policy: the copy itself does.
            const copy = await api.invoke('copies:get', { copyId: ref.id })
            storagePolicyId = copy.storagePolicyId
            copyId = copy.id
          } else throw new Error(`${node.name} is neither a storage policy nor a copy.`)
          const form = await api.invoke('verification:form', { storagePolicyId })
          update(key, {
            status: 'ready',
            form,
            policyName: form.policyName,
            values: defaultVerificationValues(form, copyId),
            loadedAt: Date.now(),
          })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      setValue: (field, value) => {
        const session = get().session
        if (session === null) return
        const problemField = problemFieldOf[field]
        const serverErrors = { ...session.serverErrors }
        delete serverErrors[problemField]
        // Choosing a copy or typing a date shows that field's problem from now on; the radio waits for OK.
        const touched = field === 'allJobs' ? session.touched : { ...session.touched, [problemField]: true }
        update(session.key, { values: { ...session.values, [field]: value }, serverErrors, touched, formError: null })
      },

      touch: (field) => {
        const session = get().session
        if (session === null || session.touched[field]) return
        update(session.key, { touched: { ...session.touched, [field]: true } })
      },

      submit: async () => {
        const session = get().session
        if (session === null || session.status !== 'ready' || session.form === null) return
        const { key, form } = session
        const problems = verificationProblems(session.values, form, verificationNow(session))
        const first = firstProblemField(problems, verificationFieldOrder) as VerificationField | undefined
        if (first !== undefined) {
          update(key, { submitted: true, focus: { field: first, seq: ++focusSeq } })
          return
        }
        update(key, { submitted: true, status: 'running', formError: null })
        try {
          const { jobId } = await api.invoke('verification:run', verificationInput(session.values, form))
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onStarted(jobId, form.copies.find((copy) => copy.id === session.values.copyId)?.name ?? '')
        } catch (error) {
          if (get().session?.key !== key) return
          const field = isCommandError(error) ? error.field : undefined
          if (field !== undefined && knownFields.has(field)) {
            const current = get().session
            update(key, {
              status: 'ready',
              serverErrors: { ...current?.serverErrors, [field]: errorMessage(error) },
              focus: { field, seq: ++focusSeq },
            })
          } else {
            update(key, { status: 'ready', formError: errorMessage(error) })
          }
        }
      },
    }
  })
}
