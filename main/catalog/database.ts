import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { migrations } from './migrations'

/** The catalog connection (the CommServe database). Only `main/catalog/` touches it directly. */
export type CatalogDb = Database.Database

/**
 * Options for every better-sqlite3 open. In a development Electron run the launcher builds an Electron-ABI copy of
 * the native module and names it in COMMCELL_SQLITE_BINDING (node_modules holds the Node-ABI build that tests use);
 * packaged apps and plain Node leave it unset.
 */
export function sqliteOptions(): Database.Options {
  const nativeBinding = process.env['COMMCELL_SQLITE_BINDING']
  return nativeBinding ? { nativeBinding } : {}
}

/** Opens (creating when absent) the catalog file with WAL, foreign keys and all migrations applied. */
export function openCatalogDb(file: string): CatalogDb {
  mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file, sqliteOptions())
  db.pragma('journal_mode = WAL')
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last transactions,
  // never corrupt the file. Job data durability is decided by the engine's own fsyncs, not by this setting.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  migrate(db)
  return db
}

/** Applies every migration newer than the file's `user_version`, each in its own transaction. */
export function migrate(db: CatalogDb): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > migrations.length) {
    throw new Error(
      `The catalog was written by a newer version of the console (schema ${current}, this one knows ${migrations.length}).`,
    )
  }
  for (let version = current + 1; version <= migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version - 1]!)
      db.pragma(`user_version = ${version}`)
    })()
  }
}
