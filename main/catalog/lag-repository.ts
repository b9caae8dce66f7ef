import type { Statement } from 'better-sqlite3'
import type { AuxCopyRun, LagSample } from '../../app/model/copy-lag'
import { lagTiers, samplesToThin, type SampleTime } from '../../app/rules/copy-lag'
import { statementCache, type CatalogDb } from './database'

/** A sample of one copy, as recorded. */
export interface CopySample extends LagSample {
  readonly copyId: number
}

/**
 * Copy lag samples (each secondary copy's jobs and bytes not yet copied at a scheduler tick), thinned with age by
 * `app/rules/copy-lag.ts`, and the auxiliary copy runs a lag chart marks.
 */
export class LagRepository {
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Records one tick's samples (a second sample of a copy at the same time replaces the first). */
  record(at: number, samples: readonly { copyId: number; jobs: number; bytes: number }[]): void {
    const insert = this.sql('INSERT OR REPLACE INTO copy_lag_samples (copy_id, at, jobs, bytes) VALUES (?, ?, ?, ?)')
    this.db.transaction(() => {
      for (const sample of samples) insert.run(sample.copyId, at, sample.jobs, sample.bytes)
    })()
  }

  /**
   * Thins the samples at `now` as the rule says: reads those older than its first tier (the ones thinned before and
   * those that aged past it since) through copy_lag_samples_by_time, removes what it drops. Returns how many went.
   */
  thin(now: number): number {
    const old = this.sql('SELECT copy_id AS copyId, at FROM copy_lag_samples WHERE at < ?').all(now - lagTiers[0]!.fromAge) as SampleTime[]
    const drop = samplesToThin(old, now)
    const remove = this.sql('DELETE FROM copy_lag_samples WHERE copy_id = ? AND at = ?')
    this.db.transaction(() => {
      for (const sample of drop) remove.run(sample.copyId, sample.at)
    })()
    return drop.length
  }

  /** The samples of these copies from `from` to `to` (inclusive), by copy then time: one index range per copy. */
  samples(copyIds: readonly number[], from: number, to: number): CopySample[] {
    return this
      .sql(
        `SELECT s.copy_id AS copyId, s.at, s.jobs, s.bytes FROM json_each(?) c
         JOIN copy_lag_samples s ON s.copy_id = c.value AND s.at >= ? AND s.at <= ? ORDER BY s.copy_id, s.at`,
      )
      .all(JSON.stringify(copyIds), from, to) as CopySample[]
  }

  /**
   * The auxiliary copy jobs of a storage policy that ran in `from`..`to` (started before `to`, and still running or
   * ended at or after `from`), with the copies each wrote to: read by end time through jobs_aux_copy_runs, the
   * running ones by their missing end, never the policy's other jobs (named, since without statistics SQLite would
   * take jobs_by_policy and read every job of the policy started before `to`).
   */
  auxCopyRuns(storagePolicyId: number, from: number, to: number): (AuxCopyRun & { copyIds: number[] })[] {
    const rows = this
      .sql(
        `SELECT id AS jobId, start_time AS startTime, end_time AS endTime, status, options FROM jobs INDEXED BY jobs_aux_copy_runs
         WHERE operation = 'Auxiliary Copy' AND storage_policy_id = :policy AND end_time >= :from AND start_time <= :to
         UNION ALL
         SELECT id AS jobId, start_time AS startTime, end_time AS endTime, status, options FROM jobs INDEXED BY jobs_aux_copy_runs
         WHERE operation = 'Auxiliary Copy' AND storage_policy_id = :policy AND end_time IS NULL AND start_time <= :to
         ORDER BY startTime, jobId`,
      )
      .all({ policy: storagePolicyId, from, to }) as (AuxCopyRun & { options: string })[]
    return rows.map(({ options, ...run }) => {
      const copyIds = (JSON.parse(options) as { copyIds?: unknown }).copyIds
      return { ...run, copyIds: Array.isArray(copyIds) ? copyIds.filter((id): id is number => typeof id === 'number') : [] }
    })
  }
}
