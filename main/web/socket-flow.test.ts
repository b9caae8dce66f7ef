import { describe, expect, it } from 'vitest'
import type { HostFrame } from '../../app/ipc/wire'
import { type FlowLimits, type FlowSocket, SocketFlow } from './socket-flow'

/** A socket whose console reads only when the test says: sent frames stay queued (bufferedAmount) until `read()`. */
class FakeSocket implements FlowSocket {
  readonly OPEN = 1
  readyState = 1
  isPaused = false
  terminated = false
  readonly sent: string[] = []
  private readonly unread: { bytes: number; flushed: () => void }[] = []

  get bufferedAmount(): number {
    return this.unread.reduce((sum, each) => sum + each.bytes, 0)
  }
  send(text: string, flushed: () => void): void {
    this.sent.push(text)
    this.unread.push({ bytes: text.length, flushed })
  }
  pause(): void {
    this.isPaused = true
  }
  resume(): void {
    this.isPaused = false
  }
  terminate(): void {
    this.terminated = true
    this.readyState = 3
  }
  /** The console reads everything sent so far. */
  read(): void {
    for (const each of this.unread.splice(0)) each.flushed()
  }
}

const limits: FlowLimits = { pauseAboveBytes: 1000, dropAboveBytes: 5000, maxInFlight: 4, maxQueued: 8 }
/** Answers each request with `size` bytes, after a microtask (as dispatch does). */
const answerOf = (size: number) => async (text: string | null): Promise<HostFrame> => ({ type: 'result', id: Number(text), ok: true, value: 'x'.repeat(size) })
const ids = (socket: FakeSocket) => socket.sent.map((text) => (JSON.parse(text) as { id: number }).id)
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('a console socket', () => {
  it('answers a console that reads every request, in the order they came', async () => {
    const socket = new FakeSocket()
    const flow = new SocketFlow(socket, answerOf(10), limits)
    for (let id = 1; id <= 30; id++) {
      flow.received(String(id))
      await settle()
      socket.read()
    }
    expect(ids(socket)).toEqual(Array.from({ length: 30 }, (_, n) => n + 1))
    expect(socket.isPaused).toBe(false)
  })

  it('answers a console that stops reading no further than the limit, stops reading it, and goes on once it reads', async () => {
    const socket = new FakeSocket()
    const flow = new SocketFlow(socket, answerOf(400), limits)
    for (let id = 1; id <= 40; id++) flow.received(String(id))
    await settle()
    // Requests start, four at a time, only while under 1000 bytes wait unread: six answers of about 430 bytes were
    // sent before that was passed; the 34 others wait, and the socket is not read.
    expect(socket.sent).toHaveLength(6)
    expect(socket.bufferedAmount).toBeGreaterThan(limits.pauseAboveBytes)
    expect(flow.waiting).toBe(34)
    expect(socket.isPaused).toBe(true)
    await settle()
    expect(socket.sent).toHaveLength(6)
    for (let round = 0; round < 20 && socket.sent.length < 40; round++) {
      socket.read()
      await settle()
    }
    expect(ids(socket)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1))
    expect(flow.waiting).toBe(0)
    expect(socket.isPaused).toBe(false)
    expect(socket.terminated).toBe(false)
  })

  it('pushes every event, and disconnects a console whose unread events pass the cap', () => {
    const socket = new FakeSocket()
    const flow = new SocketFlow(socket, answerOf(10), limits)
    const event: HostFrame = { type: 'event', event: 'jobs:progress', payload: 'y'.repeat(900) }
    for (let n = 0; n < 5; n++) flow.send(event)
    expect(socket.terminated).toBe(false)
    flow.send(event)
    expect(socket.terminated).toBe(true)
    flow.send(event)
    expect(socket.sent).toHaveLength(6)
  })
})
