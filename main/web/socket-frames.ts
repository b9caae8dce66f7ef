import type { HostFrame } from '../../app/ipc/wire'
import { dispatch, type CommandHandlers } from '../ipc/dispatch'

/** Answers one text frame from a browser: parses and checks the frame, then dispatches it. Never throws. */
export async function handleFrame(handlers: CommandHandlers, text: string | null): Promise<HostFrame> {
  const refuse = (id: number, message: string, field?: string): HostFrame => ({
    type: 'result',
    id,
    ok: false,
    error: field === undefined ? { code: 'invalid_input', message } : { code: 'invalid_input', message, field },
  })
  if (text === null) return refuse(0, 'Frames must be JSON text.')
  let frame: unknown
  try {
    frame = JSON.parse(text)
  } catch {
    return refuse(0, 'The frame is not valid JSON.')
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return refuse(0, 'The frame must be a JSON object.')
  const { type, id, command, input } = frame as Record<string, unknown>
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) return refuse(0, 'id: must be a positive integer.', 'id')
  if (type !== 'invoke') return refuse(id, "type: must be 'invoke'.", 'type')
  const result = await dispatch(handlers, command, input)
  return result.ok ? { type: 'result', id, ok: true, value: result.value } : { type: 'result', id, ok: false, error: result.error }
}
