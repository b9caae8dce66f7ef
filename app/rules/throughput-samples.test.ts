import { describe, expect, it } from 'vitest'
import { appendSample, emptySeries, firstIntervalMs, mergeSamples, rateOf, thinSamples, type ThroughputSample, type ThroughputSeries } from './throughput-samples'

const MiB = 1024 * 1024
/** `count` one-second samples of `bytes` each in `phase`, ending after `startMs`. */
const seconds = (count: number, phase: string, bytes = MiB, startMs = 0): ThroughputSample[] =>
  Array.from({ length: count }, (_, index) => ({ endMs: startMs + (index + 1) * 1000, ms: 1000, bytes, phase }))
const total = (samples: readonly ThroughputSample[]) => samples.reduce((sum, sample) => sum + sample.bytes, 0)
const length = (samples: readonly ThroughputSample[]) => samples.reduce((sum, sample) => sum + sample.ms, 0)

describe('throughput samples', () => {
  it('a sample of 5 MiB over 2 s is 2.5 MiB/s; one of no length is 0', () => {
    expect(rateOf({ endMs: 2000, ms: 2000, bytes: 5 * MiB, phase: 'Backup' })).toBe(2.5 * MiB)
    expect(rateOf({ endMs: 2000, ms: 0, bytes: 0, phase: 'Backup' })).toBe(0)
  })

  it('two neighbours merge into one covering both: the later end, both lengths and bytes', () => {
    expect(mergeSamples({ endMs: 1000, ms: 1000, bytes: 10, phase: 'Backup' }, { endMs: 2500, ms: 1500, bytes: 30, phase: 'Backup' })).toEqual({
      endMs: 2500, ms: 2500, bytes: 40, phase: 'Backup',
    })
    // Of two phases, the one that lasted longer names the merged sample.
    expect(mergeSamples({ endMs: 1000, ms: 1000, bytes: 10, phase: 'Backup' }, { endMs: 1200, ms: 200, bytes: 0, phase: 'Suspended' }).phase).toBe('Backup')
    expect(mergeSamples({ endMs: 100, ms: 100, bytes: 0, phase: 'Pending' }, { endMs: 1100, ms: 1000, bytes: 9, phase: 'Restore' }).phase).toBe('Restore')
  })

  it('a job keeps one sample a second until it holds the most it may keep', () => {
    let series: ThroughputSeries = emptySeries
    for (const sample of seconds(10, 'Copying to Copy_2')) series = appendSample(series, sample, 10)
    expect(series.intervalMs).toBe(firstIntervalMs)
    expect(series.samples).toHaveLength(10)
  })

  it('one sample past the most: neighbours merge in pairs, later intervals last twice as long, nothing is lost', () => {
    let series: ThroughputSeries = emptySeries
    const all = seconds(11, 'Copying to Copy_2')
    for (const sample of all) series = appendSample(series, sample, 10)
    expect(series.intervalMs).toBe(2 * firstIntervalMs)
    expect(series.samples).toHaveLength(6)
    expect(series.samples.slice(0, 5).every((sample) => sample.ms === 2000)).toBe(true)
    expect(total(series.samples)).toBe(total(all))
    expect(length(series.samples)).toBe(11_000)
    expect(series.samples.at(-1)!.endMs).toBe(11_000)
  })

  it('a long job never keeps more than 600 samples, and they still add up to what it moved', () => {
    let series: ThroughputSeries = emptySeries
    let appended = 0
    for (let second = 0; second < 5_000; second++) {
      series = appendSample(series, { endMs: (second + 1) * 1000, ms: 1000, bytes: second, phase: second < 2_000 ? 'Backup' : 'Copy' })
      appended++
      expect(series.samples.length).toBeLessThanOrEqual(600)
    }
    expect(appended).toBe(5_000)
    expect(total(series.samples)).toBe((4_999 * 5_000) / 2)
    expect(length(series.samples)).toBe(5_000_000)
    // The phase boundary at 2000 s stays where it was: no sample mixes the two phases.
    expect(series.samples.some((sample) => sample.endMs === 2_000_000 && sample.phase === 'Backup')).toBe(true)
  })

  it('merging keeps phase boundaries: neighbours of different phases merge only when nothing else makes room', () => {
    const mixed = [...seconds(3, 'Backup'), ...seconds(1, 'Suspended', 0, 3000), ...seconds(3, 'Backup', MiB, 4000)]
    const thinned = thinSamples(mixed, 8)
    expect(thinned.map((sample) => [sample.phase, sample.ms])).toEqual([
      ['Backup', 2000], ['Backup', 1000], ['Suspended', 1000], ['Backup', 2000], ['Backup', 1000],
    ])
    // A job suspended and resumed every second: its phases alternate, so different phases merge too.
    const alternating = Array.from({ length: 9 }, (_, index) => ({ endMs: (index + 1) * 1000, ms: 1000, bytes: index % 2 === 0 ? MiB : 0, phase: index % 2 === 0 ? 'Backup' : 'Suspended' }))
    const squeezed = thinSamples(alternating, 8)
    expect(squeezed.length).toBeLessThanOrEqual(6)
    expect(total(squeezed)).toBe(5 * MiB)
  })

  it('a moment between two phases that moved nothing adds no sample; a longer stretch or one that moved bytes does', () => {
    expect(appendSample(emptySeries, { endMs: 0, ms: 0, bytes: 0, phase: 'Backup' })).toBe(emptySeries)
    expect(appendSample(emptySeries, { endMs: 23, ms: 23, bytes: 0, phase: 'Auxiliary Copy' })).toBe(emptySeries)
    expect(appendSample(emptySeries, { endMs: 300, ms: 300, bytes: 0, phase: 'Suspended' }).samples).toHaveLength(1)
    expect(appendSample(emptySeries, { endMs: 20, ms: 20, bytes: 4096, phase: 'Backup' }).samples).toHaveLength(1)
  })
})
