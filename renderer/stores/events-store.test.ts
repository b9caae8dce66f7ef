import { describe, expect, test } from 'vitest'
import type { EventRecord } from '../../app/model/events'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createEventsStore } from './events-store'

const event = (id: number): EventRecord => ({
  id,
  time: 1_700_000_000_000 + id,
  severity: 'Information',
  program: 'CommServe',
  computer: 'cs',
  jobId: null,
  description: `Event ${id}`,
})

describe('events store', () => {
  test('lists newest first and merges live events without duplicates', async () => {
    const api = fakeConsoleApi({ 'events:list': () => ({ events: [event(3), event(2), event(1)] }) })
    const store = createEventsStore(api, () => undefined)
    store.getState().add(event(4))
    await store.getState().load()
    store.getState().add(event(4))
    store.getState().add(event(5))
    expect(store.getState().events.map((e) => e.id)).toEqual([5, 4, 3, 2, 1])
    expect(api.calls[0]).toEqual({ command: 'events:list', input: { limit: 200, beforeId: null } })
  })
})
