/** How the Job Controller shows a job's figures: elapsed time, throughput, progress and the tone of its status. */
import { assertNever } from '../../app/model/assert'
import type { JobRow, JobStatus } from '../../app/model/jobs'

/** A duration in milliseconds as `hh:mm:ss` (hours grow past 99 when they must). */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000))
  const pad = (value: number): string => String(value).padStart(2, '0')
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`
}

/** How long a job has run: to its end, or to `now` while it has not ended. */
export function elapsedMs(job: Pick<JobRow, 'startTime' | 'endTime'>, now: number): number {
  return Math.max(0, (job.endTime ?? now) - job.startTime)
}

/**
 * Bytes per second as MB/s with two decimals (the product's Job Controller shows GB/hr; MB/s reads better for the
 * disk-to-disk rates of one console and is what an administrator compares with `cp`).
 */
export function formatThroughput(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return ''
  return (bytesPerSecond / (1024 * 1024)).toFixed(2)
}

/** A progress percentage as shown beside the bar: whole percents, never 100 before the job is done. */
export function formatProgress(progress: number): string {
  const clamped = Math.max(0, Math.min(100, progress))
  return `${Math.floor(clamped)}%`
}

/** The colour family of a status: running blue, done green, done with errors orange, failed red, waiting amber. */
export type StatusTone = 'running' | 'done' | 'warning' | 'failed' | 'waiting'

/** The tone of a job status. */
export function statusTone(status: JobStatus): StatusTone {
  switch (status) {
    case 'Running':
      return 'running'
    case 'Completed':
      return 'done'
    case 'Completed w/ one or more errors':
      return 'warning'
    case 'Failed':
    case 'Killed':
      return 'failed'
    case 'Pending':
    case 'Suspended':
    case 'Waiting':
      return 'waiting'
    default:
      return assertNever(status, 'job status')
  }
}

/** The theme colour token (`console.<name>`) of each tone. */
export const toneColor: Readonly<Record<StatusTone, string>> = {
  running: 'console.severityInformation',
  done: 'console.online',
  warning: 'console.severityMajor',
  failed: 'console.severityCritical',
  waiting: 'console.severityMinor',
}
