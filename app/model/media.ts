import { z } from 'zod'
import { idField } from './copy-input'
import { LibraryKind, MediaStatus } from './entities'

/** What a barcode may hold: letters, digits, `_` and `-`, 1 to 32 characters. */
export const barcodePattern = /^[A-Za-z0-9_-]{1,32}$/
/** How many media one Add Media adds at most (our choice). */
export const maxMediaPerAdd = 100
/** One MB as the console counts capacities (binary, as the lists show bytes). */
export const bytesPerMb = 1024 * 1024
/** The largest media capacity a tape library takes, in MB (20 TB: beyond any LTO generation's native capacity). */
export const maxMediaCapacityMb = 20 * 1024 * 1024

/** Add Media on a scratch pool: `count` Spare media whose barcodes count up from `firstBarcode`. */
export const AddMediaInput = z.strictObject({
  scratchPoolId: idField('Scratch Pool'),
  firstBarcode: z
    .string({ error: 'Starting barcode is required.' })
    .trim()
    .min(1, { error: 'Starting barcode is required.' })
    .max(32, { error: 'Starting barcode must be at most 32 characters.' })
    .regex(barcodePattern, { error: 'Starting barcode may hold only letters, digits, _ and -.' }),
  count: z
    .number({ error: 'Number of media must be a whole number.' })
    .int({ error: 'Number of media must be a whole number.' })
    .min(1, { error: 'Number of media must be at least 1.' })
    .max(maxMediaPerAdd, { error: `Number of media must be at most ${maxMediaPerAdd}.` }),
})
/** Add Media input. */
export type AddMediaInput = z.infer<typeof AddMediaInput>

/** The marks an administrator sets on a medium: Mark Full, Mark Bad. */
export const MediaMark = z.enum(['Full', 'Bad'], { error: 'Status must be Full or Bad.' })
/** A mark an administrator sets on a medium. */
export type MediaMark = z.infer<typeof MediaMark>

/** Mark Full or Mark Bad on a medium. */
export const SetMediaStatusInput = z.strictObject({
  mediumId: idField('Medium'),
  status: MediaMark,
})
/** Mark Full or Mark Bad input. */
export type SetMediaStatusInput = z.infer<typeof SetMediaStatusInput>

/** A medium as its menu and Properties know it. */
export const MediumDetails = z.object({
  id: z.number().int(),
  barcode: z.string(),
  status: MediaStatus,
  library: z.string(),
  scratchPool: z.string(),
  /** The storage policy and copy it is assigned to; null while it is in its scratch pool. */
  storagePolicy: z.string().nullable(),
  copy: z.string().nullable(),
  usedBytes: z.number(),
  capacityBytes: z.number(),
  /** How many jobs have data on it. */
  jobs: z.number().int(),
})
/** A medium as its menu and Properties know it. */
export type MediumDetails = z.infer<typeof MediumDetails>

/** A library as its Properties dialog edits it. */
export const LibraryDetails = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: LibraryKind,
  mediaAgents: z.array(z.string()),
  /** The capacity of a tape library's (emulated) media; null for a disk library. */
  mediaCapacityBytes: z.number().nullable(),
})
/** A library as its Properties dialog edits it. */
export type LibraryDetails = z.infer<typeof LibraryDetails>

/** Library Properties of a tape library: its media capacity in MB. */
export const SetMediaCapacityInput = z.strictObject({
  libraryId: idField('Library'),
  mediaCapacityMb: z
    .number({ error: 'Media capacity must be a whole number of MB.' })
    .int({ error: 'Media capacity must be a whole number of MB.' })
    .min(1, { error: 'Media capacity must be at least 1 MB.' })
    .max(maxMediaCapacityMb, { error: `Media capacity must be at most ${maxMediaCapacityMb} MB (20 TB).` }),
})
/** Library Properties input. */
export type SetMediaCapacityInput = z.infer<typeof SetMediaCapacityInput>
