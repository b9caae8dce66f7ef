import { AuxCopyOptions, BackupScheduleOptions, SchedulePattern, type ScheduleBackupType } from '../../app/model/schedule'
import { occurrencesBetween } from '../../app/rules/schedule-time'
import type { Catalog } from '../catalog/catalog'
import type { ScheduleRow } from '../catalog/schedule-repository'
import type { Clock } from '../clock'
import type { EventService } from '../services/event-service'

/** How often the real-time driver looks for due schedules. */
const tickIntervalMs = 30_000

/** What the scheduler asks of the Job Manager: is a copy being written, start a scheduled aux copy or Data Aging. */
export interface ScheduledRuns {
  isBeingWritten(copyId: number): boolean
  runScheduledAuxCopy(storagePolicyId: number, copyIds: readonly number[], options: AuxCopyOptions, scheduleId: number): { jobId: number } | null
  /** Starts Data Aging; throws (a conflict) when one is running. */
  runScheduledDataAging(scheduleId: number): { jobId: number }
  /** Starts a backup of a subclient as `backup:run` does (its content checked on the MediaAgent first); rejects with the reason it cannot. */
  runScheduledBackup(subclientId: number, backupType: ScheduleBackupType, scheduleId: number): Promise<{ jobId: number }>
}

/** What a schedule runs: an auxiliary copy with its options, Data Aging (which has none), or backups of a type. */
type ScheduleWork =
  | { readonly kind: 'auxCopy'; readonly options: AuxCopyOptions }
  | { readonly kind: 'dataAging' }
  | { readonly kind: 'backup'; readonly backupType: ScheduleBackupType }

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Runs schedules when they are due, reading time from the injected clock. Each look covers the time since the last
 * one, so a run missed while the console was closed runs once at the next start, not once per missed interval.
 */
export class Scheduler {
  private timer: NodeJS.Timeout | null = null
  /** The problems already reported per unreadable schedule, so each is one event, not one per look. */
  private readonly reportedProblems = new Map<number, Set<string>>()
  /** Why the last look at all schedules failed, so a lasting failure is one event. */
  private lastLookFailure: string | null = null
  /** Why each failing check failed last, so a lasting failure is one event. */
  private readonly failedChecks = new Map<string, string>()
  /** Scheduled backups still starting (each checks its subclient's content on the MediaAgent first). */
  private readonly startingBackups = new Set<Promise<number | null>>()

  constructor(
    private readonly catalog: Catalog,
    private readonly jobs: ScheduledRuns,
    private readonly events: EventService,
    private readonly clock: Clock,
    /** What the CommServe checks at every tick after the schedules (the fallen-behind alert), each on its own. */
    private readonly checks: readonly { readonly name: string; run(now: number): void }[] = [],
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

  /**
   * Looks at every schedule once: those with an occurrence since the last look run (once). Returns the jobs started.
   * Never throws: a schedule that fails is an event and the others still run.
   */
  tick(now = this.clock.now()): number[] {
    let schedules: ScheduleRow[]
    try {
      schedules = this.catalog.schedules.allSchedules()
    } catch (error) {
      const problem = messageOf(error)
      if (problem !== this.lastLookFailure) this.report(`The scheduler could not read the schedules: ${problem}`)
      this.lastLookFailure = problem
      return []
    }
    this.lastLookFailure = null
    const started: number[] = []
    for (const schedule of schedules) {
      try {
        started.push(...this.look(schedule, now))
      } catch (error) {
        this.report(`Schedule ${schedule.name} could not run: ${messageOf(error)}`)
      }
    }
    this.runChecks(now)
    return started
  }

  /** Runs the tick's checks; one that throws is an event (once per problem) and the others still run. */
  private runChecks(now: number): void {
    for (const check of this.checks) {
      try {
        check.run(now)
        this.failedChecks.delete(check.name)
      } catch (error) {
        const problem = messageOf(error)
        if (this.failedChecks.get(check.name) !== problem) this.report(`${check.name} could not be checked: ${problem}`)
        this.failedChecks.set(check.name, problem)
      }
    }
  }

  /** Whether scheduled backups are still starting (a caller that has nothing else to wait for answers at once). */
  hasStartingBackups(): boolean {
    return this.startingBackups.size > 0
  }

  /**
   * Waits for the scheduled backups still starting and returns the jobs they started. A look starts backups without
   * waiting (their content is checked on the MediaAgent); a subclient that cannot run is an event, never a throw.
   */
  async backupsStarted(): Promise<number[]> {
    const started = await Promise.all([...this.startingBackups])
    return started.filter((jobId): jobId is number => jobId !== null)
  }

  /** Runs a schedule policy now (Run Immediately): every schedule of it, whatever their time; a failure is the caller's. */
  runNow(schedulePolicyId: number): number[] {
    return this.catalog.schedules.schedulesOfPolicy(schedulePolicyId).flatMap((schedule) => {
      const readable = this.read(schedule)
      return readable === null
        ? []
        : this.run(schedule, readable.work, (error) => {
            throw error
          })
    })
  }

  /** One schedule's look: records it, and runs the schedule once when it fired since its last look. */
  private look(schedule: ScheduleRow, now: number): number[] {
    const readable = this.read(schedule)
    const last = this.catalog.schedules.lastChecked(schedule.id)
    // A clock set back (or not moved) covers time already looked at: nothing fires twice, and the last look stays
    // where it was, so the occurrences between `now` and it do not fire again once the clock passes them.
    if (last !== undefined && now <= last) return []
    this.catalog.schedules.setLastChecked(schedule.id, now)
    // A schedule's first look starts its clock; it does not run for the time before it existed.
    if (last === undefined || readable === null) return []
    if (occurrencesBetween(readable.pattern, last, now, 1).length === 0) return []
    // One storage policy that cannot start its copy does not keep the schedule's other policies from theirs.
    return this.run(schedule, readable.work, (error) => this.report(`Schedule ${schedule.name} could not run: ${messageOf(error)}`))
  }

  /** The schedule's pattern and work, or null (reported once per problem) when the stored values do not parse. */
  private read(schedule: ScheduleRow): { pattern: SchedulePattern; work: ScheduleWork } | null {
    const pattern = SchedulePattern.safeParse(schedule.pattern)
    const policyType = schedule.schedulePolicyId === null ? 'Auxiliary Copy' : this.catalog.schedules.schedulePolicy(schedule.schedulePolicyId)?.policyType
    const options = ((): { success: true; data: ScheduleWork } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } => {
      if (policyType === 'Data Aging') return { success: true, data: { kind: 'dataAging' } }
      if (policyType === 'Data Protection') {
        const parsed = BackupScheduleOptions.safeParse(schedule.options)
        return parsed.success ? { success: true, data: { kind: 'backup', backupType: parsed.data.backupType } } : parsed
      }
      const parsed = AuxCopyOptions.safeParse(schedule.options)
      return parsed.success ? { success: true, data: { kind: 'auxCopy', options: parsed.data } } : parsed
    })()
    if (pattern.success && options.success) {
      // Readable again (saved): a later problem is news again.
      this.reportedProblems.delete(schedule.id)
      return { pattern: pattern.data, work: options.data }
    }
    const issue = (pattern.success ? (options.success ? undefined : options.error) : pattern.error)?.issues[0]
    const field = [pattern.success ? 'options' : 'pattern', ...(issue?.path ?? []).map(String)].join('.')
    const problem = `${field}: ${(issue?.message ?? 'not valid').split('\n')[0]!.replace(/\.$/, '')}`
    const reported = this.reportedProblems.get(schedule.id) ?? new Set<string>()
    if (!reported.has(problem)) {
      reported.add(problem)
      this.reportedProblems.set(schedule.id, reported)
      this.report(`Schedule ${schedule.name} of ${this.ownerName(schedule)} cannot be read (${problem}); it does not run until it is saved again.`)
    }
    return null
  }

  /** The schedule policy or storage policy a schedule belongs to, by name. */
  private ownerName(schedule: ScheduleRow): string {
    if (schedule.schedulePolicyId !== null) return this.catalog.schedules.schedulePolicy(schedule.schedulePolicyId)?.name ?? `schedule policy ${schedule.schedulePolicyId}`
    if (schedule.storagePolicyId !== null) return this.catalog.policies.policy(schedule.storagePolicyId)?.name ?? `storage policy ${schedule.storagePolicyId}`
    return 'no policy'
  }

  /**
   * Starts one backup per subclient the schedule's policy covers that has content and a storage policy, through the
   * path a backup started by hand takes. A subclient that cannot run (its content is gone, a backup of it is still
   * running) is an event naming it; the others still run.
   */
  private startBackups(schedule: ScheduleRow, backupType: ScheduleBackupType): void {
    if (schedule.schedulePolicyId === null) return
    const { clients, jobs } = this.catalog
    for (const subclientId of this.catalog.schedules.subclientsCoveredBy(schedule.schedulePolicyId)) {
      const subclient = clients.subclient(subclientId)
      if (subclient === undefined || subclient.content.length === 0 || subclient.storagePolicyId === null) continue
      const agent = clients.agent(subclient.agentId)
      const name = `${clients.client(agent?.clientId ?? 0)?.name ?? ''} / ${agent?.name ?? ''} / ${subclient.name}`
      const running = jobs.activeJobsOfPolicy(subclient.storagePolicyId).find((job) => job.operation === 'Backup' && job.subclientId === subclient.id)
      if (running !== undefined) {
        this.report(`Schedule ${schedule.name}: subclient ${name} could not run: its backup job ${running.id} is still running.`)
        continue
      }
      const starting: Promise<number | null> = this.jobs.runScheduledBackup(subclient.id, backupType, schedule.id).then(
        ({ jobId }) => jobId,
        (error: unknown) => {
          this.report(`Schedule ${schedule.name}: subclient ${name} could not run: ${messageOf(error)}`)
          return null
        },
      )
      this.startingBackups.add(starting)
      void starting.finally(() => this.startingBackups.delete(starting))
    }
  }

  /** Records a Major scheduler event; when even that fails (the catalog is failing), says so on stderr and goes on. */
  private report(description: string): void {
    try {
      this.events.record({ severity: 'Major', program: 'Scheduler', description })
    } catch (error) {
      console.error(`Scheduler: ${description} (and the event could not be recorded: ${messageOf(error)})`)
    }
  }

  /**
   * Starts Data Aging, or one auxiliary copy per storage policy the schedule covers, to the copies it covers that are
   * free. A policy whose copy cannot start goes to `failed`; the next policy is tried when `failed` returns.
   */
  private run(schedule: ScheduleRow, work: ScheduleWork, failed: (error: unknown) => void): number[] {
    if (work.kind === 'dataAging') {
      try {
        return [this.jobs.runScheduledDataAging(schedule.id).jobId]
      } catch (error) {
        failed(error)
        return []
      }
    }
    if (work.kind === 'backup') {
      this.startBackups(schedule, work.backupType)
      return []
    }
    const { options } = work
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
      let job: { jobId: number } | null
      try {
        job = this.jobs.runScheduledAuxCopy(policyId, [...copyIds], options, schedule.id)
      } catch (error) {
        failed(error)
        continue
      }
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
