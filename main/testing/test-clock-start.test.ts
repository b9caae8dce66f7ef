import { expect, it } from 'vitest'
import { testClockStart } from './test-clock-start'

it('starts test clocks at the latest 13:00 not after now, in local time', () => {
  expect(testClockStart(new Date(2026, 10, 30, 20, 40))).toBe('2026-11-30T13:00:00')
  expect(testClockStart(new Date(2026, 10, 30, 13, 0))).toBe('2026-11-30T13:00:00')
  expect(testClockStart(new Date(2026, 11, 1, 9, 15))).toBe('2026-11-30T13:00:00')
  expect(testClockStart(new Date(2027, 0, 1, 0, 5))).toBe('2026-12-31T13:00:00')
  expect(new Date(Date.parse(testClockStart(new Date(2026, 10, 28, 23, 0)))).getHours()).toBe(13)
})
