import { z } from 'zod'
import { BackupType, JobCopyStatus } from './entities'
import { idField } from './copy-input'
import { AuxCopyOptions } from './schedule'
import { OverwriteMode, StoredPath } from './browse'

/** What a Job Controller job is doing (the Operation column). */
export const Operation = z.enum(['Backup', 'Auxiliary Copy', 'Restore', 'Data Verification', 'Data Aging'])
/** What a job is doing. */
export type Operation = z.infer<typeof Operation>

/** A job's status, in the product's words. */
export const JobStatus = z.enum([
  'Waiting',
  'Running',
  'Pending',
  'Suspended',
  'Completed',
  'Completed w/ one or more errors',
  'Failed',
  'Killed',
])
/** A job's status. */
export type JobStatus = z.infer<typeof JobStatus>

/** Statuses of a job that has not ended. */
export const activeStatuses: readonly JobStatus[] = ['Waiting', 'Running', 'Pending', 'Suspended']

/** Whether a job has not ended yet. */
export function isActiveStatus(status: JobStatus): boolean {
  return activeStatuses.includes(status)
}

/** One row of the Job Controller. */
export const JobRow = z.object({
  jobId: z.number().int(),
  operation: Operation,
  /** `client / agent / subclient` for backups and restores, the CommServe for auxiliary copies. */
  client: z.string(),
  storagePolicy: z.string(),
  /** The copy written (aux copy: one copy, or `All Copies`), or read (restore). */
  copy: z.string(),
  backupType: BackupType.nullable(),
  status: JobStatus,
  phase: z.string(),
  /** 0..100. */
  progress: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  /** Bytes per second, over the last seconds while running; the average once ended. */
  throughput: z.number(),
  startTime: z.number().int(),
  endTime: z.number().int().nullable(),
  /** Why a job is Pending or failed, for the Reason column. */
  reason: z.string(),
  description: z.string(),
  /** The schedule that started it, or empty for a job run by hand. */
  schedule: z.string(),
})
/** One row of the Job Controller. */
export type JobRow = z.infer<typeof JobRow>

/**
 * What a job moved, summed over the backup jobs it made durable: bytes read from the source, bytes actually written
 * to the target, and for deduplicated targets the blocks written anew and those found already in the DDB.
 */
export const JobFigures = z.object({
  bytesRead: z.number(),
  bytesWritten: z.number(),
  blocksWritten: z.number(),
  blocksFound: z.number(),
})
/** What a job moved. */
export type JobFigures = z.infer<typeof JobFigures>

/** A job's Details: its row, the backup jobs it handled, its errors. */
export const JobDetails = z.object({
  job: JobRow,
  items: z.array(
    z.object({
      backupJobId: z.number().int(),
      copy: z.string(),
      backupType: BackupType,
      bytes: z.number(),
      status: z.string(),
    }),
  ),
  errors: z.array(z.object({ backupJobId: z.number().int().nullable(), file: z.string(), reason: z.string() })),
  /** What the job's outcome says of the data, exactly (what Available means for the jobs it wrote, what it checked). */
  availability: z.string(),
  /** What a backup or aux copy moved (null for restores and verifications, and for jobs that made nothing durable). */
  figures: JobFigures.nullable(),
  /** Whether it wrote to a deduplicated copy (the figures then count blocks). */
  deduplicated: z.boolean(),
})
/** A job's Details. */
export type JobDetails = z.infer<typeof JobDetails>

/**
 * A job's throughput over time (Job Details' chart), sampled by the Job Manager: each interval's end and length in
 * ms after the job's start, the bytes it moved and the phase it was in (a Suspended, Pending or Waiting stretch moves
 * none). While the job runs, the last sample is the interval still open, up to now.
 */
export const JobThroughput = z.object({
  jobId: z.number().int(),
  /** How long an interval lasts now: 1 s at first, doubled each time a long job's samples were merged (at most 600). */
  intervalMs: z.number().int(),
  samples: z.array(z.object({ endMs: z.number(), ms: z.number(), bytes: z.number(), phase: z.string() })),
})
/** A job's throughput over time. */
export type JobThroughput = z.infer<typeof JobThroughput>

/** The Auxiliary Copy Job Options dialog's choices (domain reference 4.2). */
export const RunAuxCopyInput = z.strictObject({
  storagePolicyId: idField('Storage Policy'),
  /** Select a Copy; null means All Copies (every active secondary copy). */
  copyId: idField('Copy').nullable(),
  /** Number of Streams; null means Allow Maximum. */
  streams: AuxCopyOptions.shape.streams,
  startNewMedia: AuxCopyOptions.shape.startNewMedia,
  markMediaFull: AuxCopyOptions.shape.markMediaFull,
  /** Verify copied data: re-read each chunk written to the target and check its CRC-32 before the job is Available. */
  verifyCopiedData: z.boolean({ error: 'Verify copied data must be on or off.' }),
  description: z.string({ error: 'Description must be text.' }).max(500, { error: 'Description must be at most 500 characters.' }),
})
/** Run Auxiliary Copy input. */
export type RunAuxCopyInput = z.infer<typeof RunAuxCopyInput>

/** What the Auxiliary Copy Job Options dialog offers. */
export const AuxCopyFormData = z.object({
  /** Policies with at least one active secondary copy (the CommCell-level list). */
  policies: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      copies: z.array(z.object({ id: z.number().int(), name: z.string(), toBeCopied: z.number().int() })),
    }),
  ),
})
/** What the Auxiliary Copy Job Options dialog offers. */
export type AuxCopyFormData = z.infer<typeof AuxCopyFormData>

/** A backup of a subclient. */
export const RunBackupInput = z.strictObject({
  subclientId: idField('Subclient'),
  backupType: z.enum(['Full', 'Incremental', 'Differential'], { error: 'Backup Type must be Full, Incremental or Differential.' }),
})
/** A backup of a subclient. */
export type RunBackupInput = z.infer<typeof RunBackupInput>

/** An absolute folder path field. */
export const folderPath = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .trim()
    .min(1, { error: `${label} is required.` })
    .max(1024, { error: `${label} must be at most 1024 characters.` })
    .regex(/^(\/|[A-Za-z]:[\\/])/, { error: `${label} must be an absolute folder path.` })

/** A subclient's content folders (Subclient Properties > Content). */
export const UpdateSubclientInput = z.strictObject({
  subclientId: idField('Subclient'),
  content: z.array(folderPath('Content')).min(1, { error: 'Add at least one content folder.' }).max(100, { error: 'At most 100 content folders.' }),
})
/** A subclient's content folders. */
export type UpdateSubclientInput = z.infer<typeof UpdateSubclientInput>

/**
 * Restore a backup job (with the jobs it builds on) from a copy: all of it, or the files and folders selected in
 * Browse and Restore, In Place (destination null: each to where it was backed up from) or Out of Place (under a
 * folder, with its original path).
 */
export const RunRestoreInput = z.strictObject({
  backupJobId: idField('Job'),
  /** Restore from this copy; null means by copy precedence (lowest first). */
  copyId: idField('Copy').nullable(),
  /** Out of Place: the folder files are restored under; null: In Place. */
  destination: folderPath('Destination folder').nullable(),
  /** The stored paths selected (a folder brings everything under it); omitted: the whole job. */
  paths: z
    .array(StoredPath('Selected path'))
    .min(1, { error: 'Select at least one file or folder to restore.' })
    .max(100_000, { error: 'Select at most 100,000 files and folders (select their folder instead).' })
    .optional(),
  /** What to do with a file already there; omitted: Never (what is on disk stays). */
  overwrite: OverwriteMode.optional(),
})
/** Restore input. */
export type RunRestoreInput = z.infer<typeof RunRestoreInput>

/** Browse and Restore: a subclient's restorable jobs and the copies holding each. */
export const RestoreFormData = z.object({
  subclient: z.string(),
  /** The CommServe's time (the default Browse Date and time). */
  now: z.number(),
  jobs: z.array(
    z.object({
      backupJobId: z.number().int(),
      backupType: BackupType,
      startTime: z.number().int(),
      bytes: z.number(),
      copies: z.array(z.object({ id: z.number().int(), name: z.string(), precedence: z.number().int() })),
    }),
  ),
})
/** Browse and Restore form data. */
export type RestoreFormData = z.infer<typeof RestoreFormData>

/** Job Controller actions. */
export const JobAction = z.enum(['suspend', 'resume', 'kill'])
/** A Job Controller action. */
export type JobAction = z.infer<typeof JobAction>

/** Oldest Jobs since date the dialog accepts (our choice: nothing older is in any catalog). */
const earliestDate = Date.UTC(1990, 0, 1)

/** Data Verification of one copy: all its Available jobs, or those started on or after a date. */
export const RunVerificationInput = z.strictObject({
  storagePolicyId: idField('Storage Policy'),
  copyId: idField('Copy'),
  /** Jobs since (epoch ms), or null for all jobs. */
  since: z
    .number({ error: 'Jobs since must be a date.' })
    .int({ error: 'Jobs since must be a date.' })
    .min(earliestDate, { error: 'Jobs since must be on or after 1990-01-01.' })
    .max(8.64e15, { error: 'Jobs since must be a date.' })
    .nullable(),
})
/** Data Verification input. */
export type RunVerificationInput = z.infer<typeof RunVerificationInput>

/** What the Data Verification dialog offers: a storage policy's copies. */
export const VerificationFormData = z.object({
  storagePolicyId: z.number().int(),
  policyName: z.string(),
  copies: z.array(z.object({ id: z.number().int(), name: z.string(), availableJobs: z.number().int() })),
  /** The CommServe's time (the default Jobs since date is a week before it). */
  now: z.number().int(),
})
/** What the Data Verification dialog offers. */
export type VerificationFormData = z.infer<typeof VerificationFormData>

/** A copy's jobs with when each was last verified there (Copy Properties > Verification). */
export const CopyVerificationData = z.object({
  copy: z.string(),
  jobs: z.array(
    z.object({
      jobId: z.number().int(),
      backupType: BackupType,
      startTime: z.number().int(),
      status: JobCopyStatus,
      /** When Data Verification (or a verified aux copy) last read it back and it matched; null: never. */
      verifiedAt: z.number().int().nullable(),
      /** Why it is Bad on the copy. */
      badReason: z.string(),
    }),
  ),
  /** More jobs are older than the last listed (ask again with the next offset). */
  more: z.boolean(),
})
/** A copy's jobs with when each was last verified. */
export type CopyVerificationData = z.infer<typeof CopyVerificationData>
