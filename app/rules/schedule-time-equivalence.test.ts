import { describe, expect, it } from 'vitest'
import { assertNever } from '../model/assert'
import type { SchedulePattern } from '../model/schedule'
import { nextOccurrence, occurrencesBetween } from './schedule-time'

const minute = 60_000
const day = 24 * 60 * minute

// The reference: the day-by-day walk schedule-time.ts did before it skipped days, written out plainly. Its formatters
// are cached too (a formatter's output does not depend on when it was built), only so the test runs in seconds.
const referenceFormatters = new Map<string, Intl.DateTimeFormat>()

function referenceWallClock(time: number, timeZone: string) {
  let formatter = referenceFormatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    })
    referenceFormatters.set(timeZone, formatter)
  }
  const parts = formatter.formatToParts(new Date(time))
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  return {
    year: Number(get('year')), month: Number(get('month')), day: Number(get('day')),
    hour: Number(get('hour')), minute: Number(get('minute')), weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
  }
}

function referenceZonedTime(year: number, month: number, dayOfMonth: number, hour: number, minuteOfHour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, dayOfMonth, hour, minuteOfHour)
  let time = guess
  for (let attempt = 0; attempt < 3; attempt++) {
    const seen = referenceWallClock(time, timeZone)
    const next = guess - (Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute) - time)
    if (next === time) break
    time = next
  }
  return time
}

function referenceFiresOnDay(pattern: SchedulePattern, date: { year: number; month: number; day: number; weekday: number }): number[] {
  const at = (text: string) => {
    const [hours, minutes] = text.split(':').map(Number)
    return referenceZonedTime(date.year, date.month, date.day, hours!, minutes!, pattern.timeZone)
  }
  switch (pattern.kind) {
    case 'oneTime': {
      const [year, month, dayOfMonth] = pattern.date.split('-').map(Number)
      return year === date.year && month === date.month && dayOfMonth === date.day ? [at(pattern.time)] : []
    }
    case 'daily': {
      const first = at(pattern.time)
      if (pattern.repeatEveryMinutes === null) return [first]
      const until = at(pattern.repeatUntil)
      const times: number[] = []
      for (let time = first; time <= until; time += pattern.repeatEveryMinutes * minute) times.push(time)
      return times
    }
    case 'weekly':
      return pattern.days.includes(date.weekday) ? [at(pattern.time)] : []
    case 'monthly':
      return pattern.dayOfMonth === date.day ? [at(pattern.time)] : []
    default:
      return assertNever(pattern, 'schedule pattern')
  }
}

function referenceBetween(pattern: SchedulePattern, from: number, to: number, limit = 10_000): number[] {
  const out: number[] = []
  if (to <= from) return out
  const start = referenceWallClock(from, pattern.timeZone)
  for (let dayIndex = -1; out.length < limit; dayIndex++) {
    const dayStart = referenceZonedTime(start.year, start.month, start.day + dayIndex, 0, 0, pattern.timeZone)
    if (dayStart > to) break
    const date = referenceWallClock(dayStart + 12 * 60 * minute, pattern.timeZone)
    for (const time of referenceFiresOnDay(pattern, date)) {
      if (time > from && time <= to) out.push(time)
      if (out.length >= limit) break
    }
    if (dayIndex > (to - from) / day + 2) break
  }
  return out.sort((a, b) => a - b)
}

const referenceNext = (pattern: SchedulePattern, from: number) => referenceBetween(pattern, from, from + 366 * day, 1)[0] ?? null

/** A small seeded generator (mulberry32), so a failure names a case that can be run again. */
function random(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T,>(items: readonly T[]): T => items[int(0, items.length - 1)]!
  return { next, int, pick }
}

const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']
// Daylight-saving changes of those zones in 2026 (UTC), so many instants fall on the days that are hard.
const changes = [
  Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6), Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1),
  Date.UTC(2026, 3, 4, 15), Date.UTC(2026, 9, 3, 15.5),
]
const two = (n: number) => String(n).padStart(2, '0')

function randomCase(rng: ReturnType<typeof random>): { pattern: SchedulePattern; from: number } {
  const timeZone = rng.pick(zones)
  // Half the times in the small hours, where the clocks change.
  const time = () => `${two(rng.next() < 0.5 ? rng.int(0, 3) : rng.int(0, 23))}:${two(rng.pick([0, 15, 30, 45, rng.int(0, 59)]))}`
  const from =
    rng.next() < 0.5
      ? rng.pick(changes) + rng.int(-3 * 24 * 60, 3 * 24 * 60) * minute
      : Date.UTC(2025, 0, 1) + rng.int(0, 4 * 365 * 24 * 60) * minute
  const kind = rng.pick(['oneTime', 'daily', 'weekly', 'monthly'] as const)
  switch (kind) {
    case 'oneTime': {
      const date = new Date(from + (rng.next() < 0.5 ? rng.int(-1, 2) : rng.int(-40, 400)) * day)
      return { from, pattern: { kind, date: `${date.getUTCFullYear()}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())}`, time: time(), timeZone } }
    }
    case 'daily':
      return {
        from,
        pattern: {
          kind, time: time(), timeZone, repeatUntil: rng.next() < 0.5 ? '23:59' : time(),
          repeatEveryMinutes: rng.next() < 0.3 ? null : rng.pick([1, 7, 15, 30, 45, 60, 90, 720, 1440, rng.int(1, 1440)]),
        },
      }
    case 'weekly':
      return { from, pattern: { kind, time: time(), timeZone, days: [0, 1, 2, 3, 4, 5, 6].filter(() => rng.next() < 0.3).concat(rng.int(0, 6)) } }
    case 'monthly':
      return { from, pattern: { kind, time: time(), timeZone, dayOfMonth: rng.next() < 0.5 ? rng.int(28, 31) : rng.int(1, 31) } }
    default:
      return assertNever(kind, 'pattern kind')
  }
}

describe('the day-skipping walk', () => {
  it('gives the same next occurrence and occurrences as the day-by-day walk, over random patterns, instants and zones', () => {
    const rng = random(20260308)
    let compared = 0
    let found = 0
    for (let n = 0; n < 600; n++) {
      const { pattern, from } = randomCase(rng)
      const label = JSON.stringify({ n, pattern, from: new Date(from).toISOString() })
      const next = nextOccurrence(pattern, from)
      expect(next, label).toBe(referenceNext(pattern, from))
      if (next !== null) found++
      const to = from + rng.int(1, 45 * 24 * 60) * minute
      const limit = rng.pick([1, 3, 10_000])
      expect(occurrencesBetween(pattern, from, to, limit), label).toEqual(referenceBetween(pattern, from, to, limit))
      // An occurrence itself is excluded as a start and included as an end.
      if (next !== null) {
        expect(occurrencesBetween(pattern, next, next + 2 * day), label).toEqual(referenceBetween(pattern, next, next + 2 * day))
        expect(occurrencesBetween(pattern, next - day, next), label).toEqual(referenceBetween(pattern, next - day, next))
      }
      compared++
    }
    expect(compared).toBe(600)
    expect(found).toBeGreaterThan(300)
  })
})
