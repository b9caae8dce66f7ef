/**
 * A job's throughput over time, as the Job Manager samples it: bytes moved in each interval of the job, with the
 * phase it was in (its phase while it runs, else its status: Suspended, Pending, Waiting), so a suspended stretch
 * reads as zero. One sample a second at first; a long job keeps a bounded number of samples by merging neighbours
 * (and sampling more coarsely from then on), so its series never grows past `maxThroughputSamples`.
 */

/** One interval of a job: it ended `endMs` after the job's start, lasted `ms`, and moved `bytes` in `phase`. */
export interface ThroughputSample {
  readonly endMs: number
  readonly ms: number
  readonly bytes: number
  readonly phase: string
}

/** A job's samples, oldest first, and how long each new interval lasts now. */
export interface ThroughputSeries {
  readonly intervalMs: number
  readonly samples: readonly ThroughputSample[]
}

/** The most samples a job keeps. */
export const maxThroughputSamples = 600

/** How long an interval lasts before any merging: one sample a second. */
export const firstIntervalMs = 1_000

/** A job's series before it moved anything. */
export const emptySeries: ThroughputSeries = { intervalMs: firstIntervalMs, samples: [] }

/** The statuses that label a stretch in which a job moves nothing. */
export const idleLabels: readonly string[] = ['Suspended', 'Pending', 'Waiting']

/** What a sample is labelled with: the job's phase while it runs, else its status (Suspended, Pending, Waiting). */
export function sampleLabel(status: string, phase: string): string {
  return status === 'Running' ? phase : status
}

/** Bytes per second over a sample's interval (0 for an interval of no length). */
export function rateOf(sample: ThroughputSample): number {
  return sample.ms > 0 ? (sample.bytes * 1000) / sample.ms : 0
}

/** Two neighbouring samples as one: the later's end, both lengths and bytes, the phase that lasted longer. */
export function mergeSamples(first: ThroughputSample, second: ThroughputSample): ThroughputSample {
  return {
    endMs: second.endMs,
    ms: first.ms + second.ms,
    bytes: first.bytes + second.bytes,
    phase: first.phase === second.phase || first.ms > second.ms ? first.phase : second.phase,
  }
}

/**
 * Halves a series' resolution: neighbours of the same phase merge in pairs (so a phase boundary stays where it
 * was). Only when that leaves more than three quarters of `max` (a job suspended and resumed hundreds of times) do
 * neighbours of different phases merge too, so the series always has room again for a quarter of `max`.
 */
export function thinSamples(samples: readonly ThroughputSample[], max: number): ThroughputSample[] {
  const pairUp = (list: readonly ThroughputSample[], samePhaseOnly: boolean): ThroughputSample[] => {
    const out: ThroughputSample[] = []
    for (let index = 0; index < list.length; index++) {
      const sample = list[index]!
      const next = list[index + 1]
      if (next !== undefined && (!samePhaseOnly || next.phase === sample.phase)) {
        out.push(mergeSamples(sample, next))
        index++
      } else {
        out.push(sample)
      }
    }
    return out
  }
  let thinned = pairUp(samples, true)
  while (thinned.length > Math.floor((max * 3) / 4)) thinned = pairUp(thinned, false)
  return thinned
}

/** A stretch shorter than this that moved nothing is no sample (the moment a job spends between two phases). */
export const negligibleMs = 250

/**
 * The series with one more sample (none for a stretch of under `negligibleMs` that moved nothing). When it then
 * holds more than `max`, neighbours merge (see `thinSamples`) and later intervals last twice as long, so the series
 * keeps one resolution from its start to its end.
 */
export function appendSample(series: ThroughputSeries, sample: ThroughputSample, max = maxThroughputSamples): ThroughputSeries {
  if (sample.bytes === 0 && sample.ms < negligibleMs) return series
  const samples = [...series.samples, sample]
  if (samples.length <= max) return { intervalMs: series.intervalMs, samples }
  return { intervalMs: series.intervalMs * 2, samples: thinSamples(samples, max) }
}
