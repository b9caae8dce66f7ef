import { z } from 'zod'

/** A MediaAgent: the machine that moves data to and from libraries. */
export interface MediaAgent {
  readonly id: number
  readonly name: string
  readonly hostName: string
  readonly os: string
}

/** Disk libraries keep data in mount path folders; tape libraries on media in drives. */
export const LibraryKind = z.enum(['disk', 'tape'])
/** Disk or tape. */
export type LibraryKind = z.infer<typeof LibraryKind>

/** A disk or tape library. */
export interface Library {
  readonly id: number
  readonly name: string
  readonly kind: LibraryKind
  /** MediaAgents with a data path to it. */
  readonly mediaAgentIds: readonly number[]
}

/** A disk library's mount path: a folder reached through one MediaAgent. */
export interface MountPath {
  readonly id: number
  readonly libraryId: number
  readonly mediaAgentId: number
  readonly path: string
}

/** A pool of a tape library's drives, reached through one MediaAgent. */
export interface DrivePool {
  readonly id: number
  readonly libraryId: number
  readonly mediaAgentId: number
  readonly name: string
}

/** One tape drive. */
export interface Drive {
  readonly id: number
  readonly drivePoolId: number
  readonly name: string
  readonly serial: string
  /** The job that reserved it (null: idle). */
  readonly jobId: number | null
  /** The medium mounted in it for that job (null: none). */
  readonly barcode: string | null
}

/** A scratch pool (spare media group) of a tape library. */
export interface ScratchPool {
  readonly id: number
  readonly libraryId: number
  readonly name: string
}

/** The states of a tape medium (the words the product uses). */
export const MediaStatus = z.enum(['Spare', 'Active', 'Appendable', 'Full', 'Bad'])
/** The state of a tape medium. */
export type MediaStatus = z.infer<typeof MediaStatus>

/** One tape medium, known by its barcode. */
export interface Media {
  readonly id: number
  readonly libraryId: number
  readonly scratchPoolId: number
  readonly barcode: string
  readonly status: MediaStatus
  readonly capacityBytes: number
  /** Bytes written up to its end of valid data (label and closed segments). */
  readonly usedBytes: number
  /** The copy it is assigned to (null while Spare in its scratch pool). */
  readonly copyId: number | null
}

/** A client computer. */
export interface Client {
  readonly id: number
  readonly name: string
  readonly hostName: string
  readonly os: string
}

/** An agent (iDataAgent) installed on a client: File System, SQL Server, File Archiver. */
export interface Agent {
  readonly id: number
  readonly clientId: number
  readonly name: string
}

/** A subclient: the content an agent backs up, and the storage policy it goes to. */
export interface Subclient {
  readonly id: number
  readonly agentId: number
  readonly name: string
  readonly storagePolicyId: number | null
  readonly content: readonly string[]
}

/** A storage policy: where a subclient's data goes, in one or more copies. */
export interface StoragePolicy {
  readonly id: number
  readonly name: string
  readonly type: string
  readonly deviceStreams: number
}

/** Primary copies take backups; synchronous copies copy every job; selective copies copy chosen fulls. */
export const CopyType = z.enum(['primary', 'synchronous', 'selective'])
/** The kind of a storage policy copy. */
export type CopyType = z.infer<typeof CopyType>

/** Selective Copy > Automatically select Full Backups at frequency, as the product lists the choices. */
export const SelectiveFrequency = z.enum(
  ['All Fulls', 'Hourly Fulls', 'Daily Fulls', 'Weekly Fulls', 'Monthly Fulls', 'Quarterly Fulls', 'Half Yearly Fulls', 'Yearly Fulls'],
  { error: 'Automatically select Full Backups at frequency is required for a Selective Copy: choose a frequency.' },
)
/** How often a selective copy takes a full. */
export type SelectiveFrequency = z.infer<typeof SelectiveFrequency>

/** The days a week may start on (Weekly Fulls). */
export const WeekDay = z.enum(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'], {
  error: 'Week starts on must be a day of the week.',
})
/** A day of the week. */
export type WeekDay = z.infer<typeof WeekDay>

/** Which full of each period a selective copy takes. */
export const SelectivePick = z.enum(['first', 'last'], { error: 'Choose First full backup or Last full backup.' })
/** First or last full of a period. */
export type SelectivePick = z.infer<typeof SelectivePick>

/** A selective copy's rule: the frequency, first or last full of each period, and the week's start (Weekly Fulls). */
export const SelectiveRule = z.strictObject({ frequency: SelectiveFrequency, pick: SelectivePick, weekStart: WeekDay })
/** A selective copy's rule. */
export type SelectiveRule = z.infer<typeof SelectiveRule>

/** The product's defaults on the Selective Copy tab: first full, week starts on Friday (domain reference 3.5). */
export const defaultSelectivePick: SelectivePick = 'first'
export const defaultWeekStart: WeekDay = 'Friday'

/** A storage policy copy. */
export const PolicyCopy = z.object({
  id: z.number().int(),
  storagePolicyId: z.number().int(),
  name: z.string(),
  copyType: CopyType,
  active: z.boolean(),
  precedence: z.number().int(),
  libraryId: z.number().int(),
  mediaAgentId: z.number().int(),
  drivePoolId: z.number().int().nullable(),
  scratchPoolId: z.number().int().nullable(),
  dedup: z.boolean(),
  ddbMediaAgentId: z.number().int().nullable(),
  ddbPath: z.string().nullable(),
  /** How the copy's DDB cuts blocks (`fixed` 128 KB or `variable`), fixed at creation; null without deduplication. */
  dedupBlocks: z.enum(['fixed', 'variable']).nullable(),
  sourceCopyId: z.number().int().nullable(),
  /** Epoch ms of the Backups On and After date; null means All Backups. */
  backupsOnAfter: z.number().int().nullable(),
  agingEnabled: z.boolean(),
  retentionDays: z.number().int(),
  retentionCycles: z.number().int(),
  /** A selective copy's rule (copy type `selective`); null for primary and synchronous copies. */
  selective: SelectiveRule.nullable(),
  /** Defer Auxiliary Copy for N days: a job is copied N days after it started at the earliest (0: not deferred). */
  deferDays: z.number().int(),
  /** Re-encrypt data: the cipher the copy's data is sealed with on its library, or null (plain). */
  encryption: z.enum(['AES-256']).nullable(),
})
/** A storage policy copy. */
export type PolicyCopy = Readonly<z.infer<typeof PolicyCopy>>

/** The backup types a job can have; a synchronous copy copies all of them. */
export const BackupType = z.enum(['Full', 'Incremental', 'Differential', 'Transaction Log', 'Archive'])
/** A backup type. */
export type BackupType = z.infer<typeof BackupType>

/** The state of one backup job on one copy. */
export const JobCopyStatus = z.enum(['To Be Copied', 'Partially Copied', 'Available', 'Do Not Copy', 'Bad', 'Aged'])
/** The state of one backup job on one copy. */
export type JobCopyStatus = z.infer<typeof JobCopyStatus>

/** A schedule policy (only the Auxiliary Copy type exists here). */
/** What a schedule policy's schedules run. */
export type SchedulePolicyType = 'Auxiliary Copy' | 'Data Aging' | 'Data Protection'

export interface SchedulePolicy {
  readonly id: number
  readonly name: string
  readonly policyType: SchedulePolicyType
  readonly description: string
  readonly systemCreated: boolean
}
