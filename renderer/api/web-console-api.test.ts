import { afterEach, describe, expect, test, vi } from 'vitest'
import type { CommCellInfo } from '../../app/model/commcell'
import { createWebConsoleApi, socketUrl } from './web-console-api'

/** A WebSocket double the test drives: it opens, answers and closes on command. */
class FakeSocket {
  static instances: FakeSocket[] = []
  readonly sent: unknown[] = []
  readyState = 0
  onopen: (() => void) | null = null
  onmessage: ((message: { data: string }) => void) | null = null
  onclose: (() => void) | null = null
  onerror: (() => void) | null = null
  constructor(readonly url: string) {
    FakeSocket.instances.push(this)
  }
  send(text: string): void {
    this.sent.push(JSON.parse(text))
  }
  close(): void {
    this.drop()
  }
  open(): void {
    this.readyState = 1
    this.onopen?.()
  }
  receive(frame: unknown): void {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }
  drop(): void {
    this.readyState = 3
    this.onclose?.()
  }
}

const info: CommCellInfo = { name: 'cc', commServe: 'cs', installKind: 'new', version: '11', dataDir: '/d', host: 'browser', testClock: false, now: 0 }
const start = () => {
  FakeSocket.instances = []
  const web = createWebConsoleApi({
    pageUrl: 'http://127.0.0.1:4000/?token=secret',
    webSocket: FakeSocket as unknown as typeof WebSocket,
    initialDelayMs: 100,
  })
  return { web, socket: () => FakeSocket.instances.at(-1)! }
}

afterEach(() => vi.useRealTimers())

describe('web console api', () => {
  test('the socket URL is the page origin, /ws, with the same token', () => {
    expect(socketUrl('http://127.0.0.1:4000/?token=a%2Fb')).toBe('ws://127.0.0.1:4000/ws?token=a%2Fb')
  })

  test('calls made while connecting are sent on open with increasing ids and resolve with their results', async () => {
    const { web, socket } = start()
    expect(web.connection.getState()).toBe('connecting')
    const first = web.api.invoke('commcell:info', {})
    const second = web.api.invoke('tree:children', { nodeId: null })
    socket().open()
    expect(web.connection.getState()).toBe('connected')
    expect(socket().sent).toEqual([
      { type: 'invoke', id: 1, command: 'commcell:info', input: {} },
      { type: 'invoke', id: 2, command: 'tree:children', input: { nodeId: null } },
    ])
    socket().receive({ type: 'result', id: 2, ok: true, value: { nodes: [] } })
    socket().receive({ type: 'result', id: 1, ok: true, value: info })
    await expect(first).resolves.toEqual(info)
    await expect(second).resolves.toEqual({ nodes: [] })
  })

  test('a refused call rejects with the host error', async () => {
    const { web, socket } = start()
    socket().open()
    const call = web.api.invoke('node:contents', { nodeId: 'storagePolicy:9' })
    socket().receive({ type: 'result', id: 1, ok: false, error: { code: 'not_found', message: 'Gone.', field: 'nodeId' } })
    await expect(call).rejects.toMatchObject({ code: 'not_found', message: 'Gone.', field: 'nodeId' })
  })

  test('events reach their listeners until they unsubscribe', () => {
    const { web, socket } = start()
    socket().open()
    const seen: unknown[] = []
    const off = web.api.on('tree:changed', (payload) => seen.push(payload))
    socket().receive({ type: 'event', event: 'tree:changed', payload: { nodeIds: ['storagePolicies'] } })
    off()
    socket().receive({ type: 'event', event: 'tree:changed', payload: { nodeIds: ['x'] } })
    expect(seen).toEqual([{ nodeIds: ['storagePolicies'] }])
  })

  test('a drop rejects pending calls as unavailable, reports Disconnected and reconnects with backoff', async () => {
    vi.useFakeTimers()
    const { web, socket } = start()
    const states: string[] = []
    web.connection.subscribe((state) => states.push(state))
    socket().open()
    const pending = web.api.invoke('commcell:info', {})
    socket().drop()
    await expect(pending).rejects.toMatchObject({ code: 'unavailable', message: 'Disconnected from the CommServe.' })
    expect(web.connection.getState()).toBe('disconnected')
    await expect(web.api.invoke('commcell:info', {})).rejects.toMatchObject({ code: 'unavailable' })
    expect(FakeSocket.instances).toHaveLength(1)
    vi.advanceTimersByTime(200)
    expect(FakeSocket.instances).toHaveLength(2)
    socket().open()
    expect(states).toEqual(['connected', 'disconnected', 'connecting', 'connected'])
    web.close()
  })
})
