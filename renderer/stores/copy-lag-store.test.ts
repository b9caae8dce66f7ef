import { describe, expect, test } from 'vitest'
import type { CopyLagChart } from '../../app/model/copy-lag'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createCopyLagStore, hasLagChart } from './copy-lag-store'

const hour = 60 * 60 * 1000
const now = Date.UTC(2026, 10, 30, 14, 0)
const node = (id: string, name: string): TreeNode => ({ id, kind: id.startsWith('copy') ? 'copy' : 'storagePolicy', name, hasChildren: false, detail: '' })
const chart = (copy: string, from: number, to: number): CopyLagChart => ({
  storagePolicy: 'SP_Finance', from, to, series: [{ copyId: 3, copy, samples: [{ at: to, jobs: 4, bytes: 1024 }], runs: [] }],
})

describe('copy lag store', () => {
  test('asks the copy or the policy for the range ending at the CommServe time, one request per load', async () => {
    const api = fakeConsoleApi({
      'copies:lag': ({ from, to }) => chart('Copy_2', from, to),
      'policies:lag': ({ from, to }) => chart('Copy_2', from, to),
    })
    const store = createCopyLagStore(api, { now: () => now, report: () => undefined })
    await store.getState().load(node('copy:3', 'Copy_2'))
    expect(api.calls).toEqual([{ command: 'copies:lag', input: { copyId: 3, from: now - 24 * hour, to: now } }])
    expect(store.getState().charts['copy:3']).toMatchObject({ status: 'ready', chart: { series: [{ copy: 'Copy_2' }] } })

    store.getState().setRange('7d')
    await store.getState().load(node('storagePolicy:2', 'SP_Finance'))
    expect(api.calls.at(-1)).toEqual({ command: 'policies:lag', input: { storagePolicyId: 2, from: now - 7 * 24 * hour, to: now } })
    expect(hasLagChart(node('copy:3', 'Copy_2'))).toBe(true)
    expect(hasLagChart({ ...node('copy:3', 'x'), kind: 'library' })).toBe(false)
  })

  test('the latest load of a node wins; a refused one says why and is reported', async () => {
    let answer: (value: CopyLagChart) => void = () => undefined
    const slow = new Promise<CopyLagChart>((resolve) => (answer = resolve))
    let calls = 0
    const reported: unknown[] = []
    const api = fakeConsoleApi({
      'copies:lag': ({ from, to }) => (++calls === 1 ? slow : chart('Newer', from, to)),
    })
    const store = createCopyLagStore(api, { now: () => now, report: (error) => reported.push(error) })
    const first = store.getState().load(node('copy:3', 'Copy_2'))
    await store.getState().load(node('copy:3', 'Copy_2'))
    answer(chart('Older', 0, 1))
    await first
    expect(store.getState().charts['copy:3']?.chart?.series[0]?.copy).toBe('Newer')

    const refusing = fakeConsoleApi({ 'copies:lag': () => Promise.reject({ code: 'not_found', message: 'Copy 3 does not exist.', field: 'copyId' }) })
    const failing = createCopyLagStore(refusing, { now: () => now, report: (error) => reported.push(error) })
    await failing.getState().load(node('copy:3', 'Copy_2'))
    expect(failing.getState().charts['copy:3']).toEqual({ status: 'error', chart: null, error: 'Copy 3 does not exist.' })
    expect(reported).toHaveLength(1)
  })
})
