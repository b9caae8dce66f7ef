import { describe, expect, it } from 'vitest'
import { lagKeptMs, lagPoints, samplesToThin, type SampleTime } from './copy-lag'

const minute = 60 * 1000
const hour = 60 * minute
const day = 24 * hour
const now = Date.UTC(2026, 10, 30, 12, 0)

/** A copy's samples every `step` from `age` ago up to now, oldest first. */
function ticks(copyId: number, age: number, step: number): SampleTime[] {
  const out: SampleTime[] = []
  for (let at = now - age; at <= now; at += step) out.push({ copyId, at })
  return out
}

/** What a thinning pass at `when` leaves of `samples`. */
function thinned(samples: readonly SampleTime[], when = now): SampleTime[] {
  const drop = new Set(samplesToThin(samples, when).map((sample) => `${sample.copyId}:${sample.at}`))
  return samples.filter((sample) => !drop.has(`${sample.copyId}:${sample.at}`))
}

describe('copy lag samples kept with age', () => {
  it('keeps every tick of the last 2 days, one an hour up to 14 days, one per 6 hours up to 100 days, nothing older', () => {
    // Every 5 minutes for 120 days, for one copy.
    const all = ticks(1, 120 * day, 5 * minute)
    const kept = thinned(all)
    const ages = kept.map((sample) => now - sample.at)
    const within = (from: number, to: number) => ages.filter((age) => age > from && age <= to).length
    expect(within(-1, 2 * day)).toBe(2 * 24 * 12 + 1)
    expect(within(2 * day, 14 * day)).toBeGreaterThanOrEqual(12 * 24 - 1)
    expect(within(2 * day, 14 * day)).toBeLessThanOrEqual(12 * 24 + 1)
    expect(within(14 * day, lagKeptMs)).toBeGreaterThanOrEqual(86 * 4 - 1)
    expect(within(14 * day, lagKeptMs)).toBeLessThanOrEqual(86 * 4 + 1)
    expect(Math.max(...ages)).toBeLessThanOrEqual(lagKeptMs)
    // At least 90 days of history stay.
    expect(Math.max(...ages)).toBeGreaterThan(90 * day)
    // Each kept sample past 2 days is the first of its hour (or 6 hours).
    for (const sample of kept.filter((entry) => now - entry.at > 14 * day)) expect(sample.at % (6 * hour)).toBe(0)
  })

  it('thins each copy on its own, and a later pass keeps what an earlier one kept until it ages into the next tier', () => {
    const samples = [...ticks(1, 20 * day, 20 * minute), ...ticks(2, 20 * day, 30 * minute)]
    const first = thinned(samples)
    expect(first.filter((sample) => sample.copyId === 1 && now - sample.at > 2 * day && now - sample.at <= 14 * day)).toHaveLength(12 * 24)
    expect(first.filter((sample) => sample.copyId === 2 && now - sample.at > 2 * day && now - sample.at <= 14 * day)).toHaveLength(12 * 24)
    // An hour later, nothing kept between 2 and 14 days goes; the samples that crossed 2 days are cut to one.
    const later = thinned(first, now + hour)
    const keptBefore = first.filter((sample) => now + hour - sample.at > 2 * day + hour && now + hour - sample.at <= 14 * day)
    const keys = (list: readonly SampleTime[]) => new Set(list.map((sample) => `${sample.copyId}:${sample.at}`))
    const laterKeys = keys(later)
    expect(keptBefore.length).toBeGreaterThan(500)
    expect([...keys(keptBefore)].filter((key) => !laterKeys.has(key))).toEqual([])
    expect(later.length).toBeLessThan(first.length)
    expect(thinned(later, now + hour)).toEqual(later)
  })

  it('keeps all samples of the last 2 days however close together', () => {
    const samples = ticks(7, 2 * day, 1000).slice(0, 5000)
    expect(samplesToThin(samples, now)).toEqual([])
  })
})

describe('the points a chart draws', () => {
  const series = (count: number, step: number, bytes: (index: number) => number) =>
    Array.from({ length: count }, (_, index) => ({ at: now - (count - 1 - index) * step, jobs: index, bytes: bytes(index) }))

  it('draws every sample when they are few', () => {
    const samples = series(100, minute, (index) => index)
    expect(lagPoints(samples, now - day, now)).toEqual(samples)
  })

  it('draws at most the limit (and the latest), each a real sample, keeping the peak of each slice', () => {
    // A day of 30-second ticks with one short peak: 2,880 samples.
    const samples = series(2880, 30_000, (index) => (index === 1001 ? 9e12 : index % 60))
    const points = lagPoints(samples, now - day, now, 100)
    expect(points.length).toBeLessThanOrEqual(101)
    expect(points.length).toBeGreaterThan(90)
    expect(points.every((point) => samples.includes(point))).toBe(true)
    expect(points).toContainEqual(samples[1001])
    expect(points.at(-1)).toBe(samples.at(-1))
    for (let index = 1; index < points.length; index++) expect(points[index]!.at).toBeGreaterThan(points[index - 1]!.at)
  })
})
