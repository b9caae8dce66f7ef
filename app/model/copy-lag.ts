/**
 * Copy lag: a secondary copy's backlog over time (jobs and bytes To Be Copied, sampled by the CommServe at each
 * scheduler tick) with the auxiliary copy runs that wrote to it, for a time range; one copy or a storage policy's
 * secondary copies side by side.
 */
import { z } from 'zod'
import { lagKeptMs } from '../rules/copy-lag'
import { idField } from './copy-input'
import { timeField } from './job-history'

/** One sample: at a tick, the jobs not yet copied to the copy (To Be Copied, Partially Copied) and their bytes left. */
export const LagSample = z.object({
  at: z.number().int(),
  jobs: z.number().int().nonnegative(),
  bytes: z.number().nonnegative(),
})
/** One sample of a copy's backlog. */
export type LagSample = z.infer<typeof LagSample>

/** An auxiliary copy job that wrote (or is writing) to the copy: when it ran, and how it ended. */
export const AuxCopyRun = z.object({
  jobId: z.number().int(),
  startTime: z.number().int(),
  /** Null while it runs. */
  endTime: z.number().int().nullable(),
  status: z.string(),
})
/** An auxiliary copy run on a copy lag chart. */
export type AuxCopyRun = z.infer<typeof AuxCopyRun>

/** One copy's lag in the range: its samples (in time order, at most a chart's worth) and its aux copy runs. */
export const CopyLagSeries = z.object({
  copyId: z.number().int(),
  copy: z.string(),
  samples: z.array(LagSample),
  runs: z.array(AuxCopyRun),
})
/** One copy's lag in a range. */
export type CopyLagSeries = z.infer<typeof CopyLagSeries>

/** A copy lag chart: the storage policy, the range asked, one series per secondary copy shown. */
export const CopyLagChart = z.object({
  storagePolicy: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  series: z.array(CopyLagSeries),
})
/** A copy lag chart's data. */
export type CopyLagChart = z.infer<typeof CopyLagChart>

const day = 24 * 60 * 60 * 1000

/** From and To of a lag chart: To after From, at most the days samples are kept. */
const lagRange = {
  from: timeField('From').unwrap(),
  to: timeField('To').unwrap(),
}

/** To after From, and a range no longer than the samples are kept. */
function checkLagRange(input: { from: number; to: number }, context: z.RefinementCtx): void {
  if (input.to <= input.from) context.addIssue({ code: 'custom', path: ['to'], message: 'To must be after From.' })
  else if (input.to - input.from > lagKeptMs) {
    context.addIssue({ code: 'custom', path: ['to'], message: `The range can be at most ${lagKeptMs / day} days (samples are kept that long).` })
  }
}

/** `copies:lag`: one secondary copy's lag from `from` to `to` (CommServe time, epoch ms). */
export const CopyLagInput = z.strictObject({ copyId: idField('Copy'), ...lagRange }).superRefine(checkLagRange)
/** `copies:lag` input. */
export type CopyLagInput = z.infer<typeof CopyLagInput>

/** `policies:lag`: a storage policy's secondary copies side by side from `from` to `to`. */
export const PolicyLagInput = z.strictObject({ storagePolicyId: idField('Storage Policy'), ...lagRange }).superRefine(checkLagRange)
/** `policies:lag` input. */
export type PolicyLagInput = z.infer<typeof PolicyLagInput>

/** The ranges a lag chart offers, newest time at the CommServe's now. */
export const lagRanges = [
  { key: '24h', label: '24 hours', ms: day },
  { key: '7d', label: '7 days', ms: 7 * day },
  { key: '30d', label: '30 days', ms: 30 * day },
  { key: '90d', label: '90 days', ms: 90 * day },
] as const
/** A lag chart range's key. */
export type LagRangeKey = (typeof lagRanges)[number]['key']
