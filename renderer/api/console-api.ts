/**
 * The one module through which renderer code reaches the console api (`window.commcell`) and the state of the
 * connection behind it. Components and stores never touch `window.commcell` themselves.
 */
import type { ConsoleApi } from '../../app/ipc/contract'
import type { CommandError } from '../../app/ipc/errors'

/** Whether the renderer can currently reach the CommServe. */
export type ConnectionState = 'connecting' | 'connected' | 'disconnected'

/** Reports the connection state of a transport and its changes. */
export interface ConnectionMonitor {
  /** The current state. */
  getState(): ConnectionState
  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (state: ConnectionState) => void): () => void
}

/** The monitor for transports that cannot drop (Electron IPC): always connected. */
export const alwaysConnected: ConnectionMonitor = {
  getState: () => 'connected',
  subscribe: () => () => undefined,
}

let registeredMonitor: ConnectionMonitor = alwaysConnected

/** Registers the monitor of the transport `main.tsx` created (browser mode); Electron keeps `alwaysConnected`. */
export function registerConnectionMonitor(monitor: ConnectionMonitor): void {
  registeredMonitor = monitor
}

/** The connection monitor of the current transport. */
export function connectionMonitor(): ConnectionMonitor {
  return registeredMonitor
}

/** The console api provided by the host; throws when no host provided one. */
export function consoleApi(): ConsoleApi {
  const api = window.commcell
  if (api === undefined) throw new Error('The console api is not available: no host provided window.commcell.')
  return api
}

/** Whether a thrown value has the `{ code, message }` shape of a {@link CommandError}. */
export function isCommandError(error: unknown): error is CommandError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  )
}

/** The message a person should read for a failed invoke, whatever shape the rejection had. */
export function errorMessage(error: unknown): string {
  if (isCommandError(error)) return error.message
  if (error instanceof Error) return error.message
  return String(error)
}
