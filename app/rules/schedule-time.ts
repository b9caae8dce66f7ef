import { assertNever } from '../model/assert'
import type { SchedulePattern } from '../model/schedule'

const minute = 60_000
const day = 24 * 60 * minute

export { isKnownTimeZone } from '../model/schedule'

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

// Building an Intl.DateTimeFormat costs tens of microseconds, and a year's walk asks for thousands of wall clocks: one
// formatter per time zone, kept for the life of the process (time zones are a small, fixed set).
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall-clock fields of an instant in a time zone. */
export function wallClock(time: number, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, weekday: -1 }
  for (const part of formatterOf(timeZone).formatToParts(new Date(time))) {
    switch (part.type) {
      case 'year':
      case 'month':
      case 'day':
      case 'hour':
      case 'minute':
        fields[part.type] = Number(part.value)
        break
      case 'weekday':
        fields.weekday = weekdays.indexOf(part.value)
        break
    }
  }
  return fields
}

/**
 * The instant a wall-clock time in a time zone stands for. Across a daylight-saving change the fixed three steps
 * settle by the zone's side of UTC: west of it (New York) a repeated time is its first instance and a missing one
 * an hour later (02:30 → 03:30 EDT); east of it (Berlin) a repeated time is its second instance and a missing one
 * an hour earlier (02:30 → 01:30 CET). Either way a daily time fires once on those days.
 */
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
  // Walk the calendar days of the zone that overlap the interval (one day of slack on each side), visiting only the
  // days the pattern can fire on: a one-time pattern's date, a weekly pattern's weekdays, a monthly pattern's day.
  const lastDayIndex = Math.floor((to - from) / day + 2) + 1
  for (const dayIndex of candidateDays(pattern, start, lastDayIndex)) {
    const dayStart = zonedTime(start.year, start.month, start.day + dayIndex, 0, 0, pattern.timeZone)
    if (dayStart > to) break
    const date = wallClock(dayStart + 12 * 60 * minute, pattern.timeZone)
    for (const time of firesOnDay(pattern, date)) {
      if (time > from && time <= to) out.push(time)
      if (out.length >= limit) break
    }
    if (out.length >= limit) break
  }
  return out.sort((a, b) => a - b)
}

/** The day indexes (days after the date `start`, from -1 to `lastDayIndex`) on which a pattern may fire, in order. */
function* candidateDays(pattern: SchedulePattern, start: { year: number; month: number; day: number }, lastDayIndex: number): Generator<number> {
  const startDate = Date.UTC(start.year, start.month - 1, start.day)
  switch (pattern.kind) {
    case 'oneTime': {
      const [year, month, dayOfMonth] = pattern.date.split('-').map(Number)
      const index = Math.round((Date.UTC(year!, month! - 1, dayOfMonth!) - startDate) / day)
      if (index >= -1 && index <= lastDayIndex) yield index
      return
    }
    case 'monthly': {
      // From the month of the slack day before `start`, each month that has the day (Date.UTC carries month 13 over).
      const first = new Date(startDate - day)
      for (let month = first.getUTCMonth() + 1; ; month++) {
        const date = Date.UTC(first.getUTCFullYear(), month - 1, pattern.dayOfMonth)
        const index = Math.round((date - startDate) / day)
        if (index > lastDayIndex) return
        if (index >= -1 && new Date(date).getUTCDate() === pattern.dayOfMonth) yield index
      }
    }
    case 'weekly':
      for (let index = -1; index <= lastDayIndex; index++) {
        if (pattern.days.includes(new Date(startDate + index * day).getUTCDay())) yield index
      }
      return
    case 'daily':
      for (let index = -1; index <= lastDayIndex; index++) yield index
      return
    default:
      return assertNever(pattern, 'schedule pattern')
  }
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
