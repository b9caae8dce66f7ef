/**
 * What the job filter dialogs' stores (the Job History Filter, a copy's View Jobs filter) do alike: a value's change
 * (a date's change shows its problem from then on), a date field's blur, and OK (the first field with a problem takes
 * the focus, else the filter applies).
 */
import type { Dayjs } from 'dayjs'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField } from './form-fields'

/** The fields of a filter that can have a problem: the Start Time and End Time of a specified range. */
export type TimeField = 'startTime' | 'endTime'

/** The fields with a problem, in the order the dialogs show them (the first takes focus on OK). */
export const timeProblemFields: readonly TimeField[] = ['startTime', 'endTime']

/** What a filter session holds besides its own values. */
export interface FilterSession<V> {
  readonly key: number
  readonly status: 'loading' | 'ready' | 'error'
  readonly values: V
  readonly touched: Readonly<Partial<Record<TimeField, true>>>
  readonly submitted: boolean
  readonly focus: FocusRequest | null
}

/** The problem to show beside a time field now: the filter's, once the field was touched or OK was pressed. */
export function visibleTimeProblem<V>(session: FilterSession<V>, field: TimeField, problems: (values: V) => Partial<Record<string, string>>): string | undefined {
  if (!(session.submitted || session.touched[field])) return undefined
  return problems(session.values)[field]
}

/** A filter dialog's actions over its session: set a value, touch a date, OK. */
export function filterSessionActions<S extends FilterSession<{ readonly startDate: Dayjs | null; readonly endDate: Dayjs | null }>>(
  session: () => S | null,
  update: (key: number, change: Partial<S>) => void,
  options: {
    /** The problems of the values, by field. */
    readonly problems: (values: S['values']) => Partial<Record<string, string>>
    /** OK with no problem: the dialog closes and the filter applies. */
    readonly apply: (session: S) => void
  },
) {
  let focusSeq = 0
  return {
    setValue<K extends keyof S['values']>(field: K, value: S['values'][K]): void {
      const current = session()
      if (current === null) return
      // Typing or picking a date shows its problem from now on; the lists wait for OK.
      const touchedField: TimeField | undefined = field === 'startDate' ? 'startTime' : field === 'endDate' ? 'endTime' : undefined
      const touched = touchedField === undefined ? current.touched : { ...current.touched, [touchedField]: true }
      const change: Partial<FilterSession<S['values']>> = { values: { ...current.values, [field]: value }, touched }
      update(current.key, change as Partial<S>)
    },
    touch(field: TimeField): void {
      const current = session()
      if (current === null || current.touched[field]) return
      update(current.key, { touched: { ...current.touched, [field]: true } } as Partial<S>)
    },
    submit(): void {
      const current = session()
      if (current?.status !== 'ready') return
      const first = firstProblemField(options.problems(current.values) as Record<string, string>, timeProblemFields)
      if (first !== undefined) {
        update(current.key, { submitted: true, focus: { field: first, seq: ++focusSeq } } as Partial<S>)
        return
      }
      options.apply(current)
    },
  }
}
