/**
 * Selective copies (domain reference 3.5): which full backups a selective copy takes, and Defer Auxiliary Copy. Pure
 * functions of the jobs, the copy's rule, the CommServe's time zone and its clock.
 *
 * Periods are read on the CommServe's wall clock (as schedules are, `schedule-time.ts`) from each job's start time:
 * an hour, a day, a week starting on the rule's day (Friday by default), a month from the 1st, quarters from Jan 1,
 * Apr 1, Jul 1 and Oct 1, half-years from Jan 1 and Jul 1, a year from Jan 1. A period is compared by its number on
 * that wall clock, so a period has ended exactly when the clock's own period number is past it, across daylight-saving
 * changes too (no period end instant is ever computed).
 */
import { assertNever } from '../model/assert'
import type { BackupType, SelectiveFrequency, SelectiveRule, WeekDay } from '../model/entities'
import { wallClock } from './schedule-time'

const dayMs = 24 * 60 * 60 * 1000

/** The frequencies in the order the Selective Copy tab lists them. */
export const selectiveFrequencies: readonly SelectiveFrequency[] = [
  'All Fulls', 'Hourly Fulls', 'Daily Fulls', 'Weekly Fulls', 'Monthly Fulls', 'Quarterly Fulls', 'Half Yearly Fulls', 'Yearly Fulls',
]

/** The days of the week, Sunday first (the index is the weekday number). */
export const weekDays: readonly WeekDay[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

/** What the rule needs of a backup job. */
export interface SelectiveCandidate {
  readonly id: number
  readonly subclientId: number
  readonly backupType: BackupType
  readonly startTime: number
}

/** Where the rule is applied: the CommServe's time zone and its clock (epoch ms). */
export interface SelectiveContext {
  readonly timeZone: string
  readonly now: number
}

/**
 * The number of the period of the rule's frequency holding `time` on the wall clock of `timeZone` (larger is later);
 * null for All Fulls, which has no periods.
 */
export function selectivePeriod(time: number, rule: Pick<SelectiveRule, 'frequency' | 'weekStart'>, timeZone: string): number | null {
  const clock = wallClock(time, timeZone)
  const date = Math.round(Date.UTC(clock.year, clock.month - 1, clock.day) / dayMs)
  switch (rule.frequency) {
    case 'All Fulls':
      return null
    case 'Hourly Fulls':
      return date * 24 + clock.hour
    case 'Daily Fulls':
      return date
    case 'Weekly Fulls':
      // The date of the week's first day: back to the last start day (today when it is one).
      return date - ((clock.weekday - weekDays.indexOf(rule.weekStart) + 7) % 7)
    case 'Monthly Fulls':
      return clock.year * 12 + clock.month - 1
    case 'Quarterly Fulls':
      return clock.year * 4 + Math.floor((clock.month - 1) / 3)
    case 'Half Yearly Fulls':
      return clock.year * 2 + Math.floor((clock.month - 1) / 6)
    case 'Yearly Fulls':
      return clock.year
    default:
      return assertNever(rule.frequency, 'selective frequency')
  }
}

/**
 * The full backups a selective copy takes of `jobs` (any jobs: only Fulls are ever taken; incrementals,
 * differentials, transaction logs and archive jobs never), per subclient, oldest first. All Fulls takes every full.
 * Otherwise each period takes one: its first full as soon as that exists, or its last full once the period has ended
 * on the CommServe's clock (until then the period's fulls wait and none is taken). Equal start times go by job id.
 */
export function selectedFulls<J extends SelectiveCandidate>(jobs: readonly J[], rule: SelectiveRule, context: SelectiveContext): J[] {
  const fulls = jobs.filter((job) => job.backupType === 'Full').sort((a, b) => a.startTime - b.startTime || a.id - b.id)
  if (rule.frequency === 'All Fulls') return fulls
  const current = selectivePeriod(context.now, rule, context.timeZone)!
  // Per subclient and period, the full taken so far (the first one seen, or the latest one seen).
  const taken = new Map<string, J>()
  for (const job of fulls) {
    const period = selectivePeriod(job.startTime, rule, context.timeZone)!
    if (rule.pick === 'last' && period >= current) continue
    const key = `${job.subclientId}:${period}`
    if (rule.pick === 'last' || !taken.has(key)) taken.set(key, job)
  }
  return [...taken.values()].sort((a, b) => a.startTime - b.startTime || a.id - b.id)
}

/** The rule as the lists say it: `Weekly Fulls (week starts on Friday), last full backup`. */
export function selectiveRuleText(rule: SelectiveRule): string {
  const week = rule.frequency === 'Weekly Fulls' ? ` (week starts on ${rule.weekStart})` : ''
  return rule.frequency === 'All Fulls' ? 'All Fulls' : `${rule.frequency}${week}, ${rule.pick} full backup`
}

/**
 * Why Selective Copy cannot be checked or cleared on an existing copy, or undefined when it can: a copy's type is
 * chosen while nothing has been copied to it (afterwards it would hold jobs its new type never takes, or lack jobs it
 * would take), and a primary copy takes every backup.
 */
export function selectiveChangeProblem(copy: { readonly name: string; readonly primary: boolean; readonly copiedJobs: number }): string | undefined {
  if (copy.primary) return 'The primary copy takes every backup; Selective Copy applies to secondary copies.'
  if (copy.copiedJobs > 0) {
    return `Selective Copy can change only while nothing has been copied to ${copy.name}; ${copy.copiedJobs} ${copy.copiedJobs === 1 ? 'job has' : 'jobs have'} been copied to it.`
  }
  return undefined
}

/** When a job started at `startTime` may be copied to a copy that defers auxiliary copies for `deferDays` days. */
export function deferredUntil(startTime: number, deferDays: number): number {
  return startTime + deferDays * dayMs
}

/** Whether a job is still deferred on a copy at `now` (never when the copy does not defer). */
export function isDeferred(startTime: number, deferDays: number, now: number): boolean {
  return deferDays > 0 && deferredUntil(startTime, deferDays) > now
}
