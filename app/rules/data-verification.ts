/** Data Verification's rules, for the dialog and the CommServe alike: which Jobs since date may be asked for. */
import { RunVerificationInput } from '../model/jobs'

/** What the CommServe says of a Jobs since date after its clock. */
export const jobsSinceInFuture = 'Jobs since cannot be in the future.'

/**
 * The problem of a Jobs since date (epoch ms; NaN while the date is incomplete): the contract's (not a date, before
 * 1990), or one after the CommServe's `now`. Undefined when the date may be sent.
 */
export function jobsSinceProblem(since: number, now: number): string | undefined {
  const parsed = RunVerificationInput.shape.since.safeParse(since)
  if (!parsed.success) return parsed.error.issues[0]?.message ?? 'Jobs since must be a date.'
  return since > now ? jobsSinceInFuture : undefined
}
