import { describe, expect, test } from 'vitest'
import { isFilteredViewJobs, unfilteredViewJobs, viewJobsProblems, viewJobsTitle } from './view-jobs-filter'

describe('the View Jobs filter', () => {
  test('the tab says when it leaves jobs out', () => {
    expect(isFilteredViewJobs(unfilteredViewJobs)).toBe(false)
    expect(viewJobsTitle('Copy_2', undefined)).toBe('Jobs for Copy_2')
    expect(viewJobsTitle('Copy_2', unfilteredViewJobs)).toBe('Jobs for Copy_2')
    expect(viewJobsTitle('Copy_2', { ...unfilteredViewJobs, status: 'Do Not Copy' })).toBe('Jobs for Copy_2 (filtered)')
    expect(isFilteredViewJobs({ ...unfilteredViewJobs, timeRange: 'lastWeek' })).toBe(true)
  })

  test('a specified time range needs both ends, in order, and names the field at fault', () => {
    expect(viewJobsProblems({ ...unfilteredViewJobs, timeRange: 'specify' })).toEqual({
      startTime: 'Start Time is required with Specify Time Range.',
      endTime: 'End Time is required with Specify Time Range.',
    })
    expect(viewJobsProblems({ ...unfilteredViewJobs, timeRange: 'specify', startTime: Date.UTC(2026, 0, 2), endTime: Date.UTC(2026, 0, 1) })).toEqual({
      endTime: 'End Time cannot be before Start Time.',
    })
    expect(viewJobsProblems({ ...unfilteredViewJobs, timeRange: 'specify', startTime: Date.UTC(2026, 0, 1), endTime: Date.UTC(2026, 0, 2) })).toEqual({})
  })
})
