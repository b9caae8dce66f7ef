/**
 * The tape store: a tape library's emulated media, each a tape image file in the library's folder (`tape-image.ts`).
 * A job on tape is its segments across media (`segment.ts`); which media and where is the CommServe's record, sent
 * in the job's reference (`JobRef.tape`). Writing asks the CommServe for each medium through a `TapeLink` (the
 * CommServe owns media states and drives) and tells it of each segment closed and each medium left.
 *
 * Backups write to disk libraries (the CommServe refuses a primary copy on tape); a tape store is written by aux
 * copies, read by restores, aux copies and Data Verification. Its data is pruned medium by medium (a medium whose
 * jobs have all aged returns to its scratch pool), never job by job.
 *
 * An encrypted copy's jobs are written and read with the key their reference carries (`JobRef.encryption`): each
 * data record sealed (`sealed-records.ts`), so a medium read without the key shows none of the data.
 */
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { JobRef, MediumRef, StoreRef, StoreStats, TapeSegmentRef } from '../../../app/media/media-protocol'
import type { BackupResult } from '../backup'
import type { CopyThreads } from '../copy-threads'
import type { CopyResult } from '../copy-job'
import type { Store, StoreBackupInput, StoreCopyInput } from '../disk-store'
import { fsyncDir } from '../durable-fs'
import { chunkStarts } from '../job-folder'
import type { JobReader } from '../job-reader'
import { MediaError, targetError } from '../media-error'
import { type CopyKey, copyKeyOf } from '../sealed-chunks'
import { mountPathStats } from '../mount-path'
import { TapeJobReader } from './tape-reader'
import { type MediumSpec, TapeMedium, mediumFile } from './tape-image'
import { TapeWriter } from './tape-writer'

/** The key a job's reference carries for an encrypted copy, or null. */
function keyOf(job: JobRef): CopyKey | null {
  return job.encryption === undefined ? null : copyKeyOf(job.encryption.key)
}

/** How a tape stream reaches the CommServe while it writes. */
export interface TapeLink {
  /** The medium to write on next (`spanning`: the last had no room); none with the reason when there is none. */
  medium(spanning: boolean): Promise<{ readonly medium: MediumRef | null; readonly reason: string }>
  /** A segment closed and is durable. */
  segmentClosed(segment: TapeSegmentRef): void
  /** A medium was unmounted; `full` when it had no room left. */
  mediumLeft(barcode: string, full: boolean): void
}

/** A tape library's media, in `folder`. */
export class TapeStore implements Store {
  constructor(
    readonly ref: Extract<StoreRef, { kind: 'tape' }>,
    private readonly folder: string,
    private readonly threads: () => CopyThreads,
  ) {}

  /** Opens a job from its segments as the CommServe recorded them. */
  openJob(job: JobRef): Promise<JobReader> {
    return this.reader(job)
  }

  private reader(job: JobRef, segments: readonly TapeSegmentRef[] = job.tape?.segments ?? [], media: readonly MediumRef[] = job.tape?.media ?? []): Promise<TapeJobReader> {
    if (segments.length === 0) {
      return Promise.reject(new MediaError({ kind: 'sourceMissing', file: this.folder, errno: null, reason: `job ${job.jobId} has no closed segment on tape` }))
    }
    const byBarcode = new Map(media.map((medium) => [medium.barcode, medium]))
    const open = (barcode: string) => {
      const medium = byBarcode.get(barcode)
      if (medium === undefined) return Promise.reject(new MediaError({ kind: 'internal', file: this.folder, reason: `medium ${barcode} was not described` }))
      return TapeMedium.mountForReading(this.spec(medium))
    }
    return TapeJobReader.open(segments, open, keyOf(job))
  }

  backup(job: JobRef, _input: StoreBackupInput): Promise<BackupResult> {
    return Promise.reject(new MediaError({ kind: 'internal', file: this.folder, reason: `backups write to disk libraries; job ${job.jobId} was sent to tape` }))
  }

  /**
   * Copies a job onto tape, spanning media as they fill. A job with closed segments from an earlier run goes on
   * after them (its stream read from the chunk holding their end); a job Bad on the target (`repair`) is written
   * again from the start. With Verify copied data, the job is read back from tape through the stream reader and
   * every chunk checked against its SHA-256.
   */
  async copyIn(source: JobReader, job: JobRef, input: StoreCopyInput): Promise<CopyResult> {
    const link = input.tape
    if (link === undefined) throw new MediaError({ kind: 'internal', file: this.folder, reason: 'a copy to tape needs the CommServe to give it media' })
    const threads = input.threads ?? this.threads()
    await this.ensureFolder()
    const resumed = input.repair === true ? [] : (job.tape?.segments ?? [])
    const known = new Map((job.tape?.media ?? []).map((medium) => [medium.barcode, medium]))
    let asked = 0
    const writer = await TapeWriter.start({
      job: { storagePolicyId: job.storagePolicyId, copyId: job.copyId, jobId: job.jobId },
      manifestBytes: source.manifestBytes,
      medium: null,
      resume: resumed,
      threads,
      ...(job.encryption ? { key: copyKeyOf(job.encryption.key) } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      noSpareMedia: { file: '', reason: 'no medium to write on' },
      nextMedium: async () => {
        const answer = await link.medium(asked++ > 0)
        if (answer.medium === null) throw new MediaError({ kind: 'targetUnavailable', file: '', errno: 'ENOSPC', reason: answer.reason })
        known.set(answer.medium.barcode, answer.medium)
        return TapeMedium.mountForWriting(this.spec(answer.medium), threads)
      },
      onSegmentClosed: (segment) => link.segmentClosed(segment),
      onMediumLeft: (barcode, full) => link.mediumLeft(barcode, full),
    })
    const from = writer.durableBytes
    const starts = chunkStarts(source.manifest.chunks)
    const total = source.manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
    const chunks = source.manifest.chunks.filter((chunk) => (starts[chunk.number - 1] ?? 0) + chunk.size > from)
    let bytesRead = 0
    let done = from
    const report = () => input.onProgress?.({ bytesDone: done, bytesTotal: total, bytesTransferred: bytesRead, currentFile: null })
    try {
      await source.read({
        chunks, threads, quickCheck: true,
        ...(input.pool ? { pool: input.pool } : {}), ...(input.signal ? { signal: input.signal } : {}), ...(input.throttle ? { throttle: input.throttle } : {}),
        onPiece: async (piece, chunk, offset) => {
          const start = (starts[chunk.number - 1] ?? 0) + offset
          const skip = Math.max(0, from - start)
          if (skip < piece.length) await writer.write(piece.subarray(skip))
        },
        onBytes: (bytes) => {
          bytesRead += bytes
          done = Math.max(done, Math.min(total, from + bytesRead))
          report()
        },
      })
    } catch (error) {
      await writer.abandon()
      throw error
    }
    const result = await writer.finish()
    report()
    let verified = false
    if (input.verifyTarget === true) {
      const ends = new Map<string, number>()
      for (const segment of result.segments) ends.set(segment.barcode, Math.max(ends.get(segment.barcode) ?? 0, segment.endOfData))
      const media = [...ends].map(([barcode, endOfData]) => ({ barcode, endOfData, capacity: known.get(barcode)?.capacity ?? endOfData }))
      const written = await this.reader(job, result.segments, media)
      await written.read({ threads, quickCheck: true, ...(input.pool ? { pool: input.pool } : {}), ...(input.signal ? { signal: input.signal } : {}) })
      verified = true
    }
    return {
      manifest: source.manifest, bytesRead, bytesWritten: result.bytes - from, chunksWritten: chunks.length, chunksReused: 0, alreadyDurable: false,
      verified, blocksWritten: 0, blocksFound: 0,
    }
  }

  /** A job's data on tape is not removed alone: media are recycled whole once every job on them has aged. */
  prune(_job: JobRef): Promise<boolean> {
    return Promise.resolve(false)
  }

  /** Whether the library's folder is there (created with its first medium), and the space its media can use. */
  async stats(): Promise<StoreStats> {
    const stats = await mountPathStats(this.ref, this.folder)
    if (stats.online) return stats
    const parent = await mountPathStats(this.ref, dirname(this.folder))
    return parent.online ? parent : stats
  }

  private spec(medium: MediumRef): MediumSpec {
    return { path: mediumFile(this.folder, medium.barcode), barcode: medium.barcode, capacity: medium.capacity, endOfData: medium.endOfData }
  }

  /** The library's folder, made durably on first use (its parent is the data folder's `libraries`). */
  private async ensureFolder(): Promise<void> {
    try {
      if ((await mkdir(this.folder, { recursive: true })) !== undefined) await fsyncDir(dirname(this.folder))
    } catch (error) {
      throw targetError(error, this.folder)
    }
  }
}
