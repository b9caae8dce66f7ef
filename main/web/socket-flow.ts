/**
 * Flow control of one console's WebSocket in browser mode: the host answers a console's requests no faster than
 * that console reads the answers. A console that stops reading (a frozen tab, a stalled network, a script that only
 * sends) otherwise grew the host by every answer it was sent: one 64 KiB read holds hundreds of small requests, each
 * answered with kilobytes, all queued in the host's memory (gigabytes within a minute under a flood).
 *
 * Requests are started in the order they arrived while fewer than `maxInFlight` run and the answers not yet taken
 * by the kernel stay under `pauseAboveBytes`; the others wait, and once `maxQueued` wait, the socket is not read
 * (the console's own sends then wait on its side). Pushed events are never held back (a console must see every
 * change), so a console whose unread events pass `dropAboveBytes` is disconnected; it reconnects when it reads again.
 */
import type { HostFrame } from '../../app/ipc/wire'

/** What the flow control needs of a socket (`ws`'s WebSocket). */
export interface FlowSocket {
  /** Bytes queued in this process, not yet handed to the kernel. */
  readonly bufferedAmount: number
  readonly readyState: number
  readonly OPEN: number
  readonly isPaused: boolean
  /** Sends a text frame; `flushed` is called once it is handed to the kernel (or the socket failed). */
  send(text: string, flushed: (error?: Error) => void): void
  pause(): void
  resume(): void
  terminate(): void
}

/** The limits of one console's socket. */
export interface FlowLimits {
  /** Unsent answer bytes above which no further request is started. */
  readonly pauseAboveBytes: number
  /** Unsent bytes above which the console is disconnected (only pushed events get there). */
  readonly dropAboveBytes: number
  /** Requests being answered at once (only handlers that wait, on the MediaAgent say, overlap). */
  readonly maxInFlight: number
  /** Requests read and waiting to start, above which the socket is not read. */
  readonly maxQueued: number
}

/** The limits the browser-mode host uses. */
export const defaultFlowLimits: FlowLimits = {
  pauseAboveBytes: 1024 * 1024,
  dropAboveBytes: 32 * 1024 * 1024,
  maxInFlight: 16,
  maxQueued: 64,
}

/** One console's socket: its requests, answered as it reads, and the events pushed to it. */
export class SocketFlow {
  private readonly queued: (string | null)[] = []
  private inFlight = 0

  constructor(
    private readonly socket: FlowSocket,
    /** Answers one text frame (null for a binary one); never rejects. */
    private readonly answer: (text: string | null) => Promise<HostFrame>,
    private readonly limits: FlowLimits = defaultFlowLimits,
  ) {}

  /** A frame arrived from the console. */
  received(text: string | null): void {
    this.queued.push(text)
    this.pump()
  }

  /** Sends a frame to the console: an answer, or a pushed event. */
  send(frame: HostFrame): void {
    const socket = this.socket
    if (socket.readyState !== socket.OPEN) return
    socket.send(JSON.stringify(frame), () => this.pump())
    if (socket.bufferedAmount > this.limits.dropAboveBytes) this.close()
  }

  /** The socket closed: drops what waits. */
  close(): void {
    this.queued.length = 0
    if (this.socket.readyState === this.socket.OPEN) this.socket.terminate()
  }

  /** Requests waiting to start (for tests). */
  get waiting(): number {
    return this.queued.length
  }

  /** Starts what the limits allow, then reads on or stops reading. */
  private pump(): void {
    const { socket, limits } = this
    if (socket.readyState !== socket.OPEN) return
    while (this.queued.length > 0 && this.inFlight < limits.maxInFlight && socket.bufferedAmount <= limits.pauseAboveBytes) {
      const text = this.queued.shift()!
      this.inFlight += 1
      void this.answer(text).then((frame) => {
        this.inFlight -= 1
        this.send(frame)
        this.pump()
      })
    }
    if (this.queued.length >= limits.maxQueued) socket.pause()
    else if (socket.isPaused) socket.resume()
  }
}
