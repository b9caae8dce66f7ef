/** The Auxiliary Copy Fallen Behind alert: which settings are complete, and when a copy's backlog is past them. */
import type { FallenBehindAlert } from '../model/alerts'

/** One terabyte in bytes (binary multiples, as the console shows sizes and the 10-TB check counts them). */
export const bytesPerTB = 1024 ** 4
const day = 24 * 60 * 60 * 1000

/** What the catalog says about a copy's jobs not yet copied (To Be Copied and Partially Copied), in one query. */
export interface CopyBacklog {
  /** Jobs not yet copied. */
  readonly jobs: number
  /** Bytes still to copy (a Partially Copied job counts what is left of it). */
  readonly bytes: number
  /** Of those jobs, how many started before the cutoff asked for (older than N days). */
  readonly oldJobs: number
  /** The oldest job not yet copied, or null when there is none. */
  readonly oldest: { readonly jobId: number; readonly startTime: number } | null
}

/** The problem of the settings by field (`fallenBehindAlert`): enabled needs at least one criterion. */
export function fallenBehindProblems(alert: FallenBehindAlert): Record<string, string> {
  if (alert.enabled && alert.daysOld === null && alert.toBeCopiedTB === null) {
    return {
      fallenBehindAlert:
        'Choose Jobs older than N days not yet copied, More than N TB of data to be copied, or both, for the Auxiliary Copy Fallen Behind Alert.',
    }
  }
  return {}
}

/** The start time before which a job counts as older than the alert's days, or null when days are not checked. */
export function oldJobCutoff(alert: FallenBehindAlert, now: number): number | null {
  return alert.daysOld === null ? null : now - alert.daysOld * day
}

/** A terabyte figure for a reason: three significant digits, no trailing zeros (`1.2`, `0.00105`, `25`). */
export function tbText(tb: number): string {
  return String(Number(tb.toPrecision(3)))
}

/** A CommServe time in a reason: `2026-11-20 10:00` (local time of the CommServe). */
export function reasonTime(time: number): string {
  const date = new Date(time)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`
}

/**
 * Why a copy has fallen behind, one reason per criterion past its threshold (empty: it has not, or the alert is
 * off). `backlog.oldJobs` was counted against {@link oldJobCutoff}.
 */
export function fallenBehindReasons(alert: FallenBehindAlert, backlog: CopyBacklog): string[] {
  if (!alert.enabled) return []
  const reasons: string[] = []
  if (alert.daysOld !== null && backlog.oldJobs > 0) {
    const jobs = backlog.oldJobs === 1 ? '1 job' : `${backlog.oldJobs} jobs`
    const days = alert.daysOld === 1 ? '1 day' : `${alert.daysOld} days`
    const oldest = backlog.oldest === null ? '' : ` (oldest: job ${backlog.oldest.jobId}, started ${reasonTime(backlog.oldest.startTime)})`
    reasons.push(`${jobs} older than ${days} ${backlog.oldJobs === 1 ? 'is' : 'are'} not yet copied${oldest}`)
  }
  if (alert.toBeCopiedTB !== null && backlog.bytes > alert.toBeCopiedTB * bytesPerTB) {
    reasons.push(`${tbText(backlog.bytes / bytesPerTB)} TB to be copied, more than ${tbText(alert.toBeCopiedTB)} TB`)
  }
  return reasons
}
