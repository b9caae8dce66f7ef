/**
 * A data folder copied or moved elsewhere: the catalog records the folder it was last opened in, and the paths it
 * keeps under that folder (mount paths, subclient content, DDBs) follow the folder to where it is opened now. Without
 * this, a copy of a data folder would back up into, copy into and prune the libraries of the folder it came from.
 */
import { isAbsolute, join, relative, sep } from 'node:path'
import type { CatalogDb } from './database'

/** What moving the catalog's data folder changed. */
export interface Relocation {
  readonly from: string
  readonly to: string
  readonly mountPaths: number
  readonly contentFolders: number
  readonly ddbPaths: number
}

/** `path` under `to` where it was under `from` (or was `from` itself); undefined when it lies elsewhere. Pure. */
export function relocatedPath(path: string, from: string, to: string): string | undefined {
  const rest = relative(from, path)
  if (rest === '') return to
  if (rest === '..' || rest.startsWith(`..${sep}`) || isAbsolute(rest)) return undefined
  return join(to, rest)
}

/**
 * Records `dataDir` (absolute) as the catalog's data folder; when the catalog was last opened in another folder, moves
 * every stored path under that folder to the same place under `dataDir`, in one transaction. Paths outside the old
 * folder (libraries on other disks) stay as they are. Returns what moved, or undefined when nothing had to.
 */
export function relocateDataDir(db: CatalogDb, dataDir: string): Relocation | undefined {
  return db.transaction((): Relocation | undefined => {
    const row = db.prepare('SELECT data_dir AS dataDir FROM commcell').get() as { dataDir: string | null } | undefined
    if (row === undefined || row.dataDir === dataDir) return undefined
    db.prepare('UPDATE commcell SET data_dir = ?').run(dataDir)
    // A catalog from before the data folder was recorded: it was written where it is now.
    if (row.dataDir === null) return undefined
    const from = row.dataDir
    const move = (path: string) => relocatedPath(path, from, dataDir)

    /** Moves one path column of a table, row by row; returns how many rows moved. */
    const movePaths = (table: string, column: string): number => {
      const update = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`)
      let moved = 0
      for (const { id, path } of db.prepare(`SELECT id, ${column} AS path FROM ${table} WHERE ${column} IS NOT NULL`).all() as { id: number; path: string }[]) {
        const next = move(path)
        if (next === undefined) continue
        update.run(next, id)
        moved++
      }
      return moved
    }
    const mountPaths = movePaths('mount_paths', 'path')
    const ddbPaths = movePaths('copies', 'ddb_path')
    let contentFolders = 0
    const setContent = db.prepare('UPDATE subclients SET content = ? WHERE id = ?')
    for (const { id, content } of db.prepare('SELECT id, content FROM subclients').all() as { id: number; content: string }[]) {
      const folders = JSON.parse(content) as string[]
      const moved = folders.map((folder) => move(folder) ?? folder)
      const count = moved.filter((folder, index) => folder !== folders[index]).length
      if (count === 0) continue
      setContent.run(JSON.stringify(moved), id)
      contentFolders += count
    }
    return { from, to: dataDir, mountPaths, contentFolders, ddbPaths }
  })()
}
