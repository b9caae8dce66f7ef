import { describe, expect, it } from 'vitest'
import { autocopyPattern } from '../model/schedule'
import { isKnownTimeZone, nextOccurrence, occurrencesBetween, patternText, zonedTime } from './schedule-time'

const minute = 60_000
const dayMs = 24 * 60 * minute

describe('schedule patterns', () => {
  it('the System Created Autocopy schedule fires 48 times a day, every 30 minutes', () => {
    const from = zonedTime(2026, 11, 24, 0, 0, 'UTC') - 1
    const times = occurrencesBetween(autocopyPattern('UTC'), from, from + dayMs - 1)
    expect(times).toHaveLength(48)
    expect(times[1]! - times[0]!).toBe(30 * minute)
    expect(new Date(times[0]!).toISOString()).toBe('2026-11-24T00:00:00.000Z')
    expect(new Date(times[47]!).toISOString()).toBe('2026-11-24T23:30:00.000Z')
  })

  it('fires at the wall-clock time of the schedule time zone', () => {
    const pattern = { kind: 'daily' as const, time: '22:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'America/New_York' }
    const next = nextOccurrence(pattern, Date.UTC(2026, 10, 25, 12))
    expect(new Date(next!).toISOString()).toBe('2026-11-26T03:00:00.000Z')
  })

  it('weekly and monthly patterns fire on their days only', () => {
    const weekly = { kind: 'weekly' as const, days: [1], time: '08:00', timeZone: 'UTC' }
    const from = Date.UTC(2026, 10, 1)
    const mondays = occurrencesBetween(weekly, from, from + 28 * dayMs)
    expect(mondays.map((time) => new Date(time).getUTCDay())).toEqual([1, 1, 1, 1])
    const monthly = { kind: 'monthly' as const, dayOfMonth: 15, time: '01:30', timeZone: 'UTC' }
    expect(occurrencesBetween(monthly, from, from + 60 * dayMs).map((time) => new Date(time).toISOString())).toEqual([
      '2026-11-15T01:30:00.000Z',
      '2026-12-15T01:30:00.000Z',
    ])
  })

  it('knows real time zones and describes patterns', () => {
    expect(isKnownTimeZone('Europe/Berlin')).toBe(true)
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(patternText(autocopyPattern('UTC'))).toBe('Daily, every 30 minutes from 00:00 to 23:59 (UTC)')
  })
})

describe('daylight-saving days', () => {
  const newYork = 'America/New_York'
  const localDay = (year: number, month: number, day: number, timeZone: string) =>
    [zonedTime(year, month, day, 0, 0, timeZone) - 1, zonedTime(year, month, day + 1, 0, 0, timeZone) - 1] as const
  const wall = (time: number, timeZone: string) =>
    new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short', hourCycle: 'h23' }).format(time)

  it('a time inside the spring-forward gap fires once, an hour later (02:30 EST is 03:30 EDT)', () => {
    const [from, to] = localDay(2026, 3, 8, newYork)
    const times = occurrencesBetween({ kind: 'daily', time: '02:30', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: newYork }, from, to)
    expect(times.map((time) => new Date(time).toISOString())).toEqual(['2026-03-08T07:30:00.000Z'])
    expect(wall(times[0]!, newYork)).toBe('03:30 EDT')
  })

  it('a time the fall-back repeats fires once, at its first (daylight) instance', () => {
    const [from, to] = localDay(2026, 11, 1, newYork)
    const times = occurrencesBetween({ kind: 'daily', time: '01:30', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: newYork }, from, to)
    expect(times.map((time) => wall(time, newYork))).toEqual(['01:30 EDT'])
  })

  // The repeat counts elapsed minutes from the start time to the repeat-until time, so a 23-hour day has 46 runs
  // and a 25-hour day 50: the wall clock skips 02:00 and 02:30 in spring and shows 01:00 and 01:30 twice in autumn.
  it('every 30 minutes fires 46 times on the 23-hour day and 50 times on the 25-hour day', () => {
    const spring = occurrencesBetween(autocopyPattern(newYork), ...localDay(2026, 3, 8, newYork))
    expect(spring).toHaveLength(46)
    expect(spring.slice(2, 6).map((time) => wall(time, newYork))).toEqual(['01:00 EST', '01:30 EST', '03:00 EDT', '03:30 EDT'])
    const autumn = occurrencesBetween(autocopyPattern(newYork), ...localDay(2026, 11, 1, newYork))
    expect(autumn).toHaveLength(50)
    expect(autumn.slice(2, 6).map((time) => wall(time, newYork))).toEqual(['01:00 EDT', '01:30 EDT', '01:00 EST', '01:30 EST'])
  })

  it('a daily pattern fires exactly once on every change day of every zone, whatever its time in the small hours', () => {
    const changeDays: [string, number, number, number][] = [
      [newYork, 2026, 3, 8], [newYork, 2026, 11, 1], ['Europe/Berlin', 2026, 3, 29], ['Europe/Berlin', 2026, 10, 25],
      ['Australia/Lord_Howe', 2026, 4, 5], ['Australia/Lord_Howe', 2026, 10, 4], ['Asia/Kolkata', 2026, 3, 8], ['UTC', 2026, 3, 8],
    ]
    let checked = 0
    for (const [timeZone, year, month, day] of changeDays) {
      for (let minutes = 0; minutes < 4 * 60; minutes += 10) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
        const pattern = { kind: 'daily' as const, time, repeatEveryMinutes: null, repeatUntil: '23:59', timeZone }
        const [from, to] = localDay(year, month, day, timeZone)
        expect(occurrencesBetween(pattern, from, to), `${time} ${timeZone} ${year}-${month}-${day}`).toHaveLength(1)
        checked++
      }
    }
    expect(checked).toBe(8 * 24)
  })
})
