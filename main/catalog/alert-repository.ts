import type { Statement } from 'better-sqlite3'
import type { AlertKind, AlertRecord, FallenBehindAlert } from '../../app/model/alerts'
import { nodeId } from '../../app/model/tree'
import { statementCache, type CatalogDb } from './database'

const fallenBehind: AlertKind = 'Auxiliary Copy Fallen Behind'

/** An open alert of a copy, with the storage policy it belongs to (for the tree's policy node). */
export interface OpenAlert {
  readonly id: number
  readonly copyId: number
  readonly storagePolicyId: number
  readonly copy: string
  readonly reason: string
}

interface AlertRow extends Omit<AlertRecord, 'nodeId'> {
  readonly storagePolicyId: number
}

const alertSelect = `
  SELECT a.id, a.kind, a.copy_id AS copyId, c.storage_policy_id AS storagePolicyId, p.name AS storagePolicy,
         c.name AS copy, a.reason, a.raised_at AS raisedAt, a.cleared_at AS clearedAt
  FROM alerts a JOIN copies c ON c.id = a.copy_id JOIN storage_policies p ON p.id = c.storage_policy_id`

function toRecord({ storagePolicyId: _policy, ...row }: AlertRow): AlertRecord {
  return { ...row, nodeId: nodeId('copy', row.copyId) }
}

/** The copies' fallen-behind alert settings (columns of `copies`) and the alerts raised on them. */
export class AlertRepository {
  private readonly sql: (sql: string) => Statement

  constructor(db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** A copy's Auxiliary Copy Fallen Behind Alert settings (off for a copy that does not exist). */
  settings(copyId: number): FallenBehindAlert {
    const row = this
      .sql('SELECT alert_enabled AS enabled, alert_days AS daysOld, alert_tb AS toBeCopiedTB FROM copies WHERE id = ?')
      .get(copyId) as { enabled: number; daysOld: number | null; toBeCopiedTB: number | null } | undefined
    return row === undefined ? { enabled: false, daysOld: null, toBeCopiedTB: null } : { ...row, enabled: row.enabled === 1 }
  }

  /** Writes a copy's alert settings. */
  setSettings(copyId: number, alert: FallenBehindAlert): void {
    this
      .sql('UPDATE copies SET alert_enabled = ?, alert_days = ?, alert_tb = ? WHERE id = ?')
      .run(alert.enabled ? 1 : 0, alert.daysOld, alert.toBeCopiedTB, copyId)
  }

  /** Secondary copies with the alert enabled, of one storage policy or of all. */
  watchedCopyIds(storagePolicyId: number | null = null): number[] {
    const rows = this
      .sql(
        `SELECT id FROM copies WHERE alert_enabled = 1 AND source_copy_id IS NOT NULL
           AND (:policy IS NULL OR storage_policy_id = :policy) ORDER BY id`,
      )
      .all({ policy: storagePolicyId }) as { id: number }[]
    return rows.map((row) => row.id)
  }

  /** Every open alert (the tree's warning icons), by copy. */
  openAlerts(): OpenAlert[] {
    return this
      .sql(
        `SELECT a.id, a.copy_id AS copyId, c.storage_policy_id AS storagePolicyId, c.name AS copy, a.reason
         FROM alerts a JOIN copies c ON c.id = a.copy_id WHERE a.cleared_at IS NULL ORDER BY c.storage_policy_id, c.precedence`,
      )
      .all() as OpenAlert[]
  }

  /** The open fallen-behind alert of a copy, or undefined. */
  openOf(copyId: number): AlertRecord | undefined {
    const row = this.sql(`${alertSelect} WHERE a.copy_id = ? AND a.kind = ? AND a.cleared_at IS NULL`).get(copyId, fallenBehind) as AlertRow | undefined
    return row && toRecord(row)
  }

  /** One alert, or undefined. */
  alert(id: number): AlertRecord | undefined {
    const row = this.sql(`${alertSelect} WHERE a.id = ?`).get(id) as AlertRow | undefined
    return row && toRecord(row)
  }

  /** Raises a fallen-behind alert on a copy (it has none open: the unique index refuses a second); returns its id. */
  raise(copyId: number, reason: string, now: number): number {
    const info = this.sql('INSERT INTO alerts (kind, copy_id, reason, raised_at) VALUES (?, ?, ?, ?)').run(fallenBehind, copyId, reason, now)
    return Number(info.lastInsertRowid)
  }

  /** Clears an open alert. */
  clear(id: number, now: number): void {
    this.sql('UPDATE alerts SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL').run(now, id)
  }

  /** Open alerts and those cleared at or after `clearedSince`, newest raised first, `limit` of them after `offset`. */
  list(clearedSince: number, limit: number, offset = 0): AlertRecord[] {
    return (
      this
        .sql(`${alertSelect} WHERE a.cleared_at IS NULL OR a.cleared_at >= ? ORDER BY a.raised_at DESC, a.id DESC LIMIT ? OFFSET ?`)
        .all(clearedSince, limit, offset) as AlertRow[]
    ).map(toRecord)
  }
}
