/**
 * A copy's View Jobs: what the administrator does to its jobs (Do Not Copy, Copy Again, Retain Job, Do Not Retain
 * Job, Mark Job Bad, Delete) and the View Jobs filter (job type, status on the copy, time range).
 */
import { z } from 'zod'
import { idField } from './copy-input'
import { BackupType, JobCopyStatus } from './entities'
import { HistoryTimeRange, checkTimeRange, earliestTime, timeField } from './job-history'

/** Retain Job > Retain indefinitely: the job is held until 9999-12-31 (the catalog's `retain_until`). */
export const retainIndefinitely = Date.UTC(9999, 11, 31)

/** The jobs an action takes: one or many rows of View Jobs, each once. */
const jobIdsField = z
  .array(idField('Job'), { error: 'Jobs must be a list of Job IDs.' })
  .min(1, { error: 'Choose at least one job.' })
  .max(1000, { error: 'At most 1000 jobs can be changed at once.' })
  .refine((ids) => new Set(ids).size === ids.length, { error: 'Each job can be listed only once.' })

/** What a View Jobs row menu item does to the selected jobs on the copy. */
export const CopyJobMark = z.enum(['doNotCopy', 'copyAgain', 'retain', 'doNotRetain', 'markBad'], {
  error: 'Action must be Do Not Copy, Copy Again, Retain Job, Do Not Retain Job or Mark Job Bad.',
})
/** A View Jobs mark. */
export type CopyJobMark = z.infer<typeof CopyJobMark>

/** `copies:markJobs`: an action on jobs of a copy; Retain Job names until when (`retainIndefinitely` for ever). */
export const MarkJobsInput = z
  .strictObject({
    copyId: idField('Copy'),
    jobIds: jobIdsField,
    action: CopyJobMark,
    retainUntil: z
      .number({ error: 'Retain Job Until must be a date.' })
      .int({ error: 'Retain Job Until must be a date.' })
      .min(earliestTime, { error: 'Retain Job Until must be on or after 1990-01-01.' })
      .max(retainIndefinitely, { error: 'Retain Job Until must be on or before 9999-12-31.' })
      .nullable(),
  })
  .superRefine((input, context) => {
    if (input.action === 'retain' && input.retainUntil === null) {
      context.addIssue({ code: 'custom', path: ['retainUntil'], message: 'Retain Job Until is required to retain a job.' })
    }
    if (input.action !== 'retain' && input.retainUntil !== null) {
      context.addIssue({ code: 'custom', path: ['retainUntil'], message: 'Retain Job Until is given only with Retain Job.' })
    }
  })
/** `copies:markJobs` input. */
export type MarkJobsInput = z.infer<typeof MarkJobsInput>

/** What a mark did: each job's state on the copy afterwards and until when it is retained (null: not retained). */
export const MarkJobsResult = z.object({
  copy: z.string(),
  action: CopyJobMark,
  jobs: z.array(z.object({ jobId: z.number().int(), status: JobCopyStatus, retainUntil: z.number().int().nullable() })),
})
/** What a mark did. */
export type MarkJobsResult = z.infer<typeof MarkJobsResult>

/** View Jobs > Delete on a copy: the jobs, and with `confirm` false only what would go (nothing is deleted). */
export const DeleteJobInput = z.strictObject({
  copyId: idField('Copy'),
  backupJobIds: jobIdsField,
  confirm: z.boolean({ error: 'confirm must be true or false.' }),
})
/** View Jobs > Delete input. */
export type DeleteJobInput = z.infer<typeof DeleteJobInput>

/**
 * What a Delete removes from the copy: the jobs chosen and the later jobs of their cycles there that restore through
 * them (`dependent`), oldest first.
 */
export const DeleteJobResult = z.object({
  deleted: z.boolean(),
  jobs: z.array(z.object({ jobId: z.number().int(), backupType: z.string(), dependent: z.boolean() })),
  copy: z.string(),
})
/** What a Delete removes. */
export type DeleteJobResult = z.infer<typeof DeleteJobResult>

/** The View Jobs filter's fields; null is All (for the time range: `all`). */
const viewJobsFilterShape = {
  backupType: z.enum(BackupType.options, { error: `Job Type must be one of ${BackupType.options.join(', ')}.` }).nullable(),
  status: z.enum(JobCopyStatus.options, { error: `Job Status must be one of ${JobCopyStatus.options.join(', ')}.` }).nullable(),
  timeRange: HistoryTimeRange,
  /** Specify Time Range: jobs that started at or after this time. */
  startTime: timeField('Start Time'),
  /** Specify Time Range: jobs that started at or before this time. */
  endTime: timeField('End Time'),
}

/** A copy's View Jobs filter: which of its jobs the list shows. */
export const ViewJobsFilter = z.strictObject(viewJobsFilterShape).superRefine(checkTimeRange)
/** A copy's View Jobs filter. */
export type ViewJobsFilter = z.infer<typeof ViewJobsFilter>
