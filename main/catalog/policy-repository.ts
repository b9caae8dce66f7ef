import type { CopyType, PolicyCopy, SelectiveFrequency, SelectivePick, StoragePolicy, WeekDay } from '../../app/model/entities'
import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

interface CopyRow extends Omit<PolicyCopy, 'active' | 'dedup' | 'agingEnabled' | 'selective'> {
  active: number
  dedup: number
  agingEnabled: number
  selectiveFrequency: SelectiveFrequency | null
  selectivePick: SelectivePick
  selectiveWeekStart: WeekDay
}

const copySelect = `
  SELECT id, storage_policy_id AS storagePolicyId, name, copy_type AS copyType, active, precedence,
         library_id AS libraryId, media_agent_id AS mediaAgentId, drive_pool_id AS drivePoolId,
         scratch_pool_id AS scratchPoolId, dedup, ddb_media_agent_id AS ddbMediaAgentId, ddb_path AS ddbPath, dedup_blocks AS dedupBlocks,
         source_copy_id AS sourceCopyId, backups_on_after AS backupsOnAfter, aging_enabled AS agingEnabled,
         retention_days AS retentionDays, retention_cycles AS retentionCycles,
         selective_frequency AS selectiveFrequency, selective_pick AS selectivePick, selective_week_start AS selectiveWeekStart,
         defer_days AS deferDays, encryption
  FROM copies`

function toCopy(row: CopyRow): PolicyCopy {
  const { selectiveFrequency, selectivePick, selectiveWeekStart, ...copy } = row
  return {
    ...copy,
    active: row.active === 1,
    dedup: row.dedup === 1,
    agingEnabled: row.agingEnabled === 1,
    selective:
      row.copyType === 'selective'
        ? { frequency: selectiveFrequency ?? 'All Fulls', pick: selectivePick, weekStart: selectiveWeekStart }
        : null,
  }
}

/** The selective rule's columns of a copy: the rule of a selective copy, NULL frequency (and defaults) otherwise. */
function selectiveColumns(copy: Pick<PolicyCopy, 'selective'>): [SelectiveFrequency | null, SelectivePick, WeekDay] {
  return copy.selective === null ? [null, 'first', 'Friday'] : [copy.selective.frequency, copy.selective.pick, copy.selective.weekStart]
}

const policySelect = 'SELECT id, name, type, device_streams AS deviceStreams FROM storage_policies'

/** What a new copy row needs; the id is assigned by the catalog. */
export type NewCopy = Omit<PolicyCopy, 'id'>

/** Storage policies and their copies. */
export class PolicyRepository {
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Every storage policy, by name. */
  policies(): StoragePolicy[] {
    return this.sql(`${policySelect} ORDER BY name`).all() as StoragePolicy[]
  }

  /** One storage policy, or undefined. */
  policy(id: number): StoragePolicy | undefined {
    return this.sql(`${policySelect} WHERE id = ?`).get(id) as StoragePolicy | undefined
  }

  /** Adds a storage policy (its primary copy is added separately, in the same transaction). */
  addPolicy(input: Omit<StoragePolicy, 'id'>, now: number): StoragePolicy {
    const info = this
      .sql('INSERT INTO storage_policies (name, type, device_streams, created_at) VALUES (?, ?, ?, ?)')
      .run(input.name, input.type, input.deviceStreams, now)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** A policy's copies in copy precedence order (all copies when no policy is given). */
  copies(storagePolicyId?: number): PolicyCopy[] {
    const sql = `${copySelect} ${storagePolicyId === undefined ? '' : 'WHERE storage_policy_id = ?'}
                 ORDER BY storage_policy_id, precedence`
    const statement = this.sql(sql)
    const rows = (storagePolicyId === undefined ? statement.all() : statement.all(storagePolicyId)) as CopyRow[]
    return rows.map(toCopy)
  }

  /** One copy, or undefined. */
  copy(id: number): PolicyCopy | undefined {
    const row = this.sql(`${copySelect} WHERE id = ?`).get(id) as CopyRow | undefined
    return row && toCopy(row)
  }

  /** Number of copies per policy, for lists. */
  copyCounts(): Map<number, number> {
    const rows = this
      .sql('SELECT storage_policy_id AS policyId, count(*) AS n FROM copies GROUP BY storage_policy_id')
      .all() as { policyId: number; n: number }[]
    return new Map(rows.map((row) => [row.policyId, row.n]))
  }

  /** Every storage policy with its copy count and primary library, for the Storage Policies list. */
  summaries(): PolicySummary[] {
    return policySummaries(this.db)
  }

  /** The next copy precedence of a policy (copies are numbered in the order they were made). */
  nextPrecedence(storagePolicyId: number): number {
    const row = this
      .sql('SELECT coalesce(max(precedence), 0) + 1 AS next FROM copies WHERE storage_policy_id = ?')
      .get(storagePolicyId) as { next: number }
    return row.next
  }

  /** Copies whose DDB lives at a path (a DDB belongs to one copy). */
  copiesWithDdbPath(path: string): PolicyCopy[] {
    return (this.sql(`${copySelect} WHERE ddb_path = ?`).all(path) as CopyRow[]).map(toCopy)
  }

  /** Copies that take their data from a copy. */
  copiesSourcedFrom(copyId: number): PolicyCopy[] {
    return (this.sql(`${copySelect} WHERE source_copy_id = ?`).all(copyId) as CopyRow[]).map(toCopy)
  }

  /** Writes the editable settings of a copy. */
  updateCopy(copy: PolicyCopy): void {
    this
      .sql(
        `UPDATE copies SET name = ?, active = ?, library_id = ?, media_agent_id = ?, drive_pool_id = ?,
           scratch_pool_id = ?, backups_on_after = ?, aging_enabled = ?, retention_days = ?, retention_cycles = ?,
           copy_type = ?, selective_frequency = ?, selective_pick = ?, selective_week_start = ?, defer_days = ?
         WHERE id = ?`,
      )
      .run(
        copy.name,
        copy.active ? 1 : 0,
        copy.libraryId,
        copy.mediaAgentId,
        copy.drivePoolId,
        copy.scratchPoolId,
        copy.backupsOnAfter,
        copy.agingEnabled ? 1 : 0,
        copy.retentionDays,
        copy.retentionCycles,
        copy.copyType satisfies CopyType,
        ...selectiveColumns(copy),
        copy.deferDays,
        copy.id,
      )
  }

  /** Writes a storage policy's Device Streams. */
  setDeviceStreams(storagePolicyId: number, deviceStreams: number): void {
    this.sql('UPDATE storage_policies SET device_streams = ? WHERE id = ?').run(deviceStreams, storagePolicyId)
  }

  /**
   * Gives a policy's copies the precedences 1, 2, ... in the order given (every copy of the policy, each once). Run
   * inside a transaction: UNIQUE (storage_policy_id, precedence) is checked row by row, so the copies first move past
   * the highest precedence in use, then take their new numbers.
   */
  setCopyOrder(storagePolicyId: number, copyIds: readonly number[]): void {
    this
      .sql(
        `UPDATE copies SET precedence = precedence + (SELECT max(precedence) FROM copies WHERE storage_policy_id = :policy)
         WHERE storage_policy_id = :policy`,
      )
      .run({ policy: storagePolicyId })
    const set = this.sql('UPDATE copies SET precedence = ? WHERE id = ? AND storage_policy_id = ?')
    copyIds.forEach((id, index) => set.run(index + 1, id, storagePolicyId))
  }

  /**
   * Promote to Primary, inside a transaction: the former primary becomes a synchronous copy whose source is the
   * promoted copy, the copies that took their data from the former primary take it from the promoted copy, and the
   * promoted copy becomes the primary (no source, All Backups). The order of the statements keeps both the CHECK
   * (primary = no source) and the one-primary-per-policy index true after each row.
   */
  promote(copyId: number, formerPrimaryId: number): void {
    this.sql("UPDATE copies SET copy_type = 'synchronous', source_copy_id = :promoted WHERE id = :former").run({ promoted: copyId, former: formerPrimaryId })
    this
      .sql('UPDATE copies SET source_copy_id = :promoted WHERE source_copy_id = :former AND id NOT IN (:promoted, :former)')
      .run({ promoted: copyId, former: formerPrimaryId })
    this.sql("UPDATE copies SET copy_type = 'primary', source_copy_id = NULL, backups_on_after = NULL WHERE id = ?").run(copyId)
  }

  /** How many jobs have been copied to a copy (Partially Copied, Available, Bad or Aged there): index look-ups. */
  copiedJobs(copyId: number): number {
    const row = this
      .sql("SELECT count(*) AS n FROM job_copies WHERE copy_id = ? AND status IN ('Partially Copied', 'Available', 'Bad', 'Aged')")
      .get(copyId) as { n: number }
    return row.n
  }

  /** Deletes a copy; its job states and schedule associations go with it (foreign keys cascade). */
  deleteCopy(copyId: number): void {
    this.sql('DELETE FROM copies WHERE id = ?').run(copyId)
  }

  /** A copy's key as the catalog holds it: sealed (see `KeyRing`); null for a copy without encryption. */
  sealedKey(copyId: number): string | null {
    const row = this.sql('SELECT sealed_key AS sealedKey FROM copies WHERE id = ?').get(copyId) as { sealedKey: string | null } | undefined
    return row?.sealedKey ?? null
  }

  /** Sets or clears a copy's encryption with its sealed key (both or neither). */
  setEncryption(copyId: number, encryption: PolicyCopy['encryption'], sealedKey: string | null): void {
    this.sql('UPDATE copies SET encryption = ?, sealed_key = ? WHERE id = ?').run(encryption, sealedKey, copyId)
  }

  /** Adds a copy row as given, without encryption (`setEncryption` gives it its sealed key). */
  addCopy(copy: NewCopy, now: number): PolicyCopy {
    const info = this
      .sql(
        `INSERT INTO copies (storage_policy_id, name, copy_type, active, precedence, library_id, media_agent_id,
           drive_pool_id, scratch_pool_id, dedup, ddb_media_agent_id, ddb_path, dedup_blocks, source_copy_id, backups_on_after,
           aging_enabled, retention_days, retention_cycles, selective_frequency, selective_pick, selective_week_start,
           defer_days, encryption, sealed_key, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        copy.storagePolicyId,
        copy.name,
        copy.copyType satisfies CopyType,
        copy.active ? 1 : 0,
        copy.precedence,
        copy.libraryId,
        copy.mediaAgentId,
        copy.drivePoolId,
        copy.scratchPoolId,
        copy.dedup ? 1 : 0,
        copy.ddbMediaAgentId,
        copy.ddbPath,
        copy.dedupBlocks,
        copy.sourceCopyId,
        copy.backupsOnAfter,
        copy.agingEnabled ? 1 : 0,
        copy.retentionDays,
        copy.retentionCycles,
        ...selectiveColumns(copy),
        copy.deferDays,
        null,
        null,
        now,
      )
    return { id: Number(info.lastInsertRowid), ...copy, encryption: null }
  }
}

/** A storage policy as the Storage Policies list shows it. */
export interface PolicySummary {
  readonly id: number
  readonly name: string
  readonly type: string
  readonly deviceStreams: number
  readonly copies: number
  readonly primaryLibrary: string | null
  readonly primaryMediaAgent: string | null
}

/** Reads the Storage Policies list in one query (it must stay fast with thousands of policies). */
export function policySummaries(db: CatalogDb): PolicySummary[] {
  return db
    .prepare(
      `SELECT p.id, p.name, p.type, p.device_streams AS deviceStreams,
              (SELECT count(*) FROM copies c WHERE c.storage_policy_id = p.id) AS copies,
              l.name AS primaryLibrary, m.name AS primaryMediaAgent
       FROM storage_policies p
       LEFT JOIN copies pc ON pc.storage_policy_id = p.id AND pc.copy_type = 'primary'
       LEFT JOIN libraries l ON l.id = pc.library_id
       LEFT JOIN media_agents m ON m.id = pc.media_agent_id
       ORDER BY p.name`,
    )
    .all() as PolicySummary[]
}
