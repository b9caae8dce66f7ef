import { AuxCopyOptions, SchedulePattern } from '../../app/model/schedule'
import { occurrencesBetween } from '../../app/rules/schedule-time'
import type { Catalog } from '../catalog/catalog'
import type { ScheduleRow } from '../catalog/schedule-repository'
import type { Clock } from '../clock'
import type { EventService } from '../services/event-service'
import type { JobService } from '../services/job-service'

/** How often the real-time driver looks for due schedules. */
const tickIntervalMs = 30_000

/**
 * Runs schedules when they are due, reading time from the injected clock. Each look covers the time since the last
 * one, so a run missed while the console was closed runs once at the next start, not once per missed interval.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null

  constructor(
    private readonly catalog: Catalog,
    private readonly jobs: JobService,
    private readonly events: EventService,
    private readonly clock: Clock,
  ) {}

  /** Runs what is due now (missed runs once), then looks again every 30 seconds. */
  start(): void {
    this.tick()
    this.timer = setInterval(() => this.tick(), tickIntervalMs)
    this.timer.unref()
  }

  /** Stops looking. */
  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  /** Looks at every schedule once: those with an occurrence since the last look run (once). Returns the jobs started. */
  tick(now = this.clock.now()): number[] {
    const started: number[] = []
    for (const schedule of this.catalog.schedules.allSchedules()) {
      const last = this.catalog.schedules.lastChecked(schedule.id)
      this.catalog.schedules.setLastChecked(schedule.id, now)
      // A schedule's first look starts its clock; it does not run for the time before it existed.
      if (last === undefined) continue
      const pattern = SchedulePattern.safeParse(schedule.pattern)
      if (!pattern.success) continue
      if (occurrencesBetween(pattern.data, last, now, 1).length === 0) continue
      started.push(...this.run(schedule))
    }
    return started
  }

  /** Runs a schedule policy now (Run Immediately): every schedule of it, whatever their time. */
  runNow(schedulePolicyId: number): number[] {
    return this.catalog.schedules.schedulesOfPolicy(schedulePolicyId).flatMap((schedule) => this.run(schedule))
  }

  /** Starts one auxiliary copy per storage policy the schedule covers, to the copies it covers that are free. */
  private run(schedule: ScheduleRow): number[] {
    const options = AuxCopyOptions.safeParse(schedule.options)
    if (!options.success) return []
    const byPolicy = new Map<number, Set<number>>()
    const add = (policyId: number, copyIds: readonly number[]) => {
      const set = byPolicy.get(policyId) ?? new Set<number>()
      for (const id of copyIds) set.add(id)
      byPolicy.set(policyId, set)
    }
    const secondaries = (policyId: number) =>
      this.catalog.policies.copies(policyId).filter((copy) => copy.copyType !== 'primary').map((copy) => copy.id)
    const associations =
      schedule.schedulePolicyId !== null
        ? this.catalog.schedules.associationsOfPolicy(schedule.schedulePolicyId)
        : this.catalog.schedules.associationsOfSchedule(schedule.id)
    for (const association of associations) {
      if (association.copyId !== null) {
        const copy = this.catalog.policies.copy(association.copyId)
        if (copy) add(copy.storagePolicyId, [copy.id])
      } else if (association.storagePolicyId !== null) {
        // A storage-policy association covers its current and future copies.
        add(association.storagePolicyId, secondaries(association.storagePolicyId))
      }
    }
    if (schedule.storagePolicyId !== null && schedule.allCopies) add(schedule.storagePolicyId, secondaries(schedule.storagePolicyId))

    const started: number[] = []
    for (const [policyId, copyIds] of byPolicy) {
      const busy = [...copyIds].filter((copyId) => this.jobs.isBeingWritten(copyId))
      const job = this.jobs.runScheduledAuxCopy(policyId, [...copyIds], options.data, schedule.id)
      if (job) started.push(job.jobId)
      if (busy.length > 0) {
        const names = busy.map((id) => this.catalog.policies.copy(id)?.name ?? '').join(', ')
        this.events.record({
          severity: 'Information', program: 'Scheduler',
          description: `Schedule ${schedule.name}: ${names} is being written by another auxiliary copy; it is left for the next run.`,
        })
      }
    }
    return started
  }
}
