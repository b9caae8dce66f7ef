/**
 * The one stream reader of a job's data: auxiliary copy, Data Verification and restore all read a job through it.
 * It reads the chunks asked for in order (or several at once, where the caller allows), a few pieces ahead of the
 * hash (deep enough to stream a cold disk), hashes each piece on the hashing threads while the next ones are read,
 * hands each piece to the caller, and checks every chunk's SHA-256 (or, for an aux copy or a restore, its CRC-32)
 * against the manifest: a chunk that does not match is never reported as good.
 */
import { type FileHandle, open } from 'node:fs/promises'
import { join } from 'node:path'
import { type CopyThreads, InlineCopyThreads } from './copy-threads'
import { MediaError, JobAbortedError, errnoOf, ignore, sourceError } from './media-error'
import { type ChecksumKind, type ChunkEntry, type JobManifest, chunkCheck, chunkChecksumFailure, chunkFileName, filesInChunk, readManifestBytes } from './job-folder'
import { isMountPathOnline, mountPathOffline } from './mount-path'
import { PiecePool, defaultPieceSize } from './piece-pool'
import { type CopyKey, openSealedChunk, sealedUnitOf } from './sealed-chunks'
import type { Throttle } from './throttle'

/** How to read. */
export interface ReadOptions {
  /** The chunks to read, in order (default: all of them). */
  readonly chunks?: readonly ChunkEntry[]
  /**
   * Chunks read and hashed at once, each on a hashing thread of its own (default 1: in order). Above 1, `onChunk`
   * may come out of order, and `onPiece` is refused: its pieces must come in stream order.
   */
  readonly chunksAtOnce?: number
  readonly threads: CopyThreads
  /**
   * Check each chunk by its CRC-32 where the manifest has one, not its SHA-256 (`chunkCheck`): an aux copy moving
   * data, or a restore (which checks each file's own SHA-256). Data Verification checks the SHA-256 (default false).
   */
  readonly quickCheck?: boolean
  /** Size of one piece read and hashed (default 4 MiB, at most the chunk size). */
  readonly pieceSize?: number
  /** Where the pieces come from, and go back to when the read ends (default: a pool of this read's own). */
  readonly pool?: PiecePool
  readonly signal?: AbortSignal
  /**
   * Each piece in order, before its chunk's hash is known (a caller that must not keep unchecked bytes checks them
   * itself or waits for `onChunk`). The bytes are valid until the returned promise settles.
   */
  readonly onPiece?: (piece: Buffer, chunk: ChunkEntry, offset: number) => void | Promise<void>
  /** A chunk was read whole and matched its SHA-256 (or CRC-32). */
  readonly onChunk?: (chunk: ChunkEntry) => void | Promise<void>
  /** A chunk that could not be read or did not match: `skip` goes on with the next one; by default the read throws. */
  readonly onBadChunk?: (chunk: ChunkEntry, error: MediaError) => 'skip' | 'stop'
  /** Bytes read, as they are hashed. */
  readonly onBytes?: (bytes: number, chunk: ChunkEntry) => void
  /** A test console's brake (see `Throttle`). */
  readonly throttle?: Throttle
}

/** A job's data opened for reading. */
export interface JobReader {
  readonly manifest: JobManifest
  /** The manifest's exact bytes (a copy writes them unchanged). */
  readonly manifestBytes: Buffer
  /** Where the job lies, for messages. */
  readonly location: string
  /** The file holding chunk `number` where the store keeps chunks as files, so a disk target may copy it in-kernel. */
  chunkFile(number: number): string | null
  /** Reads chunks in order, checking each one's SHA-256 (see {@link ReadOptions}). */
  read(options: ReadOptions): Promise<void>
}

/** Pieces read ahead of the hash. */
const readAhead = 4
/** Hash stream keys, unique across every reader and writer sharing the same threads. */
let nextKey = 1

/** A fresh hash stream key for the hashing threads (two streams fed under one key would hash into each other). */
export function newHashKey(): number {
  return nextKey++
}

/**
 * Opens a job folder of the disk store (chunk files and a manifest). A missing manifest under a mount path that is
 * itself missing is an offline store (`targetUnavailable`: retry when it is back), not a missing job.
 */
export async function openJobFolder(dir: string, mountPath: string | null = null, key: CopyKey | null = null): Promise<JobReader> {
  let opened
  try {
    opened = await readManifestBytes(dir)
  } catch (error) {
    if (mountPath !== null && error instanceof MediaError && error.failure.kind === 'sourceMissing') {
      if (!(await isMountPathOnline(mountPath))) throw mountPathOffline(mountPath)
    }
    throw error
  }
  const unitSize = await sealedUnitOf(dir).catch((error: unknown) => Promise.reject(sourceError(error, dir, 'encryption marker unreadable')))
  if (unitSize === null) {
    if (key !== null) throw new MediaError({ kind: 'internal', file: dir, reason: 'the copy is encrypted but this job folder holds plain chunks' })
    return new DiskJobReader(dir, opened.manifest, opened.bytes)
  }
  if (key === null) throw new MediaError({ kind: 'internal', file: dir, reason: 'the job is encrypted and no key came with the request' })
  return new SealedJobReader(dir, opened.manifest, opened.bytes, key, unitSize)
}

/** Where one chunk's bytes are read from: a chunk file, or a deduplicated store's blocks. */
export interface ChunkSource {
  /** What to name in a failure: the chunk file, or the store holding the blocks. */
  readonly path: string
  /** The bytes the source holds for the chunk (a chunk file's size; a recipe always holds the manifest's). */
  size(): Promise<number>
  /** Reads `length` bytes at `position` of the chunk into `buffer`; resolves how many were read (0 at the end). */
  read(buffer: Buffer, length: number, position: number): Promise<number>
  close(): Promise<void>
}

/**
 * A job reader over chunk sources: reads the chunks asked for in order through pieces of a pool, hashes them on the
 * hashing threads, and checks each chunk's SHA-256. Stores differ only in where a chunk's bytes come from.
 */
export abstract class ChunkReader implements JobReader {
  constructor(
    readonly location: string,
    readonly manifest: JobManifest,
    readonly manifestBytes: Buffer,
  ) {}

  abstract chunkFile(number: number): string | null

  /** Opens the source of one chunk; throws `MediaError` (`sourceMissing`) when it cannot. */
  protected abstract openChunk(chunk: ChunkEntry): Promise<ChunkSource>

  async read(options: ReadOptions): Promise<void> {
    const chunks = options.chunks ?? this.manifest.chunks
    const pieceSize = Math.max(1, Math.min(options.pieceSize ?? defaultPieceSize, this.manifest.chunkSize))
    const pool = options.pool ?? new PiecePool(options.threads, pieceSize, readAhead)
    const lanes = Math.max(1, Math.min(options.chunksAtOnce ?? 1, chunks.length))
    if (lanes > 1 && options.onPiece !== undefined) throw new Error('pieces come in stream order: one chunk at a time')
    let next = 0
    let failed = false
    // Each lane reads the next chunk not yet taken, through pieces of its own, until none is left or a lane failed.
    const lane = async (): Promise<void> => {
      // Taken as first needed (a chunk no larger than a piece needs one) and kept for the lane's later chunks.
      const pieces: Buffer[] = []
      const piece = (slot: number) => (pieces[slot] ??= pool.take(pieceSize))
      try {
        while (!failed && next < chunks.length) {
          const chunk = chunks[next++]!
          if (options.signal?.aborted) throw new JobAbortedError()
          const check = chunkCheck(chunk, options.quickCheck ?? false)
          try {
            const source = await this.openChunk(chunk)
            const digest = await hashChunk(source, chunk, check.kind, piece, pieceSize, options)
            if (digest !== check.expected) throw new MediaError(chunkChecksumFailure(this.manifest, this.location, chunk.number))
          } catch (error) {
            if (!(error instanceof MediaError)) throw error
            if (options.onBadChunk?.(chunk, error) === 'skip') continue
            throw error
          }
          await options.onChunk?.(chunk)
        }
      } catch (error) {
        failed = true
        throw error
      } finally {
        // hashChunk settled every read into them before it returned or threw.
        for (const each of pieces) pool.give(each)
      }
    }
    // Every lane settles before the first failure is thrown: no read into a piece outlives the call.
    const settled = await Promise.allSettled(Array.from({ length: lanes }, lane))
    const failure = settled.find((each) => each.status === 'rejected')
    if (failure !== undefined) throw failure.reason
  }
}

class DiskJobReader extends ChunkReader {
  chunkFile(number: number): string {
    return join(this.location, chunkFileName(number))
  }

  protected async openChunk(chunk: ChunkEntry): Promise<ChunkSource> {
    const path = this.chunkFile(chunk.number)
    let handle: FileHandle
    try {
      handle = await open(path, 'r')
    } catch (error) {
      throw sourceError(error, path, 'chunk missing')
    }
    return {
      path,
      size: async () => (await handle.stat()).size,
      read: async (buffer, length, position) => (await handle.read(buffer, 0, length, position)).bytesRead,
      close: () => handle.close(),
    }
  }
}

/**
 * A job folder of an encrypted copy: each chunk is decrypted as it is read (its units' tags checked), then checked
 * against the plain SHA-256 like any chunk. It has no plain chunk file to hand out, so a copy from it streams.
 */
class SealedJobReader extends ChunkReader {
  constructor(location: string, manifest: JobManifest, manifestBytes: Buffer, private readonly key: CopyKey, private readonly unitSize: number) {
    super(location, manifest, manifestBytes)
  }

  chunkFile(): null {
    return null
  }

  protected async openChunk(chunk: ChunkEntry): Promise<ChunkSource> {
    const path = join(this.location, chunkFileName(chunk.number))
    try {
      return await openSealedChunk(path, this.key, chunk, this.unitSize, () => [...filesInChunk(this.manifest, chunk.number)])
    } catch (error) {
      throw sourceError(error, path, 'chunk missing')
    }
  }
}

/**
 * SHA-256 (or CRC-32, by `kind`) of a chunk, read from its source in pieces into `piece(0)` to `piece(readAhead - 1)`
 * in turn (reads run ahead while earlier pieces hash). Throws `MediaError` (`sourceMissing`: unreadable, or not the
 * size the manifest says) or `JobAbortedError`; either way, only once no read into a piece is under way. Closes the
 * source.
 */
async function hashChunk(source: ChunkSource, chunk: ChunkEntry, kind: ChecksumKind, piece: (slot: number) => Buffer, pieceSize: number, options: ReadOptions): Promise<string> {
  const { threads, signal } = options
  const path = source.path
  const key = newHashKey()
  const pending: { readonly buffer: Buffer; readonly position: number; readonly work: Promise<number> }[] = []
  let digested = false
  try {
    const actual = await source.size().catch((error: unknown) => Promise.reject(sourceError(error, path, 'chunk unreadable')))
    if (actual !== chunk.size) throw sizeMismatch(path, actual, chunk.size)
    let position = 0
    let hashed = 0
    let index = 0
    while (position < chunk.size || pending.length > 0) {
      while (position < chunk.size && pending.length < readAhead) {
        const buffer = piece(index % readAhead)
        index += 1
        const length = Math.min(pieceSize, chunk.size - position)
        const work = source.read(buffer, length, position)
        work.catch(ignore)
        pending.push({ buffer, position, work })
        position += length
      }
      const { buffer, position: at, work } = pending.shift()!
      let length: number
      try {
        length = await work
      } catch (error) {
        throw sourceError(error, path, 'chunk unreadable')
      }
      if (length === 0) throw sizeMismatch(path, hashed, chunk.size) // shrank while read
      const bytes = buffer.subarray(0, length)
      await Promise.all([threadsUpdate(threads, key, bytes, path, kind), options.onPiece?.(bytes, chunk, at)])
      hashed += length
      options.onBytes?.(length, chunk)
      await options.throttle?.take(length, signal)
      if (signal?.aborted) throw new JobAbortedError()
    }
    digested = true
    return await threads.digest(key).catch((error: unknown) => Promise.reject(hashingFailed(error, path)))
  } finally {
    if (!digested) threads.drop(key)
    await Promise.all(pending.map((each) => each.work.catch(ignore)))
    await source.close().catch(ignore)
  }
}

/** Hashes a piece; a hashing thread that stopped fails the job with the reason (`internal`). */
export function threadsUpdate(threads: CopyThreads, key: number, piece: Buffer, path: string, kind: ChecksumKind = 'sha256'): Promise<void> {
  return threads.update(key, piece, kind).catch((error: unknown) => Promise.reject(hashingFailed(error, path)))
}

/** A hashing thread's failure as the job's (`internal`, naming `path`), unless it is one already. */
export function hashingFailed(error: unknown, path: string): MediaError {
  if (error instanceof MediaError) return error
  return new MediaError({ kind: 'internal', file: path, reason: error instanceof Error ? error.message : String(error) })
}

function sizeMismatch(path: string, actual: number, expected: number): MediaError {
  const reason = actual < expected ? `short chunk: ${actual} of ${expected} bytes` : `chunk is ${actual} bytes, the manifest says ${expected}`
  return new MediaError({ kind: 'sourceMissing', file: path, errno: null, reason })
}

/**
 * SHA-256 (or CRC-32, by `kind`) of a whole file (a target chunk read back, or a chunk kept from an earlier run),
 * through the hashing threads. Resolves null when the file is missing; throws `JobAbortedError` on abort, other fs
 * errors as they are.
 */
export async function hashFile(path: string, threads: CopyThreads, buffer: Buffer, kind: ChecksumKind, signal?: AbortSignal): Promise<string | null> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null
    throw error
  }
  const key = newHashKey()
  let digested = false
  try {
    for (;;) {
      if (signal?.aborted) throw new JobAbortedError()
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      await threads.update(key, buffer.subarray(0, bytesRead), kind)
    }
    digested = true
    return await threads.digest(key)
  } finally {
    if (!digested) threads.drop(key)
    await handle.close().catch(ignore)
  }
}

/** The result of verifying a job. */
export type VerifyResult =
  | { readonly ok: true; readonly manifest: JobManifest; readonly bytes: number }
  | { readonly ok: false; readonly failure: MediaError['failure'] }

/**
 * Verifies a job folder by re-reading every chunk through the stream reader; reports the first bad chunk (with the
 * files it holds) or the manifest's problem. Never throws for bad data; throws `JobAbortedError` on abort.
 */
export async function verifyJobFolder(dir: string, threads: CopyThreads = new InlineCopyThreads(), signal?: AbortSignal): Promise<VerifyResult> {
  try {
    const reader = await openJobFolder(dir)
    await reader.read({ threads, ...(signal ? { signal } : {}) })
    return { ok: true, manifest: reader.manifest, bytes: reader.manifest.totals.bytes }
  } catch (error) {
    if (error instanceof MediaError) return { ok: false, failure: error.failure }
    throw error
  }
}
