/** The test clock of a console started with `--test-clock`: the CommServe time it was moved to, and Advance. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'

/** The test clock state and its action. */
export interface TestClockState {
  /** The CommServe time after the last advance, or null before any (then `commcell:info`'s `now` holds). */
  readonly now: number | null
  readonly busy: boolean
  /** Moves the CommServe clock forward; what became due runs. */
  advance(minutes: number): Promise<void>
}

/** What the store tells the rest of the console. */
export interface TestClockHooks {
  /** The clock moved; `jobIds` are the scheduled jobs that started. */
  readonly onAdvanced: (now: number, jobIds: readonly number[]) => void
  readonly report: (error: unknown) => void
}

/** Creates the test clock store over the console api. */
export function createTestClockStore(api: ConsoleApi, hooks: TestClockHooks): StoreApi<TestClockState> {
  return createStore<TestClockState>()((set, get) => ({
    now: null,
    busy: false,
    advance: async (minutes) => {
      if (get().busy) return
      set({ busy: true })
      try {
        const { now, jobIds } = await api.invoke('test:advanceClock', { minutes })
        set({ now, busy: false })
        hooks.onAdvanced(now, jobIds)
      } catch (error) {
        set({ busy: false })
        hooks.report(error)
      }
    },
  }))
}
