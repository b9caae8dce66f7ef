import type { BackupType, JobCopyStatus, PolicyCopy } from '../../app/model/entities'
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

/** What decides which jobs a copy takes: itself, its source copy (null for a primary) and its date rule. */
export type CopyScope = Pick<PolicyCopy, 'id' | 'sourceCopyId' | 'backupsOnAfter'>

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

  /**
   * The backup jobs on a copy with their state there, newest first. A secondary copy's To Be Copied jobs are not
   * stored: they are the jobs Available on its source copy, started on or after its Backups On and After date, that
   * it holds no state for yet (see docs/architecture.md). Stored rows (Partially Copied, Available, Do Not Copy,
   * Bad, Aged) come from auxiliary copies and marks.
   */
  jobsOnCopy(copy: CopyScope): JobOnCopy[] {
    if (copy.sourceCopyId === null) {
      return this.db
        .prepare(
          `SELECT ${backupJobColumns}, jc.copy_id AS copyId, jc.status AS copyStatus, jc.bytes_copied AS bytesCopied
           FROM job_copies jc JOIN jobs j ON j.id = jc.job_id
           WHERE jc.copy_id = ? ORDER BY j.start_time DESC, j.id DESC`,
        )
        .all(copy.id) as JobOnCopy[]
    }
    return this.db
      .prepare(
        `SELECT ${backupJobColumns}, :copy AS copyId, coalesce(t.status, 'To Be Copied') AS copyStatus,
                coalesce(t.bytes_copied, 0) AS bytesCopied
         FROM job_copies s JOIN jobs j ON j.id = s.job_id
         LEFT JOIN job_copies t ON t.job_id = s.job_id AND t.copy_id = :copy
         WHERE s.copy_id = :source AND s.status = 'Available' AND s.start_time >= :from
         UNION ALL
         SELECT ${backupJobColumns}, t.copy_id AS copyId, t.status AS copyStatus, t.bytes_copied AS bytesCopied
         FROM job_copies t JOIN jobs j ON j.id = t.job_id
         WHERE t.copy_id = :copy AND NOT EXISTS (
           SELECT 1 FROM job_copies s WHERE s.job_id = t.job_id AND s.copy_id = :source AND s.status = 'Available'
             AND s.start_time >= :from)
         ORDER BY startTime DESC, id DESC`,
      )
      .all({ copy: copy.id, source: copy.sourceCopyId, from: copy.backupsOnAfter ?? Number.MIN_SAFE_INTEGER }) as JobOnCopy[]
  }

  /** How many jobs a copy holds in each state (To Be Copied derived as in {@link jobsOnCopy}). */
  copyStatusCounts(copy: CopyScope): Map<JobCopyStatus, number> {
    const stored = this.db
      .prepare('SELECT status, count(*) AS n FROM job_copies WHERE copy_id = ? GROUP BY status')
      .all(copy.id) as { status: JobCopyStatus; n: number }[]
    const counts = new Map(stored.map((row) => [row.status, row.n]))
    if (copy.sourceCopyId !== null) {
      const derived = this.db
        .prepare(
          `SELECT count(*) AS n FROM job_copies s
           WHERE s.copy_id = ? AND s.status = 'Available' AND s.start_time >= ?
             AND NOT EXISTS (SELECT 1 FROM job_copies t WHERE t.job_id = s.job_id AND t.copy_id = ?)`,
        )
        .get(copy.sourceCopyId, copy.backupsOnAfter ?? Number.MIN_SAFE_INTEGER, copy.id) as { n: number }
      if (derived.n > 0) counts.set('To Be Copied', (counts.get('To Be Copied') ?? 0) + derived.n)
    }
    return counts
  }

  /** How many jobs are Available on a copy, started on or after a time (all when null): one look-up or index count. */
  availableSince(copyId: number, from: number | null): number {
    if (from === null) {
      const usage = this.db.prepare('SELECT available_jobs AS n FROM copy_usage WHERE copy_id = ?').get(copyId) as
        | { n: number }
        | undefined
      return usage?.n ?? 0
    }
    const row = this.db
      .prepare("SELECT count(*) AS n FROM job_copies WHERE copy_id = ? AND status = 'Available' AND start_time >= ?")
      .get(copyId, from ?? Number.MIN_SAFE_INTEGER) as { n: number }
    return row.n
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
}
