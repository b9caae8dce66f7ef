/**
 * How Job Details shows a job's throughput over time: the chart's points (MB/s against elapsed time), its phases as
 * spans, one sentence with the figures, and the rows of its figures table and of its CSV.
 */
import { csvText } from './csv'
import type { JobThroughput } from '../../app/model/jobs'
import { idleLabels, rateOf } from '../../app/rules/throughput-samples'
import { formatBytes } from './cell-format'
import { formatElapsed, formatThroughput } from './job-format'

const MiB = 1024 * 1024

/** One sample of a job's throughput. */
export type ThroughputSample = JobThroughput['samples'][number]

/** A point of the chart: seconds after the job's start and MB/s over the interval it ends. */
export interface ThroughputPoint {
  readonly seconds: number
  readonly megabytesPerSecond: number
}

/**
 * The chart's points for a step line (each point's value holds back to the point before it): the first sample's
 * start, then each sample's end, so every interval draws flat at its rate and a suspended stretch flat at zero.
 */
export function throughputPoints(samples: readonly ThroughputSample[]): ThroughputPoint[] {
  const points = samples.map((sample) => ({ seconds: sample.endMs / 1000, megabytesPerSecond: rateOf(sample) / MiB }))
  const first = samples[0]
  return first === undefined ? [] : [{ seconds: Math.max(0, first.endMs - first.ms) / 1000, megabytesPerSecond: points[0]!.megabytesPerSecond }, ...points]
}

/** A stretch of the job in one phase (or Suspended, Pending, Waiting), in ms after its start. */
export interface PhaseSpan {
  readonly phase: string
  readonly startMs: number
  readonly endMs: number
  /** A stretch in which the job moved nothing because it was not running. */
  readonly idle: boolean
}

/** The job's phases in order: neighbouring samples of one phase make one span. */
export function phaseSpans(samples: readonly ThroughputSample[]): PhaseSpan[] {
  const spans: PhaseSpan[] = []
  for (const sample of samples) {
    const last = spans.at(-1)
    if (last !== undefined && last.phase === sample.phase) spans[spans.length - 1] = { ...last, endMs: sample.endMs }
    else spans.push({ phase: sample.phase, startMs: Math.max(0, sample.endMs - sample.ms), endMs: sample.endMs, idle: idleLabels.includes(sample.phase) })
  }
  return spans
}

/** The figures behind the chart in one sentence: peak, average while running, bytes moved, time, each phase's time. */
export function throughputSummary(samples: readonly ThroughputSample[]): string {
  if (samples.length === 0) return 'No throughput was sampled: the job has not moved data yet.'
  const running = samples.filter((sample) => !idleLabels.includes(sample.phase))
  const bytes = samples.reduce((sum, sample) => sum + sample.bytes, 0)
  const runningMs = running.reduce((sum, sample) => sum + sample.ms, 0)
  const peak = Math.max(...samples.map(rateOf))
  const perPhase = new Map<string, number>()
  for (const span of phaseSpans(samples)) perPhase.set(span.phase, (perPhase.get(span.phase) ?? 0) + span.endMs - span.startMs)
  const mbps = (bytesPerSecond: number) => `${formatThroughput(bytesPerSecond) || '0.00'} MB/s`
  return (
    `${samples.length} sample${samples.length === 1 ? '' : 's'} over ${formatElapsed(samples.at(-1)!.endMs)}: ` +
    `${formatBytes(bytes)} moved, peak ${mbps(peak)}, average ${mbps(runningMs > 0 ? (bytes * 1000) / runningMs : 0)} while running. ` +
    `Phases: ${[...perPhase].map(([phase, ms]) => `${phase} ${formatElapsed(ms)}`).join(', ')}.`
  )
}

/** The rows of the figures table: elapsed time at the interval's end, its length, bytes moved, MB/s, phase. */
export function throughputRows(samples: readonly ThroughputSample[]): { key: string; cells: string[] }[] {
  return samples.map((sample) => ({
    key: String(sample.endMs),
    cells: [
      formatElapsed(sample.endMs),
      `${(sample.ms / 1000).toFixed(1)} s`,
      formatBytes(sample.bytes),
      formatThroughput(rateOf(sample)) || '0.00',
      sample.phase,
    ],
  }))
}

/** The samples as CSV (RFC 4180): one record per interval, in seconds, bytes and MB/s. */
export function throughputCsv(samples: readonly ThroughputSample[]): string {
  return csvText(
    ['Elapsed (s)', 'Interval (s)', 'Bytes', 'MB/s', 'Phase'],
    samples.map((sample) => [sample.endMs / 1000, sample.ms / 1000, sample.bytes, (rateOf(sample) / MiB).toFixed(2), sample.phase]),
  )
}
