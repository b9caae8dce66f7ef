/** Job History's rules, for the filter dialog and the CommServe alike: the time ranges, the title, the problems. */
import type { z } from 'zod'
import { assertNever } from '../model/assert'
import { JobHistoryFilter, type HistoryTimeRange } from '../model/job-history'

const hourMs = 60 * 60 * 1000

/** The Time Range choices in the order the dialog lists them, with their labels. */
export const historyTimeRanges: readonly { readonly range: HistoryTimeRange; readonly label: string }[] = [
  { range: 'last24Hours', label: 'Last 24 Hours' },
  { range: 'lastWeek', label: 'Last Week' },
  { range: 'lastMonth', label: 'Last Month' },
  { range: 'all', label: 'All' },
  { range: 'specify', label: 'Specify Time Range' },
]

/** The filter that lists every job (what Job History listed before it had a filter). */
export const unfilteredHistory: JobHistoryFilter = {
  operation: null,
  storagePolicyId: null,
  clientId: null,
  status: null,
  timeRange: 'all',
  startTime: null,
  endTime: null,
}

/**
 * The start times a filter's Time Range takes, at the CommServe's `now` (epoch ms, both ends included; null: no
 * bound). Last Week is the last 7 days, Last Month the last 30 days.
 */
export function historyTimeBounds(filter: Pick<JobHistoryFilter, 'timeRange' | 'startTime' | 'endTime'>, now: number): { from: number | null; to: number | null } {
  switch (filter.timeRange) {
    case 'last24Hours':
      return { from: now - 24 * hourMs, to: null }
    case 'lastWeek':
      return { from: now - 7 * 24 * hourMs, to: null }
    case 'lastMonth':
      return { from: now - 30 * 24 * hourMs, to: null }
    case 'all':
      return { from: null, to: null }
    case 'specify':
      return { from: filter.startTime, to: filter.endTime }
    default:
      return assertNever(filter.timeRange, 'time range')
  }
}

/** Whether a filter leaves any job out. */
export function isFilteredHistory(filter: JobHistoryFilter): boolean {
  return (
    filter.operation !== null || filter.storagePolicyId !== null || filter.clientId !== null || filter.status !== null || filter.timeRange !== 'all'
  )
}

/** The title of the Job History list (and its tab): `Job History`, or `Job History (filtered)`. */
export function jobHistoryTitle(filter: JobHistoryFilter): string {
  return isFilteredHistory(filter) ? 'Job History (filtered)' : 'Job History'
}

/** A field of the Job History Filter, by its contract name. */
export type JobHistoryField = keyof JobHistoryFilter

/** The problems of a value by its schema, by top-level field, in the CommServe's words (the first of each field). */
export function fieldProblems<F extends string>(schema: z.ZodType, value: unknown): Partial<Record<F, string>> {
  const parsed = schema.safeParse(value)
  if (parsed.success) return {}
  const problems: Partial<Record<F, string>> = {}
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as F | undefined
    if (field !== undefined) problems[field] ??= issue.message
  }
  return problems
}

/** The problems of a filter, by field, in the CommServe's words (the dialog shows each beside its field). */
export function jobHistoryProblems(filter: JobHistoryFilter): Partial<Record<JobHistoryField, string>> {
  return fieldProblems<JobHistoryField>(JobHistoryFilter, filter)
}
