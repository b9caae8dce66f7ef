import { describe, expect, it } from 'vitest'
import { encryptionProblem, passphraseConfirmProblem, passphraseProblem } from './copy-encryption'

const copy = { name: 'Copy_2', primary: false, dedup: false, copiedJobs: 0 }

describe('Re-encrypt data', () => {
  it('is chosen on a new or empty secondary disk copy', () => {
    expect(encryptionProblem(copy, true, null)).toBeUndefined()
    expect(encryptionProblem(copy, true, false)).toBeUndefined()
    expect(encryptionProblem(copy, false, true)).toBeUndefined()
    expect(encryptionProblem({ ...copy, copiedJobs: 3 }, true, true)).toBeUndefined()
  })

  it('is chosen on a deduplicated copy too (its blocks are sealed after deduplication), under the same rules', () => {
    expect(encryptionProblem({ ...copy, dedup: true }, true, null)).toBeUndefined()
    expect(encryptionProblem({ ...copy, dedup: true }, true, false)).toBeUndefined()
    expect(encryptionProblem({ ...copy, dedup: true, copiedJobs: 2 }, true, false)).toMatch(/2 jobs have been copied/)
  })

  it('is refused on a copy holding jobs, naming how many', () => {
    expect(encryptionProblem({ ...copy, copiedJobs: 2 }, true, false)).toBe('Re-encrypt data can change only while Copy_2 holds no job; 2 jobs have been copied to it.')
    expect(encryptionProblem({ ...copy, copiedJobs: 1 }, false, true)).toMatch(/1 job has been copied/)
  })

  it('is refused on the primary copy, deduplicated or not', () => {
    expect(encryptionProblem({ ...copy, primary: true }, true, false)).toMatch(/secondary copies/)
    expect(encryptionProblem({ ...copy, primary: true, dedup: true }, true, false)).toMatch(/secondary copies/)
  })

  it('asks for a passphrase of 8 characters or more, confirmed', () => {
    expect(passphraseProblem('short')).toMatch(/at least 8/)
    expect(passphraseProblem('long enough')).toBeUndefined()
    expect(passphraseConfirmProblem('a', 'b')).toMatch(/do not match/)
  })
})
