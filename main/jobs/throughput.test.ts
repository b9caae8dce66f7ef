import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JobRow } from '../../app/model/jobs'
import { callerOf, tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})
const call = callerOf(() => backend!)

async function waitForJob(jobId: number, done: (row: JobRow) => boolean): Promise<JobRow> {
  const until = Date.now() + 60_000
  for (;;) {
    const row = (await call('jobs:list', { limit: 1000, beforeId: null })).jobs.find((job) => job.jobId === jobId)
    if (row && done(row)) return row
    if (Date.now() > until) throw new Error(`job ${jobId} did not get there: ${JSON.stringify(row)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('a job throughput over time', () => {
  it("a backup's and an aux copy's samples add up to what they moved, name their phases and Suspended, and stay once they ended", async () => {
    // Each read of the monotonic clock is 250 ms later, so intervals close however fast this machine copies.
    let now = 0
    backend = tempBackend('demo', { jobManager: { monotonicNow: () => (now += 250) } })
    await backend.ready
    const folder = join(backend.dataDir, 'content', 'finance')
    mkdirSync(folder, { recursive: true })
    for (let file = 0; file < 8; file++) writeFileSync(join(folder, `f${file}.bin`), Buffer.alloc(256 * 1024, file))
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const added = (samples: readonly { bytes: number }[]) => samples.reduce((sum, sample) => sum + sample.bytes, 0)

    const backup = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    const backedUp = await waitForJob(backup.jobId, (row) => row.endTime !== null)
    expect(backedUp.status).toBe('Completed')
    const ofBackup = await call('jobs:throughput', { jobId: backup.jobId })
    expect(ofBackup.samples.length).toBeGreaterThan(0)
    expect(added(ofBackup.samples)).toBe(backedUp.bytesDone)
    expect(new Set(ofBackup.samples.map((sample) => sample.phase))).toContain('Backup')

    // Copy_2 takes only this backup: the demo's history jobs (catalog rows without bytes) are Do Not Copy there.
    const history = (await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 })).rows
      .map((row) => Number(row.cells.jobId)).filter((id) => id !== backup.jobId)
    expect(history.length).toBeGreaterThan(0)
    await call('copies:markJobs', { copyId: 3, jobIds: history, action: 'doNotCopy', retainUntil: null })

    // Suspended before its run starts, then resumed: the suspended stretch moves nothing.
    const { jobId } = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await call('jobs:control', { jobId, action: 'suspend' })
    await waitForJob(jobId, (row) => row.status === 'Suspended')
    const whileSuspended = await call('jobs:throughput', { jobId })
    expect(whileSuspended.samples.at(-1)).toMatchObject({ phase: 'Suspended', bytes: 0 })
    await call('jobs:control', { jobId, action: 'resume' })
    const copied = await waitForJob(jobId, (row) => row.endTime !== null)
    expect(copied.status).toBe('Completed')
    expect(copied.bytesDone).toBeGreaterThanOrEqual(8 * 256 * 1024)

    const { samples, intervalMs } = await call('jobs:throughput', { jobId })
    expect(intervalMs).toBe(1000)
    expect(samples.length).toBeGreaterThan(whileSuspended.samples.length)
    expect(added(samples)).toBe(copied.bytesDone)
    const ends = samples.map((sample) => sample.endMs)
    expect(ends).toEqual([...ends].sort((a, b) => a - b))
    const phases = samples.map((sample) => sample.phase)
    expect(phases.indexOf('Suspended')).toBeGreaterThanOrEqual(0)
    expect(phases.lastIndexOf('Copying to Copy_2')).toBeGreaterThan(phases.indexOf('Suspended'))
    expect(samples.filter((sample) => sample.phase === 'Suspended').every((sample) => sample.bytes === 0)).toBe(true)
    // Once ended, the answer is what the catalog keeps for the job.
    expect(backend.catalog.jobs.throughput(jobId)).toEqual({ intervalMs, samples })
  })
})
