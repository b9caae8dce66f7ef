/**
 * The Electron transport: the only file that touches `ipcMain`. One invoke channel checked for its sender and
 * passed to the shared `dispatch` (which validates everything), and the backend's events pushed to every console
 * window. `ipcMain` and the window list are passed in, so the wiring is unit-tested without Electron.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import type { CommandName, CommandResult } from '../../app/ipc/contract'
import type { EventBus } from '../event-bus'
import { dispatch, type CommandHandlers } from '../ipc/dispatch'
import { eventChannel, invokeChannel, type EventMessage } from './channels'
import { isTrustedSender } from './security'

/** The parts of `ipcMain` this file uses. */
export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>

/** The parts of a window's WebContents events are sent to. */
export type EventTarget = Pick<WebContents, 'send' | 'isDestroyed' | 'getURL'>

/** The answer to a message from a frame that is not the console. */
export const forbiddenResult: CommandResult<CommandName> = {
  ok: false,
  error: { code: 'forbidden', message: 'This message did not come from the CommCell Browser console.' },
}

/**
 * Answers one invoke message: refused unless the sender frame shows the console, refused when it is not
 * `{ command, input }`, otherwise whatever `dispatch` answers. Never throws.
 */
export async function answerInvoke(
  handlers: CommandHandlers,
  senderUrl: string | undefined,
  message: unknown,
): Promise<CommandResult<CommandName>> {
  if (!isTrustedSender(senderUrl)) return forbiddenResult
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { ok: false, error: { code: 'invalid_input', message: 'A command message must be { command, input }.' } }
  }
  const { command, input } = message as { command?: unknown; input?: unknown }
  return dispatch(handlers, command, input)
}

/** The sender frame's URL; undefined when the frame is gone (navigated away or destroyed). */
function senderUrlOf(event: IpcMainInvokeEvent): string | undefined {
  try {
    return event.senderFrame?.url
  } catch {
    return undefined
  }
}

/**
 * Registers the invoke handler and forwards every bus event to the console windows `targets()` lists (only those
 * showing app://, never a destroyed one). Returns the function that undoes both.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  backend: { readonly handlers: CommandHandlers; readonly bus: Pick<EventBus, 'subscribe'> },
  targets: () => readonly EventTarget[],
): () => void {
  ipcMain.handle(invokeChannel, (event: IpcMainInvokeEvent, message: unknown) =>
    answerInvoke(backend.handlers, senderUrlOf(event), message),
  )
  const unsubscribe = backend.bus.subscribe(({ event, payload }) => {
    const message: EventMessage = { event, payload }
    for (const target of targets()) {
      if (target.isDestroyed() || !isTrustedSender(target.getURL())) continue
      try {
        target.send(eventChannel, message)
      } catch {
        // The window closed between the check and the send; the next event goes to the ones still open.
      }
    }
  })
  return () => {
    unsubscribe()
    ipcMain.removeHandler(invokeChannel)
  }
}
