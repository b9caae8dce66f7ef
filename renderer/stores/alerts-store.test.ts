import { describe, expect, test } from 'vitest'
import type { AlertRecord } from '../../app/model/alerts'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createAlertsStore } from './alerts-store'

const alert = (id: number, clearedAt: number | null = null): AlertRecord => ({
  id,
  kind: 'Auxiliary Copy Fallen Behind',
  copyId: 10 + id,
  nodeId: `copy:${10 + id}`,
  storagePolicy: 'SP_Finance',
  copy: `Copy_${id}`,
  reason: `${id} jobs older than 1 day are not yet copied`,
  raisedAt: 1_700_000_000_000 + id,
  clearedAt,
})

describe('alerts store', () => {
  test('lists the CommServe\'s alerts newest raised first, adds a raised one and updates a cleared one in place', async () => {
    const api = fakeConsoleApi({ 'alerts:list': () => ({ alerts: [alert(1), alert(2)], more: false }) })
    const store = createAlertsStore(api, () => undefined)
    await store.getState().load()
    expect(store.getState().alerts.map((entry) => entry.id)).toEqual([2, 1])
    store.getState().apply([alert(3)])
    store.getState().apply([alert(1, 1_700_000_100_000)])
    expect(store.getState().alerts.map((entry) => [entry.id, entry.clearedAt])).toEqual([[3, null], [2, null], [1, 1_700_000_100_000]])
    expect(store.getState().status).toBe('ready')
  })
  test('Show older alerts reads the page after those listed', async () => {
    const api = fakeConsoleApi({ 'alerts:list': ({ offset }) => (offset === 0 ? { alerts: [alert(5), alert(4)], more: true } : { alerts: [alert(3)], more: false }) })
    const store = createAlertsStore(api, () => undefined)
    await store.getState().load()
    expect(store.getState().more).toBe(true)
    await store.getState().loadMore()
    expect(api.calls.at(-1)?.input).toEqual({ limit: 1000, offset: 2 })
    expect(store.getState()).toMatchObject({ more: false, alerts: [alert(5), alert(4), alert(3)] })
  })
})
