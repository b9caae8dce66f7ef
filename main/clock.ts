/** Where services read the time from; tests and the scheduler inject their own. */
export interface Clock {
  now(): number
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() }

/** A clock that moves only when told: for tests, and for a console started with `--test-clock`. */
export class ManualClock implements Clock {
  constructor(private time: number) {}

  /** The current time of this clock. */
  now(): number {
    return this.time
  }

  /** Moves the clock forward. */
  advance(ms: number): number {
    this.time += ms
    return this.time
  }

  /** Sets the clock to a time, earlier or later (a clock corrected backwards, in tests). */
  set(time: number): number {
    this.time = time
    return this.time
  }
}
