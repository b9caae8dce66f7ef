import { describe, expect, it } from 'vitest'
import { decideRunOutcome, isRetryable } from './run-outcome'
import type { MediaFailure } from './media-protocol'

const checksum: MediaFailure = { kind: 'checksum', file: 'C000002.chk', reason: 'checksum mismatch', chunk: 2, files: ['a'] }
const full: MediaFailure = { kind: 'targetUnavailable', file: '/mnt/lib2', reason: 'no space left', errno: 'ENOSPC' }

describe('decideRunOutcome', () => {
  it('an aux copy with a bad job ends Completed w/ errors, never Completed', () => {
    expect(decideRunOutcome('auxCopy', 'none', [checksum])).toBe('completedWithErrors')
    expect(decideRunOutcome('auxCopy', 'none', [])).toBe('completed')
  })
  it('an unavailable target makes the run Pending', () => {
    expect(decideRunOutcome('auxCopy', 'none', [checksum, full])).toBe('pending')
    expect(isRetryable(full)).toBe(true)
    expect(isRetryable(checksum)).toBe(false)
  })
  it('kill and suspend win over failures', () => {
    expect(decideRunOutcome('auxCopy', 'kill', [checksum])).toBe('killed')
    expect(decideRunOutcome('backup', 'suspend', [])).toBe('suspended')
  })
  it('a failed backup or restore is Failed', () => {
    expect(decideRunOutcome('restore', 'none', [checksum])).toBe('failed')
    expect(decideRunOutcome('backup', 'none', [checksum])).toBe('failed')
  })
  it('a verification that found a bad job ends Completed w/ errors; an offline store makes it Pending', () => {
    expect(decideRunOutcome('verify', 'none', [checksum])).toBe('completedWithErrors')
    expect(decideRunOutcome('verify', 'none', [full])).toBe('pending')
  })
})
