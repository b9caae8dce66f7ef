import { describe, expect, it } from 'vitest'
import { backupPeriodPrompt, backupPeriodQuestion, largeDataBytes } from './backup-period'

const day = 24 * 60 * 60 * 1000
const now = Date.UTC(2026, 10, 25, 12)

describe('the 14-day / 10-TB check on the source copy', () => {
  it('does not ask when the data is recent and small', () => {
    expect(backupPeriodPrompt({ oldestJobStart: now - 13 * day, totalBytes: 5 * 1024 ** 4 }, now)).toBeUndefined()
  })

  it('does not ask when the source copy holds nothing', () => {
    expect(backupPeriodPrompt({ oldestJobStart: null, totalBytes: 0 }, now)).toBeUndefined()
  })

  it('asks when data is older than 14 days, however small', () => {
    expect(backupPeriodPrompt({ oldestJobStart: now - 14 * day - 1, totalBytes: 1 }, now)).toEqual({
      olderThan14Days: true,
      moreThan10TB: false,
    })
  })

  it('asks when there is more than 10 TB, however recent', () => {
    expect(backupPeriodPrompt({ oldestJobStart: now - day, totalBytes: largeDataBytes + 1 }, now)).toEqual({
      olderThan14Days: false,
      moreThan10TB: true,
    })
    expect(backupPeriodPrompt({ oldestJobStart: now - day, totalBytes: largeDataBytes }, now)).toBeUndefined()
  })

  it('names every reason in the question', () => {
    expect(backupPeriodQuestion({ olderThan14Days: true, moreThan10TB: true })).toContain(
      'data older than 14 days and more than 10 TB of data',
    )
  })
})
