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

  /**
   * What the 14-day / 10-TB check needs about a copy's data: the oldest Available job's start (one index seek on
   * job_copies_by_copy) and the Available bytes (kept by triggers in copy_usage).
   */
  sourceCopyData(copyId: number): { oldestJobStart: number | null; totalBytes: number } {
    const oldest = this.db
      .prepare("SELECT min(start_time) AS oldest FROM job_copies WHERE copy_id = ? AND status = 'Available'")
      .get(copyId) as { oldest: number | null }
    const usage = this.db.prepare('SELECT available_bytes AS bytes FROM copy_usage WHERE copy_id = ?').get(copyId) as
      | { bytes: number }
      | undefined
    return { oldestJobStart: oldest.oldest, totalBytes: usage?.bytes ?? 0 }
  }

  /**
   * Makes every job Available on the source copy, started on or after `from` (all when null), To Be Copied on the
   * target copy, unless the target already has a state for it. Returns how many jobs were admitted.
   */
  admitJobs(sourceCopyId: number, targetCopyId: number, from: number | null): number {
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO job_copies (job_id, copy_id, status, start_time, size_bytes, bytes_copied)
         SELECT job_id, ?, 'To Be Copied', start_time, size_bytes, 0 FROM job_copies
         WHERE copy_id = ? AND status = 'Available' AND start_time >= ?`,
      )
      .run(targetCopyId, sourceCopyId, from ?? Number.MIN_SAFE_INTEGER)
    return info.changes
  }

  /** Withdraws jobs started before `from` that are still only To Be Copied on a copy (its date moved later). */
  withdrawJobsBefore(copyId: number, from: number): number {
    return this.db
      .prepare("DELETE FROM job_copies WHERE copy_id = ? AND status = 'To Be Copied' AND start_time < ?")
      .run(copyId, from).changes
  }
}
