import { z } from 'zod'
import { DdbLocation } from './copy-input'

/** How a DDB cuts a job's data into blocks, chosen once when the deduplicated copy is created. */
export const DedupBlocks = DdbLocation.shape.blocks
/** How a DDB cuts blocks. */
export type DedupBlocks = z.infer<typeof DedupBlocks>

/** The Deduplication tab's words for each block setting. */
export const dedupBlocksLabel: Record<DedupBlocks, string> = {
  fixed: 'Fixed 128 KB blocks',
  variable: 'Variable (content-defined) blocks, 32 KB to 512 KB',
}

/** What a deduplicated copy's DDB holds, as its MediaAgent counts it now. */
export const DedupFigures = z.object({
  /** Jobs with data in the DDB. */
  jobs: z.number().int(),
  /** The size of those jobs' data (what they would take without deduplication). */
  applicationBytes: z.number(),
  /** Bytes on the mount paths: the containers (blocks back to back) and the jobs' recipes. */
  dataWrittenBytes: z.number(),
  /** The DDB's own size on the DDB path. */
  ddbBytes: z.number(),
  uniqueBlocks: z.number().int(),
  containers: z.number().int(),
  /** 100 × (1 − data written / application size); null while the DDB holds no data. */
  savingsPercent: z.number().nullable(),
})
/** What a deduplicated copy's DDB holds. */
export type DedupFigures = z.infer<typeof DedupFigures>

/** Copy Properties > Deduplication of an existing deduplicated copy (read-only) with its live figures. */
export const DedupDetails = z.object({
  copy: z.string(),
  mediaAgent: z.string(),
  ddbPath: z.string(),
  blocks: DedupBlocks,
  /** Null when the MediaAgent could not answer; `reason` says why. */
  figures: DedupFigures.nullable(),
  reason: z.string(),
})
/** Copy Properties > Deduplication with live figures. */
export type DedupDetails = z.infer<typeof DedupDetails>
