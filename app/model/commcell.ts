import { z } from 'zod'

/** How this CommCell came to be: a new install, or upgraded from a previous version (changes schedule rules). */
export const InstallKind = z.enum(['new', 'upgraded'])
/** How this CommCell came to be. */
export type InstallKind = z.infer<typeof InstallKind>

/** What the status bar and title show about the CommCell this console is connected to. */
export const CommCellInfo = z.object({
  name: z.string(),
  commServe: z.string(),
  installKind: InstallKind,
  version: z.string(),
  /** The folder holding the catalog and the libraries' mount paths. */
  dataDir: z.string(),
  /** Which host serves this console. */
  host: z.enum(['electron', 'browser']),
  /** The CommServe clock moves only by `test:advanceClock` (a console started for tests). */
  testClock: z.boolean(),
  /** The CommServe's time now (epoch ms). */
  now: z.number().int(),
})
/** What the status bar and title show about the CommCell. */
export type CommCellInfo = z.infer<typeof CommCellInfo>
