/**
 * Samples one job's throughput from what already reaches the Job Manager: the MediaAgent's progress (several times
 * a second) and the job's status and phase changes. Nothing is added to the copy path: each progress message adds
 * the growth of the job's bytes done to the open interval, which closes once it is as long as the series' interval
 * (one second at first) or when the phase changes. A Suspended, Pending or Waiting stretch is one interval of its
 * own that moves no bytes.
 */
import { appendSample, emptySeries, type ThroughputSample, type ThroughputSeries } from '../../app/rules/throughput-samples'

/** One job's sampler; times are a monotonic clock's milliseconds (real time, whatever the CommServe clock says). */
export class ThroughputSampler {
  private series: ThroughputSeries
  /** The monotonic time of the job's elapsed 0 (for a job resumed after a restart: where its samples ended). */
  private readonly origin: number
  private openedAt: number
  private openBytes = 0
  private lastBytes: number
  private label: string
  private unsaved = false

  constructor(now: number, label: string, restored: { readonly series?: ThroughputSeries; readonly bytesDone?: number } = {}) {
    this.series = restored.series ?? emptySeries
    this.origin = now - (this.series.samples.at(-1)?.endMs ?? 0)
    this.openedAt = now
    this.lastBytes = restored.bytesDone ?? 0
    this.label = label
  }

  /** The job's bytes done grew (or, when a run starts over, went back: that moves nothing). */
  progress(bytesDone: number, now: number): void {
    if (bytesDone > this.lastBytes) this.openBytes += bytesDone - this.lastBytes
    this.lastBytes = bytesDone
    if (now - this.openedAt >= this.series.intervalMs) this.close(now)
  }

  /** The job's status or phase is now `label`: the interval so far ends under the label it had. */
  relabel(label: string, now: number): void {
    if (label === this.label) return
    this.close(now)
    this.label = label
  }

  /** Ends the open interval (the job ended, or its phase changed). */
  close(now: number): void {
    const sample = this.openSample(now)
    this.openedAt = now
    this.openBytes = 0
    if (sample === null) return
    this.series = appendSample(this.series, sample)
    this.unsaved = true
  }

  /** The samples so far, with the open interval up to `now` as the last (a running job's line reaches now). */
  snapshot(now: number): ThroughputSeries {
    const open = this.openSample(now)
    return open === null ? this.series : appendSample(this.series, open)
  }

  /** The closed samples to write when they changed since the last call, else null. */
  takeUnsaved(): ThroughputSeries | null {
    if (!this.unsaved) return null
    this.unsaved = false
    return this.series
  }

  private openSample(now: number): ThroughputSample | null {
    const ms = Math.round(now - this.openedAt)
    if (ms <= 0 && this.openBytes === 0) return null
    return { endMs: Math.round(now - this.origin), ms: Math.max(0, ms), bytes: this.openBytes, phase: this.label }
  }
}
