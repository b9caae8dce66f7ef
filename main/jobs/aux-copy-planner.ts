/**
 * Auxiliary copies: a policy's jobs from each target copy's source copy to the target, one target copy after the
 * other. A copy has one writer at a time, held as a lease in the catalog; a job is Available on the target only after
 * the MediaAgent reported its data durable there (and, with Verify copied data, read back and matched).
 */
import { randomUUID } from 'node:crypto'
import { ServiceError, notFound } from '../../app/ipc/errors'
import { type CopyTask, type JobRef, type RunEnded, mountPathOf } from '../../app/media/media-protocol'
import type { PolicyCopy } from '../../app/model/entities'
import type { AuxCopyFormData, JobStatus, RunAuxCopyInput } from '../../app/model/jobs'
import type { AuxCopyOptions } from '../../app/model/schedule'
import { type NextAuxCopyJobs, nextAuxCopyJobs } from '../../app/rules/aux-copy-plan'
import type { Catalog } from '../catalog/catalog'
import type { JobOnCopy } from '../catalog/job-repository'
import { type JobEvent, type JobManager, type LiveJob, type Planner, type Step, type TapeEvent, firstFailure, killedStep, movedBy, waitForTarget } from './job-manager'
import type { MediaPaths } from './media-paths'
import { TapeDrives } from './tape-drives'

/** What an aux copy job records in its options (enough to resume it after a restart). */
interface AuxCopyJobOptions {
  readonly streams: number | null
  readonly startNewMedia: boolean
  readonly markMediaFull: boolean
  readonly verifyCopiedData: boolean
  readonly copyIds: readonly number[]
}

/** The target copy an aux copy job is writing, and its tasks. */
interface AuxCopyState {
  readonly remaining: number[]
  current: { readonly copyId: number; readonly tasks: readonly CopyTask[] } | null
  readonly done: Set<number>
  readonly failed: Set<number>
  /** Tape media this job wrote on (Start New Media appends only to these; Mark Media Full on Success marks them). */
  readonly media: Set<string>
  /** Per target copy, the jobs Defer Auxiliary Copy held back this run: how many, and when the first may be copied. */
  readonly deferred: Map<number, { readonly count: number; readonly until: number }>
}

/** A lease not renewed for this long belongs to a console that stopped. */
const leaseTtlMs = 60_000
const leaseRenewMs = 20_000

/** Plans auxiliary copies and takes each to its end. */
export class AuxCopyPlanner implements Planner {
  readonly operation = 'Auxiliary Copy' as const
  readonly resumesAfterRestart = true
  /** This console's name on the leases it holds. */
  readonly holder = `${process.pid}:${randomUUID()}`
  private readonly state = new Map<number, AuxCopyState>()
  private renewTimer: NodeJS.Timeout | null = null
  private readonly tape: TapeDrives

  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
    private readonly paths: MediaPaths,
  ) {
    this.tape = new TapeDrives(catalog, manager)
  }

  /** What the Auxiliary Copy Job Options dialog offers: policies with active secondary copies, and those copies. */
  form(storagePolicyId: number | null): AuxCopyFormData {
    const policies = storagePolicyId === null ? this.catalog.policies.policies() : [this.policyOrThrow(storagePolicyId)]
    return {
      policies: policies
        .map((policy) => ({
          id: policy.id,
          name: policy.name,
          copies: this.catalog.policies
            .copies(policy.id)
            .filter((copy) => copy.copyType !== 'primary' && copy.active)
            .map((copy) => ({ id: copy.id, name: copy.name, toBeCopied: this.catalog.jobs.copyStatusCounts(copy).get('To Be Copied') ?? 0 })),
        }))
        .filter((policy) => policy.copies.length > 0),
    }
  }

  /**
   * The copies an auxiliary copy of a policy writes: all its active secondary copies, or the one named (refused,
   * naming the field, when it is not an active secondary copy of the policy).
   */
  targets(input: { readonly storagePolicyId: number; readonly copyId: number | null }): PolicyCopy[] {
    const policy = this.policyOrThrow(input.storagePolicyId)
    const secondaries = this.catalog.policies.copies(policy.id).filter((copy) => copy.copyType !== 'primary' && copy.active)
    if (input.copyId === null) {
      if (secondaries.length === 0) throw new ServiceError('invalid_input', `${policy.name} has no active secondary copy to copy to.`, 'storagePolicyId')
      return secondaries
    }
    const copy = secondaries.find((candidate) => candidate.id === input.copyId)
    if (copy === undefined) {
      const exists = this.catalog.policies.copy(input.copyId)
      if (exists === undefined || exists.storagePolicyId !== policy.id) throw notFound(`Copy ${input.copyId} of ${policy.name}`, 'copyId')
      throw new ServiceError('invalid_input', `${exists.name} is ${exists.copyType === 'primary' ? 'the primary copy' : 'not active'}; choose an active secondary copy.`, 'copyId')
    }
    return [copy]
  }

  /** Starts an auxiliary copy of a policy to all its active secondary copies, or to one. */
  run(input: RunAuxCopyInput, scheduleId: number | null = null): { jobId: number } {
    const policy = this.policyOrThrow(input.storagePolicyId)
    const targets = this.targets(input)
    for (const target of targets) {
      const writer = this.writerOf(target.id)
      if (writer !== undefined) {
        throw new ServiceError('conflict', `${target.name} is being written by auxiliary copy job ${writer}; this run would write it at the same time. Wait for job ${writer} to finish.`, 'copyId')
      }
    }
    return this.start(policy.id, input.copyId, targets, input, scheduleId)
  }

  /**
   * A scheduled auxiliary copy of a policy to the given copies: copies that are inactive or that another aux copy
   * is writing are left for the next run. Returns the job, or null when no copy is free to write.
   */
  runScheduled(storagePolicyId: number, copyIds: readonly number[], options: AuxCopyOptions, scheduleId: number): { jobId: number } | null {
    const targets = this.catalog.policies
      .copies(storagePolicyId)
      .filter((copy) => copyIds.includes(copy.id) && copy.copyType !== 'primary' && copy.active && this.writerOf(copy.id) === undefined)
    if (targets.length === 0) return null
    return this.start(storagePolicyId, targets.length === 1 ? targets[0]!.id : null, targets, { ...options, verifyCopiedData: false, description: '' }, scheduleId)
  }

  /** Whether an auxiliary copy is writing a copy now (a live lease holds it). */
  isBeingWritten(copyId: number): boolean {
    return this.writerOf(copyId) !== undefined
  }

  private writerOf(copyId: number): number | undefined {
    return this.catalog.leases.live(copyId, Date.now() - leaseTtlMs)?.jobId
  }

  private start(
    storagePolicyId: number,
    copyId: number | null,
    targets: readonly PolicyCopy[],
    input: AuxCopyOptions & { verifyCopiedData: boolean; description: string },
    scheduleId: number | null,
  ): { jobId: number } {
    const policy = this.policyOrThrow(storagePolicyId)
    const options: AuxCopyJobOptions = {
      streams: input.streams, startNewMedia: input.startNewMedia, markMediaFull: input.markMediaFull, verifyCopiedData: input.verifyCopiedData,
      copyIds: targets.map((target) => target.id),
    }
    const jobId = this.catalog.transaction(() => {
      const id = this.catalog.jobs.addOperationJob({
        operation: 'Auxiliary Copy', status: 'Running', phase: 'Auxiliary Copy', startTime: this.manager.clock.now(), subclientId: null,
        storagePolicyId: policy.id, copyId, backupType: null, cycle: null, options, description: input.description, scheduleId, bytesTotal: 0,
      })
      this.takeLeases(id, options.copyIds)
      return id
    })
    this.manager.events.record({
      severity: 'Information', program: 'Auxiliary Copy', jobId,
      description: `Auxiliary copy job ${jobId} of ${policy.name} started to ${targets.map((t) => t.name).join(', ')}${scheduleId === null ? '' : ' by its schedule'}${options.verifyCopiedData ? ', verifying copied data' : ''}.`,
    })
    this.manager.adopt(jobId)
    return { jobId }
  }

  /** Takes (or takes over, after a restart) the leases on the job's copies; throws `conflict` when one is held. */
  private takeLeases(jobId: number, copyIds: readonly number[]): void {
    const now = Date.now()
    for (const copyId of copyIds) {
      const blocking = this.catalog.leases.acquire({ copyId, jobId, holder: this.holder, now, staleBefore: now - leaseTtlMs })
      if (blocking !== undefined) {
        const name = this.catalog.policies.copy(copyId)?.name ?? `Copy ${copyId}`
        throw new ServiceError('conflict', `${name} is being written by auxiliary copy job ${blocking.jobId}; wait for it to finish.`, 'copyId')
      }
    }
    this.renewTimer ??= setInterval(() => this.catalog.leases.renew(this.holder, Date.now()), leaseRenewMs)
    this.renewTimer.unref()
  }

  private stateOf(job: LiveJob): AuxCopyState {
    let state = this.state.get(job.jobId)
    if (state === undefined) {
      const options = this.optionsOf(job.jobId)
      state = {
        remaining: options.copyIds.filter((id) => this.catalog.policies.copy(id) !== undefined), current: null, done: new Set(), failed: new Set(),
        media: new Set(), deferred: new Map(),
      }
      this.state.set(job.jobId, state)
      // After a restart, the job takes its copies' leases over from the console that stopped.
      this.catalog.transaction(() => this.takeLeases(job.jobId, state!.remaining))
    }
    return state
  }

  private optionsOf(jobId: number): AuxCopyJobOptions {
    const options = (this.catalog.jobs.operationJob(jobId)?.options ?? {}) as Partial<AuxCopyJobOptions>
    return {
      streams: options.streams ?? null, startNewMedia: options.startNewMedia ?? false, markMediaFull: options.markMediaFull ?? false,
      verifyCopiedData: options.verifyCopiedData ?? false, copyIds: options.copyIds ?? [],
    }
  }

  async next(job: LiveJob): Promise<Step> {
    const state = this.stateOf(job)
    const options = this.optionsOf(job.jobId)
    while (state.remaining.length > 0) {
      const copy = this.catalog.policies.copy(state.remaining[0]!)
      if (copy === undefined) {
        state.remaining.shift()
        continue
      }
      const policy = this.catalog.policies.policy(copy.storagePolicyId)!
      // An encrypted target or source needs its key: the job waits until the console is given the passphrase.
      const locked = this.paths.lockedFor([copy, copy.sourceCopyId === null ? undefined : this.catalog.policies.copy(copy.sourceCopyId)])
      if (locked !== null) return { kind: 'wait', reason: locked }
      let streams = Math.max(1, Math.min(options.streams ?? policy.deviceStreams, policy.deviceStreams, 16))
      const tape = this.paths.isTape(copy)
      let targetRef: (backupJobId: number, repair: boolean) => JobRef
      if (tape) {
        // A job Bad on tape is written again from its start: its old segments are dead data.
        targetRef = (backupJobId, repair) => {
          if (repair) this.catalog.tape.dropSegments(copy.id, backupJobId)
          return this.paths.onTape(copy, backupJobId)
        }
      } else {
        let target: ReturnType<MediaPaths['targetMountPath']>
        try {
          target = this.paths.targetMountPath(copy, 'copyId')
        } catch (error) {
          this.manager.addError(job, { backupJobId: null, file: '', reason: error instanceof Error ? error.message : String(error) })
          state.remaining.shift()
          continue
        }
        const offline = await this.paths.mountPathOffline(target.id)
        if (offline !== null) return { kind: 'wait', reason: `Mount path ${target.path} of ${target.library} is unavailable (${offline}).` }
        targetRef = (backupJobId) => this.paths.writeRef(copy, backupJobId, target.id)
      }
      const tasks = this.tasksFor(job, copy, targetRef)
      if (tasks.length === 0) {
        state.remaining.shift()
        continue
      }
      if (tape) {
        // One medium per stream, each in a drive of the copy's drive pool: as many streams as the job holds drives.
        const drives = this.tape.reserve(job.jobId, copy, Math.min(streams, tasks.length))
        if (typeof drives === 'string') return { kind: 'wait', status: 'Waiting', reason: drives }
        streams = drives
      }
      state.current = { copyId: copy.id, tasks }
      return {
        kind: 'run',
        phase: `Copying to ${copy.name}${options.verifyCopiedData ? ' (verifying)' : ''}`,
        bytesTotal: tasks.reduce((sum, task) => sum + task.bytes, 0),
        work: { kind: 'auxCopy', tasks, streams, verifyTarget: options.verifyCopiedData },
      }
    }
    // Nothing left to copy: a run that found nothing completes at once without moving data. Jobs Defer Auxiliary
    // Copy held back are said in the job's reason: they stay To Be Copied until then.
    return { kind: 'finish', status: 'Completed', reason: this.deferredReason(state) }
  }

  /** Why jobs To Be Copied were not copied by this run: `Defer Auxiliary Copy for 3 days: 2 jobs of Copy_3 wait (...)`. */
  private deferredReason(state: AuxCopyState): string {
    return [...state.deferred.entries()]
      .map(([copyId, { count, until }]) => {
        const copy = this.catalog.policies.copy(copyId)
        if (copy === undefined) return ''
        return `Defer Auxiliary Copy for ${copy.deferDays} ${copy.deferDays === 1 ? 'day' : 'days'}: ${count} ${count === 1 ? 'job' : 'jobs'} of ${copy.name} ${count === 1 ? 'waits' : 'wait'} (the next may be copied from ${new Date(until).toLocaleString()}).`
      })
      .filter((text) => text !== '')
      .join(' ')
  }

  /** The jobs the copy still needs (see `nextAuxCopyJobs`), with where their data lies on the source. */
  private tasksFor(job: LiveJob, copy: PolicyCopy, targetRef: (backupJobId: number, repair: boolean) => JobRef): CopyTask[] {
    const state = this.state.get(job.jobId)!
    const sourceId = copy.sourceCopyId!
    const source = this.catalog.policies.copy(sourceId)!
    const tasks: CopyTask[] = []
    // A job this run already failed on is left for the next run, not retried in a loop.
    const { selected, deferred } = this.nextJobs(copy, (backup) => state.failed.has(backup.id))
    for (const { job: backup, repair } of selected) {
      const sourceRef = this.paths.heldOn(source, backup.id)
      if (sourceRef === null) {
        this.manager.addError(job, { backupJobId: backup.id, file: '', reason: `Job ${backup.id} has no data on the source copy ${source.name}.` })
        state.failed.add(backup.id)
        continue
      }
      tasks.push({
        backupJobId: backup.id, bytes: backup.sizeBytes, repair,
        source: sourceRef, target: targetRef(backup.id, repair),
      })
    }
    if (deferred === null) state.deferred.delete(copy.id)
    else state.deferred.set(copy.id, deferred)
    return tasks
  }

  /**
   * What the next run takes to a copy now (`nextAuxCopyJobs` over the copy's jobs: selective copies and Defer
   * Auxiliary Copy as View Jobs shows them); Auxiliary Copy Job Options shows the same before OK.
   */
  nextJobs(copy: PolicyCopy, skip?: (backup: JobOnCopy) => boolean): NextAuxCopyJobs<JobOnCopy> {
    return nextAuxCopyJobs(this.catalog.jobs.jobsOnCopy(copy), copy.deferDays, this.manager.clock.now(), skip)
  }

  onEvent(job: LiveJob, event: JobEvent): void {
    const current = this.state.get(job.jobId)?.current
    if (!current) return
    const copyId = current.copyId
    switch (event.type) {
      case 'jobDurable': {
        const task = current.tasks.find((candidate) => candidate.backupJobId === event.backupJobId)
        if (task === undefined) return
        this.state.get(job.jobId)!.done.add(event.backupJobId)
        // Only now, with the MediaAgent's word that the target manifest and folders are fsynced, is the job Available there.
        this.catalog.transaction(() => {
          this.catalog.jobs.setOnCopy({ backupJobId: event.backupJobId, copyId, status: 'Available', bytesCopied: event.bytes, mountPathId: mountPathOf(task.target.store) })
          if (event.verified) this.catalog.jobs.markVerified(event.backupJobId, copyId, this.manager.clock.now())
          this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId: event.backupJobId, copyId, status: event.verified ? 'Copied and verified' : 'Copied', bytes: event.bytes })
          this.catalog.jobs.addFigures(job.jobId, movedBy(event))
        })
        return
      }
      case 'jobFailed': {
        // A target that is unavailable (no spare medium, a mount path gone) makes the run Pending: the job is copied
        // when the run goes on, not left for the next one.
        if (event.failure.kind === 'targetUnavailable') return
        this.state.get(job.jobId)!.failed.add(event.backupJobId)
        this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId: event.backupJobId, copyId, status: `Failed: ${event.failure.reason}`, bytes: 0 })
        this.manager.events.record({
          severity: event.failure.kind === 'checksum' ? 'Major' : 'Minor', program: 'Auxiliary Copy', jobId: job.jobId,
          description: `Job ${job.jobId}: backup job ${event.backupJobId} failed (${event.failure.kind}): ${event.failure.file ? `${event.failure.file}: ` : ''}${event.failure.reason}`,
        })
        return
      }
      case 'jobVerified':
      case 'restored':
        return
    }
  }

  /** A tape stream of the run asks for a medium, closed a segment, or left a medium (see `TapeDrives`). */
  onTapeEvent(job: LiveJob, event: TapeEvent): void {
    const state = this.state.get(job.jobId)
    this.tape.handle(job.jobId, event, this.optionsOf(job.jobId).startNewMedia, state?.media ?? new Set())
  }

  /** The tape libraries of the copies a job writes. */
  private tapeLibrariesOf(job: LiveJob): number[] {
    const libraries = this.optionsOf(job.jobId).copyIds.flatMap((id) => {
      const copy = this.catalog.policies.copy(id)
      return copy !== undefined && this.paths.isTape(copy) ? [copy.libraryId] : []
    })
    return [...new Set(libraries)]
  }

  onRunEnded(job: LiveJob, ended: RunEnded): Step | 'next' {
    const state = this.state.get(job.jobId)!
    this.markPartial(job, state)
    // The run's streams unmounted their media: the drives go back to the pool (the next step reserves again).
    this.tape.release(job.jobId, this.tapeLibrariesOf(job))
    switch (ended.outcome) {
      case 'pending':
        return waitForTarget(ended, 'A mount path is unavailable.')
      case 'killed':
        return killedStep('Killed by the administrator; partly copied jobs resume with the next run.')
      case 'failed':
        return { kind: 'wait', reason: `${firstFailure(ended, 'The MediaAgent could not run the copy')}; retrying.` }
      case 'completed':
      case 'completedWithErrors':
        job.bytesBefore = job.bytesDone
        state.current = null
        state.remaining.shift()
        return 'next'
      case 'suspended':
        return 'next'
    }
  }

  /** Jobs the run started on but did not make durable are Partially Copied (resumable by the next run). */
  private markPartial(job: LiveJob, state: AuxCopyState): void {
    const current = state.current
    if (current === null) return
    for (const task of current.tasks) {
      if (!job.touched.has(task.backupJobId) || state.done.has(task.backupJobId)) continue
      const known = this.catalog.jobs.location(task.backupJobId, current.copyId)
      if (known?.status === 'Bad') continue // stays Bad until a run copies it whole again
      this.catalog.jobs.setOnCopy({ backupJobId: task.backupJobId, copyId: current.copyId, status: 'Partially Copied', bytesCopied: 0, mountPathId: mountPathOf(task.target.store) })
    }
  }

  onFinished(job: LiveJob, status: JobStatus): void {
    const state = this.state.get(job.jobId)
    this.tape.release(job.jobId, this.tapeLibrariesOf(job))
    if (status === 'Completed' && state !== undefined && this.optionsOf(job.jobId).markMediaFull) this.tape.markFull(state.media)
    this.state.delete(job.jobId)
    this.catalog.leases.release(job.jobId)
    if (this.state.size === 0 && this.renewTimer) {
      clearInterval(this.renewTimer)
      this.renewTimer = null
    }
  }

  /** Stops renewing leases (the console is closing; a restart takes them over). */
  close(): void {
    if (this.renewTimer) clearInterval(this.renewTimer)
    this.renewTimer = null
  }

  private policyOrThrow(storagePolicyId: number) {
    const policy = this.catalog.policies.policy(storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${storagePolicyId}`, 'storagePolicyId')
    return policy
  }
}
