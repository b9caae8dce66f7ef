/** Percentile of a sample (nearest rank); `p` in 0..100. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN
  const sorted = [...sample].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

/** The median of a sample. */
export function median(sample: readonly number[]): number {
  return percentile(sample, 50)
}

/** Rounds to two decimals for printing. */
export function round(value: number): number {
  return Math.round(value * 100) / 100
}

/** Prints one figure as a JSON line. */
export function report(figure: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(figure)}\n`)
}
