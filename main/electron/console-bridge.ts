/**
 * The console api the Electron preload exposes as `window.commcell`, built over the parts of `ipcRenderer` it needs
 * (passed in, so it is unit-tested without Electron). The renderer gets `invoke` and `on` only: never ipcRenderer,
 * never an IPC event object. Type-only imports from app/, so the sandboxed preload bundle stays self-contained.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { CommandError } from '../../app/ipc/errors'
import { eventChannel, invokeChannel, type EventMessage, type InvokeMessage } from './channels'

/** The parts of `ipcRenderer` the bridge uses. */
export type IpcRendererLike = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>

/** Whether a value is a structured command error. */
function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as { code?: unknown; message?: unknown }
  return typeof code === 'string' && typeof message === 'string'
}

/** Whether a value is an event message. */
function isEventMessage(value: unknown): value is EventMessage {
  return typeof value === 'object' && value !== null && typeof (value as { event?: unknown }).event === 'string'
}

/** A plain-object copy of an error (contextBridge copies plain objects whole, but keeps only an Error's message). */
function plainError(error: CommandError): CommandError {
  return error.field === undefined
    ? { code: error.code, message: error.message }
    : { code: error.code, message: error.message, field: error.field }
}

/**
 * Builds `window.commcell`: `invoke` resolves the command's value or rejects with `{ code, message, field? }`;
 * `on` calls the listener with the payload of each matching event and returns its unsubscribe.
 */
export function createConsoleApi(ipc: IpcRendererLike): ConsoleApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let attached = false
  // One ipcRenderer listener for all subscriptions, fanned out here (no MaxListeners warnings, one place to filter).
  const onMessage = (_event: IpcRendererEvent, message: unknown): void => {
    if (!isEventMessage(message)) return
    for (const listener of [...(listeners.get(message.event) ?? [])]) {
      try {
        listener(message.payload)
      } catch (error) {
        console.error(`A listener for ${message.event} failed:`, error)
      }
    }
  }

  const invoke = async (command: string, input: unknown): Promise<unknown> => {
    const request: InvokeMessage = { command, input }
    let result: unknown
    try {
      result = await ipc.invoke(invokeChannel, request)
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error)
      throw { code: 'unavailable', message: `The CommServe did not answer: ${detail}` } satisfies CommandError
    }
    if (typeof result === 'object' && result !== null && (result as { ok?: unknown }).ok === true) {
      return (result as { value: unknown }).value
    }
    const error = (result as { error?: unknown } | null)?.error
    throw isCommandError(error)
      ? plainError(error)
      : ({ code: 'internal', message: 'The CommServe sent an answer the console does not understand.' } satisfies CommandError)
  }

  const on = (event: string, listener: (payload: unknown) => void): (() => void) => {
    if (typeof event !== 'string') throw new TypeError('on(event, listener): event must be an event name.')
    if (typeof listener !== 'function') throw new TypeError('on(event, listener): listener must be a function.')
    let set = listeners.get(event)
    if (set === undefined) {
      set = new Set()
      listeners.set(event, set)
    }
    set.add(listener)
    if (!attached) {
      ipc.on(eventChannel, onMessage)
      attached = true
    }
    let subscribed = true
    return () => {
      if (!subscribed) return
      subscribed = false
      const current = listeners.get(event)
      current?.delete(listener)
      if (current?.size === 0) listeners.delete(event)
      if (listeners.size === 0 && attached) {
        ipc.removeListener(eventChannel, onMessage)
        attached = false
      }
    }
  }

  return { invoke, on } as ConsoleApi
}
