import { z } from 'zod'
import { BackupType } from './entities'
import { idField } from './copy-input'
import { AuxCopyOptions } from './schedule'

/** What a Job Controller job is doing (the Operation column). */
export const Operation = z.enum(['Backup', 'Auxiliary Copy', 'Restore', 'Data Verification'])
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
})
/** A job's Details. */
export type JobDetails = z.infer<typeof JobDetails>

/** The Auxiliary Copy Job Options dialog's choices (domain reference 4.2). */
export const RunAuxCopyInput = z.strictObject({
  storagePolicyId: idField('Storage Policy'),
  /** Select a Copy; null means All Copies (every active secondary copy). */
  copyId: idField('Copy').nullable(),
  /** Number of Streams; null means Allow Maximum. */
  streams: AuxCopyOptions.shape.streams,
  startNewMedia: AuxCopyOptions.shape.startNewMedia,
  markMediaFull: AuxCopyOptions.shape.markMediaFull,
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

/** Restore a backup job (with the jobs it depends on) from a copy to a folder. */
export const RunRestoreInput = z.strictObject({
  backupJobId: idField('Job'),
  /** Restore from this copy; null means by copy precedence (lowest first). */
  copyId: idField('Copy').nullable(),
  destination: folderPath('Destination folder'),
})
/** Restore input. */
export type RunRestoreInput = z.infer<typeof RunRestoreInput>

/** Browse and Restore: a subclient's restorable jobs and the copies holding each. */
export const RestoreFormData = z.object({
  subclient: z.string(),
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
