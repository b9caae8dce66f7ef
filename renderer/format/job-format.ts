/**
 * How the Job Controller and Job Details show a job's figures: elapsed time, throughput, progress, the tone of its
 * status, and what a backup or auxiliary copy read and wrote.
 */
import { assertNever } from '../../app/model/assert'
import type { JobDetails, JobRow, JobStatus } from '../../app/model/jobs'
import { formatBytes, formatCell, formatPercent } from './cell-format'

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

/**
 * What a backup or auxiliary copy moved, as Job Details' label and value pairs: the data read and the data written,
 * and for a deduplicated target the blocks written anew and those found already in the DDB (which were not written
 * again). Empty for other jobs and for a job that made nothing durable.
 */
export function movedFigures(details: Pick<JobDetails, 'figures' | 'deduplicated'>): [string, string][] {
  const { figures, deduplicated } = details
  if (figures === null) return []
  const written = formatBytes(figures.bytesWritten)
  if (!deduplicated) return [['Data read', formatBytes(figures.bytesRead)], ['Data written', written]]
  const share = figures.bytesRead > 0 ? ` (${formatPercent((100 * figures.bytesWritten) / figures.bytesRead)} of the data read)` : ''
  const blocks = figures.blocksWritten + figures.blocksFound
  return [
    ['Data read', formatBytes(figures.bytesRead)],
    ['Data written', `${written}${share}`],
    ['Blocks written', formatCell(figures.blocksWritten, 'number')],
    ['Blocks found in DDB', blocks > 0 ? `${formatCell(figures.blocksFound, 'number')} of ${formatCell(blocks, 'number')}` : '0'],
  ]
}
