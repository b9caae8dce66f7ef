import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { nodeId } from '../../app/model/tree'
import { wallClock } from '../../app/rules/schedule-time'
import { ManualClock } from '../clock'
import { waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

const minute = 60_000
let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})
const call = callerOf(() => backend!)

/**
 * An empty CommCell (its System Created Autocopy schedule) with SP_Week and its Copy_2 on DiskLib01, and the client
 * localhost: File System with `finance` (a folder of two files), `gone` (a folder that no longer exists) and `empty`
 * (no content yet).
 */
async function weekCommCell(clock: ManualClock) {
  backend = tempBackend('empty', { clock })
  await backend.ready
  const disk1 = (await call('policies:form', {})).libraries[0]!
  const mediaAgentId = disk1.mediaAgents[0]!.id
  const { storagePolicyId } = await call('policies:create', {
    name: 'SP_Week', libraryId: disk1.id, mediaAgentId, drivePoolId: null, scratchPoolId: null,
    deviceStreams: 2, agingEnabled: true, retentionDays: 30, retentionCycles: 1, dedup: null,
  })
  const form = await call('copies:form', { storagePolicyId })
  const copy = await call('copies:create', {
    storagePolicyId, name: form.suggestedName, libraryId: disk1.id, mediaAgentId, drivePoolId: null, scratchPoolId: null,
    active: true, dedup: null, sourceCopyId: form.copies[0]!.id, backupPeriod: { kind: 'allBackups' },
    agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
  })
  const content = join(backend.dataDir, 'client-content')
  mkdirSync(join(content, 'finance'), { recursive: true })
  writeFileSync(join(content, 'finance', 'ledger.csv'), 'account,amount\n1,100\n')
  writeFileSync(join(content, 'finance', 'notes.txt'), 'quarter close')
  const { catalog } = backend
  const subclients = catalog.transaction(() => {
    const localhost = catalog.clients.addClient({ name: 'localhost', hostName: 'localhost', os: 'Linux' })
    const fileSystem = catalog.clients.addAgent({ clientId: localhost.id, name: 'File System' })
    const add = (name: string, folders: string[]) => catalog.clients.addSubclient({ agentId: fileSystem.id, name, storagePolicyId, content: folders })
    return {
      localhost,
      finance: add('finance', [join(content, 'finance')]),
      gone: add('gone', [join(content, 'gone')]),
      empty: add('empty', []),
    }
  })
  return { copy, content, ...subclients }
}

describe('backup schedules', () => {
  it("a week of CommServe time runs an incremental every day and a full on Saturday for the client's subclients, and the autocopy copies each", async () => {
    // Monday 2026-11-23 00:10 UTC.
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 0, 10))
    const cell = await weekCommCell(clock)
    const daily = { kind: 'daily' as const, time: '21:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' }
    const saved = await call('schedulePolicies:save', {
      schedulePolicyId: null, name: 'localhost Backups', description: '', policyType: 'Data Protection',
      schedules: [
        { name: 'Daily Incremental', pattern: daily, backupType: 'Incremental' },
        { name: 'Weekly Full', pattern: { kind: 'weekly', days: [6], time: '10:00', timeZone: 'UTC' }, backupType: 'Full' },
      ],
      associations: [{ level: 'client', id: cell.localhost.id }],
    })
    expect(saved.backupAssociations).toEqual([{ level: 'client', id: cell.localhost.id, name: 'localhost' }])
    // The subclient's Properties name what covers it: the client.
    expect((await call('subclients:get', { subclientId: cell.finance.id })).schedules).toEqual([
      expect.objectContaining({ schedulePolicy: 'localhost Backups', schedule: 'Daily Incremental', backupType: 'Incremental', patternText: 'Daily at 21:00 (UTC)', coveredBy: 'Client localhost' }),
      expect.objectContaining({ schedule: 'Weekly Full', backupType: 'Full', patternText: 'Weekly on Saturday at 10:00 (UTC)', coveredBy: 'Client localhost' }),
    ])
    // A Full by hand first, so each scheduled backup is of the type its schedule asks.
    const first = await call('backup:run', { subclientId: cell.finance.id, backupType: 'Full' })
    await waitForJob(backend!, first.jobId)
    const scheduler = backend!.scheduler
    scheduler.tick()

    // A week in steps of three hours; each step's jobs end before the next (a file changes every day).
    const started: number[] = []
    for (let step = 1; step <= 7 * 8 + 1; step++) {
      clock.advance(180 * minute)
      if (step % 8 === 0) writeFileSync(join(cell.content, 'finance', `day-${step / 8}.txt`), `changes of day ${step / 8}`)
      const jobIds = [...scheduler.tick(), ...(await scheduler.backupsStarted())]
      started.push(...jobIds)
      for (const jobId of jobIds) await waitForJob(backend!, jobId)
    }

    const jobs = await Promise.all(started.map(async (jobId) => (await call('jobs:details', { jobId })).job))
    const backups = jobs.filter((job) => job.operation === 'Backup')
    // Each day (in the schedules' time zone) has the backups its patterns say, all of subclient finance.
    const byDay = new Map<string, string[]>()
    for (const job of backups) {
      const { year, month, day, weekday } = wallClock(job.startTime, 'UTC')
      const key = `${year}-${month}-${day} ${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][weekday]}`
      byDay.set(key, [...(byDay.get(key) ?? []), job.backupType!].sort())
      expect(job).toMatchObject({ client: 'localhost / File System / finance', status: 'Completed' })
    }
    expect(Object.fromEntries(byDay)).toEqual({
      '2026-11-23 Mon': ['Incremental'],
      '2026-11-24 Tue': ['Incremental'],
      '2026-11-25 Wed': ['Incremental'],
      '2026-11-26 Thu': ['Incremental'],
      '2026-11-27 Fri': ['Incremental'],
      '2026-11-28 Sat': ['Full', 'Incremental'],
      '2026-11-29 Sun': ['Incremental'],
    })
    expect(backups.map((job) => job.schedule).sort()).toEqual([...Array(7).fill('Daily Incremental'), 'Weekly Full'])

    // The autocopy copied each of them to Copy_2.
    const onCopy = await call('node:jobs', { nodeId: nodeId('copy', cell.copy.id), limit: 100, offset: 0 })
    const statusOf = new Map(onCopy.rows.map((row) => [row.cells.jobId, row.cells.status]))
    for (const job of backups) expect(statusOf.get(job.jobId)).toBe('Available')

    // The subclient whose folder is gone is an event each time, naming it; the one without content is not run.
    const { events } = await call('events:list', { limit: 1000, beforeId: null })
    const gone = events.filter((event) => event.description.includes('subclient localhost / File System / gone could not run'))
    expect(gone).toHaveLength(8)
    expect(events.filter((event) => event.description.includes('/ empty'))).toEqual([])

    // Its Backup History lists its jobs newest first: the eight scheduled, then the Full by hand.
    const history = await call('node:jobs', { nodeId: nodeId('subclient', cell.finance.id), limit: 100, offset: 0 })
    expect(history.title).toBe('Backup History of finance')
    expect(history.rows.map((row) => row.cells.jobId)).toEqual([...backups.map((job) => job.jobId)].reverse().concat(first.jobId))
  }, 120_000)
})
