/**
 * Restore from a disk library: recreates a job's files (or a chain's latest state) under a destination folder,
 * verifying each file's SHA-256 as it is written.
 */
import { createHash } from 'node:crypto'
import { type FileHandle, chmod, lstat, mkdir, open, rename, rm, symlink, unlink, utimes } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { EngineError, errnoOf, ignore, sourceError, targetError, throwIfAborted } from './engine-error'
import { throttle, writeAll } from './engine-fs'
import {
  type DirectoryEntry,
  type FileEntry,
  type JobManifest,
  type OperationOptions,
  type SymlinkEntry,
  chunkFileName,
  readManifest,
  restoredPath,
} from './job-store'

/** What a restore recreated. */
export interface RestoreResult {
  readonly files: number
  readonly bytes: number
  readonly symlinks: number
  /** Paths the last job saw unchanged but no job of the chain holds (the chain is missing a job). */
  readonly missing: readonly string[]
}

/** Restores one job's files under `destination` (each at `restoredPath(destination, storedPath)`). */
export async function restoreJob(jobDir: string, destination: string, options: OperationOptions = {}): Promise<RestoreResult> {
  return restoreChain([jobDir], destination, options)
}

const bufferSize = 8 * 1024 * 1024

/**
 * Restores a chain (a Full, then later Incremental/Differential jobs of the same subclient, oldest first) into one
 * folder: each file comes from the latest job that wrote it, and files the last job no longer saw (deleted) are left
 * out. Files are written to a temp name, verified, then renamed, so a file that fails its checksum never appears;
 * mode and mtime are set, folders' last. Throws `EngineError` (`checksum` naming the file, `sourceMissing`,
 * `manifestInvalid`, `targetUnavailable`) or `JobAbortedError`.
 */
export async function restoreChain(jobDirs: readonly string[], destination: string, options: OperationOptions = {}): Promise<RestoreResult> {
  const jobs: { readonly dir: string; readonly manifest: JobManifest }[] = []
  for (const dir of jobDirs) jobs.push({ dir: resolve(dir), manifest: await readManifest(dir) })
  const last = jobs.at(-1)
  if (!last) return { files: 0, bytes: 0, symlinks: 0, missing: [] }

  const latest = new Map<string, { readonly dir: string; readonly entry: FileEntry } | { readonly link: SymlinkEntry }>()
  for (const job of jobs) {
    for (const entry of job.manifest.files) latest.set(entry.path, { dir: job.dir, entry })
    for (const link of job.manifest.symlinks) latest.set(link.path, { link })
  }
  const files: { readonly dir: string; readonly entry: FileEntry }[] = []
  const links: SymlinkEntry[] = []
  const missing: string[] = []
  const wanted = [...last.manifest.files.map((file) => file.path), ...last.manifest.symlinks.map((link) => link.path), ...last.manifest.unchanged]
  for (const path of wanted) {
    const found = latest.get(path)
    if (!found) missing.push(path)
    else if ('link' in found) links.push(found.link)
    else files.push(found)
  }

  const root = resolve(destination)
  const bytesTotal = files.reduce((sum, file) => sum + file.entry.size, 0)
  let bytesDone = 0
  let current: string | null = null
  const progress = throttle(options.progressIntervalMs ?? 100, () =>
    options.onProgress?.({ bytesDone, bytesTotal, bytesTransferred: bytesDone, currentFile: current }),
  )
  try {
    await mkdir(root, { recursive: true })
    for (const directory of last.manifest.directories) await mkdir(restoredPath(root, directory.path), { recursive: true })
  } catch (error) {
    throw targetError(error, root)
  }

  const reader = new ChunkReader()
  const buffer = Buffer.allocUnsafe(bufferSize)
  try {
    for (const { dir, entry } of files) {
      throwIfAborted(options.signal)
      current = entry.path
      await restoreFile(dir, entry, root, reader, buffer, options.signal, (bytes) => {
        bytesDone += bytes
        progress.tick()
      })
    }
  } finally {
    await reader.close()
  }
  for (const link of links) await restoreSymlink(link, root)
  await finishDirectories(last.manifest.directories, root)
  current = null
  progress.flush()
  return { files: files.length, bytes: bytesTotal, symlinks: links.length, missing }
}

/** Keeps the last chunk file open: a job's files are packed in order, so consecutive files share chunks. */
class ChunkReader {
  private open: { readonly path: string; readonly handle: FileHandle } | null = null

  async read(path: string, buffer: Buffer, length: number, position: number): Promise<number> {
    if (this.open?.path !== path) {
      await this.close()
      try {
        this.open = { path, handle: await open(path, 'r') }
      } catch (error) {
        throw sourceError(error, path, 'chunk missing')
      }
    }
    try {
      return (await this.open.handle.read(buffer, 0, length, position)).bytesRead
    } catch (error) {
      throw sourceError(error, path, 'chunk unreadable')
    }
  }

  async close(): Promise<void> {
    await this.open?.handle.close().catch(ignore)
    this.open = null
  }
}

async function restoreFile(
  jobDir: string,
  entry: FileEntry,
  root: string,
  reader: ChunkReader,
  buffer: Buffer,
  signal: AbortSignal | undefined,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const path = restoredPath(root, entry.path)
  const temp = join(dirname(path), `.${basename(path)}.cvrestore`)
  let out: FileHandle
  try {
    await mkdir(dirname(path), { recursive: true })
    out = await open(temp, 'w', 0o600)
  } catch (error) {
    throw targetError(error, path)
  }
  try {
    const hash = createHash('sha256')
    let position = 0
    for (const extent of entry.extents) {
      const chunkPath = join(jobDir, chunkFileName(extent.chunk))
      let done = 0
      while (done < extent.length) {
        throwIfAborted(signal)
        const length = Math.min(buffer.length, extent.length - done)
        const bytesRead = await reader.read(chunkPath, buffer, length, extent.offset + done)
        if (bytesRead === 0) {
          throw new EngineError({ kind: 'sourceMissing', file: chunkPath, errno: null, reason: `short chunk while restoring ${entry.path}` })
        }
        hash.update(buffer.subarray(0, bytesRead))
        try {
          await writeAll(out, buffer, bytesRead, position)
        } catch (error) {
          throw targetError(error, path)
        }
        done += bytesRead
        position += bytesRead
        onBytes(bytesRead)
      }
    }
    if (hash.digest('hex') !== entry.sha256) {
      throw new EngineError({ kind: 'checksum', file: entry.path, reason: 'checksum mismatch', chunk: null, files: [entry.path] })
    }
    try {
      await out.chmod(entry.mode)
      const mtime = entry.mtimeMs / 1000
      await out.utimes(mtime, mtime)
      await out.close()
      await rename(temp, path)
    } catch (error) {
      throw targetError(error, path)
    }
  } catch (error) {
    await out.close().catch(ignore)
    await unlink(temp).catch(ignore)
    throw error
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
