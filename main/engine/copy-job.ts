/**
 * Copy of one job between disk libraries (the heart of an auxiliary copy): every chunk is read, verified against the
 * source manifest's SHA-256, written to `<name>.tmp` in the target, fsynced and renamed; the manifest is written last.
 * A target job folder is therefore either complete (manifest present) or a set of whole, durable chunks that a
 * later run keeps.
 */
import { createHash } from 'node:crypto'
import { mkdir, open, readdir, stat, unlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { copyChunks } from './chunk-pipeline'
import { type CopyThreads, InlineCopyThreads } from './copy-threads'
import { EngineError, JobAbortedError, errnoOf, targetError, throwIfAborted } from './engine-error'
import { fsyncDir, throttle, writeFileDurably } from './engine-fs'
import {
  type JobManifest,
  type OperationOptions,
  chunkFileName,
  manifestName,
  mountPathOf,
  readManifestBytes,
} from './job-store'

/** One job to copy. */
export interface CopyJobInput extends OperationOptions {
  /** The job's folder on the source copy (must hold a manifest). */
  readonly sourceDir: string
  /** The job's folder on the target copy; created below its mount path, which must exist. */
  readonly targetDir: string
  /**
   * Re-hash chunks kept from an earlier run before trusting them. Off by default: a final-named chunk was hashed
   * from the very bytes written, fsynced, then renamed, so a name with the right size is proof enough; re-hashing
   * costs a full read of the kept data (see the bench's `verify` figure), and `verifyJobFolder` covers media rot.
   */
  readonly rehashExisting?: boolean
  /** Piece size: the unit read back and hashed (default 4 MiB). */
  readonly bufferSize?: number
  /** Where SHA-256 and fsync run: a `CopyThreadPool` (off this thread) or, by default, this thread and libuv's pool. */
  readonly threads?: CopyThreads
}

/** A job that is now durable on the target. */
export interface CopyResult {
  readonly manifest: JobManifest
  /** Bytes and chunks this call wrote. */
  readonly bytesWritten: number
  readonly chunksWritten: number
  /** Chunks kept from an earlier, interrupted run. */
  readonly chunksReused: number
  /** The target already held the complete job; nothing was done. */
  readonly alreadyDurable: boolean
}

const defaultBufferSize = 4 * 1024 * 1024

/**
 * Copies a job folder to a target folder, resuming after an interrupted run. Throws `EngineError`: `checksum`
 * (reason `checksum mismatch`, naming the chunk and its files) or `sourceMissing` for bad source data,
 * `manifestInvalid` for a bad manifest, `targetUnavailable` (path and errno) for a missing, unwritable or full target;
 * throws `JobAbortedError` when the signal fires (at a buffer boundary; whole chunks stay, the `.tmp` goes).
 */
export async function copyJob(input: CopyJobInput): Promise<CopyResult> {
  const sourceDir = resolve(input.sourceDir)
  const targetDir = resolve(input.targetDir)
  if (sourceDir === targetDir) throw new EngineError({ kind: 'internal', file: targetDir, reason: 'source and target are the same folder' })
  const { manifest, bytes: manifestBytes } = await readManifestBytes(sourceDir)
  const bytesTotal = manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)

  await prepareTarget(targetDir)
  const done = await existingTargetManifest(targetDir, manifestBytes)
  if (done) {
    input.onProgress?.({ bytesDone: bytesTotal, bytesTotal, bytesTransferred: 0, currentFile: null })
    return { manifest, bytesWritten: 0, chunksWritten: 0, chunksReused: manifest.chunks.length, alreadyDurable: true }
  }
  const kept = await keptChunks(targetDir, manifest, input.rehashExisting ?? false, input.signal)

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
    sourceDir,
    targetDir,
    manifest,
    chunks: todo,
    pieceSize: Math.max(1, Math.min(input.bufferSize ?? defaultBufferSize, manifest.chunkSize)),
    threads: input.threads ?? new InlineCopyThreads(),
    ...(input.signal ? { signal: input.signal } : {}),
    onBytes: (bytes, chunk) => {
      bytesTransferred += bytes
      current = join(sourceDir, chunkFileName(chunk.number))
      progress.tick()
    },
  })
  const chunksWritten = todo.length

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
  return { manifest, bytesWritten: bytesTransferred, chunksWritten, chunksReused: kept.size, alreadyDurable: false }
}

/** The target's mount path must exist (a missing one is an unmounted disk, not a folder to create). */
async function prepareTarget(targetDir: string): Promise<void> {
  const mountPath = mountPathOf(targetDir)
  try {
    const stats = await stat(mountPath)
    if (!stats.isDirectory()) {
      throw new EngineError({ kind: 'targetUnavailable', file: mountPath, errno: 'ENOTDIR', reason: 'the mount path is not a folder' })
    }
    await mkdir(targetDir, { recursive: true })
  } catch (error) {
    throw targetError(error, errnoOf(error) === 'ENOENT' ? mountPath : targetDir)
  }
}

/** True when the target already holds this job's manifest; a different job there is an error. */
async function existingTargetManifest(targetDir: string, manifestBytes: Buffer): Promise<boolean> {
  let bytes: Buffer
  try {
    bytes = (await readManifestBytes(targetDir)).bytes
  } catch (error) {
    if (error instanceof EngineError && error.failure.kind === 'sourceMissing') return false
    if (error instanceof EngineError) {
      throw new EngineError({ kind: 'internal', file: join(targetDir, manifestName), reason: `the target holds a bad manifest: ${error.failure.reason}` })
    }
    throw error
  }
  if (bytes.equals(manifestBytes)) return true
  throw new EngineError({ kind: 'internal', file: join(targetDir, manifestName), reason: 'the target folder holds a different job' })
}

/** Removes leftover `.tmp` files and returns the chunks an earlier run made durable (right name, right size). */
async function keptChunks(targetDir: string, manifest: JobManifest, rehash: boolean, signal?: AbortSignal): Promise<Set<number>> {
  const kept = new Set<number>()
  try {
    const names = new Set(await readdir(targetDir))
    for (const name of names) if (name.endsWith('.tmp')) await unlink(join(targetDir, name))
    for (const chunk of manifest.chunks) {
      const name = chunkFileName(chunk.number)
      if (!names.has(name)) continue
      const path = join(targetDir, name)
      const { size } = await stat(path)
      if (size === chunk.size && (!rehash || (await sha256Of(path, signal)) === chunk.sha256)) kept.add(chunk.number)
      else await unlink(path)
    }
  } catch (error) {
    if (error instanceof JobAbortedError) throw error
    throw targetError(error, targetDir)
  }
  return kept
}

async function sha256Of(path: string, signal?: AbortSignal): Promise<string> {
  const handle = await open(path, 'r')
  try {
    const hash = createHash('sha256')
    const buffer = Buffer.allocUnsafe(defaultBufferSize)
    for (;;) {
      throwIfAborted(signal)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) return hash.digest('hex')
      hash.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await handle.close()
  }
}
