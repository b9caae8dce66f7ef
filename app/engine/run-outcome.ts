import { assertNever } from '../model/assert'
import type { EngineFailure, RunOperation, RunOutcome } from './worker-protocol'

/** Why a run phase stopped: it ran out of work, or it was told to suspend or kill. */
export type RunStop = 'none' | 'suspend' | 'kill'

/**
 * How a run ends: an operator's kill or suspend wins; an unavailable target makes it Pending (retry when the path is
 * back); an aux copy with failed jobs is Completed w/ one or more errors (never Completed); a failed backup or restore
 * is Failed.
 */
export function decideRunOutcome(operation: RunOperation, stop: RunStop, failures: readonly EngineFailure[]): RunOutcome {
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
  switch (operation) {
    case 'auxCopy':
      return 'completedWithErrors'
    case 'backup':
    case 'restore':
      return 'failed'
    default:
      return assertNever(operation, 'run operation')
  }
}

/** Whether a failed job should be retried later (Pending) rather than reported as failed for good. */
export function isRetryable(failure: EngineFailure): boolean {
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
