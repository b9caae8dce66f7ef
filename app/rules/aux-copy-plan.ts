/**
 * Which backup jobs an auxiliary copy takes to a copy, and in what order (pure). The states come from the catalog's
 * view of the copy (a job's To Be Copied state is derived from its source copy).
 */
import type { BackupType, JobCopyStatus } from '../model/entities'
import { deferredUntil, isDeferred } from './selective-copy'

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

/** What the rule needs of a job for the next run: its own status (only finished backups are copied). */
export interface PendingJob extends CandidateJob {
  /** The backup job's own status (Completed, Failed, ...), not its state on the copy. */
  readonly status: string
}

/** Jobs Defer Auxiliary Copy holds back from a run: how many, and when the first of them may be copied. */
export interface DeferredJobs {
  readonly count: number
  readonly until: number
}

/** What the next aux copy run takes to a copy, in order, and what Defer Auxiliary Copy holds back. */
export interface NextAuxCopyJobs<J extends PendingJob> {
  readonly selected: SelectedJob<J>[]
  readonly deferred: DeferredJobs | null
}

/** The backup statuses an aux copy copies: only finished backups. */
const finishedBackups: ReadonlySet<string> = new Set(['Completed', 'Completed w/ one or more errors'])

/**
 * What the next aux copy run takes to a copy at `now`: {@link auxCopySelection} of the copy's jobs that finished
 * (and that `skip` does not leave out: a run leaves a job it already failed on for the next run), less the jobs
 * Defer Auxiliary Copy still holds back (they stay To Be Copied and are counted in `deferred`). The aux copy planner
 * runs exactly this, and Auxiliary Copy Job Options shows it before OK.
 */
export function nextAuxCopyJobs<J extends PendingJob>(
  jobs: readonly J[],
  deferDays: number,
  now: number,
  skip: (job: J) => boolean = () => false,
): NextAuxCopyJobs<J> {
  const selected: SelectedJob<J>[] = []
  let deferred = null as DeferredJobs | null
  for (const pick of auxCopySelection(jobs)) {
    if (skip(pick.job) || !finishedBackups.has(pick.job.status)) continue
    // Defer Auxiliary Copy: a job is copied N days after it started, not before.
    if (isDeferred(pick.job.startTime, deferDays, now)) {
      const until = deferredUntil(pick.job.startTime, deferDays)
      deferred = { count: (deferred?.count ?? 0) + 1, until: Math.min(deferred?.until ?? until, until) }
      continue
    }
    selected.push(pick)
  }
  return { selected, deferred }
}
