import { describe, expect, it } from 'vitest'
import { auxCopyEstimate, estimateRunCount, median } from './aux-copy-estimate'

const MB = 1024 * 1024
/** A run that copied `mb` MB in `seconds`. */
const run = (mb: number, seconds: number) => ({ bytes: mb * MB, elapsedMs: seconds * 1000 })

describe('auxCopyEstimate', () => {
  it('says nothing when no aux copy ran to the copy before', () => {
    expect(auxCopyEstimate(100 * MB, [])).toBeNull()
  })

  it('divides the bytes to copy by the median throughput of the earlier runs', () => {
    // 10, 20 and 100 MB/s: the median is 20 MB/s, so 200 MB take 10 s.
    const estimate = auxCopyEstimate(200 * MB, [run(100, 10), run(100, 1), run(100, 5)])
    expect(estimate).toEqual({ seconds: 10, bytesPerSecond: 20 * MB, runs: 3 })
  })

  it('takes the mean of the middle two of an even number of runs (two earlier runs)', () => {
    const estimate = auxCopyEstimate(300 * MB, [run(100, 10), run(100, 5)])
    expect(estimate?.bytesPerSecond).toBe(15 * MB)
    expect(estimate?.seconds).toBe(20)
  })

  it(`reads only the latest ${estimateRunCount} runs (newest first)`, () => {
    const slowOld = Array.from({ length: 10 }, () => run(10, 10))
    const estimate = auxCopyEstimate(50 * MB, [...Array.from({ length: estimateRunCount }, () => run(50, 1)), ...slowOld])
    expect(estimate).toEqual({ seconds: 1, bytesPerSecond: 50 * MB, runs: estimateRunCount })
  })

  it('skips runs that copied nothing or took no measured time (a test clock stands still)', () => {
    expect(auxCopyEstimate(10 * MB, [run(0, 5), run(100, 0)])).toBeNull()
    expect(auxCopyEstimate(10 * MB, [run(0, 5), run(100, 0), run(10, 2)])).toEqual({ seconds: 2, bytesPerSecond: 5 * MB, runs: 1 })
  })

  it('takes no time when there is nothing to copy', () => {
    expect(auxCopyEstimate(0, [run(10, 1)])?.seconds).toBe(0)
  })
})

describe('median', () => {
  it('is the middle value, or the mean of the middle two', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNaN()
  })
})
