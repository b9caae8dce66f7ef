import { KeyState } from './keys'
import { z } from 'zod'
import { FallenBehindAlert } from './alerts'
import { AuxCopyScheduleInput } from './copy-input'
import { InstallKind } from './commcell'
import { CopyType, LibraryKind, PolicyCopy } from './entities'

const ChoiceSchema = z.object({ id: z.number().int(), name: z.string() })

/** A library with its MediaAgents, drive pools and scratch pools, as the dialogs offer it. */
export const LibraryChoiceSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: LibraryKind,
  mediaAgents: z.array(ChoiceSchema),
  drivePools: z.array(ChoiceSchema),
  scratchPools: z.array(ChoiceSchema),
})

/** What the Copy Properties dialog needs to open for a policy: lists, the suggested name, the schedule rules. */
export const CopyFormData = z.object({
  storagePolicyId: z.number().int(),
  policyName: z.string(),
  /** `Copy_X` for a new copy. */
  suggestedName: z.string(),
  copies: z.array(z.object({ id: z.number().int(), name: z.string(), copyType: CopyType, libraryId: z.number().int() })),
  primaryLibraryId: z.number().int().nullable(),
  libraries: z.array(LibraryChoiceSchema),
  mediaAgents: z.array(ChoiceSchema),
  installKind: InstallKind,
  /** The CommServe's encryption keys (Re-encrypt data asks for a new passphrase while `none`). */
  keyState: KeyState,
  /** The System Created Autocopy schedule policy the copy will join, when the CommCell has it. */
  autocopyPolicy: z.string().nullable(),
  /** Storage-policy schedules created with All Copies that the copy will join. */
  allCopiesSchedules: z.array(z.string()),
  /** Upgraded CommCells: the default schedule the Auxiliary Copy Schedule dialog offers. */
  defaultAuxCopySchedule: AuxCopyScheduleInput,
  now: z.number().int(),
})
/** What the Copy Properties dialog needs to open. */
export type CopyFormData = z.infer<typeof CopyFormData>

/** The answer of the 14-day / 10-TB check on a source copy. */
export const BackupPeriodCheck = z.object({
  oldestJobStart: z.number().int().nullable(),
  totalBytes: z.number(),
  olderThan14Days: z.boolean(),
  moreThan10TB: z.boolean(),
  /** The confirmation text when one of the two applies, else null. */
  question: z.string().nullable(),
})
/** The answer of the 14-day / 10-TB check. */
export type BackupPeriodCheck = z.infer<typeof BackupPeriodCheck>

/** An existing copy as Copy Properties shows it, with the schedules it is associated with. */
export const CopyDetails = PolicyCopy.extend({
  schedules: z.array(z.string()),
  /** Jobs copied to the copy (Partially Copied, Available, Bad or Aged there): Selective Copy may change while none. */
  copiedJobs: z.number().int(),
  /** Advanced: the Auxiliary Copy Fallen Behind Alert settings (always off on a primary copy). */
  fallenBehindAlert: FallenBehindAlert,
})
/** An existing copy as Copy Properties shows it. */
export type CopyDetails = z.infer<typeof CopyDetails>

/** What the New Storage Policy wizard needs: libraries and MediaAgents. */
export const PolicyFormData = z.object({
  libraries: z.array(LibraryChoiceSchema),
  mediaAgents: z.array(ChoiceSchema),
})
/** What the New Storage Policy wizard needs. */
export type PolicyFormData = z.infer<typeof PolicyFormData>
