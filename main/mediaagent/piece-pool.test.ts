import { readFile, writeFile, mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { copyJob } from './copy-job'
import { InlineCopyThreads } from './copy-threads'
import { chunkFileName, jobFolderPath } from './job-folder'
import { openJobFolder, verifyJobFolder } from './job-reader'
import { PiecePool } from './piece-pool'
import { restoreChain } from './restore'
import { backedUpJob } from './testing/jobs'

/** Threads that count the buffers asked of them (what a run used to allocate per job). */
class CountingThreads extends InlineCopyThreads {
  readonly allocations: number[] = []
  override allocate(size: number): Buffer {
    this.allocations.push(size)
    return super.allocate(size)
  }
}

const small = 64 * 1024
let temp: string
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'piece-pool-'))
  await mkdir(join(temp, 'lib1'))
  await mkdir(join(temp, 'lib2'))
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})

describe('the pieces of a run', () => {
  it('lends views of the size asked, reuses a piece given back, and gives a larger size a buffer of its own', () => {
    const threads = new CountingThreads()
    const pool = new PiecePool(threads, 1024, 4)
    const first = pool.take(100)
    expect(first.length).toBe(100)
    expect(threads.allocations).toEqual([4096])
    const others = [pool.take(1024), pool.take(1024), pool.take(1024)]
    expect(pool.lentCount).toBe(4)
    pool.give(first)
    // The piece given back last comes first: its pages are already resident.
    const again = pool.take(1024)
    expect(again.buffer).toBe(first.buffer)
    expect(again.byteOffset).toBe(first.byteOffset)
    const fifth = pool.take(1024)
    expect(threads.allocations).toEqual([4096, 4096])
    const large = pool.take(2048)
    expect(large.length).toBe(2048)
    pool.give(large)
    for (const piece of [...others, again, fifth]) pool.give(piece)
    expect(pool.lentCount).toBe(0)
    expect(pool.reservedBytes).toBe(8192)
  })

  it('copies, verifies and restores many jobs of a run through one slab, and every piece is given back', async () => {
    const jobs = await Promise.all([1, 2, 3, 4, 5, 6].map((id) => backedUpJob(temp, join(temp, 'lib1'), id, 256 * 1024, small)))
    const threads = new CountingThreads()
    const pool = new PiecePool(threads, small)
    for (const [index, job] of jobs.entries()) {
      const targetDir = jobFolderPath(join(temp, 'lib2'), 1, 2, index + 1)
      const result = await copyJob({ source: job.dir, targetDir, threads, pool, bufferSize: small, verifyTarget: true, progressIntervalMs: 0 })
      expect(result.verified).toBe(true)
      expect(await verifyJobFolder(targetDir)).toMatchObject({ ok: true })
      // A second run over a complete target reads it back (Verify copied data) through the pool too.
      expect(await copyJob({ source: job.dir, targetDir, threads, pool, bufferSize: small, verifyTarget: true })).toMatchObject({ alreadyDurable: true, verified: true })
      const reader = await openJobFolder(targetDir)
      await reader.read({ threads, pool, pieceSize: small })
    }
    await restoreChain([jobs[0]!.dir], join(temp, 'restored'), { threads, pool })
    expect(pool.lentCount).toBe(0)
    // Before, each job allocated 4 read pieces, one resume buffer and its read-back buffers: dozens for six jobs.
    expect(threads.allocations).toEqual([16 * small])
  })

  it('gives its pieces back when a chunk does not match', async () => {
    const job = await backedUpJob(temp, join(temp, 'lib1'), 1, 512 * 1024, small)
    const bad = join(job.dir, chunkFileName(2))
    const bytes = await readFile(bad)
    bytes[10] = bytes[10]! ^ 1
    await writeFile(bad, bytes)
    const pool = new PiecePool(new InlineCopyThreads(), small)
    const targetDir = jobFolderPath(join(temp, 'lib2'), 1, 2, 1)
    await expect(copyJob({ source: job.dir, targetDir, pool, bufferSize: small })).rejects.toMatchObject({ failure: { kind: 'checksum', chunk: 2 } })
    expect(pool.lentCount).toBe(0)
  })
})
