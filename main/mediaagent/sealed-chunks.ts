/**
 * Chunk files of an encrypted copy ("Re-encrypt data"): the same chunks as a plain disk copy, each sealed with
 * AES-256-GCM under the copy's key, so a library file read without the key shows none of the data.
 *
 *   <jobDir>/encryption.json           { format, cipher, unitSize }: the job's chunks are sealed (no key in it)
 *   <jobDir>/C000001.chk                header (magic, unit size) then units: nonce (12) | ciphertext | tag (16)
 *
 * A chunk is sealed in units of 1 MiB of plain data, each with its own random nonce and tag, so a reader can open any
 * piece of a chunk by arithmetic and a damaged unit is named without reading the whole chunk. Each unit's additional
 * data binds its chunk number, its index and the chunk's plain size: units cannot be swapped, replayed or cut off
 * unnoticed. The manifest stays plain (paths, sizes, SHA-256 of the plain data: metadata, no contents), so the copy
 * is still checked against the plain SHA-256s once decrypted.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { type FileHandle, open, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import type { ChunkEntry } from './job-folder'
import type { ChunkSource } from './job-reader'
import { writeAll, writeFileDurably } from './durable-fs'
import { MediaError, errnoOf } from './media-error'

/** The marker file of a job folder whose chunks are sealed. */
export const sealedMarkerName = 'encryption.json'
/** Plain bytes per sealed unit. */
export const sealedUnitSize = 1024 * 1024
const magic = Buffer.from('CVSEAL01')
const headerSize = 16
const nonceSize = 12
const tagSize = 16
const cipherName = 'aes-256-gcm'

const markerSchema = z.strictObject({ format: z.literal('cv-sealed/1'), cipher: z.literal('AES-256-GCM'), unitSize: z.number().int().positive() })

/** A copy's key as the MediaAgent holds it for one request: 32 bytes, never written anywhere. */
export type CopyKey = Buffer

/** The key of a hex string from the media protocol. */
export function copyKeyOf(hex: string): CopyKey {
  const key = Buffer.from(hex, 'hex')
  if (key.length !== 32) throw new MediaError({ kind: 'internal', file: '', reason: 'the copy key is not 256 bits' })
  return key
}

/** The size a sealed chunk file of `plainSize` bytes takes. */
export function sealedFileSize(plainSize: number, unitSize = sealedUnitSize): number {
  const units = Math.ceil(plainSize / unitSize)
  return headerSize + plainSize + units * (nonceSize + tagSize)
}

/** The plain size a sealed chunk file of `fileSize` bytes holds (NaN when no sealed file has that size). */
export function plainSizeOf(fileSize: number, unitSize: number): number {
  const body = fileSize - headerSize
  if (body < 0) return Number.NaN
  const sealedUnit = unitSize + nonceSize + tagSize
  const whole = Math.floor(body / sealedUnit)
  const rest = body - whole * sealedUnit
  if (rest === 0) return whole * unitSize
  if (rest <= nonceSize + tagSize) return Number.NaN
  return whole * unitSize + rest - nonceSize - tagSize
}

function additionalData(chunkNumber: number, unit: number, plainSize: number): Buffer {
  const data = Buffer.alloc(16)
  data.writeUInt32BE(chunkNumber, 0)
  data.writeUInt32BE(unit, 4)
  data.writeBigUInt64BE(BigInt(plainSize), 8)
  return data
}

function header(unitSize: number): Buffer {
  const bytes = Buffer.alloc(headerSize)
  magic.copy(bytes, 0)
  bytes.writeUInt32BE(unitSize, 8)
  return bytes
}

/** Seals one unit: nonce, ciphertext, tag (three buffers, written together without joining them). */
function sealUnit(key: CopyKey, plain: Buffer, chunkNumber: number, unit: number, plainSize: number): Buffer[] {
  const nonce = randomBytes(nonceSize)
  const cipher = createCipheriv(cipherName, key, nonce)
  cipher.setAAD(additionalData(chunkNumber, unit, plainSize))
  const sealed = cipher.update(plain)
  cipher.final() // GCM gives every byte from update
  return [nonce, sealed, cipher.getAuthTag()]
}

/** Writes buffers back to back at `position`, all of them (looping over a short write). */
async function writeParts(handle: FileHandle, parts: Buffer[], position: number): Promise<void> {
  const total = parts.reduce((sum, part) => sum + part.length, 0)
  const { bytesWritten } = await handle.writev(parts, position)
  if (bytesWritten < total) {
    const rest = Buffer.concat(parts).subarray(bytesWritten)
    await writeAll(handle, rest, rest.length, position + bytesWritten)
  }
}

/** Writes the marker saying a job folder's chunks are sealed (durably: a later run must know how to read them). */
export async function writeSealedMarker(jobDir: string): Promise<void> {
  const marker = { format: 'cv-sealed/1', cipher: 'AES-256-GCM', unitSize: sealedUnitSize }
  await writeFileDurably(join(jobDir, sealedMarkerName), Buffer.from(JSON.stringify(marker)), jobDir)
}

/** Removes a stale marker from a job folder written plain now (false when there was none). */
export async function removeSealedMarker(jobDir: string): Promise<boolean> {
  try {
    await unlink(join(jobDir, sealedMarkerName))
    return true
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return false
    throw error
  }
}

/** The unit size of a job folder's sealed chunks, or null when they are plain (no marker). */
export async function sealedUnitOf(jobDir: string): Promise<number | null> {
  let bytes: Buffer
  try {
    bytes = await readFile(join(jobDir, sealedMarkerName))
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null
    throw error
  }
  const parsed = markerSchema.safeParse(JSON.parse(bytes.toString()))
  if (!parsed.success) throw new MediaError({ kind: 'manifestInvalid', file: join(jobDir, sealedMarkerName), reason: 'not an encryption marker' })
  return parsed.data.unitSize
}

/**
 * Seals one chunk as its plain bytes arrive in order (`write`), one unit at a time; `finish` seals the last unit.
 * The plain bytes given to `write` may be reused by the caller once its promise settles.
 */
export class ChunkSealer {
  private readonly buffer: Buffer
  private fill = 0
  private unit = 0
  private position = 0
  private started = false

  constructor(
    readonly handle: FileHandle,
    private readonly key: CopyKey,
    private readonly chunk: Pick<ChunkEntry, 'number' | 'size'>,
    private readonly unitSize = sealedUnitSize,
  ) {
    this.buffer = Buffer.allocUnsafe(unitSize)
  }

  async write(plain: Buffer): Promise<void> {
    await this.start()
    // Each unit's write runs while the next one is sealed (the sealed bytes are new buffers; the plain ones are not
    // kept past this call): all are written before it resolves.
    const writes: Promise<void>[] = []
    try {
      let at = 0
      while (at < plain.length) {
        if (this.fill === 0 && plain.length - at >= this.unitSize) {
          writes.push(this.emit(plain.subarray(at, at + this.unitSize)))
          at += this.unitSize
          continue
        }
        const take = Math.min(this.unitSize - this.fill, plain.length - at)
        plain.copy(this.buffer, this.fill, at, at + take)
        this.fill += take
        at += take
        if (this.fill === this.unitSize) {
          writes.push(this.emit(this.buffer))
          this.fill = 0
        }
      }
    } finally {
      await Promise.all(writes)
    }
  }

  /** Seals what is left; the caller fsyncs and closes the handle. */
  async finish(): Promise<void> {
    await this.start()
    if (this.fill > 0) await this.emit(this.buffer.subarray(0, this.fill))
    this.fill = 0
  }

  private async start(): Promise<void> {
    if (this.started) return
    this.started = true
    const bytes = header(this.unitSize)
    await writeAll(this.handle, bytes, bytes.length, 0)
    this.position = bytes.length
  }

  /** Seals a unit now (synchronously: `plain` may be reused once this returns) and writes it at its place. */
  private emit(plain: Buffer): Promise<void> {
    const parts = sealUnit(this.key, plain, this.chunk.number, this.unit, this.chunk.size)
    this.unit += 1
    const position = this.position
    this.position += plain.length + nonceSize + tagSize
    return writeParts(this.handle, parts, position)
  }
}

/**
 * Opens a sealed chunk file for the stream reader: `size` is the plain size, `read` decrypts the units it spans
 * (each checked against its tag; one that fails is a `checksum` failure: a wrong key or damaged data).
 */
export async function openSealedChunk(path: string, key: CopyKey, chunk: Pick<ChunkEntry, 'number'>, unitSize: number, files: () => string[]): Promise<ChunkSource> {
  const handle = await open(path, 'r')
  const sealedUnit = unitSize + nonceSize + tagSize
  let plainSize: number | null = null
  // The last unit opened, so pieces smaller than a unit decrypt it once.
  let cached: { index: number; plain: Promise<Buffer> } | null = null
  const size = async (): Promise<number> => {
    if (plainSize === null) {
      const fileSize = (await handle.stat()).size
      const head = Buffer.alloc(headerSize)
      await handle.read(head, 0, headerSize, 0)
      if (!head.subarray(0, magic.length).equals(magic) || head.readUInt32BE(8) !== unitSize) {
        throw new MediaError({ kind: 'checksum', file: path, reason: 'not a sealed chunk file', chunk: chunk.number, files: files() })
      }
      plainSize = plainSizeOf(fileSize, unitSize)
      if (Number.isNaN(plainSize)) throw new MediaError({ kind: 'checksum', file: path, reason: 'the sealed chunk file is cut short', chunk: chunk.number, files: files() })
    }
    return plainSize
  }
  const openUnit = async (index: number): Promise<Buffer> => {
    const total = await size()
    const length = Math.min(unitSize, total - index * unitSize)
    const sealed = Buffer.allocUnsafe(length + nonceSize + tagSize)
    const { bytesRead } = await handle.read(sealed, 0, sealed.length, headerSize + index * sealedUnit)
    if (bytesRead !== sealed.length) throw new MediaError({ kind: 'sourceMissing', file: path, errno: null, reason: 'short sealed unit' })
    try {
      const decipher = createDecipheriv(cipherName, key, sealed.subarray(0, nonceSize))
      decipher.setAAD(additionalData(chunk.number, index, total))
      decipher.setAuthTag(sealed.subarray(nonceSize + length))
      const plain = decipher.update(sealed.subarray(nonceSize, nonceSize + length))
      decipher.final() // checks the tag; GCM gives every byte from update
      return plain
    } catch {
      throw new MediaError({
        kind: 'checksum', file: path, chunk: chunk.number, files: files(),
        reason: `unit ${index + 1} fails its AES-GCM authentication (a wrong key, or damaged data)`,
      })
    }
  }
  const unitAt = (index: number): Promise<Buffer> => {
    if (cached?.index !== index) cached = { index, plain: openUnit(index) }
    return cached.plain
  }
  return {
    path,
    size,
    read: async (buffer, length, position) => {
      const total = await size()
      const end = Math.min(total, position + length)
      let at = position
      while (at < end) {
        const index = Math.floor(at / unitSize)
        const plain = await unitAt(index)
        const from = at - index * unitSize
        const take = Math.min(plain.length - from, end - at)
        plain.copy(buffer, at - position, from, from + take)
        at += take
      }
      return at - position
    },
    close: () => handle.close(),
  }
}
