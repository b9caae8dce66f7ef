import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { sqliteOptions } from '../sqlite-options'
import { migrations } from './migrations'

/** The catalog connection (the CommServe database). Only `main/catalog/` touches it directly. */
export type CatalogDb = Database.Database

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
    const migration = migrations[version - 1]!
    if (typeof migration === 'object') {
      rebuild(db, migration.rebuild, version)
      continue
    }
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration)
      else migration(db)
      db.pragma(`user_version = ${version}`)
    })()
  }
}

/** A table rebuild: foreign keys off around it (they cannot change inside a transaction), every one checked before commit. */
function rebuild(db: CatalogDb, sql: string, version: number): void {
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1
  db.pragma('foreign_keys = OFF')
  try {
    db.transaction(() => {
      db.exec(sql)
      const broken = db.pragma('foreign_key_check') as unknown[]
      if (broken.length > 0) throw new Error(`Catalog migration ${version} would break ${broken.length} references; nothing was changed.`)
      db.pragma(`user_version = ${version}`)
    })()
  } finally {
    if (enforced) db.pragma('foreign_keys = ON')
  }
}

/**
 * A repository's statements, each prepared once per connection on first use: preparing parses and plans the SQL,
 * which costs more than running most of these statements.
 */
export function statementCache(db: CatalogDb): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>()
  let known = preparedSql.get(db)
  if (known === undefined) {
    known = new Set()
    preparedSql.set(db, known)
  }
  const all = known
  return (sql) => {
    let statement = cache.get(sql)
    if (statement === undefined) {
      statement = db.prepare(sql)
      cache.set(sql, statement)
      all.add(sql)
    }
    return statement
  }
}

/** The SQL of every statement the repositories have prepared on a connection (for query-plan checks). */
const preparedSql = new WeakMap<CatalogDb, Set<string>>()

/** How SQLite plans each statement prepared so far on a connection: one line of `EXPLAIN QUERY PLAN` per step. */
export function queryPlans(db: CatalogDb): { readonly sql: string; readonly plan: readonly string[] }[] {
  return [...(preparedSql.get(db) ?? [])].map((sql) => {
    // Parameters planned as unknown values: named ones by name, the others by position.
    const names = [...new Set([...sql.matchAll(/[:@$]([A-Za-z_]\w*)/g)].map((match) => match[1]!))]
    const positional = (sql.match(/\?/g) ?? []).length
    const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    const rows = names.length > 0 ? explain.all(Object.fromEntries(names.map((name) => [name, null]))) : explain.all(...Array<null>(positional).fill(null))
    return { sql, plan: (rows as { detail: string }[]).map((row) => row.detail) }
  })
}
