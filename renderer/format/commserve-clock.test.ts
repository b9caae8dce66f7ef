import { describe, expect, test } from 'vitest'
import { commServeNow } from './commserve-clock'

describe('the CommServe clock', () => {
  test("follows this machine's clock, moved by the CommServe's offset from it", () => {
    // The CommServe was 2 minutes ahead when its info arrived at local time 1,000,000.
    const facts = { info: { now: 1_120_000, testClock: false }, infoAt: 1_000_000, testNow: null }
    expect(commServeNow(facts, 1_000_000)).toBe(1_120_000)
    expect(commServeNow(facts, 1_005_000)).toBe(1_125_000)
  })

  test('on a test-clock console it stands where it was started or last advanced to, whatever time passes here', () => {
    const started = { info: { now: 5_000_000, testClock: true }, infoAt: 1_000_000, testNow: null }
    expect(commServeNow(started, 1_000_000)).toBe(5_000_000)
    expect(commServeNow(started, 9_000_000)).toBe(5_000_000)
    expect(commServeNow({ ...started, testNow: 6_800_000 }, 9_000_000)).toBe(6_800_000)
  })

  test("before the CommServe's info arrived, this machine's clock", () => {
    expect(commServeNow({ info: null, infoAt: 0, testNow: null }, 42)).toBe(42)
  })
})
