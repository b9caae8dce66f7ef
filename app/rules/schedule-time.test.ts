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
