import { describe, expect, test } from 'vitest'
import type { JobThroughput } from '../../app/model/jobs'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createJobThroughputStore } from './job-throughput-store'

const sample = (endMs: number) => ({ endMs, ms: 1000, bytes: 1024 * 1024, phase: 'Copying to Copy_2' })

describe('Job Details > Throughput', () => {
  test("a reload while one is on its way is skipped, and the last samples stay while the next come", async () => {
    const answers: ((value: JobThroughput) => void)[] = []
    const api = fakeConsoleApi({ 'jobs:throughput': () => new Promise<JobThroughput>((resolve) => answers.push(resolve)) })
    const store = createJobThroughputStore(api)
    const first = store.getState().load(7)
    void store.getState().load(7)
    expect(api.calls).toHaveLength(1)
    answers[0]!({ jobId: 7, intervalMs: 1000, samples: [sample(1000)] })
    await first
    expect(store.getState().data?.samples).toHaveLength(1)

    const second = store.getState().load(7)
    expect(store.getState().data?.samples).toHaveLength(1)
    answers[1]!({ jobId: 7, intervalMs: 1000, samples: [sample(1000), sample(2000)] })
    await second
    expect(store.getState().data?.samples).toHaveLength(2)
    expect(api.calls).toEqual([{ command: 'jobs:throughput', input: { jobId: 7 } }, { command: 'jobs:throughput', input: { jobId: 7 } }])
  })

  test('another job starts afresh; an answer after the dialog closed is dropped; a failure says why', async () => {
    let answer: (value: JobThroughput) => void = () => {}
    const api = fakeConsoleApi({
      'jobs:throughput': ({ jobId }) => {
        if (jobId === 404) throw { code: 'not_found', message: 'Job 404 does not exist.', field: 'jobId' }
        return new Promise<JobThroughput>((resolve) => (answer = resolve))
      },
    })
    const store = createJobThroughputStore(api)
    store.getState().showFigures(true)
    const load = store.getState().load(8)
    expect(store.getState()).toMatchObject({ jobId: 8, data: null, figuresShown: false })
    store.getState().reset()
    answer({ jobId: 8, intervalMs: 1000, samples: [sample(1000)] })
    await load
    expect(store.getState()).toMatchObject({ jobId: null, data: null })
    await store.getState().load(404)
    expect(store.getState().error).toBe('Job 404 does not exist.')
  })
})
