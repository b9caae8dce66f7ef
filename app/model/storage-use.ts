import { z } from 'zod'
import { DedupFigures } from './dedup'
import { MediaStatus } from './entities'

/** A disk library's mount path with its space as its MediaAgent reports it now. */
export const MountPathSpace = z.object({
  mountPathId: z.number().int(),
  path: z.string(),
  /** Null while the mount path is offline (its MediaAgent cannot reach the folder); then so are the sizes. */
  usedBytes: z.number().nullable(),
  freeBytes: z.number().nullable(),
  totalBytes: z.number().nullable(),
  /** Why it is offline; empty while online. */
  offlineReason: z.string(),
})
/** A mount path's space. */
export type MountPathSpace = z.infer<typeof MountPathSpace>

/** A deduplicated copy writing to the library: application size against data written, from its DDB. */
export const DedupCopyUse = z.object({
  copyId: z.number().int(),
  /** `SP_Finance / Copy_3`. */
  copy: z.string(),
  /** Null when the MediaAgent could not read the DDB; `reason` says why. */
  figures: DedupFigures.nullable(),
  reason: z.string(),
})
/** A deduplicated copy's use of the library. */
export type DedupCopyUse = z.infer<typeof DedupCopyUse>

/** How many media of a tape library are in one state, and their bytes. */
export const MediaStatusCount = z.object({
  status: MediaStatus,
  media: z.number().int(),
  usedBytes: z.number(),
  capacityBytes: z.number(),
})
/** Media of one state. */
export type MediaStatusCount = z.infer<typeof MediaStatusCount>

/**
 * A library's storage use for its chart: a disk library's mount paths (used and free space) and deduplicated copies
 * (application size against data written); a tape library's media by state (every state, zero included).
 */
export const LibraryUsage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('disk'), library: z.string(), mountPaths: z.array(MountPathSpace), dedupCopies: z.array(DedupCopyUse) }),
  z.object({ kind: z.literal('tape'), library: z.string(), media: z.array(MediaStatusCount) }),
])
/** A library's storage use. */
export type LibraryUsage = z.infer<typeof LibraryUsage>
