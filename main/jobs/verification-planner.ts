/**
 * Data Verification: re-reads every chunk of every Available job on a copy (or those since a date) and checks each
 * against its SHA-256. A job that does not match is marked Bad on that copy, with the file and reason, so the next
 * auxiliary copy copies it again, and a Bad job on a primary copy makes the subclient's next backup a Full.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { RunEnded, VerifyTask } from '../../app/media/media-protocol'
import type { JobStatus, RunVerificationInput, VerificationFormData } from '../../app/model/jobs'
import { jobsSinceProblem } from '../../app/rules/data-verification'
import type { Catalog } from '../catalog/catalog'
import { type JobEvent, type JobManager, type LiveJob, type Planner, type Step, firstFailure, killedStep, waitForTarget } from './job-manager'
import type { MediaPaths } from './media-paths'

/** What a verification job records in its options. */
interface VerificationOptions {
  /** Only jobs started on or after this time (null: all). */
  readonly since: number | null
}

/** Failures that mean the data on the copy is bad (not that the library is offline, nor a bug). */
const badData = new Set(['checksum', 'sourceMissing', 'manifestInvalid'])

/** Plans Data Verification jobs and takes each to its end. */
export class VerificationPlanner implements Planner {
  readonly operation = 'Data Verification' as const
  readonly resumesAfterRestart = true
  /** Backup jobs each verification job has handled (verified, found Bad, or failed), so a retry skips them. */
  private readonly handled = new Map<number, Set<number>>()

  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
    private readonly paths: MediaPaths,
  ) {}

  /** What the Data Verification dialog offers: the policy's copies with their Available jobs. */
  form(storagePolicyId: number): VerificationFormData {
    const policy = this.catalog.policies.policy(storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${storagePolicyId}`, 'storagePolicyId')
    return {
      storagePolicyId: policy.id,
      policyName: policy.name,
      copies: this.catalog.policies.copies(policy.id).map((copy) => ({
        id: copy.id,
        name: copy.name,
        availableJobs: this.catalog.jobs.copyStatusCounts(copy).get('Available') ?? 0,
      })),
      now: this.manager.clock.now(),
    }
  }

  /** Starts a Data Verification of a copy's Available jobs (all, or those started on or after `since`). */
  run(input: RunVerificationInput): { jobId: number } {
    const policy = this.catalog.policies.policy(input.storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${input.storagePolicyId}`, 'storagePolicyId')
    const copy = this.catalog.policies.copy(input.copyId)
    if (copy === undefined || copy.storagePolicyId !== policy.id) throw notFound(`Copy ${input.copyId} of ${policy.name}`, 'copyId')
    const problem = input.since === null ? undefined : jobsSinceProblem(input.since, this.manager.clock.now())
    if (problem !== undefined) throw new ServiceError('invalid_input', problem, 'since')
    const options: VerificationOptions = { since: input.since }
    const jobId = this.manager.create({
      operation: 'Data Verification', status: 'Running', phase: 'Data Verification', startTime: this.manager.clock.now(), subclientId: null,
      storagePolicyId: policy.id, copyId: copy.id, backupType: null, cycle: null, options, description: '', scheduleId: null, bytesTotal: 0,
    })
    this.manager.events.record({
      severity: 'Information', program: 'Data Verification', jobId,
      description: `Data Verification job ${jobId} of ${policy.name} / ${copy.name} started (${input.since === null ? 'all jobs' : `jobs since ${new Date(input.since).toLocaleDateString()}`}).`,
    })
    return { jobId }
  }

  async next(job: LiveJob): Promise<Step> {
    const row = this.catalog.jobs.operationJob(job.jobId)!
    const copy = row.copyId === null ? undefined : this.catalog.policies.copy(row.copyId)
    if (copy === undefined) return { kind: 'finish', status: 'Failed', reason: 'The copy no longer exists.' }
    const locked = this.paths.lockedFor([copy])
    if (locked !== null) return { kind: 'wait', reason: locked }
    const { since } = row.options as VerificationOptions
    const handled = this.handledBy(job.jobId)
    const tasks: VerifyTask[] = []
    for (const backup of this.catalog.jobs.jobsOnCopy(copy)) {
      if (backup.copyStatus !== 'Available' || handled.has(backup.id) || (since !== null && backup.startTime < since)) continue
      const ref = this.paths.heldOn(copy, backup.id)
      if (ref === null) {
        handled.add(backup.id)
        this.markBad(job, copy.id, backup.id, '', 'the catalog records no data location for this job on the copy')
        continue
      }
      tasks.push({ backupJobId: backup.id, ref, bytes: backup.sizeBytes })
    }
    if (tasks.length === 0) return { kind: 'finish', status: 'Completed', reason: '' }
    tasks.reverse() // oldest first
    return { kind: 'run', phase: `Verifying ${copy.name}`, bytesTotal: tasks.reduce((sum, task) => sum + task.bytes, 0), work: { kind: 'verify', tasks } }
  }

  onEvent(job: LiveJob, event: JobEvent): void {
    const copyId = this.catalog.jobs.operationJob(job.jobId)?.copyId
    if (copyId == null) return
    switch (event.type) {
      case 'jobVerified':
        this.handledBy(job.jobId).add(event.backupJobId)
        this.catalog.transaction(() => {
          this.catalog.jobs.markVerified(event.backupJobId, copyId, this.manager.clock.now())
          this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId: event.backupJobId, copyId, status: 'Verified', bytes: event.bytes })
        })
        return
      case 'jobFailed': {
        this.handledBy(job.jobId).add(event.backupJobId)
        const { failure } = event
        if (badData.has(failure.kind)) {
          this.markBad(job, copyId, event.backupJobId, failure.file, failure.reason)
        } else {
          this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId: event.backupJobId, copyId, status: `Not verified: ${failure.reason}`, bytes: 0 })
        }
        return
      }
      case 'jobDurable':
      case 'restored':
        return
    }
  }

  /** The job's data on the copy is bad: Bad there, with the file and reason in Details and the Event Viewer. */
  private markBad(job: LiveJob, copyId: number, backupJobId: number, file: string, reason: string): void {
    const copy = this.catalog.policies.copy(copyId)!
    const where = file ? `${file}: ${reason}` : reason
    this.catalog.transaction(() => {
      this.catalog.jobs.markBad(backupJobId, copyId, where)
      this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId, copyId, status: `Bad: ${reason}`, bytes: 0 })
    })
    if (!job.errors.some((error) => error.backupJobId === backupJobId)) this.manager.addError(job, { backupJobId, file, reason })
    this.manager.events.record({
      severity: 'Major', program: 'Data Verification', jobId: job.jobId,
      description: `Job ${backupJobId} is Bad on ${copy.name}: ${where}. ${copy.copyType === 'primary' ? "The subclient's next backup runs as a Full." : 'The next auxiliary copy copies it again.'}`,
    })
  }

  onRunEnded(_job: LiveJob, ended: RunEnded): Step | 'next' {
    switch (ended.outcome) {
      case 'completed':
      case 'completedWithErrors':
        return 'next'
      case 'pending':
        return waitForTarget(ended, 'A mount path is unavailable.')
      case 'killed':
        return killedStep()
      case 'failed':
        return { kind: 'finish', status: 'Failed', reason: firstFailure(ended, 'The verification failed.') }
      case 'suspended':
        return 'next'
    }
  }

  onFinished(job: LiveJob, _status: JobStatus): void {
    this.handled.delete(job.jobId)
  }

  private handledBy(jobId: number): Set<number> {
    let set = this.handled.get(jobId)
    if (set === undefined) {
      // After a restart, what the job's items record is what it handled.
      set = new Set(this.catalog.jobs.items(jobId).map((item) => item.backupJobId))
      this.handled.set(jobId, set)
    }
    return set
  }
}
