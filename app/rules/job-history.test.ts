import { describe, expect, test } from 'vitest'
import { Operation } from '../model/jobs'
import type { JobHistoryFilter } from '../model/job-history'
import { historyTimeBounds, historyTimeRanges, jobHistoryProblems, jobHistoryTitle, unfilteredHistory } from './job-history'

const hour = 60 * 60 * 1000
const now = Date.UTC(2025, 5, 15, 12)

describe('Job History filter', () => {
  test('offers the time ranges in the dialog order, with their labels', () => {
    expect(historyTimeRanges.map((choice) => choice.label)).toEqual(['Last 24 Hours', 'Last Week', 'Last Month', 'All', 'Specify Time Range'])
  })

  test("counts Last 24 Hours, Last Week (7 days) and Last Month (30 days) back from the CommServe's time", () => {
    const bounds = (timeRange: JobHistoryFilter['timeRange']) => historyTimeBounds({ timeRange, startTime: null, endTime: null }, now)
    expect(bounds('last24Hours')).toEqual({ from: now - 24 * hour, to: null })
    expect(bounds('lastWeek')).toEqual({ from: now - 7 * 24 * hour, to: null })
    expect(bounds('lastMonth')).toEqual({ from: now - 30 * 24 * hour, to: null })
    expect(bounds('all')).toEqual({ from: null, to: null })
    expect(historyTimeBounds({ timeRange: 'specify', startTime: now - hour, endTime: now }, now)).toEqual({ from: now - hour, to: now })
  })

  test('the list is titled Job History until a filter leaves jobs out', () => {
    expect(jobHistoryTitle(unfilteredHistory)).toBe('Job History')
    expect(jobHistoryTitle({ ...unfilteredHistory, operation: 'Auxiliary Copy' })).toBe('Job History (filtered)')
    expect(jobHistoryTitle({ ...unfilteredHistory, storagePolicyId: 2 })).toBe('Job History (filtered)')
    expect(jobHistoryTitle({ ...unfilteredHistory, clientId: 1 })).toBe('Job History (filtered)')
    expect(jobHistoryTitle({ ...unfilteredHistory, status: 'Killed' })).toBe('Job History (filtered)')
    expect(jobHistoryTitle({ ...unfilteredHistory, timeRange: 'last24Hours' })).toBe('Job History (filtered)')
  })

  test('accepts every operation the Job Manager runs, so a new kind of job is found without a change here', () => {
    for (const operation of Operation.options) expect(jobHistoryProblems({ ...unfilteredHistory, operation })).toEqual({})
  })

  test('Specify Time Range needs both times, the End Time not before the Start Time, each problem on its field', () => {
    const specify = { ...unfilteredHistory, timeRange: 'specify' as const }
    expect(jobHistoryProblems({ ...specify, startTime: now - hour, endTime: now })).toEqual({})
    expect(jobHistoryProblems({ ...specify, startTime: now, endTime: now })).toEqual({})
    expect(jobHistoryProblems({ ...specify, startTime: now, endTime: now - 1 })).toEqual({ endTime: 'End Time cannot be before Start Time.' })
    expect(jobHistoryProblems({ ...specify, startTime: null, endTime: null })).toEqual({
      startTime: 'Start Time is required with Specify Time Range.',
      endTime: 'End Time is required with Specify Time Range.',
    })
    expect(jobHistoryProblems({ ...specify, startTime: Number.NaN, endTime: now })).toEqual({ startTime: 'Start Time must be a date.' })
    expect(jobHistoryProblems({ ...unfilteredHistory, timeRange: 'lastWeek', startTime: now })).toEqual({
      startTime: 'Start Time is given only with Specify Time Range.',
    })
  })
})
