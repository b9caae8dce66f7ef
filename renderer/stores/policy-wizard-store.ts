/**
 * The New Storage Policy wizard: the lists it offers (server data), what the user typed, the current step, the
 * problems to show, and Finish.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { PolicyFormData } from '../../app/model/copy-forms'
import type { FieldProblems } from '../../app/rules/copy-form'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import {
  changePolicyValue,
  createPolicyInput,
  firstPolicyProblem,
  newPolicyValues,
  policyFieldStep,
  policyProblemField,
  policySteps,
  policyValuesProblems,
  stepProblems,
  type PolicyFormValues,
  type PolicyStep,
} from './policy-wizard-model'

/** One opening of the wizard. */
export interface PolicyWizardSession {
  readonly key: number
  readonly status: 'loading' | 'ready' | 'saving' | 'error'
  readonly loadError: string | null
  readonly form: PolicyFormData | null
  readonly values: PolicyFormValues
  readonly step: PolicyStep
  readonly touched: Readonly<Record<string, true>>
  /** Steps the user tried to leave with Next (their problems all show). */
  readonly checkedSteps: Readonly<Partial<Record<PolicyStep, true>>>
  readonly serverErrors: FieldProblems
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** The wizard state and its actions. */
export interface PolicyWizardState {
  readonly session: PolicyWizardSession | null
  open(): Promise<void>
  close(): void
  setValue<K extends keyof PolicyFormValues>(field: K, value: PolicyFormValues[K]): void
  touch(field: string): void
  /** Next: to the following step when this one has no problems. */
  next(): void
  back(): void
  /** Finish: creates the policy with its primary copy. */
  finish(): Promise<void>
  /** Every problem of a session's values (the name checked against the policies the console knows). */
  problems(session: PolicyWizardSession): FieldProblems
}

/** What the wizard needs from the rest of the console. */
export interface PolicyWizardHooks {
  /** The storage policy names the console knows (the tree's loaded Storage Policies), for the name check. */
  readonly policyNames: () => readonly string[]
  /** A policy was created. */
  readonly onCreated: (created: { readonly name: string; readonly nodeId: string }) => void
}

/** Every problem of the session's values. */
export function policySessionProblems(session: PolicyWizardSession, policyNames: readonly string[]): FieldProblems {
  return session.form === null ? {} : policyValuesProblems(session.values, session.form, policyNames)
}

/** The message to show beside a field now. */
export function visiblePolicyProblem(session: PolicyWizardSession, problems: FieldProblems, field: string): string | undefined {
  const step = policyFieldStep(field)
  const checked = step !== undefined && session.checkedSteps[step] === true
  return session.serverErrors[field] ?? (checked || session.touched[field] ? problems[field] : undefined)
}

/** Creates the New Storage Policy wizard store over the console api. */
export function createPolicyWizardStore(api: ConsoleApi, hooks: PolicyWizardHooks): StoreApi<PolicyWizardState> {
  let openings = 0
  let focusSeq = 0

  return createStore<PolicyWizardState>()((set, get) => {
    const update = (key: number, change: Partial<PolicyWizardSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))

    const problemsNow = (session: PolicyWizardSession): FieldProblems => policySessionProblems(session, hooks.policyNames())

    return {
      session: null,
      problems: problemsNow,

      open: async () => {
        const key = ++openings
        set({
          session: {
            key,
            status: 'loading',
            loadError: null,
            form: null,
            values: newPolicyValues,
            step: 'name',
            touched: {},
            checkedSteps: {},
            serverErrors: {},
            formError: null,
            focus: null,
          },
        })
        try {
          const form = await api.invoke('policies:form', {})
          update(key, { status: 'ready', form })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      setValue: (field, value) => {
        const session = get().session
        if (session?.form == null) return
        const values = changePolicyValue(session.values, field, value, session.form)
        const serverErrors = { ...session.serverErrors }
        for (const key of Object.keys(values) as (keyof PolicyFormValues)[]) {
          if (values[key] !== session.values[key]) delete serverErrors[policyProblemField[key]]
        }
        update(session.key, { values, serverErrors, touched: { ...session.touched, [policyProblemField[field]]: true } })
      },

      touch: (field) => {
        const session = get().session
        if (session !== null && !session.touched[field]) update(session.key, { touched: { ...session.touched, [field]: true } })
      },

      next: () => {
        const session = get().session
        if (session === null || session.status !== 'ready') return
        const index = policySteps.indexOf(session.step)
        const here = stepProblems(problemsNow(session), session.step)
        const first = firstPolicyProblem(here)
        if (first !== undefined) {
          update(session.key, { checkedSteps: { ...session.checkedSteps, [session.step]: true }, focus: { field: first, seq: ++focusSeq } })
          return
        }
        const step = policySteps[Math.min(index + 1, policySteps.length - 1)] ?? session.step
        update(session.key, { step, checkedSteps: { ...session.checkedSteps, [session.step]: true } })
      },

      back: () => {
        const session = get().session
        if (session === null) return
        const index = policySteps.indexOf(session.step)
        update(session.key, { step: policySteps[Math.max(index - 1, 0)] ?? session.step })
      },

      finish: async () => {
        const session = get().session
        if (session === null || session.status !== 'ready') return
        const key = session.key
        const problems = problemsNow(session)
        const first = firstPolicyProblem(problems)
        if (first !== undefined) {
          const allChecked = Object.fromEntries(policySteps.map((step) => [step, true]))
          update(key, { checkedSteps: allChecked, step: policyFieldStep(first) ?? session.step, focus: { field: first, seq: ++focusSeq } })
          return
        }
        update(key, { status: 'saving', formError: null })
        try {
          const input = createPolicyInput(session.values)
          const created = await api.invoke('policies:create', input)
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onCreated({ name: input.name, nodeId: created.nodeId })
        } catch (error) {
          if (get().session?.key !== key) return
          const field = isCommandError(error) ? error.field : undefined
          const step = field === undefined ? undefined : policyFieldStep(field)
          if (field === undefined || step === undefined) {
            update(key, { status: 'ready', formError: errorMessage(error) })
            return
          }
          update(key, {
            status: 'ready',
            step,
            serverErrors: { ...get().session?.serverErrors, [field]: errorMessage(error) },
            focus: { field, seq: ++focusSeq },
          })
        }
      },
    }
  })
}
