import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

/** Who writes a copy now. */
export interface CopyLease {
  readonly copyId: number
  readonly jobId: number
  readonly holder: string
  readonly renewedAt: number
}

/**
 * One writer per copy, across processes: a lease row names the Job Controller job writing the copy and the console
 * instance running it. A lease is live while its holder renews it and its job has not ended; a lease whose holder
 * stopped renewing (a console that died) or whose job ended is free to take.
 */
export class LeaseRepository {
  private readonly sql: (sql: string) => Statement

  constructor(db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /**
   * Takes the lease on a copy for a job, unless another live lease holds it; returns the live lease that blocks it,
   * or undefined when the job holds the lease now. `staleBefore`: leases renewed before it are dead.
   */
  acquire(input: { copyId: number; jobId: number; holder: string; now: number; staleBefore: number }): CopyLease | undefined {
    const blocking = this.live(input.copyId, input.staleBefore)
    if (blocking !== undefined && blocking.jobId !== input.jobId) return blocking
    this.sql(
      `INSERT INTO copy_leases (copy_id, job_id, holder, renewed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (copy_id) DO UPDATE SET job_id = excluded.job_id, holder = excluded.holder, renewed_at = excluded.renewed_at`,
    ).run(input.copyId, input.jobId, input.holder, input.now)
    return undefined
  }

  /** The live lease on a copy, if any. */
  live(copyId: number, staleBefore: number): CopyLease | undefined {
    return this.sql(
      `SELECT l.copy_id AS copyId, l.job_id AS jobId, l.holder, l.renewed_at AS renewedAt
       FROM copy_leases l JOIN jobs j ON j.id = l.job_id
       WHERE l.copy_id = ? AND l.renewed_at >= ? AND j.status IN ('Waiting', 'Running', 'Pending', 'Suspended')`,
    ).get(copyId, staleBefore) as CopyLease | undefined
  }

  /** Renews every lease a holder has. */
  renew(holder: string, now: number): void {
    this.sql('UPDATE copy_leases SET renewed_at = ? WHERE holder = ?').run(now, holder)
  }

  /** Gives up a job's leases. */
  release(jobId: number): void {
    this.sql('DELETE FROM copy_leases WHERE job_id = ?').run(jobId)
  }
}
