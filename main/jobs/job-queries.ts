/**
 * The Job Controller's reads: the list of running and recent jobs, a job's Details (what it handled, its errors, and
 * what its outcome says of the data, exactly), and the copy's jobs with when each was last verified.
 */
import { notFound } from '../../app/ipc/errors'
import { assertNever } from '../../app/model/assert'
import type { CopyVerificationData, JobDetails, JobRow } from '../../app/model/jobs'
import type { Catalog } from '../catalog/catalog'
import type { OperationJob } from '../catalog/job-repository'
import type { JobManager } from './job-manager'

/** How long a finished job stays in the Job Controller (the product keeps it 5 minutes). */
export const finishedJobVisibleMs = 5 * 60 * 1000

/** Reads for the Job Controller, Job Details and Copy Properties. */
export class JobQueries {
  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
  ) {}

  /** Running jobs and those that ended in the last 5 minutes, newest first: `limit` of them older than `beforeId`. */
  list(limit: number, beforeId: number | null): JobRow[] {
    return this.catalog.jobs
      .controllerJobs(this.manager.clock.now() - finishedJobVisibleMs, limit, beforeId)
      .map((job) => this.manager.row(job))
  }

  /** A job's Details: what it copied, restored or verified, its errors, and what its outcome means for the data. */
  details(jobId: number): JobDetails {
    const job = this.catalog.jobs.operationJob(jobId)
    if (job === undefined) throw notFound(`Job ${jobId}`, 'jobId')
    const copyNames = new Map(this.catalog.policies.copies().map((copy) => [copy.id, copy.name]))
    return {
      job: this.manager.row(job),
      items: this.catalog.jobs.items(jobId).map((item) => ({
        backupJobId: item.backupJobId, copy: copyNames.get(item.copyId) ?? '', backupType: item.backupType, bytes: item.bytes, status: item.status,
      })),
      errors: [...this.manager.errorsOf(job)],
      availability: availabilityOf(job, job.copy),
    }
  }

  /** A copy's jobs, newest first, with their state there and when each was last verified. */
  copyVerification(copyId: number, limit: number, offset: number): CopyVerificationData {
    const copy = this.catalog.policies.copy(copyId)
    if (copy === undefined) throw notFound(`Copy ${copyId}`, 'copyId')
    // One row more than asked tells whether more follow.
    const jobs = this.catalog.jobs.jobsOnCopy(copy, { limit: limit + 1, offset })
    return {
      copy: copy.name,
      jobs: jobs.slice(0, limit).map((job) => ({
        jobId: job.id, backupType: job.backupType, startTime: job.startTime, status: job.copyStatus, verifiedAt: job.verifiedAt, badReason: job.badReason,
      })),
      more: jobs.length > limit,
    }
  }
}

/** What a job's outcome says of the data it handled, in exact words (Job Details). */
export function availabilityOf(job: Pick<OperationJob, 'operation' | 'options'>, copy: string): string {
  switch (job.operation) {
    case 'Backup':
      return (
        'Available on the primary copy means: every file was read from the client and hashed (SHA-256) as it was ' +
        'packed into chunk files, each chunk file was written and fsynced, then the job manifest (every file and ' +
        'chunk with its SHA-256) was written last and fsynced with its folders. The data is not read back; run Data ' +
        'Verification to re-read it. Skipped files are listed under Errors.'
      )
    case 'Auxiliary Copy': {
      const verified = (job.options as { verifyCopiedData?: boolean }).verifyCopiedData === true
      return (
        `Available on ${copy || 'each target copy'} means: every chunk was read from the source copy and matched its ` +
        'SHA-256, was written to the target and fsynced, ' +
        (verified
          ? 'then read back from the target and matched its SHA-256 again (Verify copied data was on), '
          : 'but was not read back from the target (Verify copied data was off: run Data Verification to re-read it), ') +
        'and the job manifest was written last and fsynced with its folders.'
      )
    }
    case 'Data Verification':
      return (
        `Each Available job on ${copy} was re-read chunk by chunk and each chunk checked against its SHA-256 in the ` +
        'job manifest; a job that did not match (or whose data is missing) is marked Bad on the copy, listed under ' +
        'Errors, and copied again by the next auxiliary copy.'
      )
    case 'Restore':
      return (
        'Each file was written under a temporary name, checked against the SHA-256 recorded at backup, and only ' +
        'then given its name; files that could not be brought back are listed under Errors.'
      )
    default:
      return assertNever(job.operation, 'operation')
  }
}
