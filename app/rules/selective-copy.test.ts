import { describe, expect, it } from 'vitest'
import type { BackupType, SelectiveRule } from '../model/entities'
import { zonedTime } from './schedule-time'
import { deferredUntil, isDeferred, selectedFulls, selectiveChangeProblem, selectivePeriod, selectiveRuleText } from './selective-copy'

const berlin = 'Europe/Berlin'
const newYork = 'America/New_York'
const at = (y: number, m: number, d: number, h: number, min = 0, zone = berlin) => zonedTime(y, m, d, h, min, zone)

let nextId = 1
const job = (startTime: number, backupType: BackupType = 'Full', subclientId = 1) => ({ id: nextId++, subclientId, backupType, startTime })
const rule = (frequency: SelectiveRule['frequency'], pick: SelectiveRule['pick'] = 'first', weekStart: SelectiveRule['weekStart'] = 'Friday'): SelectiveRule => ({
  frequency, pick, weekStart,
})
const ids = (jobs: readonly { id: number }[]) => jobs.map((picked) => picked.id)

describe('selectedFulls', () => {
  it('takes only Full backups: never incrementals, differentials, transaction logs or archive jobs', () => {
    const jobs = [
      job(at(2026, 3, 2, 20), 'Incremental'), job(at(2026, 3, 3, 20), 'Differential'), job(at(2026, 3, 3, 6), 'Transaction Log'),
      job(at(2026, 3, 4, 20), 'Archive'), job(at(2026, 3, 5, 20), 'Full'), job(at(2026, 3, 6, 20), 'Full'),
    ]
    const all = selectedFulls(jobs, rule('All Fulls'), { timeZone: berlin, now: at(2026, 4, 1, 0) })
    expect(all.map((picked) => picked.backupType)).toEqual(['Full', 'Full'])
    // Daily, first: the only job of most days is not a full, and no day takes anything but its full.
    const daily = selectedFulls(jobs, rule('Daily Fulls'), { timeZone: berlin, now: at(2026, 4, 1, 0) })
    expect(ids(daily)).toEqual(ids(all))
  })

  it('Weekly Fulls (week starts on Friday): the first full of each week at once, the last only after the week ended', () => {
    const wednesday = job(at(2026, 3, 4, 20)) // week of Fri 27 Feb
    const friday = job(at(2026, 3, 6, 10)) // week of Fri 6 Mar
    const saturday = job(at(2026, 3, 7, 20))
    const thursday = job(at(2026, 3, 12, 23, 30)) // last evening of the week of 6 Mar
    const nextFriday = job(at(2026, 3, 13, 0, 30)) // half an hour into the week of 13 Mar
    const jobs = [saturday, nextFriday, wednesday, thursday, friday] // any order
    const now = at(2026, 3, 14, 12)
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls'), { timeZone: berlin, now }))).toEqual(ids([wednesday, friday, nextFriday]))
    // Last: the week of 13 Mar has not ended on the 14th, so its full waits.
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'last'), { timeZone: berlin, now }))).toEqual(ids([wednesday, thursday]))
    // At the first instant of the next week (Friday 20 Mar, 00:00 in Berlin) the week of 13 Mar has ended.
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'last'), { timeZone: berlin, now: at(2026, 3, 20, 0) - 1 }))).toEqual(ids([wednesday, thursday]))
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'last'), { timeZone: berlin, now: at(2026, 3, 20, 0) }))).toEqual(ids([wednesday, thursday, nextFriday]))
  })

  it("reads weeks on the CommServe's wall clock: Friday 00:30 in Berlin is still Thursday in New York", () => {
    const thursdayLate = job(at(2026, 3, 12, 20))
    const fridayEarlyBerlin = job(at(2026, 3, 13, 0, 30)) // Thursday 19:30 in New York
    const jobs = [thursdayLate, fridayEarlyBerlin]
    const now = at(2026, 4, 1, 0)
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'last'), { timeZone: berlin, now }))).toEqual(ids([thursdayLate, fridayEarlyBerlin]))
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'last'), { timeZone: newYork, now }))).toEqual(ids([fridayEarlyBerlin]))
  })

  it('starts the week on the day the rule names', () => {
    const sunday = job(at(2026, 3, 8, 20))
    const monday = job(at(2026, 3, 9, 20))
    const tuesday = job(at(2026, 3, 10, 20))
    const jobs = [sunday, monday, tuesday]
    const now = at(2026, 4, 1, 0)
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'first', 'Monday'), { timeZone: berlin, now }))).toEqual(ids([sunday, monday]))
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'first', 'Friday'), { timeZone: berlin, now }))).toEqual(ids([sunday]))
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'first', 'Tuesday'), { timeZone: berlin, now }))).toEqual(ids([sunday, tuesday]))
  })

  it('decides per subclient', () => {
    const a1 = job(at(2026, 3, 6, 20), 'Full', 1)
    const b1 = job(at(2026, 3, 7, 20), 'Full', 2)
    const a2 = job(at(2026, 3, 8, 20), 'Full', 1)
    const b2 = job(at(2026, 3, 9, 20), 'Full', 2)
    const jobs = [a1, b1, a2, b2]
    const now = at(2026, 4, 1, 0)
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls'), { timeZone: berlin, now }))).toEqual(ids([a1, b1]))
    expect(ids(selectedFulls(jobs, rule('Weekly Fulls', 'last'), { timeZone: berlin, now }))).toEqual(ids([a2, b2]))
  })

  it('Monthly from the 1st, Quarterly from Jan, Apr, Jul and Oct, Half Yearly from Jan and Jul, Yearly from Jan 1', () => {
    const jan31 = job(at(2026, 1, 31, 23, 59))
    const feb1 = job(at(2026, 2, 1, 0, 0))
    const mar31 = job(at(2026, 3, 31, 22))
    const apr1 = job(at(2026, 4, 1, 1))
    const jun30 = job(at(2026, 6, 30, 20))
    const jul1 = job(at(2026, 7, 1, 20))
    const oct2 = job(at(2026, 10, 2, 20))
    const dec31 = job(at(2026, 12, 31, 23))
    const jan1 = job(at(2027, 1, 1, 0, 10))
    const jobs = [jan31, feb1, mar31, apr1, jun30, jul1, oct2, dec31, jan1]
    const context = { timeZone: berlin, now: at(2027, 6, 1, 0) }
    expect(ids(selectedFulls(jobs, rule('Monthly Fulls'), context))).toEqual(ids([jan31, feb1, mar31, apr1, jun30, jul1, oct2, dec31, jan1]))
    expect(ids(selectedFulls(jobs, rule('Quarterly Fulls'), context))).toEqual(ids([jan31, apr1, jul1, oct2, jan1]))
    expect(ids(selectedFulls(jobs, rule('Quarterly Fulls', 'last'), context))).toEqual(ids([mar31, jun30, jul1, dec31, jan1]))
    expect(ids(selectedFulls(jobs, rule('Half Yearly Fulls'), context))).toEqual(ids([jan31, jul1, jan1]))
    expect(ids(selectedFulls(jobs, rule('Half Yearly Fulls', 'last'), context))).toEqual(ids([jun30, dec31]))
    expect(ids(selectedFulls(jobs, rule('Yearly Fulls'), context))).toEqual(ids([jan31, jan1]))
    expect(ids(selectedFulls(jobs, rule('Yearly Fulls', 'last'), context))).toEqual(ids([dec31]))
  })

  it('Daily and Hourly by the local day and hour, across a daylight-saving change', () => {
    // New York falls back on 1 Nov 2026: 01:30 EDT and 01:30 EST are one wall-clock hour, an hour apart.
    const firstHalf = Date.UTC(2026, 10, 1, 5, 30) // 01:30 EDT
    const secondHalf = Date.UTC(2026, 10, 1, 6, 30) // 01:30 EST
    const two = Date.UTC(2026, 10, 1, 7, 10) // 02:10 EST
    const lateEvening = Date.UTC(2026, 10, 2, 4, 50) // 23:50 EST on 1 Nov
    const midnight = Date.UTC(2026, 10, 2, 5, 0) // 00:00 EST on 2 Nov
    const [a, b, c, d, e] = [firstHalf, secondHalf, two, lateEvening, midnight].map((time) => job(time))
    const jobs = [a!, b!, c!, d!, e!]
    const context = { timeZone: newYork, now: Date.UTC(2026, 10, 4) }
    expect(ids(selectedFulls(jobs, rule('Hourly Fulls'), context))).toEqual(ids([a!, c!, d!, e!]))
    expect(ids(selectedFulls(jobs, rule('Hourly Fulls', 'last'), context))).toEqual(ids([b!, c!, d!, e!]))
    expect(ids(selectedFulls(jobs, rule('Daily Fulls'), context))).toEqual(ids([a!, e!]))
    expect(ids(selectedFulls(jobs, rule('Daily Fulls', 'last'), context))).toEqual(ids([d!, e!]))
    // In the hour of the second 01:30 the first hour's last full is still waiting (the wall clock says 01:xx).
    expect(ids(selectedFulls(jobs.slice(0, 2), rule('Hourly Fulls', 'last'), { timeZone: newYork, now: secondHalf + 60_000 }))).toEqual([])
  })

  it('breaks a tie of start times by job id, and takes nothing from nothing', () => {
    const time = at(2026, 3, 6, 20)
    const later = { id: 50, subclientId: 1, backupType: 'Full' as const, startTime: time }
    const earlier = { id: 49, subclientId: 1, backupType: 'Full' as const, startTime: time }
    expect(ids(selectedFulls([later, earlier], rule('Daily Fulls'), { timeZone: berlin, now: at(2026, 4, 1, 0) }))).toEqual([49])
    expect(ids(selectedFulls([later, earlier], rule('Daily Fulls', 'last'), { timeZone: berlin, now: at(2026, 4, 1, 0) }))).toEqual([50])
    expect(selectedFulls([], rule('Weekly Fulls'), { timeZone: berlin, now: 0 })).toEqual([])
  })

  it('numbers periods so that a later period is larger', () => {
    const weekly = rule('Weekly Fulls')
    expect(selectivePeriod(at(2026, 3, 12, 23, 59), weekly, berlin)).toBe(selectivePeriod(at(2026, 3, 6, 0, 0), weekly, berlin))
    expect(selectivePeriod(at(2026, 3, 13, 0, 0), weekly, berlin)).toBe(selectivePeriod(at(2026, 3, 6, 0, 0), weekly, berlin)! + 7)
    expect(selectivePeriod(at(2026, 3, 13, 0, 0), rule('All Fulls'), berlin)).toBeNull()
  })
})

describe('selective copy texts and checks', () => {
  it('says the rule', () => {
    expect(selectiveRuleText(rule('Weekly Fulls', 'last'))).toBe('Weekly Fulls (week starts on Friday), last full backup')
    expect(selectiveRuleText(rule('Monthly Fulls'))).toBe('Monthly Fulls, first full backup')
    expect(selectiveRuleText(rule('All Fulls', 'last'))).toBe('All Fulls')
  })

  it('lets Selective Copy change only on a secondary copy nothing was copied to', () => {
    expect(selectiveChangeProblem({ name: 'Copy_2', primary: false, copiedJobs: 0 })).toBeUndefined()
    expect(selectiveChangeProblem({ name: 'Copy_2', primary: false, copiedJobs: 3 })).toBe(
      'Selective Copy can change only while nothing has been copied to Copy_2; 3 jobs have been copied to it.',
    )
    expect(selectiveChangeProblem({ name: 'Primary', primary: true, copiedJobs: 0 })).toMatch(/^The primary copy takes every backup/)
  })
})

describe('Defer Auxiliary Copy', () => {
  it('holds a job back until N days after its start time', () => {
    const start = at(2026, 3, 6, 20)
    expect(deferredUntil(start, 3)).toBe(start + 3 * 24 * 60 * 60 * 1000)
    expect(isDeferred(start, 3, deferredUntil(start, 3) - 1)).toBe(true)
    expect(isDeferred(start, 3, deferredUntil(start, 3))).toBe(false)
    expect(isDeferred(start, 0, start)).toBe(false)
  })
})
