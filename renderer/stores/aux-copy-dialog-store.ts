/**
 * Auxiliary Copy Job Options (domain reference 4.2): what `auxcopy:form` offered, what the user chose, the problems
 * to show beside each field, and OK, which runs the auxiliary copy now with `auxcopy:run`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { RunAuxCopyInput, type AuxCopyFormData } from '../../app/model/jobs'
import type { NextAuxCopy, NextAuxCopyPlan } from '../../app/model/next-aux-copy'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField, parseNumberText, schemaProblem } from './form-fields'

/** The dialog's fields as the user set them. */
export interface AuxCopyValues {
  readonly storagePolicyId: number | null
  /** `All Copies` (true, the default) or `Select a Copy`. */
  readonly allCopies: boolean
  /** The copy chosen under `Select a Copy`. */
  readonly copyId: number | null
  /** `Allow Maximum` (the default), which turns `Number of Streams` off. */
  readonly allowMaximum: boolean
  /** Number of Streams, as typed. */
  readonly streams: string
  readonly startNewMedia: boolean
  readonly markMediaFull: boolean
  /** Verify copied data: re-read what was written to the target before a job is Available there. */
  readonly verifyCopiedData: boolean
  readonly description: string
}

/** A field of the dialog, by its contract name. */
export type AuxCopyField = 'storagePolicyId' | 'copyId' | 'streams' | 'description'

/** The fields in the order the dialog shows them (the first with a problem takes focus on OK). */
export const auxCopyFieldOrder: readonly AuxCopyField[] = ['storagePolicyId', 'copyId', 'streams', 'description']

/** What the next aux copy of the chosen policy would copy to each of its copies (`auxcopy:estimate`). */
export interface AuxCopyNext {
  readonly storagePolicyId: number
  readonly status: 'loading' | 'ready' | 'error'
  readonly plan: NextAuxCopyPlan | null
  readonly error: string | null
}

/** One opening of the dialog. */
export interface AuxCopySession {
  readonly key: number
  readonly status: 'loading' | 'ready' | 'running' | 'error'
  readonly loadError: string | null
  /** Opened at CommCell level (the toolbar): the storage policy is chosen in the dialog. */
  readonly choosePolicy: boolean
  /** The policy's name when opened on a policy (for the title line). */
  readonly policyName: string | null
  readonly form: AuxCopyFormData | null
  readonly values: AuxCopyValues
  readonly touched: Readonly<Partial<Record<AuxCopyField, true>>>
  readonly submitted: boolean
  readonly serverErrors: Readonly<Partial<Record<AuxCopyField, string>>>
  /** A refusal that names no field of the dialog. */
  readonly formError: string | null
  readonly focus: FocusRequest | null
  /** The next aux copy of the chosen policy, asked when the dialog opens and when another policy is chosen. */
  readonly next: AuxCopyNext | null
}

/** The Auxiliary Copy Job Options state and its actions. */
export interface AuxCopyDialogState {
  readonly session: AuxCopySession | null
  /** Opens the dialog on a storage policy node, or at CommCell level (null). */
  /**
   * Opens on a policy (its menu), or with the policy to choose in the dialog (the toolbar), the one `preselect`
   * names chosen when it has an active secondary copy.
   */
  open(policy: TreeNode | null, preselect?: number | null): Promise<void>
  close(): void
  setValue<K extends keyof AuxCopyValues>(field: K, value: AuxCopyValues[K]): void
  touch(field: AuxCopyField): void
  /** OK: validates, then runs the auxiliary copy now. */
  submit(): Promise<void>
}

/** What the console does once a job started. */
export interface AuxCopyDialogHooks {
  readonly onStarted: (jobId: number) => void
}

/** The defaults: All Copies, Allow Maximum, no media options, no description. */
export function defaultAuxCopyValues(form: AuxCopyFormData, storagePolicyId: number | null): AuxCopyValues {
  const policy = form.policies.find((candidate) => candidate.id === storagePolicyId) ?? form.policies[0]
  return {
    storagePolicyId: policy?.id ?? null,
    allCopies: true,
    // Select a Copy starts with none chosen: the administrator picks it (OK says so otherwise).
    copyId: null,
    allowMaximum: true,
    streams: '1',
    startNewMedia: false,
    markMediaFull: false,
    verifyCopiedData: false,
    description: '',
  }
}

/** The active secondary copies offered for the chosen policy. */
export function auxCopyCopies(session: Pick<AuxCopySession, 'form' | 'values'>): AuxCopyFormData['policies'][number]['copies'] {
  return session.form?.policies.find((policy) => policy.id === session.values.storagePolicyId)?.copies ?? []
}

/**
 * The copies the run would cover as the dialog stands, with what it would copy to each: every copy under All Copies,
 * the chosen one under Select a Copy (none until one is chosen).
 */
export function auxCopyCovered(session: Pick<AuxCopySession, 'values' | 'next'>): readonly NextAuxCopy[] {
  const { values, next } = session
  if (next === null || next.plan === null || next.storagePolicyId !== values.storagePolicyId) return []
  return values.allCopies ? next.plan.copies : next.plan.copies.filter((copy) => copy.copyId === values.copyId)
}

/** Every problem of the values, with the contract's messages. */
export function auxCopyProblems(values: AuxCopyValues, form: AuxCopyFormData): Partial<Record<AuxCopyField, string>> {
  const problems: Partial<Record<AuxCopyField, string>> = {}
  const policy = form.policies.find((candidate) => candidate.id === values.storagePolicyId)
  if (policy === undefined) problems.storagePolicyId = 'Select a storage policy that has an active secondary copy.'
  if (!values.allCopies && (policy === undefined || !policy.copies.some((copy) => copy.id === values.copyId))) {
    problems.copyId = 'Select the copy to copy to, or choose All Copies.'
  }
  if (!values.allowMaximum) {
    const streams = schemaProblem(RunAuxCopyInput.shape.streams, parseNumberText(values.streams))
    if (streams !== undefined) problems.streams = streams
  }
  const description = schemaProblem(RunAuxCopyInput.shape.description, values.description)
  if (description !== undefined) problems.description = description
  return problems
}

/** What `auxcopy:run` is sent for valid values. */
export function auxCopyInput(values: AuxCopyValues): RunAuxCopyInput {
  return {
    storagePolicyId: values.storagePolicyId ?? 0,
    copyId: values.allCopies ? null : values.copyId,
    streams: values.allowMaximum ? null : parseNumberText(values.streams),
    startNewMedia: values.startNewMedia,
    markMediaFull: values.markMediaFull,
    verifyCopiedData: values.verifyCopiedData,
    description: values.description.trim(),
  }
}

/** The problem to show beside a field now: the CommServe's, else the rule's once touched or after OK. */
export function auxCopyVisibleProblem(session: AuxCopySession, field: AuxCopyField): string | undefined {
  if (session.serverErrors[field] !== undefined) return session.serverErrors[field]
  if (session.form === null || !(session.submitted || session.touched[field])) return undefined
  return auxCopyProblems(session.values, session.form)[field]
}

const knownFields: ReadonlySet<string> = new Set(auxCopyFieldOrder)

/** The field whose problem a value's change concerns (the media options have none). */
const problemFieldOf: Readonly<Record<keyof AuxCopyValues, AuxCopyField | null>> = {
  storagePolicyId: 'storagePolicyId',
  allCopies: 'copyId',
  copyId: 'copyId',
  allowMaximum: 'streams',
  streams: 'streams',
  startNewMedia: null,
  markMediaFull: null,
  verifyCopiedData: null,
  description: 'description',
}

/** Creates the Auxiliary Copy Job Options store over the console api. */
export function createAuxCopyDialogStore(api: ConsoleApi, hooks: AuxCopyDialogHooks): StoreApi<AuxCopyDialogState> {
  let openings = 0
  let focusSeq = 0
  return createStore<AuxCopyDialogState>()((set, get) => {
    const update = (key: number, change: Partial<AuxCopySession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))

    /** Asks what the next aux copy of a policy would copy; an answer for a policy no longer chosen is dropped. */
    const loadNext = async (key: number, storagePolicyId: number | null): Promise<void> => {
      if (storagePolicyId === null) {
        update(key, { next: null })
        return
      }
      update(key, { next: { storagePolicyId, status: 'loading', plan: null, error: null } })
      const current = (): boolean => get().session?.key === key && get().session?.next?.storagePolicyId === storagePolicyId
      try {
        const plan = await api.invoke('auxcopy:estimate', { storagePolicyId, copyId: null })
        if (current()) update(key, { next: { storagePolicyId, status: 'ready', plan, error: null } })
      } catch (error) {
        if (current()) update(key, { next: { storagePolicyId, status: 'error', plan: null, error: errorMessage(error) } })
      }
    }

    return {
      session: null,

      open: async (policy, preselect = null) => {
        const key = ++openings
        const ref = policy === null ? undefined : parseNodeId(policy.id)
        const storagePolicyId = ref?.kind === 'storagePolicy' ? ref.id : null
        set({
          session: {
            key,
            status: 'loading',
            loadError: null,
            choosePolicy: policy === null,
            policyName: policy?.name ?? null,
            form: null,
            values: defaultAuxCopyValues({ policies: [] }, null),
            touched: {},
            submitted: false,
            serverErrors: {},
            formError: null,
            focus: null,
            next: null,
          },
        })
        try {
          if (policy !== null && storagePolicyId === null) throw new Error(`${policy.name} is not a storage policy.`)
          const form = await api.invoke('auxcopy:form', { storagePolicyId })
          const loadError =
            form.policies.length > 0
              ? null
              : policy === null
                ? 'No storage policy has an active secondary copy. Create a copy first (a storage policy > All Tasks > Create New Copy).'
                : `${policy.name} has no active secondary copy to copy to.`
          const values = defaultAuxCopyValues(form, storagePolicyId ?? preselect)
          update(key, { status: loadError === null ? 'ready' : 'error', loadError, form, values })
          if (loadError === null) void loadNext(key, values.storagePolicyId)
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      setValue: (field, value) => {
        const session = get().session
        if (session === null) return
        let values: AuxCopyValues = { ...session.values, [field]: value }
        // Another policy offers other copies: none of them is chosen yet.
        if (field === 'storagePolicyId') values = { ...values, copyId: null }
        const problemField = problemFieldOf[field]
        const serverErrors = { ...session.serverErrors }
        if (problemField !== null) delete serverErrors[problemField]
        if (field === 'storagePolicyId') delete serverErrors.copyId
        // Typing or choosing shows that field's problem from now on; a switch (radio, checkbox) waits for OK.
        const switched = problemField === null || field === 'allCopies' || field === 'allowMaximum'
        const touched = switched ? session.touched : { ...session.touched, [problemField]: true }
        update(session.key, { values, serverErrors, touched, formError: null })
        if (field === 'storagePolicyId') void loadNext(session.key, values.storagePolicyId)
      },

      touch: (field) => {
        const session = get().session
        if (session === null || session.touched[field]) return
        update(session.key, { touched: { ...session.touched, [field]: true } })
      },

      submit: async () => {
        const session = get().session
        if (session === null || session.status !== 'ready' || session.form === null) return
        const { key } = session
        const problems = auxCopyProblems(session.values, session.form)
        const first = firstProblemField(problems, auxCopyFieldOrder) as AuxCopyField | undefined
        if (first !== undefined) {
          update(key, { submitted: true, focus: { field: first, seq: ++focusSeq } })
          return
        }
        update(key, { submitted: true, status: 'running', formError: null })
        try {
          const { jobId } = await api.invoke('auxcopy:run', auxCopyInput(session.values))
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onStarted(jobId)
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
