/**
 * Reads a job on tape through the one stream reader (`ChunkReader`), so restore, Data Verification and aux copy
 * read it as they read a disk job: a chunk's bytes are found by mapping its stream offsets to (segment, data record,
 * offset) by arithmetic (every data record but a segment's last is full), across media. The manifest comes from the
 * job's first segment; the segment list (barcode, position, stream range) from the CommServe's catalog.
 *
 * `verifySegments` re-reads whole segments and checks each against its trailer's SHA-256 (Data Verification on a
 * tape copy), naming the medium and segment of each failure.
 *
 * A job of an encrypted copy (segments whose header says `sealed`) is opened only with the copy's key: every data
 * record read is opened (its tag checked) before its bytes are used or hashed (`sealed-records.ts`).
 */
import type { MediaFailure } from '../../../app/media/media-protocol'
import type { CopyThreads } from '../copy-threads'
import { type ChunkEntry, type JobManifest, chunkStarts, filesInChunk, parseManifest } from '../job-folder'
import { ChunkReader, type ChunkSource } from '../job-reader'
import { MediaError, ignore, throwIfAborted } from '../media-error'
import type { CopyKey } from '../sealed-chunks'
import { openRecord } from './sealed-records'
import { digestOf, hashPiece, tapeHashKey } from './tape-hashing'
import {
  type SegmentLayout, type TapeSegment, dataRecordLength, dataRecordPosition, maxHeaderBytes, parseHeader, parseTrailer, recordCount, segmentLayout, streamPerRecord, trailerPosition,
} from './segment'
import { type TapeMedium, framingError, recordBytes } from './tape-image'

/** Mounts a medium for reading by its barcode (`TapeMedium.mountForReading` with the catalog's figures). */
export type OpenMedium = (barcode: string) => Promise<TapeMedium>

/** A segment that failed verification: which one, on which medium, and why. */
export interface SegmentFailure {
  readonly barcode: string
  readonly sequence: number
  readonly failure: MediaFailure
}

/** How to verify segments. */
export interface VerifySegmentsOptions {
  readonly threads: CopyThreads
  readonly signal?: AbortSignal
  /** Data bytes read, as they are hashed. */
  readonly onBytes?: (bytes: number) => void
}

/** Data read and hashed at once while verifying: about 4 MiB of records. */
const verifyBatchBytes = 4 * 1024 * 1024

/** A job on tape opened for reading; create with `TapeJobReader.open`. */
export class TapeJobReader extends ChunkReader {
  /** The stream offset each chunk starts at, by chunk number - 1. */
  private readonly chunkStarts: readonly number[]
  /** Each segment's layout once its header was read, by sequence. */
  private readonly layouts = new Map<number, SegmentLayout>()
  /** Buffers that hold framed records while they are read, reused across reads (several run at once). */
  private readonly scratch: Buffer[] = []

  private constructor(
    location: string,
    manifest: JobManifest,
    manifestBytes: Buffer,
    /** The job's segments, in order. */
    readonly segments: readonly TapeSegment[],
    private readonly openMedium: OpenMedium,
    /** The copy's key (an encrypted copy), or null. */
    private readonly key: CopyKey | null,
  ) {
    super(location, manifest, manifestBytes)
    this.chunkStarts = chunkStarts(manifest.chunks)
  }

  /**
   * Opens a job from its segments (in order, as the catalog recorded them): reads its manifest from segment 1 and
   * checks the segments cover its stream. `key` is the copy's key for a job of an encrypted copy (null: plain).
   * `location` names the job in failures (default `tape:<barcodes>`). Throws `MediaError`: `sourceMissing` for a
   * missing or truncated medium, `manifestInvalid` for broken framing, a header that does not match the catalog, or
   * a manifest that does not fit the segments; `internal` for sealed segments without a key or plain ones with one.
   */
  static async open(segments: readonly TapeSegment[], openMedium: OpenMedium, key: CopyKey | null = null, location = tapeLocation(segments)): Promise<TapeJobReader> {
    const invalid = (reason: string) => new MediaError({ kind: 'manifestInvalid', file: location, reason })
    const first = segments[0]
    if (first === undefined) throw invalid('the job has no segments')
    let streamEnd = 0
    segments.forEach((segment, index) => {
      if (segment.sequence !== index + 1) throw invalid(`segment ${index + 1} is numbered ${segment.sequence}`)
      if (segment.streamStart !== streamEnd) throw invalid(`segment ${segment.sequence} starts at stream offset ${segment.streamStart}, not ${streamEnd}`)
      streamEnd += segment.bytes
    })
    const medium = await openMedium(first.barcode)
    let manifestBytes: Buffer
    let layout: SegmentLayout
    try {
      layout = await readLayout(medium, first, key)
      manifestBytes = await readManifestRecords(medium, layout)
    } finally {
      await medium.close().catch(ignore)
    }
    const manifest = parseManifest(manifestBytes, `${medium.path} (manifest of job ${layout.header.jobId})`)
    const chunkBytes = manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
    if (chunkBytes !== streamEnd) throw invalid(`the segments hold ${streamEnd} bytes, the manifest's chunks ${chunkBytes}`)
    const reader = new TapeJobReader(location, manifest, manifestBytes, segments, openMedium, key)
    reader.layouts.set(1, layout)
    return reader
  }

  /** Chunks on tape are not files. */
  chunkFile(): null {
    return null
  }

  protected async openChunk(chunk: ChunkEntry): Promise<ChunkSource> {
    const start = this.chunkStarts[chunk.number - 1] ?? 0
    const end = start + chunk.size
    const parts = this.segments.filter((segment) => segment.streamStart < end && segment.streamStart + segment.bytes > start)
    const media = new Map<string, TapeMedium>()
    const closeAll = () => Promise.all([...media.values()].map((medium) => medium.close().catch(ignore))).then(ignore)
    try {
      for (const segment of parts) {
        if (!media.has(segment.barcode)) media.set(segment.barcode, await this.openMedium(segment.barcode))
        await this.layoutOf(media.get(segment.barcode)!, segment)
      }
    } catch (error) {
      await closeAll()
      throw error
    }
    return {
      path: [...media.values()][0]?.path ?? this.location,
      size: () => Promise.resolve(chunk.size),
      read: (buffer, length, position) => this.readStream(media, buffer, length, start + position, end),
      close: closeAll,
    }
  }

  /**
   * Re-reads every segment whole (header, manifest, data records, trailer, tape mark) and checks its data against
   * the trailer's SHA-256 and the catalog's; resolves the segments that failed (none: all good). Throws only
   * `JobAbortedError` on abort (and what is not a `MediaError`).
   */
  async verifySegments(options: VerifySegmentsOptions): Promise<SegmentFailure[]> {
    const failures: SegmentFailure[] = []
    for (const segment of this.segments) {
      throwIfAborted(options.signal)
      try {
        await this.verifySegment(segment, options)
      } catch (error) {
        if (!(error instanceof MediaError)) throw error
        failures.push({ barcode: segment.barcode, sequence: segment.sequence, failure: error.failure })
      }
    }
    return failures
  }

  private async verifySegment(segment: TapeSegment, options: VerifySegmentsOptions): Promise<void> {
    const { threads } = options
    const medium = await this.openMedium(segment.barcode)
    const key = tapeHashKey()
    let digested = false
    try {
      const layout = await readLayout(medium, segment, this.key)
      if (segment.sequence === 1 && !(await readManifestRecords(medium, layout)).equals(this.manifestBytes)) {
        throw framingError(medium, layout.manifestStart, 'the manifest on tape is not the one the job was opened with')
      }
      const { recordSize } = layout.header
      const perBatch = Math.max(1, Math.floor(verifyBatchBytes / recordSize))
      const records = recordCount(segment.bytes, streamPerRecord(layout.header))
      const scratch = threads.allocate(perBatch * recordBytes(recordSize))
      for (let first = 0; first < records; first += perBatch) {
        throwIfAborted(options.signal)
        const last = Math.min(records, first + perBatch) - 1
        const payloads = await readDataRecords(medium, layout, segment, first, last, scratch)
        for (const payload of this.openRecords(medium, layout, segment, first, payloads)) {
          await hashPiece(threads, key, payload, medium.path)
          options.onBytes?.(payload.length)
        }
      }
      digested = true
      const sha256 = await digestOf(threads, key, medium.path)
      const at = trailerPosition(layout, segment.bytes)
      const trailer = await medium.readItem(at, maxHeaderBytes)
      if (trailer.kind !== 'record') throw framingError(medium, at, `no trailer after segment ${segment.sequence}'s data`)
      const parsed = parseTrailer(trailer.bytes, medium, at)
      if (parsed.jobId !== layout.header.jobId || parsed.sequence !== segment.sequence || parsed.bytes !== segment.bytes) {
        throw framingError(medium, at, `the trailer names job ${parsed.jobId} segment ${parsed.sequence} of ${parsed.bytes} bytes`)
      }
      if (sha256 !== parsed.sha256 || sha256 !== segment.sha256) throw this.segmentChecksum(medium, segment)
      const mark = await medium.readItem(trailer.next, 0)
      if (mark.kind !== 'mark' || mark.next !== segment.endOfData) throw framingError(medium, trailer.next, `segment ${segment.sequence} does not end with a tape mark at the recorded end of data`)
    } finally {
      if (!digested) threads.drop(key)
      await medium.close().catch(ignore)
    }
  }

  /**
   * The stream bytes of data records `first`... of a segment, as read (`payloads`): the same views for plain records;
   * sealed ones each opened in place (their tag checked), so the views stay in the caller's buffer.
   */
  private openRecords(medium: TapeMedium, layout: SegmentLayout, segment: TapeSegment, first: number, payloads: Buffer[]): Buffer[] {
    const key = this.key
    if (layout.header.sealed === undefined || key === null) return payloads
    const per = streamPerRecord(layout.header)
    return payloads.map((payload, at) => {
      const index = first + at
      const streamOffset = segment.streamStart + index * per
      const place = { jobId: layout.header.jobId, sequence: segment.sequence, index, streamOffset }
      const files = () => this.filesIn(streamOffset, streamOffset + payload.length)
      return payload.subarray(0, openRecord(key, payload, place, payload, { file: medium.path, files }))
    })
  }

  /** The backed-up files whose chunks hold stream bytes [`start`, `end`). */
  private filesIn(start: number, end: number): string[] {
    const chunks = this.manifest.chunks.filter((chunk) => {
      const from = this.chunkStarts[chunk.number - 1] ?? 0
      return from < end && from + chunk.size > start
    })
    return [...new Set(chunks.flatMap((chunk) => filesInChunk(this.manifest, chunk.number)))]
  }

  /** A segment whose data does not match its SHA-256, naming the medium, the segment and the files it holds. */
  private segmentChecksum(medium: TapeMedium, segment: TapeSegment): MediaError {
    const files = this.filesIn(segment.streamStart, segment.streamStart + segment.bytes)
    return new MediaError({
      kind: 'checksum', file: medium.path, chunk: null, files,
      reason: `segment ${segment.sequence} of job ${this.manifest.jobId} on medium ${segment.barcode}: its data does not match its SHA-256`,
    })
  }

  /** The layout of a segment, from its header read once. */
  private async layoutOf(medium: TapeMedium, segment: TapeSegment): Promise<SegmentLayout> {
    let layout = this.layouts.get(segment.sequence)
    if (layout === undefined) {
      layout = await readLayout(medium, segment, this.key)
      this.layouts.set(segment.sequence, layout)
    }
    return layout
  }

  /** Reads stream bytes [`from`, `from + length`) (not past `end`) from the media holding them into `buffer`. */
  private async readStream(media: ReadonlyMap<string, TapeMedium>, buffer: Buffer, length: number, from: number, end: number): Promise<number> {
    const total = Math.min(length, end - from)
    let done = 0
    while (done < total) {
      const at = from + done
      const segment = this.segments.find((each) => each.streamStart <= at && at < each.streamStart + each.bytes)
      const medium = segment && media.get(segment.barcode)
      const layout = segment && this.layouts.get(segment.sequence)
      if (!segment || !medium || !layout) throw new MediaError({ kind: 'internal', file: this.location, reason: `no segment was mounted for stream offset ${at}` })
      const count = Math.min(total - done, segment.streamStart + segment.bytes - at)
      await this.readSegmentData(medium, layout, segment, at - segment.streamStart, buffer, done, count)
      done += count
    }
    return done
  }

  /** Copies `count` data bytes from offset `within` of a segment into `target` at `offset`, checking the records' framing. */
  private async readSegmentData(medium: TapeMedium, layout: SegmentLayout, segment: TapeSegment, within: number, target: Buffer, offset: number, count: number): Promise<void> {
    const { recordSize } = layout.header
    const per = streamPerRecord(layout.header)
    const first = Math.floor(within / per)
    const last = Math.floor((within + count - 1) / per)
    const scratch = this.takeScratch((last - first + 1) * recordBytes(recordSize))
    try {
      const payloads = this.openRecords(medium, layout, segment, first, await readDataRecords(medium, layout, segment, first, last, scratch))
      payloads.forEach((payload, index) => {
        const recordStart = (first + index) * per
        const from = Math.max(within, recordStart) - recordStart
        const to = Math.min(within + count, recordStart + payload.length) - recordStart
        payload.copy(target, offset + recordStart + from - within, from, to)
      })
    } finally {
      this.scratch.push(scratch)
    }
  }

  private takeScratch(size: number): Buffer {
    const index = this.scratch.findIndex((each) => each.length >= size)
    if (index >= 0) return this.scratch.splice(index, 1)[0]!
    return Buffer.allocUnsafe(size)
  }
}

/** The default name of a job on tape in failures: `tape:<barcode>+<barcode>...`. */
function tapeLocation(segments: readonly TapeSegment[]): string {
  return `tape:${[...new Set(segments.map((segment) => segment.barcode))].join('+')}`
}

/**
 * Reads a segment's header where the catalog says it lies, and checks it is the segment the catalog names, sealed
 * when a key came with the request and plain when none did.
 */
async function readLayout(medium: TapeMedium, segment: TapeSegment, key: CopyKey | null): Promise<SegmentLayout> {
  const at = segment.startOffset
  const item = await medium.readItem(at, maxHeaderBytes)
  if (item.kind !== 'record') throw framingError(medium, at, `no segment header where segment ${segment.sequence} should begin`)
  const header = parseHeader(item.bytes, medium, at)
  if (header.sequence !== segment.sequence || header.streamStart !== segment.streamStart) {
    throw framingError(medium, at, `the header is of segment ${header.sequence} at stream offset ${header.streamStart}, the catalog expects segment ${segment.sequence} at ${segment.streamStart}`)
  }
  if (header.sealed !== undefined && key === null) throw new MediaError({ kind: 'internal', file: medium.path, reason: `segment ${segment.sequence} of job ${header.jobId} is encrypted and no key came with the request` })
  if (header.sealed === undefined && key !== null) throw new MediaError({ kind: 'internal', file: medium.path, reason: `the copy is encrypted but segment ${segment.sequence} of job ${header.jobId} holds plain records` })
  return segmentLayout(header, at, item.bytes.length)
}

/** Reads the manifest records of segment 1. */
async function readManifestRecords(medium: TapeMedium, layout: SegmentLayout): Promise<Buffer> {
  const { manifestBytes, recordSize } = layout.header
  const manifest = Buffer.allocUnsafe(manifestBytes)
  let position = layout.manifestStart
  for (let at = 0; at < manifestBytes; ) {
    const expected = Math.min(recordSize, manifestBytes - at)
    const item = await medium.readItem(position, recordSize)
    if (item.kind !== 'record' || item.bytes.length !== expected) throw framingError(medium, position, `a manifest record of ${expected} bytes is missing`)
    item.bytes.copy(manifest, at)
    at += expected
    position = item.next
  }
  return manifest
}

/**
 * Reads data records `first` to `last` of a segment (back to back, framed) into `scratch` with one read, checks each
 * record's length words, and resolves views of their data in order.
 */
async function readDataRecords(medium: TapeMedium, layout: SegmentLayout, segment: TapeSegment, first: number, last: number, scratch: Buffer): Promise<Buffer[]> {
  const lengthOf = (index: number) => dataRecordLength(layout.header, segment.bytes, index)
  const from = dataRecordPosition(layout, first)
  const size = dataRecordPosition(layout, last) + recordBytes(lengthOf(last)) - from
  const read = await medium.readAt(scratch, 0, size, from)
  if (read < size) throw framingError(medium, from + read, `the medium's data ends inside segment ${segment.sequence}`)
  const payloads: Buffer[] = []
  let at = 0
  for (let index = first; index <= last; index++) {
    const length = lengthOf(index)
    const before = scratch.readUInt32LE(at)
    const after = scratch.readUInt32LE(at + 4 + length + (length & 1))
    if (before !== length || after !== length) {
      throw framingError(medium, from + at, `data record ${index + 1} of segment ${segment.sequence} is framed as ${before}/${after} bytes, not ${length}`)
    }
    payloads.push(scratch.subarray(at + 4, at + 4 + length))
    at += recordBytes(length)
  }
  return payloads
}
