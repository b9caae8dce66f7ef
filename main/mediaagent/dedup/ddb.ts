/**
 * A deduplication database (DDB): the index of a deduplicated store, an SQLite file in the DDB folder chosen when the
 * copy was created, opened only by the MediaAgent. It maps each unique block (its SHA-256) to where it lies (a
 * container, an offset, a length) with a reference count, and records the committed recipes of the jobs it holds.
 *
 * What it records always follows what is durable on disk: a container's blocks are indexed only once the container
 * is sealed; a recipe is committed (its blocks' references raised, in one transaction) only once its file is
 * durable. Blocks with no reference are reclaimed only after a mark pass over the committed recipes.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import type { BlockKind, DdbStats } from '../../../app/media/media-protocol'
import { sqliteOptions } from '../../sqlite-options'
import type { ContainerEntry } from './container'
import { type RecipeEntry, recipeEntryBytes, recipeOverhead } from './recipe'

/** Where a block lies, and whether a verification found it bad. */
export interface BlockLocation {
  readonly container: number
  readonly offset: number
  readonly length: number
  readonly bad: boolean
}

/** A sealed container as the index knows it. */
export interface ContainerRow {
  readonly id: number
  readonly mountPathId: number
  readonly bytes: number
  readonly blocks: number
}

const schema = `
  CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS containers (
    id             INTEGER PRIMARY KEY,
    mount_path_id  INTEGER NOT NULL,
    bytes          INTEGER NOT NULL,
    blocks         INTEGER NOT NULL
  );
  CREATE TABLE IF NOT EXISTS blocks (
    hash       BLOB PRIMARY KEY,
    container  INTEGER NOT NULL,
    offset     INTEGER NOT NULL,
    length     INTEGER NOT NULL,
    refs       INTEGER NOT NULL DEFAULT 0,
    bad        INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS blocks_by_container ON blocks (container);
  CREATE TABLE IF NOT EXISTS recipes (
    job_id        INTEGER PRIMARY KEY,
    mount_path_id INTEGER NOT NULL,
    blocks        INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    committed_at  INTEGER NOT NULL
  );
`

/** The file of a DDB inside its folder. */
export const ddbFileName = 'ddb.sqlite'

/** Counts of each block in a recipe (a block may appear many times: runs of zeros, repeated files). */
function countBlocks(entries: readonly RecipeEntry[]): Map<string, { readonly hash: Buffer; count: number }> {
  const counts = new Map<string, { hash: Buffer; count: number }>()
  for (const entry of entries) {
    const key = entry.hash.toString('hex')
    const known = counts.get(key)
    if (known) known.count += 1
    else counts.set(key, { hash: entry.hash, count: 1 })
  }
  return counts
}

/** One DDB, open for the MediaAgent's life. */
export class Ddb {
  private readonly db: Database.Database
  private readonly statements = new Map<string, Database.Statement>()

  private constructor(
    readonly folder: string,
    readonly blocks: BlockKind,
  ) {
    this.db = new Database(join(folder, ddbFileName), sqliteOptions())
    this.db.pragma('journal_mode = WAL')
    // FULL: a committed recipe must survive a power cut as surely as the manifest written after it.
    this.db.pragma('synchronous = FULL')
    this.db.exec(schema)
    const stored = (this.sql('SELECT value FROM settings WHERE key = ?').get('blocks') as { value: string } | undefined)?.value
    if (stored === undefined) this.sql('INSERT INTO settings (key, value) VALUES (?, ?)').run('blocks', blocks)
    else if (stored !== blocks) throw new Error(`the DDB at ${folder} cuts ${stored} blocks, not ${blocks}`)
    // A DDB from before encryption holds plain blocks; a new one learns how its blocks are stored from its first write.
    if (this.sealing() === undefined && this.containers().length > 0) this.setSealing('plain')
  }

  /** How the blocks are stored (`sealingOf` in sealed-blocks.ts), or undefined while nothing was written. */
  sealing(): string | undefined {
    return (this.sql("SELECT value FROM settings WHERE key = 'sealing'").get() as { value: string } | undefined)?.value
  }

  /** Records how the blocks are stored (on the first write, or once the blocks of the other kind are gone). */
  setSealing(value: string): void {
    this.sql("INSERT INTO settings (key, value) VALUES ('sealing', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(value)
  }

  /** Forgets every block and container (their files are removed next), keeping the committed recipes' table as is. */
  clearBlocks(): void {
    this.db.transaction(() => {
      this.sql('DELETE FROM blocks').run()
      this.sql('DELETE FROM containers').run()
    })()
  }

  /** Opens (creating) the DDB in a folder, cutting blocks as given (fixed once, at creation). */
  static open(folder: string, blocks: BlockKind): Ddb {
    return new Ddb(folder, blocks)
  }

  private sql(text: string): Database.Statement {
    let statement = this.statements.get(text)
    if (statement === undefined) {
      statement = this.db.prepare(text)
      this.statements.set(text, statement)
    }
    return statement
  }

  /** Where a block lies, or undefined when the DDB does not hold it. */
  lookup(hash: Buffer): BlockLocation | undefined {
    const row = this.sql('SELECT container, offset, length, bad FROM blocks WHERE hash = ?').get(hash) as
      | { container: number; offset: number; length: number; bad: number }
      | undefined
    return row && { container: row.container, offset: row.offset, length: row.length, bad: row.bad === 1 }
  }

  /**
   * Indexes a sealed container's blocks, in one transaction. A block already held elsewhere keeps its place, unless
   * it was found bad: then this good copy takes its place (which repairs every job using it).
   */
  addContainer(container: { readonly id: number; readonly mountPathId: number; readonly bytes: number; readonly entries: readonly ContainerEntry[] }): void {
    this.db.transaction(() => {
      this.sql('INSERT OR REPLACE INTO containers (id, mount_path_id, bytes, blocks) VALUES (?, ?, ?, ?)').run(
        container.id, container.mountPathId, container.bytes, container.entries.length,
      )
      const insert = this.sql(
        `INSERT INTO blocks (hash, container, offset, length) VALUES (?, ?, ?, ?)
         ON CONFLICT (hash) DO UPDATE SET container = excluded.container, offset = excluded.offset, length = excluded.length, bad = 0
         WHERE blocks.bad = 1`,
      )
      for (const entry of container.entries) insert.run(entry.hash, container.id, entry.offset, entry.length)
    })()
  }

  /** The ids of the sealed containers the index knows. */
  containerIds(): Set<number> {
    return new Set((this.sql('SELECT id FROM containers').all() as { id: number }[]).map((row) => row.id))
  }

  /** Every sealed container, in order. */
  containers(): ContainerRow[] {
    return this.sql('SELECT id, mount_path_id AS mountPathId, bytes, blocks FROM containers ORDER BY id').all() as ContainerRow[]
  }

  /** The mount path holding a container, or undefined when the index does not know it. */
  containerMountPath(id: number): number | undefined {
    return (this.sql('SELECT mount_path_id AS mountPathId FROM containers WHERE id = ?').get(id) as { mountPathId: number } | undefined)?.mountPathId
  }

  /** The next container id (never reusing one, even of a container reclaimed since). */
  nextContainerId(seen: Iterable<number>): number {
    const indexed = (this.sql('SELECT max(id) AS id FROM containers').get() as { id: number | null }).id ?? 0
    const stored = Number((this.sql("SELECT value FROM settings WHERE key = 'lastContainer'").get() as { value: string } | undefined)?.value ?? 0)
    const next = Math.max(indexed, stored, ...seen) + 1
    this.sql("INSERT INTO settings (key, value) VALUES ('lastContainer', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(next))
    return next
  }

  /** Whether a job's recipe is committed, and its figures. */
  recipe(jobId: number): { readonly mountPathId: number; readonly blocks: number; readonly bytes: number } | undefined {
    return this.sql('SELECT mount_path_id AS mountPathId, blocks, bytes FROM recipes WHERE job_id = ?').get(jobId) as
      | { mountPathId: number; blocks: number; bytes: number }
      | undefined
  }

  /**
   * Commits a job's recipe: its blocks' references raised, in one transaction with the recipe's row. A recipe
   * committed before for the same job (`previous`: a job written again) has its references lowered in the same
   * transaction, so a job counts once.
   */
  commitRecipe(jobId: number, mountPathId: number, entries: readonly RecipeEntry[], previous: readonly RecipeEntry[] | null, now: number): void {
    const bump = this.sql('UPDATE blocks SET refs = refs + ? WHERE hash = ?')
    this.db.transaction(() => {
      if (previous !== null && this.recipe(jobId) !== undefined) for (const { hash, count } of countBlocks(previous).values()) bump.run(-count, hash)
      for (const { hash, count } of countBlocks(entries).values()) {
        if (bump.run(count, hash).changes !== 1) throw new Error(`block ${hash.toString('hex')} of job ${jobId} is not in the DDB`)
      }
      const bytes = entries.reduce((sum, entry) => sum + entry.length, 0)
      this.sql(
        `INSERT INTO recipes (job_id, mount_path_id, blocks, bytes, committed_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (job_id) DO UPDATE SET mount_path_id = excluded.mount_path_id, blocks = excluded.blocks, bytes = excluded.bytes,
           committed_at = excluded.committed_at`,
      ).run(jobId, mountPathId, entries.length, bytes, now)
    })()
  }

  /** Drops a job's recipe: its blocks' references lowered and its row removed, in one transaction. */
  dropRecipe(jobId: number, entries: readonly RecipeEntry[]): void {
    const lower = this.sql('UPDATE blocks SET refs = max(0, refs - ?) WHERE hash = ?')
    this.db.transaction(() => {
      if (this.recipe(jobId) === undefined) return
      for (const { hash, count } of countBlocks(entries).values()) lower.run(count, hash)
      this.sql('DELETE FROM recipes WHERE job_id = ?').run(jobId)
    })()
  }

  /** The committed recipes' jobs (for the mark pass before reclaiming). */
  committedJobs(): { readonly jobId: number; readonly mountPathId: number }[] {
    return this.sql('SELECT job_id AS jobId, mount_path_id AS mountPathId FROM recipes ORDER BY job_id').all() as { jobId: number; mountPathId: number }[]
  }

  /** A verification found this block's bytes do not match its hash: lookups treat it as missing from now on. */
  markBad(hash: Buffer): void {
    this.sql('UPDATE blocks SET bad = 1 WHERE hash = ?').run(hash)
  }

  /** The blocks of a container, in their order there. */
  blocksOf(container: number): { readonly hash: Buffer; readonly offset: number; readonly length: number; readonly refs: number; readonly bad: boolean }[] {
    return (this.sql('SELECT hash, offset, length, refs, bad FROM blocks WHERE container = ? ORDER BY offset').all(container) as {
      hash: Buffer
      offset: number
      length: number
      refs: number
      bad: number
    }[]).map((row) => ({ ...row, bad: row.bad === 1 }))
  }

  /** Blocks with no reference left (candidates for reclaim, confirmed by the mark pass). */
  unreferenced(): Buffer[] {
    return (this.sql('SELECT hash FROM blocks WHERE refs <= 0').all() as { hash: Buffer }[]).map((row) => row.hash)
  }

  /** Forgets blocks (reclaimed), in one transaction. */
  forget(hashes: readonly Buffer[]): void {
    const remove = this.sql('DELETE FROM blocks WHERE hash = ?')
    this.db.transaction(() => {
      for (const hash of hashes) remove.run(hash)
    })()
  }

  /**
   * Moves a container's live blocks to a new sealed container (its entries given) and forgets the old one, in one
   * transaction: after it, no block points into the old container, whose file may then go.
   */
  moveContainer(from: number, to: { readonly id: number; readonly mountPathId: number; readonly bytes: number; readonly entries: readonly ContainerEntry[] }): void {
    this.db.transaction(() => {
      this.sql('INSERT INTO containers (id, mount_path_id, bytes, blocks) VALUES (?, ?, ?, ?)').run(to.id, to.mountPathId, to.bytes, to.entries.length)
      const move = this.sql('UPDATE blocks SET container = ?, offset = ?, length = ? WHERE hash = ? AND container = ?')
      for (const entry of to.entries) move.run(to.id, entry.offset, entry.length, entry.hash, from)
      this.sql('DELETE FROM blocks WHERE container = ?').run(from)
      this.sql('DELETE FROM containers WHERE id = ?').run(from)
    })()
  }

  /** Forgets a container none of whose blocks is indexed any more. */
  dropContainer(id: number): void {
    this.db.transaction(() => {
      this.sql('DELETE FROM blocks WHERE container = ?').run(id)
      this.sql('DELETE FROM containers WHERE id = ?').run(id)
    })()
  }

  /** The DDB's figures. */
  stats(): DdbStats {
    const recipes = this.sql('SELECT count(*) AS jobs, coalesce(sum(bytes), 0) AS bytes, coalesce(sum(blocks), 0) AS entries FROM recipes').get() as {
      jobs: number
      bytes: number
      entries: number
    }
    const pages = (this.db.pragma('page_count', { simple: true }) as number) * (this.db.pragma('page_size', { simple: true }) as number)
    const blocks = this.sql(
      'SELECT count(*) AS unique_, coalesce(sum(refs > 0), 0) AS live, coalesce(sum(CASE WHEN refs > 0 THEN length ELSE 0 END), 0) AS liveBytes FROM blocks',
    ).get() as { unique_: number; live: number; liveBytes: number }
    const containers = this.sql('SELECT count(*) AS n, coalesce(sum(bytes), 0) AS bytes FROM containers').get() as { n: number; bytes: number }
    return {
      blocks: this.blocks, jobs: recipes.jobs, applicationBytes: recipes.bytes, uniqueBlocks: blocks.unique_, liveBlocks: blocks.live,
      liveBytes: blocks.liveBytes, containerBytes: containers.bytes, containers: containers.n,
      recipeBytes: recipes.jobs * recipeOverhead + recipes.entries * recipeEntryBytes, indexBytes: pages,
    }
  }

  /** Closes the database. */
  close(): void {
    if (this.db.open) this.db.close()
  }
}
