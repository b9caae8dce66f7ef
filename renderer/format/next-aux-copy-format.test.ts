import { describe, expect, it } from 'vitest'
import type { NextAuxCopy } from '../../app/model/next-aux-copy'
import { estimateBasis, estimateText, formatEstimate, nextAuxCopyLine, noEstimateText } from './next-aux-copy-format'

const GB = 1024 * 1024 * 1024
const next = (change: Partial<NextAuxCopy> = {}): NextAuxCopy => ({
  copyId: 3, copy: 'Copy_2', jobs: 3, bytes: 1.2 * GB, deferredJobs: 0, deferredUntil: null,
  estimate: { seconds: 125, bytesPerSecond: 10 * 1024 * 1024, runs: 3 }, ...change,
})

describe('formatEstimate', () => {
  it('says seconds under a minute, minutes under an hour, then hours and minutes', () => {
    expect(formatEstimate(0.2)).toBe('about 1 s')
    expect(formatEstimate(40)).toBe('about 40 s')
    expect(formatEstimate(125)).toBe('about 2 min')
    expect(formatEstimate(3600)).toBe('about 1 h')
    expect(formatEstimate(3900)).toBe('about 1 h 5 min')
  })
})

describe('the next aux copy in words', () => {
  it("reads as the copy view's line: jobs, size and time", () => {
    expect(nextAuxCopyLine(next())).toBe('Next aux copy: 3 jobs, 1.2 GB, about 2 min')
    expect(estimateBasis(next())).toBe('At 10.00 MB/s, the median of the last 3 aux copies to Copy_2.')
  })

  it('says when no earlier aux copy gives an estimate, and when there is nothing to copy', () => {
    expect(nextAuxCopyLine(next({ jobs: 1, bytes: 512, estimate: null }))).toBe('Next aux copy: 1 job, 512 bytes; no earlier aux copy to estimate from')
    expect(estimateText(next({ estimate: null }))).toBe(noEstimateText)
    expect(estimateText(next({ jobs: 0, bytes: 0 }))).toBe('Nothing to copy')
    expect(nextAuxCopyLine(next({ jobs: 0, bytes: 0 }))).toBe('Next aux copy: nothing to copy')
  })

  it('names the jobs Defer Auxiliary Copy holds back', () => {
    expect(nextAuxCopyLine(next({ jobs: 0, bytes: 0, deferredJobs: 2, deferredUntil: Date.UTC(2026, 11, 1) }))).toMatch(/^Next aux copy: nothing to copy \(2 jobs deferred until .+\)$/)
  })
})
