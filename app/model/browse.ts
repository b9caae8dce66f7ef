/**
 * Browse and Restore: a subclient's content as it was at a point in time (`Latest Data` or a `Browse Date`), one
 * folder at a time, from the CommServe's browse index; and what a restore of selected files and folders takes.
 */
import { z } from 'zod'
import { idField } from './copy-input'

/**
 * A path as a backup stores it: the absolute source path without its root, `/` separated (`home/ann/a.txt`); the
 * empty path is the root above every content folder.
 */
export const StoredPath = (label: string) =>
  z
    .string({ error: `${label} must be a path.` })
    .max(4096, { error: `${label} must be at most 4096 characters.` })
    .refine((path) => path === '' || path.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && !part.includes('\0')), {
      error: `${label} must be a path as the backup stored it (no leading /, no . or .. parts).`,
    })

/** A stored path's folder and name (`home/ann/a.txt` → `home/ann`, `a.txt`; a top-level name's folder is ''). */
export function splitStoredPath(path: string): readonly [string, string] {
  const cut = path.lastIndexOf('/')
  return cut < 0 ? ['', path] : [path.slice(0, cut), path.slice(cut + 1)]
}

/** What a restore does with a file that is already where it would go (the product's overwrite options). */
export const OverwriteMode = z.enum(['always', 'ifNewer', 'never'], { error: 'Overwrite must be always, ifNewer or never.' })
/** What a restore does with a file already there. */
export type OverwriteMode = z.infer<typeof OverwriteMode>

/** The labels the dialog gives each overwrite option. */
export const overwriteLabels: Readonly<Record<OverwriteMode, string>> = {
  always: 'Unconditionally',
  ifNewer: 'Only if the backup is newer',
  never: 'Never',
}

/** The earliest and latest browse times the contract takes (our choice: nothing older is in any catalog). */
const earliestBrowse = Date.UTC(1990, 0, 1)

/** One folder of a subclient's content at a point in time, read from a copy or by copy precedence. */
export const BrowseInput = z.strictObject({
  subclientId: idField('Subclient'),
  /** `Browse Date` (epoch ms, CommServe time): the content as the last backup started by then saw it; null: `Latest Data`. */
  at: z
    .number({ error: 'Browse Date must be a date and time.' })
    .int({ error: 'Browse Date must be a date and time.' })
    .min(earliestBrowse, { error: 'Browse Date must be on or after 1990-01-01.' })
    .max(8.64e15, { error: 'Browse Date must be a date and time.' })
    .nullable(),
  /** Browse the jobs this copy holds; null: by copy precedence (the lowest holding each job). */
  copyId: idField('Copy').nullable(),
  /** The folder to list (a stored path; '' for the root). */
  folder: StoredPath('Folder'),
})
/** One folder of a subclient's content at a point in time. */
export type BrowseInput = z.infer<typeof BrowseInput>

/** A file, folder or symbolic link in a browsed folder. */
export const BrowseEntry = z.object({
  name: z.string(),
  /** Its stored path (what a restore selects). */
  path: z.string(),
  kind: z.enum(['file', 'folder', 'link']),
  /** Bytes (a file's; 0 for folders and links). */
  size: z.number(),
  /** Modified time as backed up (epoch ms); null for a folder above the content the backup walked. */
  mtimeMs: z.number().nullable(),
})
/** An entry of a browsed folder. */
export type BrowseEntry = z.infer<typeof BrowseEntry>

/** A browsed folder: the backup job whose view it shows (with the jobs of its cycle it builds on), and its entries. */
export const BrowseResult = z.object({
  subclient: z.string(),
  /** The backup job the view is as of, its type and start time. */
  backupJobId: z.number().int(),
  backupType: z.string(),
  backupTime: z.number(),
  /** The copy read, or null for copy precedence. */
  copyName: z.string().nullable(),
  folder: z.string(),
  /** Folders first, then by name. */
  entries: z.array(BrowseEntry),
})
/** A browsed folder. */
export type BrowseResult = z.infer<typeof BrowseResult>
