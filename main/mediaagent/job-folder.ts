/**
 * The job data format on a disk library's mount path:
 *
 *   <mountPath>/CV_JOBS/SP<policyId>_C<copyId>/J<jobId>/C000001.chk, C000002.chk, ..., manifest.json
 *
 * Chunk files (up to 32 MiB each) hold the job's file contents back to back; `manifest.json` lists every file (its
 * stored path, size, mode, mtime, SHA-256 and extents in the chunks) and every chunk (size, SHA-256, CRC-32). The
 * manifest is written last, atomically and durably, so a job folder without one is incomplete, never half-valid.
 *
 * A chunk's SHA-256 is its identity, which Data Verification checks. Its CRC-32 is the quick check of data on the
 * move: an auxiliary copy's, and a restore's (which checks each file's own SHA-256), as PBS checks a chunk's CRC on
 * sync and Spectrum Protect a tape block's CRC. Ten times cheaper than SHA-256 on a CPU without SHA extensions, it
 * finds any burst of corruption up to 32 bits and misses other random damage with a chance of 2^-32. Jobs written
 * before it (`cv-job/1`) have no CRC-32 and are checked by their SHA-256 everywhere.
 */
import { createHash } from 'node:crypto'
import { open, readFile } from 'node:fs/promises'
import { basename, dirname, join, parse, sep } from 'node:path'
import { crc32 } from 'node:zlib'
import { z } from 'zod'
import type { MediaFailure } from '../../app/media/media-protocol'
import { BackupType } from '../../app/model/entities'
import { MediaError, errnoOf, sourceError } from './media-error'

/** The manifest's format tag; bump it when the layout changes. */
export const manifestFormat = 'cv-job/2'
/** The format before chunks had a CRC-32, still read. */
const manifestFormatWithoutCrc = 'cv-job/1'
/** The manifest's file name in a job folder. */
export const manifestName = 'manifest.json'
/** The largest chunk file by default (bytes). */
export const defaultChunkSize = 32 * 1024 * 1024
/** The folder under a mount path that holds job folders. */
export const jobsRootName = 'CV_JOBS'

/** One chunk file of a job. */
export interface ChunkEntry {
  /** 1, 2, ...: the file is `chunkFileName(number)`. */
  readonly number: number
  readonly size: number
  readonly sha256: string
  /** The IEEE CRC-32 (zlib's) of the chunk, 8 hex digits; absent in `cv-job/1` manifests. */
  readonly crc32?: string
}

/** A stream a chunk's bytes are checked with. */
export type ChecksumKind = 'sha256' | 'crc32'

/** How to check a chunk's bytes: the stream to compute over them and the hex digest it must give. */
export interface ChunkCheck {
  readonly kind: ChecksumKind
  readonly expected: string
}

/** A chunk's check: its SHA-256, or with `quick` (an aux copy or a restore) its CRC-32 where the manifest has one. */
export function chunkCheck(chunk: ChunkEntry, quick: boolean): ChunkCheck {
  return quick && chunk.crc32 !== undefined ? { kind: 'crc32', expected: chunk.crc32 } : { kind: 'sha256', expected: chunk.sha256 }
}

/** A checksum's name in messages. */
export function checksumName(kind: ChecksumKind): string {
  return kind === 'crc32' ? 'CRC-32' : 'SHA-256'
}

/** A CRC-32 value as the manifest writes it. */
export function crc32Hex(crc: number): string {
  return crc.toString(16).padStart(8, '0')
}

/** A chunk's SHA-256 and CRC-32, summed as a backup writes its bytes. */
export class ChunkSums {
  private readonly hash = createHash('sha256')
  private crc = 0

  update(bytes: Uint8Array): void {
    this.hash.update(bytes)
    this.crc = crc32(bytes, this.crc)
  }

  /** The chunk's manifest entry; the sums are finished. */
  entry(number: number, size: number): ChunkEntry {
    return { number, size, sha256: this.hash.digest('hex'), crc32: crc32Hex(this.crc) }
  }
}

/** Where a run of a file's bytes lives: `length` bytes at `offset` of chunk `chunk`. */
export interface Extent {
  readonly chunk: number
  readonly offset: number
  readonly length: number
}

/** A backed-up regular file. */
export interface FileEntry {
  /** The stored path: the absolute source path without its root, `/` separated (`home/ann/a.txt`). */
  readonly path: string
  readonly size: number
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number
  readonly mtimeMs: number
  /** SHA-256 of the whole file. */
  readonly sha256: string
  /** In order; their lengths add up to `size`. */
  readonly extents: readonly Extent[]
}

/** A symbolic link: recorded with its target, never followed. */
export interface SymlinkEntry {
  readonly path: string
  readonly target: string
}

/** A folder seen in the content (restore recreates it, empty or not, with its mode and mtime). */
export interface DirectoryEntry {
  readonly path: string
  readonly mode: number
  readonly mtimeMs: number
}

/** A job's manifest: what a job folder holds and how to check it. */
export interface JobManifest {
  readonly format: typeof manifestFormat | typeof manifestFormatWithoutCrc
  readonly jobId: number
  readonly backupType: BackupType
  /** ISO times of the backup's start and end. */
  readonly startedAt: string
  readonly finishedAt: string
  /** The content folders (absolute paths) the backup walked. */
  readonly contents: readonly string[]
  /** The largest chunk size this job was written with. */
  readonly chunkSize: number
  readonly totals: { readonly files: number; readonly bytes: number; readonly chunks: number }
  readonly chunks: readonly ChunkEntry[]
  readonly files: readonly FileEntry[]
  readonly symlinks: readonly SymlinkEntry[]
  readonly directories: readonly DirectoryEntry[]
  /**
   * Files seen but not written because they had not changed since the baseline (Incremental, Differential). With
   * `files` and `symlinks` this is every path that existed at backup time, so a chain restore drops deleted files.
   */
  readonly unchanged: readonly string[]
}

const count = z.number().int().nonnegative()
const sha = z.string().regex(/^[0-9a-f]{64}$/)
const storedPath = z.string().refine(isSafeStoredPath, 'unsafe stored path')
const manifestSchema = z.strictObject({
  format: z.enum([manifestFormat, manifestFormatWithoutCrc]),
  jobId: count,
  backupType: BackupType,
  startedAt: z.string(),
  finishedAt: z.string(),
  contents: z.array(z.string()),
  chunkSize: z.number().int().positive(),
  totals: z.strictObject({ files: count, bytes: count, chunks: count }),
  chunks: z.array(z.strictObject({ number: z.number().int().positive(), size: count, sha256: sha, crc32: z.string().regex(/^[0-9a-f]{8}$/).optional() })),
  files: z.array(
    z.strictObject({
      path: storedPath,
      size: count,
      mode: count,
      mtimeMs: z.number().nonnegative(),
      sha256: sha,
      extents: z.array(z.strictObject({ chunk: z.number().int().positive(), offset: count, length: z.number().int().positive() })),
    }),
  ),
  symlinks: z.array(z.strictObject({ path: storedPath, target: z.string() })),
  directories: z.array(z.strictObject({ path: z.string().refine((p) => p === '' || isSafeStoredPath(p)), mode: count, mtimeMs: z.number() })),
  unchanged: z.array(storedPath),
})

/** A stored path is relative, `/` separated, with no empty, `.` or `..` segment (restore must not escape). */
function isSafeStoredPath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** The file name of chunk `number` (`C000001.chk`). */
export function chunkFileName(number: number): string {
  return `C${String(number).padStart(6, '0')}.chk`
}

/** The folder of a job on a mount path: `<mountPath>/CV_JOBS/SP<policyId>_C<copyId>/J<jobId>`. */
export function jobFolderPath(mountPath: string, policyId: number, copyId: number, jobId: number): string {
  return join(mountPath, jobsRootName, `SP${policyId}_C${copyId}`, `J${jobId}`)
}

/**
 * The mount path a job folder lives on (three levels up when it follows the `CV_JOBS` layout, else its parent).
 * The engine creates folders below it but never the mount path itself: a missing one is an unavailable target.
 */
export function mountPathOf(jobDir: string): string {
  const policyDir = dirname(jobDir)
  const jobsRoot = dirname(policyDir)
  return basename(jobsRoot) === jobsRootName ? dirname(jobsRoot) : policyDir
}

/** The stored path of an absolute source path: its root removed, `/` separated (`C:\a\b` is `C/a/b`). */
export function toStoredPath(absolutePath: string): string {
  const { root } = parse(absolutePath)
  const drive = root.replace(/[:\\/]/g, '')
  const rest = absolutePath.slice(root.length).split(sep).filter((segment) => segment !== '')
  return [...(drive ? [drive] : []), ...rest].join('/')
}

/** Where restore puts a stored path under a destination folder. */
export function restoredPath(destination: string, stored: string): string {
  return join(destination, ...stored.split('/'))
}

/** Reads and validates a job folder's manifest; throws `MediaError` (sourceMissing, manifestInvalid). */
export async function readManifest(jobDir: string): Promise<JobManifest> {
  return (await readManifestBytes(jobDir)).manifest
}

/** Reads a manifest and keeps its exact bytes (a copy writes them unchanged). */
export async function readManifestBytes(jobDir: string): Promise<{ readonly manifest: JobManifest; readonly bytes: Buffer }> {
  const path = join(jobDir, manifestName)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    const errno = errnoOf(error)
    if (errno === 'ENOENT') {
      throw new MediaError({ kind: 'sourceMissing', file: path, errno, reason: 'no manifest: the job folder is missing or incomplete' })
    }
    throw sourceError(error, path, 'manifest unreadable')
  }
  return { manifest: parseManifest(bytes, path), bytes }
}

/** Parses and checks manifest bytes: the schema, then that chunks, extents and totals hold together. */
export function parseManifest(bytes: Buffer | string, path = manifestName): JobManifest {
  const invalid = (reason: string) => new MediaError({ kind: 'manifestInvalid', file: path, reason })
  let json: unknown
  try {
    json = JSON.parse(bytes.toString())
  } catch (error) {
    throw invalid(`not JSON: ${(error as Error).message}`)
  }
  const parsed = manifestSchema.safeParse(json)
  if (!parsed.success) throw invalid(z.prettifyError(parsed.error).split('\n').slice(0, 4).join(' '))
  const manifest = parsed.data as JobManifest
  const sizes = new Map<number, number>()
  manifest.chunks.forEach((chunk, index) => {
    if (chunk.number !== index + 1) throw invalid(`chunk ${index + 1} is numbered ${chunk.number}`)
    if (chunk.size > manifest.chunkSize) throw invalid(`chunk ${chunk.number} is larger than the chunk size`)
    if ((chunk.crc32 !== undefined) !== (manifest.format === manifestFormat)) {
      throw invalid(`chunk ${chunk.number} ${chunk.crc32 === undefined ? 'has no CRC-32' : `has a CRC-32, which ${manifest.format} has not`}`)
    }
    sizes.set(chunk.number, chunk.size)
  })
  let bytesTotal = 0
  const paths = new Set<string>()
  for (const file of manifest.files) {
    if (paths.has(file.path)) throw invalid(`file ${file.path} is listed twice`)
    paths.add(file.path)
    let length = 0
    for (const extent of file.extents) {
      const size = sizes.get(extent.chunk)
      if (size === undefined || extent.offset + extent.length > size) throw invalid(`file ${file.path} has an extent outside chunk ${extent.chunk}`)
      length += extent.length
    }
    if (length !== file.size) throw invalid(`file ${file.path}: extents hold ${length} of ${file.size} bytes`)
    bytesTotal += file.size
  }
  const { totals } = manifest
  if (totals.files !== manifest.files.length || totals.bytes !== bytesTotal || totals.chunks !== manifest.chunks.length) {
    throw invalid('totals do not match the files and chunks listed')
  }
  const chunkBytes = manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
  if (chunkBytes < bytesTotal) throw invalid('chunks hold fewer bytes than the files')
  return manifest
}

/** Where each chunk starts in the job's stream (its chunks back to back, in order). */
export function chunkStarts(chunks: readonly ChunkEntry[]): number[] {
  const starts: number[] = []
  let at = 0
  for (const chunk of chunks) {
    starts.push(at)
    at += chunk.size
  }
  return starts
}

/** The stored paths of the files with data in chunk `number` (for naming what a bad chunk affects). */
export function filesInChunk(manifest: JobManifest, number: number): readonly string[] {
  return manifest.files.filter((file) => file.extents.some((extent) => extent.chunk === number)).map((file) => file.path)
}

/** A `checksum` failure for chunk `number` of a job folder. */
export function chunkChecksumFailure(manifest: JobManifest, jobDir: string, number: number): MediaFailure {
  return { kind: 'checksum', file: join(jobDir, chunkFileName(number)), reason: 'checksum mismatch', chunk: number, files: [...filesInChunk(manifest, number)] }
}

/** Progress of a long operation. */
export interface Progress {
  readonly bytesDone: number
  readonly bytesTotal: number
  /** Bytes actually read and written so far (excludes data kept from an earlier run); for throughput. */
  readonly bytesTransferred: number
  readonly currentFile: string | null
}

/** Options shared by the long operations. */
export interface OperationOptions {
  /** Stops at the next buffer boundary with `JobAbortedError`. */
  readonly signal?: AbortSignal
  /** Called at most every `progressIntervalMs` (default 100), and once at the end. */
  readonly onProgress?: (progress: Progress) => void
  readonly progressIntervalMs?: number
}

/** Whether a job folder holds a manifest (the job is complete there); says nothing about the data's health. */
export async function isJobComplete(jobDir: string): Promise<boolean> {
  try {
    await (await open(join(jobDir, manifestName), 'r')).close()
    return true
  } catch {
    return false
  }
}
