import { afterEach, expect, it } from 'vitest'
import { ManualClock } from '../clock'
import { EventBus } from '../event-bus'
import { EventService } from '../services/event-service'
import { tempBackend } from '../testing/temp-backend'
import { Scheduler } from './scheduler'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

it('runs its checks at every tick; a failing check is one Major event while it keeps failing, and the others still run', async () => {
  backend = tempBackend('empty', { testClock: true })
  await backend.ready
  const { catalog } = backend
  const clock = new ManualClock(Date.now())
  let failing = true
  const ran: number[] = []
  const scheduler = new Scheduler(catalog, { isBeingWritten: () => false, runScheduledAuxCopy: () => null, runScheduledDataAging: () => ({ jobId: 0 }), runScheduledBackup: () => Promise.resolve({ jobId: 0 }) }, new EventService(catalog, new EventBus(), clock), clock, [
    { name: 'The broken check', run: () => {
      if (failing) throw new Error('catalog busy')
    } },
    { name: 'The counting check', run: (now) => void ran.push(now) },
  ])
  const reports = () => catalog.events.list(100, null).filter((event) => event.description.startsWith('The broken check could not be checked'))
  scheduler.tick(clock.advance(60_000))
  scheduler.tick(clock.advance(60_000))
  expect(ran).toHaveLength(2)
  expect(reports()).toEqual([expect.objectContaining({ severity: 'Major', description: 'The broken check could not be checked: catalog busy' })])
  // Working again, then failing again: news again.
  failing = false
  scheduler.tick(clock.advance(60_000))
  failing = true
  scheduler.tick(clock.advance(60_000))
  expect(reports()).toHaveLength(2)
  expect(ran).toHaveLength(4)
})
