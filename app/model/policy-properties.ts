/** Storage Policy Properties (Device Streams, the copies' precedence order) and Promote to Primary, as the contract carries them. */
import { z } from 'zod'
import { DeviceStreamsField, idField } from './copy-input'
import { BackupType, CopyType, JobCopyStatus } from './entities'

/** A storage policy as its Properties dialog shows and edits it; its copies in copy precedence order (1 first). */
export const PolicyProperties = z.object({
  storagePolicyId: z.number().int(),
  name: z.string(),
  type: z.string(),
  deviceStreams: z.number().int(),
  copies: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      copyType: CopyType,
      precedence: z.number().int(),
      active: z.boolean(),
      library: z.string(),
    }),
  ),
})
/** A storage policy as its Properties dialog shows it. */
export type PolicyProperties = z.infer<typeof PolicyProperties>

/** What Storage Policy Properties saves on OK, in one transaction. */
export const UpdatePolicyInput = z.strictObject({
  storagePolicyId: idField('Storage Policy'),
  deviceStreams: DeviceStreamsField,
  /** The copies' ids in their new copy precedence order, precedence 1 first (the primary copy stays first). */
  copyOrder: z
    .array(idField('Copy Precedence'), { error: 'Copy Precedence must list the copies.' })
    .min(1, { error: 'Copy Precedence must list the copies.' })
    .max(1000, { error: 'Copy Precedence lists at most 1000 copies.' }),
})
/** What Storage Policy Properties saves. */
export type UpdatePolicyInput = z.infer<typeof UpdatePolicyInput>

/** Promote to Primary: `confirm` false only says what would happen (the confirmation); true does it. */
export const PromoteCopyInput = z.strictObject({
  copyId: idField('Copy'),
  confirm: z.boolean({ error: 'confirm must be true or false.' }),
})
/** Promote to Primary input. */
export type PromoteCopyInput = z.infer<typeof PromoteCopyInput>

/** A job on the former primary copy that the promoted copy does not hold Available. */
export const MissingJob = z.object({
  jobId: z.number().int(),
  /** `client / agent / subclient`. */
  subclient: z.string(),
  backupType: BackupType,
  startTime: z.number().int(),
  /**
   * Its state on the promoted copy before the promotion (To Be Copied, Partially Copied, Bad, Do Not Copy...); null
   * when the copy never took it (before its Backups On and After date).
   */
  state: JobCopyStatus.nullable(),
})
/** A job the promoted copy lacks. */
export type MissingJob = z.infer<typeof MissingJob>

/** How many missing jobs the confirmation lists at most (their count is always given). */
export const missingJobsListed = 50

/** What Promote to Primary does (or did): the confirmation's content. */
export const PromotionResult = z.object({
  promoted: z.boolean(),
  policy: z.string(),
  /** The copy that becomes the primary copy. */
  copy: z.string(),
  /** The primary copy that becomes a synchronous secondary copy whose source is the promoted copy. */
  formerPrimary: z.string(),
  /** Other copies that took their data from the former primary and now take it from the promoted copy. */
  resourced: z.array(
    z.object({
      name: z.string(),
      /** Jobs To Be Copied to it from the former primary that the promoted copy lacks: it will not receive them. */
      lostToBeCopied: z.number().int(),
    }),
  ),
  /** Schedules associated with the promoted copy, which move to the former primary (it now needs auxiliary copies). */
  schedules: z.array(z.string()),
  /** Jobs Available on the former primary that are not Available on the promoted copy, newest first (the first 50). */
  missing: z.array(MissingJob),
  missingCount: z.number().int(),
  /** Subclients whose next Incremental runs as a Full: a job it would build on is not Available on the promoted copy. */
  fullsNext: z.array(z.string()),
})
/** What Promote to Primary does. */
export type PromotionResult = z.infer<typeof PromotionResult>
