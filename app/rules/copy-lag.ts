/**
 * Copy lag: how long the CommServe keeps each copy's backlog samples (every tick while recent, thinned with age) and
 * which samples a chart of a time range draws. Pure: the catalog and the service apply these.
 */

const hour = 60 * 60 * 1000
const day = 24 * hour

/** How long samples are kept at all: past this age they are removed. At least the 90 days a chart offers. */
export const lagKeptMs = 100 * day

/** From each age on, one sample per `everyMs` (the first of each such period) is kept; younger ones all are. */
export const lagTiers: readonly { readonly fromAge: number; readonly everyMs: number }[] = [
  { fromAge: 2 * day, everyMs: hour },
  { fromAge: 14 * day, everyMs: 6 * hour },
]

/** One stored sample, as thinning sees it. */
export interface SampleTime {
  readonly copyId: number
  readonly at: number
}

/**
 * The samples to remove at `now`: those older than {@link lagKeptMs}, and of those older than a tier's age, every
 * sample but the first of its copy's period (periods are fixed multiples of `everyMs` since the epoch, so what a
 * pass keeps stays kept until it ages into the next tier). Samples of 2 days or less are all kept.
 */
export function samplesToThin(samples: readonly SampleTime[], now: number): SampleTime[] {
  const sorted = [...samples].sort((a, b) => a.copyId - b.copyId || a.at - b.at)
  const kept = new Set<string>()
  const drop: SampleTime[] = []
  for (const sample of sorted) {
    const age = now - sample.at
    if (age > lagKeptMs) {
      drop.push(sample)
      continue
    }
    const tier = lagTiers.findLastIndex((candidate) => age > candidate.fromAge)
    if (tier < 0) continue
    const period = `${sample.copyId}:${tier}:${Math.floor(sample.at / lagTiers[tier]!.everyMs)}`
    if (kept.has(period)) drop.push(sample)
    else kept.add(period)
  }
  return drop
}

/** How many points a chart draws per copy at most: a longer run of samples is reduced to this many real ones. */
export const maxLagPoints = 480

/**
 * The samples a chart of `from`..`to` draws: all of them when they are few, else one per equal slice of the range,
 * the one with the most bytes to be copied in that slice (the later one on a tie), so a peak is never lost between
 * points; the latest sample is always drawn. Every point is a real sample: its time and figures as recorded.
 * `samples` are in time order.
 */
export function lagPoints<T extends { readonly at: number; readonly bytes: number }>(samples: readonly T[], from: number, to: number, max = maxLagPoints): T[] {
  if (samples.length <= max) return [...samples]
  const slice = Math.max(1, (to - from) / (max - 1))
  const picked: T[] = []
  let current = -1
  for (const sample of samples) {
    const index = Math.floor((sample.at - from) / slice)
    const last = picked.at(-1)
    if (index !== current || last === undefined) {
      picked.push(sample)
      current = index
    } else if (sample.bytes >= last.bytes) {
      picked[picked.length - 1] = sample
    }
  }
  const latest = samples.at(-1)!
  if (picked.at(-1) !== latest) picked.push(latest)
  return picked
}
