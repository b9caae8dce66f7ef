import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { createBackend, type Backend } from '../backend'
import { dispatch } from '../ipc/dispatch'
import type { DemoProfile } from '../catalog/demo-commcell'
import type { Clock } from '../clock'
import type { JobManagerOptions } from '../jobs/job-manager'
import { inject } from 'vitest'

/**
 * A backend on a fresh temp data folder, for tests; `dispose` closes it and removes the folder. The demo job
 * history stays catalog rows unless `demoData` asks for its real bytes (copied from the folder the global setup
 * prepared, unless a clock of its own dates the history); `testClock` starts the CommServe clock at 13:00. `throttle` holds the
 * MediaAgent to so many bytes a second, so a test that suspends or kills a running job always finds it running.
 * The scheduler looks once at start and never on its own afterwards (no 30-second look lands inside a test).
 */
export function tempBackend(
  profile: DemoProfile = 'demo',
  options: { clock?: Clock; demoData?: boolean; testClock?: boolean; throttle?: number; jobManager?: JobManagerOptions } = {},
): Backend & { dataDir: string; dispose(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'commcell-test-'))
  // A test clock starts at 13:00, so its half hours cross no daily schedule of the demo (see `testClockStart`).
  const testClock = options.testClock === true && options.clock === undefined
  // The demo with its data: a copy of the folder the global setup prepared (as of the test clock's start for a
  // backend on it), not written again.
  if (options.demoData === true && profile === 'demo' && options.clock === undefined) {
    cpSync(inject(testClock ? 'preparedTestClockDemoDir' : 'preparedDemoDir'), dataDir, { recursive: true, preserveTimestamps: true })
  }
  const backend = createBackend({
    dataDir,
    profile,
    host: 'browser',
    hostName: 'commserve01',
    demoData: options.demoData ?? false,
    // The scheduler looks once at start; a test that needs more looks moves a test clock or calls tick.
    schedulerInterval: false,
    testClock: options.testClock ?? false,
    ...(testClock ? { testClockAt: Date.parse(inject('testClockAt')) } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.throttle ? { testThrottleBytesPerSecond: options.throttle } : {}),
    ...(options.jobManager ? { jobManager: options.jobManager } : {}),
  })
  return {
    ...backend,
    dataDir,
    dispose: async () => {
      await backend.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** A test's `call(command, input)` on the backend `current` gives: the command's output, or an error carrying its code and field. */
export function callerOf(current: () => Pick<Backend, 'handlers'>) {
  return async <C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> => {
    const result = await dispatch(current().handlers, command, input)
    if (!result.ok) throw Object.assign(new Error(`${command}: ${result.error.message}`), result.error)
    return result.value as CommandOutput<C>
  }
}
