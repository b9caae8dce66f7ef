import { z } from 'zod'

/** What the next auxiliary copy would copy to one copy, and how long it should take. */
export const NextAuxCopy = z.object({
  copyId: z.number().int(),
  copy: z.string(),
  /** The jobs it would copy (To Be Copied, Partially Copied and Bad, less those Defer Auxiliary Copy holds back). */
  jobs: z.number().int(),
  bytes: z.number(),
  /** Jobs Defer Auxiliary Copy holds back, and when the first may be copied (epoch ms); 0 and null when none. */
  deferredJobs: z.number().int(),
  deferredUntil: z.number().nullable(),
  /** From the median throughput of the latest aux copies to the copy; null when none ran before. */
  estimate: z
    .object({
      seconds: z.number(),
      bytesPerSecond: z.number(),
      /** How many earlier runs the throughput comes from. */
      runs: z.number().int(),
    })
    .nullable(),
})
/** What the next auxiliary copy would copy to one copy. */
export type NextAuxCopy = z.infer<typeof NextAuxCopy>

/** What the next auxiliary copy of a storage policy would copy, copy by copy (in copy precedence order). */
export const NextAuxCopyPlan = z.object({ copies: z.array(NextAuxCopy) })
/** What the next auxiliary copy of a storage policy would copy. */
export type NextAuxCopyPlan = z.infer<typeof NextAuxCopyPlan>
