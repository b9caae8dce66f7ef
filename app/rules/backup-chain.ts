/**
 * The backup chain rules (pure): which jobs a restore needs, which jobs a new backup compares with, and when a
 * backup must be a Full whatever was asked. Jobs are given newest first, as the catalog lists a subclient's
 * finished backups.
 */
import type { BackupType } from '../model/entities'

/** What the rules need of a finished backup job. */
export interface ChainJob {
  readonly id: number
  readonly backupType: BackupType
}

/** Jobs that build on a Full the way an Incremental does (what changed since the last backup). */
const incrementalLike = (type: BackupType) => type === 'Incremental' || type === 'Transaction Log'

/**
 * The jobs a restore of `targetId` applies, oldest first: a Full (or an Archive job) on its own; a Differential
 * needs its Full and itself, not the incrementals between; an Incremental needs its Full, the last Differential
 * after that Full and before it, and every incremental after that Differential up to itself. A job with no Full
 * before it is restored on its own. Empty when `targetId` is not in the history.
 */
export function restoreChain<J extends ChainJob>(historyNewestFirst: readonly J[], targetId: number): J[] {
  const position = historyNewestFirst.findIndex((job) => job.id === targetId)
  if (position < 0) return []
  const target = historyNewestFirst[position]!
  if (target.backupType === 'Full' || target.backupType === 'Archive') return [target]
  const older = historyNewestFirst.slice(position + 1).filter((job) => job.backupType !== 'Archive')
  const fullAt = older.findIndex((job) => job.backupType === 'Full')
  if (fullAt < 0) return [target]
  const full = older[fullAt]!
  if (target.backupType === 'Differential') return [full, target]
  // An Incremental: back from it to the last Differential (kept) or the Full, whichever comes first.
  const between = older.slice(0, fullAt)
  const differentialAt = between.findIndex((job) => job.backupType === 'Differential')
  const incrementals = (differentialAt < 0 ? between : between.slice(0, differentialAt)).filter((job) => incrementalLike(job.backupType))
  const differential = differentialAt < 0 ? [] : [between[differentialAt]!]
  return [full, ...differential, ...incrementals.reverse(), target]
}

/**
 * The jobs a new backup compares with, oldest first: a Differential takes what changed since the last Full; an
 * Incremental what changed since the last backup, so the chain that restores the latest job. Empty for a Full, or
 * when there is no Full yet.
 */
export function baselineJobs<J extends ChainJob>(historyNewestFirst: readonly J[], backupType: BackupType): J[] {
  if (backupType === 'Full' || backupType === 'Archive') return []
  const chainable = historyNewestFirst.filter((job) => job.backupType !== 'Archive')
  const lastFull = chainable.find((job) => job.backupType === 'Full')
  if (lastFull === undefined) return []
  if (backupType === 'Differential') return [lastFull]
  return restoreChain(chainable, chainable[0]!.id)
}

/** Why a backup runs as a Full whatever was asked (null when the asked type stands). */
export type ForcedFull = 'first backup' | 'baseline not available'

/**
 * The backup type a request becomes: the first backup of a subclient is a Full; so is one whose baseline has a job
 * that is not Available on the primary copy (Bad after a Data Verification, or its data gone), since an Incremental
 * or Differential on a broken chain could never be restored.
 */
export function backupTypeFor<J extends ChainJob>(
  requested: BackupType,
  historyNewestFirst: readonly J[],
  availableOnPrimary: (job: J) => boolean,
): { readonly backupType: BackupType; readonly forced: ForcedFull | null } {
  if (requested === 'Full' || requested === 'Archive') return { backupType: requested, forced: null }
  if (!historyNewestFirst.some((job) => job.backupType === 'Full')) return { backupType: 'Full', forced: 'first backup' }
  if (!baselineJobs(historyNewestFirst, requested).every(availableOnPrimary)) return { backupType: 'Full', forced: 'baseline not available' }
  return { backupType: requested, forced: null }
}
