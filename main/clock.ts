/** Where services read the time from; tests and the scheduler inject their own. */
export interface Clock {
  now(): number
}

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() }
