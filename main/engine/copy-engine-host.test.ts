import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CopyTask, FromWorker } from '../../app/engine/worker-protocol'
import { CopyEngineHost } from './copy-engine-host'
import { chunkFileName, jobFolderPath, manifestName, restoredPath, toStoredPath, verifyJobFolder } from './job-store'
import { generateDataset, snapshotTree } from './testing/dataset'
import { backedUpJob, chunkStamps, waitForChunks } from './testing/jobs'

let temp: string
let lib1: string
let lib2: string
let events: FromWorker[] = []
// One host for the file: a worker's start through tsx takes about a second in development (bundled, far less).
const host = new CopyEngineHost()
host.subscribe((message) => events.push(message))
afterAll(async () => {
  await host.close()
})
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'engine-host-'))
  lib1 = join(temp, 'lib1')
  lib2 = join(temp, 'lib2')
  await mkdir(lib1)
  await mkdir(lib2)
  events = []
})
afterEach(async () => {
  expect(host.activeRunIds).toEqual([])
  await rm(temp, { recursive: true, force: true })
})

const small = 128 * 1024
const target = (jobId: number) => jobFolderPath(lib2, 1, 2, jobId)
const task = (dir: string, jobId: number, bytes: number): CopyTask => ({ backupJobId: jobId, sourceDir: dir, targetDir: target(jobId), bytes })
const of = <T extends FromWorker['type']>(type: T, runId?: number) =>
  events.filter((event): event is Extract<FromWorker, { type: T }> => event.type === type && (runId === undefined || event.runId === runId))

describe('the copy worker through CopyEngineHost', () => {
  it('a corrupt source chunk fails that job while the others become durable; the run ends completedWithErrors', async () => {
    const jobs = await Promise.all([1, 2, 3].map((id) => backedUpJob(temp, lib1, id, 2 * 1024 * 1024, small)))
    const bad = join(jobs[1]!.dir, chunkFileName(2))
    const bytes = await readFile(bad)
    bytes[100] = bytes[100]! ^ 0x80
    await writeFile(bad, bytes)

    const ended = host.waitForRunEnd(10)
    host.send({ type: 'startAuxCopy', runId: 10, streams: 2, tasks: jobs.map((job, i) => task(job.dir, i + 1, job.manifest.totals.bytes)) })
    const end = await ended
    expect(end).toMatchObject({ outcome: 'completedWithErrors', durableJobIds: expect.arrayContaining([1, 3]) })
    expect(end.errors).toHaveLength(1)
    const [failed] = of('jobFailed', 10)
    expect(failed).toMatchObject({ backupJobId: 2, failure: { kind: 'checksum', reason: 'checksum mismatch', chunk: 2, file: bad } })
    expect(of('jobDurable', 10).map((event) => event.backupJobId).sort()).toEqual([1, 3])
    for (const id of [1, 3]) expect(await verifyJobFolder(target(id))).toMatchObject({ ok: true })
    expect(await readdir(target(2))).not.toContain(manifestName)
    const last = of('progress', 10).at(-1)!
    expect(last.bytesTotal).toBe(jobs.reduce((sum, job) => sum + job.manifest.totals.bytes, 0))
  })

  it('suspend stops mid-job keeping durable chunks; resume completes without re-copying them', async () => {
    const job = await backedUpJob(temp, lib1, 1, 24 * 1024 * 1024, small)
    const ended = host.waitForRunEnd(11)
    host.send({ type: 'startAuxCopy', runId: 11, streams: 1, tasks: [task(job.dir, 1, job.manifest.totals.bytes)] })
    await waitForChunks(target(1), 20)
    host.send({ type: 'suspend', runId: 11 })
    expect(await ended).toMatchObject({ outcome: 'suspended', durableJobIds: [] })
    const kept = await chunkStamps(target(1))
    expect(kept.size).toBeLessThan(job.manifest.chunks.length)
    expect(await readdir(target(1))).not.toContain(manifestName)

    const done = host.waitForRunEnd(11)
    host.send({ type: 'resume', runId: 11 })
    expect(await done).toMatchObject({ outcome: 'completed', durableJobIds: [1] })
    const [durable] = of('jobDurable', 11)
    expect(durable!.chunksReused).toBe(kept.size)
    const after = await chunkStamps(target(1))
    for (const [name, stamp] of kept) expect(after.get(name)).toBe(stamp)
    expect(await verifyJobFolder(target(1))).toMatchObject({ ok: true })
    const progress = of('progress', 11)
    expect(progress.length).toBeGreaterThan(2)
    expect(progress.at(-1)).toMatchObject({ bytesDone: job.manifest.totals.bytes, bytesTotal: job.manifest.totals.bytes })
  })

  it('kill ends a suspended run at once', async () => {
    const job = await backedUpJob(temp, lib1, 1, 24 * 1024 * 1024, small)
    const suspended = host.waitForRunEnd(17)
    host.send({ type: 'startAuxCopy', runId: 17, streams: 1, tasks: [task(job.dir, 1, 0)] })
    await waitForChunks(target(1), 20)
    host.send({ type: 'suspend', runId: 17 })
    expect(await suspended).toMatchObject({ outcome: 'suspended' })
    expect(host.activeRunIds).toEqual([17])
    const killed = host.waitForRunEnd(17)
    host.send({ type: 'kill', runId: 17 })
    expect(await killed).toMatchObject({ outcome: 'killed', durableJobIds: [] })
    expect(await readdir(target(1))).not.toContain(manifestName)
  })

  it('kill leaves the partial job without a manifest and the next run completes it', async () => {
    const quick = await backedUpJob(temp, lib1, 1, 256 * 1024, small)
    const big = await backedUpJob(temp, lib1, 2, 24 * 1024 * 1024, small)
    const ended = host.waitForRunEnd(12)
    host.send({ type: 'startAuxCopy', runId: 12, streams: 1, tasks: [task(quick.dir, 1, 0), task(big.dir, 2, 0)] })
    await waitForChunks(target(2), 20)
    host.send({ type: 'kill', runId: 12 })
    expect(await ended).toMatchObject({ outcome: 'killed', durableJobIds: [1], errors: [] })
    expect(await readdir(target(2))).not.toContain(manifestName)
    const kept = await chunkStamps(target(2))

    const next = host.waitForRunEnd(13)
    host.send({ type: 'startAuxCopy', runId: 13, streams: 2, tasks: [task(quick.dir, 1, 0), task(big.dir, 2, 0)] })
    expect(await next).toMatchObject({ outcome: 'completed' })
    expect(of('jobDurable', 13).find((event) => event.backupJobId === 2)!.chunksReused).toBeGreaterThanOrEqual(kept.size)
    expect(await verifyJobFolder(target(2))).toMatchObject({ ok: true })
  })

  it('a crashed worker reports its run failed; a new run resumes without rewriting durable chunks', async () => {
    const job = await backedUpJob(temp, lib1, 1, 24 * 1024 * 1024, small)
    const ended = host.waitForRunEnd(14)
    host.send({ type: 'startAuxCopy', runId: 14, streams: 1, tasks: [task(job.dir, 1, 0)] })
    await waitForChunks(target(1), 20)
    await host.terminateWorker()
    const end = await ended
    expect(end).toMatchObject({ outcome: 'failed', errors: [{ backupJobId: null, failure: { kind: 'internal' } }] })
    expect(host.activeRunIds).toEqual([])
    expect(await readdir(target(1))).not.toContain(manifestName)
    const kept = await chunkStamps(target(1))
    expect(kept.size).toBeGreaterThanOrEqual(20)

    const again = host.waitForRunEnd(15)
    host.send({ type: 'startAuxCopy', runId: 15, streams: 1, tasks: [task(job.dir, 1, 0)] })
    expect(await again).toMatchObject({ outcome: 'completed', durableJobIds: [1] })
    const after = await chunkStamps(target(1))
    for (const [name, stamp] of kept) expect(after.get(name)).toBe(stamp)
    expect(await verifyJobFolder(target(1))).toMatchObject({ ok: true })
  })

  it('an unavailable target makes the run pending with the path and errno', async () => {
    const job = await backedUpJob(temp, lib1, 1, 256 * 1024, small)
    const missing = join(temp, 'unplugged')
    const ended = host.waitForRunEnd(16)
    host.send({ type: 'startAuxCopy', runId: 16, streams: 1, tasks: [{ backupJobId: 1, sourceDir: job.dir, targetDir: jobFolderPath(missing, 1, 2, 1), bytes: 0 }] })
    expect(await ended).toMatchObject({
      outcome: 'pending',
      errors: [{ backupJobId: 1, failure: { kind: 'targetUnavailable', file: missing, errno: 'ENOENT' } }],
    })
  })

  it('backs up (full, then incremental) and restores the chain in the worker', async () => {
    const src = join(temp, 'content')
    await generateDataset(src, 2 * 1024 * 1024, 512 * 1024)
    const full = jobFolderPath(lib1, 1, 1, 100)
    const first = host.waitForRunEnd(20)
    host.send({ type: 'startBackup', runId: 20, jobId: 100, backupType: 'Full', contents: [src], jobDir: full, baselineJobDirs: [], chunkSize: small })
    expect(await first).toMatchObject({ outcome: 'completed', durableJobIds: [100] })
    expect(of('jobDurable', 20)[0]).toMatchObject({ backupJobId: 100, bytes: expect.any(Number) })

    await writeFile(join(src, 'added.txt'), 'new data')
    const incr = jobFolderPath(lib1, 1, 1, 101)
    const second = host.waitForRunEnd(21)
    host.send({ type: 'startBackup', runId: 21, jobId: 101, backupType: 'Incremental', contents: [src], jobDir: incr, baselineJobDirs: [full] })
    expect(await second).toMatchObject({ outcome: 'completed' })
    expect(of('jobDurable', 21)[0]).toMatchObject({ files: 1, bytes: 8 })

    const dest = join(temp, 'restored')
    const restored = host.waitForRunEnd(22)
    host.send({ type: 'startRestore', runId: 22, jobDirs: [full, incr], destination: dest })
    expect(await restored).toMatchObject({ operation: 'restore', outcome: 'completed' })
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
  })
})
