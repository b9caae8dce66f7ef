/**
 * Writes one job's stream to tape, spanning media: the bytes arrive in order (`write`, then `finish`) and go into
 * fixed-size data records of a segment on the current medium. When the medium has no room left, the segment is
 * closed (trailer, tape mark, fsync) and the stream goes on in a new segment on the next medium the caller gives
 * (media spanning). With no medium to give, the write fails with `targetUnavailable` and the caller's reason ("No
 * spare media in ScratchPool01"): the job waits and retries, and the segments closed so far stay closed.
 *
 * The job's manifest is written into its first segment, in the records after the header (see `segment.ts`), so a
 * job on tape is read with its segment list alone. Segments are reported closed only once durable.
 *
 * Given the copy's key (an encrypted copy), each data record is sealed as it is written (`sealed-records.ts`): the
 * segment's SHA-256 is still of the plain stream, hashed while the sealed record is written.
 */
import type { CopyThreads } from '../copy-threads'
import { MediaError, ignore, throwIfAborted } from '../media-error'
import type { CopyKey } from '../sealed-chunks'
import { sealRecord, sealedRecordCipher, sealedRecordOverhead } from './sealed-records'
import { digestOf, hashPiece, tapeHashKey } from './tape-hashing'
import { type SegmentJob, type TapeSegment, defaultRecordSize, encodeHeader, encodeTrailer, recordsBytes, segmentFormat, trailerFormat } from './segment'
import { type TapeMedium, largestRecordIn, maxRecordBytes, recordBytes } from './tape-image'

/** What to write and where. */
export interface TapeWriterOptions {
  readonly job: SegmentJob
  /** The job's manifest, the same bytes a disk job's `manifest.json` holds: written into segment 1. */
  readonly manifestBytes: Buffer
  /** The medium mounted to write on (an appendable one), or null to start on the first one `nextMedium` gives. */
  readonly medium: TapeMedium | null
  /** The next medium to span to (a spare one from the scratch pool, mounted for writing), or null when none is left. */
  readonly nextMedium: () => Promise<TapeMedium | null>
  /** The failure to report when `nextMedium` has none: what to name and why ("No spare media in ScratchPool01"). */
  readonly noSpareMedia: { readonly file: string; readonly reason: string }
  /** Start New Media: the job never starts on a medium that already holds segments (a resumed job goes on where it was). */
  readonly startNewMedia?: boolean
  /** The job's segments an earlier run closed: the writer goes on after them, the stream fed from `durableBytes`. */
  readonly resume?: readonly TapeSegment[]
  readonly threads: CopyThreads
  /** Data record size (default 256 KiB). */
  readonly recordSize?: number
  /** The copy's key (Re-encrypt data): every data record is sealed with it. */
  readonly key?: CopyKey
  /** A segment closed and is durable: the CommServe records it and its medium's new end of data. */
  readonly onSegmentClosed?: (segment: TapeSegment) => void | Promise<void>
  /** The writer unmounted a medium it is done with; `full` when it left it for lack of room. */
  readonly onMediumLeft?: (barcode: string, full: boolean) => void
  readonly signal?: AbortSignal
}

/** A job written to tape. */
export interface TapeWriteResult {
  /** Every segment of the job, in order (those of a resumed run first). */
  readonly segments: readonly TapeSegment[]
  /** Stream bytes on tape. */
  readonly bytes: number
  /** Barcodes of the media left because they had no room for more (to be marked Full). */
  readonly filledMedia: readonly string[]
}

/** The segment being written. */
interface OpenSegment {
  readonly medium: TapeMedium
  readonly sequence: number
  readonly startOffset: number
  readonly streamStart: number
  /** Its hash stream on the hashing threads. */
  readonly key: number
  /** Stream bytes in its data records. */
  bytes: number
  /** Data records written. */
  records: number
  /** A short record was written: it is the segment's last, so more data goes to the next medium. */
  ended: boolean
  /** Data bytes since the last background flush was started. */
  unflushed: number
}

/** Records filled while the ones before them are still being hashed and written. */
const recordsInFlight = 4
/** A segment's data is flushed in the background every so often, so its closing fsync finds little left to write. */
const backgroundFlushBytes = 32 * 1024 * 1024

/** Writes one job's stream to tape; see the file comment. Create with `TapeWriter.start`. */
export class TapeWriter {
  private medium: TapeMedium | null
  private segment: OpenSegment | null = null
  private readonly closed: TapeSegment[]
  private readonly filled: string[] = []
  private readonly recordSize: number
  /** Stream bytes a full data record holds (less than `recordSize` by a sealed record's nonce and tag). */
  private readonly perRecord: number
  /** Data record buffers, from the hashing threads' memory: one is filled while the others are hashed and written. */
  private readonly records: Buffer[]
  /** Each buffer's hash and write, while in flight (the buffer is reused only once it settled). */
  private readonly flights: (Promise<void> | null)[]
  /** The buffer being filled. */
  private slot = 0
  /** The medium's background flush, while in flight. */
  private flushing: Promise<void> | null = null
  private used = 0
  /** The length the current record is written at: the record size, or less when it is the medium's last. */
  private limit = 0
  private state: 'writing' | 'finished' | 'failed' = 'writing'

  private constructor(private readonly options: TapeWriterOptions) {
    this.recordSize = options.recordSize ?? defaultRecordSize
    this.perRecord = this.recordSize - this.overhead
    if (!Number.isSafeInteger(this.recordSize) || this.perRecord < 2 || this.recordSize > maxRecordBytes) throw new Error(`bad record size ${this.recordSize}`)
    this.medium = options.medium
    this.closed = [...(options.resume ?? [])]
    this.closed.forEach((segment, index) => {
      if (segment.sequence !== index + 1) throw new Error(`resumed segment ${index + 1} is numbered ${segment.sequence}`)
    })
    this.records = Array.from({ length: recordsInFlight }, () => options.threads.allocate(this.recordSize))
    this.flights = this.records.map(() => null)
  }

  /** Mounts the job's first (or next, when resuming) segment: its header, and in segment 1 the manifest. */
  static async start(options: TapeWriterOptions): Promise<TapeWriter> {
    const writer = new TapeWriter(options)
    await writer.guard(() => writer.openSegment())
    return writer
  }

  /** Bytes each data record holds beyond its stream bytes: a sealed record's nonce and tag. */
  private get overhead(): number {
    return this.options.key === undefined ? 0 : sealedRecordOverhead
  }

  /** Stream bytes in closed segments: where a later run resumes (what is past it is lost with a failure). */
  get durableBytes(): number {
    const last = this.closed.at(-1)
    return last === undefined ? 0 : last.streamStart + last.bytes
  }

  /** The closed segments so far, in order (those of a resumed run first). */
  get segments(): readonly TapeSegment[] {
    return this.closed
  }

  /** The next bytes of the stream; valid only until the returned promise settles (they are copied). */
  async write(bytes: Uint8Array): Promise<void> {
    await this.guard(async () => {
      let at = 0
      while (at < bytes.length) {
        throwIfAborted(this.options.signal)
        if (this.used === 0) await this.startRecord()
        const take = Math.min(this.limit - this.used, bytes.length - at)
        this.records[this.slot]!.set(bytes.subarray(at, at + take), this.used)
        this.used += take
        at += take
        if (this.used === this.limit) await this.flushRecord()
      }
    })
  }

  /** Ends the stream: closes the last segment and unmounts the medium. */
  async finish(): Promise<TapeWriteResult> {
    return this.guard(async () => {
      await this.closeSegment()
      if (this.medium !== null) await this.leave(this.medium, false)
      this.state = 'finished'
      return { segments: [...this.closed], bytes: this.durableBytes, filledMedia: [...this.filled] }
    })
  }

  /**
   * Stops without closing the open segment (a kill, a failure elsewhere): the medium is unmounted, and what the
   * segment wrote lies past the medium's recorded end of data, cut at its next mount.
   */
  async abandon(): Promise<void> {
    if (this.state !== 'writing') return
    this.state = 'failed'
    await this.release()
  }

  /** Runs a step; a failure leaves the writer failed and its medium unmounted (the open segment never closes). */
  private async guard<T>(step: () => Promise<T>): Promise<T> {
    if (this.state !== 'writing') throw new Error(`the tape writer has ${this.state}`)
    try {
      return await step()
    } catch (error) {
      this.state = 'failed'
      await this.release()
      throw error
    }
  }

  private async release(): Promise<void> {
    // Nothing may still write to the medium, or hash its buffers, once it is unmounted.
    await Promise.allSettled([...this.flights, this.flushing])
    if (this.segment !== null) this.options.threads.drop(this.segment.key)
    this.segment = null
    const medium = this.medium
    this.medium = null
    if (medium === null) return
    await medium.close().catch(ignore)
    // Its drive is free again (a suspended or killed job does not hold the medium); what the open segment wrote lies
    // past the recorded end of data, cut at the next mount.
    this.options.onMediumLeft?.(medium.barcode, false)
  }

  /** Opens the next segment on the current medium, or on the next one when it lacks room (or Start New Media says so). */
  private async openSegment(): Promise<void> {
    const { job, manifestBytes } = this.options
    const sequence = this.closed.length + 1
    const streamStart = this.durableBytes
    const manifest = sequence === 1 ? manifestBytes : Buffer.alloc(0)
    const sealed = this.options.key === undefined ? {} : { sealed: sealedRecordCipher }
    const header = encodeHeader({ format: segmentFormat, ...pickJob(job), sequence, streamStart, recordSize: this.recordSize, manifestBytes: manifest.length, ...sealed })
    // A segment opens only where its header, its manifest and at least a small data record fit.
    const needed = recordBytes(header.length) + recordsBytes(manifest.length, this.recordSize) + recordBytes(this.overhead + 2)
    let medium = this.medium
    for (;;) {
      if (medium !== null && this.mustStartNew(medium)) {
        await this.leave(medium, false)
        medium = null
      }
      if (medium === null) {
        medium = await this.ask()
        if (this.mustStartNew(medium)) throw new MediaError({ kind: 'internal', file: medium.path, reason: `Start New Media was given medium ${medium.barcode}, which holds segments` })
      }
      if (medium.room() >= needed) break
      if (!medium.holdsSegments) {
        const reason = `medium ${medium.barcode} (${medium.capacity} bytes) cannot hold the header and manifest of segment ${sequence} (${needed} bytes)`
        await this.leave(medium, false)
        throw new MediaError({ kind: 'internal', file: medium.path, reason })
      }
      await this.leave(medium, true)
      medium = null
    }
    const startOffset = await medium.writeRecord(header)
    for (let at = 0; at < manifest.length; at += this.recordSize) await medium.writeRecord(manifest.subarray(at, at + this.recordSize))
    this.segment = { medium, sequence, startOffset, streamStart, key: tapeHashKey(), bytes: 0, records: 0, ended: false, unflushed: 0 }
  }

  /** Whether Start New Media keeps the job off this medium: only before the job's first segment. */
  private mustStartNew(medium: TapeMedium): boolean {
    return this.options.startNewMedia === true && this.closed.length === 0 && medium.holdsSegments
  }

  /** The next medium from the caller; none is the job's "wait for media" failure. */
  private async ask(): Promise<TapeMedium> {
    const next = await this.options.nextMedium()
    if (next === null) throw new MediaError({ kind: 'targetUnavailable', errno: 'ENOSPC', ...this.options.noSpareMedia })
    this.medium = next
    return next
  }

  /** Unmounts a medium the job is done with; `full` when it was left for lack of room. */
  private async leave(medium: TapeMedium, full: boolean): Promise<void> {
    if (full) this.filled.push(medium.barcode)
    if (this.medium === medium) this.medium = null
    await medium.close().catch(ignore)
    this.options.onMediumLeft?.(medium.barcode, full)
  }

  /** Sizes the next record; when the medium has no room for one, spans: closes the segment and opens one on the next. */
  private async startRecord(): Promise<void> {
    // Stream bytes the next record can hold: a full record's, or what the medium's room leaves (none: span).
    const fits = (segment: OpenSegment) => (segment.ended ? 0 : Math.max(0, Math.min(this.recordSize, largestRecordIn(segment.medium.room())) - this.overhead))
    let segment = this.openOne()
    if (fits(segment) === 0) {
      const full = segment.medium
      await this.closeSegment()
      await this.leave(full, true)
      await this.openSegment()
      segment = this.openOne()
    }
    this.limit = fits(segment)
  }

  /**
   * Starts writing the filled record and adding it to the segment's hash (in stream order: both take their turn
   * now), and goes on to the next buffer once it is free. Every so often the medium is flushed in the background.
   */
  private async flushRecord(): Promise<void> {
    const segment = this.openOne()
    const payload = this.records[this.slot]!.subarray(0, this.used)
    const { key, job } = this.options
    // Sealed now, before the buffer is reused; the plain bytes are hashed while the sealed ones are written.
    const record = key === undefined ? payload : sealRecord(key, payload, { jobId: job.jobId, sequence: segment.sequence, index: segment.records, streamOffset: segment.streamStart + segment.bytes })
    const flight = settleBoth(hashPiece(this.options.threads, segment.key, payload, segment.medium.path), segment.medium.writeRecord(record))
    // A failure is seen when the buffer is next needed, or when the segment closes; never unhandled meanwhile.
    flight.catch(ignore)
    this.flights[this.slot] = flight
    segment.bytes += this.used
    segment.records += 1
    segment.unflushed += this.used
    if (this.used < this.perRecord) segment.ended = true
    this.used = 0
    if (segment.unflushed >= backgroundFlushBytes) {
      segment.unflushed = 0
      await this.flushing
      const flushing = flight.then(() => segment.medium.sync(this.options.threads))
      flushing.catch(ignore)
      this.flushing = flushing
    }
    this.slot = (this.slot + 1) % this.records.length
    const previous = this.flights[this.slot]
    this.flights[this.slot] = null
    await previous
  }

  /** Waits for every record in flight (and the background flush): their failures are the writer's. */
  private async settleFlights(): Promise<void> {
    const flights = [...this.flights, this.flushing]
    this.flights.fill(null)
    this.flushing = null
    for (const flight of flights) await flight
  }

  /** Closes the open segment: last record, trailer, tape mark, fsync; only then is it reported. */
  private async closeSegment(): Promise<void> {
    if (this.used > 0) await this.flushRecord()
    await this.settleFlights()
    const segment = this.openOne()
    const { threads, job } = this.options
    // The hash stream ends here whatever follows: the segment no longer owns it.
    this.segment = null
    const sha256 = await digestOf(threads, segment.key, segment.medium.path)
    const { medium } = segment
    await medium.writeRecord(encodeTrailer({ format: trailerFormat, jobId: job.jobId, sequence: segment.sequence, bytes: segment.bytes, sha256 }))
    await medium.writeMark()
    await medium.sync(threads)
    const closed: TapeSegment = {
      barcode: medium.barcode, sequence: segment.sequence, startOffset: segment.startOffset, endOfData: medium.end,
      streamStart: segment.streamStart, bytes: segment.bytes, sha256,
    }
    this.closed.push(closed)
    await this.options.onSegmentClosed?.(closed)
  }

  private openOne(): OpenSegment {
    if (this.segment === null) throw new Error('no segment is open')
    return this.segment
  }
}

/** Only the job's identity goes into the header, whatever else the caller's object holds. */
function pickJob(job: SegmentJob): SegmentJob {
  return { storagePolicyId: job.storagePolicyId, copyId: job.copyId, jobId: job.jobId }
}

/** Waits for both (they share a buffer, which must not be reused while either runs), then throws the first failure. */
async function settleBoth(first: Promise<unknown>, second: Promise<unknown>): Promise<void> {
  const [a, b] = await Promise.allSettled([first, second])
  if (a.status === 'rejected') throw a.reason
  if (b.status === 'rejected') throw b.reason
}
