/** How the dialogs describe a schedule: its pattern in a sentence and its auxiliary copy options. */
import { assertNever } from '../../app/model/assert'
import type { AuxCopyOptions, SchedulePattern } from '../../app/model/schedule'

const weekDays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** A schedule pattern in words: `Daily, every 30 minutes from 00:00 to 23:59 (Europe/Paris)`. */
export function patternText(pattern: SchedulePattern): string {
  const zone = `(${pattern.timeZone})`
  switch (pattern.kind) {
    case 'oneTime':
      return `One time, on ${pattern.date} at ${pattern.time} ${zone}`
    case 'daily':
      return pattern.repeatEveryMinutes === null
        ? `Daily at ${pattern.time} ${zone}`
        : `Daily, every ${pattern.repeatEveryMinutes} minutes from ${pattern.time} to ${pattern.repeatUntil} ${zone}`
    case 'weekly':
      return `Weekly on ${pattern.days.map((day) => weekDays[day] ?? String(day)).join(', ')} at ${pattern.time} ${zone}`
    case 'monthly':
      return `Monthly on day ${pattern.dayOfMonth} at ${pattern.time} ${zone}`
    default:
      return assertNever(pattern, 'schedule pattern')
  }
}

/** The auxiliary copy options as label and value rows. */
export function auxCopyOptionRows(options: AuxCopyOptions): readonly (readonly [string, string])[] {
  return [
    ['Number of Streams', options.streams === null ? 'Maximum' : String(options.streams)],
    ['Start New Media', options.startNewMedia ? 'Yes' : 'No'],
    ['Mark Media Full On Success', options.markMediaFull ? 'Yes' : 'No'],
  ]
}
