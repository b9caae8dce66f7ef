import { chmod, mkdir, mkdtemp, readFile, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupToLibrary, buildBaselineIndex } from './backup'
import { chunkFileName, jobFolderPath, manifestName, readManifest, restoredPath, toStoredPath } from './job-folder'
import { verifyJobFolder } from './job-reader'
import { restoreChain, restoreJob } from './restore'
import { generateDataset, snapshotTree } from './testing/dataset'

let temp: string
let src: string
let library: string
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'engine-backup-'))
  src = join(temp, 'src')
  library = join(temp, 'lib1')
  await mkdir(library)
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})

const job = (id: number) => jobFolderPath(library, 1, 1, id)
const restoredRoot = (dest: string) => restoredPath(dest, toStoredPath(src))
const chunkSize = 256 * 1024

async function flipByte(path: string, at: number): Promise<void> {
  const bytes = await readFile(path)
  bytes[at] = bytes[at]! ^ 0xff
  await writeFile(path, bytes)
}

describe('backup and restore on a disk library', () => {
  it('bytes restored equal bytes backed up (full), with modes, mtimes, empty folders and symlinks', async () => {
    await generateDataset(src, 3 * 1024 * 1024, 1024 * 1024)
    await mkdir(join(src, 'empty'))
    await writeFile(join(src, 'zero.txt'), '')
    await writeFile(join(src, 'script.sh'), '#!/bin/sh\necho hi\n')
    await chmod(join(src, 'script.sh'), 0o755)
    await symlink('script.sh', join(src, 'link-to-script'))
    const before = await snapshotTree(src)

    const progress: number[] = []
    const { manifest } = await backupToLibrary({
      jobId: 101, backupType: 'Full', contents: [src], jobDir: job(101), chunkSize,
      onProgress: (p) => progress.push(p.bytesDone),
    })
    expect(manifest.chunks.length).toBeGreaterThan(5)
    expect(manifest.chunks.every((chunk) => chunk.size <= chunkSize)).toBe(true)
    expect(manifest.symlinks).toEqual([{ path: `${toStoredPath(src)}/link-to-script`, target: 'script.sh' }])
    expect(progress.at(-1)).toBe(manifest.totals.bytes)
    expect((await verifyJobFolder(job(101))).ok).toBe(true)

    const dest = join(temp, 'restore')
    const result = await restoreJob(job(101), dest)
    expect(result.files).toBe(manifest.totals.files)
    expect(await snapshotTree(restoredRoot(dest))).toEqual(before)
  })

  it('an incremental takes only changed files and restoreChain gives the latest state', async () => {
    await generateDataset(src, 2 * 1024 * 1024, 512 * 1024)
    await writeFile(join(src, 'keep.txt'), 'unchanged')
    await writeFile(join(src, 'edit.txt'), 'version 1')
    await writeFile(join(src, 'gone.txt'), 'to be deleted')
    await backupToLibrary({ jobId: 1, backupType: 'Full', contents: [src], jobDir: job(1), chunkSize })

    await writeFile(join(src, 'edit.txt'), 'version 2, longer')
    await writeFile(join(src, 'new.txt'), 'added after the full')
    await unlink(join(src, 'gone.txt'))
    const full = await readManifest(job(1))
    const incr = await backupToLibrary({
      jobId: 2, backupType: 'Incremental', contents: [src], jobDir: job(2), chunkSize, baseline: buildBaselineIndex([full]),
    })
    const stored = (name: string) => `${toStoredPath(src)}/${name}`
    expect(incr.manifest.files.map((file) => file.path).sort()).toEqual([stored('edit.txt'), stored('new.txt')])
    expect(incr.manifest.unchanged).toContain(stored('keep.txt'))
    expect(incr.manifest.unchanged).not.toContain(stored('gone.txt'))

    // Same size, new mtime: an incremental takes it; a differential against the full takes everything since.
    await writeFile(join(src, 'keep.txt'), 'UNCHANGED')
    await utimes(join(src, 'keep.txt'), new Date(), new Date(Date.now() + 5000))
    const incr2 = await backupToLibrary({
      jobId: 3, backupType: 'Incremental', contents: [src], jobDir: job(3), chunkSize,
      baseline: buildBaselineIndex([full, incr.manifest]),
    })
    expect(incr2.manifest.files.map((file) => file.path)).toEqual([stored('keep.txt')])
    const diff = await backupToLibrary({
      jobId: 4, backupType: 'Differential', contents: [src], jobDir: job(4), chunkSize, baseline: buildBaselineIndex([full]),
    })
    expect(diff.manifest.files.map((file) => file.path).sort()).toEqual([stored('edit.txt'), stored('keep.txt'), stored('new.txt')])

    const latest = await snapshotTree(src)
    const chain = join(temp, 'chain')
    await restoreChain([job(1), job(2), job(3)], chain)
    expect(await snapshotTree(restoredRoot(chain))).toEqual(latest)
    const viaDiff = join(temp, 'diff')
    await restoreChain([job(1), job(4)], viaDiff)
    expect(await snapshotTree(restoredRoot(viaDiff))).toEqual(latest)
  })

  it('a corrupt chunk fails verify naming the chunk and its files, and restore naming the file', async () => {
    await generateDataset(src, 1024 * 1024, 256 * 1024)
    const { manifest } = await backupToLibrary({ jobId: 7, backupType: 'Full', contents: [src], jobDir: job(7), chunkSize })
    await flipByte(join(job(7), chunkFileName(2)), 1000)

    const verify = await verifyJobFolder(job(7))
    expect(verify.ok).toBe(false)
    if (verify.ok) return
    expect(verify.failure).toMatchObject({ kind: 'checksum', reason: 'checksum mismatch', chunk: 2 })
    expect(verify.failure.file).toContain('C000002.chk')
    const victim = manifest.files.find((file) => file.extents.some((extent) => extent.chunk === 2 && extent.offset <= 1000 && extent.offset + extent.length > 1000))!
    expect(verify.failure.kind === 'checksum' && verify.failure.files).toContain(victim.path)

    // Restore goes on past the bad chunk: the file the damage hit is listed and never appears; every other file
    // (those sharing the chunk included, each checked against its own SHA-256) comes back whole.
    const dest = join(temp, 'bad')
    const result = await restoreJob(job(7), dest)
    expect(result.failed).toEqual([{ path: restoredPath(dest, victim.path), reason: expect.stringContaining('checksum mismatch') }])
    expect(result.files).toBe(manifest.files.length - 1)
    const restored = await snapshotTree(restoredRoot(dest))
    const original = await snapshotTree(src)
    let compared = 0
    for (const file of manifest.files) {
      const relative = file.path.slice(toStoredPath(src).length + 1)
      if (file === victim) expect(restored[relative]).toBeUndefined()
      else expect(restored[relative]).toEqual(original[relative])
      compared += 1
    }
    expect(compared).toBe(manifest.files.length)

    // A chunk that is gone fails every file with bytes in it, and only those.
    await unlink(join(job(7), chunkFileName(3)))
    const gone = await restoreJob(job(7), join(temp, 'gone'))
    const inChunk3 = manifest.files.filter((file) => file.extents.some((extent) => extent.chunk === 3))
    expect(inChunk3.length).toBeGreaterThan(0)
    for (const file of inChunk3) expect(gone.failed.map((failed) => failed.path)).toContain(restoredPath(join(temp, 'gone'), file.path))
  })

  it('a job folder without a manifest is incomplete; a short chunk or a tampered manifest is reported', async () => {
    await generateDataset(src, 512 * 1024, 128 * 1024)
    await backupToLibrary({ jobId: 8, backupType: 'Full', contents: [src], jobDir: job(8), chunkSize })
    const manifestBytes = await readFile(join(job(8), manifestName), 'utf8')

    await writeFile(join(job(8), chunkFileName(1)), 'short')
    expect(await verifyJobFolder(job(8))).toMatchObject({ ok: false, failure: { kind: 'sourceMissing' } })

    await writeFile(join(job(8), manifestName), manifestBytes.replace(/"path":"[^"]+"/, '"path":"../../etc/passwd"'))
    expect(await verifyJobFolder(job(8))).toMatchObject({ ok: false, failure: { kind: 'manifestInvalid' } })
    // Chunks have a CRC-32 in cv-job/2 and none in cv-job/1.
    await writeFile(join(job(8), manifestName), manifestBytes.replace(/,"crc32":"[0-9a-f]{8}"/, ''))
    expect(await verifyJobFolder(job(8))).toMatchObject({ ok: false, failure: { kind: 'manifestInvalid', reason: 'chunk 1 has no CRC-32' } })
    await writeFile(join(job(8), manifestName), manifestBytes.replace('"cv-job/2"', '"cv-job/1"'))
    expect(await verifyJobFolder(job(8))).toMatchObject({ ok: false, failure: { kind: 'manifestInvalid', reason: 'chunk 1 has a CRC-32, which cv-job/1 has not' } })

    await unlink(join(job(8), manifestName))
    const missing = await verifyJobFolder(job(8))
    expect(missing).toMatchObject({ ok: false, failure: { kind: 'sourceMissing' } })
    // A backup into it starts again (leftovers cleared); one into a complete folder is refused.
    await backupToLibrary({ jobId: 8, backupType: 'Full', contents: [src], jobDir: job(8), chunkSize })
    expect((await verifyJobFolder(job(8))).ok).toBe(true)
    await expect(backupToLibrary({ jobId: 8, backupType: 'Full', contents: [src], jobDir: job(8) })).rejects.toThrow(/already holds/)
  })

  it('a missing content folder fails as sourceMissing; a library inside the content is not backed up', async () => {
    await expect(backupToLibrary({ jobId: 9, backupType: 'Full', contents: [join(temp, 'nope')], jobDir: job(9) })).rejects.toMatchObject({
      failure: { kind: 'sourceMissing' },
    })
    await mkdir(src)
    await writeFile(join(src, 'a.txt'), 'a')
    const inside = jobFolderPath(join(src, 'lib'), 1, 1, 10)
    await mkdir(join(src, 'lib'))
    const { manifest } = await backupToLibrary({ jobId: 10, backupType: 'Full', contents: [src], jobDir: inside })
    expect(manifest.files.map((file) => file.path)).toEqual([`${toStoredPath(src)}/a.txt`])
  })
})
