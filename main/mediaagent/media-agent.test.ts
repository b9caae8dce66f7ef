import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { type FromMediaAgent, type JobRef, mediaProtocolVersion } from '../../app/media/media-protocol'
import { CopyThreadPool } from './copy-threads'
import { MediaAgent } from './media-agent'
import { backedUpJob } from './testing/jobs'

let temp: string
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'media-agent-'))
  await mkdir(join(temp, 'lib1'))
})
afterEach(async () => {
  vi.restoreAllMocks()
  await rm(temp, { recursive: true, force: true })
})

it('stops its hashing threads once idle, and the next run starts new ones and completes', async () => {
  await backedUpJob(temp, join(temp, 'lib1'), 1, 512 * 1024, 64 * 1024)
  const closed = vi.spyOn(CopyThreadPool.prototype, 'close')
  const posted: FromMediaAgent[] = []
  const agent = new MediaAgent((message) => posted.push(message), { progressIntervalMs: 10, threadsIdleMs: 600 })
  agent.handle({ type: 'hello', version: mediaProtocolVersion })
  agent.handle({ type: 'configure', config: { mountPaths: [{ id: 1, path: join(temp, 'lib1') }], ddbs: [], tapeLibraries: [], throttleBytesPerSecond: null } })
  const ref: JobRef = { store: { kind: 'disk', mountPathId: 1 }, storagePolicyId: 1, copyId: 1, jobId: 1 }
  const verify = async (runId: number) => {
    agent.handle({ type: 'start', runId, work: { kind: 'verify', tasks: [{ backupJobId: 1, ref, bytes: 0 }] } })
    // Thread start-up and the read take their time on a loaded machine: wait as long as a test may.
    await vi.waitFor(() => expect(posted.some((message) => message.type === 'runEnded' && message.runId === runId)).toBe(true), { timeout: 30_000 })
    return posted.find((message) => message.type === 'runEnded' && message.runId === runId)
  }
  try {
    expect(await verify(1)).toMatchObject({ outcome: 'completed' })
    expect(closed).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(closed).toHaveBeenCalledTimes(1), { timeout: 30_000 })
    expect(await verify(2)).toMatchObject({ outcome: 'completed' })
    expect(posted.filter((message) => message.type === 'jobVerified')).toHaveLength(2)
  } finally {
    await agent.close()
  }
})

it('says why it dropped a message that broke the protocol: a configuration is reported, a run that cannot start ends failed', async () => {
  const posted: FromMediaAgent[] = []
  const agent = new MediaAgent((message) => posted.push(message))
  try {
    agent.handle({ type: 'hello', version: mediaProtocolVersion })
    // A configuration without its DDB list.
    agent.handle({ type: 'configure', config: { mountPaths: [{ id: 1, path: join(temp, 'lib1') }], throttleBytesPerSecond: null } })
    expect(posted.at(-1)).toEqual({ type: 'problem', reason: 'configure: not a media protocol message: config.ddbs: Invalid input: expected array, received undefined' })
    agent.handle({ type: 'start', runId: 7, work: { kind: 'tape' } })
    expect(posted.at(-1)).toMatchObject({ type: 'runEnded', runId: 7, outcome: 'failed', errors: [{ backupJobId: null, failure: { kind: 'internal', reason: expect.stringContaining('not a media protocol message: work.kind') } }] })
  } finally {
    await agent.close()
  }
})
