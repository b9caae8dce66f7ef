/** A copy's View Jobs filter (job type, status on the copy, time range): its default, title and problems. */
import { ViewJobsFilter } from '../model/copy-jobs'
import { fieldProblems, historyTimeRanges } from './job-history'

/** The filter that lists every job on the copy. */
export const unfilteredViewJobs: ViewJobsFilter = { backupType: null, status: null, timeRange: 'all', startTime: null, endTime: null }

/** Whether a filter leaves any job out. */
export function isFilteredViewJobs(filter: ViewJobsFilter): boolean {
  return filter.backupType !== null || filter.status !== null || filter.timeRange !== 'all'
}

/** The View Jobs tab's label: `Jobs for Copy_2`, or `Jobs for Copy_2 (filtered)`. */
export function viewJobsTitle(name: string, filter: ViewJobsFilter | undefined): string {
  return `Jobs for ${name}${filter !== undefined && isFilteredViewJobs(filter) ? ' (filtered)' : ''}`
}

/** A field of the View Jobs filter. */
export type ViewJobsField = keyof ViewJobsFilter

/** The problems of a View Jobs filter, by field, in the CommServe's words. */
export function viewJobsProblems(filter: ViewJobsFilter): Partial<Record<ViewJobsField, string>> {
  return fieldProblems<ViewJobsField>(ViewJobsFilter, filter)
}

/** What a copy's View Jobs lists, beside its `Filter...` control: `All jobs`, or the conditions of its filter. */
export function viewJobsFilterText(filter: ViewJobsFilter | undefined): string {
  if (filter === undefined || !isFilteredViewJobs(filter)) return 'All jobs'
  const parts = [
    filter.backupType === null ? null : `Job Type: ${filter.backupType}`,
    filter.status === null ? null : `Job Status: ${filter.status}`,
    filter.timeRange === 'all' ? null : `Time Range: ${timeRangeText(filter)}`,
  ]
  return `Filtered by ${parts.filter((part) => part !== null).join('; ')}`
}

/** `Last Week`, or `01/02/2026 to 01/09/2026` for a specified range (local dates). */
function timeRangeText(filter: ViewJobsFilter): string {
  if (filter.timeRange !== 'specify') return historyTimeRanges.find((choice) => choice.range === filter.timeRange)?.label ?? ''
  const day = (time: number | null) => {
    if (time === null) return ''
    const date = new Date(time)
    return `${String(date.getMonth() + 1).padStart(2, '0')}/${String(date.getDate()).padStart(2, '0')}/${date.getFullYear()}`
  }
  return `${day(filter.startTime)} to ${day(filter.endTime)}`
}
