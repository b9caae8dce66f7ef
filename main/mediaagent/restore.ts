/**
 * Restore: recreates a job's files (or a chain's latest state) under a destination folder, reading each job through
 * its stream reader. Files are written to a temp name, checked against their SHA-256, then renamed, so a file that
 * fails never appears; a file that cannot be brought back (its chunk is missing or bad, no job of the chain holds
 * it) is listed with the reason and the restore goes on with the others.
 */
import { createHash, type Hash } from 'node:crypto'
import type { Stats } from 'node:fs'
import { type FileHandle, chmod, lstat, mkdir, open, rename, rm, symlink, unlink, utimes } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { type RestoreSelection, type SkippedPath, wholeJob } from '../../app/media/media-protocol'
import { isInsideAny } from '../../app/rules/data-paths'
import { type CopyThreads, InlineCopyThreads } from './copy-threads'
import { throttle, writeAll } from './durable-fs'
import { MediaError, errnoOf, ignore, targetError, throwIfAborted } from './media-error'
import { type ChunkEntry, type DirectoryEntry, type FileEntry, type OperationOptions, type SymlinkEntry, restoredPath } from './job-folder'
import { type JobReader, openJobFolder } from './job-reader'
import type { PiecePool } from './piece-pool'
import type { Throttle } from './throttle'

/** What a restore recreated, and what it could not. */
export interface RestoreResult {
  readonly files: number
  readonly bytes: number
  readonly symlinks: number
  /** Files (and links) not restored, with the reason: a missing or bad chunk, a checksum mismatch, no job holding it. */
  readonly failed: readonly SkippedPath[]
  /** Files (and links) left as they were: one was already there and the overwrite option kept it. */
  readonly kept: readonly SkippedPath[]
}

/** How to restore. */
export interface RestoreOptions extends OperationOptions {
  /** Where hashing runs (default this thread). */
  readonly threads?: CopyThreads
  /** Where the read pieces come from (default: a pool of each read's own); a run passes its own. */
  readonly pool?: PiecePool
  /** Folders nothing may be restored into (the console's own data); a chain that would is refused whole. */
  readonly protectedPaths?: readonly string[]
  /** A test console's brake (see `Throttle`). */
  readonly throttle?: Throttle
  /** What to bring back and over what (default: the whole job, over anything there). */
  readonly selection?: RestoreSelection
}

/** Restores one job's files under `destination` (each at `restoredPath(destination, storedPath)`). */
export async function restoreJob(job: JobReader | string, destination: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  return restoreChain([job], destination, options)
}

/** One file to bring back, from the job that last wrote it. */
interface FilePlan {
  readonly reader: JobReader
  readonly entry: FileEntry
  readonly path: string
}

/** What a chain restores: each file from the latest job holding it, the links, and what no job holds. */
export interface RestorePlan {
  readonly files: readonly FilePlan[]
  readonly links: readonly SymlinkEntry[]
  readonly directories: readonly DirectoryEntry[]
  readonly missing: readonly SkippedPath[]
}

/**
 * Plans a chain restore (a Full, then later jobs it needs, oldest first): each file comes from the latest job that
 * wrote it, and files the last job no longer saw (deleted) are left out. Refuses (`internal`, naming the path) a plan
 * that would write into a protected folder.
 */
export function planRestore(
  readers: readonly JobReader[],
  destination: string,
  protectedPaths: readonly string[] = [],
  selected: readonly string[] = [],
): RestorePlan {
  const last = readers.at(-1)
  if (!last) return { files: [], links: [], directories: [], missing: [] }
  const root = resolve(destination)
  const latest = new Map<string, { readonly reader: JobReader; readonly entry: FileEntry } | { readonly link: SymlinkEntry }>()
  for (const reader of readers) {
    for (const entry of reader.manifest.files) latest.set(entry.path, { reader, entry })
    for (const link of reader.manifest.symlinks) latest.set(link.path, { link })
  }
  const files: FilePlan[] = []
  const links: SymlinkEntry[] = []
  const missing: SkippedPath[] = []
  const chosen = isSelected(selected)
  const wanted = [...last.manifest.files.map((file) => file.path), ...last.manifest.symlinks.map((link) => link.path), ...last.manifest.unchanged].filter(chosen)
  for (const path of wanted) {
    const target = restoredPath(root, path)
    if (isInsideAny(target, protectedPaths)) {
      throw new MediaError({ kind: 'internal', file: target, reason: 'restoring here would overwrite the console\'s own data (catalog, libraries or DDBs)' })
    }
    const found = latest.get(path)
    if (!found) missing.push({ path: target, reason: 'no job of the backup chain holds this file (a job of the chain is missing)' })
    else if ('link' in found) links.push(found.link)
    else files.push({ reader: found.reader, entry: found.entry, path: target })
  }
  return { files, links, directories: last.manifest.directories.filter((directory) => chosen(directory.path)), missing }
}

/** Whether a stored path is selected: it is one of `selected` or lies under one; everything when none is. */
export function isSelected(selected: readonly string[]): (path: string) => boolean {
  if (selected.length === 0 || selected.includes('')) return () => true
  const exact = new Set(selected)
  return (path) => {
    if (exact.has(path)) return true
    for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) if (exact.has(path.slice(0, cut))) return true
    return false
  }
}

/** Why a file already there was kept, per overwrite option. */
const keptReasons = {
  never: 'kept: a file is already there (Overwrite: Never)',
  ifNewer: 'kept: the file there is as new as the backup or newer (Overwrite: Only if the backup is newer)',
} as const

/** What is already where a path would be restored (null when nothing is). */
async function existing(path: string): Promise<Stats | null> {
  return lstat(path).catch((error: unknown) => (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR' ? null : Promise.reject(targetError(error, path))))
}

/**
 * Applies the overwrite option before anything is read: the files and links to write, those kept as they are, and
 * the folders that were not there (with anything but Unconditionally, an existing folder keeps its mode and time).
 */
async function applyOverwrite(plan: RestorePlan, root: string, overwrite: RestoreSelection['overwrite']): Promise<{ plan: RestorePlan; kept: SkippedPath[] }> {
  if (overwrite === 'always') return { plan, kept: [] }
  const kept: SkippedPath[] = []
  const files: FilePlan[] = []
  for (const file of plan.files) {
    const there = await existing(file.path)
    if (there === null || (overwrite === 'ifNewer' && !there.isDirectory() && there.mtimeMs < file.entry.mtimeMs)) files.push(file)
    else kept.push({ path: file.path, reason: keptReasons[overwrite] })
  }
  const links: SymlinkEntry[] = []
  for (const link of plan.links) {
    const path = restoredPath(root, link.path)
    // A link has no time of its own in the backup: one already there is kept under either option.
    if ((await existing(path)) === null) links.push(link)
    else kept.push({ path, reason: keptReasons[overwrite] })
  }
  const directories: DirectoryEntry[] = []
  for (const directory of plan.directories) if ((await existing(restoredPath(root, directory.path))) === null) directories.push(directory)
  return { plan: { ...plan, files, links, directories }, kept }
}

/**
 * Restores a chain into one folder (see {@link planRestore}). Mode and mtime are set, folders' last. Throws
 * `MediaError` only for what stops the whole restore (`targetUnavailable`: the destination cannot be written; a
 * protected destination; an unreadable manifest) or `JobAbortedError`; bad files are listed in `failed`.
 */
export async function restoreChain(jobs: readonly (JobReader | string)[], destination: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const readers: JobReader[] = []
  for (const job of jobs) readers.push(typeof job === 'string' ? await openJobFolder(job) : job)
  const selection = options.selection ?? wholeJob
  const root = resolve(destination)
  const { plan, kept } = await applyOverwrite(planRestore(readers, destination, options.protectedPaths, selection.paths), root, selection.overwrite)
  const threads = options.threads ?? new InlineCopyThreads()
  const failed: SkippedPath[] = [...plan.missing]
  const bytesTotal = plan.files.reduce((sum, file) => sum + file.entry.size, 0)
  let bytesDone = 0
  let current: string | null = null
  const progress = throttle(options.progressIntervalMs ?? 100, () =>
    options.onProgress?.({ bytesDone, bytesTotal, bytesTransferred: bytesDone, currentFile: current }),
  )
  try {
    if (!selection.inPlace) await mkdir(root, { recursive: true })
    for (const directory of plan.directories) await mkdir(restoredPath(root, directory.path), { recursive: true })
  } catch (error) {
    throw targetError(error, root)
  }

  let restored = 0
  for (const reader of readers) {
    throwIfAborted(options.signal)
    const mine = plan.files.filter((file) => file.reader === reader)
    if (mine.length === 0) continue
    const writer = new FileWriter(mine, (bytes, path) => {
      bytesDone += bytes
      current = path
      progress.tick()
    })
    try {
      await writer.writeEmpty()
      await reader.read({
        chunks: writer.chunks(reader.manifest.chunks),
        threads,
        // Every file is judged by its own SHA-256 (below): a chunk's CRC-32 is enough to say which chunk was damaged.
        quickCheck: true,
        ...(options.pool ? { pool: options.pool } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.throttle ? { throttle: options.throttle } : {}),
        onPiece: (piece, chunk, offset) => writer.piece(piece, chunk, offset),
        onBadChunk: (chunk, error) => {
          // A chunk that does not match was still streamed: each file in it is judged by its own SHA-256, so the
          // files the damage missed come back. A chunk that cannot be read fails every file with bytes in it.
          if (error.failure.kind !== 'checksum') writer.failChunk(chunk, `its data is missing (${error.failure.reason})`)
          return 'skip'
        },
      })
    } finally {
      await writer.abandon()
    }
    failed.push(...writer.failed)
    restored += writer.restored
  }
  let symlinks = 0
  for (const link of plan.links) {
    await restoreSymlink(link, root)
    symlinks += 1
  }
  await finishDirectories(plan.directories, root)
  current = null
  progress.flush()
  return { files: restored, bytes: bytesDone, symlinks, failed, kept }
}

/** Where a run of a chunk's bytes goes: `length` bytes at `offset` of the chunk, at `position` of a file. */
interface Segment {
  readonly offset: number
  readonly length: number
  readonly position: number
  readonly file: OpenFile
}

/** A file being restored. */
interface OpenFile {
  readonly plan: FilePlan
  readonly temp: string
  handle: FileHandle | null
  hash: Hash
  written: number
  state: 'waiting' | 'writing' | 'done' | 'failed'
}

/**
 * Writes one job's files from its chunk stream. A job's files are packed into its chunks in order, so each file's
 * bytes arrive in order as the chunks stream past; a file is checked and renamed as its last byte arrives.
 */
class FileWriter {
  readonly failed: SkippedPath[] = []
  restored = 0
  private readonly files: OpenFile[]
  private readonly segments = new Map<number, Segment[]>()

  constructor(
    plans: readonly FilePlan[],
    private readonly onBytes: (bytes: number, path: string) => void,
  ) {
    this.files = plans.map((plan) => ({
      plan, temp: join(dirname(plan.path), `.${basename(plan.path)}.cvrestore`), handle: null, hash: createHash('sha256'), written: 0, state: 'waiting',
    }))
    for (const file of this.files) {
      let position = 0
      for (const extent of file.plan.entry.extents) {
        const list = this.segments.get(extent.chunk) ?? []
        list.push({ offset: extent.offset, length: extent.length, position, file })
        this.segments.set(extent.chunk, list)
        position += extent.length
      }
    }
    for (const list of this.segments.values()) list.sort((a, b) => a.offset - b.offset)
  }

  /** The chunks holding any byte of these files, in order. */
  chunks(all: readonly ChunkEntry[]): ChunkEntry[] {
    return all.filter((chunk) => this.segments.has(chunk.number))
  }

  /** Empty files have no extents: they are written at once. */
  async writeEmpty(): Promise<void> {
    for (const file of this.files) if (file.plan.entry.size === 0) await this.finish(file)
  }

  /** Writes the part of each file that lies in this piece of a chunk. */
  async piece(data: Buffer, chunk: ChunkEntry, offset: number): Promise<void> {
    const end = offset + data.length
    for (const segment of this.segments.get(chunk.number) ?? []) {
      const from = Math.max(offset, segment.offset)
      const to = Math.min(end, segment.offset + segment.length)
      if (from >= to) continue
      const file = segment.file
      if (file.state === 'failed' || file.state === 'done') continue
      const bytes = data.subarray(from - offset, to - offset)
      const position = segment.position + (from - segment.offset)
      if (position !== file.written) {
        this.fail(file, 'its extents are out of order in the chunk stream')
        continue
      }
      await this.write(file, bytes, position)
      if (file.written === file.plan.entry.size) await this.finish(file)
    }
  }

  /** A chunk could not be read or did not match: every file with bytes in it fails. */
  failChunk(chunk: ChunkEntry, reason: string): void {
    for (const segment of this.segments.get(chunk.number) ?? []) this.fail(segment.file, `chunk ${chunk.number} holding it: ${reason}`)
  }

  /** After the stream: files still waiting for bytes failed; temp files go. */
  async abandon(): Promise<void> {
    for (const file of this.files) {
      if (file.state === 'waiting' || file.state === 'writing') this.fail(file, 'its data ended early')
      if (file.state === 'failed' && file.handle) {
        await file.handle.close().catch(ignore)
        file.handle = null
        await unlink(file.temp).catch(ignore)
      }
    }
  }

  private async write(file: OpenFile, bytes: Buffer, position: number): Promise<void> {
    try {
      if (file.handle === null) {
        await mkdir(dirname(file.plan.path), { recursive: true })
        file.handle = await open(file.temp, 'w', 0o600)
        file.state = 'writing'
      }
      await writeAll(file.handle, bytes, bytes.length, position)
    } catch (error) {
      throw targetError(error, file.plan.path)
    }
    file.hash.update(bytes)
    file.written += bytes.length
    this.onBytes(bytes.length, file.plan.entry.path)
  }

  private async finish(file: OpenFile): Promise<void> {
    const { entry, path } = file.plan
    try {
      if (file.handle === null) {
        await mkdir(dirname(path), { recursive: true })
        file.handle = await open(file.temp, 'w', 0o600)
      }
      if (file.hash.digest('hex') !== entry.sha256) {
        this.fail(file, 'checksum mismatch: the restored bytes do not match the file backed up')
        await file.handle.close().catch(ignore)
        file.handle = null
        await unlink(file.temp).catch(ignore)
        return
      }
      await file.handle.chmod(entry.mode)
      const mtime = entry.mtimeMs / 1000
      await file.handle.utimes(mtime, mtime)
      await file.handle.close()
      file.handle = null
      await rename(file.temp, path)
    } catch (error) {
      throw targetError(error, path)
    }
    file.state = 'done'
    this.restored += 1
  }

  private fail(file: OpenFile, reason: string): void {
    if (file.state === 'failed' || file.state === 'done') return
    file.state = 'failed'
    this.failed.push({ path: file.plan.path, reason })
  }
}

async function restoreSymlink(link: SymlinkEntry, root: string): Promise<void> {
  const path = restoredPath(root, link.path)
  try {
    await mkdir(dirname(path), { recursive: true })
    const existing = await lstat(path).catch((error: unknown) => (errnoOf(error) === 'ENOENT' ? null : Promise.reject(error)))
    if (existing) await rm(path, { recursive: existing.isDirectory(), force: true })
    await symlink(link.target, path)
  } catch (error) {
    throw targetError(error, path)
  }
}

/** Folder modes and mtimes last (deepest first), since writing files into a folder changes its mtime. */
async function finishDirectories(directories: readonly DirectoryEntry[], root: string): Promise<void> {
  const deepestFirst = [...directories].sort((a, b) => b.path.split('/').length - a.path.split('/').length)
  for (const directory of deepestFirst) {
    const path = restoredPath(root, directory.path)
    try {
      await chmod(path, directory.mode)
      const mtime = directory.mtimeMs / 1000
      await utimes(path, mtime, mtime)
    } catch (error) {
      throw targetError(error, path)
    }
  }
}
