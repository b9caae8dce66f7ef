/**
 * The browser-mode console api: the contract's commands and events over one WebSocket to the browser-mode host
 * (`/ws?token=…` on the page's own origin), with reconnection and an observable connection state.
 */
import type { CommandInput, CommandName, CommandOutput, ConsoleApi, EventName, EventPayload } from '../../app/ipc/contract'
import type { CommandError, ErrorCode } from '../../app/ipc/errors'
import type { HostFrame, InvokeFrame } from '../../app/ipc/wire'
import { maxFrameBytes, socketPath, tokenParam } from '../../app/ipc/wire'
import type { ConnectionMonitor, ConnectionState } from './console-api'

/** A failed invoke: the host's structured error, as an `Error` so it carries a stack. */
export class ConsoleApiError extends Error implements CommandError {
  /** Wraps a structured error from the host (or from this transport). */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ConsoleApiError'
  }
}

/** The message every pending or new call gets while the socket is down. */
export const disconnectedMessage = 'Disconnected from the CommServe.'

/** What {@link createWebConsoleApi} needs; the defaults suit the page. */
export interface WebConsoleApiOptions {
  /** The page URL (carries the token); defaults to `location.href`. */
  readonly pageUrl?: string
  /** The WebSocket constructor (tests pass a fake). */
  readonly webSocket?: typeof WebSocket
  /** First reconnect delay in ms; doubles up to `maxDelayMs`. */
  readonly initialDelayMs?: number
  /** Longest reconnect delay in ms. */
  readonly maxDelayMs?: number
}

/** A console api over a WebSocket, its connection state, and a way to stop it. */
export interface WebConsoleApi {
  readonly api: ConsoleApi
  readonly connection: ConnectionMonitor
  /** Closes the socket for good and rejects pending calls. */
  close(): void
}

/** The WebSocket URL for a console page URL: same origin, `/ws`, same token. */
export function socketUrl(pageUrl: string): string {
  const page = new URL(pageUrl)
  const url = new URL(socketPath, page)
  url.protocol = page.protocol === 'https:' ? 'wss:' : 'ws:'
  const token = page.searchParams.get(tokenParam)
  if (token !== null) url.searchParams.set(tokenParam, token)
  return url.toString()
}

/** `WebSocket.OPEN`, spelled out so a test's fake constructor need not define it. */
const openState = 1

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (error: ConsoleApiError) => void
}

type AnyListener = (payload: unknown) => void

/** Creates the console api over the browser-mode WebSocket and starts connecting. */
export function createWebConsoleApi(options: WebConsoleApiOptions = {}): WebConsoleApi {
  const url = socketUrl(options.pageUrl ?? location.href)
  const Socket = options.webSocket ?? WebSocket
  const initialDelay = options.initialDelayMs ?? 500
  const maxDelay = options.maxDelayMs ?? 10_000

  let socket: WebSocket | null = null
  let state: ConnectionState = 'connecting'
  let nextId = 1
  let delay = initialDelay
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let closedForGood = false
  const pending = new Map<number, Pending>()
  // Frames sent while the first connection (or a reconnection) is being opened wait here.
  const queued: string[] = []
  const eventListeners = new Map<string, Set<AnyListener>>()
  const stateListeners = new Set<(state: ConnectionState) => void>()

  const setState = (next: ConnectionState): void => {
    if (next === state) return
    state = next
    for (const listener of [...stateListeners]) listener(next)
  }

  const rejectAll = (): void => {
    queued.length = 0
    const calls = [...pending.values()]
    pending.clear()
    for (const call of calls) call.reject(new ConsoleApiError('unavailable', disconnectedMessage))
  }

  const handleFrame = (data: unknown): void => {
    if (typeof data !== 'string') return
    let frame: HostFrame
    try {
      frame = JSON.parse(data) as HostFrame
    } catch {
      return
    }
    if (frame.type === 'result') {
      const call = pending.get(frame.id)
      if (call === undefined) return
      pending.delete(frame.id)
      if (frame.ok) call.resolve(frame.value)
      else call.reject(new ConsoleApiError(frame.error.code, frame.error.message, frame.error.field))
    } else if (frame.type === 'event') {
      const listeners = eventListeners.get(frame.event)
      if (listeners === undefined) return
      for (const listener of [...listeners]) {
        try {
          listener(frame.payload)
        } catch (error) {
          console.error(`A listener of ${frame.event} failed`, error)
        }
      }
    }
  }

  const scheduleReconnect = (): void => {
    if (closedForGood || reconnectTimer !== undefined) return
    // Jitter keeps many consoles from reconnecting in lockstep after a host restart.
    const wait = delay * (0.8 + Math.random() * 0.4)
    delay = Math.min(delay * 2, maxDelay)
    reconnectTimer = setTimeout(() => {
      reconnectTimer = undefined
      connect()
    }, wait)
  }

  const connect = (): void => {
    if (closedForGood) return
    setState('connecting')
    let ws: WebSocket
    try {
      ws = new Socket(url)
    } catch {
      setState('disconnected')
      scheduleReconnect()
      return
    }
    socket = ws
    ws.onopen = () => {
      if (socket !== ws) return
      delay = initialDelay
      setState('connected')
      for (const text of queued.splice(0)) ws.send(text)
    }
    ws.onmessage = (message: MessageEvent) => {
      if (socket === ws) handleFrame(message.data)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      rejectAll()
      setState('disconnected')
      scheduleReconnect()
    }
    // An error is always followed by close, which does the work.
    ws.onerror = () => undefined
  }

  const invoke = <C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> =>
    new Promise<CommandOutput<C>>((resolve, reject) => {
      if (state === 'disconnected' || closedForGood) {
        reject(new ConsoleApiError('unavailable', disconnectedMessage))
        return
      }
      const id = nextId++
      const frame: InvokeFrame = { type: 'invoke', id, command, input }
      const text = JSON.stringify(frame)
      if (text.length * 3 > maxFrameBytes && new TextEncoder().encode(text).length > maxFrameBytes) {
        reject(new ConsoleApiError('invalid_input', 'The request is too large to send.'))
        return
      }
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      if (state === 'connected' && socket !== null && socket.readyState === openState) socket.send(text)
      else queued.push(text)
    })

  const on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): (() => void) => {
    let listeners = eventListeners.get(event)
    if (listeners === undefined) {
      listeners = new Set()
      eventListeners.set(event, listeners)
    }
    const entry = listener as AnyListener
    listeners.add(entry)
    return () => {
      eventListeners.get(event)?.delete(entry)
    }
  }

  connect()

  return {
    api: { invoke, on },
    connection: {
      getState: () => state,
      subscribe: (listener) => {
        stateListeners.add(listener)
        return () => {
          stateListeners.delete(listener)
        }
      },
    },
    close: () => {
      closedForGood = true
      if (reconnectTimer !== undefined) clearTimeout(reconnectTimer)
      const ws = socket
      socket = null
      ws?.close()
      rejectAll()
      setState('disconnected')
    },
  }
}
