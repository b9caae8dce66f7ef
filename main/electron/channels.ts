/** The Electron host's two IPC channels; the contract's commands and events travel inside them. */

/** Renderer to main: `{ command, input }`, answered with a `CommandResult`. */
export const invokeChannel = 'commcell:invoke'

/** Main to renderer: `{ event, payload }` for every event on the backend's bus. */
export const eventChannel = 'commcell:event'

/** What the preload sends on {@link invokeChannel}. */
export interface InvokeMessage {
  readonly command: string
  readonly input: unknown
}

/** What the main process sends on {@link eventChannel}. */
export interface EventMessage {
  readonly event: string
  readonly payload: unknown
}
