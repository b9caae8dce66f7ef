import { describe, expect, it } from 'vitest'
import { alertOff, type FallenBehindAlert } from '../model/alerts'
import { bytesPerTB, fallenBehindProblems, fallenBehindReasons, oldJobCutoff, reasonTime, tbText, type CopyBacklog } from './fallen-behind'

const day = 24 * 60 * 60 * 1000
const started = new Date(2026, 10, 20, 10, 0).getTime()
const backlog = (change: Partial<CopyBacklog> = {}): CopyBacklog => ({
  jobs: 5, bytes: 1.2 * bytesPerTB, oldJobs: 3, oldest: { jobId: 14, startTime: started }, ...change,
})
const alert = (change: Partial<FallenBehindAlert>): FallenBehindAlert => ({ ...alertOff, enabled: true, ...change })

describe('fallen-behind settings', () => {
  it('an enabled alert needs at least one criterion; a disabled one needs none', () => {
    expect(fallenBehindProblems(alert({}))).toHaveProperty('fallenBehindAlert', expect.stringContaining('Jobs older than N days'))
    expect(fallenBehindProblems(alertOff)).toEqual({})
    expect(fallenBehindProblems(alert({ daysOld: 2 }))).toEqual({})
    expect(fallenBehindProblems(alert({ toBeCopiedTB: 0.001 }))).toEqual({})
  })

  it('jobs older than N days start before now minus N days; no cutoff without days', () => {
    expect(oldJobCutoff(alert({ daysOld: 2 }), 10 * day)).toBe(8 * day)
    expect(oldJobCutoff(alert({ toBeCopiedTB: 1 }), 10 * day)).toBeNull()
  })
})

describe('fallen-behind reasons', () => {
  it('names the old jobs, how many, and the oldest with its start', () => {
    expect(fallenBehindReasons(alert({ daysOld: 2 }), backlog())).toEqual([
      `3 jobs older than 2 days are not yet copied (oldest: job 14, started ${reasonTime(started)})`,
    ])
    expect(reasonTime(started)).toBe('2026-11-20 10:00')
    expect(fallenBehindReasons(alert({ daysOld: 1 }), backlog({ oldJobs: 1 }))[0]).toMatch(/^1 job older than 1 day is not yet copied/)
  })

  it('names the data to be copied past the TB threshold, fractional thresholds included', () => {
    expect(fallenBehindReasons(alert({ toBeCopiedTB: 1 }), backlog())).toEqual(['1.2 TB to be copied, more than 1 TB'])
    expect(fallenBehindReasons(alert({ toBeCopiedTB: 0.001 }), backlog({ bytes: 0.00105 * bytesPerTB }))).toEqual([
      '0.00105 TB to be copied, more than 0.001 TB',
    ])
    expect(tbText(25)).toBe('25')
  })

  it('gives one reason per criterion past, and none when below every threshold or disabled', () => {
    expect(fallenBehindReasons(alert({ daysOld: 2, toBeCopiedTB: 1 }), backlog())).toHaveLength(2)
    expect(fallenBehindReasons(alert({ daysOld: 2, toBeCopiedTB: 2 }), backlog({ oldJobs: 0 }))).toEqual([])
    expect(fallenBehindReasons(alert({ toBeCopiedTB: 1.2 }), backlog())).toEqual([])
    expect(fallenBehindReasons({ ...alertOff, daysOld: 1, toBeCopiedTB: 0.001 }, backlog())).toEqual([])
  })
})
