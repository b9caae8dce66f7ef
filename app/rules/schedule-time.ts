import { assertNever } from '../model/assert'
import type { SchedulePattern } from '../model/schedule'

const minute = 60_000
const day = 24 * 60 * minute

export { isKnownTimeZone } from '../model/schedule'

/** The wall-clock fields of an instant in a time zone. */
function wallClock(time: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
  }).formatToParts(new Date(time))
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? ''
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
  return {
    year: Number(get('year')), month: Number(get('month')), day: Number(get('day')),
    hour: Number(get('hour')), minute: Number(get('minute')), weekday: weekdays.indexOf(get('weekday')),
  }
}

/** The instant a wall-clock time in a time zone stands for (the first one, across a daylight-saving change). */
export function zonedTime(year: number, month: number, dayOfMonth: number, hour: number, minuteOfHour: number, timeZone: string): number {
  const guess = Date.UTC(year, month - 1, dayOfMonth, hour, minuteOfHour)
  let time = guess
  for (let attempt = 0; attempt < 3; attempt++) {
    const seen = wallClock(time, timeZone)
    const seenAsUtc = Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute)
    const offset = seenAsUtc - time
    const next = guess - offset
    if (next === time) break
    time = next
  }
  return time
}

const parseTime = (text: string) => {
  const [hours, minutes] = text.split(':').map(Number)
  return { hours: hours!, minutes: minutes! }
}

/**
 * Every time a schedule pattern fires after `from` (exclusive) and up to `to` (inclusive), oldest first, at most
 * `limit` of them. Daily patterns repeat every N minutes from their start time until their repeat-until time.
 */
export function occurrencesBetween(pattern: SchedulePattern, from: number, to: number, limit = 10_000): number[] {
  const out: number[] = []
  if (to <= from) return out
  const start = wallClock(from, pattern.timeZone)
  // Walk the calendar days of the zone that overlap the interval (one day of slack on each side).
  for (let dayIndex = -1; out.length < limit; dayIndex++) {
    const dayStart = zonedTime(start.year, start.month, start.day + dayIndex, 0, 0, pattern.timeZone)
    if (dayStart > to) break
    const date = wallClock(dayStart + 12 * 60 * minute, pattern.timeZone)
    for (const time of firesOnDay(pattern, date)) {
      if (time > from && time <= to) out.push(time)
      if (out.length >= limit) break
    }
    if (dayIndex > (to - from) / day + 2) break
  }
  return out.sort((a, b) => a - b)
}

function firesOnDay(pattern: SchedulePattern, date: { year: number; month: number; day: number; weekday: number }): number[] {
  const at = (text: string) => {
    const { hours, minutes } = parseTime(text)
    return zonedTime(date.year, date.month, date.day, hours, minutes, pattern.timeZone)
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

/** The next time a pattern fires after `from`, within a year, or null. */
export function nextOccurrence(pattern: SchedulePattern, from: number): number | null {
  return occurrencesBetween(pattern, from, from + 366 * day, 1)[0] ?? null
}

/** The pattern as the schedule lists show it: `Daily, every 30 minutes from 00:00 to 23:59 (Europe/Berlin)`. */
export function patternText(pattern: SchedulePattern): string {
  const zone = ` (${pattern.timeZone})`
  switch (pattern.kind) {
    case 'oneTime':
      return `One time, ${pattern.date} at ${pattern.time}${zone}`
    case 'daily':
      return pattern.repeatEveryMinutes === null
        ? `Daily at ${pattern.time}${zone}`
        : `Daily, every ${pattern.repeatEveryMinutes} minutes from ${pattern.time} to ${pattern.repeatUntil}${zone}`
    case 'weekly': {
      const names = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
      return `Weekly on ${pattern.days.map((d) => names[d]).join(', ')} at ${pattern.time}${zone}`
    }
    case 'monthly':
      return `Monthly on day ${pattern.dayOfMonth} at ${pattern.time}${zone}`
    default:
      return assertNever(pattern, 'schedule pattern')
  }
}
