import type { Statement } from 'better-sqlite3'
import type { Media, MediaStatus } from '../../app/model/entities'
import type { TapeSegmentRef } from '../../app/media/media-protocol'
import { type CatalogDb, statementCache } from './database'

/** A medium with what the media views show beside it: its copy and policy, and the jobs it holds. */
export interface MediumRow extends Media {
  readonly endOfData: number
  readonly copyName: string | null
  readonly storagePolicyName: string | null
  readonly jobs: number
}

/** A job on a medium (a medium's View Contents). */
export interface MediumJobRow {
  readonly jobId: number
  readonly copyId: number
  readonly copyName: string
  readonly storagePolicyName: string
  readonly backupType: string | null
  readonly startTime: number
  /** Data bytes of its segments on this medium. */
  readonly bytes: number
  readonly segments: number
  /** The job's state on the copy (Available once every segment is closed and recorded). */
  readonly status: string
}

const mediumSelect = `
  SELECT m.id, m.library_id AS libraryId, m.scratch_pool_id AS scratchPoolId, m.barcode, m.status,
         m.capacity_bytes AS capacityBytes, m.used_bytes AS usedBytes, m.copy_id AS copyId, m.end_of_data AS endOfData,
         c.name AS copyName, sp.name AS storagePolicyName,
         (SELECT count(DISTINCT job_id) FROM tape_segments s WHERE s.media_id = m.id) AS jobs
  FROM media m LEFT JOIN copies c ON c.id = m.copy_id LEFT JOIN storage_policies sp ON sp.id = c.storage_policy_id`

/**
 * Tape in the catalog: media and their states (Spare in a scratch pool, then Active while mounted to write,
 * Appendable, Full, Bad), each medium's end of valid data, each job's segments on a copy, and the drives jobs hold.
 * The CommServe records a segment only once the MediaAgent reported it closed (trailer, tape mark, fsync).
 */
export class TapeRepository {
  private readonly sql: (sql: string) => Statement

  constructor(db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** The capacity a tape library's media hold (what Add Media gives new media). */
  mediaCapacity(libraryId: number): number | null {
    const row = this.sql('SELECT media_capacity_bytes AS bytes FROM libraries WHERE id = ?').get(libraryId) as { bytes: number | null } | undefined
    return row?.bytes ?? null
  }

  /** Sets a tape library's media capacity: new media, and its Spare media that were never written, take it. */
  setMediaCapacity(libraryId: number, bytes: number): void {
    this.sql('UPDATE libraries SET media_capacity_bytes = ? WHERE id = ?').run(bytes, libraryId)
    this.sql("UPDATE media SET capacity_bytes = ? WHERE library_id = ? AND status = 'Spare' AND end_of_data = 0").run(bytes, libraryId)
  }

  /** Every medium of a library, by barcode. */
  mediaOfLibrary(libraryId: number): MediumRow[] {
    return this.sql(`${mediumSelect} WHERE m.library_id = ? ORDER BY m.barcode`).all(libraryId) as MediumRow[]
  }

  /** How many media of a library are in each state, with their used bytes and capacity (states without media absent). */
  mediaByStatus(libraryId: number): { status: MediaStatus; media: number; usedBytes: number; capacityBytes: number }[] {
    return this
      .sql(
        `SELECT status, count(*) AS media, coalesce(sum(used_bytes), 0) AS usedBytes, coalesce(sum(capacity_bytes), 0) AS capacityBytes
         FROM media WHERE library_id = ? GROUP BY status`,
      )
      .all(libraryId) as { status: MediaStatus; media: number; usedBytes: number; capacityBytes: number }[]
  }

  /** The media of a scratch pool, by barcode. */
  mediaOfPool(scratchPoolId: number): MediumRow[] {
    return this.sql(`${mediumSelect} WHERE m.scratch_pool_id = ? ORDER BY m.barcode`).all(scratchPoolId) as MediumRow[]
  }

  /** The media assigned to a copy, by barcode. */
  mediaOfCopy(copyId: number): MediumRow[] {
    return this.sql(`${mediumSelect} WHERE m.copy_id = ? ORDER BY m.barcode`).all(copyId) as MediumRow[]
  }

  /** One medium, or undefined. */
  medium(id: number): MediumRow | undefined {
    return this.sql(`${mediumSelect} WHERE m.id = ?`).get(id) as MediumRow | undefined
  }

  /** A medium by its barcode (unique in the CommCell), or undefined. */
  mediumByBarcode(barcode: string): MediumRow | undefined {
    return this.sql(`${mediumSelect} WHERE m.barcode = ?`).get(barcode) as MediumRow | undefined
  }

  /** Whether a barcode is taken. */
  barcodeTaken(barcode: string): boolean {
    return this.sql('SELECT 1 FROM media WHERE barcode = ?').get(barcode) !== undefined
  }

  /** The first Spare medium of a scratch pool, by barcode, or undefined. */
  spareMedium(scratchPoolId: number): MediumRow | undefined {
    return this.sql(`${mediumSelect} WHERE m.scratch_pool_id = ? AND m.status = 'Spare' ORDER BY m.barcode LIMIT 1`).get(scratchPoolId) as MediumRow | undefined
  }

  /** A copy's Appendable media (not mounted by a job), by barcode. */
  appendableMedia(copyId: number): MediumRow[] {
    return this.sql(`${mediumSelect} WHERE m.copy_id = ? AND m.status = 'Appendable' ORDER BY m.barcode`).all(copyId) as MediumRow[]
  }

  /** Mounts a medium for a copy's job: Active and assigned to the copy. */
  mountForCopy(mediumId: number, copyId: number): void {
    this.sql("UPDATE media SET status = 'Active', copy_id = ? WHERE id = ?").run(copyId, mediumId)
  }

  /**
   * A job left a medium: Full when it had no room for more, else Appendable; a medium that holds no segment goes
   * back to its scratch pool as Spare. A medium marked Full or Bad meanwhile keeps that state.
   */
  leaveMedium(barcode: string, full: boolean): void {
    const medium = this.mediumByBarcode(barcode)
    if (medium?.status === 'Active') {
      if (full) this.setStatus(medium.id, 'Full')
      else if (medium.jobs > 0) this.setStatus(medium.id, 'Appendable')
      else this.sql("UPDATE media SET status = 'Spare', copy_id = NULL, end_of_data = 0, used_bytes = 0 WHERE id = ?").run(medium.id)
    }
    this.sql('UPDATE drives SET barcode = NULL WHERE barcode = ?').run(barcode)
  }

  /** Sets a medium's state (Mark Full, Mark Bad, Mark Media Full on Success). */
  setStatus(mediumId: number, status: MediaStatus): void {
    this.sql('UPDATE media SET status = ? WHERE id = ?').run(status, mediumId)
  }

  /** Adds blank media to a scratch pool, Spare, at the library's media capacity. */
  addMedia(input: { libraryId: number; scratchPoolId: number; barcodes: readonly string[]; capacityBytes: number }): void {
    const insert = this.sql("INSERT INTO media (library_id, scratch_pool_id, barcode, status, capacity_bytes) VALUES (?, ?, ?, 'Spare', ?)")
    for (const barcode of input.barcodes) insert.run(input.libraryId, input.scratchPoolId, barcode, input.capacityBytes)
  }

  /** A segment closed and durable on its medium: recorded, with the medium's new end of valid data. */
  recordSegment(copyId: number, jobId: number, segment: TapeSegmentRef): void {
    const medium = this.mediumByBarcode(segment.barcode)
    if (medium === undefined) throw new Error(`no medium ${segment.barcode}`)
    this.sql(
      `INSERT INTO tape_segments (copy_id, job_id, sequence, media_id, start_offset, end_of_data, stream_start, bytes, sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (copy_id, job_id, sequence) DO UPDATE SET media_id = excluded.media_id, start_offset = excluded.start_offset,
         end_of_data = excluded.end_of_data, stream_start = excluded.stream_start, bytes = excluded.bytes, sha256 = excluded.sha256`,
    ).run(copyId, jobId, segment.sequence, medium.id, segment.startOffset, segment.endOfData, segment.streamStart, segment.bytes, segment.sha256)
    this.sql('UPDATE media SET end_of_data = max(end_of_data, ?), used_bytes = max(used_bytes, ?) WHERE id = ?').run(segment.endOfData, segment.endOfData, medium.id)
  }

  /** A job's segments on a copy, in order. */
  segments(copyId: number, jobId: number): TapeSegmentRef[] {
    return this.sql(
      `SELECT m.barcode, s.sequence, s.start_offset AS startOffset, s.end_of_data AS endOfData, s.stream_start AS streamStart,
              s.bytes, s.sha256
       FROM tape_segments s JOIN media m ON m.id = s.media_id WHERE s.copy_id = ? AND s.job_id = ? ORDER BY s.sequence`,
    ).all(copyId, jobId) as TapeSegmentRef[]
  }

  /** Forgets a job's segments on a copy (a job copied again from the start: its old segments are dead data). */
  dropSegments(copyId: number, jobId: number): void {
    this.sql('DELETE FROM tape_segments WHERE copy_id = ? AND job_id = ?').run(copyId, jobId)
  }

  /** The jobs a medium holds (View Contents), oldest first. */
  jobsOnMedium(mediumId: number): MediumJobRow[] {
    return this.sql(
      `SELECT s.job_id AS jobId, s.copy_id AS copyId, c.name AS copyName, sp.name AS storagePolicyName, j.backup_type AS backupType,
              j.start_time AS startTime, sum(s.bytes) AS bytes, count(*) AS segments,
              coalesce((SELECT jc.status FROM job_copies jc WHERE jc.job_id = s.job_id AND jc.copy_id = s.copy_id), 'Partially Copied') AS status
       FROM tape_segments s JOIN copies c ON c.id = s.copy_id JOIN storage_policies sp ON sp.id = c.storage_policy_id
         JOIN jobs j ON j.id = s.job_id
       WHERE s.media_id = ? GROUP BY s.job_id, s.copy_id ORDER BY s.job_id`,
    ).all(mediumId) as MediumJobRow[]
  }

  /** A deleted copy's media go back to their scratch pools as Spare, blank (their data is no longer anyone's). */
  freeMediaOfCopy(copyId: number): void {
    this.sql("UPDATE media SET status = 'Spare', copy_id = NULL, end_of_data = 0, used_bytes = 0 WHERE copy_id = ? AND status <> 'Bad'").run(copyId)
    this.sql('UPDATE media SET copy_id = NULL WHERE copy_id = ?').run(copyId)
  }

  // ── Drives ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Reserves up to `count` idle drives of a pool for a job (with those it holds already); returns how many it holds. */
  reserveDrives(drivePoolId: number, jobId: number, count: number): number {
    const held = (this.sql('SELECT count(*) AS n FROM drives WHERE drive_pool_id = ? AND job_id = ?').get(drivePoolId, jobId) as { n: number }).n
    if (held < count) {
      this.sql(
        `UPDATE drives SET job_id = ?, barcode = NULL WHERE id IN
           (SELECT id FROM drives WHERE drive_pool_id = ? AND job_id IS NULL ORDER BY name LIMIT ?)`,
      ).run(jobId, drivePoolId, count - held)
    }
    return (this.sql('SELECT count(*) AS n FROM drives WHERE drive_pool_id = ? AND job_id = ?').get(drivePoolId, jobId) as { n: number }).n
  }

  /** The jobs holding drives of a pool now. */
  drivesHeldBy(drivePoolId: number): number[] {
    return (this.sql('SELECT DISTINCT job_id AS jobId FROM drives WHERE drive_pool_id = ? AND job_id IS NOT NULL ORDER BY job_id').all(drivePoolId) as { jobId: number }[]).map(
      (row) => row.jobId,
    )
  }

  /** A medium goes into one of the job's drives that holds none. */
  loadDrive(jobId: number, barcode: string): void {
    this.sql('UPDATE drives SET barcode = ? WHERE id = (SELECT id FROM drives WHERE job_id = ? AND barcode IS NULL ORDER BY name LIMIT 1)').run(barcode, jobId)
  }

  /** A job gives its drives back; the media it held mounted become Appendable (or Spare, unwritten). */
  releaseDrives(jobId: number): void {
    const mounted = this.sql('SELECT barcode FROM drives WHERE job_id = ? AND barcode IS NOT NULL').all(jobId) as { barcode: string }[]
    for (const { barcode } of mounted) this.leaveMedium(barcode, false)
    this.sql('UPDATE drives SET job_id = NULL, barcode = NULL WHERE job_id = ?').run(jobId)
  }

  /**
   * At start: no job holds a drive or a mounted medium any more (one console per data folder; a job resumed after
   * a restart reserves again). Media left Active by a stop become Appendable, or Spare when they hold no segment.
   */
  releaseAll(): void {
    const active = this.sql("SELECT barcode FROM media WHERE status = 'Active'").all() as { barcode: string }[]
    for (const { barcode } of active) this.leaveMedium(barcode, false)
    this.sql('UPDATE drives SET job_id = NULL, barcode = NULL WHERE job_id IS NOT NULL OR barcode IS NOT NULL').run()
  }

  // ── Views (media service) ─────────────────────────────────────────────────────────────────────────────────────

  /** The media of a scratch pool that no copy holds (Spare, or Bad before any copy took them), by barcode. */
  mediaInScratch(scratchPoolId: number): MediumRow[] {
    return this.sql(`${mediumSelect} WHERE m.scratch_pool_id = ? AND m.copy_id IS NULL ORDER BY m.barcode`).all(scratchPoolId) as MediumRow[]
  }

  /** A tape library's media assigned to copies (its Assigned Media), by barcode. */
  assignedMedia(libraryId: number): MediumRow[] {
    return this.sql(`${mediumSelect} WHERE m.library_id = ? AND m.copy_id IS NOT NULL ORDER BY m.barcode`).all(libraryId) as MediumRow[]
  }
}
