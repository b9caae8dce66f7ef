/**
 * Copy of one job to a disk store (the heart of an auxiliary copy), in three overlapping stages per chunk:
 *
 * 1. verify: the job's stream reader reads the source chunk and checks its CRC-32 against the manifest (its SHA-256
 *    in a job written before chunks had one; see `job-folder.ts`), or the job fails with `checksum mismatch` naming
 *    the chunk and its files;
 * 2. copy: the kernel copies the chunk, now in the page cache, to `<name>.tmp` (`fs.copyFile` on the copy threads'
 *    low-priority copying thread: copy_file_range or sendfile, one in-kernel copy as `cp` does; writing the bytes
 *    from user buffers instead costs several times more kernel time on a VM);
 * 3. fsync (on the fsync thread), then, with `verifyTarget`, re-read the target chunk and check it the same way,
 *    then rename it to its final name.
 *
 * The next chunks (as many at once as there are hashing threads) are read and checked while earlier ones copy and
 * fsync, so the copy runs at the speed of the slowest of the disk, the check and the kernel copy. The manifest is
 * written last (temp file, fsync, rename, folder fsync), and the job's new folders are fsynced into their parents: a
 * target job folder is either complete (manifest present) or a set of whole chunks that a later run keeps once each
 * one's SHA-256 is checked again.
 */
import { type FileHandle, open, readdir, rename, stat, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { type CopyThreads, InlineCopyThreads } from './copy-threads'
import { fsyncDir, mkdirDurable, throttle, writeAll, writeFileDurably } from './durable-fs'
import { MediaError, JobAbortedError, errnoOf, ignore, sourceError, targetError } from './media-error'
import { type ChecksumKind, type ChunkEntry, type JobManifest, type OperationOptions, checksumName, chunkCheck, chunkFileName, filesInChunk, manifestName, mountPathOf, readManifestBytes } from './job-folder'
import { type JobReader, hashFile, newHashKey, openJobFolder } from './job-reader'
import { PiecePool, defaultPieceSize } from './piece-pool'
import { ChunkSealer, type CopyKey, openSealedChunk, removeSealedMarker, sealedFileSize, sealedUnitSize, writeSealedMarker } from './sealed-chunks'
import type { Throttle } from './throttle'

/** One job to copy. */
export interface CopyJobInput extends OperationOptions {
  /** The job on the source copy: a reader, or a job folder (which must hold a manifest). */
  readonly source: JobReader | string
  /** The job's folder on the target copy; created below its mount path, which must exist. */
  readonly targetDir: string
  /** The target's mount path (default: the folder above `CV_JOBS` in `targetDir`). */
  readonly mountPath?: string
  /** Re-read each chunk written and check its SHA-256 before it gets its final name (Verify copied data). */
  readonly verifyTarget?: boolean
  /**
   * The job is Bad on the target: its manifest is removed first (the job is incomplete there again), then every
   * chunk the target holds is checked and the bad ones are copied again.
   */
  readonly repair?: boolean
  /** Piece size: the unit read and hashed (default 4 MiB). */
  readonly bufferSize?: number
  /** Where SHA-256 and fsync run: a `CopyThreadPool` (off this thread) or, by default, this thread and libuv's pool. */
  readonly threads?: CopyThreads
  /** Where read and read-back pieces come from (default: a pool of this copy's own); a run shares one across jobs. */
  readonly pool?: PiecePool
  /** A test console's brake (see `Throttle`). */
  readonly throttle?: Throttle
  /** The target copy's key (Re-encrypt data): each chunk is sealed as it is written (`sealed-chunks.ts`). */
  readonly key?: CopyKey | null
}

/** A job that is now durable on the target. */
export interface CopyResult {
  readonly manifest: JobManifest
  /** Bytes this call read from the source. */
  readonly bytesRead: number
  /** Bytes and chunks this call wrote. */
  readonly bytesWritten: number
  readonly chunksWritten: number
  /** Chunks kept from an earlier, interrupted run (each re-hashed first). */
  readonly chunksReused: number
  /** The target already held the complete job; nothing was written. */
  readonly alreadyDurable: boolean
  /** Every chunk of the job was read back from the target and matched (`verifyTarget`). */
  readonly verified: boolean
  /** A deduplicated target: blocks written anew, and blocks it already held (0 for a disk target). */
  readonly blocksWritten: number
  readonly blocksFound: number
}

/** Chunks verified and not yet copied, fsynced and renamed before reading waits, per chunk read at once. */
const maxPendingPerLane = 3

/**
 * Copies a job to a target folder, resuming after an interrupted run. Throws `MediaError`: `checksum` (naming the
 * chunk and its files) or `sourceMissing` for bad source data, `manifestInvalid` for a bad manifest,
 * `targetUnavailable` (path and errno) for a missing, unwritable or full target; throws `JobAbortedError` when the
 * signal fires (at a buffer boundary; whole chunks stay, the `.tmp` files go).
 */
export async function copyJob(input: CopyJobInput): Promise<CopyResult> {
  const threads = input.threads ?? new InlineCopyThreads()
  const source = typeof input.source === 'string' ? await openJobFolder(input.source) : input.source
  const targetDir = resolve(input.targetDir)
  if (resolve(source.location) === targetDir) throw new MediaError({ kind: 'internal', file: targetDir, reason: 'source and target are the same folder' })
  const { manifest, manifestBytes } = source
  const bytesTotal = manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
  const pieceSize = Math.max(1, Math.min(input.bufferSize ?? defaultPieceSize, manifest.chunkSize))
  const pool = input.pool ?? new PiecePool(threads, pieceSize, 4)
  const key = input.key ?? null
  const hashing: Hashing = { threads, pool, pieceSize, key, ...(input.signal ? { signal: input.signal } : {}) }

  await prepareTarget(targetDir, input.mountPath ?? mountPathOf(targetDir), key)
  if (input.repair) await removeManifest(targetDir)
  if (await existingTargetManifest(targetDir, manifestBytes)) {
    const verified = input.verifyTarget ? await targetMatches(targetDir, manifest, hashing) : false
    if (!input.verifyTarget || verified) {
      input.onProgress?.({ bytesDone: bytesTotal, bytesTotal, bytesTransferred: 0, currentFile: null })
      return { manifest, bytesRead: 0, bytesWritten: 0, chunksWritten: 0, chunksReused: manifest.chunks.length, alreadyDurable: true, verified, blocksWritten: 0, blocksFound: 0 }
    }
    // The target's copy is bad: make it incomplete again and repair it chunk by chunk.
    await removeManifest(targetDir)
  }
  const kept = await keptChunks(targetDir, manifest, hashing)

  let bytesKept = 0
  for (const chunk of manifest.chunks) if (kept.has(chunk.number)) bytesKept += chunk.size
  let bytesTransferred = 0
  let current: string | null = null
  const progress = throttle(input.progressIntervalMs ?? 100, () =>
    input.onProgress?.({ bytesDone: bytesKept + bytesTransferred, bytesTotal, bytesTransferred, currentFile: current }),
  )
  progress.flush()

  const todo = manifest.chunks.filter((chunk) => !kept.has(chunk.number))
  await copyChunks({
    source, targetDir, chunks: todo, pieceSize, threads, pool, verifyTarget: input.verifyTarget ?? false, key,
    ...(input.signal ? { signal: input.signal } : {}), ...(input.throttle ? { throttle: input.throttle } : {}),
  }, (bytes, chunk) => {
    bytesTransferred += bytes
    current = source.chunkFile(chunk.number) ?? source.location
    progress.tick()
  })

  const manifestPath = join(targetDir, manifestName)
  try {
    // The chunks' renames must be durable before the manifest can say the job is all there.
    await fsyncDir(targetDir)
    await writeFileDurably(manifestPath, manifestBytes, targetDir)
  } catch (error) {
    throw targetError(error, manifestPath)
  }
  current = null
  progress.flush()
  return {
    manifest, bytesRead: bytesTransferred, bytesWritten: bytesTransferred, chunksWritten: todo.length, chunksReused: kept.size, alreadyDurable: false,
    verified: input.verifyTarget ?? false, blocksWritten: 0, blocksFound: 0,
  }
}

/**
 * The target's mount path must exist (a missing one is an unmounted disk); the job's folders are made durable. An
 * encrypted target gets its marker before any chunk (a later run and the readers must know the chunks are sealed);
 * a plain one loses a marker left from before, with the sealed chunks that would no longer read back.
 */
async function prepareTarget(targetDir: string, mountPath: string, key: CopyKey | null): Promise<void> {
  try {
    const stats = await stat(mountPath)
    if (!stats.isDirectory()) {
      throw new MediaError({ kind: 'targetUnavailable', file: mountPath, errno: 'ENOTDIR', reason: 'the mount path is not a folder' })
    }
    await mkdirDurable(targetDir, mountPath)
    if (key !== null) await writeSealedMarker(targetDir)
    else if (await removeSealedMarker(targetDir)) await fsyncDir(targetDir)
  } catch (error) {
    throw targetError(error, errnoOf(error) === 'ENOENT' ? mountPath : targetDir)
  }
}

/** Removes a job's manifest from a target folder, durably (the job is incomplete there from now on). */
async function removeManifest(targetDir: string): Promise<void> {
  try {
    await unlink(join(targetDir, manifestName))
    await fsyncDir(targetDir)
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw targetError(error, join(targetDir, manifestName))
  }
}

/** True when the target already holds this job's manifest; a different job there is an error. */
async function existingTargetManifest(targetDir: string, manifestBytes: Buffer): Promise<boolean> {
  let bytes: Buffer
  try {
    bytes = (await readManifestBytes(targetDir)).bytes
  } catch (error) {
    if (error instanceof MediaError && error.failure.kind === 'sourceMissing') return false
    if (error instanceof MediaError) {
      throw new MediaError({ kind: 'internal', file: join(targetDir, manifestName), reason: `the target holds a bad manifest: ${error.failure.reason}` })
    }
    throw error
  }
  if (bytes.equals(manifestBytes)) return true
  throw new MediaError({ kind: 'internal', file: join(targetDir, manifestName), reason: 'the target folder holds a different job' })
}

/** How a target file is read back and hashed: through a piece lent by the pool for that one file. */
interface Hashing {
  readonly threads: CopyThreads
  readonly pool: PiecePool
  readonly pieceSize: number
  /** The target's key: its chunk files are read back decrypted (null: plain). */
  readonly key: CopyKey | null
  readonly signal?: AbortSignal
}

/**
 * Whether a target chunk reads back whole with the copy's check of its plain data (`chunkCheck`, quick): false when
 * it is missing, does not match or, sealed, does not open. Read through a piece of the pool.
 */
async function targetChunkMatches(path: string, chunk: ChunkEntry, { threads, pool, pieceSize, key, signal }: Hashing): Promise<boolean> {
  const check = chunkCheck(chunk, true)
  const piece = pool.take(pieceSize)
  try {
    const digest = key === null ? await hashFile(path, threads, piece, check.kind, signal) : await hashSealedFile(path, chunk, check.kind, key, threads, piece, signal)
    return digest === check.expected
  } finally {
    pool.give(piece)
  }
}

/** The `kind` digest of a sealed chunk file's plain data; null when it is missing or does not decrypt whole (a later run rewrites it). */
async function hashSealedFile(path: string, chunk: ChunkEntry, kind: ChecksumKind, key: CopyKey, threads: CopyThreads, buffer: Buffer, signal?: AbortSignal): Promise<string | null> {
  let source
  try {
    source = await openSealedChunk(path, key, chunk, sealedUnitSize, () => [])
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return null
    throw error
  }
  const hashKey = newHashKey()
  let digested = false
  try {
    const size = await source.size()
    for (let at = 0; at < size; ) {
      if (signal?.aborted) throw new JobAbortedError()
      const length = await source.read(buffer, Math.min(buffer.length, size - at), at)
      if (length === 0) return null
      await threads.update(hashKey, buffer.subarray(0, length), kind)
      at += length
    }
    digested = true
    return await threads.digest(hashKey)
  } catch (error) {
    if (error instanceof MediaError) return null
    throw error
  } finally {
    if (!digested) threads.drop(hashKey)
    await source.close().catch(ignore)
  }
}

/** Whether every chunk of a complete target job reads back and matches. */
async function targetMatches(targetDir: string, manifest: JobManifest, hashing: Hashing): Promise<boolean> {
  for (const chunk of manifest.chunks) {
    const matches = await targetChunkMatches(join(targetDir, chunkFileName(chunk.number)), chunk, hashing).catch((error: unknown) => {
      if (error instanceof JobAbortedError) throw error
      return false
    })
    if (!matches) return false
  }
  return true
}

/**
 * Removes leftover `.tmp` files and returns the chunks an earlier run made durable: the right name, the right size
 * and, read back, the right checksum (a name and a size alone prove nothing after a crash or a bad disk).
 */
async function keptChunks(targetDir: string, manifest: JobManifest, hashing: Hashing): Promise<Set<number>> {
  const kept = new Set<number>()
  try {
    const names = new Set(await readdir(targetDir))
    for (const name of names) if (name.endsWith('.tmp')) await unlink(join(targetDir, name))
    for (const chunk of manifest.chunks) {
      const name = chunkFileName(chunk.number)
      if (!names.has(name)) continue
      const path = join(targetDir, name)
      const { size } = await stat(path)
      const sizeFits = size === (hashing.key === null ? chunk.size : sealedFileSize(chunk.size))
      if (sizeFits && (await targetChunkMatches(path, chunk, hashing))) kept.add(chunk.number)
      else await unlink(path)
    }
  } catch (error) {
    if (error instanceof JobAbortedError) throw error
    throw targetError(error, targetDir)
  }
  return kept
}

/** What the chunk stages need. */
interface ChunkCopyInput {
  readonly source: JobReader
  readonly targetDir: string
  readonly chunks: readonly ChunkEntry[]
  readonly pieceSize: number
  readonly threads: CopyThreads
  readonly pool: PiecePool
  readonly verifyTarget: boolean
  readonly key: CopyKey | null
  readonly signal?: AbortSignal
  readonly throttle?: Throttle
}

/** A counting semaphore. */
class Slots {
  private readonly waiting: (() => void)[] = []
  constructor(private free: number) {}

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1
      return
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve))
  }

  give(): void {
    const next = this.waiting.shift()
    if (next) next()
    else this.free += 1
  }
}

/**
 * Copies the chunks; resolves when every one is verified, copied, fsynced (and read back with `verifyTarget`) and
 * renamed to its final name. On a failure or abort, in-flight work settles (chunks already finished keep their final
 * names: whole, a later run keeps them once re-hashed), every other `.tmp` is removed, and the first error is thrown.
 */
async function copyChunks(input: ChunkCopyInput, onBytes: (bytes: number, chunk: ChunkEntry) => void): Promise<void> {
  const { threads, signal, targetDir } = input
  const tasks: Promise<void>[] = []
  const temps = new Map<number, { path: string; renamed: boolean }>()
  let firstError: unknown = null
  const fail = (error: unknown) => {
    firstError ??= error
  }
  // A source that keeps no chunk files (a deduplicated store) rebuilds each chunk: its pieces are written to the
  // `.tmp` as they are read, instead of the kernel copying a verified chunk file.
  // So does an encrypted target: each piece is sealed as it is written, never copied plain.
  const { key } = input
  const rebuilds = key !== null || (input.chunks.length > 0 && input.source.chunkFile(input.chunks[0]!.number) === null)
  // Verified chunk files copy in any order: as many are read and hashed at once as there are hashing threads. A
  // rebuilt chunk is written piece by piece as it is read, one chunk at a time.
  const chunksAtOnce = rebuilds ? 1 : threads.hashingThreads
  const slots = new Slots(maxPendingPerLane * chunksAtOnce)
  const written = new Map<number, FileHandle>()
  const sealers = new Map<number, ChunkSealer>()
  const sealerOf = async (chunk: ChunkEntry, handle: FileHandle): Promise<ChunkSealer> => {
    let sealer = sealers.get(chunk.number)
    if (sealer === undefined) {
      sealer = new ChunkSealer(handle, key!, chunk)
      sealers.set(chunk.number, sealer)
    }
    return sealer
  }
  const tempOf = (chunk: ChunkEntry) => {
    let temp = temps.get(chunk.number)
    if (temp === undefined) {
      temp = { path: join(targetDir, `${chunkFileName(chunk.number)}.tmp`), renamed: false }
      temps.set(chunk.number, temp)
    }
    return temp
  }
  const writePiece = async (piece: Buffer, chunk: ChunkEntry, offset: number): Promise<void> => {
    const temp = tempOf(chunk)
    try {
      let handle = written.get(chunk.number)
      if (handle === undefined) {
        handle = await open(temp.path, 'w')
        written.set(chunk.number, handle)
      }
      if (key !== null) await (await sealerOf(chunk, handle)).write(piece)
      else await writeAll(handle, piece, piece.length, offset)
    } catch (error) {
      throw targetError(error, temp.path)
    }
  }

  /** Stages 2 and 3, in the background. */
  const finish = async (chunk: ChunkEntry): Promise<void> => {
    const name = chunkFileName(chunk.number)
    const temp = tempOf(chunk)
    try {
      if (firstError) return
      if (!rebuilds) await copyOne(input.source, chunk, temp.path, threads)
      try {
        const handle = written.get(chunk.number) ?? (await open(temp.path, rebuilds ? 'w' : 'r'))
        written.delete(chunk.number)
        try {
          // The last unit (and, for an empty chunk, the header) is sealed now that the chunk is whole.
          if (key !== null) await (await sealerOf(chunk, handle)).finish()
          sealers.delete(chunk.number)
          await threads.fsync(handle)
        } finally {
          await handle.close()
        }
        if (input.verifyTarget) {
          // Read back what the kernel wrote; a copy that does not match never gets its final name.
          const hashing = { threads, pool: input.pool, pieceSize: input.pieceSize, key, ...(signal ? { signal } : {}) }
          if (!(await targetChunkMatches(temp.path, chunk, hashing))) {
            const files = filesInChunk(input.source.manifest, chunk.number)
            const reason = `the chunk read back from the target does not match its ${checksumName(chunkCheck(chunk, true).kind)}`
            throw new MediaError({ kind: 'checksum', file: temp.path, reason, chunk: chunk.number, files: [...files] })
          }
        }
        temp.renamed = true
        await rename(temp.path, join(targetDir, name))
      } catch (error) {
        if (error instanceof MediaError || error instanceof JobAbortedError) throw error
        throw targetError(error, temp.path)
      }
    } finally {
      slots.give()
    }
  }

  try {
    await input.source.read({
      chunks: input.chunks,
      chunksAtOnce,
      quickCheck: true,
      threads,
      pool: input.pool,
      pieceSize: input.pieceSize,
      ...(signal ? { signal } : {}),
      ...(input.throttle ? { throttle: input.throttle } : {}),
      onBytes,
      ...(rebuilds ? { onPiece: writePiece } : {}),
      onChunk: async (chunk) => {
        const task = finish(chunk)
        task.catch(fail)
        tasks.push(task)
        await slots.take()
        if (firstError) throw firstError
      },
    })
  } catch (error) {
    fail(error)
  }
  await Promise.all(tasks.map((task) => task.catch(ignore)))
  for (const handle of written.values()) await handle.close().catch(ignore)
  if (!firstError && signal?.aborted) firstError = new JobAbortedError()
  if (firstError) {
    for (const temp of temps.values()) if (!temp.renamed) await unlink(temp.path).catch(ignore)
    throw firstError
  }
}

/** Stage 2: has the kernel copy a verified source chunk to `<name>.tmp`. */
async function copyOne(source: JobReader, chunk: ChunkEntry, tempPath: string, threads: CopyThreads): Promise<void> {
  const sourcePath = source.chunkFile(chunk.number)
  if (sourcePath === null) throw new MediaError({ kind: 'internal', file: source.location, reason: 'this store cannot copy chunks to a disk store' })
  try {
    await threads.copyFile(sourcePath, tempPath)
  } catch (error) {
    await unlink(tempPath).catch(ignore)
    // The source vanished meanwhile, or the target failed.
    const gone = await stat(sourcePath).then(() => false, () => true)
    if (gone) throw sourceError(error, sourcePath, 'chunk missing')
    throw targetError(error, tempPath)
  }
}
