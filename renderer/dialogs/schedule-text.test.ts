import { describe, expect, test } from 'vitest'
import { autocopyOptions, autocopyPattern } from '../../app/model/schedule'
import { auxCopyOptionRows, patternText } from './schedule-text'

describe('schedule text', () => {
  test('the default auxiliary copy schedule reads as the seed page says', () => {
    expect(patternText(autocopyPattern('Europe/Paris'))).toBe('Daily, every 30 minutes from 00:00 to 23:59 (Europe/Paris)')
    expect(auxCopyOptionRows(autocopyOptions)).toEqual([
      ['Number of Streams', 'Maximum'],
      ['Start New Media', 'No'],
      ['Mark Media Full On Success', 'No'],
    ])
  })

  test('other patterns', () => {
    expect(patternText({ kind: 'daily', time: '22:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' })).toBe('Daily at 22:00 (UTC)')
    expect(patternText({ kind: 'weekly', days: [0, 6], time: '01:00', timeZone: 'UTC' })).toBe('Weekly on Sunday, Saturday at 01:00 (UTC)')
  })
})
