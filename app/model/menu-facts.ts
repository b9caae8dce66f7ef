/**
 * What a node's context menu needs to know beyond the node's kind (`node:menu`, one request per right-click). Absent
 * facts hide the items that depend on them: a copy offers Delete only once it is known to be a secondary copy.
 */
import { z } from 'zod'
import { CopyType, MediaStatus } from './entities'

export const MenuFacts = z.object({
  /** For a copy: whether it is its policy's primary copy (which can never be deleted). */
  primaryCopy: z.boolean().optional(),
  /** For a copy: its type (Promote to Primary is offered on a synchronous copy on disk). */
  copyType: CopyType.optional(),
  /** For a storage policy: whether it has at least one active secondary copy (an auxiliary copy can run). */
  hasActiveSecondaryCopy: z.boolean().optional(),
  /** For a storage policy: whether it has auxiliary copy schedules of its own. */
  hasOwnSchedules: z.boolean().optional(),
  /** For a copy: whether it writes to a tape library (it has media to view). */
  tapeCopy: z.boolean().optional(),
  /** For a library: whether it is a tape library (its Properties edit its media capacity). */
  tapeLibrary: z.boolean().optional(),
  /** For a medium: its state (the marks it can take). */
  mediaStatus: MediaStatus.optional(),
  /** For a schedule policy: what it runs (the System Created Data Aging policy is never deleted). */
  schedulePolicy: z
    .object({ policyType: z.enum(['Auxiliary Copy', 'Data Aging', 'Data Protection']), systemCreated: z.boolean() })
    .optional(),
})
export type MenuFacts = z.infer<typeof MenuFacts>
