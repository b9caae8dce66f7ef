import type { Statement } from 'better-sqlite3'
import { type CatalogDb, statementCache } from './database'

/** A job aged on a copy whose data the MediaAgent has not removed yet. */
export interface AgedData {
  readonly jobId: number
  readonly copyId: number
  readonly mountPathId: number
}

/** A job's data on tape: which media hold its segments. */
export interface RecycledMedium {
  readonly id: number
  readonly barcode: string
  readonly copyId: number
}

/**
 * Data aging in the catalog: jobs held by hand (Retain Job Until), jobs aged on a copy, the data of aged jobs the
 * MediaAgent still has to remove (a job is marked Aged first, so nothing reads it any more, and its mount path is
 * forgotten only once its data is gone: a Data Aging job stopped in between removes it the next time), and tape media
 * every job of which has aged.
 */
export class AgingRepository {
  private readonly sql: (sql: string) => Statement

  constructor(db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** The jobs held on a copy by hand until a time after `now`, with that time (one partial index). */
  retainedOn(copyId: number, now: number): Map<number, number> {
    const rows = this
      .sql('SELECT job_id AS jobId, retain_until AS until FROM job_copies WHERE copy_id = ? AND retain_until IS NOT NULL AND retain_until > ?')
      .all(copyId, now) as { jobId: number; until: number }[]
    return new Map(rows.map((row) => [row.jobId, row.until]))
  }

  /** A job Available on a copy ages there: no restore or copy reads it any more; its data reference stays until pruned. */
  age(backupJobId: number, copyId: number): boolean {
    return this
      .sql("UPDATE job_copies SET status = 'Aged', verified_at = NULL, retain_until = NULL WHERE job_id = ? AND copy_id = ? AND status = 'Available'")
      .run(backupJobId, copyId).changes === 1
  }

  /** Aged jobs whose data still lies on a mount path (every copy). */
  agedWithData(): AgedData[] {
    return this
      .sql("SELECT job_id AS jobId, copy_id AS copyId, mount_path_id AS mountPathId FROM job_copies WHERE status = 'Aged' AND mount_path_id IS NOT NULL")
      .all() as AgedData[]
  }

  /** The MediaAgent removed an aged job's data from its mount path. */
  pruned(backupJobId: number, copyId: number): void {
    this.sql("UPDATE job_copies SET mount_path_id = NULL, bytes_copied = 0 WHERE job_id = ? AND copy_id = ? AND status = 'Aged'").run(backupJobId, copyId)
  }

  /**
   * Media of a copy that hold segments, every one of which belongs to a job Aged (or no longer held) on the copy:
   * their data is no one's.
   */
  agedMedia(copyId: number): RecycledMedium[] {
    return this
      .sql(
        `SELECT m.id, m.barcode, m.copy_id AS copyId FROM media m
         WHERE m.copy_id = ? AND m.status <> 'Bad'
           AND EXISTS (SELECT 1 FROM tape_segments s WHERE s.media_id = m.id)
           AND NOT EXISTS (
             SELECT 1 FROM tape_segments s JOIN job_copies jc ON jc.job_id = s.job_id AND jc.copy_id = s.copy_id
             WHERE s.media_id = m.id AND jc.status NOT IN ('Aged', 'Do Not Copy'))`,
      )
      .all(copyId) as RecycledMedium[]
  }

  /** A medium whose jobs have all aged goes back to its scratch pool as Spare, blank, its segments forgotten. */
  recycle(mediumId: number): void {
    this.sql('DELETE FROM tape_segments WHERE media_id = ?').run(mediumId)
    this.sql("UPDATE media SET status = 'Spare', copy_id = NULL, end_of_data = 0, used_bytes = 0 WHERE id = ?").run(mediumId)
  }
}
