import type { Statement } from 'better-sqlite3'
import { splitStoredPath, type BrowseEntry } from '../../app/model/browse'
import { statementCache, type CatalogDb } from './database'

/** One row of a job's browse index: a file, link or folder of the content as of that job. */
export interface IndexRow {
  readonly folder: string
  readonly name: string
  readonly kind: BrowseEntry['kind']
  readonly size: number
  readonly mtimeMs: number | null
}

/**
 * The browse index (Browse and Restore): per backup job, every file, link and folder of its subclient's content as
 * of that job, keyed by folder. Written once per job, in one transaction (a job is indexed whole or not at all).
 */
export class BrowseIndexRepository {
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Whether a job's index has been written. */
  isIndexed(jobId: number): boolean {
    return this.sql('SELECT 1 FROM browse_indexed_jobs WHERE job_id = ?').get(jobId) !== undefined
  }

  /**
   * Writes a job's index: its own rows, and the paths it found unchanged copied from `base`'s index (the job it
   * builds on, indexed first). Returns how many paths `base` did not list (none for a sound chain).
   */
  write(jobId: number, rows: Iterable<IndexRow>, unchanged: { readonly baseJobId: number; readonly paths: Iterable<readonly [string, string]> } | null): number {
    const insert = this.sql('INSERT OR REPLACE INTO browse_index (job_id, folder, name, kind, size, mtime_ms) VALUES (?, ?, ?, ?, ?, ?)')
    const copy = this.sql(
      `INSERT OR REPLACE INTO browse_index (job_id, folder, name, kind, size, mtime_ms)
       SELECT ?, folder, name, kind, size, mtime_ms FROM browse_index WHERE job_id = ? AND folder = ? AND name = ?`,
    )
    return this.db.transaction(() => {
      let entries = 0
      let notInBase = 0
      for (const row of rows) {
        insert.run(jobId, row.folder, row.name, row.kind, row.size, row.mtimeMs)
        entries += 1
      }
      if (unchanged !== null) {
        for (const [folder, name] of unchanged.paths) {
          if (copy.run(jobId, unchanged.baseJobId, folder, name).changes === 0) notInBase += 1
          else entries += 1
        }
      }
      this.sql('INSERT OR REPLACE INTO browse_indexed_jobs (job_id, entries) VALUES (?, ?)').run(jobId, entries)
      return notInBase
    })()
  }

  /** A folder of a job's index: folders first, then by name (one range of the primary key). */
  list(jobId: number, folder: string): IndexRow[] {
    const rows = this.sql('SELECT folder, name, kind, size, mtime_ms AS mtimeMs FROM browse_index WHERE job_id = ? AND folder = ?').all(jobId, folder) as IndexRow[]
    return rows.sort((a, b) => Number(b.kind === 'folder') - Number(a.kind === 'folder') || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  }

  /** Whether a job's index holds a folder (the root always exists). */
  hasFolder(jobId: number, path: string): boolean {
    if (path === '') return true
    const [folder, name] = splitStoredPath(path)
    return this.sql("SELECT 1 FROM browse_index WHERE job_id = ? AND folder = ? AND name = ? AND kind = 'folder'").get(jobId, folder, name) !== undefined
  }

  /** Drops the indexes of jobs no copy holds any more (aged, deleted or never written); returns how many went. */
  dropUnheld(): number {
    const gone = this.sql(
      `SELECT i.job_id AS jobId FROM browse_indexed_jobs i
       WHERE NOT EXISTS (SELECT 1 FROM job_copies jc WHERE jc.job_id = i.job_id AND jc.status IN ('Available', 'To Be Copied', 'Partially Copied', 'Bad'))`,
    ).all() as { jobId: number }[]
    const dropRows = this.sql('DELETE FROM browse_index WHERE job_id = ?')
    const dropJob = this.sql('DELETE FROM browse_indexed_jobs WHERE job_id = ?')
    this.db.transaction(() => {
      for (const { jobId } of gone) {
        dropRows.run(jobId)
        dropJob.run(jobId)
      }
    })()
    return gone.length
  }
}
