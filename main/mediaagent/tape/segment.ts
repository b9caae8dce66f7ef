/**
 * A job on tape is one or more segments, one per medium it touches, each a run of records ended by a tape mark:
 *
 *   header     JSON: format, storagePolicyId, copyId, jobId, sequence (1..n), streamStart, recordSize, manifestBytes
 *   manifest   segment 1 only: the job's manifest bytes (as a disk job's manifest.json holds them), cut into records
 *              of `recordSize` (the last shorter), so the job on tape needs nothing else to be read or restored
 *   data       the job's chunk stream from `streamStart`, in records of `recordSize`; only a segment's last record is
 *              shorter, so a stream offset maps to a position on the medium by arithmetic alone. On an encrypted copy
 *              the header says `sealed` and each data record is sealed alone (`sealed-records.ts`): it holds
 *              `recordSize - sealedRecordOverhead` plain bytes
 *   trailer    JSON: format, jobId, sequence, bytes (the stream bytes the data records hold) and their SHA-256
 *   tape mark
 *
 * The job's stream is its chunks back to back in manifest order (chunk n starts at the sum of the sizes before it).
 * A segment counts only once closed: trailer and tape mark written and the medium fsynced; the CommServe then
 * records it (a `TapeSegment`) and the medium's new end of data.
 */
import { z } from 'zod'
import { sealedRecordCipher, sealedRecordOverhead } from './sealed-records'
import { framingError, maxRecordBytes, recordBytes, segmentCloseReserve } from './tape-image'

/** The header's format tag; bump it when the segment layout changes. */
export const segmentFormat = 'cv-tape-segment/1'
/** The trailer's format tag. */
export const trailerFormat = 'cv-tape-trailer/1'
/** The data record size by default: 256 KiB (even, so data records carry no pad byte). */
export const defaultRecordSize = 256 * 1024
/** The largest header record read back. */
export const maxHeaderBytes = 4096

/** The job a segment belongs to. */
export interface SegmentJob {
  readonly storagePolicyId: number
  readonly copyId: number
  readonly jobId: number
}

/** A segment's header record. */
export interface SegmentHeader extends SegmentJob {
  readonly format: typeof segmentFormat
  /** 1 for the job's first segment, then 2, 3, ... across media. */
  readonly sequence: number
  /** The offset in the job's stream of the segment's first data byte. */
  readonly streamStart: number
  readonly recordSize: number
  /** The manifest's length in the records after the header (segment 1); 0 in later segments. */
  readonly manifestBytes: number
  /** Present on an encrypted copy: each data record is sealed with this cipher (absent: plain records). */
  readonly sealed?: typeof sealedRecordCipher
}

/** A segment's trailer record. */
export interface SegmentTrailer {
  readonly format: typeof trailerFormat
  readonly jobId: number
  readonly sequence: number
  /** Stream bytes in the segment (plain bytes on an encrypted copy). */
  readonly bytes: number
  /** SHA-256 of the segment's stream bytes, in order (plain, once opened, on an encrypted copy). */
  readonly sha256: string
}

/** A closed segment, as the CommServe records it: where it lies and what it holds. */
export interface TapeSegment {
  readonly barcode: string
  readonly sequence: number
  /** The position of its header record on the medium. */
  readonly startOffset: number
  /** The medium's end of valid data once this segment closed (after its tape mark). */
  readonly endOfData: number
  /** The offset in the job's stream of its first data byte. */
  readonly streamStart: number
  /** Data bytes it holds. */
  readonly bytes: number
  /** SHA-256 of its data bytes. */
  readonly sha256: string
}

const count = z.number().int().nonnegative()
const headerSchema = z.strictObject({
  format: z.literal(segmentFormat),
  storagePolicyId: count,
  copyId: count,
  jobId: count,
  sequence: z.number().int().positive(),
  streamStart: count,
  recordSize: z.number().int().positive().max(maxRecordBytes),
  manifestBytes: count,
  sealed: z.literal(sealedRecordCipher).optional(),
})
const trailerSchema = z.strictObject({
  format: z.literal(trailerFormat),
  jobId: count,
  sequence: z.number().int().positive(),
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
})

/** The header record's bytes. */
export function encodeHeader(header: SegmentHeader): Buffer {
  return Buffer.from(JSON.stringify(header))
}

/** The trailer record's bytes. */
export function encodeTrailer(trailer: SegmentTrailer): Buffer {
  return Buffer.from(JSON.stringify(trailer))
}

// A segment can always be closed only if its largest trailer fits in what `room()` keeps free.
const largestTrailer = encodeTrailer({ format: trailerFormat, jobId: Number.MAX_SAFE_INTEGER, sequence: Number.MAX_SAFE_INTEGER, bytes: Number.MAX_SAFE_INTEGER, sha256: 'f'.repeat(64) })
if (recordBytes(largestTrailer.length) + 4 > segmentCloseReserve) throw new Error('segmentCloseReserve cannot hold a trailer and a tape mark')

/** Where a medium's record came from, for messages. */
interface MediumName {
  readonly path: string
  readonly barcode: string
}

/** Parses a header record; throws `MediaError` (`manifestInvalid`) naming the medium and position. */
export function parseHeader(bytes: Buffer, medium: MediumName, position: number): SegmentHeader {
  return parseRecord(headerSchema, bytes, medium, position, 'segment header') as SegmentHeader
}

/** Parses a trailer record; throws `MediaError` (`manifestInvalid`) naming the medium and position. */
export function parseTrailer(bytes: Buffer, medium: MediumName, position: number): SegmentTrailer {
  return parseRecord(trailerSchema, bytes, medium, position, 'segment trailer') as SegmentTrailer
}

function parseRecord<T>(schema: z.ZodType<T>, bytes: Buffer, medium: MediumName, position: number, what: string): T {
  let json: unknown
  try {
    json = JSON.parse(bytes.toString())
  } catch {
    throw framingError(medium, position, `not a ${what}`)
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) throw framingError(medium, position, `not a ${what}: ${z.prettifyError(parsed.error).split('\n').slice(0, 2).join(' ')}`)
  return parsed.data
}

/** Bytes `length` bytes of data (or manifest) take on a medium in records of `recordSize`: framing included. */
export function recordsBytes(length: number, recordSize: number): number {
  const full = Math.floor(length / recordSize)
  const rest = length - full * recordSize
  return full * recordBytes(recordSize) + (rest > 0 ? recordBytes(rest) : 0)
}

/** Records `length` bytes take in records of `recordSize`. */
export function recordCount(length: number, recordSize: number): number {
  return Math.ceil(length / recordSize)
}

/** Where a segment's parts lie on its medium, from its header (read at `startOffset`, `headerBytes` long). */
export interface SegmentLayout {
  readonly header: SegmentHeader
  readonly startOffset: number
  /** The first manifest record (segment 1), or the first data record. */
  readonly manifestStart: number
  readonly dataStart: number
}

/** A segment's layout from its header record. */
export function segmentLayout(header: SegmentHeader, startOffset: number, headerBytes: number): SegmentLayout {
  const manifestStart = startOffset + recordBytes(headerBytes)
  return { header, startOffset, manifestStart, dataStart: manifestStart + recordsBytes(header.manifestBytes, header.recordSize) }
}

/** Bytes a data record holds beyond its stream bytes: a sealed record's nonce and tag, or none. */
export function recordOverhead(header: Pick<SegmentHeader, 'sealed'>): number {
  return header.sealed === undefined ? 0 : sealedRecordOverhead
}

/** Stream bytes a full data record holds. */
export function streamPerRecord(header: Pick<SegmentHeader, 'recordSize' | 'sealed'>): number {
  return header.recordSize - recordOverhead(header)
}

/** The length on tape of data record `index` of a segment holding `bytes` stream bytes. */
export function dataRecordLength(header: Pick<SegmentHeader, 'recordSize' | 'sealed'>, bytes: number, index: number): number {
  const per = streamPerRecord(header)
  return Math.min(per, bytes - index * per) + recordOverhead(header)
}

/** The position on the medium of data record `index` of a segment (every record before it is full). */
export function dataRecordPosition(layout: SegmentLayout, index: number): number {
  return layout.dataStart + index * recordBytes(layout.header.recordSize)
}

/** Where the trailer of a segment holding `bytes` stream bytes lies. */
export function trailerPosition(layout: SegmentLayout, bytes: number): number {
  const records = recordCount(bytes, streamPerRecord(layout.header))
  return records === 0 ? layout.dataStart : dataRecordPosition(layout, records - 1) + recordBytes(dataRecordLength(layout.header, bytes, records - 1))
}
