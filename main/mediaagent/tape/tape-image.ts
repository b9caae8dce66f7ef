/**
 * An emulated tape medium: one file in a tape library's folder, in the SIMH tape image format.
 *
 *   data record:  length (u32 LE) · the bytes · a pad byte when the length is odd · length (u32 LE) again
 *   tape mark:    0x00000000 (a file mark)
 *   end of medium 0xFFFFFFFF (never written here: the file's end is the end of the medium's data; read as such)
 *
 * A medium starts with a label record (JSON naming its barcode and the format) and a tape mark; job segments follow
 * (`segment.ts`). As on a real tape, writing is strictly sequential and append-only, and the medium holds a fixed
 * capacity (per library; small in tests so that little data spans media). The CommServe's catalog records where a
 * medium's valid data ends (after its last closed segment); mounting a medium for writing cuts whatever lies past
 * that, which is what a crash in the middle of a segment leaves.
 */
import { type FileHandle, open } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import type { CopyThreads } from '../copy-threads'
import { fsyncDir, writeAll } from '../durable-fs'
import { MediaError, errnoOf, ignore, sourceError, targetError } from '../media-error'

/** The label's format tag; bump it when the medium layout changes. */
export const tapeFormat = 'cv-tape/1'
/** A tape mark's length word. */
export const tapeMarkWord = 0
/** The end-of-medium word. */
export const endOfMediumWord = 0xffffffff
/** The largest record SIMH frames: lengths are the low 24 bits of the word, the high bits are flags. */
export const maxRecordBytes = 0xffffff
/**
 * What a segment's closing takes at most: its trailer record (`segment.ts` checks its largest encoding fits) and
 * the tape mark after it. `room()` keeps this free, so an open segment can always be closed.
 */
export const segmentCloseReserve = 512

/** Bytes a record of `length` bytes takes on the medium: both length words and the pad byte of an odd length. */
export function recordBytes(length: number): number {
  return 8 + length + (length & 1)
}

/** The largest record whose framing fits in `room` bytes (0 when none does). */
export function largestRecordIn(room: number): number {
  const length = room - 8
  if (length <= 0) return 0
  // An odd length needs a pad byte: one fewer, even, fits exactly.
  return Math.min(maxRecordBytes, length - (length & 1))
}

/** A medium as the catalog knows it: its file, barcode, capacity, and where its valid data ends. */
export interface MediumSpec {
  readonly path: string
  readonly barcode: string
  /** Bytes the medium holds, framing included. */
  readonly capacity: number
  /** The byte offset after the last closed segment, as recorded by the CommServe; 0 for a new medium. */
  readonly endOfData: number
}

/** One thing read at a position: a record, a tape mark, or the end of the medium's data. */
export type TapeItem =
  | { readonly kind: 'record'; readonly bytes: Buffer; readonly next: number }
  | { readonly kind: 'mark'; readonly next: number }
  | { readonly kind: 'end' }

/** The file a medium lives in, in its library's folder: `<folder>/<barcode>.tap`. */
export function mediumFile(folder: string, barcode: string): string {
  if (!isBarcode(barcode)) throw new Error(`not a barcode: ${JSON.stringify(barcode)}`)
  return join(folder, `${barcode}.tap`)
}

/** A barcode is also a file name: letters, digits, `-` and `_`, 1 to 32 of them. */
export function isBarcode(barcode: string): boolean {
  return /^[A-Za-z0-9_-]{1,32}$/.test(barcode)
}

const labelSchema = z.strictObject({ format: z.literal(tapeFormat), barcode: z.string() })

/** The label record a new medium starts with. */
function encodeLabel(barcode: string): Buffer {
  return Buffer.from(JSON.stringify({ format: tapeFormat, barcode }))
}

/** A record whose framing is broken, for people: where on which medium, and what is wrong. */
export function framingError(medium: { readonly path: string; readonly barcode: string }, position: number, reason: string): MediaError {
  return new MediaError({ kind: 'manifestInvalid', file: medium.path, reason: `medium ${medium.barcode}, byte ${position}: ${reason}` })
}

/**
 * A mounted medium. Mounted for writing (`mountForWriting`), records are appended at its end; mounted for reading
 * (`mountForReading`), the file is never changed and reads stop at the recorded end of data.
 */
export class TapeMedium {
  /** Set after a failed write: where the medium ends is then unknown, so nothing more is written to it. */
  private broken = false

  private constructor(
    readonly path: string,
    readonly barcode: string,
    readonly capacity: number,
    private readonly handle: FileHandle,
    private readonly writable: boolean,
    /** Where the next record goes when writing; the end of valid data when reading. */
    private position: number,
    /** The offset after the label and its tape mark, where the first segment begins. */
    readonly labelEnd: number,
  ) {}

  /**
   * Mounts a medium to append to. A new one (`endOfData` 0) is created (or overwritten) with its label and a tape
   * mark, made durable with its folder entry. A used one is cut back to `endOfData` and its label checked. Throws
   * `MediaError`: `sourceMissing` when the file is missing or shorter than its recorded data, `manifestInvalid`
   * when its label or last tape mark is not where it should be, `targetUnavailable` when it cannot be written.
   */
  static async mountForWriting(spec: MediumSpec, threads: Pick<CopyThreads, 'fsync'>): Promise<TapeMedium> {
    if (spec.endOfData === 0) return TapeMedium.create(spec, threads)
    const handle = await openMediumFile(spec.path, 'r+')
    try {
      const { size } = await handle.stat()
      if (size < spec.endOfData) throw truncated(spec, size)
      // Past the recorded end lies what a crash left of an unclosed segment. Not fsynced: the next records
      // overwrite it, and whatever of it a power cut brings back lies past the recorded end again.
      if (size > spec.endOfData) await handle.truncate(spec.endOfData).catch((error: unknown) => Promise.reject(targetError(error, spec.path)))
      const labelEnd = await checkLabel(handle, spec)
      const medium = new TapeMedium(spec.path, spec.barcode, spec.capacity, handle, true, spec.endOfData, labelEnd)
      await medium.checkEndsWithMark(spec.endOfData)
      return medium
    } catch (error) {
      await handle.close().catch(ignore)
      throw error
    }
  }

  /**
   * Mounts a medium to read its recorded data (`endOfData`); the file is left as it is. Throws `MediaError`:
   * `sourceMissing` when the file is missing or shorter than its recorded data, `manifestInvalid` for a bad label.
   */
  static async mountForReading(spec: MediumSpec): Promise<TapeMedium> {
    const handle = await openMediumFile(spec.path, 'r')
    try {
      const { size } = await handle.stat()
      if (size < spec.endOfData) throw truncated(spec, size)
      const labelEnd = await checkLabel(handle, spec)
      return new TapeMedium(spec.path, spec.barcode, spec.capacity, handle, false, spec.endOfData, labelEnd)
    } catch (error) {
      await handle.close().catch(ignore)
      throw error
    }
  }

  private static async create(spec: MediumSpec, threads: Pick<CopyThreads, 'fsync'>): Promise<TapeMedium> {
    let handle: FileHandle
    try {
      handle = await open(spec.path, 'w+')
    } catch (error) {
      throw targetError(error, spec.path)
    }
    const label = encodeLabel(spec.barcode)
    const labelEnd = recordBytes(label.length) + 4
    const medium = new TapeMedium(spec.path, spec.barcode, spec.capacity, handle, true, 0, labelEnd)
    try {
      if (labelEnd + segmentCloseReserve > spec.capacity) throw new MediaError({ kind: 'internal', file: spec.path, reason: `a capacity of ${spec.capacity} bytes holds no segment` })
      await medium.writeRecord(label)
      await medium.writeMark()
      await medium.sync(threads)
      // The medium's file is new: its folder entry must be durable too.
      await fsyncDir(dirname(spec.path)).catch((error: unknown) => Promise.reject(targetError(error, spec.path)))
      return medium
    } catch (error) {
      await handle.close().catch(ignore)
      throw error
    }
  }

  /** Where the next record is written (writing), or where the valid data ends (reading). */
  get end(): number {
    return this.position
  }

  /** Whether any segment lies on the medium (Start New Media never appends to such a one). */
  get holdsSegments(): boolean {
    return this.position > this.labelEnd
  }

  /** Bytes still free for records (framing included), keeping room for an open segment's trailer and tape mark. */
  room(): number {
    return Math.max(0, this.capacity - this.position - segmentCloseReserve)
  }

  /**
   * Appends one record, given whole or in parts (a sealed record's nonce, ciphertext and tag); resolves its
   * position. Throws `MediaError` (`targetUnavailable`) when it cannot.
   */
  async writeRecord(record: Uint8Array | readonly Uint8Array[]): Promise<number> {
    const bytes = record instanceof Uint8Array ? [record] : record
    const length = bytes.reduce((sum, part) => sum + part.length, 0)
    if (length > maxRecordBytes) throw new MediaError({ kind: 'internal', file: this.path, reason: `a record of ${length} bytes is too long` })
    const at = this.position
    const size = recordBytes(length)
    const frame = Buffer.allocUnsafe(4)
    frame.writeUInt32LE(length, 0)
    const parts = length & 1 ? [frame, ...bytes, Buffer.alloc(1), frame] : [frame, ...bytes, frame]
    await this.append(parts, size)
    return at
  }

  /** Appends a tape mark (the end of a segment). */
  async writeMark(): Promise<void> {
    const mark = Buffer.alloc(4)
    mark.writeUInt32LE(tapeMarkWord, 0)
    await this.append([mark], 4)
  }

  /** Makes everything written so far durable. */
  async sync(threads: Pick<CopyThreads, 'fsync'>): Promise<void> {
    try {
      await threads.fsync(this.handle)
    } catch (error) {
      this.broken = true
      throw targetError(error, this.path)
    }
  }

  /** Reads `length` bytes at `position` of the valid data into `buffer` at `offset`; resolves how many were read. */
  readAt(buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
    return readRange(this.view, buffer, offset, length, position)
  }

  /** Reads what lies at `position`: a record (at most `maxLength` bytes, else a framing error), a tape mark, or the end. */
  readItem(position: number, maxLength: number): Promise<TapeItem> {
    return readItemAt(this.view, position, maxLength)
  }

  /** The medium as the record reader sees it: its valid data ends at `end`. */
  private get view(): MediumView {
    return { path: this.path, barcode: this.barcode, handle: this.handle, limit: this.position }
  }

  /** Unmounts the medium. */
  async close(): Promise<void> {
    await this.handle.close()
  }

  /**
   * Appends at the end. The place is taken at once, so several appends may be in flight (each writes where its
   * turn put it); a failed one leaves the medium broken, its end unknown: nothing more is written to it.
   */
  private async append(parts: readonly Uint8Array[], size: number): Promise<void> {
    if (!this.writable || this.broken) throw new MediaError({ kind: 'internal', file: this.path, reason: `medium ${this.barcode} is not mounted for writing` })
    if (this.position + size > this.capacity) {
      throw new MediaError({ kind: 'targetUnavailable', file: this.path, errno: 'ENOSPC', reason: `end of medium ${this.barcode} (${this.capacity} bytes)` })
    }
    const at = this.position
    this.position += size
    try {
      await writeAllParts(this.handle, parts, at)
    } catch (error) {
      this.broken = true
      throw targetError(error, this.path)
    }
  }

  /** A used medium's recorded data must end with a segment's tape mark (or be just its label). */
  private async checkEndsWithMark(endOfData: number): Promise<void> {
    if (endOfData < this.labelEnd) throw framingError(this, endOfData, `the recorded end of data lies inside the label (${this.labelEnd} bytes)`)
    if (endOfData === this.labelEnd) return
    const word = Buffer.allocUnsafe(4)
    await this.readAt(word, 0, 4, endOfData - 4)
    if (word.readUInt32LE(0) !== tapeMarkWord) throw framingError(this, endOfData - 4, 'no tape mark before the recorded end of data')
  }
}

/** Writes buffers back to back at `position`, looping over short writes. */
async function writeAllParts(handle: FileHandle, parts: readonly Uint8Array[], position: number): Promise<void> {
  const total = parts.reduce((sum, part) => sum + part.length, 0)
  const { bytesWritten } = await handle.writev(parts as Uint8Array[], position)
  if (bytesWritten === total) return
  // Rare (a signal, a nearly full disk): finish with the bytes not yet written, in one buffer.
  const rest = Buffer.concat(parts).subarray(bytesWritten)
  await writeAll(handle, rest, rest.length, position + bytesWritten)
}

async function openMediumFile(path: string, flags: 'r' | 'r+'): Promise<FileHandle> {
  try {
    return await open(path, flags)
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new MediaError({ kind: 'sourceMissing', file: path, errno: 'ENOENT', reason: 'medium missing: its file is not in the library' })
    throw flags === 'r' ? sourceError(error, path, 'medium unreadable') : targetError(error, path)
  }
}

function truncated(spec: MediumSpec, size: number): MediaError {
  return new MediaError({
    kind: 'sourceMissing', file: spec.path, errno: null,
    reason: `medium ${spec.barcode} is truncated: ${size} bytes where the catalog records data up to byte ${spec.endOfData}`,
  })
}

/** An open medium file for reading records: its valid data ends at `limit`. */
interface MediumView {
  readonly path: string
  readonly barcode: string
  readonly handle: FileHandle
  readonly limit: number
}

async function readRange(medium: MediumView, buffer: Buffer, offset: number, length: number, position: number): Promise<number> {
  const within = Math.max(0, Math.min(length, medium.limit - position))
  let done = 0
  try {
    while (done < within) {
      const { bytesRead } = await medium.handle.read(buffer, offset + done, within - done, position + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
  } catch (error) {
    throw sourceError(error, medium.path, `medium ${medium.barcode} unreadable`)
  }
  return done
}

async function readItemAt(medium: MediumView, position: number, maxLength: number): Promise<TapeItem> {
  if (position >= medium.limit) return { kind: 'end' }
  const word = Buffer.allocUnsafe(4)
  if ((await readRange(medium, word, 0, 4, position)) < 4) throw framingError(medium, position, 'the data ends inside a length word')
  const length = word.readUInt32LE(0)
  if (length === endOfMediumWord) return { kind: 'end' }
  if (length === tapeMarkWord) return { kind: 'mark', next: position + 4 }
  if (length > maxRecordBytes) throw framingError(medium, position, `0x${length.toString(16)} is not a good record's length word`)
  if (length > maxLength) throw framingError(medium, position, `a record of ${length} bytes where at most ${maxLength} belong`)
  const size = recordBytes(length)
  const rest = Buffer.allocUnsafe(size - 4)
  if ((await readRange(medium, rest, 0, rest.length, position + 4)) < rest.length) throw framingError(medium, position, `the data ends inside a record of ${length} bytes`)
  const after = rest.readUInt32LE(rest.length - 4)
  if (after !== length) throw framingError(medium, position, `a record's length is ${length} before it and ${after} after it`)
  return { kind: 'record', bytes: rest.subarray(0, length), next: position + size }
}

/** The largest label record read back. */
const maxLabelBytes = 4096

/** Checks the medium starts with a label naming its barcode and a tape mark; resolves where the first segment begins. */
async function checkLabel(handle: FileHandle, spec: MediumSpec): Promise<number> {
  const medium: MediumView = { path: spec.path, barcode: spec.barcode, handle, limit: spec.endOfData }
  const label = await readItemAt(medium, 0, maxLabelBytes)
  if (label.kind !== 'record') throw framingError(spec, 0, 'no label record at the start of the medium')
  let parsed: z.infer<typeof labelSchema>
  try {
    parsed = labelSchema.parse(JSON.parse(label.bytes.toString()))
  } catch {
    throw framingError(spec, 0, 'the first record is not a medium label')
  }
  if (parsed.barcode !== spec.barcode) throw framingError(spec, 0, `the label names medium ${parsed.barcode}`)
  const mark = await readItemAt(medium, label.next, 0)
  if (mark.kind !== 'mark') throw framingError(spec, label.next, 'no tape mark after the label')
  return mark.next
}
