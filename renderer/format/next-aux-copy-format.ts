/** How the Auxiliary Copy Job Options dialog and a copy's view say what the next aux copy would copy, and how long. */
import type { NextAuxCopy } from '../../app/model/next-aux-copy'
import { formatBytes, formatCell, formatDateTime } from './cell-format'
import { formatThroughput } from './job-format'

/** What the console says when no earlier aux copy to the copy gives a throughput. */
export const noEstimateText = 'No earlier aux copy to estimate from'

/** `1 job`, `3 jobs`. */
export function jobCount(jobs: number): string {
  return `${formatCell(jobs, 'number')} ${jobs === 1 ? 'job' : 'jobs'}`
}

/** A duration estimate in words: `about 40 s`, `about 2 min`, `about 1 h 5 min`. */
export function formatEstimate(seconds: number): string {
  if (seconds < 59.5) return `about ${Math.max(1, Math.round(seconds))} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `about ${minutes} min`
  const rest = minutes % 60
  return `about ${Math.floor(minutes / 60)} h${rest === 0 ? '' : ` ${rest} min`}`
}

/** The estimate column: nothing to copy, the time, or why there is none. */
export function estimateText(next: NextAuxCopy): string {
  if (next.jobs === 0) return 'Nothing to copy'
  return next.estimate === null ? noEstimateText : formatEstimate(next.estimate.seconds)
}

/** Where the estimate comes from, for its tooltip: `At 85.20 MB/s, the median of the last 3 aux copies to Copy_2.` */
export function estimateBasis(next: NextAuxCopy): string {
  if (next.estimate === null) return `No aux copy to ${next.copy} has completed in a measured time yet.`
  const runs = next.estimate.runs
  return `At ${formatThroughput(next.estimate.bytesPerSecond)} MB/s, the median of the last ${runs === 1 ? 'aux copy' : `${runs} aux copies`} to ${next.copy}.`
}

/** Jobs Defer Auxiliary Copy holds back: `2 jobs deferred until 12/01/2026, 10:00:00`; empty when none. */
export function deferredText(next: NextAuxCopy): string {
  if (next.deferredJobs === 0 || next.deferredUntil === null) return ''
  return `${jobCount(next.deferredJobs)} deferred until ${formatDateTime(next.deferredUntil)}`
}

/** A copy view's line: `Next aux copy: 3 jobs, 1.2 GB, about 2 min`. */
export function nextAuxCopyLine(next: NextAuxCopy): string {
  const deferred = deferredText(next)
  const tail = deferred === '' ? '' : ` (${deferred})`
  if (next.jobs === 0) return `Next aux copy: nothing to copy${tail}`
  const time = next.estimate === null ? `; ${noEstimateText.charAt(0).toLowerCase()}${noEstimateText.slice(1)}` : `, ${formatEstimate(next.estimate.seconds)}`
  return `Next aux copy: ${jobCount(next.jobs)}, ${formatBytes(next.bytes)}${time}${tail}`
}
