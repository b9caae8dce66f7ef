import { describe, expect, test } from 'vitest'
import { phaseSpans, throughputCsv, throughputPoints, throughputRows, throughputSummary, type ThroughputSample } from './throughput-format'

const MiB = 1024 * 1024
const samples: ThroughputSample[] = [
  { endMs: 1000, ms: 1000, bytes: 10 * MiB, phase: 'Copying to Copy_2' },
  { endMs: 2000, ms: 1000, bytes: 20 * MiB, phase: 'Copying to Copy_2' },
  { endMs: 32_000, ms: 30_000, bytes: 0, phase: 'Suspended' },
  { endMs: 34_000, ms: 2000, bytes: 30 * MiB, phase: 'Copying to Copy_2' },
]

describe('throughput over time', () => {
  test('each sample is a point at its end, in MB/s over its interval, after the start of the first', () => {
    expect(throughputPoints([])).toEqual([])
    expect(throughputPoints(samples)).toEqual([
      { seconds: 0, megabytesPerSecond: 10 },
      { seconds: 1, megabytesPerSecond: 10 },
      { seconds: 2, megabytesPerSecond: 20 },
      { seconds: 32, megabytesPerSecond: 0 },
      { seconds: 34, megabytesPerSecond: 15 },
    ])
  })

  test('neighbouring samples of one phase make one span; a suspended stretch is idle', () => {
    expect(phaseSpans(samples)).toEqual([
      { phase: 'Copying to Copy_2', startMs: 0, endMs: 2000, idle: false },
      { phase: 'Suspended', startMs: 2000, endMs: 32_000, idle: true },
      { phase: 'Copying to Copy_2', startMs: 32_000, endMs: 34_000, idle: false },
    ])
  })

  test('the summary names the peak, the average while running, the bytes moved and each phase time', () => {
    expect(throughputSummary(samples)).toBe(
      '4 samples over 00:00:34: 60 MB moved, peak 20.00 MB/s, average 15.00 MB/s while running. ' +
        'Phases: Copying to Copy_2 00:00:04, Suspended 00:00:30.',
    )
    expect(throughputSummary([])).toBe('No throughput was sampled: the job has not moved data yet.')
  })

  test('the figures table shows sizes in the console units and the CSV the raw figures', () => {
    expect(throughputRows(samples)[3]!.cells).toEqual(['00:00:34', '2.0 s', '30 MB', '15.00', 'Copying to Copy_2'])
    expect(throughputRows(samples)[2]!.cells).toEqual(['00:00:32', '30.0 s', '0 bytes', '0.00', 'Suspended'])
    expect(throughputCsv(samples.slice(2))).toBe(
      'Elapsed (s),Interval (s),Bytes,MB/s,Phase\r\n32,30,0,0.00,Suspended\r\n34,2,31457280,15.00,Copying to Copy_2\r\n',
    )
  })
})
