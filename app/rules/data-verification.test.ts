import { describe, expect, test } from 'vitest'
import { jobsSinceProblem } from './data-verification'

const now = Date.UTC(2026, 10, 30, 12)

describe('Jobs since', () => {
  test('a date up to the CommServe time is accepted, a later one is refused with the CommServe message', () => {
    expect(jobsSinceProblem(now - 7 * 86_400_000, now)).toBeUndefined()
    expect(jobsSinceProblem(now, now)).toBeUndefined()
    expect(jobsSinceProblem(now + 1, now)).toBe('Jobs since cannot be in the future.')
  })

  test('an incomplete or too old date says so with the contract message', () => {
    expect(jobsSinceProblem(Number.NaN, now)).toBe('Jobs since must be a date.')
    expect(jobsSinceProblem(Date.UTC(1989, 11, 31), now)).toBe('Jobs since must be on or after 1990-01-01.')
  })
})
