/**
 * The Job Manager: the state machine every Job Controller job goes through, whatever its operation. A job's planner
 * (backup, auxiliary copy, restore, verification) decides each step from the catalog; the manager runs it on the
 * MediaAgent, keeps the job's row (status, phase, progress, errors) in the catalog and live in the consoles, and
 * handles what is the same for every job: suspend, resume, kill, Pending and its retry, a MediaAgent that stopped
 * under a run (retried with backoff, then failed), and resuming jobs after a restart.
 */
import type { LostRun, MediaAgentClient } from '../media-link/media-agent-client'
import type { MediumRef, RunEnded, RunEvent, RunWork } from '../../app/media/media-protocol'
import { ServiceError, notFound } from '../../app/ipc/errors'
import { assertNever } from '../../app/model/assert'
import { isActiveStatus, type JobAction, type JobFigures, type JobRow, type JobStatus, type Operation } from '../../app/model/jobs'
import { nodeId } from '../../app/model/tree'
import type { Catalog } from '../catalog/catalog'
import type { NewOperationJob, OperationJob } from '../catalog/job-repository'
import type { Clock } from '../clock'
import type { EventBus } from '../event-bus'
import type { EventService } from '../services/event-service'
import { sampleLabel, type ThroughputSeries } from '../../app/rules/throughput-samples'
import { ThroughputSampler } from './throughput-sampler'

/** One error of a job, as Job Details lists it. */
export interface JobErrorRow {
  readonly backupJobId: number | null
  readonly file: string
  readonly reason: string
}

/** What a planner decides a job does next. */
export type Step =
  /** Runs `work` on the MediaAgent, showing `phase`. */
  | { readonly kind: 'run'; readonly work: RunWork; readonly phase: string; readonly bytesTotal: number }
  /** Pending (or Waiting, for a resource such as a drive): waits, with the reason shown, and asks again later. */
  | { readonly kind: 'wait'; readonly reason: string; readonly status?: 'Pending' | 'Waiting' }
  /** Ends the job; `Completed` becomes `Completed w/ one or more errors` when it has errors. */
  | { readonly kind: 'finish'; readonly status: JobStatus; readonly reason: string }

/** The step after a run that ended Pending: wait, naming the path that was unavailable. */
export function waitForTarget(ended: RunEnded, otherwise: string): Step {
  const failure = ended.errors.find((error) => error.failure.kind === 'targetUnavailable')?.failure
  return { kind: 'wait', reason: failure ? `${failure.file ? `${failure.file}: ` : ''}${failure.reason.replace(/\.$/, '')}.` : otherwise }
}

/** The step after a run the administrator killed. */
export function killedStep(reason = 'Killed by the administrator.'): Step {
  return { kind: 'finish', status: 'Killed', reason }
}

/** A run's first failure as one line (`file: reason`), or `otherwise` when it had none. */
export function firstFailure(ended: RunEnded, otherwise: string): string {
  const failure = ended.errors[0]?.failure
  return failure ? `${failure.file ? `${failure.file}: ` : ''}${failure.reason}` : otherwise
}

/** A run event about one backup job of a run. */
export type JobEvent = Extract<RunEvent, { type: 'jobDurable' | 'jobVerified' | 'restored' | 'jobFailed' }>

/** A tape stream's messages while it writes: a medium wanted, a segment closed, a medium left. */
export type TapeEvent = Extract<RunEvent, { type: 'mediumWanted' | 'segmentClosed' | 'mediumLeft' }>

/** What one durable job moved, for its job's figures (Job Details). */
export function movedBy(event: Extract<JobEvent, { type: 'jobDurable' }>): JobFigures {
  return { bytesRead: event.bytesRead, bytesWritten: event.bytesWritten, blocksWritten: event.blocksWritten, blocksFound: event.blocksFound }
}

/** Decides the steps of one operation's jobs. */
export interface Planner {
  readonly operation: Operation
  /** The job's next step, from the catalog and what its earlier runs did (also after a restart). */
  next(job: LiveJob): Promise<Step>
  /** A backup job of the run became durable, was verified, was restored, or failed. */
  onEvent(job: LiveJob, event: JobEvent): void
  /** A tape stream of the run asks for a medium (answer with `JobManager.giveMedium`), closed a segment, left a medium. */
  onTapeEvent?(job: LiveJob, event: TapeEvent): void
  /** The run ended: the step that follows (`next` asks `next()` again). */
  onRunEnded(job: LiveJob, ended: RunEnded): Step | 'next'
  /** The job ended (its row is written): release what it holds. */
  onFinished(job: LiveJob, status: JobStatus): void
  /** Whether a job left active by a stopped console resumes at the next start (else it is failed). */
  readonly resumesAfterRestart: boolean
}

/** A job the manager is driving now. */
export interface LiveJob {
  readonly jobId: number
  readonly operation: Operation
  readonly planner: Planner
  runId: number | null
  bytesDone: number
  bytesTotal: number
  throughput: number
  /** Bytes finished by earlier runs of this job (an aux copy runs once per copy). */
  bytesBefore: number
  /** Backup jobs the current run has started on (from progress), for Partially Copied. */
  readonly touched: Set<number>
  readonly errors: JobErrorRow[]
  retryTimer: NodeJS.Timeout | null
  /** Why the retry timer runs: Waiting for a resource another job holds (a drive), or Pending. */
  waitingFor: 'Pending' | 'Waiting' | null
  /** The reason of the last wait (a wait for the same reason again records no second event). */
  waitReason: string | null
  suspended: boolean
  /** Runs lost with the MediaAgent in a row (reset when a run ends normally). */
  lostRuns: number
  /** A kill asked while no run was active is carried out when the next step would start one. */
  killed: boolean
  /** The planner is deciding the next step now (a second decision would start a second run). */
  deciding: boolean
  /** Its throughput over time (Job Details), fed by its progress and its status changes. */
  readonly sampler: ThroughputSampler
}

/** Tuning (tests use short delays). */
export interface JobManagerOptions {
  /** How long a Pending job waits before it asks again (default 15 s). */
  readonly pendingRetryMs?: number
  /** Delays before each retry of a run lost with the MediaAgent; one more loss fails the job (default 1, 5, 25 s). */
  readonly lostRunRetryMs?: readonly number[]
  /** A monotonic clock in ms for throughput samples (default `performance.now`): real time, even on a test clock. */
  readonly monotonicNow?: () => number
}

/** How often live progress is pushed to consoles, and written to the catalog. */
const pushIntervalMs = 200
const persistIntervalMs = 2_000

/** The Job Manager of one console. */
export class JobManager {
  private readonly live = new Map<number, LiveJob>()
  private readonly runs = new Map<number, number>()
  private readonly planners = new Map<Operation, Planner>()
  private nextRunId = 1
  private readonly dirty = new Set<number>()
  private pushTimer: NodeJS.Timeout | null = null
  private lastPersist = 0
  private readonly unsubscribe: (() => void)[] = []
  private closed = false
  private readonly endListeners = new Set<(job: OperationJob) => void>()
  private readonly pendingRetryMs: number
  private readonly lostRunRetryMs: readonly number[]
  private readonly monotonicNow: () => number

  constructor(
    private readonly catalog: Catalog,
    private readonly mediaAgent: MediaAgentClient,
    private readonly bus: EventBus,
    readonly events: EventService,
    readonly clock: Clock,
    options: JobManagerOptions = {},
  ) {
    this.pendingRetryMs = options.pendingRetryMs ?? 15_000
    this.lostRunRetryMs = options.lostRunRetryMs ?? [1_000, 5_000, 25_000]
    this.monotonicNow = options.monotonicNow ?? (() => performance.now())
    this.unsubscribe.push(mediaAgent.subscribe((event) => this.receive(event)))
    this.unsubscribe.push(mediaAgent.onRunLost((lost) => this.lost(lost)))
  }

  /** Calls `listener` with each job's final row as it ends (after its event); returns the unsubscribe. */
  onJobEnded(listener: (job: OperationJob) => void): () => void {
    this.endListeners.add(listener)
    return () => this.endListeners.delete(listener)
  }

  /** Registers the planner of an operation (once per operation). */
  register(planner: Planner): void {
    this.planners.set(planner.operation, planner)
  }

  /** Records a new job (as it starts) and takes its first step; returns its Job ID. */
  create(row: NewOperationJob): number {
    const jobId = this.catalog.jobs.addOperationJob(row)
    this.adopt(jobId)
    return jobId
  }

  /** Takes a job its planner recorded itself (with what it holds, in one transaction) and takes its first step. */
  adopt(jobId: number): void {
    const job = this.catalog.jobs.operationJob(jobId)!
    this.track(job, this.plannerOf(job.operation))
    this.pushSoon(jobId)
    void this.advance(jobId)
  }

  /** The live job, when the manager drives it. */
  liveJob(jobId: number): LiveJob | undefined {
    return this.live.get(jobId)
  }

  /** Tells consoles the children or lists of these tree nodes changed (media and drives a job took or gave back). */
  treeChanged(nodeIds: readonly string[]): void {
    if (nodeIds.length > 0) this.bus.emit('tree:changed', { nodeIds: [...nodeIds] })
  }

  /** Answers a tape stream of a run: the medium to mount (now Active for the job), or none with the reason. */
  giveMedium(runId: number, askId: number, medium: MediumRef | null, reason: string): void {
    this.mediaAgent.giveMedium(runId, askId, medium, reason)
  }

  /**
   * Pending jobs ask their planners again now instead of at their next retry (media were added, a drive came
   * free): what they waited for may be there.
   */
  retryPending(only?: 'Waiting'): void {
    for (const live of this.live.values()) {
      if (live.retryTimer === null || live.suspended || live.runId !== null) continue
      if (only !== undefined && live.waitingFor !== only) continue
      clearTimeout(live.retryTimer)
      live.retryTimer = null
      void this.advance(live.jobId)
    }
  }

  /** Adds an error to a live job (shown in Details, and making a completion `w/ one or more errors`). */
  addError(job: LiveJob, error: JobErrorRow): void {
    job.errors.push(error)
  }

  // ── Job Controller actions ────────────────────────────────────────────────────────────────────────────────────

  /** Suspend, Resume or Kill a job. */
  control(jobId: number, action: JobAction): OperationJob {
    const job = this.catalog.jobs.operationJob(jobId)
    if (job === undefined) throw notFound(`Job ${jobId}`, 'jobId')
    const live = this.live.get(jobId)
    if (live === undefined || !isActiveStatus(job.status)) {
      throw new ServiceError('conflict', `Job ${jobId} has ended (${job.status}); only running jobs can be controlled.`, 'jobId')
    }
    switch (action) {
      case 'suspend':
        if (live.suspended) throw new ServiceError('conflict', `Job ${jobId} is already suspended.`, 'action')
        live.suspended = true
        if (live.runId !== null) this.mediaAgent.control('suspend', live.runId)
        else this.setStatus(jobId, { status: 'Suspended' })
        break
      case 'resume':
        if (!live.suspended && job.status !== 'Pending') throw new ServiceError('conflict', `Job ${jobId} is not suspended.`, 'action')
        live.suspended = false
        if (live.runId !== null) {
          // When the suspend has not landed yet, the run resumes as soon as it does (see `receive`).
          if (job.status === 'Suspended') this.mediaAgent.control('resume', live.runId)
          this.setStatus(jobId, { status: 'Running', reason: '' })
        } else if (live.deciding) {
          // The step being decided starts its run unsuspended.
          this.setStatus(jobId, { status: 'Running', reason: '' })
        } else {
          void this.advance(jobId)
        }
        break
      case 'kill':
        if (live.runId !== null) this.mediaAgent.control('kill', live.runId)
        else {
          live.killed = true
          this.finish(jobId, 'Killed', 'Killed by the administrator.')
        }
        break
      default:
        assertNever(action, 'job action')
    }
    this.events.record({ severity: 'Information', program: 'Job Manager', jobId, description: `Job ${jobId}: ${action} requested by the administrator.` })
    return this.catalog.jobs.operationJob(jobId)!
  }

  // ── Steps ─────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Asks the job's planner for its next step and takes it. */
  private async advance(jobId: number): Promise<void> {
    const live = this.live.get(jobId)
    if (live === undefined || this.closed || live.deciding || live.runId !== null) return
    if (live.retryTimer) {
      clearTimeout(live.retryTimer)
      live.retryTimer = null
    }
    let step: Step
    live.deciding = true
    try {
      step = await live.planner.next(live)
    } catch (error) {
      step = { kind: 'finish', status: 'Failed', reason: error instanceof Error ? error.message : String(error) }
    } finally {
      live.deciding = false
    }
    if (this.live.get(jobId) !== live || live.killed || this.closed) return
    this.take(live, step)
  }

  private take(live: LiveJob, step: Step): void {
    switch (step.kind) {
      case 'run': {
        const runId = this.nextRunId++
        this.runs.set(runId, live.jobId)
        live.runId = runId
        // Running again: a later wait is news, even for the reason of the last one.
        live.waitingFor = null
        live.waitReason = null
        live.touched.clear()
        live.bytesTotal = live.bytesBefore + step.bytesTotal
        this.setStatus(live.jobId, { status: live.suspended ? 'Suspended' : 'Running', phase: step.phase, reason: '', bytesTotal: live.bytesTotal })
        this.mediaAgent.start(runId, step.work)
        if (live.suspended) this.mediaAgent.control('suspend', runId)
        return
      }
      case 'wait':
        this.goPending(live, step.reason, step.status ?? 'Pending')
        return
      case 'finish':
        this.finish(live.jobId, step.status, step.reason)
        return
      default:
        assertNever(step, 'job step')
    }
  }

  private goPending(live: LiveJob, reason: string, status: 'Pending' | 'Waiting'): void {
    live.runId = null
    this.setStatus(live.jobId, { status: live.suspended ? 'Suspended' : status, reason })
    // One event per wait: asking again and waiting for the same reason says nothing new.
    if (live.waitingFor !== status || live.waitReason !== reason) {
      const until = status === 'Waiting' ? 'It starts when one is free.' : 'It continues when what it waits for is back.'
      this.events.record({ severity: status === 'Waiting' ? 'Information' : 'Minor', program: live.operation, jobId: live.jobId, description: `Job ${live.jobId} is ${status}: ${reason} ${until}` })
    }
    live.waitingFor = status
    live.waitReason = reason
    live.retryTimer = setTimeout(() => {
      live.retryTimer = null
      if (!this.closed && !live.suspended) void this.advance(live.jobId)
    }, this.pendingRetryMs)
    live.retryTimer.unref()
  }

  // ── MediaAgent events ─────────────────────────────────────────────────────────────────────────────────────────

  private receive(event: RunEvent): void {
    const jobId = this.runs.get(event.runId)
    const live = jobId === undefined ? undefined : this.live.get(jobId)
    if (live === undefined || live.runId !== event.runId) return
    switch (event.type) {
      case 'progress':
        live.bytesDone = live.bytesBefore + event.bytesDone
        if (event.bytesTotal > 0) live.bytesTotal = Math.max(live.bytesTotal, live.bytesBefore + event.bytesTotal)
        live.throughput = event.throughput
        live.sampler.progress(live.bytesDone, this.monotonicNow())
        for (const id of event.currentJobIds) live.touched.add(id)
        this.pushSoon(live.jobId)
        return
      case 'jobDurable':
      case 'jobVerified':
      case 'restored':
      case 'jobFailed':
        live.planner.onEvent(live, event)
        this.pushSoon(live.jobId)
        return
      case 'runEnded':
        this.runEnded(live, event)
        return
      case 'mediumWanted':
      case 'segmentClosed':
      case 'mediumLeft':
        if (live.planner.onTapeEvent) live.planner.onTapeEvent(live, event)
        else if (event.type === 'mediumWanted') this.giveMedium(event.runId, event.askId, null, `${live.operation} does not write to tape.`)
        this.pushSoon(live.jobId)
        return
      default:
        assertNever(event, 'run event')
    }
  }

  private runEnded(live: LiveJob, ended: RunEnded): void {
    if (ended.outcome === 'suspended') {
      // The MediaAgent keeps a suspended run for `resume`; a resume asked while the suspend was on its way goes now.
      if (!live.suspended) this.mediaAgent.control('resume', ended.runId)
      else this.setStatus(live.jobId, { status: 'Suspended' })
      return
    }
    this.runs.delete(ended.runId)
    live.runId = null
    live.lostRuns = 0
    for (const error of ended.errors) {
      // What a Pending run waited for is its reason (and an event), not an error of the job once it goes on.
      if (ended.outcome === 'pending' && error.failure.kind === 'targetUnavailable') continue
      const known = live.errors.some((each) => each.backupJobId === error.backupJobId && each.reason === error.failure.reason)
      if (!known) live.errors.push({ backupJobId: error.backupJobId, file: error.failure.file, reason: error.failure.reason })
    }
    const step = live.planner.onRunEnded(live, ended)
    if (step === 'next') void this.advance(live.jobId)
    else this.take(live, step)
  }

  /** The MediaAgent stopped under a run: retry it with backoff, then fail the job; a suspended job stays Suspended. */
  private lost({ runId, reason }: LostRun): void {
    const jobId = this.runs.get(runId)
    this.runs.delete(runId)
    const live = jobId === undefined ? undefined : this.live.get(jobId)
    if (live === undefined || live.runId !== runId) return
    live.runId = null
    const delay = this.lostRunRetryMs[live.lostRuns]
    live.lostRuns += 1
    if (delay === undefined) {
      this.finish(live.jobId, 'Failed', `${reason}; gave up after ${live.lostRuns} attempts`)
      return
    }
    this.events.record({ severity: 'Major', program: live.operation, jobId: live.jobId, description: `Job ${live.jobId}: ${reason}. It is retried in ${Math.round(delay / 1000)} s (attempt ${live.lostRuns + 1}).` })
    if (live.suspended) {
      this.setStatus(live.jobId, { status: 'Suspended', reason: `${reason}; the job continues from its durable data on Resume.` })
      return
    }
    this.setStatus(live.jobId, { status: 'Pending', reason: `${reason}; retrying in ${Math.round(delay / 1000)} s.` })
    live.retryTimer = setTimeout(() => {
      live.retryTimer = null
      if (!this.closed && !live.suspended) void this.advance(live.jobId)
    }, delay)
    live.retryTimer.unref()
  }

  // ── Rows ──────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Ends a job: writes its final row, releases what it holds, tells the Event Viewer and the consoles. */
  finish(jobId: number, status: JobStatus, reason: string): void {
    const live = this.live.get(jobId)
    const job = this.catalog.jobs.operationJob(jobId)
    if (job === undefined) return
    if (live?.retryTimer) clearTimeout(live.retryTimer)
    const errors = live?.errors ?? job.errors
    const finalStatus: JobStatus = status === 'Completed' && errors.length > 0 ? 'Completed w/ one or more errors' : status
    const completed = finalStatus === 'Completed' || finalStatus === 'Completed w/ one or more errors'
    if (live) {
      live.sampler.close(this.monotonicNow())
      const samples = live.sampler.takeUnsaved()
      if (samples !== null) this.catalog.jobs.saveThroughput(jobId, samples)
    }
    this.catalog.jobs.updateOperationJob(jobId, {
      status: finalStatus, endTime: this.clock.now(), reason, errors, bytesDone: live?.bytesDone ?? job.bytesDone,
      ...(live ? { bytesTotal: Math.max(live.bytesTotal, live.bytesDone) } : {}),
      phase: completed ? 'Complete' : finalStatus === 'Killed' ? 'Killed' : job.phase,
    })
    this.live.delete(jobId)
    if (live) live.planner.onFinished(live, finalStatus)
    this.events.record({
      severity: finalStatus === 'Completed' ? 'Information' : finalStatus === 'Killed' ? 'Minor' : 'Major',
      program: job.operation,
      jobId,
      description: `${job.operation} job ${jobId} ended: ${finalStatus}${reason ? ` (${reason})` : ''}${errors.length > 0 ? `; ${errors.length} error(s), first: ${errors[0]!.file ? `${errors[0]!.file}: ` : ''}${errors[0]!.reason}` : ''}.`,
    })
    this.pushSoon(jobId)
    const nodes = ['commcell', 'storagePolicies']
    if (job.storagePolicyId !== null) nodes.push(nodeId('storagePolicy', job.storagePolicyId))
    if (job.subclientId !== null) nodes.push(nodeId('subclient', job.subclientId))
    for (const copy of job.storagePolicyId === null ? [] : this.catalog.policies.copies(job.storagePolicyId)) nodes.push(nodeId('copy', copy.id))
    this.bus.emit('tree:changed', { nodeIds: nodes })
    const ended = this.catalog.jobs.operationJob(jobId)
    if (ended !== undefined) for (const listener of this.endListeners) listener(ended)
    // What the job held (drives, a copy's writer lease) is free now: jobs Waiting for it ask at once.
    if (!this.closed) this.retryPending('Waiting')
  }

  /** Writes a job's changing fields and pushes its row soon. */
  setStatus(jobId: number, change: Parameters<Catalog['jobs']['updateOperationJob']>[1]): void {
    this.catalog.jobs.updateOperationJob(jobId, change)
    const live = this.live.get(jobId)
    if (live !== undefined && (change.status !== undefined || change.phase !== undefined)) {
      const job = this.catalog.jobs.operationJob(jobId)
      if (job !== undefined) live.sampler.relabel(sampleLabel(job.status, job.phase), this.monotonicNow())
    }
    this.pushSoon(jobId)
  }

  /**
   * A job's throughput samples: live (up to now) while the manager drives it, else as stored; empty for a job that
   * never moved anything.
   */
  throughputOf(jobId: number): ThroughputSeries | undefined {
    return this.live.get(jobId)?.sampler.snapshot(this.monotonicNow()) ?? this.catalog.jobs.throughput(jobId)
  }

  /** Pushes changed rows to consoles at most every 200 ms, and writes progress to the catalog every 2 s. */
  private pushSoon(jobId: number): void {
    this.dirty.add(jobId)
    if (this.pushTimer !== null || this.closed) return
    this.pushTimer = setTimeout(() => {
      this.pushTimer = null
      const now = this.clock.now()
      const persist = now - this.lastPersist >= persistIntervalMs
      if (persist) this.lastPersist = now
      const rows: JobRow[] = []
      for (const id of this.dirty) {
        const live = this.live.get(id)
        if (live && persist) {
          this.catalog.jobs.updateOperationJob(id, { bytesDone: live.bytesDone, bytesTotal: live.bytesTotal })
          const samples = live.sampler.takeUnsaved()
          if (samples !== null) this.catalog.jobs.saveThroughput(id, samples)
        }
        const job = this.catalog.jobs.operationJob(id)
        if (job) rows.push(this.row(job))
      }
      this.dirty.clear()
      if (rows.length > 0) this.bus.emit('jobs:progress', { jobs: rows })
    }, pushIntervalMs)
  }

  /** The Job Controller row of a job, with live progress when it is running. */
  row(job: OperationJob): JobRow {
    const live = this.live.get(job.id)
    const bytesDone = live?.bytesDone ?? job.bytesDone
    const bytesTotal = live?.bytesTotal ?? job.bytesTotal
    const ended = !isActiveStatus(job.status)
    // An ended job's average over its CommServe time; none when that clock did not move (a test clock stands still).
    const elapsedSeconds = ((job.endTime ?? this.clock.now()) - job.startTime) / 1000
    return {
      jobId: job.id,
      operation: job.operation,
      client: job.client,
      storagePolicy: job.storagePolicy,
      copy: job.copy,
      backupType: job.backupType,
      status: job.status,
      phase: job.phase,
      progress: ended && job.status.startsWith('Completed') ? 100 : bytesTotal > 0 ? Math.min(100, (100 * bytesDone) / bytesTotal) : 0,
      bytesDone,
      bytesTotal,
      // Only a running job moves bytes: a suspended, pending or waiting one shows none (not its last rate).
      throughput: ended ? (elapsedSeconds > 0 ? bytesDone / elapsedSeconds : 0) : job.status === 'Running' ? (live?.throughput ?? 0) : 0,
      startTime: job.startTime,
      endTime: job.endTime,
      reason: job.reason,
      description: job.description,
      schedule: job.schedule,
    }
  }

  /** The errors of a job: live while it runs, as stored once it ended. */
  errorsOf(job: OperationJob): readonly JobErrorRow[] {
    return this.live.get(job.id)?.errors ?? job.errors
  }

  // ── Start and stop ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * After a restart: jobs left active resume from what the catalog holds (an aux copy keeps its durable chunks, a
   * backup starts again); a job suspended before stays Suspended until resumed.
   */
  recover(): void {
    for (const job of this.catalog.jobs.unfinishedJobs()) {
      const planner = this.planners.get(job.operation)
      if (planner === undefined || !planner.resumesAfterRestart) {
        this.catalog.jobs.updateOperationJob(job.id, { status: 'Failed', endTime: this.clock.now(), reason: 'Interrupted when the CommServe stopped.' })
        continue
      }
      const live = this.track(job, planner)
      live.errors.push(...job.errors)
      this.events.record({ severity: 'Minor', program: job.operation, jobId: job.id, description: `Job ${job.id} was interrupted when the CommServe stopped; it resumes where its durable data ends.` })
      if (job.status === 'Suspended') {
        live.suspended = true
        continue
      }
      void this.advance(job.id)
    }
  }

  /** Stops pushing and retrying; runs are stopped by the MediaAgent client's close. */
  close(): void {
    this.closed = true
    for (const unsubscribe of this.unsubscribe) unsubscribe()
    if (this.pushTimer) clearTimeout(this.pushTimer)
    for (const live of this.live.values()) if (live.retryTimer) clearTimeout(live.retryTimer)
  }

  private track(job: OperationJob, planner: Planner): LiveJob {
    // A job resumed after a restart goes on from its stored samples (the time the console was down is not shown).
    const sampler = new ThroughputSampler(this.monotonicNow(), sampleLabel(job.status, job.phase), {
      series: this.catalog.jobs.throughput(job.id), bytesDone: job.bytesDone,
    })
    const live: LiveJob = {
      jobId: job.id, operation: planner.operation, planner, runId: null, bytesDone: 0, bytesTotal: job.bytesTotal, throughput: 0,
      bytesBefore: 0, touched: new Set(), errors: [], retryTimer: null, waitingFor: null, waitReason: null, suspended: false, lostRuns: 0, killed: false,
      deciding: false, sampler,
    }
    this.live.set(job.id, live)
    return live
  }

  private plannerOf(operation: Operation): Planner {
    const planner = this.planners.get(operation)
    if (planner === undefined) throw new Error(`no planner for ${operation}`)
    return planner
  }
}
