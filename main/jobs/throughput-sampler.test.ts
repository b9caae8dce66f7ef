import { describe, expect, it } from 'vitest'
import { ThroughputSampler } from './throughput-sampler'
import { sampleLabel } from '../../app/rules/throughput-samples'

const MiB = 1024 * 1024

describe('throughput sampler', () => {
  it('closes one sample a second from the job progress, with the bytes done in it', () => {
    const sampler = new ThroughputSampler(10_000, 'Copying to Copy_2')
    sampler.progress(1 * MiB, 10_400)
    sampler.progress(3 * MiB, 10_800)
    sampler.progress(4 * MiB, 11_050)
    sampler.progress(6 * MiB, 11_600)
    sampler.progress(7 * MiB, 12_100)
    expect(sampler.snapshot(12_100).samples).toEqual([
      { endMs: 1050, ms: 1050, bytes: 4 * MiB, phase: 'Copying to Copy_2' },
      { endMs: 2100, ms: 1050, bytes: 3 * MiB, phase: 'Copying to Copy_2' },
    ])
  })

  it('a running job shows the interval still open as its last sample, up to now', () => {
    const sampler = new ThroughputSampler(0, 'Backup')
    sampler.progress(2 * MiB, 500)
    expect(sampler.snapshot(700).samples).toEqual([{ endMs: 700, ms: 700, bytes: 2 * MiB, phase: 'Backup' }])
    expect(sampler.takeUnsaved()).toBeNull()
  })

  it('a suspended stretch is a sample of its own that moved nothing, labelled Suspended', () => {
    const sampler = new ThroughputSampler(0, sampleLabel('Running', 'Backup'))
    sampler.progress(MiB, 300)
    sampler.relabel(sampleLabel('Suspended', 'Backup'), 400)
    sampler.relabel(sampleLabel('Running', 'Backup'), 60_400)
    sampler.progress(3 * MiB, 61_400)
    expect(sampler.snapshot(61_400).samples).toEqual([
      { endMs: 400, ms: 400, bytes: MiB, phase: 'Backup' },
      { endMs: 60_400, ms: 60_000, bytes: 0, phase: 'Suspended' },
      { endMs: 61_400, ms: 1000, bytes: 2 * MiB, phase: 'Backup' },
    ])
  })

  it('bytes done going back (a run started over) moves nothing; growth from there counts', () => {
    const sampler = new ThroughputSampler(0, 'Backup')
    sampler.progress(5 * MiB, 200)
    sampler.progress(1 * MiB, 400)
    sampler.progress(2 * MiB, 1000)
    expect(sampler.snapshot(1000).samples).toEqual([{ endMs: 1000, ms: 1000, bytes: 6 * MiB, phase: 'Backup' }])
  })

  it('a job resumed after a restart goes on after its stored samples, from its stored bytes done', () => {
    const stored = { intervalMs: 1000, samples: [{ endMs: 5000, ms: 1000, bytes: MiB, phase: 'Copying to Copy_2' }] }
    const sampler = new ThroughputSampler(100, 'Copying to Copy_2', { series: stored, bytesDone: 9 * MiB })
    sampler.progress(10 * MiB, 1100)
    const samples = sampler.snapshot(1100).samples
    expect(samples).toHaveLength(2)
    expect(samples[1]).toEqual({ endMs: 6000, ms: 1000, bytes: MiB, phase: 'Copying to Copy_2' })
  })

  it('hands over the closed samples to write only when they changed', () => {
    const sampler = new ThroughputSampler(0, 'Restore')
    sampler.progress(MiB, 1000)
    expect(sampler.takeUnsaved()?.samples).toHaveLength(1)
    expect(sampler.takeUnsaved()).toBeNull()
    sampler.close(1500)
    expect(sampler.takeUnsaved()?.samples).toHaveLength(2)
  })
})
