/** Data older than this on the source copy prompts for Backups On and After (the seed page). */
export const oldDataDays = 14
/** More data than this on the source copy prompts for Backups On and After (10 TB, in bytes). */
export const largeDataBytes = 10 * 1024 ** 4

/** What the catalog says about a source copy's data, gathered by one indexed query. */
export interface SourceCopyData {
  /** Start time (epoch ms) of the oldest job held on the copy, or null when it holds none. */
  readonly oldestJobStart: number | null
  /** Bytes held on the copy. */
  readonly totalBytes: number
}

/** Why Create New Copy asks to choose Backups On and After instead of All Backups. */
export interface BackupPeriodPrompt {
  readonly olderThan14Days: boolean
  readonly moreThan10TB: boolean
}

/**
 * The seed page's rule: when the source copy holds data older than 14 days or more than 10 TB, the console asks
 * whether to copy only Backups On and After a date instead of All Backups. Undefined when there is no need to ask.
 */
export function backupPeriodPrompt(data: SourceCopyData, now: number): BackupPeriodPrompt | undefined {
  const olderThan14Days = data.oldestJobStart !== null && data.oldestJobStart < now - oldDataDays * 24 * 60 * 60 * 1000
  const moreThan10TB = data.totalBytes > largeDataBytes
  return olderThan14Days || moreThan10TB ? { olderThan14Days, moreThan10TB } : undefined
}

/** The text of the confirmation, naming the reasons that apply. */
export function backupPeriodQuestion(prompt: BackupPeriodPrompt): string {
  const reasons = [
    prompt.olderThan14Days ? 'data older than 14 days' : undefined,
    prompt.moreThan10TB ? 'more than 10 TB of data' : undefined,
  ].filter((reason): reason is string => reason !== undefined)
  return (
    `The source copy holds ${reasons.join(' and ')}. Copying All Backups may take a long time. ` +
    'Do you want to copy only the Backups On and After a date you choose instead?'
  )
}
