/**
 * The Schedule Details sub-dialog's state, shared by the Schedule Policy dialog and a storage policy's Auxiliary
 * Copy Schedules: the values, what was touched, the problems to show (the rules' once touched or OK pressed, the
 * CommServe's until the field changes) and the field to bring forward. Pure functions over plain values.
 */
import type { ScheduleInput } from '../../app/model/schedule'
import type { FocusRequest } from './copy-dialog-store'
import {
  firstScheduleProblem,
  scheduleInputOf,
  scheduleProblemField,
  scheduleProblems,
  type Problems,
  type ScheduleFormValues,
} from './schedule-form-model'

/** One opening of Schedule Details. */
export interface ScheduleEditor {
  /** The schedule it edits (its row in the list), or null for Add. */
  readonly index: number | null
  readonly values: ScheduleFormValues
  /** The names of the other schedules beside it (a name may be used once). */
  readonly otherNames: readonly string[]
  readonly touched: Readonly<Record<string, true>>
  readonly submitted: boolean
  /** Problems the CommServe reported, by field, shown until that field changes. */
  readonly serverErrors: Problems
  /** A refusal that names no field of Schedule Details. */
  readonly formError: string | null
  readonly focus: FocusRequest | null
  /** OK is saving it (a storage policy's schedule is saved at once). */
  readonly saving: boolean
}

/** Opens Schedule Details on values. */
export function openScheduleEditor(values: ScheduleFormValues, index: number | null, otherNames: readonly string[]): ScheduleEditor {
  return { index, values, otherNames, touched: {}, submitted: false, serverErrors: {}, formError: null, focus: null, saving: false }
}

/** Every problem of the editor's values. */
export function scheduleEditorProblems(editor: ScheduleEditor): Problems {
  return scheduleProblems(editor.values, editor.otherNames)
}

/** The message to show beside a field now: the CommServe's, else the rule's once touched or OK pressed. */
export function scheduleEditorProblem(editor: ScheduleEditor, problems: Problems, field: string): string | undefined {
  return editor.serverErrors[field] ?? (editor.submitted || editor.touched[field] ? problems[field] : undefined)
}

/** The editor after one field changed: its CommServe problem is gone and its own problem shows from now on. */
export function changeScheduleEditor<K extends keyof ScheduleFormValues>(
  editor: ScheduleEditor,
  field: K,
  value: ScheduleFormValues[K],
): ScheduleEditor {
  const values = { ...editor.values, [field]: value }
  const problemField = scheduleProblemField[field]
  if (problemField === null) return { ...editor, values }
  const serverErrors = { ...editor.serverErrors }
  delete serverErrors[problemField]
  // Changing the pattern kind changes which fields apply: their CommServe messages no longer hold.
  if (field === 'kind') for (const key of Object.keys(serverErrors)) if (key.startsWith('pattern')) delete serverErrors[key]
  return { ...editor, values, serverErrors, touched: { ...editor.touched, [problemField]: true } }
}

/** The editor after a field was left. */
export function touchScheduleEditor(editor: ScheduleEditor, field: string): ScheduleEditor {
  return editor.touched[field] ? editor : { ...editor, touched: { ...editor.touched, [field]: true } }
}

/**
 * OK on Schedule Details: the schedule to keep when the values have no problems, else the editor showing them all
 * with the first one focused (`focusSeq` numbers the request).
 */
export function submitScheduleEditor(editor: ScheduleEditor, focusSeq: number): { readonly editor: ScheduleEditor; readonly schedule: ScheduleInput | null } {
  const first = firstScheduleProblem(scheduleEditorProblems(editor))
  if (first !== undefined) return { editor: { ...editor, submitted: true, focus: { field: first, seq: focusSeq } }, schedule: null }
  return { editor: { ...editor, submitted: true }, schedule: scheduleInputOf(editor.values) }
}

/** The editor showing a CommServe refusal beside its field (or above the fields when it names none of them). */
export function refuseScheduleEditor(editor: ScheduleEditor, field: string | undefined, message: string, focusSeq: number): ScheduleEditor {
  if (field === undefined || !isScheduleField(field)) return { ...editor, saving: false, formError: message }
  return {
    ...editor,
    saving: false,
    formError: null,
    serverErrors: { ...editor.serverErrors, [field]: message },
    focus: { field, seq: focusSeq },
  }
}

/** Whether a field path (inside one schedule) is shown by Schedule Details. */
export function isScheduleField(field: string): boolean {
  return field === 'name' || field === 'pattern' || field.startsWith('pattern.') || field === 'options.streams'
}
