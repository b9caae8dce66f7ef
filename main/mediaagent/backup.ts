/**
 * Backup into a disk library: walks content folders, packs the files (all of them for a Full; for the other types
 * the ones whose size or mtime differ from a baseline index) into chunk files, then writes the manifest last.
 */
import { createHash } from 'node:crypto'
import type { Dirent } from 'node:fs'
import { type FileHandle, lstat, open, readdir, readlink, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import type { SkippedPath } from '../../app/media/media-protocol'
import type { BackupType } from '../../app/model/entities'
import { MediaError, errnoOf, fsReason, ignore, sourceError, targetError, throwIfAborted } from './media-error'
import { fsyncDir, mkdirDurable, throttle, writeAll, writeFileDurably } from './durable-fs'
import type { Throttle } from './throttle'
import {
  type ChunkEntry,
  ChunkSums,
  type DirectoryEntry,
  type Extent,
  type FileEntry,
  type JobManifest,
  type OperationOptions,
  type SymlinkEntry,
  chunkFileName,
  defaultChunkSize,
  isJobComplete,
  jobsRootName,
  manifestFormat,
  manifestName,
  mountPathOf,
  toStoredPath,
} from './job-folder'

/** What a baseline knows of a file: an Incremental or Differential takes it again when either differs. */
export interface BaselineEntry {
  readonly size: number
  readonly mtimeMs: number
}

/** Stored path to the file's size and mtime at the baseline. */
export type BaselineIndex = ReadonlyMap<string, BaselineEntry>

/**
 * Builds the baseline index from manifests, oldest first: later manifests override earlier ones, and a path a later
 * job no longer saw (deleted) leaves the index. For an Incremental pass the last Full and every job since; for a
 * Differential, the last Full only.
 */
export function buildBaselineIndex(manifests: readonly JobManifest[]): BaselineIndex {
  let index = new Map<string, BaselineEntry>()
  for (const manifest of manifests) {
    const next = new Map<string, BaselineEntry>()
    for (const path of manifest.unchanged) {
      const known = index.get(path)
      if (known) next.set(path, known)
    }
    for (const file of manifest.files) next.set(file.path, { size: file.size, mtimeMs: file.mtimeMs })
    index = next
  }
  return index
}

/** What to back up and where. */
export interface BackupInput extends OperationOptions {
  readonly jobId: number
  readonly backupType: BackupType
  /** Absolute paths of folders (or single files) to back up. */
  readonly contents: readonly string[]
  /** The job folder on the library's mount path (`jobFolderPath(...)`); created if missing. */
  readonly jobDir: string
  /** Ignored for a Full; for the other types, only files that differ from it are written (none given: all). */
  readonly baseline?: BaselineIndex
  /** Largest chunk file in bytes (default 32 MiB; tests use small ones). */
  readonly chunkSize?: number
  /** The library's mount path, under which the job folder's missing parents are created durably (default: from the layout). */
  readonly mountPath?: string
  /** Folders never backed up, even inside the content (the console's data folder, libraries, DDBs). */
  readonly exclude?: readonly string[]
  /** A test console's brake (see `Throttle`). */
  readonly throttle?: Throttle
  /** Where the packed stream goes (default: chunk files in `jobDir`, the disk store); a deduplicated store gives its own. */
  readonly sink?: (jobDir: string, chunkSize: number) => ChunkSink
}

/**
 * Where a backup's packed stream goes: files are appended back to back (each entry says where its bytes lie in the
 * job's chunks), then `finish` makes every chunk durable before the manifest is written.
 */
export interface ChunkSink {
  /** Bytes of file data packed so far. */
  readonly bytesPacked: number
  /** Packs one file; returns its entry, or null when it vanished or could not be read (then listed as skipped). */
  appendFile(file: WalkedFile, skipped: SkippedPath[], signal: AbortSignal | undefined, tick: () => void, throttle?: Throttle): Promise<FileEntry | null>
  /** Makes every chunk durable; returns the chunk list for the manifest. */
  finish(): Promise<readonly ChunkEntry[]>
  /** After a failure or abort: waits for in-flight I/O (the job stays incomplete). */
  abandon(): Promise<void>
  /** A deduplicated store's figures, once finished: the bytes of the blocks written, and the blocks. */
  readonly bytesWritten?: number
  readonly blocksWritten?: number
  readonly blocksFound?: number
}

/** A finished backup: the manifest written and what was skipped. */
export interface BackupResult {
  readonly manifest: JobManifest
  readonly skipped: readonly SkippedPath[]
  /** Bytes written to the store (all the data for the disk store; the new blocks' for a deduplicated one). */
  readonly bytesWritten: number
  /** A deduplicated store: blocks written anew, and blocks it already held (0 for the disk store). */
  readonly blocksWritten: number
  readonly blocksFound: number
}

const bufferSize = 8 * 1024 * 1024
/** The packing buffers of a job smaller than `bufferSize` (most incrementals): no 16 MiB allocated for 50 KiB. */
const smallestBuffer = 64 * 1024

/**
 * Backs up `contents` into `jobDir`. Symlinks are recorded with their target and not followed; sockets, fifos and
 * devices are skipped; files that vanish or cannot be read are skipped and listed. Chunks are fsynced before the
 * manifest, which is written last (atomically, folder fsynced). An incomplete folder left by an earlier attempt is
 * cleared first; a folder with a manifest is refused (`internal`). Throws `MediaError` (sourceMissing for a
 * missing content folder, targetUnavailable for the library) or `JobAbortedError`.
 */
export async function backupToLibrary(input: BackupInput): Promise<BackupResult> {
  const startedAt = new Date().toISOString()
  const chunkSize = input.chunkSize ?? defaultChunkSize
  const jobDir = resolve(input.jobDir)
  const skipped: SkippedPath[] = []
  const excluded = new Set([excludedRoot(jobDir), ...(input.exclude ?? []).map((path) => resolve(path))])
  const walk = await walkContents(input.contents, excluded, skipped, input.signal)
  const baseline = input.backupType === 'Full' ? undefined : input.baseline
  const toWrite: WalkedFile[] = []
  const unchanged: string[] = []
  for (const file of walk.files) {
    const known = baseline?.get(file.path)
    if (known && known.size === file.size && known.mtimeMs === file.mtimeMs) unchanged.push(file.path)
    else toWrite.push(file)
  }
  const bytesTotal = toWrite.reduce((sum, file) => sum + file.size, 0)

  await prepareJobFolder(jobDir, input.mountPath ?? mountPathOf(jobDir))
  const packer: ChunkSink = input.sink ? input.sink(jobDir, chunkSize) : new ChunkPacker(jobDir, chunkSize, bytesTotal)
  const files: FileEntry[] = []
  let current: string | null = null
  const progress = throttle(input.progressIntervalMs ?? 100, () =>
    input.onProgress?.({ bytesDone: packer.bytesPacked, bytesTotal, bytesTransferred: packer.bytesPacked, currentFile: current }),
  )
  try {
    for (const file of toWrite) {
      throwIfAborted(input.signal)
      current = file.absolute
      progress.tick()
      const entry = await packer.appendFile(file, skipped, input.signal, () => progress.tick(), input.throttle)
      if (entry) files.push(entry)
    }
    const chunks = await packer.finish()
    try {
      await fsyncDir(jobDir)
    } catch (error) {
      throw targetError(error, jobDir)
    }
    const manifest: JobManifest = {
      format: manifestFormat,
      jobId: input.jobId,
      backupType: input.backupType,
      startedAt,
      finishedAt: new Date().toISOString(),
      contents: input.contents.map((path) => resolve(path)),
      chunkSize,
      totals: { files: files.length, bytes: files.reduce((sum, file) => sum + file.size, 0), chunks: chunks.length },
      chunks,
      files,
      symlinks: walk.symlinks,
      directories: walk.directories,
      unchanged,
    }
    try {
      await writeFileDurably(join(jobDir, manifestName), Buffer.from(JSON.stringify(manifest)), jobDir)
    } catch (error) {
      throw targetError(error, join(jobDir, manifestName))
    }
    current = null
    progress.flush()
    return { manifest, skipped, bytesWritten: packer.bytesWritten ?? packer.bytesPacked, blocksWritten: packer.blocksWritten ?? 0, blocksFound: packer.blocksFound ?? 0 }
  } catch (error) {
    await packer.abandon()
    throw error
  }
}

/** Keeps the library out of its own backup when a content folder holds it. */
function excludedRoot(jobDir: string): string {
  const jobsRoot = dirname(dirname(jobDir))
  return basename(jobsRoot) === jobsRootName ? jobsRoot : jobDir
}

async function prepareJobFolder(jobDir: string, mountPath: string): Promise<void> {
  if (await isJobComplete(jobDir)) {
    throw new MediaError({ kind: 'internal', file: jobDir, reason: 'the job folder already holds a complete job' })
  }
  try {
    // Leftovers of an interrupted attempt: a backup is not resumed, it starts again.
    await rm(jobDir, { recursive: true, force: true })
    // The job folder and any new parent are fsynced into their parents, so the manifest cannot outlive its folder.
    await mkdirDurable(jobDir, mountPath)
  } catch (error) {
    throw targetError(error, errnoOf(error) === 'ENOENT' ? mountPath : jobDir)
  }
}

/** Opens a walked file to pack it; null when it cannot be (it vanished, or is unreadable): then listed as skipped. */
export async function openToPack(file: WalkedFile, skipped: SkippedPath[]): Promise<FileHandle | null> {
  try {
    return await open(file.absolute, 'r')
  } catch (error) {
    skipped.push({ path: file.absolute, reason: fsReason(error) })
    return null
  }
}

/** Adds `length` bytes of a file at `offset` of chunk `chunk` to its extents, growing the last one when they follow it. */
export function addExtent(extents: Extent[], chunk: number, offset: number, length: number): void {
  const last = extents.at(-1)
  if (last && last.chunk === chunk && last.offset + last.length === offset) extents[extents.length - 1] = { ...last, length: last.length + length }
  else extents.push({ chunk, offset, length })
}

/** A regular file found by the walk. */
export interface WalkedFile {
  readonly absolute: string
  readonly path: string
  readonly size: number
  readonly mode: number
  readonly mtimeMs: number
}

interface Walk {
  readonly files: readonly WalkedFile[]
  readonly symlinks: readonly SymlinkEntry[]
  readonly directories: readonly DirectoryEntry[]
}

async function walkContents(contents: readonly string[], excluded: ReadonlySet<string>, skipped: SkippedPath[], signal?: AbortSignal): Promise<Walk> {
  const files: WalkedFile[] = []
  const symlinks: SymlinkEntry[] = []
  const directories: DirectoryEntry[] = []
  const seen = new Set<string>()

  const visit = async (absolute: string, isRoot: boolean): Promise<void> => {
    throwIfAborted(signal)
    if (excluded.has(absolute)) return
    const path = toStoredPath(absolute)
    if (seen.has(path)) return
    let stats
    try {
      stats = await lstat(absolute)
    } catch (error) {
      if (isRoot) throw sourceError(error, absolute, 'content folder')
      skipped.push({ path: absolute, reason: fsReason(error) })
      return
    }
    seen.add(path)
    if (stats.isFile()) {
      files.push({ absolute, path, size: stats.size, mode: stats.mode & 0o7777, mtimeMs: stats.mtimeMs })
    } else if (stats.isSymbolicLink()) {
      try {
        symlinks.push({ path, target: await readlink(absolute) })
      } catch (error) {
        skipped.push({ path: absolute, reason: fsReason(error) })
      }
    } else if (stats.isDirectory()) {
      let entries: Dirent[]
      try {
        entries = await readdir(absolute, { withFileTypes: true })
      } catch (error) {
        if (isRoot) throw sourceError(error, absolute, 'content folder')
        skipped.push({ path: absolute, reason: fsReason(error) })
        return
      }
      if (path !== '') directories.push({ path, mode: stats.mode & 0o7777, mtimeMs: stats.mtimeMs })
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      for (const entry of entries) await visit(join(absolute, entry.name), false)
    } else {
      skipped.push({ path: absolute, reason: 'not a regular file, folder or symlink (socket, fifo or device)' })
    }
  }

  for (const root of contents) await visit(resolve(root), true)
  return { files, symlinks, directories }
}

/**
 * Packs file contents back to back into chunk files. Reads go straight into one of two 8 MiB buffers; while one
 * buffer is written to the chunk file the other fills, and each full chunk is fsynced in the background (at most two
 * at once) while the next one fills.
 */
class ChunkPacker implements ChunkSink {
  /** Bytes of file data packed so far. */
  bytesPacked = 0
  private readonly chunks: ChunkEntry[] = []
  private readonly buffers: readonly [Buffer, Buffer]
  private active = 0
  private fill = 0
  private handle: FileHandle | null = null
  private chunkSums: ChunkSums | null = null
  private chunkBytes = 0
  private flushedBytes = 0
  private pendingWrite: Promise<void> = Promise.resolve()
  private readonly closing: Promise<void>[] = []

  constructor(
    private readonly jobDir: string,
    private readonly chunkSize: number,
    /** The bytes the walk found to pack (files are read up to their walked size): a small job gets small buffers. */
    bytesToPack: number,
  ) {
    const size = Math.min(bufferSize, chunkSize, Math.max(smallestBuffer, bytesToPack))
    this.buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)]
  }

  /** Packs one file; returns its entry, or null when it vanished or could not be read (then listed as skipped). */
  async appendFile(file: WalkedFile, skipped: SkippedPath[], signal: AbortSignal | undefined, tick: () => void, throttle?: Throttle): Promise<FileEntry | null> {
    const source = await openToPack(file, skipped)
    if (source === null) return null
    const hash = createHash('sha256')
    const extents: Extent[] = []
    let position = 0
    try {
      while (position < file.size) {
        throwIfAborted(signal)
        if (!this.handle) await this.openChunk()
        const buffer = this.buffers[this.active]!
        const room = Math.min(buffer.length - this.fill, this.chunkSize - this.chunkBytes)
        let bytesRead: number
        try {
          ;({ bytesRead } = await source.read(buffer, this.fill, Math.min(room, file.size - position), position))
        } catch (error) {
          // The bytes already packed stay in the chunk unreferenced; the file is listed as skipped.
          skipped.push({ path: file.absolute, reason: fsReason(error) })
          return null
        }
        if (bytesRead === 0) break // the file shrank since the walk: keep what was there
        const view = buffer.subarray(this.fill, this.fill + bytesRead)
        hash.update(view)
        this.chunkSums!.update(view)
        addExtent(extents, this.chunks.length + 1, this.chunkBytes, bytesRead)
        this.fill += bytesRead
        this.chunkBytes += bytesRead
        this.bytesPacked += bytesRead
        position += bytesRead
        tick()
        await throttle?.take(bytesRead, signal)
        if (this.fill === buffer.length) await this.flush()
        if (this.chunkBytes === this.chunkSize) await this.closeChunk()
      }
    } finally {
      await source.close()
    }
    return { path: file.path, size: position, mode: file.mode, mtimeMs: file.mtimeMs, sha256: hash.digest('hex'), extents }
  }

  /** Closes the last chunk and waits until every chunk is fsynced; returns the chunk list. */
  async finish(): Promise<readonly ChunkEntry[]> {
    if (this.handle) await this.closeChunk()
    await Promise.all(this.closing)
    return this.chunks
  }

  /** After a failure or abort: waits for in-flight I/O and closes the open chunk (the folder stays incomplete). */
  async abandon(): Promise<void> {
    await this.pendingWrite.catch(ignore)
    await Promise.all(this.closing.map((closing) => closing.catch(ignore)))
    await this.handle?.close().catch(ignore)
    this.handle = null
  }

  private get chunkPath(): string {
    return join(this.jobDir, chunkFileName(this.chunks.length + 1))
  }

  private async openChunk(): Promise<void> {
    // Bound the fsyncs in flight: wait for the oldest before starting a third chunk.
    if (this.closing.length >= 2) await this.closing.shift()
    try {
      this.handle = await open(this.chunkPath, 'w')
    } catch (error) {
      throw targetError(error, this.chunkPath)
    }
    this.chunkSums = new ChunkSums()
    this.chunkBytes = 0
    this.flushedBytes = 0
    this.fill = 0
  }

  /** Starts writing the active buffer and switches to the other one (after its own write has finished). */
  private async flush(): Promise<void> {
    const handle = this.handle!
    const buffer = this.buffers[this.active]!
    const length = this.fill
    const position = this.flushedBytes
    const path = this.chunkPath
    await this.pendingWrite
    const write = writeAll(handle, buffer, length, position).catch((error: unknown) => {
      throw targetError(error, path)
    })
    write.catch(ignore)
    this.pendingWrite = write
    this.flushedBytes += length
    this.active = 1 - this.active
    this.fill = 0
  }

  private async closeChunk(): Promise<void> {
    if (this.fill > 0) await this.flush()
    await this.pendingWrite
    const handle = this.handle!
    const path = this.chunkPath
    this.chunks.push(this.chunkSums!.entry(this.chunks.length + 1, this.chunkBytes))
    this.handle = null
    this.chunkSums = null
    const closing = (async () => {
      try {
        await handle.sync()
        await handle.close()
      } catch (error) {
        await handle.close().catch(ignore)
        throw targetError(error, path)
      }
    })()
    closing.catch(ignore)
    this.closing.push(closing)
  }
}
