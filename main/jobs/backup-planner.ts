/**
 * Backups: a subclient's content into its storage policy's primary copy. The job is Available there only when it
 * finished, in the same transaction that marks it Completed: a backup that was killed or failed is never restored nor
 * copied, and its partial data is pruned.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { RunEnded } from '../../app/media/media-protocol'
import type { BackupType, PolicyCopy } from '../../app/model/entities'
import type { JobStatus, RunBackupInput } from '../../app/model/jobs'
import { backupTypeFor, baselineJobs } from '../../app/rules/backup-chain'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import { type JobEvent, type JobManager, type LiveJob, type Planner, type Step, firstFailure, killedStep, movedBy, waitForTarget } from './job-manager'
import type { MediaPaths } from './media-paths'

/** What a backup job records in its options. */
interface BackupOptions {
  readonly requested: BackupType
  /** Why it runs as a Full though another type was asked. */
  readonly forced: string | null
}

/** What a running backup has done so far. */
interface BackupState {
  readonly primary: PolicyCopy
  readonly mountPathId: number
  /** Set when the MediaAgent reported the data durable. */
  durableBytes: number | null
}

/** Plans backups and takes each to its end. */
export class BackupPlanner implements Planner {
  readonly operation = 'Backup' as const
  readonly resumesAfterRestart = true
  private readonly state = new Map<number, BackupState>()

  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
    private readonly mediaAgent: MediaAgentClient,
    private readonly paths: MediaPaths,
  ) {}

  /** Backs up a subclient's content folders to its storage policy's primary copy (by hand, or by `scheduleId`). */
  async backup(input: RunBackupInput, scheduleId: number | null = null): Promise<{ jobId: number }> {
    const subclient = this.catalog.clients.subclient(input.subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${input.subclientId}`, 'subclientId')
    if (subclient.storagePolicyId === null) {
      throw new ServiceError('invalid_input', `Subclient ${subclient.name} has no storage policy; set one in its Properties.`, 'subclientId')
    }
    if (subclient.content.length === 0) throw new ServiceError('invalid_input', `Subclient ${subclient.name} has no content; add folders in its Properties.`, 'subclientId')
    for (const path of subclient.content) await this.paths.check(path, 'content', 'subclientId')
    const primary = this.primaryOf(subclient.storagePolicyId)
    this.paths.targetMountPath(primary, 'subclientId')

    const history = this.catalog.jobs.completedBackups(subclient.id)
    const { backupType, forced } = backupTypeFor(input.backupType, history, (job) => this.catalog.jobs.availableMountPath(job.id, primary.id) !== null)
    const lastCycle = history[0]?.cycle ?? 0
    const options: BackupOptions = {
      requested: input.backupType,
      forced: forced === null ? null : forced === 'first backup' ? 'the first backup of a subclient is a Full' : 'a job it would build on is not Available on the primary copy',
    }
    const jobId = this.manager.create({
      operation: 'Backup', status: 'Running', phase: 'Backup', startTime: this.manager.clock.now(), subclientId: subclient.id,
      storagePolicyId: subclient.storagePolicyId, copyId: primary.id, backupType,
      cycle: backupType === 'Full' ? lastCycle + 1 : Math.max(1, lastCycle), options, description: '', scheduleId, bytesTotal: 0,
    })
    this.manager.events.record({
      severity: 'Information', program: 'Backup', jobId,
      description: `${backupType} backup of ${subclient.name} started (job ${jobId})${options.forced ? `: it runs as a Full because ${options.forced}` : ''}.`,
    })
    return { jobId }
  }

  async next(job: LiveJob): Promise<Step> {
    const row = this.catalog.jobs.operationJob(job.jobId)!
    const subclient = row.subclientId === null ? undefined : this.catalog.clients.subclient(row.subclientId)
    if (subclient === undefined || row.storagePolicyId === null || row.backupType === null) return { kind: 'finish', status: 'Failed', reason: 'Its subclient or storage policy no longer exists.' }
    const primary = this.primaryOf(row.storagePolicyId)
    const target = this.paths.targetMountPath(primary, 'subclientId')
    const offline = await this.paths.mountPathOffline(target.id)
    if (offline !== null) return { kind: 'wait', reason: `Mount path ${target.path} of ${target.library} is unavailable (${offline}).` }
    this.state.set(job.jobId, { primary, mountPathId: target.id, durableBytes: null })
    const history = this.catalog.jobs.completedBackups(subclient.id).filter((each) => each.id !== job.jobId)
    const baseline = []
    for (const previous of baselineJobs(history, row.backupType)) {
      const mountPathId = this.catalog.jobs.availableMountPath(previous.id, primary.id)
      if (mountPathId === null) return { kind: 'finish', status: 'Failed', reason: `Job ${previous.id} it builds on is no longer Available on ${primary.name}; run a Full.` }
      baseline.push(this.paths.ref(primary, previous.id, mountPathId))
    }
    const guards = this.paths.guards()
    return {
      kind: 'run',
      phase: 'Backup',
      bytesTotal: 0,
      work: {
        kind: 'backup', backupType: row.backupType, contents: [...subclient.content], target: this.paths.ref(primary, job.jobId, target.id), baseline,
        // The console's data folder is never backed up, even when the content holds it (a live catalog copied file
        // by file is not a catalog, and restoring it in place would replace the one in use).
        exclude: [guards.dataDir, ...guards.protectedPaths],
      },
    }
  }

  onEvent(job: LiveJob, event: JobEvent): void {
    const state = this.state.get(job.jobId)
    switch (event.type) {
      case 'jobDurable':
        if (state) state.durableBytes = event.bytes
        this.catalog.jobs.addFigures(job.jobId, movedBy(event))
        for (const skipped of event.skipped) this.manager.addError(job, { backupJobId: job.jobId, file: skipped.path, reason: `skipped: ${skipped.reason}` })
        if (event.skippedCount > event.skipped.length) {
          this.manager.addError(job, { backupJobId: job.jobId, file: '', reason: `${event.skippedCount - event.skipped.length} more paths were skipped (the first ${event.skipped.length} are listed)` })
        }
        return
      case 'jobFailed':
      case 'jobVerified':
      case 'restored':
        return
    }
  }

  onRunEnded(job: LiveJob, ended: RunEnded): Step | 'next' {
    const state = this.state.get(job.jobId)
    switch (ended.outcome) {
      case 'completed':
      case 'completedWithErrors': {
        if (state?.durableBytes == null) return { kind: 'finish', status: 'Failed', reason: ended.errors[0]?.failure.reason ?? 'The backup wrote no data.' }
        const status: JobStatus = job.errors.length > 0 ? 'Completed w/ one or more errors' : 'Completed'
        const bytes = state.durableBytes
        // Available and Completed in one transaction: never one without the other.
        this.catalog.transaction(() => {
          this.catalog.jobs.finishBackup(job.jobId, { status, sizeBytes: bytes, endTime: this.manager.clock.now() })
          this.catalog.jobs.setOnCopy({ backupJobId: job.jobId, copyId: state.primary.id, status: 'Available', bytesCopied: bytes, mountPathId: state.mountPathId })
        })
        job.bytesDone = bytes
        job.bytesTotal = bytes
        return { kind: 'finish', status, reason: '' }
      }
      case 'pending':
        return waitForTarget(ended, 'The library is unavailable.')
      case 'killed':
        return killedStep()
      case 'failed':
        return { kind: 'finish', status: 'Failed', reason: firstFailure(ended, 'The backup failed.') }
      case 'suspended':
        return 'next'
    }
  }

  onFinished(job: LiveJob, status: JobStatus): void {
    const state = this.state.get(job.jobId)
    this.state.delete(job.jobId)
    if (status === 'Completed' || status === 'Completed w/ one or more errors') return
    // A backup that did not finish is not restorable: no size, and what it wrote goes.
    this.catalog.jobs.updateOperationJob(job.jobId, { sizeBytes: 0 })
    if (state) void this.mediaAgent.request({ kind: 'prune', refs: [this.paths.ref(state.primary, job.jobId, state.mountPathId)] }).catch(() => undefined)
  }

  private primaryOf(storagePolicyId: number): PolicyCopy {
    return this.catalog.policies.copies(storagePolicyId).find((copy) => copy.copyType === 'primary')!
  }
}
