/**
 * A console api for the renderer's unit tests: commands answered by handlers the test supplies, and events the
 * test emits by hand. Lives with the tests; nothing in the shipped renderer imports it.
 */
import type {
  CommandInput,
  CommandName,
  CommandOutput,
  ConsoleApi,
  EventName,
  EventPayload,
} from '../../app/ipc/contract'

/** The handlers a test gives: any command it expects, answering a value or throwing a `{ code, message }`. */
export type FakeHandlers = {
  [C in CommandName]?: (input: CommandInput<C>) => CommandOutput<C> | Promise<CommandOutput<C>>
}

/** A fake console api with the calls it received and a way to push events. */
export interface FakeConsoleApi extends ConsoleApi {
  readonly calls: { readonly command: CommandName; readonly input: unknown }[]
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
}

/** Creates a fake console api over handlers. */
export function fakeConsoleApi(handlers: FakeHandlers): FakeConsoleApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: { command: CommandName; input: unknown }[] = []
  return {
    calls,
    invoke: async <C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> => {
      calls.push({ command, input })
      const handler = handlers[command] as ((input: CommandInput<C>) => CommandOutput<C>) | undefined
      if (handler === undefined) throw { code: 'unknown_command', message: `No fake handler for ${command}` }
      return handler(input)
    },
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      const entry = listener as (payload: unknown) => void
      set.add(entry)
      return () => set.delete(entry)
    },
    emit: (event, payload) => {
      for (const listener of listeners.get(event) ?? []) listener(payload)
    },
  }
}

/** Waits until pending promise callbacks (fake invokes and the stores' reactions) have run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 10; round++) await Promise.resolve()
  await new Promise((resolve) => setTimeout(resolve, 0))
}
