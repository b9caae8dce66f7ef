import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backupToLibrary } from './backup'
import { copyJob } from './copy-job'
import { CopyThreadPool } from './copy-threads'
import { chunkFileName, jobFolderPath, restoredPath, toStoredPath } from './job-folder'
import { openJobFolder } from './job-reader'
import { MediaError } from './media-error'
import { restoreJob } from './restore'
import { plainSizeOf, sealedFileSize, sealedMarkerName, sealedUnitSize } from './sealed-chunks'
import { snapshotTree } from './testing/dataset'

let temp: string
let primary: string
let secondary: string
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'sealed-'))
  primary = join(temp, 'primary')
  secondary = join(temp, 'secondary')
  await mkdir(primary)
  await mkdir(secondary)
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})
const threads = new CopyThreadPool()
afterAll(() => threads.close())

/** A marker string that would show through in any unencrypted library file holding the data. */
const marker = 'PLAIN-TEXT-MARKER-of-the-payroll-2026'

/** Content with the marker in text files (small and several MiB, so chunks hold many units) and random files. */
async function content(): Promise<string> {
  const src = join(temp, 'src')
  await mkdir(join(src, 'docs'), { recursive: true })
  await writeFile(join(src, 'docs', 'small.txt'), `${marker}\n`)
  await writeFile(join(src, 'docs', 'large.txt'), `${marker} line\n`.repeat(300_000))
  await writeFile(join(src, 'random.bin'), randomBytes(3 * 1024 * 1024 + 17))
  return src
}

async function filesUnder(root: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name))
  }
  return found
}

async function holdsMarker(root: string): Promise<boolean> {
  for (const file of await filesUnder(root)) if ((await readFile(file)).includes(marker)) return true
  return false
}

describe('sealed chunk files', () => {
  it('sizes map both ways, units and remainders alike', () => {
    for (const plain of [0, 1, sealedUnitSize - 1, sealedUnitSize, sealedUnitSize + 1, 5 * sealedUnitSize + 123]) {
      expect(plainSizeOf(sealedFileSize(plain), sealedUnitSize)).toBe(plain)
    }
  })

  it('an aux copy to an encrypted disk copy restores byte-identical, and no file of that copy holds the plain text', async () => {
    const src = await content()
    const source = jobFolderPath(primary, 1, 1, 7)
    await backupToLibrary({ jobId: 7, backupType: 'Full', contents: [src], jobDir: source, chunkSize: 2 * 1024 * 1024 + 5 })
    const target = jobFolderPath(secondary, 1, 2, 7)
    const key = randomBytes(32)
    const result = await copyJob({ source, targetDir: target, key, threads, verifyTarget: true })
    expect(result).toMatchObject({ verified: true, alreadyDurable: false })
    expect(await holdsMarker(primary)).toBe(true)
    expect(await holdsMarker(secondary)).toBe(false)
    expect((await readdir(target)).sort()).toContain(sealedMarkerName)

    const dest = join(temp, 'restored')
    const restored = await restoreJob(await openJobFolder(target, secondary, key), dest, { threads })
    expect(restored.failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))

    // A copy from the encrypted copy to a plain one decrypts as it reads.
    const plainTarget = jobFolderPath(join(temp, 'third'), 1, 3, 7)
    await mkdir(join(temp, 'third'))
    await copyJob({ source: await openJobFolder(target, secondary, key), targetDir: plainTarget, threads })
    // Compared by digest: toEqual walks a 2 MiB Buffer byte by byte (about 20 s here).
    const digest = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex')
    expect(await digest(join(plainTarget, chunkFileName(1)))).toBe(await digest(join(source, chunkFileName(1))))

    // Copying again finds the job complete; a resumed run keeps sealed chunks once they decrypt to their CRC-32.
    expect(await copyJob({ source, targetDir: target, key, threads })).toMatchObject({ alreadyDurable: true })
    await rm(join(target, 'manifest.json'))
    expect(await copyJob({ source, targetDir: target, key, threads })).toMatchObject({ chunksWritten: 0, chunksReused: result.chunksWritten })
  })

  it('reading without the key, or with another key, is refused; a damaged unit fails its chunk', async () => {
    const src = await content()
    const source = jobFolderPath(primary, 1, 1, 8)
    await backupToLibrary({ jobId: 8, backupType: 'Full', contents: [src], jobDir: source, chunkSize: 4 * 1024 * 1024 })
    const target = jobFolderPath(secondary, 1, 2, 8)
    const key = randomBytes(32)
    await copyJob({ source, targetDir: target, key, threads })

    const noKey = await openJobFolder(target, secondary).then(() => null, (error: unknown) => error)
    expect(noKey).toBeInstanceOf(MediaError)
    expect((noKey as MediaError).failure.reason).toMatch(/encrypted and no key/)

    const wrong = await openJobFolder(target, secondary, randomBytes(32))
    const failure = await wrong.read({ threads }).then(() => null, (error: unknown) => (error as MediaError).failure)
    expect(failure).toMatchObject({ kind: 'checksum', chunk: 1 })
    expect(failure?.reason).toMatch(/AES-GCM authentication/)

    // One byte flipped in the second unit of chunk 1.
    const path = join(target, chunkFileName(1))
    const handle = await open(path, 'r+')
    const at = 16 + sealedUnitSize + 28 + 100
    const byte = Buffer.alloc(1)
    await handle.read(byte, 0, 1, at)
    byte[0] = byte[0]! ^ 0xff
    await handle.write(byte, 0, 1, at)
    await handle.close()
    expect((await stat(path)).size).toBe(sealedFileSize(4 * 1024 * 1024))
    const damaged = await (await openJobFolder(target, secondary, key)).read({ threads }).then(() => null, (error: unknown) => (error as MediaError).failure)
    expect(damaged).toMatchObject({ kind: 'checksum', chunk: 1 })
    expect(damaged?.reason).toMatch(/unit 2 fails/)
  })
})
