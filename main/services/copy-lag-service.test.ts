/**
 * Copy lag through the scheduler and the contract: on a test clock, a week of CommServe time with backups and autocopy
 * runs; every sample the chart draws equals View Jobs' figures of the jobs not yet copied at that tick.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandOutput } from '../../app/ipc/contract'
import type { CreateCopyInput } from '../../app/model/copy-input'
import { dispatch } from '../ipc/dispatch'
import { waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const call = callerOf(() => backend!)
const hour = 60 * 60 * 1000
const day = 24 * hour

// The demo CommCell: SP_Default (id 1, Primary copy 1) backs up localhost / File System / default (subclient 1).
const spDefault = 1

/** Create New Copy on SP_Default to DiskLib02, for backups from `since` on (the demo's history has no data). */
function createInput(name: string, since: number, overrides: Partial<CreateCopyInput> = {}): CreateCopyInput {
  return {
    storagePolicyId: spDefault, name, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
    dedup: null, sourceCopyId: 1, backupPeriod: { kind: 'onAndAfter', date: since }, agingEnabled: true, retentionDays: 30,
    retentionCycles: 1, confirmAllBackups: false, auxCopySchedule: null, ...overrides,
  }
}

/** A handler's answer when it answers at once (the same turn of the event loop: no job's progress comes between). */
function now<C extends 'test:advanceClock' | 'node:jobs'>(command: C, input: CommandInput<C>): CommandOutput<C> {
  const answer = (backend!.handlers[command] as (input: CommandInput<C>) => unknown)(input)
  if (answer instanceof Promise) throw new Error(`${command} did not answer at once`)
  return answer as CommandOutput<C>
}

/** What View Jobs shows not yet copied on a copy: how many jobs To Be Copied or Partially Copied, and their Size. */
function viewJobsBacklog(copyId: number): { jobs: number; bytes: number } {
  const rows = now('node:jobs', { nodeId: `copy:${copyId}`, limit: 10_000, offset: 0 }).rows
  const left = rows.filter((row) => row.cells.status === 'To Be Copied' || row.cells.status === 'Partially Copied')
  return { jobs: left.length, bytes: left.reduce((sum, row) => sum + (row.cells.size as number), 0) }
}

describe('copy lag over a week of CommServe time', () => {
  it('draws, for each copy, samples equal to View Jobs To Be Copied at each tick, and marks the autocopy runs that wrote to it', async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
    // SP_Finance's Copy_2 would be asked to copy the demo's history, which has no data here: this story is SP_Default's.
    await call('copies:delete', { copyId: 3 })
    // The backups are the story's own, between ticks: the demo's localhost Backups schedule policy would add its own.
    const { nodes } = await call('tree:children', { nodeId: 'schedulePolicies' })
    const demoBackups = nodes.find((node) => node.name === 'localhost Backups')!
    await call('schedulePolicies:delete', { schedulePolicyId: Number(demoBackups.id.split(':')[1]), confirm: true })
    const start = (await call('commcell:info', {})).now
    const content = join(backend.dataDir, 'content', 'lag')
    mkdirSync(content, { recursive: true })
    writeFileSync(join(content, 'base.bin'), Buffer.alloc(40_000, 7))
    await call('subclients:update', { subclientId: 1, content: [content] })
    // Three copies joining the System Created Autocopy: one that copies at once, one deferring 2 days, one weekly.
    const sync = await call('copies:create', createInput('Sync', start))
    const deferred = await call('copies:create', createInput('Deferred', start, { deferDays: 2 }))
    const weekly = await call('copies:create', createInput('Weekly', start, { selective: { frequency: 'Weekly Fulls', pick: 'last', weekStart: 'Friday' } }))
    const copies = [sync, deferred, weekly]

    const expected = new Map<number, Map<number, { jobs: number; bytes: number }>>(copies.map((copy) => [copy.id, new Map()]))
    const autocopies = new Set<number>()
    let ticks = 0
    for (let step = 0; step < 28; step++) {
      // A backup on most days (a Full on the first and fourth), between ticks, of content that grew.
      if (step % 4 === 1 && step !== 25) {
        writeFileSync(join(content, `day-${step}.bin`), Buffer.alloc(10_000 + step * 1000, step))
        const { jobId } = await call('backup:run', { subclientId: 1, backupType: step === 1 || step === 13 ? 'Full' : 'Incremental' })
        expect((await waitForJob(backend, jobId)).status).toBe('Completed')
      }
      // The tick samples; View Jobs is read in the same turn, before any aux copy it started has moved a byte.
      const tick = now('test:advanceClock', { minutes: 6 * 60 })
      ticks += 1
      for (const copy of copies) expected.get(copy.id)!.set(tick.now, viewJobsBacklog(copy.id))
      // The autocopy every 30 minutes, and Data Aging at noon.
      for (const jobId of tick.jobIds) {
        const job = await waitForJob(backend, jobId)
        expect(job.status).toMatch(/^Completed/)
        if (job.operation === 'Auxiliary Copy') autocopies.add(jobId)
      }
    }
    const end = (await call('commcell:info', {})).now
    expect(end - start).toBe(7 * day)
    expect(autocopies.size).toBeGreaterThan(20)

    const chart = await call('policies:lag', { storagePolicyId: spDefault, from: start + 1, to: end })
    expect(chart.storagePolicy).toBe('SP_Default')
    expect(chart.series.map((series) => series.copy)).toEqual(['Sync', 'Deferred', 'Weekly'])
    let compared = 0
    for (const series of chart.series) {
      // Ticks 6 hours apart are each the first of their hour: thinning keeps them all.
      expect(series.samples).toHaveLength(ticks)
      for (const sample of series.samples) {
        expect({ at: sample.at, jobs: sample.jobs, bytes: sample.bytes }).toEqual({ at: sample.at, ...expected.get(series.copyId)!.get(sample.at) })
        compared += 1
      }
      // One copy's own chart says the same.
      const alone = await call('copies:lag', { copyId: series.copyId, from: start + 1, to: end })
      expect(alone.series).toEqual([series])
      // Each autocopy run wrote to the three copies (one job per policy), each marked with its start and end.
      expect(series.runs.map((run) => run.jobId).sort((a, b) => a - b)).toEqual([...autocopies].sort((a, b) => a - b))
      for (const run of series.runs) {
        expect(run.startTime).toBeGreaterThan(start)
        expect(run.endTime).toBeGreaterThanOrEqual(run.startTime)
        expect(run.status).toMatch(/^Completed/)
      }
    }
    expect(compared).toBe(3 * ticks)

    // The week shows lag, not a flat line: the copy that copies at once caught up after each backup; the deferring
    // one held several jobs for two days; the weekly one waited for the week's last full, then took it.
    const peak = (copyId: number) => Math.max(...chart.series.find((series) => series.copyId === copyId)!.samples.map((sample) => sample.jobs))
    const last = (copyId: number) => chart.series.find((series) => series.copyId === copyId)!.samples.at(-1)!
    expect(peak(sync.id)).toBe(1)
    expect(last(sync.id).jobs).toBe(0)
    expect(peak(deferred.id)).toBeGreaterThanOrEqual(2)
    expect(last(deferred.id).jobs).toBeGreaterThanOrEqual(1)
    expect(chart.series.find((series) => series.copyId === weekly.id)!.samples.some((sample) => sample.jobs === 1)).toBe(true)
  }, 120_000)

  it('has no series for a primary copy; refuses an unknown copy or policy and a range that is backwards or longer than samples are kept, naming the field', async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
    const { now: at } = await call('commcell:info', {})
    const refused = async (command: 'copies:lag' | 'policies:lag', input: unknown) => {
      const result = await dispatch(backend!.handlers, command, input)
      if (result.ok) throw new Error(`${command} was accepted`)
      return result.error
    }
    // A primary copy has no lag (backups write to it), nor a policy with only its primary copy: no series.
    expect((await call('copies:lag', { copyId: 2, from: at - day, to: at })).series).toEqual([])
    expect(await call('policies:lag', { storagePolicyId: 1, from: at - day, to: at })).toEqual({ storagePolicy: 'SP_Default', from: at - day, to: at, series: [] })
    expect(await refused('copies:lag', { copyId: 99, from: at - day, to: at })).toMatchObject({ code: 'not_found', field: 'copyId' })
    expect(await refused('copies:lag', { copyId: 3, from: at, to: at - day })).toMatchObject({ code: 'invalid_input', field: 'to', message: 'To must be after From.' })
    expect(await refused('policies:lag', { storagePolicyId: 2, from: at - 101 * day, to: at })).toMatchObject({
      code: 'invalid_input', field: 'to', message: 'The range can be at most 100 days (samples are kept that long).',
    })
    expect(await refused('policies:lag', { storagePolicyId: 77, from: at - day, to: at })).toMatchObject({ code: 'not_found', field: 'storagePolicyId' })

    // The demo's Copy_2 holds none of SP_Finance's history: its first sample (the start's tick) counts it all.
    const chart = await call('copies:lag', { copyId: 3, from: at - day, to: at })
    const counts = backend.catalog.jobs.copyStatusCounts(backend.catalog.policies.copy(3)!)
    expect(chart.series[0]!.samples).toEqual([{ at, jobs: counts.get('To Be Copied'), bytes: expect.any(Number) }])
    expect(chart.series[0]!.samples[0]!.bytes).toBe(backend.catalog.jobs.backlog(backend.catalog.policies.copy(3)!, null).bytes)
  })
})
