import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve } from 'node:path'
import type { CopyTask, EngineFailure, FromWorker, JobError } from '../../app/engine/worker-protocol'
import { ServiceError, notFound } from '../../app/ipc/errors'
import { assertNever } from '../../app/model/assert'
import type { BackupType, PolicyCopy } from '../../app/model/entities'
import {
  isActiveStatus,
  type AuxCopyFormData,
  type JobAction,
  type JobDetails,
  type JobRow,
  type JobStatus,
  type RestoreFormData,
  type RunAuxCopyInput,
  type RunBackupInput,
  type RunRestoreInput,
} from '../../app/model/jobs'
import type { AuxCopyOptions } from '../../app/model/schedule'
import { nodeId } from '../../app/model/tree'
import type { Catalog } from '../catalog/catalog'
import type { OperationJob } from '../catalog/job-repository'
import type { Clock } from '../clock'
import type { CopyEngineHost } from '../engine/copy-engine-host'
import { jobFolderPath } from '../engine/job-store'
import type { EventBus } from '../event-bus'
import { backupChain, baselineJobs } from './backup-chain'
import type { EventService } from './event-service'

/** How long a finished job stays in the Job Controller (the product keeps it 5 minutes). */
export const finishedJobVisibleMs = 5 * 60 * 1000
/** How often a Pending auxiliary copy checks whether its targets are back. */
const pendingRetryMs = 15_000
/** How often live progress is pushed to consoles, and written to the catalog. */
const pushIntervalMs = 200
const persistIntervalMs = 2_000

/** One engine run: one phase of a Job Controller job (an aux copy runs one per target copy). */
interface RunContext {
  readonly jobId: number
  readonly kind: 'auxCopy' | 'backup' | 'restore'
  readonly copyId: number | null
  readonly tasks: readonly CopyTask[]
  /** A backup's job folder on the primary copy's mount path. */
  readonly jobDir: string | null
}

/** A Job Controller job the service is driving now. */
interface LiveJob {
  readonly jobId: number
  runId: number | null
  bytesDone: number
  bytesTotal: number
  throughput: number
  /** Bytes finished by earlier runs of this job (aux copies run once per copy). */
  bytesBefore: number
  /** Target copies still to run (aux copy). */
  remainingCopies: number[]
  errors: { backupJobId: number | null; file: string; reason: string }[]
  retryTimer: NodeJS.Timeout | null
  suspended: boolean
}

/** The engine's failure, as one line for the Job Controller and the Event Viewer. */
function describeFailure(failure: EngineFailure): string {
  return failure.file === '' ? failure.reason : `${failure.file}: ${failure.reason}`
}

/**
 * The Job Manager: runs backups, auxiliary copies and restores in the copy worker, keeps their Job Controller rows
 * live, and records a backup job Available on a copy only after the worker reports its data durable.
 */
export class JobService {
  private readonly runs = new Map<number, RunContext>()
  private readonly live = new Map<number, LiveJob>()
  /** Copies an auxiliary copy is writing now, and by which job: two never write one copy at once. */
  private readonly writers = new Map<number, number>()
  private nextRunId = 1
  private readonly dirty = new Set<number>()
  private pushTimer: NodeJS.Timeout | null = null
  private lastPersist = 0
  private readonly unsubscribe: () => void
  private closed = false

  constructor(
    private readonly catalog: Catalog,
    private readonly engine: CopyEngineHost,
    private readonly bus: EventBus,
    private readonly events: EventService,
    private readonly clock: Clock,
  ) {
    this.unsubscribe = engine.subscribe((message) => this.receive(message))
  }

  // ── Job Controller ────────────────────────────────────────────────────────────────────────────────────────────

  /** Running and recent jobs for the Job Controller, newest first. */
  list(): JobRow[] {
    return this.catalog.jobs.controllerJobs(this.clock.now() - finishedJobVisibleMs).map((job) => this.row(job))
  }

  /** A job's Details: what it copied or restored, and its errors. */
  details(jobId: number): JobDetails {
    const job = this.catalog.jobs.operationJob(jobId)
    if (job === undefined) throw notFound(`Job ${jobId}`, 'jobId')
    const copyNames = new Map(this.catalog.policies.copies().map((copy) => [copy.id, copy.name]))
    return {
      job: this.row(job),
      items: this.catalog.jobs.items(jobId).map((item) => ({
        backupJobId: item.backupJobId, copy: copyNames.get(item.copyId) ?? '', backupType: item.backupType, bytes: item.bytes, status: item.status,
      })),
      errors: this.live.get(jobId)?.errors ?? job.errors,
    }
  }

  /** Suspend, Resume or Kill a job. */
  control(jobId: number, action: JobAction): JobRow {
    const job = this.catalog.jobs.operationJob(jobId)
    if (job === undefined) throw notFound(`Job ${jobId}`, 'jobId')
    const live = this.live.get(jobId)
    if (live === undefined || !isActiveStatus(job.status)) {
      throw new ServiceError('conflict', `Job ${jobId} has ended (${job.status}); only running jobs can be controlled.`, 'jobId')
    }
    switch (action) {
      case 'suspend':
        if (job.status === 'Suspended') throw new ServiceError('conflict', `Job ${jobId} is already suspended.`, 'action')
        live.suspended = true
        if (live.runId !== null) this.engine.send({ type: 'suspend', runId: live.runId })
        else this.setStatus(jobId, { status: 'Suspended', phase: job.phase })
        break
      case 'resume':
        if (!live.suspended && job.status !== 'Pending') throw new ServiceError('conflict', `Job ${jobId} is not suspended.`, 'action')
        live.suspended = false
        if (live.runId !== null) {
          // When the suspend has not landed yet, the run resumes as soon as it does (see `receive`).
          if (job.status === 'Suspended') this.engine.send({ type: 'resume', runId: live.runId })
          this.setStatus(jobId, { status: 'Running', reason: '' })
        } else {
          this.continueAuxCopy(jobId)
        }
        break
      case 'kill':
        if (live.runId !== null) this.engine.send({ type: 'kill', runId: live.runId })
        else this.finish(jobId, 'Killed', 'Killed by the administrator.')
        break
      default:
        assertNever(action, 'job action')
    }
    this.events.record({ severity: 'Information', program: 'Job Manager', jobId, description: `Job ${jobId}: ${action} requested by the administrator.` })
    return this.row(this.catalog.jobs.operationJob(jobId)!)
  }

  // ── Backup ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Backs up a subclient's content folders to its storage policy's primary copy. */
  backup(input: RunBackupInput): { jobId: number } {
    const subclient = this.catalog.clients.subclient(input.subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${input.subclientId}`, 'subclientId')
    if (subclient.storagePolicyId === null) {
      throw new ServiceError('invalid_input', `Subclient ${subclient.name} has no storage policy; set one in its Properties.`, 'subclientId')
    }
    if (subclient.content.length === 0) throw new ServiceError('invalid_input', `Subclient ${subclient.name} has no content; add folders in its Properties.`, 'subclientId')
    const missing = subclient.content.find((path) => !existsSync(path))
    if (missing !== undefined) throw new ServiceError('invalid_input', `Content folder ${missing} does not exist.`, 'subclientId')
    const primary = this.catalog.policies.copies(subclient.storagePolicyId).find((copy) => copy.copyType === 'primary')!
    const mountPath = this.diskMountPath(primary, 'subclientId')

    // The product's rule: the first backup of a subclient is a Full whatever was asked.
    const history = this.catalog.jobs.completedBackups(subclient.id)
    const backupType: BackupType = history.some((job) => job.backupType === 'Full') ? input.backupType : 'Full'
    const baseline = backupType === 'Full' ? [] : baselineJobs(history, backupType)
    const baselineDirs = baseline.map((job) => this.catalog.jobs.dataDirOn(job.id, primary.id)).filter((dir): dir is string => dir !== null)
    const lastCycle = history[0]?.cycle ?? 0
    const now = this.clock.now()
    const jobId = this.catalog.transaction(() => {
      const id = this.catalog.jobs.addOperationJob({
        operation: 'Backup', status: 'Running', phase: 'Backup', startTime: now, subclientId: subclient.id,
        storagePolicyId: subclient.storagePolicyId, copyId: primary.id, backupType,
        cycle: backupType === 'Full' ? lastCycle + 1 : Math.max(1, lastCycle), options: { requested: input.backupType },
        description: '', scheduleId: null, bytesTotal: 0,
      })
      return id
    })
    const jobDir = jobFolderPath(mountPath, subclient.storagePolicyId, primary.id, jobId)
    this.track(jobId, 0, [])
    this.start(jobId, { kind: 'backup', copyId: primary.id, tasks: [], jobDir }, (runId) => ({
      type: 'startBackup', runId, jobId, backupType, contents: subclient.content, jobDir, baselineJobDirs: baselineDirs,
    }))
    this.events.record({ severity: 'Information', program: 'Backup', jobId, description: `${backupType} backup of ${subclient.name} started (job ${jobId}).` })
    this.pushSoon(jobId)
    return { jobId }
  }

  // ── Auxiliary copy ────────────────────────────────────────────────────────────────────────────────────────────

  /** What the Auxiliary Copy Job Options dialog offers: policies with active secondary copies, and those copies. */
  auxCopyForm(storagePolicyId: number | null): AuxCopyFormData {
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

  /** Starts an auxiliary copy of a policy to all its active secondary copies, or to one. */
  runAuxCopy(input: RunAuxCopyInput, scheduleId: number | null = null): { jobId: number } {
    const policy = this.policyOrThrow(input.storagePolicyId)
    const secondaries = this.catalog.policies.copies(policy.id).filter((copy) => copy.copyType !== 'primary' && copy.active)
    let targets: PolicyCopy[]
    if (input.copyId === null) {
      if (secondaries.length === 0) throw new ServiceError('invalid_input', `${policy.name} has no active secondary copy to copy to.`, 'storagePolicyId')
      targets = secondaries
    } else {
      const copy = secondaries.find((candidate) => candidate.id === input.copyId)
      if (copy === undefined) {
        const exists = this.catalog.policies.copy(input.copyId)
        if (exists === undefined || exists.storagePolicyId !== policy.id) throw notFound(`Copy ${input.copyId} of ${policy.name}`, 'copyId')
        throw new ServiceError('invalid_input', `${exists.name} is ${exists.copyType === 'primary' ? 'the primary copy' : 'not active'}; choose an active secondary copy.`, 'copyId')
      }
      targets = [copy]
    }
    for (const target of targets) {
      const writer = this.writers.get(target.id)
      if (writer !== undefined) {
        throw new ServiceError('conflict', `${target.name} is being written by auxiliary copy job ${writer}; this run would write it at the same time. Wait for job ${writer} to finish.`, 'copyId')
      }
    }
    return this.startAuxCopyJob(policy.id, input.copyId, targets, input, scheduleId)
  }

  /**
   * A scheduled auxiliary copy of a policy to the given copies: copies that are inactive or that another aux copy
   * is writing are left for the next run. Returns the job, or null when no copy is free to write.
   */
  runScheduledAuxCopy(storagePolicyId: number, copyIds: readonly number[], options: AuxCopyOptions, scheduleId: number): { jobId: number } | null {
    const targets = this.catalog.policies
      .copies(storagePolicyId)
      .filter((copy) => copyIds.includes(copy.id) && copy.copyType !== 'primary' && copy.active && !this.writers.has(copy.id))
    if (targets.length === 0) return null
    return this.startAuxCopyJob(storagePolicyId, targets.length === 1 ? targets[0]!.id : null, targets, { ...options, description: '' }, scheduleId)
  }

  /** Whether an auxiliary copy is writing a copy now. */
  isBeingWritten(copyId: number): boolean {
    return this.writers.has(copyId)
  }

  private startAuxCopyJob(
    storagePolicyId: number,
    copyId: number | null,
    targets: readonly PolicyCopy[],
    input: AuxCopyOptions & { description: string },
    scheduleId: number | null,
  ): { jobId: number } {
    const policy = this.policyOrThrow(storagePolicyId)
    const now = this.clock.now()
    const jobId = this.catalog.jobs.addOperationJob({
      operation: 'Auxiliary Copy', status: 'Running', phase: 'Auxiliary Copy', startTime: now, subclientId: null,
      storagePolicyId: policy.id, copyId, backupType: null, cycle: null,
      options: { streams: input.streams, startNewMedia: input.startNewMedia, markMediaFull: input.markMediaFull, copyIds: targets.map((t) => t.id) },
      description: input.description, scheduleId, bytesTotal: 0,
    })
    for (const target of targets) this.writers.set(target.id, jobId)
    this.track(jobId, 0, targets.map((target) => target.id))
    this.events.record({
      severity: 'Information', program: 'Auxiliary Copy', jobId,
      description: `Auxiliary copy job ${jobId} of ${policy.name} started to ${targets.map((t) => t.name).join(', ')}${scheduleId === null ? '' : ' by its schedule'}.`,
    })
    this.continueAuxCopy(jobId)
    return { jobId }
  }

  /** Runs the next target copy of an aux copy job, or ends it when none is left. */
  private continueAuxCopy(jobId: number): void {
    const live = this.live.get(jobId)
    const job = this.catalog.jobs.operationJob(jobId)
    if (live === undefined || job === undefined) return
    if (live.retryTimer) {
      clearTimeout(live.retryTimer)
      live.retryTimer = null
    }
    const options = job.options as { streams: number | null }
    while (live.remainingCopies.length > 0) {
      const copyId = live.remainingCopies[0]!
      const copy = this.catalog.policies.copy(copyId)
      if (copy === undefined) {
        live.remainingCopies.shift()
        continue
      }
      let tasks: CopyTask[]
      try {
        tasks = this.auxCopyTasks(jobId, copy)
      } catch (error) {
        if (error instanceof ServiceError && error.code === 'unavailable') {
          this.goPending(jobId, error.message)
          return
        }
        live.errors.push({ backupJobId: null, file: '', reason: error instanceof Error ? error.message : String(error) })
        live.remainingCopies.shift()
        continue
      }
      if (tasks.length === 0) {
        live.remainingCopies.shift()
        continue
      }
      const policy = this.catalog.policies.policy(copy.storagePolicyId)!
      const streams = Math.max(1, Math.min(options.streams ?? policy.deviceStreams, policy.deviceStreams, 16))
      live.bytesTotal = live.bytesBefore + tasks.reduce((sum, task) => sum + task.bytes, 0)
      this.setStatus(jobId, { status: live.suspended ? 'Suspended' : 'Running', phase: `Copying to ${copy.name}`, reason: '', bytesTotal: live.bytesTotal })
      this.start(jobId, { kind: 'auxCopy', copyId, tasks, jobDir: null }, (runId) => ({ type: 'startAuxCopy', runId, tasks, streams }))
      if (live.suspended) this.engine.send({ type: 'suspend', runId: live.runId! })
      return
    }
    // Nothing left to copy: a run that found nothing completes at once without moving data.
    this.finish(jobId, live.errors.length > 0 ? 'Completed w/ one or more errors' : 'Completed', '')
  }

  /** The jobs a target copy still needs, with where their data lies on the source and will lie on the target. */
  private auxCopyTasks(jobId: number, copy: PolicyCopy): CopyTask[] {
    const mountPath = this.diskMountPath(copy, 'copyId')
    const source = copy.sourceCopyId!
    const tasks: CopyTask[] = []
    for (const job of this.catalog.jobs.jobsOnCopy(copy)) {
      if (job.copyStatus !== 'To Be Copied' && job.copyStatus !== 'Partially Copied') continue
      const sourceDir = this.catalog.jobs.dataDirOn(job.id, source)
      if (sourceDir === null) {
        this.live.get(jobId)?.errors.push({ backupJobId: job.id, file: '', reason: `Job ${job.id} has no data on the source copy.` })
        continue
      }
      tasks.push({ backupJobId: job.id, sourceDir, targetDir: jobFolderPath(mountPath, copy.storagePolicyId, copy.id, job.id), bytes: job.sizeBytes })
    }
    return tasks.reverse() // oldest first
  }

  private goPending(jobId: number, reason: string): void {
    const live = this.live.get(jobId)
    if (live === undefined) return
    live.runId = null
    this.setStatus(jobId, { status: 'Pending', reason })
    this.events.record({ severity: 'Minor', program: 'Auxiliary Copy', jobId, description: `Job ${jobId} is Pending: ${reason} It continues when the path is back.` })
    live.retryTimer = setTimeout(() => {
      live.retryTimer = null
      if (!this.closed && !live.suspended) this.continueAuxCopy(jobId)
    }, pendingRetryMs)
    live.retryTimer.unref()
  }

  // ── Restore ───────────────────────────────────────────────────────────────────────────────────────────────────

  /** Browse and Restore: a subclient's completed jobs and the copies that hold each. */
  restoreForm(subclientId: number): RestoreFormData {
    const subclient = this.catalog.clients.subclient(subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${subclientId}`, 'subclientId')
    const copies = subclient.storagePolicyId === null ? [] : this.catalog.policies.copies(subclient.storagePolicyId)
    return {
      subclient: subclient.name,
      jobs: this.catalog.jobs.completedBackups(subclient.id).map((job) => ({
        backupJobId: job.id,
        backupType: job.backupType,
        startTime: job.startTime,
        bytes: job.sizeBytes,
        copies: copies
          .filter((copy) => this.catalog.jobs.availableDataDir(job.id, copy.id) !== null)
          .map((copy) => ({ id: copy.id, name: copy.name, precedence: copy.precedence })),
      })),
    }
  }

  /** Restores a backup job (with the jobs of its cycle it builds on) from a copy to a folder. */
  restore(input: RunRestoreInput): { jobId: number } {
    const target = this.catalog.jobs.backupJob(input.backupJobId)
    if (target === undefined) throw notFound(`Backup job ${input.backupJobId}`, 'backupJobId')
    const destination = resolve(input.destination)
    for (const mountPath of this.catalog.resources.mountPaths()) {
      const inside = relative(mountPath.path, destination)
      if (inside === '' || (!inside.startsWith('..') && !isAbsolute(inside))) {
        throw new ServiceError('invalid_input', 'Destination folder cannot be inside a library mount path.', 'destination')
      }
    }
    try {
      mkdirSync(destination, { recursive: true })
      if (!statSync(destination).isDirectory()) throw new Error('not a folder')
      accessSync(destination, constants.W_OK)
    } catch (error) {
      throw new ServiceError('invalid_input', `Destination folder cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 'destination')
    }
    const copies = this.catalog.policies.copies(target.storagePolicyId)
    const chain = backupChain(this.catalog.jobs.completedBackups(target.subclientId), target.id)
    const jobDirs: string[] = []
    let readFrom: PolicyCopy | undefined
    for (const job of chain) {
      // Restore uses the lowest copy precedence holding the job, unless a copy was named (then it must hold it).
      const candidates = input.copyId === null ? copies : copies.filter((copy) => copy.id === input.copyId)
      if (input.copyId !== null && candidates.length === 0) throw notFound(`Copy ${input.copyId} of this storage policy`, 'copyId')
      const holder = candidates.find((copy) => this.catalog.jobs.availableDataDir(job.id, copy.id) !== null)
      if (holder === undefined) {
        throw new ServiceError(
          'invalid_input',
          input.copyId === null
            ? `Job ${job.id} (${job.backupType}) is not available on any copy.`
            : `Job ${job.id} (${job.backupType}) is not available on ${candidates[0]!.name}; choose another copy or use copy precedence.`,
          'copyId',
        )
      }
      readFrom ??= holder
      jobDirs.push(this.catalog.jobs.availableDataDir(job.id, holder.id)!)
    }
    const now = this.clock.now()
    const jobId = this.catalog.jobs.addOperationJob({
      operation: 'Restore', status: 'Running', phase: 'Restore', startTime: now, subclientId: target.subclientId,
      storagePolicyId: target.storagePolicyId, copyId: readFrom?.id ?? null, backupType: null, cycle: null,
      options: { backupJobId: target.id, destination, chain: chain.map((job) => job.id) }, description: '', scheduleId: null,
      bytesTotal: chain.reduce((sum, job) => sum + job.sizeBytes, 0),
    })
    for (const job of chain) this.catalog.jobs.setItem({ jobId, backupJobId: job.id, copyId: readFrom!.id, status: 'Restoring', bytes: job.sizeBytes })
    this.track(jobId, chain.reduce((sum, job) => sum + job.sizeBytes, 0), [])
    this.start(jobId, { kind: 'restore', copyId: readFrom?.id ?? null, tasks: [], jobDir: null }, (runId) => ({ type: 'startRestore', runId, jobDirs, destination }))
    this.events.record({
      severity: 'Information', program: 'Restore', jobId,
      description: `Restore job ${jobId} of backup job ${target.id} from ${readFrom?.name ?? ''} to ${destination} started.`,
    })
    return { jobId }
  }

  // ── Engine events ─────────────────────────────────────────────────────────────────────────────────────────────

  private start(jobId: number, context: Omit<RunContext, 'jobId'>, command: (runId: number) => Parameters<CopyEngineHost['send']>[0]): void {
    const runId = this.nextRunId++
    this.runs.set(runId, { jobId, ...context })
    this.live.get(jobId)!.runId = runId
    this.engine.send(command(runId))
  }

  private track(jobId: number, bytesTotal: number, copies: number[]): void {
    this.live.set(jobId, {
      jobId, runId: null, bytesDone: 0, bytesTotal, throughput: 0, bytesBefore: 0, remainingCopies: copies, errors: [],
      retryTimer: null, suspended: false,
    })
  }

  private receive(message: FromWorker): void {
    const run = this.runs.get(message.runId)
    if (run === undefined) return
    const live = this.live.get(run.jobId)
    switch (message.type) {
      case 'progress':
        if (live) {
          live.bytesDone = live.bytesBefore + message.bytesDone
          if (message.bytesTotal > 0) live.bytesTotal = Math.max(live.bytesTotal, live.bytesBefore + message.bytesTotal)
          live.throughput = message.throughput
          this.pushSoon(run.jobId)
        }
        break
      case 'jobDurable':
        this.onDurable(run, message.backupJobId, message.bytes)
        break
      case 'jobFailed':
        this.onFailed(run, message.backupJobId, message.failure)
        break
      case 'runEnded':
        if (message.outcome === 'suspended') {
          // The worker keeps a suspended run for `resume`; so does this service. A resume asked for while the
          // suspend was on its way is sent now.
          if (live !== undefined && !live.suspended) this.engine.send({ type: 'resume', runId: message.runId })
          else this.setStatus(run.jobId, { status: 'Suspended' })
          break
        }
        this.runs.delete(message.runId)
        this.onRunEnded(run, message.outcome, message.errors)
        break
      default:
        assertNever(message, 'worker event')
    }
  }

  private onDurable(run: RunContext, backupJobId: number, bytes: number): void {
    switch (run.kind) {
      case 'auxCopy': {
        const task = run.tasks.find((candidate) => candidate.backupJobId === backupJobId)
        // Only now, with the worker's word that the target manifest is fsynced, is the job Available there.
        this.catalog.transaction(() => {
          this.catalog.jobs.setOnCopy({ backupJobId, copyId: run.copyId!, status: 'Available', bytesCopied: bytes, dataDir: task?.targetDir ?? null })
          this.catalog.jobs.setItem({ jobId: run.jobId, backupJobId, copyId: run.copyId!, status: 'Copied', bytes })
        })
        break
      }
      case 'backup': {
        const dataDir = run.jobDir
        this.catalog.transaction(() => {
          this.catalog.jobs.setOnCopy({ backupJobId, copyId: run.copyId!, status: 'Available', bytesCopied: bytes, dataDir })
          this.catalog.jobs.finishBackup(backupJobId, { status: 'Running', sizeBytes: bytes, endTime: this.clock.now() })
        })
        break
      }
      case 'restore':
        this.catalog.jobs.setItem({ jobId: run.jobId, backupJobId, copyId: run.copyId ?? 0, status: 'Restored', bytes })
        break
      default:
        assertNever(run.kind, 'run kind')
    }
  }

  private onFailed(run: RunContext, backupJobId: number, failure: EngineFailure): void {
    const live = this.live.get(run.jobId)
    const reason = describeFailure(failure)
    live?.errors.push({ backupJobId, file: failure.file, reason: failure.reason })
    if (run.kind === 'auxCopy' && run.copyId !== null) {
      this.catalog.jobs.setItem({ jobId: run.jobId, backupJobId, copyId: run.copyId, status: `Failed: ${failure.reason}`, bytes: 0 })
    }
    this.events.record({
      severity: failure.kind === 'checksum' ? 'Major' : 'Minor',
      program: run.kind === 'auxCopy' ? 'Auxiliary Copy' : run.kind === 'backup' ? 'Backup' : 'Restore',
      jobId: run.jobId,
      description: `Job ${run.jobId}: backup job ${backupJobId} failed (${failure.kind}): ${reason}`,
    })
  }

  private onRunEnded(run: RunContext, outcome: string, errors: readonly JobError[]): void {
    const live = this.live.get(run.jobId)
    if (live === undefined) return
    live.runId = null
    for (const error of errors) {
      if (!live.errors.some((known) => known.backupJobId === error.backupJobId && known.reason === error.failure.reason)) {
        live.errors.push({ backupJobId: error.backupJobId, file: error.failure.file, reason: error.failure.reason })
      }
    }
    if (run.kind === 'auxCopy') {
      this.markPartial(run)
      if (outcome === 'pending') {
        const reason = errors.find((error) => error.failure.kind === 'targetUnavailable')?.failure
        this.goPending(run.jobId, reason ? `${describeFailure(reason)}.` : 'A target mount path is unavailable.')
        return
      }
      if (outcome === 'killed') return this.finish(run.jobId, 'Killed', 'Killed by the administrator; partly copied jobs resume with the next run.')
      if (outcome === 'failed') {
        // The worker stopped under the run (a crash): try again; durable chunks are kept, so nothing is re-copied.
        this.goPending(run.jobId, `${errors[0] ? describeFailure(errors[0].failure) : 'The copy worker stopped'}; retrying.`)
        return
      }
      live.bytesBefore = live.bytesDone
      live.remainingCopies.shift()
      this.continueAuxCopy(run.jobId)
      return
    }
    const status: JobStatus = outcome === 'completed' ? 'Completed' : outcome === 'completedWithErrors' ? 'Completed w/ one or more errors' : outcome === 'killed' ? 'Killed' : 'Failed'
    if (run.kind === 'backup' && status !== 'Completed' && status !== 'Completed w/ one or more errors') {
      // A backup that did not finish leaves no manifest, so nothing of it is Available anywhere.
      this.catalog.jobs.updateOperationJob(run.jobId, { sizeBytes: 0 })
    }
    this.finish(run.jobId, status, errors[0] ? describeFailure(errors[0].failure) : '')
  }

  /** Jobs an aux copy started but did not make durable are Partially Copied (resumable by the next run). */
  private markPartial(run: RunContext): void {
    if (run.copyId === null) return
    const done = new Set(this.catalog.jobs.items(run.jobId).filter((item) => item.copyId === run.copyId && item.status === 'Copied').map((item) => item.backupJobId))
    for (const task of run.tasks) {
      if (done.has(task.backupJobId) || !existsSync(task.targetDir)) continue
      this.catalog.jobs.setOnCopy({ backupJobId: task.backupJobId, copyId: run.copyId, status: 'Partially Copied', bytesCopied: 0, dataDir: null })
    }
  }

  private finish(jobId: number, status: JobStatus, reason: string): void {
    const live = this.live.get(jobId)
    const job = this.catalog.jobs.operationJob(jobId)
    if (job === undefined) return
    if (live?.retryTimer) clearTimeout(live.retryTimer)
    const errors = live?.errors ?? job.errors
    const finalStatus: JobStatus = status === 'Completed' && errors.length > 0 ? 'Completed w/ one or more errors' : status
    this.catalog.jobs.updateOperationJob(jobId, {
      status: finalStatus, endTime: this.clock.now(), reason, errors, bytesDone: live?.bytesDone ?? job.bytesDone,
      ...(live ? { bytesTotal: Math.max(live.bytesTotal, live.bytesDone) } : {}),
      phase: finalStatus === 'Completed' || finalStatus.startsWith('Completed') ? 'Complete' : job.phase,
    })
    if (job.operation === 'Backup' && (finalStatus === 'Completed' || finalStatus === 'Completed w/ one or more errors')) {
      this.catalog.jobs.updateOperationJob(jobId, { bytesDone: job.sizeBytes, bytesTotal: job.sizeBytes })
    }
    for (const [copyId, writer] of this.writers) if (writer === jobId) this.writers.delete(copyId)
    this.live.delete(jobId)
    this.events.record({
      severity: finalStatus === 'Completed' ? 'Information' : finalStatus === 'Killed' ? 'Minor' : 'Major',
      program: job.operation === 'Auxiliary Copy' ? 'Auxiliary Copy' : job.operation,
      jobId,
      description: `${job.operation} job ${jobId} ended: ${finalStatus}${reason ? ` (${reason})` : ''}${errors.length > 0 ? `; ${errors.length} error(s), first: ${errors[0]!.file ? `${errors[0]!.file}: ` : ''}${errors[0]!.reason}` : ''}.`,
    })
    this.pushSoon(jobId)
    const nodes = ['commcell', 'storagePolicies']
    if (job.storagePolicyId !== null) nodes.push(nodeId('storagePolicy', job.storagePolicyId))
    if (job.subclientId !== null) nodes.push(nodeId('subclient', job.subclientId))
    for (const copy of job.storagePolicyId === null ? [] : this.catalog.policies.copies(job.storagePolicyId)) nodes.push(nodeId('copy', copy.id))
    this.bus.emit('tree:changed', { nodeIds: nodes })
  }

  private setStatus(jobId: number, change: Parameters<Catalog['jobs']['updateOperationJob']>[1]): void {
    this.catalog.jobs.updateOperationJob(jobId, change)
    this.pushSoon(jobId)
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
        if (live && persist) this.catalog.jobs.updateOperationJob(id, { bytesDone: live.bytesDone, bytesTotal: live.bytesTotal })
        const job = this.catalog.jobs.operationJob(id)
        if (job) rows.push(this.row(job))
      }
      this.dirty.clear()
      if (rows.length > 0) this.bus.emit('jobs:progress', { jobs: rows })
    }, pushIntervalMs)
  }

  /** The Job Controller row of a job, with live progress when it is running. */
  private row(job: OperationJob): JobRow {
    const live = this.live.get(job.id)
    const bytesDone = live?.bytesDone ?? job.bytesDone
    const bytesTotal = live?.bytesTotal ?? job.bytesTotal
    const ended = !isActiveStatus(job.status)
    const elapsedSeconds = Math.max(0.001, ((job.endTime ?? this.clock.now()) - job.startTime) / 1000)
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
      throughput: live?.throughput ?? (ended ? bytesDone / elapsedSeconds : 0),
      startTime: job.startTime,
      endTime: job.endTime,
      reason: job.reason,
      description: job.description,
      schedule: job.schedule,
    }
  }

  // ── Start and stop ────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * After a restart: auxiliary copies left running resume (the engine keeps durable chunks, and only jobs whose
   * manifests were fsynced were ever marked Available); backups and restores left running are failed.
   */
  recover(): void {
    for (const job of this.catalog.jobs.unfinishedJobs()) {
      if (job.operation === 'Auxiliary Copy') {
        const copyIds = ((job.options as { copyIds?: number[] }).copyIds ?? []).filter((id) => this.catalog.policies.copy(id) !== undefined)
        this.track(job.id, job.bytesTotal, copyIds)
        for (const copyId of copyIds) this.writers.set(copyId, job.id)
        this.events.record({ severity: 'Minor', program: 'Auxiliary Copy', jobId: job.id, description: `Job ${job.id} was interrupted when the CommServe stopped; it resumes where its durable data ends.` })
        if (job.status === 'Suspended') {
          this.live.get(job.id)!.suspended = true
          continue
        }
        this.continueAuxCopy(job.id)
      } else {
        this.catalog.jobs.updateOperationJob(job.id, { status: 'Failed', endTime: this.clock.now(), reason: 'Interrupted when the CommServe stopped.' })
        if (job.operation === 'Backup') this.catalog.jobs.updateOperationJob(job.id, { sizeBytes: 0 })
      }
    }
  }

  /** Stops pushing and retrying; running engine runs are stopped by the engine host's close. */
  close(): void {
    this.closed = true
    this.unsubscribe()
    if (this.pushTimer) clearTimeout(this.pushTimer)
    for (const live of this.live.values()) if (live.retryTimer) clearTimeout(live.retryTimer)
  }

  // ── Helpers ───────────────────────────────────────────────────────────────────────────────────────────────────

  private policyOrThrow(storagePolicyId: number) {
    const policy = this.catalog.policies.policy(storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${storagePolicyId}`, 'storagePolicyId')
    return policy
  }

  /** The mount path a copy writes to; its library must be a disk library (tape comes with the tape engine). */
  private diskMountPath(copy: PolicyCopy, field: string): string {
    const library = this.catalog.resources.library(copy.libraryId)!
    if (library.kind !== 'disk') {
      throw new ServiceError('invalid_input', `${copy.name} is on tape library ${library.name}; this version copies to disk libraries only.`, field)
    }
    const mountPath = this.catalog.resources.mountPaths(library.id)[0]
    if (mountPath === undefined) throw new ServiceError('invalid_input', `${library.name} has no mount path.`, field)
    if (!existsSync(mountPath.path)) {
      throw new ServiceError('unavailable', `Mount path ${mountPath.path} of ${library.name} is unavailable (missing).`, field)
    }
    return mountPath.path
  }
}
