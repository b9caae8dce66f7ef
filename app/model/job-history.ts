/**
 * The CommCell's Job History: the Job History Filter dialog's choices (operation, storage policy, client, job status,
 * time range), the `jobs:history` input that carries them with a page, and what the dialog is offered.
 */
import { z } from 'zod'
import { idField } from './copy-input'
import { JobStatus, Operation } from './jobs'

/** The Time Range choices of the Job History Filter, relative to the CommServe's clock, or Specify Time Range. */
export const HistoryTimeRange = z.enum(['last24Hours', 'lastWeek', 'lastMonth', 'all', 'specify'], {
  error: 'Time Range must be Last 24 Hours, Last Week, Last Month, All or Specify Time Range.',
})
/** A Time Range choice. */
export type HistoryTimeRange = z.infer<typeof HistoryTimeRange>

/** The Job Status choices of the Job History Filter besides All: the statuses a job ends with. */
export const HistoryJobStatus = JobStatus.extract(['Completed', 'Completed w/ one or more errors', 'Failed', 'Killed'], {
  error: 'Job Status must be Completed, Completed w/ one or more errors, Failed or Killed.',
})
/** A Job Status choice besides All. */
export type HistoryJobStatus = z.infer<typeof HistoryJobStatus>

/** Oldest Start Time the filter accepts (our choice, as for Data Verification: nothing older is in any catalog). */
export const earliestTime = Date.UTC(1990, 0, 1)

/** A Start Time or End Time (epoch ms), or null unless the Time Range is Specify Time Range. */
export const timeField = (label: string) =>
  z
    .number({ error: `${label} must be a date.` })
    .int({ error: `${label} must be a date.` })
    .min(earliestTime, { error: `${label} must be on or after 1990-01-01.` })
    // Beyond ±8.64e15 ms a JavaScript date is NaN, which would slip past every comparison: refuse it here.
    .max(8.64e15, { error: `${label} must be a date.` })
    .nullable()

/** The filter's fields; null is All (for the time range: `all`). */
const filterShape = {
  // The Operation enum's own options, so a new kind of job is offered (and accepted) without a change here.
  operation: z.enum(Operation.options, { error: `Operation must be one of ${Operation.options.join(', ')}.` }).nullable(),
  storagePolicyId: idField('Storage Policy').nullable(),
  clientId: idField('Client').nullable(),
  status: HistoryJobStatus.nullable(),
  timeRange: HistoryTimeRange,
  /** Specify Time Range: jobs that started at or after this time. */
  startTime: timeField('Start Time'),
  /** Specify Time Range: jobs that started at or before this time. */
  endTime: timeField('End Time'),
}

/** Start Time and End Time: both given with Specify Time Range, in order; neither with another Time Range. */
export function checkTimeRange(filter: { timeRange: HistoryTimeRange; startTime: number | null; endTime: number | null }, context: z.RefinementCtx): void {
  const issue = (path: 'startTime' | 'endTime', message: string) => context.addIssue({ code: 'custom', path: [path], message })
  if (filter.timeRange !== 'specify') {
    if (filter.startTime !== null) issue('startTime', 'Start Time is given only with Specify Time Range.')
    if (filter.endTime !== null) issue('endTime', 'End Time is given only with Specify Time Range.')
    return
  }
  if (filter.startTime === null) issue('startTime', 'Start Time is required with Specify Time Range.')
  if (filter.endTime === null) issue('endTime', 'End Time is required with Specify Time Range.')
  if (filter.startTime !== null && filter.endTime !== null && filter.endTime < filter.startTime) {
    issue('endTime', 'End Time cannot be before Start Time.')
  }
}

/** The Job History Filter: which jobs Job History lists. */
export const JobHistoryFilter = z.strictObject(filterShape).superRefine(checkTimeRange)
/** The Job History Filter. */
export type JobHistoryFilter = z.infer<typeof JobHistoryFilter>

/** `jobs:history`: the filter and a page of the matching jobs, newest first (`limit` rows after `offset`). */
export const JobHistoryInput = z
  .strictObject({
    ...filterShape,
    limit: z.number({ error: 'Limit must be a whole number.' }).int({ error: 'Limit must be a whole number.' }).min(1, { error: 'Limit must be at least 1.' }).max(10_000, { error: 'Limit must be at most 10000.' }),
    offset: z.number({ error: 'Offset must be a whole number.' }).int({ error: 'Offset must be a whole number.' }).min(0, { error: 'Offset cannot be negative.' }),
  })
  .superRefine(checkTimeRange)
/** `jobs:history` input. */
export type JobHistoryInput = z.infer<typeof JobHistoryInput>

/** What the Job History Filter offers: the storage policies and client computers, and the CommServe's time. */
export const JobHistoryFormData = z.object({
  storagePolicies: z.array(z.object({ id: z.number().int(), name: z.string() })),
  clients: z.array(z.object({ id: z.number().int(), name: z.string() })),
  /** The CommServe's time (Specify Time Range starts at the week before it). */
  now: z.number().int(),
})
/** What the Job History Filter offers. */
export type JobHistoryFormData = z.infer<typeof JobHistoryFormData>
