/**
 * The CommServe's side of the media protocol: connects to a MediaAgent over a transport (`hello`, the version
 * check, then its configuration), sends requests and runs, checks every message that comes back against the
 * protocol, and hands run events to subscribers. When the MediaAgent stops under it, pending requests fail and
 * active runs are reported lost with the reason; the next message opens a new connection.
 */
import {
  FromMediaAgent,
  type MediaAgentConfig,
  type MediumRef,
  type MediaReplyValue,
  type MediaRequest,
  type RunEnded,
  type RunEvent,
  type RunWork,
  type ToMediaAgent,
  mediaProtocolVersion,
} from '../../app/media/media-protocol'
import { assertNever } from '../../app/model/assert'
import type { MediaTransport, TransportFactory } from './media-transport'

/** A run the MediaAgent stopped under (it crashed, the connection dropped, or it refused the connection). */
export interface LostRun {
  readonly runId: number
  readonly reason: string
}

/** A request's reply, by the request's kind. */
export type ReplyOf<K extends MediaRequest['kind']> = Extract<MediaReplyValue, { kind: K }>

interface PendingRequest {
  readonly kind: MediaRequest['kind']
  readonly resolve: (value: MediaReplyValue) => void
  readonly reject: (error: Error) => void
}

/** A connection: its transport, and the messages held until the MediaAgent's welcome. */
interface Connection {
  readonly transport: MediaTransport
  welcomed: boolean
  refused: string | null
  readonly held: ToMediaAgent[]
}

/** The MediaAgent as the CommServe sees it; one per backend. */
export class MediaAgentClient {
  private connection: Connection | null = null
  private readonly listeners = new Set<(event: RunEvent) => void>()
  private readonly lostListeners = new Set<(lost: LostRun) => void>()
  private readonly active = new Set<number>()
  private readonly pending = new Map<number, PendingRequest>()
  private nextRequestId = 1
  private closed = false

  constructor(
    private readonly transports: TransportFactory,
    /** The MediaAgent's configuration (its mount paths), read from the catalog at each (re)connection. */
    private readonly config: () => MediaAgentConfig,
    /** Told of messages that broke the protocol (they are dropped). */
    private readonly onProtocolError: (problem: string) => void = () => undefined,
  ) {}

  /** Sends a request; resolves with its reply, rejects when the MediaAgent could not carry it out or stopped. */
  request<K extends MediaRequest['kind']>(request: Extract<MediaRequest, { kind: K }>): Promise<ReplyOf<K>> {
    const requestId = this.nextRequestId++
    return new Promise<ReplyOf<K>>((resolve, reject) => {
      this.pending.set(requestId, { kind: request.kind, resolve: resolve as (value: MediaReplyValue) => void, reject })
      this.send({ type: 'request', requestId, request })
    })
  }

  /** Starts a run. Throws when `runId` is already active. */
  start(runId: number, work: RunWork): void {
    if (this.active.has(runId)) throw new Error(`run ${runId} is already active`)
    this.active.add(runId)
    this.send({ type: 'start', runId, work })
  }

  /** Suspends, resumes or kills a run. */
  control(type: 'suspend' | 'resume' | 'kill', runId: number): void {
    this.send({ type, runId })
  }

  /** Answers a tape stream's `mediumWanted`: the medium to mount, or none with the reason. */
  giveMedium(runId: number, askId: number, medium: MediumRef | null, reason: string): void {
    this.send({ type: 'mediumGiven', runId, askId, medium, reason })
  }

  /** Sends the MediaAgent its configuration again (after a library or mount path changed). */
  reconfigure(): void {
    if (this.connection?.welcomed) this.connection.transport.send({ type: 'configure', config: this.config() })
  }

  /** Subscribes to every run event; returns the unsubscribe function. */
  subscribe(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Subscribes to runs lost with the MediaAgent (they will send nothing more); returns the unsubscribe function. */
  onRunLost(listener: (lost: LostRun) => void): () => void {
    this.lostListeners.add(listener)
    return () => this.lostListeners.delete(listener)
  }

  /** Resolves with the next `runEnded` of a run (a phase end for `suspended`). */
  waitForRunEnd(runId: number): Promise<RunEnded> {
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe((event) => {
        if (event.type === 'runEnded' && event.runId === runId) {
          unsubscribe()
          resolve(event)
        }
      })
    })
  }

  /** Runs started and not yet ended (suspended ones included). */
  get activeRunIds(): readonly number[] {
    return [...this.active]
  }

  /** Ends the MediaAgent's transport at once, as a crash would (tests): active runs are reported lost. */
  async crash(): Promise<void> {
    await this.connection?.transport.crash()
  }

  /** Kills active runs (waiting up to `graceMs` for them to stop at a buffer boundary), then closes the connection. */
  async close(graceMs = 5000): Promise<void> {
    this.closed = true
    const connection = this.connection
    if (!connection) return
    const ended = Promise.all([...this.active].map((runId) => this.waitForRunEnd(runId)))
    for (const runId of this.active) this.send({ type: 'kill', runId })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))])
    clearTimeout(timer)
    this.connection = null
    this.active.clear()
    for (const waiting of this.pending.values()) waiting.reject(new Error('the console is closing'))
    this.pending.clear()
    await connection.transport.close()
  }

  private send(message: ToMediaAgent): void {
    if (this.closed && message.type !== 'kill') {
      this.fail(message, 'the console is closing')
      return
    }
    const connection = this.connect()
    if (connection.refused !== null) {
      this.fail(message, connection.refused)
      return
    }
    if (connection.welcomed) connection.transport.send(message)
    else connection.held.push(message)
    this.updateBusy()
  }

  /** The live connection, opening one (hello first; everything else waits for the welcome). */
  private connect(): Connection {
    if (this.connection) return this.connection
    const transport = this.transports()
    const connection: Connection = { transport, welcomed: false, refused: null, held: [] }
    this.connection = connection
    transport.onMessage((raw) => this.receive(connection, raw))
    transport.onClose((reason) => this.lost(connection, reason))
    transport.send({ type: 'hello', version: mediaProtocolVersion })
    return connection
  }

  private receive(connection: Connection, raw: unknown): void {
    if (connection !== this.connection) return
    const parsed = FromMediaAgent.safeParse(raw)
    if (!parsed.success) {
      this.onProtocolError(`a message from the MediaAgent broke the media protocol (${parsed.error.issues[0]?.message ?? 'unknown'}); it was dropped`)
      return
    }
    const message = parsed.data
    switch (message.type) {
      case 'welcome':
        connection.welcomed = true
        connection.transport.send({ type: 'configure', config: this.config() })
        for (const held of connection.held.splice(0)) connection.transport.send(held)
        return
      case 'refused': {
        // A MediaAgent of another version: nothing it was sent can be carried out.
        connection.refused = `the MediaAgent refused the connection: ${message.reason}`
        for (const held of connection.held.splice(0)) this.fail(held, connection.refused)
        return
      }
      case 'reply': {
        const waiting = this.pending.get(message.requestId)
        this.pending.delete(message.requestId)
        if (!waiting) return
        if (message.value === null) waiting.reject(new Error(message.error || 'the MediaAgent could not carry out the request'))
        else if (message.value.kind !== waiting.kind) waiting.reject(new Error(`the MediaAgent answered ${message.value.kind} to ${waiting.kind}`))
        else waiting.resolve(message.value)
        this.updateBusy()
        return
      }
      case 'problem':
        this.onProtocolError(`the MediaAgent dropped a message: ${message.reason}`)
        return
      case 'progress':
      case 'jobDurable':
      case 'jobVerified':
      case 'restored':
      case 'jobFailed':
      case 'mediumWanted':
      case 'segmentClosed':
      case 'mediumLeft':
        this.emit(message)
        return
      case 'runEnded':
        if (message.outcome !== 'suspended') this.active.delete(message.runId)
        this.updateBusy()
        this.emit(message)
        return
      default:
        assertNever(message, 'MediaAgent message')
    }
  }

  /** The transport closed under us: requests fail, runs are reported failed; the next message reconnects. */
  private lost(connection: Connection, reason: string): void {
    if (connection !== this.connection) return
    this.connection = null
    for (const waiting of this.pending.values()) waiting.reject(new Error(reason))
    this.pending.clear()
    const runs = [...this.active]
    this.active.clear()
    for (const runId of runs) this.lose(runId, reason)
  }

  private lose(runId: number, reason: string): void {
    for (const listener of [...this.lostListeners]) listener({ runId, reason })
  }

  /** A message that can never be carried out (a refused connection) ends like a lost one. */
  private fail(message: ToMediaAgent, reason: string): void {
    if (message.type === 'request') {
      const waiting = this.pending.get(message.requestId)
      this.pending.delete(message.requestId)
      waiting?.reject(new Error(reason))
    } else if (message.type === 'start') {
      this.active.delete(message.runId)
      queueMicrotask(() => this.lose(message.runId, reason))
    }
  }

  private updateBusy(): void {
    this.connection?.transport.setBusy(!this.closed && (this.active.size > 0 || this.pending.size > 0))
  }

  private emit(event: RunEvent): void {
    for (const listener of [...this.listeners]) listener(event)
  }
}
