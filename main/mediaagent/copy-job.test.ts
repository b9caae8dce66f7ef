import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { copyJob as copy } from './copy-job'
import { MediaError, JobAbortedError } from './media-error'
import { type CopyThreads, CopyThreadPool } from './copy-threads'
import { chunkFileName, jobFolderPath, manifestName, toStoredPath, restoredPath } from './job-folder'
import { openJobFolder, verifyJobFolder } from './job-reader'
import { PiecePool } from './piece-pool'
import { restoreJob } from './restore'
import { snapshotTree } from './testing/dataset'
import { backedUpJob, chunkStamps } from './testing/jobs'

let temp: string
let lib1: string
let lib2: string
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'engine-copy-'))
  lib1 = join(temp, 'lib1')
  lib2 = join(temp, 'lib2')
  await mkdir(lib1)
  await mkdir(lib2)
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})

const chunkSize = 128 * 1024
const target = (jobId: number) => jobFolderPath(lib2, 1, 2, jobId)

/** Rewrites a job folder's manifest (as an older console or a tampered disk would have left it). */
async function rewriteManifest(dir: string, change: (manifest: { format: string; chunks: { crc32?: string }[] }) => void): Promise<void> {
  const manifest = JSON.parse(await readFile(join(dir, manifestName), 'utf8'))
  change(manifest)
  await writeFile(join(dir, manifestName), JSON.stringify(manifest))
}

async function failureOf(promise: Promise<unknown>): Promise<MediaError['failure']> {
  const error = await promise.then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(MediaError)
  return (error as MediaError).failure
}

// Two hashing threads whatever the machine: the copy reads two chunks at once on them.
const pool = new CopyThreadPool(2)
afterAll(() => pool.close())

describe.each<[string, CopyThreads | undefined]>([
  ['hashing and fsync inline', undefined],
  ['hashing and fsync on a CopyThreadPool of two hashing threads (two chunks read at once)', pool],
])('copyJob, %s', (_label, threads) => {
  const copyJob = (input: Parameters<typeof copy>[0]) => copy({ ...input, ...(threads ? { threads } : {}) })

  it('copies a job that then verifies and restores byte for byte', async () => {
    const source = await backedUpJob(temp, lib1, 1, 3 * 1024 * 1024, chunkSize)
    const result = await copyJob({ source: source.dir, targetDir: target(1) })
    expect(result).toMatchObject({ chunksWritten: source.manifest.chunks.length, chunksReused: 0, alreadyDurable: false })
    expect(await readFile(join(target(1), manifestName))).toEqual(await readFile(join(source.dir, manifestName)))
    expect(await verifyJobFolder(target(1))).toMatchObject({ ok: true })
    const dest = join(temp, 'restore')
    await restoreJob(target(1), dest)
    expect(await snapshotTree(restoredPath(dest, toStoredPath(source.src)))).toEqual(await snapshotTree(source.src))
    // Copying again finds the job complete.
    expect(await copyJob({ source: source.dir, targetDir: target(1) })).toMatchObject({ alreadyDurable: true, chunksWritten: 0 })
  })

  it('stops on abort at a buffer boundary with whole chunks only, and the next run keeps them', async () => {
    const source = await backedUpJob(temp, lib1, 2, 4 * 1024 * 1024, chunkSize)
    const controller = new AbortController()
    const aborted = copyJob({
      source: source.dir, targetDir: target(2), signal: controller.signal, progressIntervalMs: 0, bufferSize: 16 * 1024,
      onProgress: (p) => p.bytesDone > p.bytesTotal / 3 && controller.abort(),
    })
    await expect(aborted).rejects.toBeInstanceOf(JobAbortedError)
    const names = await readdir(target(2))
    expect(names).not.toContain(manifestName)
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([])
    const kept = await chunkStamps(target(2))
    expect(kept.size).toBeGreaterThan(0)
    expect(kept.size).toBeLessThan(source.manifest.chunks.length)

    const resumed = await copyJob({ source: source.dir, targetDir: target(2) })
    expect(resumed.chunksReused).toBe(kept.size)
    expect(resumed.chunksWritten).toBe(source.manifest.chunks.length - kept.size)
    const after = await chunkStamps(target(2))
    for (const [name, stamp] of kept) expect(after.get(name)).toBe(stamp)
    expect(await verifyJobFolder(target(2))).toMatchObject({ ok: true })
  })

  it('removes leftover .tmp files and replaces a kept chunk of the wrong size or the wrong bytes (each is re-hashed)', async () => {
    const source = await backedUpJob(temp, lib1, 3, 1024 * 1024, chunkSize)
    await mkdir(target(3), { recursive: true })
    const first = await readFile(join(source.dir, chunkFileName(1)))
    await writeFile(join(target(3), chunkFileName(1)), first)
    await writeFile(join(target(3), chunkFileName(2)), 'short')
    await writeFile(join(target(3), `${chunkFileName(3)}.tmp`), 'half')
    const bad = Buffer.from(first)
    bad[0] = bad[0]! ^ 1
    await writeFile(join(target(3), chunkFileName(4)), bad.subarray(0, source.manifest.chunks[3]!.size))
    const result = await copyJob({ source: source.dir, targetDir: target(3) })
    expect(result.chunksReused).toBe(1)
    expect(await verifyJobFolder(target(3))).toMatchObject({ ok: true })
    expect((await readdir(target(3))).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('with verifyTarget reads every written chunk back and reports the job verified', async () => {
    const source = await backedUpJob(temp, lib1, 11, 1024 * 1024, chunkSize)
    const result = await copyJob({ source: source.dir, targetDir: target(11), verifyTarget: true })
    expect(result).toMatchObject({ verified: true, chunksWritten: source.manifest.chunks.length })
    // A complete target is read back too rather than trusted.
    expect(await copyJob({ source: source.dir, targetDir: target(11), verifyTarget: true })).toMatchObject({ alreadyDurable: true, verified: true })
  })

  it('with verifyTarget a chunk that reads back wrong never gets its final name and no manifest is written', async () => {
    const source = await backedUpJob(temp, lib1, 12, 1024 * 1024, chunkSize)
    // A reader that verifies the true chunks but hands the copy stage a corrupted file for chunk 2 (as a bad
    // controller or a bad kernel copy would write wrong bytes).
    const corrupt = join(temp, 'corrupt.chk')
    const bytes = await readFile(join(source.dir, chunkFileName(2)))
    bytes[7] = bytes[7]! ^ 0x10
    await writeFile(corrupt, bytes)
    const reader = await openJobFolder(source.dir)
    const lying = { ...reader, read: reader.read.bind(reader), chunkFile: (n: number) => (n === 2 ? corrupt : reader.chunkFile(n)) }
    const failure = await failureOf(copyJob({ source: lying, targetDir: target(12), verifyTarget: true }))
    expect(failure).toMatchObject({ kind: 'checksum', chunk: 2, reason: expect.stringContaining('read back from the target') })
    const names = await readdir(target(12))
    expect(names).not.toContain(manifestName)
    expect(names).not.toContain(chunkFileName(2))
    expect(names.filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('repairs a Bad job on the target: the bad chunk is copied again, the good ones are kept', async () => {
    const source = await backedUpJob(temp, lib1, 13, 1024 * 1024, chunkSize)
    await copyJob({ source: source.dir, targetDir: target(13) })
    const before = await chunkStamps(target(13))
    const bytes = await readFile(join(target(13), chunkFileName(3)))
    bytes[0] = bytes[0]! ^ 0xff
    await writeFile(join(target(13), chunkFileName(3)), bytes)
    expect(await verifyJobFolder(target(13))).toMatchObject({ ok: false, failure: { kind: 'checksum', chunk: 3 } })
    // Without repair the complete target is trusted; with it, the manifest goes and each chunk is checked.
    const repaired = await copyJob({ source: source.dir, targetDir: target(13), repair: true })
    expect(repaired).toMatchObject({ alreadyDurable: false, chunksWritten: 1, chunksReused: source.manifest.chunks.length - 1 })
    const after = await chunkStamps(target(13))
    for (const [name, stamp] of before) if (name !== chunkFileName(3)) expect(after.get(name)).toBe(stamp)
    expect(await verifyJobFolder(target(13))).toMatchObject({ ok: true })
  })

  it('a corrupt source chunk fails with checksum mismatch naming the chunk and its files; no manifest is written', async () => {
    const source = await backedUpJob(temp, lib1, 4, 1024 * 1024, chunkSize)
    const path = join(source.dir, chunkFileName(3))
    const bytes = await readFile(path)
    bytes[10] = bytes[10]! ^ 0x01
    await writeFile(path, bytes)
    const failure = await failureOf(copyJob({ source: source.dir, targetDir: target(4) }))
    expect(failure).toMatchObject({ kind: 'checksum', reason: 'checksum mismatch', chunk: 3, file: path })
    expect(failure.kind === 'checksum' && failure.files.length).toBeGreaterThan(0)
    const names = await readdir(target(4))
    expect(names).not.toContain(manifestName)
    expect(names).not.toContain(`${chunkFileName(3)}.tmp`)
  })

  it('checks each source chunk by the CRC-32 the manifest gives (Data Verification checks the SHA-256)', async () => {
    const source = await backedUpJob(temp, lib1, 14, 1024 * 1024, chunkSize)
    const chunk = source.manifest.chunks[1]!
    expect(chunk.crc32).toBe(crc32(await readFile(join(source.dir, chunkFileName(2)))).toString(16).padStart(8, '0'))
    // A manifest whose CRC-32 of chunk 2 is off by one bit, its SHA-256s all right.
    await rewriteManifest(source.dir, (manifest) => {
      manifest.chunks[1]!.crc32 = ((Number.parseInt(chunk.crc32!, 16) ^ 1) >>> 0).toString(16).padStart(8, '0')
    })
    expect(await failureOf(copyJob({ source: source.dir, targetDir: target(14) }))).toMatchObject({ kind: 'checksum', chunk: 2 })
    expect(await verifyJobFolder(source.dir)).toMatchObject({ ok: true })
  })

  it('a job written before chunks had a CRC-32 (cv-job/1) copies, its chunks checked by their SHA-256', async () => {
    const withoutCrc = async (jobId: number) => {
      const source = await backedUpJob(temp, lib1, jobId, 1024 * 1024, chunkSize)
      await rewriteManifest(source.dir, (manifest) => {
        manifest.format = 'cv-job/1'
        for (const each of manifest.chunks) delete each.crc32
      })
      return source
    }
    const good = await withoutCrc(15)
    expect(await copyJob({ source: good.dir, targetDir: target(15), verifyTarget: true })).toMatchObject({ verified: true, chunksWritten: good.manifest.chunks.length })
    expect(await readFile(join(target(15), manifestName))).toEqual(await readFile(join(good.dir, manifestName)))
    expect(await verifyJobFolder(target(15))).toMatchObject({ ok: true, manifest: { format: 'cv-job/1' } })

    const bad = await withoutCrc(16)
    const path = join(bad.dir, chunkFileName(2))
    const bytes = await readFile(path)
    bytes[5] = bytes[5]! ^ 0x80
    await writeFile(path, bytes)
    expect(await failureOf(copyJob({ source: bad.dir, targetDir: target(16) }))).toMatchObject({ kind: 'checksum', reason: 'checksum mismatch', chunk: 2 })
  })

  it('a missing or short source chunk fails as sourceMissing', async () => {
    const source = await backedUpJob(temp, lib1, 5, 1024 * 1024, chunkSize)
    await writeFile(join(source.dir, chunkFileName(2)), 'short')
    expect(await failureOf(copyJob({ source: source.dir, targetDir: target(5) }))).toMatchObject({ kind: 'sourceMissing', reason: expect.stringContaining('short chunk') })
    await rm(join(source.dir, chunkFileName(2)))
    expect(await failureOf(copyJob({ source: source.dir, targetDir: target(5) }))).toMatchObject({ kind: 'sourceMissing', errno: 'ENOENT' })
    await rm(join(source.dir, manifestName))
    expect(await failureOf(copyJob({ source: source.dir, targetDir: target(5) }))).toMatchObject({ kind: 'sourceMissing' })
  })

  it('a missing mount path or one under a regular file is targetUnavailable with the path and errno', async () => {
    const source = await backedUpJob(temp, lib1, 6, 256 * 1024, chunkSize)
    const missing = join(temp, 'unplugged')
    expect(await failureOf(copyJob({ source: source.dir, targetDir: jobFolderPath(missing, 1, 2, 6) }))).toMatchObject({
      kind: 'targetUnavailable', file: missing, errno: 'ENOENT',
    })
    await writeFile(join(temp, 'a-file'), 'x')
    const underFile = join(temp, 'a-file', 'mount')
    expect(await failureOf(copyJob({ source: source.dir, targetDir: jobFolderPath(underFile, 1, 2, 6) }))).toMatchObject({
      kind: 'targetUnavailable', errno: 'ENOTDIR',
    })
    // The mount path itself is a file.
    expect(await failureOf(copyJob({ source: source.dir, targetDir: jobFolderPath(join(temp, 'a-file'), 1, 2, 6) }))).toMatchObject({
      kind: 'targetUnavailable', errno: 'ENOTDIR',
    })
  })

  it('a full target is targetUnavailable (ENOSPC) and leaves no manifest; the job completes once there is room', async (context) => {
    const mount = join(temp, 'tiny')
    await mkdir(mount)
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mount], { stdio: 'ignore' })
    } catch {
      context.skip('mounting a tmpfs needs root')
    }
    try {
      const source = await backedUpJob(temp, lib1, 7, 2 * 1024 * 1024, chunkSize)
      const dir = jobFolderPath(mount, 1, 2, 7)
      expect(await failureOf(copyJob({ source: source.dir, targetDir: dir }))).toMatchObject({ kind: 'targetUnavailable', errno: 'ENOSPC' })
      expect(await readdir(dir)).not.toContain(manifestName)
      execFileSync('mount', ['-o', 'remount,size=8m', mount])
      const result = await copyJob({ source: source.dir, targetDir: dir })
      expect(result.chunksReused).toBeGreaterThan(0)
      expect(await verifyJobFolder(dir)).toMatchObject({ ok: true })
    } finally {
      execFileSync('umount', ['-l', mount])
    }
  })
})

describe('a job read two chunks at once', () => {
  it('reports every chunk once, each matched, in any order; a bad chunk fails the read only once the other chunk read settled', async () => {
    const source = await backedUpJob(temp, lib1, 8, 2 * 1024 * 1024, chunkSize)
    const reader = await openJobFolder(source.dir)
    const pieces = new PiecePool(pool, 16 * 1024)
    const seen: number[] = []
    await reader.read({ threads: pool, pool: pieces, pieceSize: 16 * 1024, chunksAtOnce: 2, onChunk: (chunk) => void seen.push(chunk.number) })
    expect(seen.length).toBeGreaterThan(4)
    expect([...seen].sort((a, b) => a - b)).toEqual(source.manifest.chunks.map((chunk) => chunk.number))
    expect(pieces.lentCount).toBe(0)

    const path = join(source.dir, chunkFileName(5))
    const bytes = await readFile(path)
    bytes[0] = bytes[0]! ^ 0x01
    await writeFile(path, bytes)
    const failure = await failureOf(reader.read({ threads: pool, pool: pieces, pieceSize: 16 * 1024, chunksAtOnce: 2 }))
    expect(failure).toMatchObject({ kind: 'checksum', chunk: 5 })
    // Every piece is back: no read into one outlives the failed call.
    expect(pieces.lentCount).toBe(0)
    // Pieces handed out in stream order cannot come from two chunks at once.
    await expect(reader.read({ threads: pool, chunksAtOnce: 2, onPiece: () => undefined })).rejects.toThrow('one chunk at a time')
  })
})
