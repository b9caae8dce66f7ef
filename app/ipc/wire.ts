/**
 * The browser-mode wire format: JSON messages over one WebSocket. The renderer sends `invoke` frames; the host
 * answers each with a `result` frame carrying the same `id`, and pushes `event` frames. (The Electron host uses
 * `ipcRenderer.invoke` instead, with the same {@link CommandResult} shape.)
 */
import type { CommandError } from './errors'

/** Renderer to host: run a command. */
export interface InvokeFrame {
  readonly type: 'invoke'
  readonly id: number
  readonly command: string
  readonly input: unknown
}

/** Host to renderer: the answer to one invoke frame. */
export type ResultFrame =
  | { readonly type: 'result'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'result'; readonly id: number; readonly ok: false; readonly error: CommandError }

/** Host to renderer: a pushed event. */
export interface EventFrame {
  readonly type: 'event'
  readonly event: string
  readonly payload: unknown
}

/** Any frame the host sends. */
export type HostFrame = ResultFrame | EventFrame

/** The largest frame either side accepts, in bytes; larger frames are refused before parsing. */
export const maxFrameBytes = 1024 * 1024

/** The query parameter that carries the per-start token in the console URL and the WebSocket URL. */
export const tokenParam = 'token'

/** The WebSocket path of the browser-mode host. */
export const socketPath = '/ws'
