import type { BackupType, JobCopyStatus, PolicyCopy, SelectiveFrequency, SelectivePick, SelectiveRule, WeekDay } from '../../app/model/entities'
import type { CopyBacklog } from '../../app/rules/fallen-behind'
import type { ThroughputSeries } from '../../app/rules/throughput-samples'
import type { JobFigures, JobStatus, Operation } from '../../app/model/jobs'
import { selectedFulls, type SelectiveCandidate } from '../../app/rules/selective-copy'
import type { Statement } from 'better-sqlite3'
import { systemClock, type Clock } from '../clock'
import { statementCache, type CatalogDb } from './database'
import { localTimeZone } from './demo-commcell'

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
  /** The mount path holding the job's data on this copy, when it has data there. */
  readonly mountPathId: number | null
  /** When Data Verification last read the job back on this copy and it matched. */
  readonly verifiedAt: number | null
  /** Why the job is Bad on this copy. */
  readonly badReason: string
  /** Retain Job: held from data aging until then (epoch ms; `retainIndefinitely` for ever), or null. */
  readonly retainUntil: number | null
}

/** Which jobs of a copy View Jobs lists: each condition, or null for any; `from` and `to` bound the start time. */
export interface CopyJobsQuery {
  readonly backupType: BackupType | null
  readonly status: JobCopyStatus | null
  readonly from: number | null
  readonly to: number | null
}

/** Every job on the copy. */
export const anyJobOnCopy: CopyJobsQuery = { backupType: null, status: null, from: null, to: null }

/** Where a job's data lies on a copy, and its state there. */
export interface JobLocation {
  readonly status: JobCopyStatus
  readonly mountPathId: number | null
  /** Retain Job: held until then, or null. */
  readonly retainUntil: number | null
}

/** The statuses of a backup that finished: only those are restored, copied and verified. */
export const finishedBackupStatuses = `('Completed', 'Completed w/ one or more errors')`

const backupJobColumns = `
  j.id, j.subclient_id AS subclientId, j.storage_policy_id AS storagePolicyId, j.backup_type AS backupType,
  j.status, j.start_time AS startTime, j.end_time AS endTime, j.size_bytes AS sizeBytes, j.cycle`

/**
 * What decides which jobs a copy takes: itself, its source copy (null for a primary), its date rule and, for a
 * selective copy, its rule (null otherwise).
 */
export type CopyScope = Pick<PolicyCopy, 'id' | 'storagePolicyId' | 'sourceCopyId' | 'backupsOnAfter' | 'selective'>

/**
 * The condition admitting a source copy's job `s` to a copy: Available there, started on or after the copy's date
 * and, for a selective copy, one of the fulls its rule selects (`:picks`, a JSON array of job ids).
 */
const admittedOnSource = (selective: boolean) =>
  `s.copy_id = :source AND s.status = 'Available' AND s.start_time >= :from${selective ? ' AND s.job_id IN (SELECT value FROM json_each(:picks))' : ''}`

/**
 * The jobs To Be Copied to a secondary copy that it holds no row for: admitted from its source copy (`s`, see
 * {@link admittedOnSource}). One fragment (FROM ... WHERE) for every query that counts or sums them, with the named
 * parameters of `JobRepository.derivedScope`.
 */
const derivedToBeCopied = (selective: boolean) => `FROM job_copies s
  WHERE ${admittedOnSource(selective)}
    AND NOT EXISTS (SELECT 1 FROM job_copies t WHERE t.job_id = s.job_id AND t.copy_id = :copy)`

/** One link of a selective copy's chain: a copy's source, date and rule. */
type SelectiveLink = Pick<PolicyCopy, 'sourceCopyId' | 'backupsOnAfter' | 'selective'>

/** Backup jobs and their state on each copy. */
export class JobRepository {
  private readonly sql: (sql: string) => Statement

  constructor(
    private readonly db: CatalogDb,
    /** The CommServe's clock: a selective copy's last full of a period is selected only once the period has ended. */
    private readonly clock: Clock = systemClock,
  ) {
    this.sql = statementCache(db)
  }

  /** The named parameters of {@link derivedToBeCopied} for a secondary copy, and whether its rule picks (selective). */
  private derivedScope(copy: CopyScope): { params: Record<string, string | number | null>; selective: boolean } {
    const picks = this.picksOf(copy)
    const params = { copy: copy.id, source: copy.sourceCopyId, from: copy.backupsOnAfter ?? Number.MIN_SAFE_INTEGER }
    return picks === null ? { params, selective: false } : { params: { ...params, picks }, selective: true }
  }

  /**
   * The fulls a selective copy takes (`selectedFulls`, in the CommServe's time zone and by its clock), as a JSON
   * array of job ids; null for a copy that is not selective. The candidates are the policy's finished fulls that the
   * copy's source copies take in turn (their dates and, for a selective source, its own rule), started on or after the
   * copy's own date: one indexed read of the policy's jobs and a pass in memory, however many jobs the copies hold.
   */
  private picksOf(copy: CopyScope): string | null {
    if (copy.selective === null) return null
    const fulls = this.sql(
      `SELECT j.id, j.subclient_id AS subclientId, j.backup_type AS backupType, j.start_time AS startTime FROM jobs j
       WHERE j.storage_policy_id = ? AND j.operation = 'Backup' AND j.backup_type = 'Full' AND j.status IN ${finishedBackupStatuses}`,
    ).all(copy.storagePolicyId) as SelectiveCandidate[]
    return this.picksAmong(copy, fulls, (id) => this.selectiveLink(id))
  }

  /** A copy's source copy, date and selective rule (one link of a selective copy's chain), or undefined. */
  private selectiveLink(copyId: number): SelectiveLink | undefined {
    const row = this.sql(
      `SELECT source_copy_id AS sourceCopyId, backups_on_after AS backupsOnAfter, copy_type AS copyType,
              selective_frequency AS frequency, selective_pick AS pick, selective_week_start AS weekStart
       FROM copies WHERE id = ?`,
    ).get(copyId) as
      | { sourceCopyId: number | null; backupsOnAfter: number | null; copyType: string; frequency: SelectiveFrequency | null; pick: SelectivePick; weekStart: WeekDay }
      | undefined
    if (row === undefined) return undefined
    const selective: SelectiveRule | null = row.copyType === 'selective' ? { frequency: row.frequency ?? 'All Fulls', pick: row.pick, weekStart: row.weekStart } : null
    return { sourceCopyId: row.sourceCopyId, backupsOnAfter: row.backupsOnAfter, selective }
  }

  /**
   * The fulls of `fulls` (its policy's finished fulls) a selective copy takes, as a JSON array of job ids: from the
   * primary copy down to this one, each copy of its chain (`link` finds a copy's) takes what its source took, by its
   * date and its rule.
   */
  private picksAmong(copy: CopyScope, fulls: readonly SelectiveCandidate[], link: (copyId: number) => SelectiveLink | undefined): string {
    const chain: Pick<CopyScope, 'backupsOnAfter' | 'selective'>[] = [copy]
    for (let source = copy.sourceCopyId; source !== null && chain.length <= 16; ) {
      const found = link(source)
      if (found === undefined) break
      chain.push(found)
      source = found.sourceCopyId
    }
    let picked = [...fulls]
    const context = { timeZone: localTimeZone(), now: this.clock.now() }
    for (const step of chain.reverse()) {
      const from = step.backupsOnAfter
      if (from !== null) picked = picked.filter((job) => job.startTime >= from)
      if (step.selective !== null) picked = selectedFulls(picked, step.selective, context)
    }
    return JSON.stringify(picked.map((job) => job.id))
  }

  /** Records a finished backup job and its state on each given copy. */
  addBackupJob(job: Omit<BackupJob, 'id'>, copyStates: readonly { copyId: number; status: JobCopyStatus }[]): BackupJob {
    const info = this
      .sql(
        `INSERT INTO jobs (operation, status, start_time, end_time, subclient_id, storage_policy_id, backup_type,
           cycle, size_bytes) VALUES ('Backup', ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(job.status, job.startTime, job.endTime, job.subclientId, job.storagePolicyId, job.backupType, job.cycle, job.sizeBytes)
    const id = Number(info.lastInsertRowid)
    const onCopy = this.sql(
      `INSERT INTO job_copies (job_id, copy_id, status, start_time, size_bytes, bytes_copied) VALUES (?, ?, ?, ?, ?, ?)`,
    )
    for (const state of copyStates) {
      onCopy.run(id, state.copyId, state.status, job.startTime, job.sizeBytes, state.status === 'Available' ? job.sizeBytes : 0)
    }
    return { id, ...job }
  }

  /** A subclient's backup jobs, newest first. */
  jobsOfSubclient(subclientId: number): BackupJob[] {
    return this
      .sql(`SELECT ${backupJobColumns} FROM jobs j WHERE j.subclient_id = ? ORDER BY j.start_time DESC, j.id DESC`)
      .all(subclientId) as BackupJob[]
  }

  /**
   * The backup jobs on a copy with their state there, newest first. A secondary copy's To Be Copied jobs are not
   * stored: they are the jobs Available on its source copy, started on or after its Backups On and After date (for a
   * selective copy: of those, the fulls its rule selects), that it holds no state for yet (see docs/architecture.md).
   * Stored rows (Partially Copied, Available, Do Not Copy, Bad, Aged) come from auxiliary copies and marks. `page`
   * takes `limit` rows after `offset` (all by default); `query` keeps the jobs of one backup type, one state on the
   * copy, and a start time range (View Jobs filter). Only the conditions given are in the SQL, so each reads through
   * job_copies_by_copy (copy, state, start time).
   */
  jobsOnCopy(copy: CopyScope, page: { readonly limit: number; readonly offset: number } = { limit: -1, offset: 0 }, query: CopyJobsQuery = anyJobOnCopy): JobOnCopy[] {
    const params: Record<string, string | number> = { copy: copy.id, limit: page.limit, offset: page.offset }
    /** The filter's conditions on the job and on the start time held in the job_copies row `alias`. */
    const filtered = (alias: string): string => {
      const parts: string[] = []
      const when = (condition: string, name: string, value: string | number | null) => {
        if (value === null) return
        parts.push(` AND ${condition}`)
        params[name] = value
      }
      when('j.backup_type = :backupType', 'backupType', query.backupType)
      when(`${alias}.start_time >= :after`, 'after', query.from)
      when(`${alias}.start_time <= :before`, 'before', query.to)
      return parts.join('')
    }
    const order = 'ORDER BY startTime DESC, id DESC LIMIT :limit OFFSET :offset'
    const storedColumns = `${backupJobColumns}, t.copy_id AS copyId, t.status AS copyStatus, t.bytes_copied AS bytesCopied,
      t.mount_path_id AS mountPathId, t.verified_at AS verifiedAt, t.bad_reason AS badReason, t.retain_until AS retainUntil`
    const stored = (more: string) => `SELECT ${storedColumns} FROM job_copies t JOIN jobs j ON j.id = t.job_id WHERE t.copy_id = :copy${more}`
    if (query.status !== null) params.status = query.status
    // A primary copy's jobs, and a secondary copy's jobs in a stored state, are its job_copies rows.
    if (copy.sourceCopyId === null || (query.status !== null && query.status !== 'To Be Copied')) {
      const sql = `${stored(`${query.status === null ? '' : ' AND t.status = :status'}${filtered('t')}`)} ${order}`
      return this.sql(sql).all(params) as JobOnCopy[]
    }
    params.source = copy.sourceCopyId
    params.from = copy.backupsOnAfter ?? Number.MIN_SAFE_INTEGER
    const picks = this.picksOf(copy)
    if (picks !== null) params.picks = picks
    const admitted = admittedOnSource(picks !== null)
    const derived = `SELECT ${backupJobColumns}, :copy AS copyId, coalesce(t.status, 'To Be Copied') AS copyStatus,
         coalesce(t.bytes_copied, 0) AS bytesCopied, t.mount_path_id AS mountPathId, t.verified_at AS verifiedAt,
         coalesce(t.bad_reason, '') AS badReason, t.retain_until AS retainUntil
       FROM job_copies s JOIN jobs j ON j.id = s.job_id
       LEFT JOIN job_copies t ON t.job_id = s.job_id AND t.copy_id = :copy
       WHERE ${admitted}${filtered('s')}${query.status === null ? '' : " AND coalesce(t.status, 'To Be Copied') = :status"}`
    const others = stored(`${query.status === null ? '' : ' AND t.status = :status'} AND NOT EXISTS (
         SELECT 1 FROM job_copies s WHERE s.job_id = t.job_id AND ${admitted})${filtered('t')}`)
    return this.sql(`${derived} UNION ALL ${others} ${order}`).all(params) as JobOnCopy[]
  }

  /** How many jobs a copy holds in each state (To Be Copied derived as in {@link jobsOnCopy}). */
  copyStatusCounts(copy: CopyScope): Map<JobCopyStatus, number> {
    const stored = this
      .sql('SELECT status, count(*) AS n FROM job_copies WHERE copy_id = ? GROUP BY status')
      .all(copy.id) as { status: JobCopyStatus; n: number }[]
    const counts = new Map(stored.map((row) => [row.status, row.n]))
    if (copy.sourceCopyId !== null) {
      const { params, selective } = this.derivedScope(copy)
      const derived = this.sql(`SELECT count(*) AS n ${derivedToBeCopied(selective)}`).get(params) as { n: number }
      if (derived.n > 0) counts.set('To Be Copied', (counts.get('To Be Copied') ?? 0) + derived.n)
    }
    return counts
  }

  /**
   * A secondary copy's jobs not yet copied (To Be Copied, derived as in {@link copyStatusCounts}, and stored To Be
   * Copied or Partially Copied rows), for the fallen-behind alert: how many, the bytes left, how many started before
   * `oldBefore` (none when null), and the oldest. One aggregate over two index ranges of job_copies_by_copy (the
   * source's Available jobs, the copy's own rows), whatever the number of jobs.
   */
  backlog(copy: CopyScope, oldBefore: number | null): CopyBacklog {
    const empty: CopyBacklog = { jobs: 0, bytes: 0, oldJobs: 0, oldest: null }
    if (copy.sourceCopyId === null) return empty
    const scope = this.derivedScope(copy)
    const row = this
      .sql(
        `SELECT count(*) AS jobs, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(start_time < :oldBefore), 0) AS oldJobs,
                min(start_time) AS oldestStart, job_id AS oldestJobId
         FROM (SELECT s.job_id, s.start_time, s.size_bytes AS bytes ${derivedToBeCopied(scope.selective)}
               UNION ALL
               SELECT job_id, start_time, max(size_bytes - bytes_copied, 0) AS bytes FROM job_copies
               WHERE copy_id = :copy AND status IN ('To Be Copied', 'Partially Copied'))`,
      )
      .get({ ...scope.params, oldBefore: oldBefore ?? Number.MIN_SAFE_INTEGER }) as {
      jobs: number
      bytes: number
      oldJobs: number
      oldestStart: number | null
      oldestJobId: number | null
    }
    if (row.jobs === 0 || row.oldestStart === null || row.oldestJobId === null) return empty
    return { jobs: row.jobs, bytes: row.bytes, oldJobs: row.oldJobs, oldest: { jobId: row.oldestJobId, startTime: row.oldestStart } }
  }

  /**
   * Every given secondary copy's jobs not yet copied (as {@link backlog} counts them: To Be Copied, derived as View
   * Jobs derives them, and stored To Be Copied or Partially Copied rows with their bytes left), by copy id; a copy
   * with none is absent. One grouped query over all copies (each an index range of job_copies_by_copy), plus for
   * selective copies one read of their policies' finished fulls, whatever the number of copies.
   */
  backlogs(copies: readonly PolicyCopy[]): Map<number, { jobs: number; bytes: number }> {
    const secondaries = copies.filter((copy) => copy.sourceCopyId !== null)
    const out = new Map<number, { jobs: number; bytes: number }>()
    if (secondaries.length === 0) return out
    const selectivePolicies = [...new Set(secondaries.filter((copy) => copy.selective !== null).map((copy) => copy.storagePolicyId))]
    const fullsByPolicy = new Map<number, SelectiveCandidate[]>()
    if (selectivePolicies.length > 0) {
      const fulls = this.sql(
        `SELECT j.id, j.storage_policy_id AS storagePolicyId, j.subclient_id AS subclientId, j.backup_type AS backupType, j.start_time AS startTime
         FROM jobs j WHERE j.storage_policy_id IN (SELECT value FROM json_each(?)) AND j.operation = 'Backup' AND j.backup_type = 'Full'
           AND j.status IN ${finishedBackupStatuses}`,
      ).all(JSON.stringify(selectivePolicies)) as (SelectiveCandidate & { storagePolicyId: number })[]
      for (const full of fulls) fullsByPolicy.set(full.storagePolicyId, [...(fullsByPolicy.get(full.storagePolicyId) ?? []), full])
    }
    const byId = new Map(copies.map((copy) => [copy.id, copy]))
    const link = (copyId: number): SelectiveLink | undefined => byId.get(copyId) ?? this.selectiveLink(copyId)
    const scopes = secondaries.map((copy) => [
      copy.id, copy.sourceCopyId, copy.backupsOnAfter ?? Number.MIN_SAFE_INTEGER,
      copy.selective === null ? null : this.picksAmong(copy, fullsByPolicy.get(copy.storagePolicyId) ?? [], link),
    ])
    // Each copy's two counts are subqueries of its scope row (no sort of every job row to group them); a scope row's
    // values are read from the JSON once (MATERIALIZED), not again for each job row.
    const rows = this
      .sql(
        `WITH scope AS MATERIALIZED (
           SELECT value ->> 0 AS copy, value ->> 1 AS source, value ->> 2 AS since, value ->> 3 AS picks FROM json_each(:scopes))
         SELECT sc.copy AS copyId,
           (SELECT json_array(count(*), coalesce(sum(s.size_bytes), 0)) FROM job_copies s
            WHERE s.copy_id = sc.source AND s.status = 'Available' AND s.start_time >= sc.since
              AND (sc.picks IS NULL OR s.job_id IN (SELECT value FROM json_each(sc.picks)))
              AND NOT EXISTS (SELECT 1 FROM job_copies t WHERE t.job_id = s.job_id AND t.copy_id = sc.copy)) AS derived,
           (SELECT json_array(count(*), coalesce(sum(max(t.size_bytes - t.bytes_copied, 0)), 0)) FROM job_copies t
            WHERE t.copy_id = sc.copy AND t.status IN ('To Be Copied', 'Partially Copied')) AS stored
         FROM scope sc`,
      )
      .all({ scopes: JSON.stringify(scopes) }) as { copyId: number; derived: string; stored: string }[]
    for (const row of rows) {
      const [derivedJobs, derivedBytes] = JSON.parse(row.derived) as [number, number]
      const [storedJobs, storedBytes] = JSON.parse(row.stored) as [number, number]
      if (derivedJobs + storedJobs > 0) out.set(row.copyId, { jobs: derivedJobs + storedJobs, bytes: derivedBytes + storedBytes })
    }
    return out
  }

  /** How many jobs are Available on a copy, started on or after a time (all when null): one look-up or index count. */
  availableSince(copyId: number, from: number | null): number {
    if (from === null) {
      const usage = this.sql('SELECT available_jobs AS n FROM copy_usage WHERE copy_id = ?').get(copyId) as
        | { n: number }
        | undefined
      return usage?.n ?? 0
    }
    const row = this
      .sql("SELECT count(*) AS n FROM job_copies WHERE copy_id = ? AND status = 'Available' AND start_time >= ?")
      .get(copyId, from ?? Number.MIN_SAFE_INTEGER) as { n: number }
    return row.n
  }

  /**
   * What the 14-day / 10-TB check needs about a copy's data: the oldest Available job's start (one index seek on
   * job_copies_by_copy) and the Available bytes (kept by triggers in copy_usage).
   */
  sourceCopyData(copyId: number): { oldestJobStart: number | null; totalBytes: number } {
    const oldest = this
      .sql("SELECT min(start_time) AS oldest FROM job_copies WHERE copy_id = ? AND status = 'Available'")
      .get(copyId) as { oldest: number | null }
    const usage = this.sql('SELECT available_bytes AS bytes FROM copy_usage WHERE copy_id = ?').get(copyId) as
      | { bytes: number }
      | undefined
    return { oldestJobStart: oldest.oldest, totalBytes: usage?.bytes ?? 0 }
  }

  /** Records a Job Controller job (backup, auxiliary copy, restore) as it starts; returns its Job ID. */
  addOperationJob(job: NewOperationJob): number {
    const info = this
      .sql(
        `INSERT INTO jobs (operation, status, phase, start_time, subclient_id, storage_policy_id, copy_id, backup_type,
           cycle, options, description, schedule_id, bytes_total)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        job.operation, job.status, job.phase, job.startTime, job.subclientId, job.storagePolicyId, job.copyId,
        job.backupType, job.cycle, JSON.stringify(job.options), job.description, job.scheduleId, job.bytesTotal,
      )
    return Number(info.lastInsertRowid)
  }

  /** Writes a job's changing fields (status, phase, progress, end, reason, errors, size). */
  updateOperationJob(jobId: number, change: OperationJobChange): void {
    const sets: string[] = []
    const values: unknown[] = []
    const column: Record<Exclude<keyof OperationJobChange, 'errors'>, string> = {
      status: 'status', phase: 'phase', bytesDone: 'bytes_done', bytesTotal: 'bytes_total', endTime: 'end_time',
      reason: 'reason', sizeBytes: 'size_bytes', cycle: 'cycle',
    }
    for (const key of Object.keys(change) as (keyof OperationJobChange)[]) {
      if (key === 'errors') continue
      sets.push(`${column[key]} = ?`)
      values.push(change[key])
    }
    if (change.errors !== undefined) {
      sets.push('errors = ?')
      values.push(JSON.stringify(change.errors))
    }
    if (sets.length === 0) return
    this.sql(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...values, jobId)
  }

  /** Adds what one backup job's copy (or a backup) moved to its job's figures. */
  addFigures(jobId: number, moved: JobFigures): void {
    const row = this.sql('SELECT figures FROM jobs WHERE id = ?').get(jobId) as { figures: string } | undefined
    if (row === undefined) return
    const known = JSON.parse(row.figures) as Partial<JobFigures>
    const sum = (key: keyof JobFigures) => (known[key] ?? 0) + moved[key]
    const figures: JobFigures = { bytesRead: sum('bytesRead'), bytesWritten: sum('bytesWritten'), blocksWritten: sum('blocksWritten'), blocksFound: sum('blocksFound') }
    this.sql('UPDATE jobs SET figures = ? WHERE id = ?').run(JSON.stringify(figures), jobId)
  }

  /** A job's throughput samples as stored; undefined before its first were written (or for an earlier version's job). */
  throughput(jobId: number): ThroughputSeries | undefined {
    const row = this.sql('SELECT interval_ms AS intervalMs, samples FROM job_throughput WHERE job_id = ?').get(jobId) as
      | { intervalMs: number; samples: string }
      | undefined
    if (row === undefined) return undefined
    const stored = JSON.parse(row.samples) as [number, number, number, string][]
    return { intervalMs: row.intervalMs, samples: stored.map(([endMs, ms, bytes, phase]) => ({ endMs, ms, bytes, phase })) }
  }

  /** Writes a job's throughput samples, replacing those stored (one compact row per job, at most 600 samples). */
  saveThroughput(jobId: number, series: ThroughputSeries): void {
    const samples = JSON.stringify(series.samples.map((sample) => [sample.endMs, sample.ms, sample.bytes, sample.phase]))
    this.sql(
      `INSERT INTO job_throughput (job_id, interval_ms, samples) VALUES (?, ?, ?)
       ON CONFLICT (job_id) DO UPDATE SET interval_ms = excluded.interval_ms, samples = excluded.samples`,
    ).run(jobId, series.intervalMs, samples)
  }

  /** One Job Controller job as stored, or undefined. */
  operationJob(jobId: number): OperationJob | undefined {
    const row = this.sql(`${operationJobSelect} WHERE j.id = ?`).get(jobId) as OperationJobRow | undefined
    return row && toOperationJob(row)
  }

  /**
   * Jobs that have not ended, and jobs that ended at or after `endedSince`, newest first, at most `limit` of them
   * older than `beforeId` (paging back). Two index look-ups (status, end time), never a scan of every job.
   */
  controllerJobs(endedSince: number, limit: number, beforeId: number | null = null): OperationJob[] {
    return (
      this
        .sql(
          `${operationJobSelect}
           WHERE j.id IN (SELECT id FROM jobs WHERE status IN ('Waiting', 'Running', 'Pending', 'Suspended')
                          UNION SELECT id FROM jobs WHERE end_time >= ?)
             AND j.id < ?
           ORDER BY j.id DESC LIMIT ?`,
        )
        .all(endedSince, beforeId ?? Number.MAX_SAFE_INTEGER, limit) as OperationJobRow[]
    ).map(toOperationJob)
  }

  /**
   * Job History: the Job Manager jobs a filter matches (each absent condition: any), newest first (by start time),
   * `limit` of them after `offset`. Only the conditions given are in the SQL, so SQLite reads through the index that
   * fits them (start time, storage policy, subclient, operation or status) and never scans every job.
   */
  historyJobs(query: HistoryQuery, page: { readonly limit: number; readonly offset: number }): OperationJob[] {
    const where: string[] = []
    const params: Record<string, string | number> = { limit: page.limit, offset: page.offset }
    const when = (condition: string, name: string, value: string | number | null) => {
      if (value === null) return
      where.push(condition)
      params[name] = value
    }
    when('j.operation = :operation', 'operation', query.operation)
    when('j.storage_policy_id = :storagePolicy', 'storagePolicy', query.storagePolicyId)
    // A client's jobs are those of its subclients (backups, restores); an aux copy or a verification is the CommServe's.
    when(
      'j.subclient_id IN (SELECT hs.id FROM subclients hs JOIN agents ha ON ha.id = hs.agent_id WHERE ha.client_id = :client)',
      'client',
      query.clientId,
    )
    when('j.subclient_id = :subclient', 'subclient', query.subclientId ?? null)
    when('j.status = :status', 'status', query.status)
    when('j.start_time >= :from', 'from', query.from)
    when('j.start_time <= :to', 'to', query.to)
    return (
      this
        .sql(
          `${operationJobSelect}${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`}
           ORDER BY j.start_time DESC, j.id DESC LIMIT :limit OFFSET :offset`,
        )
        .all(params) as OperationJobRow[]
    ).map(toOperationJob)
  }

  /** A storage policy's jobs that have not ended (backups, aux copies, restores and verifications). */
  activeJobsOfPolicy(storagePolicyId: number): OperationJob[] {
    return (
      this
        .sql(`${operationJobSelect} WHERE j.status IN ('Waiting', 'Running', 'Pending', 'Suspended') AND j.storage_policy_id = ? ORDER BY j.id`)
        .all(storagePolicyId) as OperationJobRow[]
    ).map(toOperationJob)
  }

  /**
   * Do Not Copy on a copy (View Jobs > Do Not Copy, or a job deleted from it): no restore reads it there, no aux copy
   * copies it; with no data, never verified. A To Be Copied job (no row yet) gets its row.
   */
  doNotCopy(backupJobId: number, copyId: number): void {
    this
      .sql(
        `INSERT INTO job_copies (job_id, copy_id, status, start_time, size_bytes)
         SELECT id, ?, 'Do Not Copy', start_time, size_bytes FROM jobs WHERE id = ?
         ON CONFLICT (job_id, copy_id) DO UPDATE SET status = 'Do Not Copy', mount_path_id = NULL, verified_at = NULL,
           bad_reason = '', bytes_copied = 0`,
      )
      .run(copyId, backupJobId)
  }

  /**
   * Copy Again: the copy forgets the job (its state there, where its data lay, its retention), so that on a secondary
   * copy it is To Be Copied again while it is Available on the source copy.
   */
  forgetOnCopy(backupJobId: number, copyId: number): void {
    this.sql('DELETE FROM job_copies WHERE job_id = ? AND copy_id = ?').run(backupJobId, copyId)
  }

  /** Retain Job (until a time; `retainIndefinitely` for ever) or Do Not Retain Job (null) of a job on a copy. */
  setRetention(backupJobId: number, copyId: number, retainUntil: number | null): void {
    this.sql('UPDATE job_copies SET retain_until = ? WHERE job_id = ? AND copy_id = ?').run(retainUntil, backupJobId, copyId)
  }

  /** The mount paths holding data of a copy's jobs (a copy whose library changed may have data on several). */
  mountPathsOfCopy(copyId: number): number[] {
    return (this.sql('SELECT DISTINCT mount_path_id AS id FROM job_copies WHERE copy_id = ? AND mount_path_id IS NOT NULL').all(copyId) as { id: number }[]).map(
      (row) => row.id,
    )
  }

  /** Jobs left active by a process that stopped (they are resumed or failed at start). */
  unfinishedJobs(): OperationJob[] {
    return (
      this
        .sql(`${operationJobSelect} WHERE j.status IN ('Waiting', 'Running', 'Pending', 'Suspended') ORDER BY j.id`)
        .all() as OperationJobRow[]
    ).map(toOperationJob)
  }

  /**
   * Records (or updates) a backup job's state and bytes on a copy, and the mount path holding its data there (a null
   * mount path keeps the one recorded).
   */
  setOnCopy(input: { backupJobId: number; copyId: number; status: JobCopyStatus; bytesCopied: number; mountPathId: number | null }): void {
    this
      .sql(
        `INSERT INTO job_copies (job_id, copy_id, status, start_time, size_bytes, bytes_copied, mount_path_id)
         SELECT id, ?, ?, start_time, size_bytes, ?, ? FROM jobs WHERE id = ?
         ON CONFLICT (job_id, copy_id) DO UPDATE SET status = excluded.status, bytes_copied = excluded.bytes_copied,
           mount_path_id = coalesce(excluded.mount_path_id, mount_path_id),
           bad_reason = CASE WHEN excluded.status = 'Bad' THEN bad_reason ELSE '' END`,
      )
      .run(input.copyId, input.status, input.bytesCopied, input.mountPathId, input.backupJobId)
  }

  /** A backup job's state on a copy and where its data lies there (one primary-key look-up), or undefined. */
  location(backupJobId: number, copyId: number): JobLocation | undefined {
    return this.sql('SELECT status, mount_path_id AS mountPathId, retain_until AS retainUntil FROM job_copies WHERE job_id = ? AND copy_id = ?').get(backupJobId, copyId) as
      | JobLocation
      | undefined
  }

  /** The mount path holding a job's data on a copy when the job is Available there with data, else null. */
  availableMountPath(backupJobId: number, copyId: number): number | null {
    const found = this.location(backupJobId, copyId)
    return found?.status === 'Available' ? found.mountPathId : null
  }

  /** Data Verification read the job back on the copy and it matched. */
  markVerified(backupJobId: number, copyId: number, time: number): void {
    this.sql('UPDATE job_copies SET verified_at = ? WHERE job_id = ? AND copy_id = ?').run(time, backupJobId, copyId)
  }

  /** The job's data on the copy is bad (`reason` names the file and what is wrong): it is no longer Available there. */
  markBad(backupJobId: number, copyId: number, reason: string): void {
    this.sql("UPDATE job_copies SET status = 'Bad', bad_reason = ? WHERE job_id = ? AND copy_id = ?").run(reason.slice(0, 2000), backupJobId, copyId)
  }

  /** Sets a finished backup job's size and status after its data is written (its size is known only then). */
  finishBackup(jobId: number, input: { status: string; sizeBytes: number; endTime: number }): void {
    this.sql('UPDATE jobs SET status = ?, size_bytes = ?, end_time = ?, bytes_done = ?, bytes_total = ? WHERE id = ?')
      .run(input.status, input.sizeBytes, input.endTime, input.sizeBytes, input.sizeBytes, jobId)
    this.sql('UPDATE job_copies SET size_bytes = ?, bytes_copied = ? WHERE job_id = ?').run(input.sizeBytes, input.sizeBytes, jobId)
  }

  /** Records what an auxiliary copy or restore did with one backup job on one copy. */
  setItem(input: { jobId: number; backupJobId: number; copyId: number; status: string; bytes: number }): void {
    this
      .sql(
        `INSERT INTO job_items (job_id, backup_job_id, copy_id, status, bytes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job_id, backup_job_id, copy_id) DO UPDATE SET status = excluded.status, bytes = excluded.bytes`,
      )
      .run(input.jobId, input.backupJobId, input.copyId, input.status, input.bytes)
  }

  /** The backup jobs an auxiliary copy or restore handled. */
  items(jobId: number): { backupJobId: number; copyId: number; status: string; bytes: number; backupType: BackupType }[] {
    return this
      .sql(
        `SELECT i.backup_job_id AS backupJobId, i.copy_id AS copyId, i.status, i.bytes, j.backup_type AS backupType
         FROM job_items i JOIN jobs j ON j.id = i.backup_job_id WHERE i.job_id = ? ORDER BY i.backup_job_id`,
      )
      .all(jobId) as { backupJobId: number; copyId: number; status: string; bytes: number; backupType: BackupType }[]
  }

  /**
   * The latest completed aux copy runs that copied to a copy, newest first, each with the bytes it copied (to every
   * copy it wrote) and its CommServe time: what the next aux copy's estimate reads. Only runs whose time moved (a
   * test clock stands still). Walks job_items_by_copy (copy, job) backwards, so it reads a handful of rows whatever
   * the copy's history.
   */
  auxCopyRuns(copyId: number, limit: number): { jobId: number; bytes: number; elapsedMs: number }[] {
    return this
      .sql(
        `SELECT i.job_id AS jobId, j.end_time - j.start_time AS elapsedMs,
                (SELECT sum(x.bytes) FROM job_items x WHERE x.job_id = i.job_id AND x.status LIKE 'Copied%') AS bytes
         FROM job_items i JOIN jobs j ON j.id = i.job_id
         WHERE i.copy_id = ? AND i.status LIKE 'Copied%' AND j.operation = 'Auxiliary Copy'
           AND j.status IN ${finishedBackupStatuses} AND j.end_time > j.start_time
         GROUP BY i.job_id ORDER BY i.job_id DESC LIMIT ?`,
      )
      .all(copyId, limit) as { jobId: number; bytes: number; elapsedMs: number }[]
  }

  /** The latest completed backups of a subclient, newest first (for incremental baselines and restore chains). */
  completedBackups(subclientId: number): BackupJob[] {
    return this
      .sql(
        `SELECT ${backupJobColumns} FROM jobs j
         WHERE j.subclient_id = ? AND j.operation = 'Backup' AND j.status IN ${finishedBackupStatuses}
         ORDER BY j.start_time DESC, j.id DESC`,
      )
      .all(subclientId) as BackupJob[]
  }

  /** One backup job, or undefined. */
  backupJob(jobId: number): BackupJob | undefined {
    return this
      .sql(`SELECT ${backupJobColumns} FROM jobs j WHERE j.id = ? AND j.operation = 'Backup'`)
      .get(jobId) as BackupJob | undefined
  }
}

/** Which jobs Job History lists: each condition, or null for any; `from` and `to` bound the start time (included). */
export interface HistoryQuery {
  readonly operation: Operation | null
  readonly storagePolicyId: number | null
  readonly clientId: number | null
  /** One subclient's jobs (its Backup History). */
  readonly subclientId?: number | null
  readonly status: JobStatus | null
  readonly from: number | null
  readonly to: number | null
}

/** A Job Controller job as it starts. */
export interface NewOperationJob {
  readonly operation: Operation
  readonly status: JobStatus
  readonly phase: string
  readonly startTime: number
  readonly subclientId: number | null
  readonly storagePolicyId: number | null
  readonly copyId: number | null
  readonly backupType: BackupType | null
  readonly cycle: number | null
  readonly options: unknown
  readonly description: string
  readonly scheduleId: number | null
  readonly bytesTotal: number
}

/** What changes on a running job. */
export interface OperationJobChange {
  readonly status?: JobStatus
  readonly phase?: string
  readonly bytesDone?: number
  readonly bytesTotal?: number
  readonly endTime?: number | null
  readonly reason?: string
  readonly sizeBytes?: number
  readonly cycle?: number
  readonly errors?: readonly { backupJobId: number | null; file: string; reason: string }[]
}

/** A Job Controller job as stored, with the names the list shows. */
export interface OperationJob {
  readonly id: number
  readonly operation: Operation
  readonly status: JobStatus
  readonly phase: string
  readonly startTime: number
  readonly endTime: number | null
  readonly subclientId: number | null
  readonly storagePolicyId: number | null
  readonly copyId: number | null
  readonly backupType: BackupType | null
  readonly options: unknown
  readonly description: string
  readonly bytesDone: number
  readonly bytesTotal: number
  readonly sizeBytes: number
  readonly reason: string
  readonly errors: { backupJobId: number | null; file: string; reason: string }[]
  /** What it moved so far (empty until a backup job was made durable). */
  readonly figures: Partial<JobFigures>
  readonly scheduleId: number | null
  readonly client: string
  readonly storagePolicy: string
  readonly copy: string
  readonly schedule: string
}

interface OperationJobRow extends Omit<OperationJob, 'options' | 'errors' | 'figures'> {
  options: string
  errors: string
  figures: string
}

const operationJobSelect = `
  SELECT j.id, j.operation, j.status, j.phase, j.start_time AS startTime, j.end_time AS endTime,
         j.subclient_id AS subclientId, j.storage_policy_id AS storagePolicyId, j.copy_id AS copyId,
         j.backup_type AS backupType, j.options, j.description, j.bytes_done AS bytesDone, j.bytes_total AS bytesTotal,
         j.size_bytes AS sizeBytes, j.reason, j.errors, j.figures, j.schedule_id AS scheduleId,
         coalesce(c.name || ' / ' || a.name || ' / ' || sc.name, (SELECT commserve FROM commcell)) AS client,
         coalesce(p.name, '') AS storagePolicy,
         coalesce(cp.name, CASE WHEN j.operation = 'Auxiliary Copy' THEN 'All Copies' ELSE '' END) AS copy,
         coalesce(sch.name, '') AS schedule
  FROM jobs j
  LEFT JOIN subclients sc ON sc.id = j.subclient_id
  LEFT JOIN agents a ON a.id = sc.agent_id
  LEFT JOIN clients c ON c.id = a.client_id
  LEFT JOIN storage_policies p ON p.id = j.storage_policy_id
  LEFT JOIN copies cp ON cp.id = j.copy_id
  LEFT JOIN schedules sch ON sch.id = j.schedule_id`

function toOperationJob(row: OperationJobRow): OperationJob {
  return {
    ...row,
    options: JSON.parse(row.options) as unknown,
    errors: JSON.parse(row.errors) as OperationJob['errors'],
    figures: JSON.parse(row.figures) as OperationJob['figures'],
  }
}
