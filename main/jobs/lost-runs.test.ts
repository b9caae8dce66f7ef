import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { dispatch } from '../ipc/dispatch'
import { waitForJob } from '../testing/job-waits'
import { tempBackend } from '../testing/temp-backend'

/**
 * A MediaAgent that stops under a run (its worker crashed): the Job Manager retries the run with backoff, up to a
 * limit, then fails the job with the reason; a job suspended before the crash stays Suspended.
 */
let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
  return result.value as CommandOutput<C>
}

const auxCopy = () => call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
const availableOnCopy2 = async () => (await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 })).rows.filter((row) => row.cells.status === 'Available').length

describe('a MediaAgent that stops under a run', () => {
  it('is retried after a pause; the copy resumes from its durable data and completes', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 4_000_000, jobManager: { lostRunRetryMs: [300, 300, 300] } })
    await backend.ready
    const { jobId } = await auxCopy()
    await waitForJob(backend, jobId, (row) => row.bytesDone > 2_000_000)
    await backend.mediaAgent.crash()
    const pending = await waitForJob(backend, jobId, (row) => row.status === 'Pending')
    expect(pending.reason).toMatch(/MediaAgent worker stopped unexpectedly.*retrying in/)
    const done = await waitForJob(backend, jobId)
    expect(done.status).toBe('Completed')
    expect(await availableOnCopy2()).toBe(85)
    const events = (await call('events:list', { limit: 50, beforeId: null })).events
    expect(events.some((event) => event.severity === 'Major' && event.description.includes(`Job ${jobId}: the MediaAgent worker stopped unexpectedly`))).toBe(true)
  })

  it('fails the job with the reason once the retries are spent', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 4_000_000, jobManager: { lostRunRetryMs: [200] } })
    await backend.ready
    const { jobId } = await auxCopy()
    for (let crash = 0; crash < 2; crash++) {
      await waitForJob(backend, jobId, (row) => row.status === 'Running' && row.bytesDone > 0)
      await backend.mediaAgent.crash()
    }
    const failed = await waitForJob(backend, jobId)
    expect(failed).toMatchObject({ status: 'Failed', reason: expect.stringMatching(/stopped unexpectedly.*gave up after 2 attempts/) })
    // The next run takes over what the failed one left: the copy's lease is free.
    const next = await auxCopy()
    expect((await waitForJob(backend, next.jobId, undefined, 120_000)).status).toBe('Completed')
  }, 180_000)

  it('leaves a job suspended before the crash Suspended, and Resume continues it', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 4_000_000, jobManager: { lostRunRetryMs: [100] } })
    await backend.ready
    const { jobId } = await auxCopy()
    await waitForJob(backend, jobId, (row) => row.bytesDone > 1_000_000)
    await call('jobs:control', { jobId, action: 'suspend' })
    await waitForJob(backend, jobId, (row) => row.status === 'Suspended')
    await backend.mediaAgent.crash()
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await call('jobs:details', { jobId })).job).toMatchObject({ status: 'Suspended', reason: expect.stringContaining('continues from its durable data on Resume') })
    await call('jobs:control', { jobId, action: 'resume' })
    expect((await waitForJob(backend, jobId)).status).toBe('Completed')
    expect(await availableOnCopy2()).toBe(85)
  })
})
