/**
 * Which backup jobs an auxiliary copy takes to a copy, and in what order (pure). The states come from the catalog's
 * view of the copy (a job's To Be Copied state is derived from its source copy).
 */
import type { BackupType, JobCopyStatus } from '../model/entities'

/** What the rule needs of a job on the target copy. */
export interface CandidateJob {
  readonly id: number
  readonly backupType: BackupType
  readonly startTime: number
  /** The job's state on the target copy. */
  readonly copyStatus: JobCopyStatus
}

/** A job the aux copy takes; `repair`: it is Bad on the target, whose data there is checked again and replaced. */
export interface SelectedJob<J extends CandidateJob> {
  readonly job: J
  readonly repair: boolean
}

/** The states an aux copy copies from: not yet copied, started and interrupted, or found Bad by a verification. */
const copied: ReadonlySet<JobCopyStatus> = new Set(['To Be Copied', 'Partially Copied', 'Bad'])

/**
 * The jobs to copy, in order: To Be Copied, Partially Copied and Bad jobs (never Do Not Copy, Available or Aged);
 * fulls first (a copy that stops part way holds whole cycles' starts), then oldest first.
 */
export function auxCopySelection<J extends CandidateJob>(jobs: readonly J[]): SelectedJob<J>[] {
  return jobs
    .filter((job) => copied.has(job.copyStatus))
    .sort((a, b) => Number(b.backupType === 'Full') - Number(a.backupType === 'Full') || a.startTime - b.startTime || a.id - b.id)
    .map((job) => ({ job, repair: job.copyStatus === 'Bad' }))
}
