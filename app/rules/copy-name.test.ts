import { describe, expect, it } from 'vitest'
import { copyNameProblem, defaultCopyName } from './copy-name'

describe('the default copy name', () => {
  it('first secondary copy is Copy_2', () => {
    expect(defaultCopyName(['Primary'])).toBe('Copy_2')
  })

  it('numbers the copy by its place in the policy', () => {
    expect(defaultCopyName(['Primary', 'Copy_2'])).toBe('Copy_3')
    expect(defaultCopyName(['Primary', 'Offsite', 'Tape'])).toBe('Copy_4')
  })

  it('takes the next free number when Copy_X is taken, in any case', () => {
    expect(defaultCopyName(['Primary', 'copy_3'])).toBe('Copy_4')
    expect(defaultCopyName(['Primary', 'Copy_3', 'Copy_4'])).toBe('Copy_5')
  })

  it('keeps the number when earlier numbers are missing (gaps stay)', () => {
    expect(defaultCopyName(['Primary', 'Copy_5'])).toBe('Copy_3')
  })
})

describe('copy name rules', () => {
  it('accepts a trimmed unique name', () => {
    expect(copyNameProblem('  Offsite (DR) ', ['Primary', 'Copy_2'])).toBeUndefined()
  })

  it('refuses an empty name', () => {
    expect(copyNameProblem('   ', ['Primary'])).toBe('Copy Name is required.')
  })

  it('refuses a duplicate name, case-insensitively', () => {
    expect(copyNameProblem('COPY_2', ['Primary', 'Copy_2'])).toBe('A copy named COPY_2 already exists in this storage policy.')
    expect(copyNameProblem('primary', ['Primary'])).toContain('already exists')
  })

  it('refuses an over-long name', () => {
    expect(copyNameProblem('x'.repeat(65), [])).toBe('Copy Name must be at most 64 characters.')
    expect(copyNameProblem('x'.repeat(64), [])).toBeUndefined()
  })

  it('refuses unsupported characters', () => {
    for (const name of ['a/b', 'a\\b', 'copy*', 'x:y', 'quote"', 'semi;colon', 'tab\tname']) {
      expect(copyNameProblem(name, [])).toBe('Copy Name can contain only letters, digits, spaces and _ - . ( ).')
    }
  })
})
