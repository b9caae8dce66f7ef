/**
 * Restores: a finished backup job, with the jobs of its chain it needs, from a copy (or by copy precedence) to a
 * folder. The destination is checked by the MediaAgent before the job starts (symbolic links resolved; never the
 * console's own data); files that cannot be brought back are listed in the job's errors.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import { type JobRef, type RestoreSelection, type RunEnded, wholeJob } from '../../app/media/media-protocol'
import { overwriteLabels } from '../../app/model/browse'
import type { PolicyCopy } from '../../app/model/entities'
import { isActiveStatus, type JobStatus, type RestoreFormData, type RunRestoreInput } from '../../app/model/jobs'
import { restoreChain } from '../../app/rules/backup-chain'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import { type JobEvent, type JobManager, type LiveJob, type Planner, type Step, firstFailure, killedStep } from './job-manager'
import type { MediaPaths } from './media-paths'

/** What a restore job records in its options (enough to run it again after a restart). */
interface RestoreOptions {
  readonly backupJobId: number
  /** The folder restored under (`/` In Place). */
  readonly destination: string
  /** Each job of the chain, oldest first, with the copy it is read from. */
  readonly chain: readonly { readonly jobId: number; readonly copyId: number }[]
  /** What is restored and how (absent in jobs of earlier versions: the whole job, over what was there). */
  readonly selection?: RestoreSelection
}

/** How a restore's files kept on disk are told: at most this many are named in the job's reason. */
const keptNamed = 3

/** Plans restores and takes each to its end. */
export class RestorePlanner implements Planner {
  readonly operation = 'Restore' as const
  readonly resumesAfterRestart = true
  private readonly restored = new Map<number, { readonly kept: readonly string[]; readonly keptCount: number }>()

  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
    private readonly mediaAgent: MediaAgentClient,
    private readonly paths: MediaPaths,
  ) {}

  /** Browse and Restore: a subclient's finished jobs and the copies that hold each. */
  form(subclientId: number): RestoreFormData {
    const subclient = this.catalog.clients.subclient(subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${subclientId}`, 'subclientId')
    const copies = subclient.storagePolicyId === null ? [] : this.catalog.policies.copies(subclient.storagePolicyId)
    return {
      subclient: subclient.name,
      now: this.manager.clock.now(),
      jobs: this.catalog.jobs.completedBackups(subclient.id).map((job) => ({
        backupJobId: job.id,
        backupType: job.backupType,
        startTime: job.startTime,
        bytes: job.sizeBytes,
        copies: copies
          .filter((copy) => this.paths.heldOn(copy, job.id) !== null)
          .map((copy) => ({ id: copy.id, name: copy.name, precedence: copy.precedence })),
      })),
    }
  }

  /** Restores a backup job (with the jobs of its chain it needs) from a copy to a folder. */
  async restore(input: RunRestoreInput): Promise<{ jobId: number }> {
    const target = this.catalog.jobs.backupJob(input.backupJobId)
    if (target === undefined) throw notFound(`Backup job ${input.backupJobId}`, 'backupJobId')
    if (target.status !== 'Completed' && target.status !== 'Completed w/ one or more errors') {
      const why = isActiveStatus(target.status as JobStatus) ? `is still ${target.status}` : `ended ${target.status}`
      throw new ServiceError('invalid_input', `Job ${target.id} ${why}; only a backup that completed can be restored.`, 'backupJobId')
    }
    const copies = this.catalog.policies.copies(target.storagePolicyId)
    const candidates = input.copyId === null ? copies : copies.filter((copy) => copy.id === input.copyId)
    if (input.copyId !== null && candidates.length === 0) throw notFound(`Copy ${input.copyId} of this storage policy`, 'copyId')
    const chain = restoreChain(this.catalog.jobs.completedBackups(target.subclientId), target.id)
    const reads: { jobId: number; copy: PolicyCopy; ref: JobRef }[] = []
    for (const job of chain) {
      // Restore reads each job from the lowest copy precedence holding it, unless a copy was named (then it must).
      const holder = candidates.map((copy) => ({ copy, ref: this.paths.heldOn(copy, job.id) })).find((candidate) => candidate.ref !== null)
      if (holder === undefined) {
        throw new ServiceError(
          'invalid_input',
          input.copyId === null
            ? `Job ${job.id} (${job.backupType}) is not available on any copy.`
            : `Job ${job.id} (${job.backupType}) is not available on ${candidates[0]!.name}; choose another copy or use copy precedence.`,
          'copyId',
        )
      }
      reads.push({ jobId: job.id, copy: holder.copy, ref: holder.ref! })
    }
    // Reading an encrypted copy needs its key: refused at once while the keys are locked (next() waits after a restart).
    const locked = this.paths.lockedFor(reads.map((read) => read.copy))
    if (locked !== null) throw new ServiceError('invalid_input', `${locked}.`, 'copyId')
    const selection: RestoreSelection = { paths: input.paths ?? [], overwrite: input.overwrite ?? 'never', inPlace: input.destination === null }
    const destination = input.destination === null ? '/' : await this.paths.check(input.destination, 'destination', 'destination')
    const verdict = await this.mediaAgent
      .request({ kind: 'checkRestore', chain: reads.map((read) => read.ref), destination, guards: this.paths.guards(), selection })
      .catch((error: unknown) => {
        throw new ServiceError('unavailable', `The MediaAgent could not read the jobs to restore: ${error instanceof Error ? error.message : String(error)}`, 'backupJobId')
      })
    if (!verdict.ok) throw new ServiceError('invalid_input', input.destination === null ? `In Place: ${verdict.reason}` : `Destination folder: ${verdict.reason}`, 'destination')

    const readFrom = reads[0]!.copy
    const bytesTotal = chain.reduce((sum, job) => sum + job.sizeBytes, 0)
    const options: RestoreOptions = { backupJobId: target.id, destination, chain: reads.map((read) => ({ jobId: read.jobId, copyId: read.copy.id })), selection }
    const jobId = this.catalog.transaction(() => {
      const id = this.catalog.jobs.addOperationJob({
        operation: 'Restore', status: 'Running', phase: 'Restore', startTime: this.manager.clock.now(), subclientId: target.subclientId,
        storagePolicyId: target.storagePolicyId, copyId: readFrom.id, backupType: null, cycle: null, options, description: '', scheduleId: null, bytesTotal,
      })
      for (const read of reads) this.catalog.jobs.setItem({ jobId: id, backupJobId: read.jobId, copyId: read.copy.id, status: 'Restoring', bytes: chain.find((job) => job.id === read.jobId)!.sizeBytes })
      return id
    })
    this.manager.events.record({
      severity: 'Information', program: 'Restore', jobId,
      description: `Restore job ${jobId} of backup job ${target.id} from ${readFrom.name} ${restoreWhat(selection, destination)} started.`,
    })
    this.manager.adopt(jobId)
    return { jobId }
  }

  async next(job: LiveJob): Promise<Step> {
    const options = this.catalog.jobs.operationJob(job.jobId)!.options as RestoreOptions
    const locked = this.paths.lockedFor(options.chain.map((read) => this.catalog.policies.copy(read.copyId)))
    if (locked !== null) return { kind: 'wait', reason: locked }
    const chain: JobRef[] = []
    for (const read of options.chain) {
      const copy = this.catalog.policies.copy(read.copyId)
      const ref = copy === undefined ? null : this.paths.heldOn(copy, read.jobId)
      if (ref === null) return { kind: 'finish', status: 'Failed', reason: `Job ${read.jobId} is no longer Available on the copy it was to be read from.` }
      chain.push(ref)
    }
    return {
      kind: 'run', phase: 'Restore', bytesTotal: job.bytesTotal,
      work: { kind: 'restore', chain, destination: options.destination, guards: this.paths.guards(), selection: options.selection ?? wholeJob },
    }
  }

  onEvent(job: LiveJob, event: JobEvent): void {
    if (event.type !== 'restored') return
    this.restored.set(job.jobId, { kept: event.kept.map((kept) => kept.path), keptCount: event.keptCount })
    for (const failed of event.failed) this.manager.addError(job, { backupJobId: null, file: failed.path, reason: `not restored: ${failed.reason}` })
    if (event.failedCount > event.failed.length) {
      this.manager.addError(job, { backupJobId: null, file: '', reason: `${event.failedCount - event.failed.length} more files were not restored (the first ${event.failed.length} are listed)` })
    }
  }

  onRunEnded(job: LiveJob, ended: RunEnded): Step | 'next' {
    switch (ended.outcome) {
      case 'completed':
      case 'completedWithErrors':
      {
        const restored = this.restored.get(job.jobId)
        if (restored === undefined) return { kind: 'finish', status: 'Failed', reason: 'The restore did not finish.' }
        return { kind: 'finish', status: 'Completed', reason: keptReason(restored, this.catalog.jobs.operationJob(job.jobId)!.options as RestoreOptions) }
      }
      case 'killed':
        return killedStep()
      case 'pending':
      case 'failed':
        return { kind: 'finish', status: 'Failed', reason: firstFailure(ended, 'The restore failed.') }
      case 'suspended':
        return 'next'
    }
  }

  onFinished(job: LiveJob, status: JobStatus): void {
    this.restored.delete(job.jobId)
    // Every item reaches a final status.
    const itemStatus =
      status === 'Completed' ? 'Restored' : status === 'Completed w/ one or more errors' ? 'Restored (some files failed, see Errors)' : status === 'Killed' ? 'Killed' : 'Failed'
    for (const item of this.catalog.jobs.items(job.jobId)) this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId: item.backupJobId, copyId: item.copyId, status: itemStatus, bytes: item.bytes })
  }
}

/** What a restore brings back, and where, for its Event Viewer entry. */
function restoreWhat(selection: RestoreSelection, destination: string): string {
  const what = selection.paths.length === 0 ? '' : `(${selection.paths.length} selected item${selection.paths.length === 1 ? '' : 's'}) `
  return `${what}${selection.inPlace ? 'in place' : `to ${destination}`} (Overwrite: ${overwriteLabels[selection.overwrite]})`
}

/** The reason a completed restore gives for files it left as they were on disk (empty when it kept none). */
function keptReason(restored: { readonly kept: readonly string[]; readonly keptCount: number }, options: RestoreOptions): string {
  if (restored.keptCount === 0) return ''
  const overwrite = overwriteLabels[(options.selection ?? wholeJob).overwrite]
  const named = restored.kept.slice(0, keptNamed).join(', ')
  const more = restored.keptCount > keptNamed ? ` and ${restored.keptCount - keptNamed} more` : ''
  return `${restored.keptCount} file${restored.keptCount === 1 ? ' was' : 's were'} already there and kept as they were (Overwrite: ${overwrite}): ${named}${more}`
}
