import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { copyJob } from './copy-job'
import { CopyThreadPool } from './copy-threads'
import { jobFolderPath } from './job-folder'
import { verifyJobFolder } from './job-reader'
import { MediaError } from './media-error'
import { backedUpJob } from './testing/jobs'

const pools: CopyThreadPool[] = []
const cleanups: string[] = []
afterEach(async () => {
  for (const pool of pools.splice(0)) await pool.close()
  for (const dir of cleanups.splice(0)) await rm(dir, { recursive: true, force: true })
})

it('a hashing thread that dies fails the streams it held with the reason, and a new thread takes new work', async () => {
  const pool = new CopyThreadPool(1)
  pools.push(pool)
  const piece = pool.allocate(64)
  piece.fill(7)
  await pool.update(1, piece)
  await pool.threads[0]!.terminate()
  // The stream's state died with the thread: its next update fails rather than hashing from scratch.
  await expect(pool.update(1, piece)).rejects.toThrow(/hashing thread stopped/)
  await pool.update(2, piece)
  expect(await pool.digest(2)).toBe(createHash('sha256').update(piece).digest('hex'))
})

it('a copy whose hashing thread dies fails with the reason; the next copy on the same pool completes', async () => {
  const temp = await mkdtemp(join(tmpdir(), 'copy-threads-'))
  cleanups.push(temp)
  await mkdir(join(temp, 'lib1'))
  await mkdir(join(temp, 'lib2'))
  const source = await backedUpJob(temp, join(temp, 'lib1'), 1, 4 * 1024 * 1024, 128 * 1024)
  const pool = new CopyThreadPool(1)
  pools.push(pool)
  const target = jobFolderPath(join(temp, 'lib2'), 1, 2, 1)
  let killed = false
  const error = await copyJob({
    source: source.dir, targetDir: target, threads: pool, bufferSize: 32 * 1024, progressIntervalMs: 0,
    onProgress: (progress) => {
      if (!killed && progress.bytesDone > 0) {
        killed = true
        void pool.threads[0]!.terminate()
      }
    },
  }).then(() => null, (caught: unknown) => caught)
  expect(killed).toBe(true)
  expect(error).toBeInstanceOf(MediaError)
  expect((error as MediaError).failure).toMatchObject({ kind: 'internal', reason: expect.stringContaining('hashing thread stopped') })
  const again = await copyJob({ source: source.dir, targetDir: target, threads: pool })
  expect(again.alreadyDurable).toBe(false)
  expect(await verifyJobFolder(target)).toMatchObject({ ok: true })
})
