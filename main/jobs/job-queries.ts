/**
 * The Job Controller's reads: the list of running and recent jobs, a job's Details (what it handled, its errors, and
 * what its outcome says of the data, exactly), and the copy's jobs with when each was last verified.
 */
import { notFound } from '../../app/ipc/errors'
import { assertNever } from '../../app/model/assert'
import type { CopyVerificationData, JobDetails, JobRow, JobThroughput } from '../../app/model/jobs'
import { emptySeries } from '../../app/rules/throughput-samples'
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
    const copies = new Map(this.catalog.policies.copies().map((copy) => [copy.id, copy]))
    const items = this.catalog.jobs.items(jobId)
    // The copies it wrote or read: the one named, those its items name, or a backup's primary.
    const touched =
      job.copyId !== null ? [job.copyId]
      : job.operation === 'Backup' ? [...copies.values()].filter((copy) => copy.storagePolicyId === job.storagePolicyId && copy.copyType === 'primary').map((copy) => copy.id)
      : items.map((item) => item.copyId)
    const deduplicated = touched.some((copyId) => copies.get(copyId)?.dedup === true)
    const onTape = touched.some((copyId) => {
      const libraryId = copies.get(copyId)?.libraryId
      return libraryId !== undefined && this.catalog.resources.library(libraryId)?.kind === 'tape'
    })
    const { figures } = job
    const moves = job.operation === 'Backup' || job.operation === 'Auxiliary Copy'
    return {
      job: this.manager.row(job),
      items: items.map((item) => ({
        backupJobId: item.backupJobId, copy: copies.get(item.copyId)?.name ?? '', backupType: item.backupType, bytes: item.bytes, status: item.status,
      })),
      errors: [...this.manager.errorsOf(job)],
      availability: availabilityOf(job, job.copy, deduplicated ? 'dedup' : onTape ? 'tape' : 'disk'),
      figures:
        moves && figures.bytesRead !== undefined
          ? { bytesRead: figures.bytesRead, bytesWritten: figures.bytesWritten ?? 0, blocksWritten: figures.blocksWritten ?? 0, blocksFound: figures.blocksFound ?? 0 }
          : null,
      deduplicated,
    }
  }

  /** A job's throughput over time with its phases: live while it runs, as stored once it ended. */
  throughput(jobId: number): JobThroughput {
    if (this.catalog.jobs.operationJob(jobId) === undefined) throw notFound(`Job ${jobId}`, 'jobId')
    const series = this.manager.throughputOf(jobId) ?? emptySeries
    return { jobId, intervalMs: series.intervalMs, samples: [...series.samples] }
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
export function availabilityOf(job: Pick<OperationJob, 'operation' | 'options'>, copy: string, store: 'disk' | 'dedup' | 'tape' = 'disk'): string {
  const deduplicated = store === 'dedup'
  switch (job.operation) {
    case 'Backup':
      return deduplicated
        ? 'Available on the primary copy means: every file was read from the client and hashed (SHA-256); the data ' +
            'was cut into blocks, each block the deduplication database lacked was written to a container that was ' +
            'fsynced and sealed before the database indexed it, then the job\'s recipe (its blocks in order) was ' +
            'written, fsynced and committed, and the job manifest was written last and fsynced with its folders. The ' +
            'data is not read back; run Data Verification to re-read it. Skipped files are listed under Errors.'
        : 'Available on the primary copy means: every file was read from the client and hashed (SHA-256) as it was ' +
            'packed into chunk files, each chunk file was written and fsynced, then the job manifest (every file ' +
            'with its SHA-256, every chunk with its SHA-256 and CRC-32) was written last and fsynced with its ' +
            'folders. The data is not read back; run Data Verification to re-read it. Skipped files are listed under ' +
            'Errors.'
    case 'Auxiliary Copy': {
      const verified = (job.options as { verifyCopiedData?: boolean }).verifyCopiedData === true
      const older = ' A job backed up before chunks had a CRC-32 is checked by its SHA-256 instead.'
      if (store === 'tape') {
        return (
          `Available on ${copy || 'each target copy'} means: every chunk was read from the source copy and matched its ` +
          'CRC-32, and the job\'s stream was written to tape in segments (a header naming the job, the manifest in ' +
          'the first, data records, a trailer with the segment\'s SHA-256, a tape mark), each segment fsynced and ' +
          'recorded with its medium\'s end of data before the job went on; the job was marked Available only once its ' +
          'last segment was closed and recorded' +
          (verified
            ? ', after it was read back from tape and every chunk matched its CRC-32 again (Verify copied data was on).'
            : '. It was not read back from tape (Verify copied data was off: run Data Verification to re-read it).') +
          older
        )
      }
      const written = deduplicated
        ? 'was cut into blocks; each block the deduplicated copy\'s DDB lacked was written to a container, fsynced and ' +
          'sealed before it was indexed (blocks it held were not written again), the job\'s recipe was written, fsynced ' +
          'and committed, '
        : 'was written to the target and fsynced, '
      return (
        `Available on ${copy || 'each target copy'} means: every chunk was read from the source copy and matched its ` +
        `CRC-32 (from a deduplicated source, every block matched its SHA-256 too), ${written}` +
        (verified
          ? 'then read back from the target and matched its CRC-32 again (Verify copied data was on), '
          : 'but was not read back from the target (Verify copied data was off: run Data Verification to re-read it), ') +
        'and the job manifest was written last and fsynced with its folders.' +
        older
      )
    }
    case 'Data Verification':
      if (store === 'tape') {
        return (
          `Each Available job on ${copy} was re-read from tape segment by segment, across its media, and each ` +
          'segment checked against the SHA-256 in its trailer and in the catalog; a job with a segment that did not ' +
          'match (or a medium that is missing or cut short) is marked Bad on the copy, listed under Errors with the ' +
          'medium and segment, and copied again by the next auxiliary copy.'
        )
      }
      return deduplicated
        ? `${copy} is deduplicated: its containers were read in order and each block still in use was checked once ` +
            'against its SHA-256; a bad block is no longer used for new copies, every job using it is marked Bad on ' +
            'the copy and listed under Errors (with the container and its files), and the next auxiliary copy writes ' +
            'that block again.'
        : `Each Available job on ${copy} was re-read chunk by chunk and each chunk checked against its SHA-256 in the ` +
            'job manifest; a job that did not match (or whose data is missing) is marked Bad on the copy, listed under ' +
            'Errors, and copied again by the next auxiliary copy.'
    case 'Data Aging':
      return (
        'Each job listed was marked Aged on its copy first (from then on no restore, copy or verification reads it), ' +
        'then the MediaAgent removed its data (a job folder, or for a deduplicated copy the references to its blocks, ' +
        'reclaiming blocks no other job uses); a tape medium every job of which has aged went back to its scratch pool ' +
        'as Spare. Data that could not be removed is listed under Errors and removed by the next Data Aging.'
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
