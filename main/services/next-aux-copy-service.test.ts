/**
 * What the next auxiliary copy would copy (`auxcopy:estimate`), through the contract: the jobs and bytes View Jobs
 * shows To Be Copied, less the jobs Defer Auxiliary Copy holds back, exactly what the aux copy then copies; and the
 * estimate from the latest completed aux copies to the copy.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ContentsRow } from '../../app/model/contents'
import { callerOf, tempBackend } from '../testing/temp-backend'
import { waitForJob } from '../testing/job-waits'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
const call = callerOf(() => backend!)

// The demo CommCell: SP_Finance (id 2) with its Primary (copy 2) and Copy_2 (copy 3), to which nothing is copied yet.
const spFinance = 2
const copy2 = 3
const MB = 1024 * 1024
const day = 24 * 60 * 60 * 1000

/** Copy_2's jobs as View Jobs lists them. */
async function viewJobs(): Promise<ContentsRow[]> {
  return (await call('node:jobs', { nodeId: `copy:${copy2}`, limit: 10_000, offset: 0 })).rows
}

/** Copy_2's Copy Properties with Defer Auxiliary Copy for `deferDays` days. */
async function deferCopy2(deferDays: number): Promise<void> {
  await call('copies:update', {
    copyId: copy2, name: 'Copy_2', active: true, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
    backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, deferDays,
  })
}

/** An aux copy of SP_Finance that ended earlier: `bytes` copied to Copy_2 over `seconds` of CommServe time. */
function pastRun(b: TempBackend, input: { bytes: number; seconds: number; status?: 'Completed' | 'Killed'; copyId?: number }): void {
  const [backup] = b.catalog.jobs.jobsOnCopy(b.catalog.policies.copy(copy2)!)
  b.catalog.transaction(() => {
    const start = Date.UTC(2026, 0, 1)
    const jobId = b.catalog.jobs.addOperationJob({
      operation: 'Auxiliary Copy', status: 'Running', phase: '', startTime: start, subclientId: null, storagePolicyId: spFinance,
      copyId: null, backupType: null, cycle: null, options: {}, description: '', scheduleId: null, bytesTotal: input.bytes,
    })
    b.catalog.jobs.setItem({ jobId, backupJobId: backup!.id, copyId: input.copyId ?? copy2, status: 'Copied', bytes: input.bytes })
    b.catalog.jobs.updateOperationJob(jobId, { status: input.status ?? 'Completed', endTime: start + input.seconds * 1000 })
  })
}

describe('auxcopy:estimate on the demo catalog', () => {
  // One console for these checks, in this order: the earlier runs the last one adds change the estimate.
  beforeAll(async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
  })
  afterAll(async () => {
    await backend?.dispose()
    backend = undefined
  })

  it("shows View Jobs' To Be Copied jobs and bytes, and says when no earlier aux copy can give an estimate", async () => {
    const toBeCopied = (await viewJobs()).filter((row) => row.cells.status === 'To Be Copied')
    expect(toBeCopied.length).toBeGreaterThan(5)

    const { copies } = await call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: null })
    expect(copies.map((copy) => copy.copy)).toEqual(['Copy_2'])
    expect(copies[0]).toMatchObject({
      copyId: copy2,
      jobs: toBeCopied.length,
      bytes: toBeCopied.reduce((sum, row) => sum + (row.cells.size as number), 0),
      deferredJobs: 0,
      deferredUntil: null,
      estimate: null,
    })
    // One copy asked alone answers the same.
    expect(await call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: copy2 })).toEqual({ copies })
  })

  it('refuses a copy an aux copy does not write, naming the field', async () => {
    await expect(call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: 2 })).rejects.toMatchObject({
      code: 'invalid_input', field: 'copyId', message: 'Primary is the primary copy; choose an active secondary copy.',
    })
    await expect(call('auxcopy:estimate', { storagePolicyId: 1, copyId: null })).rejects.toMatchObject({ code: 'invalid_input', field: 'storagePolicyId' })
  })

  it('reads the latest runs through the index of job items by copy', async () => {
    await call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: null })
    const [plan] = backend!.catalog.queryPlans().filter(({ sql }) => sql.includes('AS elapsedMs'))
    expect(plan?.plan.join(' | ')).toMatch(/SEARCH i USING (COVERING )?INDEX job_items_by_copy/)
    expect(plan?.plan.join(' | ')).not.toMatch(/TEMP B-TREE/)
  })

  it('estimates from the median throughput of the latest completed aux copies to the copy', async () => {
    // 10 MB/s and 20 MB/s count; a killed run, a run on a clock that stood still and a run to another copy do not.
    pastRun(backend!, { bytes: 100 * MB, seconds: 10 })
    pastRun(backend!, { bytes: 100 * MB, seconds: 5 })
    pastRun(backend!, { bytes: 100 * MB, seconds: 1000, status: 'Killed' })
    pastRun(backend!, { bytes: 100 * MB, seconds: 0 })
    pastRun(backend!, { bytes: 100 * MB, seconds: 1, copyId: 2 })
    const [next] = (await call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: copy2 })).copies
    expect(next!.bytes).toBeGreaterThan(0)
    expect(next!.estimate).toEqual({ seconds: next!.bytes / (15 * MB), bytesPerSecond: 15 * MB, runs: 2 })
  })
})

describe('auxcopy:estimate and the aux copy that follows', () => {
  afterEach(async () => {
    await backend?.dispose()
    backend = undefined
  })

  it('leaves out the jobs Defer Auxiliary Copy holds back, and the aux copy then copies exactly the jobs and bytes it showed', async () => {
    backend = tempBackend('demo', { testClock: true, demoData: true })
    await backend.ready
    await deferCopy2(7)
    const now = (await call('commcell:info', {})).now
    const rows = (await viewJobs()).filter((row) => row.cells.status === 'To Be Copied')
    const waiting = rows.filter((row) => (row.cells.startTime as number) + 7 * day > now)
    const due = rows.filter((row) => !waiting.includes(row))
    expect(waiting.length).toBeGreaterThan(0)
    expect(due.length).toBeGreaterThan(0)

    const [next] = (await call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: null })).copies
    expect(next).toMatchObject({
      jobs: due.length,
      bytes: due.reduce((sum, row) => sum + (row.cells.size as number), 0),
      deferredJobs: waiting.length,
      deferredUntil: Math.min(...waiting.map((row) => (row.cells.startTime as number) + 7 * day)),
    })

    const { jobId } = await call('auxcopy:run', {
      storagePolicyId: spFinance, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '',
    })
    const ended = await waitForJob(backend, jobId)
    expect(ended.status).toBe('Completed')
    const details = await call('jobs:details', { jobId })
    expect(details.items.length).toBe(next!.jobs)
    expect(details.items.every((item) => item.status === 'Copied')).toBe(true)
    expect(ended.bytesTotal).toBe(next!.bytes)

    // Only the deferred jobs are left; a run on the test clock took no CommServe time, so it gives no estimate.
    const [after] = (await call('auxcopy:estimate', { storagePolicyId: spFinance, copyId: copy2 })).copies
    expect(after).toMatchObject({ jobs: 0, bytes: 0, deferredJobs: waiting.length, estimate: null })
  })
})
