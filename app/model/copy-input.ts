import { z } from 'zod'
import { SelectiveRule } from './entities'
import { FallenBehindAlert } from './alerts'
import { AuxCopyOptions, SchedulePattern } from './schedule'

/** Largest retention the dialogs accept (our choice). */
export const maxRetentionDays = 100_000
export const maxRetentionCycles = 10_000

/** The longest Defer Auxiliary Copy the dialog and the contract accept, in days (our choice). */
export const maxDeferDays = 9999

const deferDaysMessage = `Defer Auxiliary Copy for days must be a whole number from 1 to ${maxDeferDays}.`
/** Copy Policy > Defer Auxiliary Copy for N days, when checked. */
export const DeferDays = z
  .number({ error: deferDaysMessage })
  .int({ error: deferDaysMessage })
  .min(1, { error: deferDaysMessage })
  .max(maxDeferDays, { error: deferDaysMessage })

/**
 * General > Selective Copy and Copy Policy > Defer Auxiliary Copy, as Create New Copy and Copy Properties send them.
 * `selective`: the Selective Copy tab's rule when Selective Copy is checked, null when it is cleared; `deferDays`: the
 * days when Defer Auxiliary Copy is checked, null when it is cleared. Absent: not selective and not deferred on
 * create, unchanged on update.
 */
export const SelectiveCopyFields = {
  selective: SelectiveRule.nullable().optional(),
  deferDays: DeferDays.nullable().optional(),
} as const

/** A catalog id field whose message names the dialog's label. */
export const idField = (label: string) =>
  z.number({ error: `${label} is required.` }).int({ error: `${label} is required.` }).positive({ error: `${label} is required.` })

/** Which jobs of the source copy a copy takes: All Backups, or Backups On and After a date (epoch ms). */
export const BackupPeriod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('allBackups') }),
  z.strictObject({
    kind: z.literal('onAndAfter'),
    // Beyond ±8.64e15 ms a JavaScript date is NaN, which would slip past every comparison: refuse it here.
    date: z
      .number({ error: 'Choose the Backups On and After date.' })
      .int({ error: 'Choose the Backups On and After date.' })
      .min(0, { error: 'Backups On and After must be a date on or after 1970-01-01.' })
      .max(8.64e15, { error: 'Backups On and After is not a valid date.' }),
  }),
])
/** Which jobs of the source copy a copy takes. */
export type BackupPeriod = z.infer<typeof BackupPeriod>

/** Where a deduplicated copy keeps its deduplication database (DDB). */
export const DdbLocation = z.strictObject({
  mediaAgentId: idField('DDB MediaAgent'),
  path: z
    .string({ error: 'DDB path is required.' })
    .trim()
    .min(1, { error: 'DDB path is required.' })
    .max(1024, { error: 'DDB path must be at most 1024 characters.' })
    .regex(/^(\/|[A-Za-z]:[\\/])/, { error: 'DDB path must be an absolute folder path.' }),
  /** Block size: fixed 128 KB blocks (the product default) or variable, content-defined blocks; fixed once created. */
  blocks: z.enum(['fixed', 'variable'], { error: 'Block size must be Fixed 128 KB or Variable.' }),
})
/** Where a deduplicated copy keeps its DDB. */
export type DdbLocation = z.infer<typeof DdbLocation>

/** Basic retention: Enable Data Aging, days and cycles. */
export const RetentionFields = {
  agingEnabled: z.boolean({ error: 'Enable Data Aging must be on or off.' }),
  retentionDays: z
    .number({ error: 'Retain for days must be a whole number.' })
    .int({ error: 'Retain for days must be a whole number.' })
    .min(0, { error: 'Retain for days cannot be negative.' })
    .max(maxRetentionDays, { error: `Retain for days must be at most ${maxRetentionDays}.` }),
  retentionCycles: z
    .number({ error: 'Retain for cycles must be a whole number.' })
    .int({ error: 'Retain for cycles must be a whole number.' })
    .min(1, { error: 'Retain for cycles must be at least 1.' })
    .max(maxRetentionCycles, { error: `Retain for cycles must be at most ${maxRetentionCycles}.` }),
} as const

/**
 * Device Streams of a storage policy: how many streams each of its copies takes at once (New Storage Policy and
 * Storage Policy Properties say the same). The documentation gives no bound; 1..1000 is our choice.
 */
export const DeviceStreamsField = z
  .number({ error: 'Device Streams must be a whole number.' })
  .int({ error: 'Device Streams must be a whole number.' })
  .min(1, { error: 'Device Streams must be at least 1.' })
  .max(1000, { error: 'Device Streams must be at most 1000.' })

/** The schedule the Auxiliary Copy Schedule dialog (upgraded CommCells) sets for a new copy. */
export const AuxCopyScheduleInput = z.strictObject({
  name: z.string().trim().min(1, { error: 'Schedule name is required.' }).max(64, { error: 'Schedule name must be at most 64 characters.' }),
  pattern: SchedulePattern,
  options: AuxCopyOptions,
})
/** The schedule of the Auxiliary Copy Schedule dialog. */
export type AuxCopyScheduleInput = z.infer<typeof AuxCopyScheduleInput>

/**
 * Advanced > Re-encrypt data: the cipher, or null when cleared (absent: off on create, unchanged on update). With the
 * first encrypted copy, the CommServe passphrase that protects every copy's key, and its confirmation.
 */
export const EncryptionFields = {
  encryption: z.enum(['AES-256'], { error: 'Cipher must be AES-256.' }).nullable().optional(),
  passphrase: z.string({ error: 'Passphrase must be text.' }).max(1024, { error: 'The passphrase must be at most 1024 characters.' }).optional(),
  passphraseConfirm: z.string({ error: 'Confirm passphrase must be text.' }).max(1024, { error: 'The passphrase must be at most 1024 characters.' }).optional(),
} as const

/** Copy Name as the contract takes it; the domain rules (characters, uniqueness) are in `copyNameProblem`. */
const nameField = z.string({ error: 'Copy Name is required.' }).max(1000, { error: 'Copy Name must be at most 64 characters.' })

/** Create New Copy: everything the Copy Properties dialog sends on OK. */
export const CreateCopyInput = z.strictObject({
  storagePolicyId: idField('Storage Policy'),
  name: nameField,
  libraryId: idField('Library'),
  mediaAgentId: idField('MediaAgent'),
  drivePoolId: idField('Drive Pool').nullable(),
  scratchPoolId: idField('Scratch Pool').nullable(),
  active: z.boolean({ error: 'Active must be on or off.' }),
  /** Enable Deduplication with its DDB location, or null. Only at creation, only on disk libraries. */
  dedup: DdbLocation.nullable(),
  sourceCopyId: idField('Source Copy'),
  backupPeriod: BackupPeriod,
  ...RetentionFields,
  /** The administrator answered No to the 14-day / 10-TB question: keep All Backups. */
  confirmAllBackups: z.boolean({ error: 'confirmAllBackups must be true or false.' }),
  /** Upgraded CommCells only: the schedule accepted in the Auxiliary Copy Schedule dialog. */
  auxCopySchedule: AuxCopyScheduleInput.nullable(),
  ...SelectiveCopyFields,
  /** Advanced > Auxiliary Copy Fallen Behind Alert; absent: off. */
  fallenBehindAlert: FallenBehindAlert.optional(),
  ...EncryptionFields,
})
/** Create New Copy input. */
export type CreateCopyInput = z.infer<typeof CreateCopyInput>

/** Copy Properties of an existing copy: what may change. `dedup` is accepted only to refuse a change clearly. */
export const UpdateCopyInput = z.strictObject({
  copyId: idField('Copy'),
  name: nameField,
  active: z.boolean({ error: 'Active must be on or off.' }),
  libraryId: idField('Library'),
  mediaAgentId: idField('MediaAgent'),
  drivePoolId: idField('Drive Pool').nullable(),
  scratchPoolId: idField('Scratch Pool').nullable(),
  backupPeriod: BackupPeriod,
  ...RetentionFields,
  /** Deduplication is fixed at creation; a value different from the copy's is refused. */
  dedup: z.boolean({ error: 'Enable Deduplication must be on or off.' }).optional(),
  ...SelectiveCopyFields,
  /** Advanced > Auxiliary Copy Fallen Behind Alert (secondary copies only); absent: unchanged. */
  fallenBehindAlert: FallenBehindAlert.optional(),
  ...EncryptionFields,
})
/** Copy Properties update input. */
export type UpdateCopyInput = z.infer<typeof UpdateCopyInput>

/** New Storage Policy wizard input. */
export const CreatePolicyInput = z.strictObject({
  name: z.string({ error: 'Storage Policy Name is required.' }).max(1000, { error: 'Storage Policy Name must be at most 64 characters.' }),
  libraryId: idField('Library'),
  mediaAgentId: idField('MediaAgent'),
  drivePoolId: idField('Drive Pool').nullable(),
  scratchPoolId: idField('Scratch Pool').nullable(),
  deviceStreams: DeviceStreamsField,
  ...RetentionFields,
  dedup: DdbLocation.nullable(),
})
/** New Storage Policy input. */
export type CreatePolicyInput = z.infer<typeof CreatePolicyInput>
