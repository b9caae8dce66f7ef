import type { ToMediaAgent } from '../../app/media/media-protocol'

/**
 * How the CommServe reaches a MediaAgent: a worker thread today, a TCP connection to a MediaAgent on another host
 * later. A transport carries messages in order both ways; it says once when it closes (the worker stopped, the
 * connection dropped), and is not used again after that: the client opens a new one.
 */
export interface MediaTransport {
  /** Sends one message (plain data). */
  send(message: ToMediaAgent): void
  /** Every message that arrives, unchecked (the client checks it against the protocol). */
  onMessage(listener: (message: unknown) => void): void
  /** Called once when the transport closed without `close()` being asked, with why. */
  onClose(listener: (reason: string) => void): void
  /** Whether the transport should keep the process alive (work is under way) or not (idle). */
  setBusy(busy: boolean): void
  /** Closes the transport. */
  close(): Promise<void>
  /** Ends the transport at once, as a crash would (tests). */
  crash(): Promise<void>
}

/** Opens a new transport to the MediaAgent. */
export type TransportFactory = () => MediaTransport
