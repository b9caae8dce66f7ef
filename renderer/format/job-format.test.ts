import { describe, expect, test } from 'vitest'
import { JobStatus } from '../../app/model/jobs'
import { elapsedMs, formatElapsed, formatProgress, formatThroughput, movedFigures, statusTone } from './job-format'

describe('job figures', () => {
  test('elapsed time reads hh:mm:ss, to the end of an ended job or to now', () => {
    expect(formatElapsed(0)).toBe('00:00:00')
    expect(formatElapsed(3_723_999)).toBe('01:02:03')
    expect(formatElapsed(100 * 3600 * 1000)).toBe('100:00:00')
    expect(elapsedMs({ startTime: 1000, endTime: 6000 }, 99_000)).toBe(5000)
    expect(elapsedMs({ startTime: 1000, endTime: null }, 4000)).toBe(3000)
  })

  test('throughput shows in MB/s, nothing when there is none', () => {
    expect(formatThroughput(5 * 1024 * 1024)).toBe('5.00')
    expect(formatThroughput(0)).toBe('')
  })

  test('progress shows whole percents and reaches 100% only at 100', () => {
    expect(formatProgress(99.9)).toBe('99%')
    expect(formatProgress(100)).toBe('100%')
  })

  test('every status has a tone: running blue, done green, errors orange, failed red, waiting amber', () => {
    expect(JobStatus.options.map(statusTone)).toEqual(['waiting', 'running', 'waiting', 'waiting', 'done', 'warning', 'failed', 'failed'])
  })

  test('Job Details of a dedup aux copy shows the bytes read, the bytes actually written, and the blocks found already in the DDB', () => {
    const figures = { bytesRead: 12 * 1024 * 1024, bytesWritten: 3 * 1024 * 1024, blocksWritten: 24, blocksFound: 72 }
    expect(movedFigures({ figures, deduplicated: true })).toEqual([
      ['Data read', '12 MB'],
      ['Data written', '3 MB (25.0% of the data read)'],
      ['Blocks written', '24'],
      ['Blocks found in DDB', '72 of 96'],
    ])
    // To a copy without deduplication there are no blocks to count.
    expect(movedFigures({ figures, deduplicated: false })).toEqual([['Data read', '12 MB'], ['Data written', '3 MB']])
    // A restore, a verification, or a job that made nothing durable.
    expect(movedFigures({ figures: null, deduplicated: true })).toEqual([])
  })
})
