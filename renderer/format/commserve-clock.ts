/**
 * The CommServe's time, which the Job Controller's elapsed times and its 5-minute rule follow (as the CommServe's own
 * list does): this machine's clock moved by the CommServe's offset from it, or on a console started with
 * `--test-clock` the time the test clock stands at (it moves only when advanced).
 */
import type { CommCellInfo } from '../../app/model/commcell'

/** What the console knows of the CommServe clock. */
export interface CommServeClockFacts {
  /** `commcell:info`, or null before it arrived. */
  readonly info: Pick<CommCellInfo, 'now' | 'testClock'> | null
  /** This machine's time when `info` arrived. */
  readonly infoAt: number
  /** Where the test clock was last advanced to (null before any advance). */
  readonly testNow: number | null
}

/** The CommServe's time at this machine's time `localNow`. */
export function commServeNow(facts: CommServeClockFacts, localNow: number): number {
  const { info } = facts
  if (info === null) return localNow
  if (info.testClock) return facts.testNow ?? info.now
  return localNow + (info.now - facts.infoAt)
}
