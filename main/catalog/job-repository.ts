import type { BackupType, JobCopyStatus } from '../../app/model/entities'
import type { CatalogDb } from './database'

/** A backup job as the catalog keeps it. */
export interface BackupJob {
  readonly id: number
  readonly subclientId: number
  readonly storagePolicyId: number
  readonly backupType: BackupType
  readonly status: string
  readonly startTime: number
  readonly endTime: number | null
  readonly sizeBytes: number
  readonly cycle: number
}

/** A backup job with its state on one copy. */
export interface JobOnCopy extends BackupJob {
  readonly copyId: number
  readonly copyStatus: JobCopyStatus
  readonly bytesCopied: number
}

const backupJobColumns = `
  j.id, j.subclient_id AS subclientId, j.storage_policy_id AS storagePolicyId, j.backup_type AS backupType,
  j.status, j.start_time AS startTime, j.end_time AS endTime, j.size_bytes AS sizeBytes, j.cycle`

/** Backup jobs and their state on each copy. */
export class JobRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Records a finished backup job and its state on each given copy. */
  addBackupJob(job: Omit<BackupJob, 'id'>, copyStates: readonly { copyId: number; status: JobCopyStatus }[]): BackupJob {
    const info = this.db
      .prepare(
        `INSERT INTO jobs (operation, status, start_time, end_time, subclient_id, storage_policy_id, backup_type,
           cycle, size_bytes) VALUES ('Backup', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(job.status, job.startTime, job.endTime, job.subclientId, job.storagePolicyId, job.backupType, job.cycle, job.sizeBytes)
    const id = Number(info.lastInsertRowid)
    const onCopy = this.db.prepare(
      `INSERT INTO job_copies (job_id, copy_id, status, start_time, size_bytes, bytes_copied) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    for (const state of copyStates) {
      onCopy.run(id, state.copyId, state.status, job.startTime, job.sizeBytes, state.status === 'Available' ? job.sizeBytes : 0)
    }
    return { id, ...job }
  }

  /** A subclient's backup jobs, newest first. */
  jobsOfSubclient(subclientId: number): BackupJob[] {
    return this.db
      .prepare(`SELECT ${backupJobColumns} FROM jobs j WHERE j.subclient_id = ? ORDER BY j.start_time DESC, j.id DESC`)
      .all(subclientId) as BackupJob[]
  }

  /** The backup jobs on a copy with their state there, newest first. */
  jobsOnCopy(copyId: number): JobOnCopy[] {
    return this.db
      .prepare(
        `SELECT ${backupJobColumns}, jc.copy_id AS copyId, jc.status AS copyStatus, jc.bytes_copied AS bytesCopied
         FROM job_copies jc JOIN jobs j ON j.id = jc.job_id
         WHERE jc.copy_id = ? ORDER BY j.start_time DESC, j.id DESC`,
      )
      .all(copyId) as JobOnCopy[]
  }

  /** How many jobs a copy holds in each state. */
  copyStatusCounts(copyId: number): Map<JobCopyStatus, number> {
    const rows = this.db
      .prepare('SELECT status, count(*) AS n FROM job_copies WHERE copy_id = ? GROUP BY status')
      .all(copyId) as { status: JobCopyStatus; n: number }[]
    return new Map(rows.map((row) => [row.status, row.n]))
  }
}
