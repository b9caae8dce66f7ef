/**
 * The aux copy's data path, in three overlapping stages per chunk file:
 *
 * 1. verify: the source chunk is read in pieces (several reads ahead, deep enough to stream a cold disk) and hashed
 *    on a hashing thread; its SHA-256 must equal the manifest's, or the job fails with `checksum mismatch`;
 * 2. copy: the kernel copies the chunk, now in the page cache, to `<name>.tmp` (`fs.copyFile`: copy_file_range or
 *    sendfile, one in-kernel copy as `cp` does; writing the bytes from user buffers instead costs several times
 *    more kernel time on a VM);
 * 3. fsync (on the fsync thread) and rename to the final name.
 *
 * The next chunk is read and hashed while earlier ones copy and fsync, so the copy runs at the speed of the slowest
 * of the disk, SHA-256 and the kernel copy. The bytes copied are the ones hashed a moment before, from the page
 * cache; `verifyJobFolder` re-reads the target when the copy itself must be proven.
 */
import { copyFile, type FileHandle, open, rename, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { EngineError, JobAbortedError, ignore, sourceError, targetError } from './engine-error'
import type { CopyThreads } from './copy-threads'
import { type ChunkEntry, type JobManifest, chunkChecksumFailure, chunkFileName } from './job-store'

/** What to copy and how. */
export interface ChunkPipelineInput {
  readonly sourceDir: string
  readonly targetDir: string
  readonly manifest: JobManifest
  /** The chunks to copy, in order. */
  readonly chunks: readonly ChunkEntry[]
  /** Size of one piece read and hashed. */
  readonly pieceSize: number
  readonly threads: CopyThreads
  readonly signal?: AbortSignal
  /** Called as pieces are read and hashed. */
  readonly onBytes: (bytes: number, chunk: ChunkEntry) => void
}

/** Chunks verified and not yet copied, fsynced and renamed before verification waits. */
const maxPending = 3
/** Pieces read ahead of the hash. */
const readAhead = 4

/** Hash stream keys, unique across the copies sharing the same threads. */
let nextKey = 1

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

interface ChunkCopy {
  readonly entry: ChunkEntry
  readonly sourcePath: string
  readonly tempPath: string
  readonly finalPath: string
  /** Set once verified, copied and fsynced: the chunk is being renamed. */
  renamed: boolean
}

/**
 * Copies the chunks; resolves when every one is verified, fsynced and renamed to its final name. On a failure or
 * abort, in-flight work settles (chunks already verified and fsynced are renamed: whole, a later run keeps them),
 * every other `.tmp` is removed, and the first error is thrown (`EngineError` or `JobAbortedError`).
 */
export async function copyChunks(input: ChunkPipelineInput): Promise<void> {
  const { threads, signal } = input
  const pending = new Slots(maxPending)
  const buffers = Array.from({ length: readAhead }, () => threads.allocate(input.pieceSize))
  const tasks: Promise<void>[] = []
  const copies: ChunkCopy[] = []
  let firstError: unknown = null
  const fail = (error: unknown) => {
    firstError ??= error
  }

  /** Stages 2 and 3, in the background; a chunk counts as renamed only once fsynced. */
  const copyAndFinalize = async (copy: ChunkCopy): Promise<void> => {
    try {
      if (firstError) return
      await copyOne(copy)
      let handle: FileHandle | null = null
      try {
        handle = await open(copy.tempPath, 'r')
        await threads.fsync(handle)
        await handle.close()
        handle = null
        copy.renamed = true
        await rename(copy.tempPath, copy.finalPath)
      } catch (error) {
        await handle?.close().catch(ignore)
        throw targetError(error, copy.tempPath)
      }
    } finally {
      pending.give()
    }
  }

  try {
    for (const entry of input.chunks) {
      await pending.take()
      if (firstError) break
      if (signal?.aborted) throw new JobAbortedError()
      const name = chunkFileName(entry.number)
      const copy: ChunkCopy = {
        entry,
        sourcePath: join(input.sourceDir, name),
        tempPath: join(input.targetDir, `${name}.tmp`),
        finalPath: join(input.targetDir, name),
        renamed: false,
      }
      copies.push(copy)
      const digest = await hashAt(copy.sourcePath, entry.size, buffers, threads, input.pieceSize, signal, (bytes) => input.onBytes(bytes, entry)).catch(
        (error: unknown) => Promise.reject(error instanceof JobAbortedError ? error : sourceError(error, copy.sourcePath, 'chunk unreadable')),
      )
      if (typeof digest !== 'string') {
        const reason = digest.size < entry.size ? `short chunk: ${digest.size} of ${entry.size} bytes` : `chunk is ${digest.size} bytes, the manifest says ${entry.size}`
        throw new EngineError({ kind: 'sourceMissing', file: copy.sourcePath, errno: null, reason })
      }
      if (digest !== entry.sha256) throw new EngineError(chunkChecksumFailure(input.manifest, input.sourceDir, entry.number))
      const task = copyAndFinalize(copy)
      task.catch(fail)
      tasks.push(task)
    }
  } catch (error) {
    fail(error)
  }
  await Promise.all(tasks.map((task) => task.catch(ignore)))
  if (!firstError && signal?.aborted) firstError = new JobAbortedError()
  if (firstError) {
    // Renamed chunks are whole (a later run keeps them); the others' `.tmp` files go.
    for (const copy of copies) if (!copy.renamed) await unlink(copy.tempPath).catch(ignore)
    throw firstError
  }
}

/** Stage 2: checks the source chunk's size, then has the kernel copy it to `<name>.tmp`. */
async function copyOne(copy: ChunkCopy): Promise<void> {
  let size: number
  try {
    size = (await stat(copy.sourcePath)).size
  } catch (error) {
    throw sourceError(error, copy.sourcePath, 'chunk missing')
  }
  if (size !== copy.entry.size) {
    const reason = size < copy.entry.size ? `short chunk: ${size} of ${copy.entry.size} bytes` : `chunk is ${size} bytes, the manifest says ${copy.entry.size}`
    throw new EngineError({ kind: 'sourceMissing', file: copy.sourcePath, errno: null, reason })
  }
  try {
    await copyFile(copy.sourcePath, copy.tempPath)
  } catch (error) {
    await unlink(copy.tempPath).catch(ignore)
    // The source vanished meanwhile, or the target failed.
    const gone = await stat(copy.sourcePath).then(() => false, () => true)
    if (gone) throw sourceError(error, copy.sourcePath, 'chunk missing')
    throw targetError(error, copy.tempPath)
  }
}

/**
 * SHA-256 of a file expected to hold `size` bytes (or the size it has instead), read in pieces through
 * `buffers`: reads run ahead while earlier pieces hash. Stops with `JobAbortedError` between pieces; fs errors are
 * thrown as they are, for the caller to attribute.
 */
async function hashAt(
  path: string,
  size: number,
  buffers: readonly Buffer[],
  threads: CopyThreads,
  pieceSize: number,
  signal: AbortSignal | undefined,
  onBytes: (bytes: number) => void,
): Promise<string | { readonly size: number }> {
  const handle = await open(path, 'r')
  const key = nextKey++
  const pending: { readonly buffer: Buffer; readonly work: Promise<number> }[] = []
  let digested = false
  try {
    const actual = (await handle.stat()).size
    if (actual !== size) return { size: actual }
    let position = 0
    let hashed = 0
    let index = 0
    while (position < size || pending.length > 0) {
      while (position < size && pending.length < buffers.length) {
        const buffer = buffers[index % buffers.length]!
        index += 1
        const length = Math.min(pieceSize, size - position)
        const work = handle.read(buffer, 0, length, position).then(({ bytesRead }) => bytesRead)
        work.catch(ignore)
        pending.push({ buffer, work })
        position += length
      }
      const { buffer, work } = pending.shift()!
      const length = await work
      if (length === 0) return { size: hashed } // shrank while read
      await threads.update(key, buffer.subarray(0, length))
      hashed += length
      onBytes(length)
      if (signal?.aborted) throw new JobAbortedError()
    }
    digested = true
    return await threads.digest(key)
  } finally {
    if (!digested) threads.drop(key)
    await Promise.all(pending.map((each) => each.work.catch(ignore)))
    await handle.close().catch(ignore)
  }
}
