import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  type CopyTask,
  type FromMediaAgent,
  type JobRef,
  type RunEvent,
  type ToMediaAgent,
  mediaProtocolVersion,
  wholeJob,
} from '../../app/media/media-protocol'
import { chunkFileName, jobFolderPath, manifestName, restoredPath, toStoredPath } from '../mediaagent/job-folder'
import { verifyJobFolder } from '../mediaagent/job-reader'
import { MediaAgent } from '../mediaagent/media-agent'
import { generateDataset, snapshotTree } from '../mediaagent/testing/dataset'
import { backedUpJob, chunkStamps, waitForChunks } from '../mediaagent/testing/jobs'
import { type LostRun, MediaAgentClient } from './media-agent-client'
import type { MediaTransport } from './media-transport'
import { workerTransports } from './worker-transport'

let temp: string
let lib1: string
let lib2: string
let events: RunEvent[] = []
let lost: LostRun[] = []
/** Bytes a second the MediaAgent may move (the suspend, kill and crash tests hold the copy to a rate they can act in). */
let throttle: number | null = null
// One client for the file: a worker's start through tsx takes about a second in development (bundled, far less).
let mountPaths: { id: number; path: string }[] = []
const client = new MediaAgentClient(workerTransports(), () => ({ mountPaths, ddbs: [], tapeLibraries: [], throttleBytesPerSecond: throttle }))
client.subscribe((event) => events.push(event))
client.onRunLost((run) => lost.push(run))
afterAll(async () => {
  await client.close()
})
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'media-link-'))
  lib1 = join(temp, 'lib1')
  lib2 = join(temp, 'lib2')
  await mkdir(lib1)
  await mkdir(lib2)
  mountPaths = [{ id: 1, path: lib1 }, { id: 2, path: lib2 }, { id: 3, path: join(temp, 'unplugged') }]
  throttle = null
  client.reconfigure()
  events = []
  lost = []
})
afterEach(async () => {
  expect(client.activeRunIds).toEqual([])
  await rm(temp, { recursive: true, force: true })
})

const small = 128 * 1024
const ref = (mountPathId: number, copyId: number, jobId: number): JobRef => ({ store: { kind: 'disk', mountPathId }, storagePolicyId: 1, copyId, jobId })
const target = (jobId: number) => jobFolderPath(lib2, 1, 2, jobId)
const task = (jobId: number, bytes: number): CopyTask => ({ backupJobId: jobId, source: ref(1, 1, jobId), target: ref(2, 2, jobId), bytes, repair: false })
const of = <T extends RunEvent['type']>(type: T, runId?: number) =>
  events.filter((event): event is Extract<RunEvent, { type: T }> => event.type === type && (runId === undefined || event.runId === runId))
/** Sets the MediaAgent's rate for the next runs (a new configuration is sent at once). */
const holdTo = (bytesPerSecond: number) => {
  throttle = bytesPerSecond
  client.reconfigure()
}

describe('the MediaAgent worker through the media protocol', () => {
  it('a corrupt source chunk fails that job while the others become durable; the run ends completedWithErrors', async () => {
    await Promise.all([1, 2, 3].map((id) => backedUpJob(temp, lib1, id, 2 * 1024 * 1024, small)))
    const bad = join(jobFolderPath(lib1, 1, 1, 2), chunkFileName(2))
    const bytes = await readFile(bad)
    bytes[100] = bytes[100]! ^ 0x80
    await writeFile(bad, bytes)

    const ended = client.waitForRunEnd(10)
    client.start(10, { kind: 'auxCopy', streams: 2, verifyTarget: false, tasks: [1, 2, 3].map((id) => task(id, 0)) })
    const end = await ended
    expect(end.outcome).toBe('completedWithErrors')
    expect(end.errors).toHaveLength(1)
    const [failed] = of('jobFailed', 10)
    expect(failed).toMatchObject({ backupJobId: 2, failure: { kind: 'checksum', reason: 'checksum mismatch', chunk: 2, file: bad } })
    expect(of('jobDurable', 10).map((event) => event.backupJobId).sort()).toEqual([1, 3])
    for (const id of [1, 3]) expect(await verifyJobFolder(target(id))).toMatchObject({ ok: true })
    expect(await readdir(target(2))).not.toContain(manifestName)
  })

  it('suspend stops moving bytes and keeps durable chunks; resume completes without re-copying them', async () => {
    const job = await backedUpJob(temp, lib1, 1, 4 * 1024 * 1024, small)
    holdTo(1_000_000)
    const ended = client.waitForRunEnd(11)
    client.start(11, { kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [task(1, job.manifest.totals.bytes)] })
    await waitForChunks(target(1), 2)
    client.control('suspend', 11)
    expect(await ended).toMatchObject({ outcome: 'suspended' })
    const kept = await chunkStamps(target(1))
    expect(kept.size).toBeLessThan(job.manifest.chunks.length)
    // While suspended, nothing moves: no new chunk, no progress.
    const progressBefore = of('progress', 11).length
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(await chunkStamps(target(1))).toEqual(kept)
    expect(of('progress', 11).length).toBe(progressBefore)
    expect(await readdir(target(1))).not.toContain(manifestName)

    holdTo(1_000_000_000)
    const done = client.waitForRunEnd(11)
    client.control('resume', 11)
    expect(await done).toMatchObject({ outcome: 'completed' })
    const [durable] = of('jobDurable', 11)
    expect(durable!.chunksReused).toBe(kept.size)
    const after = await chunkStamps(target(1))
    for (const [name, stamp] of kept) expect(after.get(name)).toBe(stamp)
    expect(await verifyJobFolder(target(1))).toMatchObject({ ok: true })
    expect(of('progress', 11).at(-1)).toMatchObject({ bytesDone: job.manifest.totals.bytes, bytesTotal: job.manifest.totals.bytes })
  })

  it('kill ends a suspended run at once, and a running one at a buffer boundary, leaving no manifest', async () => {
    await backedUpJob(temp, lib1, 1, 4 * 1024 * 1024, small)
    await backedUpJob(temp, lib1, 2, 256 * 1024, small)
    holdTo(1_000_000)
    const suspended = client.waitForRunEnd(17)
    client.start(17, { kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [task(1, 0)] })
    await waitForChunks(target(1), 1)
    client.control('suspend', 17)
    expect(await suspended).toMatchObject({ outcome: 'suspended' })
    expect(client.activeRunIds).toEqual([17])
    const killed = client.waitForRunEnd(17)
    client.control('kill', 17)
    expect(await killed).toMatchObject({ outcome: 'killed' })
    expect(await readdir(target(1))).not.toContain(manifestName)
    // The killed run keeps its durable chunks, however many it wrote before the suspend took hold.
    const keptByKilled = (await chunkStamps(target(1))).size

    const running = client.waitForRunEnd(18)
    client.start(18, { kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [task(2, 0), task(1, 0)] })
    // One stream copies job 2 whole, then job 1: a chunk of job 1 past the kept ones means job 1 is under way.
    await waitForChunks(target(1), keptByKilled + 1)
    client.control('kill', 18)
    expect(await running).toMatchObject({ outcome: 'killed', errors: [] })
    expect(of('jobDurable', 18).map((event) => event.backupJobId)).toEqual([2])
    expect(await readdir(target(1))).not.toContain(manifestName)
  })

  it('a MediaAgent that stops under a run reports it lost; a new run resumes without rewriting durable chunks', async () => {
    const job = await backedUpJob(temp, lib1, 1, 4 * 1024 * 1024, small)
    holdTo(1_000_000)
    client.start(14, { kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [task(1, 0)] })
    await waitForChunks(target(1), 2)
    await client.crash()
    expect(lost).toEqual([{ runId: 14, reason: expect.stringContaining('stopped unexpectedly') }])
    expect(client.activeRunIds).toEqual([])
    expect(await readdir(target(1))).not.toContain(manifestName)
    const kept = await chunkStamps(target(1))
    expect(kept.size).toBeGreaterThanOrEqual(2)

    throttle = null // the next connection is configured without the hold
    const again = client.waitForRunEnd(15)
    client.start(15, { kind: 'auxCopy', streams: 1, verifyTarget: true, tasks: [task(1, 0)] })
    expect(await again).toMatchObject({ outcome: 'completed' })
    expect(of('jobDurable', 15)[0]).toMatchObject({ verified: true, chunksReused: kept.size, chunksWritten: job.manifest.chunks.length - kept.size })
    const after = await chunkStamps(target(1))
    for (const [name, stamp] of kept) expect(after.get(name)).toBe(stamp)
  })

  it('an unavailable target makes the run pending with the path and errno', async () => {
    await backedUpJob(temp, lib1, 1, 256 * 1024, small)
    const ended = client.waitForRunEnd(16)
    client.start(16, { kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [{ ...task(1, 0), target: ref(3, 2, 1) }] })
    expect(await ended).toMatchObject({
      outcome: 'pending',
      errors: [{ backupJobId: 1, failure: { kind: 'targetUnavailable', file: join(temp, 'unplugged'), errno: 'ENOENT' } }],
    })
  })

  it('backs up (full, then incremental), verifies and restores the chain, all by reference', async () => {
    const src = join(temp, 'content')
    await generateDataset(src, 2 * 1024 * 1024, 512 * 1024)
    const first = client.waitForRunEnd(20)
    client.start(20, { kind: 'backup', backupType: 'Full', contents: [src], target: ref(1, 1, 100), baseline: [], exclude: [], chunkSize: small })
    expect(await first).toMatchObject({ outcome: 'completed' })
    expect(of('jobDurable', 20)[0]).toMatchObject({ backupJobId: 100, skipped: [], skippedCount: 0 })

    await writeFile(join(src, 'added.txt'), 'new data')
    const second = client.waitForRunEnd(21)
    client.start(21, { kind: 'backup', backupType: 'Incremental', contents: [src], target: ref(1, 1, 101), baseline: [ref(1, 1, 100)], exclude: [] })
    expect(await second).toMatchObject({ outcome: 'completed' })
    expect(of('jobDurable', 21)[0]).toMatchObject({ files: 1, bytes: 8 })

    const verified = client.waitForRunEnd(22)
    client.start(22, { kind: 'verify', tasks: [{ backupJobId: 100, ref: ref(1, 1, 100), bytes: 0 }, { backupJobId: 101, ref: ref(1, 1, 101), bytes: 0 }] })
    expect(await verified).toMatchObject({ outcome: 'completed' })
    expect(of('jobVerified', 22).map((event) => event.backupJobId)).toEqual([100, 101])

    const dest = join(temp, 'restored')
    const restored = client.waitForRunEnd(23)
    client.start(23, { kind: 'restore', chain: [ref(1, 1, 100), ref(1, 1, 101)], destination: dest, guards: { dataDir: join(temp, 'data'), protectedPaths: [] }, selection: wholeJob })
    expect(await restored).toMatchObject({ outcome: 'completed' })
    expect(of('restored', 23)[0]).toMatchObject({ failed: [], failedCount: 0 })
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
  })

  it('a verification names the bad chunk of a job and goes on with the next job', async () => {
    await backedUpJob(temp, lib1, 1, 512 * 1024, small)
    await backedUpJob(temp, lib1, 2, 512 * 1024, small)
    const bad = join(jobFolderPath(lib1, 1, 1, 1), chunkFileName(3))
    const bytes = await readFile(bad)
    bytes[5] = bytes[5]! ^ 1
    await writeFile(bad, bytes)
    const ended = client.waitForRunEnd(30)
    client.start(30, { kind: 'verify', tasks: [{ backupJobId: 1, ref: ref(1, 1, 1), bytes: 0 }, { backupJobId: 2, ref: ref(1, 1, 2), bytes: 0 }] })
    expect(await ended).toMatchObject({ outcome: 'completedWithErrors' })
    expect(of('jobFailed', 30)).toEqual([expect.objectContaining({ backupJobId: 1, failure: expect.objectContaining({ kind: 'checksum', chunk: 3, file: bad }) })])
    expect(of('jobVerified', 30).map((event) => event.backupJobId)).toEqual([2])
  })

  it('answers path checks: a link into a protected folder or /proc is refused like its target', async () => {
    const guards = { dataDir: join(temp, 'data'), protectedPaths: [join(temp, 'data', 'catalog'), lib1] }
    await mkdir(join(temp, 'data', 'catalog'), { recursive: true })
    const { symlink } = await import('node:fs/promises')
    await symlink(lib1, join(temp, 'to-library'))
    await symlink('/proc/self', join(temp, 'to-proc'))
    const check = (path: string, purpose: 'content' | 'destination' | 'ddb') => client.request({ kind: 'checkPath', path, purpose, guards })
    expect(await check(join(temp, 'to-library', 'x'), 'destination')).toMatchObject({ ok: false, reason: expect.stringContaining(lib1) })
    expect(await check(join(temp, 'to-proc'), 'content')).toMatchObject({ ok: false, reason: expect.stringContaining('/proc') })
    expect(await check(join(temp, 'data'), 'destination')).toMatchObject({ ok: false, reason: expect.stringContaining("console's data folder") })
    expect(await check('/proc/1/task/new', 'ddb')).toMatchObject({ ok: false, reason: expect.stringContaining('pseudo file system') })
    expect(await check(join(temp, 'fresh', 'restore'), 'destination')).toMatchObject({ ok: true })
    expect(await check(join(temp, 'missing'), 'content')).toMatchObject({ ok: false, reason: expect.stringContaining('does not exist') })
  })
})

describe('the connection', () => {
  /** A transport to an in-process MediaAgent that answers as if it spoke another version, or as told. */
  function fakeTransport(answer: (message: ToMediaAgent, reply: (message: unknown) => void) => void): MediaTransport {
    let listener: (message: unknown) => void = () => undefined
    return {
      send: (message) => queueMicrotask(() => answer(message, (reply) => listener(reply))),
      onMessage: (next) => (listener = next),
      onClose: () => undefined,
      setBusy: () => undefined,
      close: async () => undefined,
      crash: async () => undefined,
    }
  }

  it('checks the version first: a MediaAgent of another version is refused and nothing else crosses', async () => {
    const seen: ToMediaAgent[] = []
    const other = new MediaAgentClient(
      () => fakeTransport((message, reply) => {
        seen.push(message)
        if (message.type === 'hello') reply({ type: 'refused', version: mediaProtocolVersion + 1, reason: `this MediaAgent speaks media protocol ${mediaProtocolVersion + 1}` })
      }),
      () => ({ mountPaths: [], ddbs: [], tapeLibraries: [], throttleBytesPerSecond: null }),
    )
    const lostRuns: LostRun[] = []
    other.onRunLost((run) => lostRuns.push(run))
    await expect(other.request({ kind: 'storeStats', stores: [] })).rejects.toThrow(/refused the connection.*media protocol/)
    other.start(1, { kind: 'verify', tasks: [] })
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(lostRuns).toEqual([{ runId: 1, reason: expect.stringContaining('refused') }])
    expect(seen.map((message) => message.type)).toEqual(['hello'])
  })

  it('the MediaAgent refuses a hello of another version, and anything before hello', () => {
    const posted: FromMediaAgent[] = []
    const agent = new MediaAgent((message) => posted.push(message), { name: 'ma01' })
    agent.handle({ type: 'request', requestId: 1, request: { kind: 'storeStats', stores: [] } })
    agent.handle({ type: 'hello', version: mediaProtocolVersion - 1 })
    agent.handle({ type: 'hello', version: mediaProtocolVersion })
    expect(posted).toEqual([
      { type: 'refused', version: mediaProtocolVersion, reason: 'the connection must start with hello' },
      { type: 'refused', version: mediaProtocolVersion, reason: expect.stringContaining(`not ${mediaProtocolVersion - 1}`) },
      { type: 'welcome', version: mediaProtocolVersion, mediaAgent: 'ma01' },
    ])
  })

  it('drops a message that breaks the protocol and says so; a request with a bad shape gets an error reply', async () => {
    const problems: string[] = []
    const odd = new MediaAgentClient(
      () => fakeTransport((message, reply) => {
        if (message.type === 'hello') reply({ type: 'welcome', version: mediaProtocolVersion, mediaAgent: 'odd' })
        if (message.type === 'request') {
          reply({ type: 'reply', requestId: message.requestId, value: { kind: 'storeStats', stores: 'not a list' }, error: '' })
          reply({ type: 'reply', requestId: message.requestId, value: null, error: 'no such store' })
        }
      }),
      () => ({ mountPaths: [], ddbs: [], tapeLibraries: [], throttleBytesPerSecond: null }),
      (problem) => problems.push(problem),
    )
    await expect(odd.request({ kind: 'storeStats', stores: [] })).rejects.toThrow('no such store')
    expect(problems).toEqual([expect.stringContaining('broke the media protocol')])

    const posted: FromMediaAgent[] = []
    const agent = new MediaAgent((message) => posted.push(message))
    agent.handle({ type: 'hello', version: mediaProtocolVersion })
    agent.handle({ type: 'request', requestId: 7, request: { kind: 'checkPath', path: 42 } })
    expect(posted.at(-1)).toMatchObject({ type: 'reply', requestId: 7, value: null, error: expect.stringContaining('not a media protocol message') })
  })
})
