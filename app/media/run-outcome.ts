import { assertNever } from '../model/assert'
import type { MediaFailure, RunKind, RunOutcome } from './media-protocol'

/** Why a run phase stopped: it ran out of work, or it was told to suspend or kill. */
export type RunStop = 'none' | 'suspend' | 'kill'

/**
 * How a run ends: an operator's kill or suspend wins; an unavailable target (or an offline store) makes it Pending
 * (retry when the path is back); an aux copy or verification with failed jobs is Completed w/ one or more errors
 * (never Completed); a backup or restore that could not finish is Failed.
 */
export function decideRunOutcome(kind: RunKind, stop: RunStop, failures: readonly MediaFailure[]): RunOutcome {
  switch (stop) {
    case 'kill':
      return 'killed'
    case 'suspend':
      return 'suspended'
    case 'none':
      break
    default:
      return assertNever(stop, 'run stop')
  }
  if (failures.some((failure) => failure.kind === 'targetUnavailable')) return 'pending'
  if (failures.length === 0) return 'completed'
  switch (kind) {
    case 'auxCopy':
    case 'verify':
      return 'completedWithErrors'
    case 'backup':
    case 'restore':
      return 'failed'
    default:
      return assertNever(kind, 'run kind')
  }
}

/** Whether a failed job should be retried later (Pending) rather than reported as failed for good. */
export function isRetryable(failure: MediaFailure): boolean {
  switch (failure.kind) {
    case 'targetUnavailable':
      return true
    case 'checksum':
    case 'sourceMissing':
    case 'manifestInvalid':
    case 'internal':
      return false
    default:
      return assertNever(failure, 'failure')
  }
}
