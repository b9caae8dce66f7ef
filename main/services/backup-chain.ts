import type { BackupType } from '../../app/model/entities'
import type { BackupJob } from '../catalog/job-repository'

/**
 * The jobs a new backup compares with (oldest first): an Incremental takes what changed since the last backup of
 * any type, so every job since the last Full; a Differential takes what changed since the last Full.
 */
export function baselineJobs(historyNewestFirst: readonly BackupJob[], backupType: BackupType): BackupJob[] {
  const lastFull = historyNewestFirst.findIndex((job) => job.backupType === 'Full')
  if (lastFull < 0) return []
  if (backupType === 'Differential') return [historyNewestFirst[lastFull]!]
  return historyNewestFirst.slice(0, lastFull + 1).reverse()
}

/**
 * The jobs a restore of `targetId` applies in order (oldest first): the last Full at or before it, then every later
 * job of the subclient up to it. A job with no Full before it (an archive job) is restored on its own.
 */
export function backupChain(historyNewestFirst: readonly BackupJob[], targetId: number): BackupJob[] {
  const position = historyNewestFirst.findIndex((job) => job.id === targetId)
  if (position < 0) return []
  const target = historyNewestFirst[position]!
  if (target.backupType === 'Full' || target.backupType === 'Archive') return [target]
  const older = historyNewestFirst.slice(position)
  const fullAt = older.findIndex((job) => job.backupType === 'Full')
  if (fullAt < 0) return [target]
  return older.slice(0, fullAt + 1).filter((job) => job.backupType !== 'Archive').reverse()
}
