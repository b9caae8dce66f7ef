import type { z } from 'zod'
import {
  commands,
  isCommandName,
  type CommandInput,
  type CommandName,
  type CommandOutput,
  type CommandResult,
} from '../../app/ipc/contract'
import { ServiceError, type CommandError } from '../../app/ipc/errors'

/** The service behind each command: a plain async function of validated input. */
export type CommandHandlers = {
  readonly [C in CommandName]: (input: CommandInput<C>) => Promise<CommandOutput<C>> | CommandOutput<C>
}

/** Turns a zod failure into the first problem, naming the field at fault. */
export function inputError(error: z.ZodError): CommandError {
  const issue = error.issues[0]
  if (issue === undefined) return { code: 'invalid_input', message: 'The input is not valid.' }
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? ''
    return { code: 'invalid_input', message: `${key}: not a field of this command.`, field: key }
  }
  const field = issue.path.map(String).join('.')
  if (field === '') return { code: 'invalid_input', message: `Input: ${issue.message}` }
  // Messages the contract writes (ending with a period) already name the field by its dialog label, exactly as the
  // dialog shows them; zod's generic ones get the field's name in front.
  const message = issue.message.endsWith('.') ? issue.message : `${field}: ${issue.message}`
  return { code: 'invalid_input', message, field }
}

/** Describes an unexpected failure without leaking internals beyond its message. */
function internalError(error: unknown): CommandError {
  const message = error instanceof Error ? error.message : String(error)
  return { code: 'internal', message: `The CommServe could not complete the request: ${message}` }
}

/**
 * The one validating helper both hosts call: checks the command name, parses the input with the contract's schema,
 * runs the handler, and answers a value or a structured error. It never throws, and a refused message reaches no
 * service, so it changes nothing.
 */
export async function dispatch(
  handlers: CommandHandlers,
  command: unknown,
  input: unknown,
): Promise<CommandResult<CommandName>> {
  if (!isCommandName(command)) {
    const name = typeof command === 'string' ? command.slice(0, 80) : typeof command
    return { ok: false, error: { code: 'unknown_command', message: `Unknown command: ${name}`, field: 'command' } }
  }
  const parsed = commands[command].input.safeParse(input)
  if (!parsed.success) return { ok: false, error: inputError(parsed.error) }
  try {
    const handler = handlers[command] as (input: unknown) => Promise<unknown> | unknown
    const value = await handler(parsed.data)
    return { ok: true, value: value as CommandOutput<CommandName> }
  } catch (error) {
    if (error instanceof ServiceError) return { ok: false, error: error.toCommandError() }
    return { ok: false, error: internalError(error) }
  }
}
