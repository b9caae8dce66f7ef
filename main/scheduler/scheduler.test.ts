import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { isActiveStatus } from '../../app/model/jobs'
import { autocopyOptions, autocopyPattern } from '../../app/model/schedule'
import { ManualClock } from '../clock'
import { dispatch } from '../ipc/dispatch'
import { tempBackend } from '../testing/temp-backend'

const minute = 60_000
let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
  return result.value as CommandOutput<C>
}

/** Waits until a job is no longer running (a few seconds at most). */
async function ended(jobId: number): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const { status } = (await call('jobs:details', { jobId })).job
    if (!isActiveStatus(status)) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`Job ${jobId} did not end`)
}

/** An empty CommCell with SP_Sched (Primary on DiskLib01) and its Copy_2: nothing to copy, so runs end at once. */
async function emptyWithCopy(clock: ManualClock) {
  backend = tempBackend('empty', { clock })
  await backend.ready
  const disk1 = (await call('policies:form', {})).libraries[0]!
  const { storagePolicyId } = await call('policies:create', {
    name: 'SP_Sched', libraryId: disk1.id, mediaAgentId: disk1.mediaAgents[0]!.id, drivePoolId: null, scratchPoolId: null,
    deviceStreams: 2, agingEnabled: true, retentionDays: 30, retentionCycles: 1, dedup: null,
  })
  const form = await call('copies:form', { storagePolicyId })
  const copy = await call('copies:create', {
    storagePolicyId, name: form.suggestedName, libraryId: disk1.id, mediaAgentId: disk1.mediaAgents[0]!.id, drivePoolId: null,
    scratchPoolId: null, active: true, dedup: null, sourceCopyId: form.copies[0]!.id, backupPeriod: { kind: 'allBackups' },
    agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
  })
  expect(copy.schedules).toEqual(['System Created Autocopy schedule'])
  return { storagePolicyId, copy }
}

describe('the scheduler', () => {
  it('starts 48 auxiliary copies in a day of the System Created Autocopy schedule, each completing without moving data, and Data Aging once at 12:00', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 0, 10))
    await emptyWithCopy(clock)
    backend!.scheduler.tick()
    const started: number[] = []
    for (let step = 0; step < 48 * 6; step++) {
      clock.advance(5 * minute)
      const jobIds = backend!.scheduler.tick()
      started.push(...jobIds)
      // A run ends on its own (nothing to copy); the next one starts only on a copy no run is writing.
      for (const jobId of jobIds) await ended(jobId)
    }
    const rows = await Promise.all(started.map(async (jobId) => (await call('jobs:details', { jobId })).job))
    expect(rows.filter((row) => row.operation === 'Auxiliary Copy')).toHaveLength(48)
    expect(rows[0]).toMatchObject({ operation: 'Auxiliary Copy', status: 'Completed', bytesDone: 0, schedule: 'Autocopy' })
    const aging = rows.filter((row) => row.operation === 'Data Aging')
    expect(aging).toMatchObject([{ status: 'Completed', schedule: 'Data Aging' }])
    // At 12:00 in the CommServe's time zone, where the schedule was made.
    expect(new Date(aging[0]!.startTime).toLocaleTimeString('en-GB', { timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })).toMatch(/^12:0/)
  })

  it('runs a day missed while the console was closed once, not once per interval', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 0, 10))
    await emptyWithCopy(clock)
    backend!.scheduler.tick()
    clock.advance(24 * 60 * minute)
    // One auxiliary copy for the 48 missed Autocopy runs, one Data Aging for the missed noon.
    expect(backend!.scheduler.tick()).toHaveLength(2)
    expect(backend!.scheduler.tick()).toHaveLength(0)
  })

  it('does not start a run for a copy an auxiliary copy is already writing', async () => {
    const clock = new ManualClock(Date.now())
    backend = tempBackend('demo', { clock, demoData: true })
    await backend.ready
    backend.scheduler.tick()
    const { jobId } = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await call('jobs:control', { jobId, action: 'suspend' })
    clock.advance(31 * minute)
    // No auxiliary copy starts (the System Created Data Aging schedule may, when these minutes cross 12:00).
    const started = backend.scheduler.tick().filter((id) => backend!.catalog.jobs.operationJob(id)?.operation === 'Auxiliary Copy')
    expect(started).toEqual([])
    const events = await call('events:list', { limit: 20, beforeId: null })
    expect(events.events.some((event) => event.description.includes('left for the next run'))).toBe(true)
    await call('jobs:control', { jobId, action: 'kill' })
  })

  it('covers the current and future copies of a storage policy associated with a schedule policy', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 25, 0, 10))
    const { storagePolicyId } = await emptyWithCopy(clock)
    const { catalog } = backend!
    const policy = catalog.schedules.addSchedulePolicy({ name: 'Nightly copies', policyType: 'Auxiliary Copy', description: '', systemCreated: false })
    catalog.schedules.addSchedule({
      schedulePolicyId: policy.id, storagePolicyId: null, name: 'Nightly', pattern: { ...autocopyPattern('UTC'), repeatEveryMinutes: null, time: '02:00' },
      options: autocopyOptions, allCopies: false,
    })
    catalog.schedules.addAssociation({ schedulePolicyId: policy.id, scheduleId: null, storagePolicyId, copyId: null })
    backend!.scheduler.tick()
    // A copy made after the association joins it.
    const form = await call('copies:form', { storagePolicyId })
    const later = await call('copies:create', {
      storagePolicyId, name: form.suggestedName, libraryId: form.libraries[0]!.id, mediaAgentId: form.libraries[0]!.mediaAgents[0]!.id,
      drivePoolId: null, scratchPoolId: null, active: true, dedup: null, sourceCopyId: form.copies[0]!.id, backupPeriod: { kind: 'allBackups' },
      agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    const { jobIds } = await call('schedules:runNow', { schedulePolicyId: policy.id })
    expect(jobIds).toHaveLength(1)
    const job = backend!.catalog.jobs.operationJob(jobIds[0]!)!
    expect((job.options as { copyIds: number[] }).copyIds).toContain(later.id)
  })
})
