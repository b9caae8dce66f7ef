import { z } from 'zod'

/** Why a command was refused or failed. */
export const ErrorCode = z.enum([
  'invalid_input',
  'unknown_command',
  'not_found',
  'conflict',
  'forbidden',
  'unavailable',
  'internal',
])
/** Why a command was refused or failed. */
export type ErrorCode = z.infer<typeof ErrorCode>

/** The structured error every host answers with: a message for people, the field at fault when there is one. */
export const CommandError = z.object({
  code: ErrorCode,
  message: z.string(),
  field: z.string().optional(),
})
/** The structured error every host answers with. */
export type CommandError = z.infer<typeof CommandError>

/** An error a service throws on purpose; hosts pass its code, message and field to the caller. */
export class ServiceError extends Error {
  /** Creates an error with a code, a message for people and, optionally, the input field at fault. */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message)
    this.name = 'ServiceError'
  }

  /** The wire form of this error. */
  toCommandError(): CommandError {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field }
  }
}

/** The error for an id that names nothing (the field says which input). */
export function notFound(what: string, field: string): ServiceError {
  return new ServiceError('not_found', `${what} does not exist.`, field)
}
