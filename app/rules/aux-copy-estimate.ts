/**
 * How long the next auxiliary copy to a copy should take (pure): the bytes it would copy over the median throughput
 * of the latest completed aux copy runs that wrote to the copy. The median keeps one slow run (a Pending wait, a busy
 * disk) or one fast one from moving the estimate much.
 */

/** A completed aux copy run that wrote to the copy: what it copied and how long it took, in CommServe time. */
export interface AuxCopyRun {
  /** Bytes the run copied (to every copy it wrote: its time is shared by them). */
  readonly bytes: number
  readonly elapsedMs: number
}

/** How many of the latest runs the estimate reads. */
export const estimateRunCount = 5

/** An estimate: the seconds it should take, the throughput it assumes, and how many earlier runs that comes from. */
export interface AuxCopyEstimate {
  readonly seconds: number
  readonly bytesPerSecond: number
  readonly runs: number
}

/** The median of numbers (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  if (sorted.length === 0) return Number.NaN
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/**
 * The estimate for copying `bytes`, from the runs newest first: the median bytes per second of the latest
 * {@link estimateRunCount} runs that moved bytes over a measured time (a run on a test clock, whose CommServe time
 * stands still, has none). Null when no earlier run can say; nothing to copy takes no time.
 */
export function auxCopyEstimate(bytes: number, runs: readonly AuxCopyRun[]): AuxCopyEstimate | null {
  const rates = runs
    .filter((run) => run.bytes > 0 && run.elapsedMs > 0)
    .slice(0, estimateRunCount)
    .map((run) => run.bytes / (run.elapsedMs / 1000))
  if (rates.length === 0) return null
  const bytesPerSecond = median(rates)
  return { seconds: bytes > 0 ? bytes / bytesPerSecond : 0, bytesPerSecond, runs: rates.length }
}
