/**
 * Where a test's CommServe clock starts: the latest 13:00 (local time) not after `now`, as an ISO 8601 local time
 * (what `--test-clock-at` takes). Half hours from there cross no daily schedule of the demo (Data Aging at 12:00,
 * localhost's Daily Incremental at 21:00, its Weekly Full on Saturdays at 10:00) whatever time of day the tests run
 * at, and the clock never runs ahead of the files the tests write.
 */
export function testClockStart(now = new Date()): string {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 13, 0, 0)
  if (start.getTime() > now.getTime()) start.setDate(start.getDate() - 1)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${start.getFullYear()}-${pad(start.getMonth() + 1)}-${pad(start.getDate())}T13:00:00`
}
