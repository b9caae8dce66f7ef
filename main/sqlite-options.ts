import type Database from 'better-sqlite3'

/**
 * Options for every better-sqlite3 open (the catalog, and the MediaAgent's deduplication databases). In a development
 * Electron run the launcher builds an Electron-ABI copy of the native module and names it in COMMCELL_SQLITE_BINDING
 * (node_modules holds the Node-ABI build that tests use); packaged apps and plain Node leave it unset.
 */
export function sqliteOptions(): Database.Options {
  const nativeBinding = process.env['COMMCELL_SQLITE_BINDING']
  return nativeBinding ? { nativeBinding } : {}
}
