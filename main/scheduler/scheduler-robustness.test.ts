import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { autocopyOptions, autocopyPattern, type AuxCopyOptions, type SchedulePattern } from '../../app/model/schedule'
import { zonedTime } from '../../app/rules/schedule-time'
import { Catalog } from '../catalog/catalog'
import { CommCellBuilder } from '../catalog/commcell-builder'
import { seedCommCell } from '../catalog/demo-commcell'
import { ManualClock } from '../clock'
import { EventBus } from '../event-bus'
import { EventService } from '../services/event-service'
import { Scheduler, type ScheduledRuns } from './scheduler'

// These tests drive the Scheduler over a real catalog with a fake Job Manager, so they hold whatever JobService does.

const minute = 60_000

/** A Job Manager that starts nothing: it records each scheduled run and fails for the storage policies told to. */
class FakeRuns implements ScheduledRuns {
  readonly runs: { storagePolicyId: number; copyIds: readonly number[]; scheduleId: number; at: number }[] = []
  readonly failingPolicies = new Set<number>()
  readonly failingCopies = new Set<number>()
  private nextJobId = 1

  constructor(private readonly clock: ManualClock) {}

  isBeingWritten(copyId: number): boolean {
    if (this.failingCopies.has(copyId)) throw new Error('database disk image is malformed')
    return false
  }

  runScheduledAuxCopy(storagePolicyId: number, copyIds: readonly number[], _options: AuxCopyOptions, scheduleId: number): { jobId: number } | null {
    if (this.failingPolicies.has(storagePolicyId)) throw new Error('MediaAgent ma01 is not reachable')
    this.runs.push({ storagePolicyId, copyIds, scheduleId, at: this.clock.now() })
    return { jobId: this.nextJobId++ }
  }

  runScheduledBackup(): Promise<{ jobId: number }> {
    return Promise.reject(new Error('no backups in these tests'))
  }

  readonly agingRuns: { scheduleId: number; at: number }[] = []

  runScheduledDataAging(scheduleId: number): { jobId: number } {
    this.agingRuns.push({ scheduleId, at: this.clock.now() })
    return { jobId: this.nextJobId++ }
  }
}

let dispose: (() => void) | undefined
afterEach(() => {
  dispose?.()
  dispose = undefined
  vi.restoreAllMocks()
  vi.useRealTimers()
})

/** An empty CommCell (DiskLib01 on ma01) in a temp folder, its scheduler on a manual clock and a fake Job Manager. */
function commCell(start: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'scheduler-test-'))
  const file = join(dataDir, 'catalog', 'commserve.db')
  const catalog = Catalog.open(file)
  dispose = () => {
    catalog.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
  seedCommCell(catalog, { dataDir, profile: 'empty', commServe: 'commserve01', now: start })
  const clock = new ManualClock(start)
  const jobs = new FakeRuns(clock)
  const scheduler = new Scheduler(catalog, jobs, new EventService(catalog, new EventBus(), clock), clock)
  const build = new CommCellBuilder(catalog, start)
  const library = catalog.resources.libraries()[0]!
  const mediaAgent = catalog.resources.mediaAgents()[0]!

  /** A storage policy with its Primary and a Copy_2. */
  const storagePolicy = (name: string) => {
    const { policy, primary } = build.storagePolicy(name, { libraryId: library.id, mediaAgentId: mediaAgent.id })
    const copy = build.secondaryCopy({ policyId: policy.id, name: 'Copy_2', sourceCopyId: primary.id, libraryId: library.id, mediaAgentId: mediaAgent.id, precedence: 2 })
    return { id: policy.id, name: policy.name, copyId: copy.id }
  }
  /** A schedule policy with one schedule, associated with whole storage policies. */
  const schedulePolicy = (name: string, scheduleName: string, pattern: SchedulePattern, storagePolicyIds: readonly number[]) => {
    const policy = catalog.schedules.addSchedulePolicy({ name, policyType: 'Auxiliary Copy', description: '', systemCreated: false })
    const schedule = catalog.schedules.addSchedule({ schedulePolicyId: policy.id, storagePolicyId: null, name: scheduleName, pattern, options: autocopyOptions, allCopies: false })
    for (const storagePolicyId of storagePolicyIds) catalog.schedules.addAssociation({ schedulePolicyId: policy.id, scheduleId: null, storagePolicyId, copyId: null })
    return schedule
  }
  const events = () => catalog.events.list(1000, null).filter((event) => event.program === 'Scheduler')
  /** Ticks every `stepMinutes` until `until` (inclusive), returning the jobs started. */
  const tickUntil = (until: number, stepMinutes = 5) => {
    const started: number[] = []
    while (clock.now() + stepMinutes * minute <= until) {
      clock.advance(stepMinutes * minute)
      started.push(...scheduler.tick())
    }
    return started
  }
  return { file, catalog, clock, jobs, scheduler, storagePolicy, schedulePolicy, events, tickUntil }
}

const dailyAt = (time: string, timeZone = 'UTC'): SchedulePattern => ({ kind: 'daily', time, repeatEveryMinutes: null, repeatUntil: '23:59', timeZone })

describe('a schedule that fails', () => {
  it('is an Event Viewer entry naming it, and the other schedules still start their copies', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const spA = cell.storagePolicy('SP_A')
    const spB = cell.storagePolicy('SP_B')
    // The failing schedule comes first, so a failure that escaped it would keep Nightly B from running.
    cell.schedulePolicy('Copies A', 'Nightly A', dailyAt('02:00'), [spA.id])
    const nightlyB = cell.schedulePolicy('Copies B', 'Nightly B', dailyAt('02:00'), [spB.id])
    cell.jobs.failingPolicies.add(spA.id)
    cell.scheduler.tick()

    cell.clock.advance(15 * minute)
    expect(() => cell.scheduler.tick()).not.toThrow()

    expect(cell.jobs.runs).toEqual([{ storagePolicyId: spB.id, copyIds: [spB.copyId], scheduleId: nightlyB.id, at: cell.clock.now() }])
    expect(cell.events()).toEqual([
      expect.objectContaining({ severity: 'Major', program: 'Scheduler', description: 'Schedule Nightly A could not run: MediaAgent ma01 is not reachable' }),
    ])
  })

  it('does not keep its other storage policies from their copies', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const spA = cell.storagePolicy('SP_A')
    const spB = cell.storagePolicy('SP_B')
    cell.schedulePolicy('Copies', 'Nightly', dailyAt('02:00'), [spA.id, spB.id])
    cell.jobs.failingPolicies.add(spA.id)
    cell.scheduler.tick()

    cell.clock.advance(15 * minute)
    expect(cell.scheduler.tick()).toHaveLength(1)
    expect(cell.jobs.runs.map((run) => run.storagePolicyId)).toEqual([spB.id])
    expect(cell.events().map((event) => event.description)).toEqual(['Schedule Nightly could not run: MediaAgent ma01 is not reachable'])
  })

  it('is recorded when the failure comes from anywhere in its look (a catalog error), and the next schedule runs', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const spA = cell.storagePolicy('SP_A')
    const spB = cell.storagePolicy('SP_B')
    cell.schedulePolicy('Copies A', 'Nightly A', dailyAt('02:00'), [spA.id])
    cell.schedulePolicy('Copies B', 'Nightly B', dailyAt('02:00'), [spB.id])
    cell.jobs.failingCopies.add(spA.copyId)
    cell.scheduler.tick()

    cell.clock.advance(15 * minute)
    expect(cell.scheduler.tick()).toHaveLength(1)
    expect(cell.jobs.runs.map((run) => run.storagePolicyId)).toEqual([spB.id])
    expect(cell.events().map((event) => event.description)).toEqual(['Schedule Nightly A could not run: database disk image is malformed'])
  })

  it('run immediately still answers its caller with the failure (the dialog shows it)', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const spA = cell.storagePolicy('SP_A')
    const nightly = cell.schedulePolicy('Copies A', 'Nightly A', dailyAt('02:00'), [spA.id])
    cell.jobs.failingPolicies.add(spA.id)
    expect(() => cell.scheduler.runNow(nightly.schedulePolicyId!)).toThrow('MediaAgent ma01 is not reachable')
  })

  it('never stops the 30-second driver, even when the catalog itself fails', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 25, 1, 50) })
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const spA = cell.storagePolicy('SP_A')
    cell.schedulePolicy('Copies A', 'Every half hour', autocopyPattern('UTC'), [spA.id])
    cell.jobs.failingPolicies.add(spA.id)
    cell.scheduler.start()
    // Two failing runs (02:00 and 02:30), each one event; the looks in between run nothing and record nothing.
    for (let step = 0; step < 90; step++) {
      cell.clock.advance(30_000)
      vi.advanceTimersByTime(30_000)
    }
    expect(cell.events().map((event) => event.description)).toEqual([
      'Schedule Every half hour could not run: MediaAgent ma01 is not reachable',
      'Schedule Every half hour could not run: MediaAgent ma01 is not reachable',
    ])
    // A closed catalog fails every read and even the event write: the looks say so on stderr and go on.
    const stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    cell.catalog.close()
    expect(() => vi.advanceTimersByTime(5 * 30_000)).not.toThrow()
    expect(cell.scheduler.tick()).toEqual([])
    // One line for the lasting failure, not one per look.
    expect(stderr).toHaveBeenCalledTimes(1)
    expect(String(stderr.mock.calls[0]![0])).toContain('The scheduler could not read the schedules: The database connection is not open')
    cell.scheduler.stop()
  })
})

describe('a schedule that cannot be read', () => {
  /** Writes a schedule's stored pattern or options as another program (or an older version) might have. */
  const writeRaw = (file: string, scheduleId: number, column: 'pattern' | 'options', text: string) => {
    const db = new Database(file)
    try {
      db.prepare(`UPDATE schedules SET ${column} = ? WHERE id = ?`).run(text, scheduleId)
    } finally {
      db.close()
    }
  }

  it('is reported once as a Major event naming it and its policy, not at every look, and the others still run', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const spA = cell.storagePolicy('SP_A')
    const spB = cell.storagePolicy('SP_B')
    const nightlyA = cell.schedulePolicy('Copies A', 'Nightly A', dailyAt('02:00'), [spA.id])
    cell.schedulePolicy('Copies B', 'Nightly B', dailyAt('02:00'), [spB.id])
    writeRaw(cell.file, nightlyA.id, 'pattern', JSON.stringify({ ...dailyAt('02:00'), time: '25:00' }))

    cell.scheduler.tick()
    cell.clock.advance(15 * minute)
    cell.scheduler.tick()

    expect(cell.events()).toEqual([
      expect.objectContaining({
        severity: 'Major',
        description:
          'Schedule Nightly A of Copies A cannot be read (pattern.time: Start Time must be a time inside the day, as HH:MM (00:00 to 23:59)); it does not run until it is saved again.',
      }),
    ])
    expect(cell.jobs.runs.map((run) => run.storagePolicyId)).toEqual([spB.id])
  })

  it('reports unreadable options, a new problem, and the same problem again after the schedule was saved readable', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const sp = cell.storagePolicy('SP_A')
    const nightly = cell.schedulePolicy('Copies A', 'Nightly', dailyAt('02:00'), [sp.id])
    const badOptions = JSON.stringify({ ...autocopyOptions, streams: 0 })
    writeRaw(cell.file, nightly.id, 'options', badOptions)
    cell.scheduler.tick()
    cell.scheduler.tick()
    writeRaw(cell.file, nightly.id, 'pattern', JSON.stringify({ ...dailyAt('02:00'), kind: 'hourly' }))
    cell.scheduler.tick()
    cell.scheduler.tick()
    // Saved again from the dialog: readable, so it runs; broken again later: news again.
    cell.catalog.schedules.updateSchedule(nightly.id, { name: 'Nightly', pattern: dailyAt('02:00'), options: autocopyOptions })
    cell.clock.advance(15 * minute)
    expect(cell.scheduler.tick()).toHaveLength(1)
    writeRaw(cell.file, nightly.id, 'options', badOptions)
    cell.scheduler.tick()

    expect(cell.events().map((event) => event.description).reverse()).toEqual([
      'Schedule Nightly of Copies A cannot be read (options.streams: Number of Streams must be at least 1); it does not run until it is saved again.',
      'Schedule Nightly of Copies A cannot be read (pattern.kind: Choose a pattern: one time, daily, weekly or monthly); it does not run until it is saved again.',
      'Schedule Nightly of Copies A cannot be read (options.streams: Number of Streams must be at least 1); it does not run until it is saved again.',
    ])
  })

  it('names the storage policy of a storage-policy schedule', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 50))
    const sp = cell.storagePolicy('SP_Finance')
    const schedule = cell.catalog.schedules.addSchedule({
      schedulePolicyId: null, storagePolicyId: sp.id, name: 'SP_Finance auxiliary copy', pattern: { ...dailyAt('22:00'), timeZone: 'Mars/Olympus_Mons' },
      options: autocopyOptions, allCopies: true,
    })
    cell.scheduler.tick()
    expect(cell.events().map((event) => event.description)).toEqual([
      'Schedule SP_Finance auxiliary copy of SP_Finance cannot be read (pattern.timeZone: Time Zone does not exist; choose one from the list); it does not run until it is saved again.',
    ])
    expect(schedule.id).toBeGreaterThan(0)
  })
})

describe('daylight-saving days in New York', () => {
  const newYork = 'America/New_York'
  const iso = (time: number) => new Date(time).toISOString()

  it('a daily 02:30 runs once on the spring-forward day, at 03:30 EDT, since 02:30 does not exist that night', () => {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT. zonedTime reads the missing 02:30 with the offset before the jump
    // (02:30 EST = 07:30Z), which is 03:30 EDT: an hour after the gap starts, like Temporal's 'compatible' choice.
    const cell = commCell(zonedTime(2026, 3, 7, 0, 0, newYork))
    const sp = cell.storagePolicy('SP_A')
    cell.schedulePolicy('Copies', 'Nightly', dailyAt('02:30', newYork), [sp.id])
    cell.scheduler.tick()
    cell.tickUntil(zonedTime(2026, 3, 10, 0, 0, newYork))
    expect(cell.jobs.runs.map((run) => iso(run.at))).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:30:00.000Z', // 03:30 EDT, the only run of the short day
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ])
  })

  it('a daily 01:30 runs once on the fall-back day, at the first 01:30 (EDT), not again an hour later', () => {
    // 2026-11-01 02:00 EDT falls back to 01:00 EST, so 01:30 happens at 05:30Z and again at 06:30Z.
    const cell = commCell(zonedTime(2026, 10, 31, 0, 0, newYork))
    const sp = cell.storagePolicy('SP_A')
    cell.schedulePolicy('Copies', 'Nightly', dailyAt('01:30', newYork), [sp.id])
    cell.scheduler.tick()
    cell.tickUntil(zonedTime(2026, 11, 3, 0, 0, newYork))
    expect(cell.jobs.runs.map((run) => iso(run.at))).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT, the first of the two
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ])
  })

  // Every 30 minutes from 00:00 until 23:59 steps through elapsed time, not wall-clock slots: the spring-forward
  // day is 23 hours (00:00 EST to 23:59 EDT is 22 h 59 min), so 46 runs; the fall-back day is 25 hours (24 h 59 min
  // from 00:00 EDT to 23:59 EST), so 50 runs, 01:00 and 01:30 twice.
  it.each([
    { day: 'spring-forward day, 23 hours', date: [2026, 3, 8] as const, runs: 46 },
    { day: 'fall-back day, 25 hours', date: [2026, 11, 1] as const, runs: 50 },
  ])('every 30 minutes runs $runs times on the $day', ({ date: [year, month, day], runs }) => {
    const start = zonedTime(year, month, day, 0, 0, newYork)
    const cell = commCell(start - 5 * minute)
    const sp = cell.storagePolicy('SP_A')
    cell.schedulePolicy('Copies', 'Every half hour', autocopyPattern(newYork), [sp.id])
    cell.scheduler.tick()
    cell.tickUntil(zonedTime(year, month, day + 1, 0, 0, newYork) - 5 * minute)
    expect(cell.jobs.runs).toHaveLength(runs)
    const gaps = cell.jobs.runs.slice(1).map((run, n) => run.at - cell.jobs.runs[n]!.at)
    expect(new Set(gaps)).toEqual(new Set([30 * minute]))
  })
})

describe('a clock that goes backwards', () => {
  it('runs nothing twice for an occurrence already run, does not throw, and keeps the last look where it was', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 10))
    const sp = cell.storagePolicy('SP_A')
    const schedule = cell.schedulePolicy('Copies', 'Every half hour', autocopyPattern('UTC'), [sp.id])
    cell.scheduler.tick()
    cell.tickUntil(Date.UTC(2026, 10, 25, 2, 10))
    expect(cell.jobs.runs.map((run) => new Date(run.at).toISOString())).toEqual(['2026-11-25T01:30:00.000Z', '2026-11-25T02:00:00.000Z'])
    const lastLook = cell.catalog.schedules.lastChecked(schedule.id)

    // The CommServe's clock is corrected an hour back: the looks up to the last one start nothing.
    cell.clock.set(Date.UTC(2026, 10, 25, 1, 10))
    expect(() => cell.scheduler.tick()).not.toThrow()
    expect(cell.catalog.schedules.lastChecked(schedule.id)).toBe(lastLook)
    expect(cell.tickUntil(Date.UTC(2026, 10, 25, 2, 10))).toEqual([])
    expect(cell.catalog.schedules.lastChecked(schedule.id)).toBe(lastLook)

    // Past the last look, the next occurrence runs once, as it would have.
    expect(cell.tickUntil(Date.UTC(2026, 10, 25, 2, 40))).toHaveLength(1)
    expect(cell.jobs.runs.map((run) => new Date(run.at).toISOString())).toEqual([
      '2026-11-25T01:30:00.000Z', '2026-11-25T02:00:00.000Z', '2026-11-25T02:30:00.000Z',
    ])
    expect(cell.events()).toEqual([])
  })

  it('runs a daily schedule once when the clock goes back across its time', () => {
    const cell = commCell(Date.UTC(2026, 10, 25, 1, 0))
    const sp = cell.storagePolicy('SP_A')
    cell.schedulePolicy('Copies', 'Nightly', dailyAt('02:00'), [sp.id])
    cell.scheduler.tick()
    cell.tickUntil(Date.UTC(2026, 10, 25, 2, 30))
    cell.clock.set(Date.UTC(2026, 10, 25, 1, 30))
    cell.tickUntil(Date.UTC(2026, 10, 26, 2, 30))
    expect(cell.jobs.runs.map((run) => new Date(run.at).toISOString())).toEqual(['2026-11-25T02:00:00.000Z', '2026-11-26T02:00:00.000Z'])
  })
})
