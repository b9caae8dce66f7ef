import type { SchedulePolicy } from '../../app/model/entities'
import type { BackupAssociationLevel } from '../../app/model/schedule'
import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

/** A schedule of a schedule policy or of a storage policy, with its pattern and options as stored. */
export interface ScheduleRow {
  readonly id: number
  readonly schedulePolicyId: number | null
  readonly storagePolicyId: number | null
  readonly name: string
  readonly pattern: unknown
  readonly options: unknown
  readonly allCopies: boolean
}

/** One association of a schedule policy (or storage-policy schedule) with a storage policy or one copy. */
export interface Association {
  readonly id: number
  readonly schedulePolicyId: number | null
  readonly scheduleId: number | null
  readonly storagePolicyId: number | null
  readonly copyId: number | null
}

/** One association of a Data Protection schedule policy, with the name of what it covers (`localhost / File System`). */
export interface BackupAssociation {
  readonly id: number
  readonly level: BackupAssociationLevel
  readonly entityId: number
  readonly name: string
}

/** A Data Protection schedule covering a subclient, and the level of the association that covers it. */
export interface CoveringSchedule {
  readonly schedulePolicyId: number
  readonly schedulePolicy: string
  readonly scheduleId: number
  readonly schedule: string
  readonly pattern: unknown
  readonly options: unknown
  readonly level: BackupAssociationLevel
}

/** The level of a `backup_associations` row, and the id of what it names. */
const levelColumns = `CASE WHEN b.client_id IS NOT NULL THEN 'client' WHEN b.agent_id IS NOT NULL THEN 'agent' ELSE 'subclient' END AS level,
  coalesce(b.client_id, b.agent_id, b.subclient_id) AS entityId`

/** Schedule policies, schedules and their associations. */
export class ScheduleRepository {
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Every schedule policy, by name. */
  schedulePolicies(): SchedulePolicy[] {
    const rows = this
      .sql(
        `SELECT id, name, policy_type AS policyType, description, system_created AS systemCreated
         FROM schedule_policies ORDER BY name`,
      )
      .all() as (Omit<SchedulePolicy, 'systemCreated'> & { systemCreated: number })[]
    return rows.map((row) => ({ ...row, systemCreated: row.systemCreated === 1 }))
  }

  /** One schedule policy, or undefined. */
  schedulePolicy(id: number): SchedulePolicy | undefined {
    return this.schedulePolicies().find((policy) => policy.id === id)
  }

  /** Adds a schedule policy. */
  addSchedulePolicy(input: Omit<SchedulePolicy, 'id'>): SchedulePolicy {
    const info = this
      .sql('INSERT INTO schedule_policies (name, policy_type, description, system_created) VALUES (?, ?, ?, ?)')
      .run(input.name, input.policyType, input.description, input.systemCreated ? 1 : 0)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** The schedules of a schedule policy. */
  schedulesOfPolicy(schedulePolicyId: number): ScheduleRow[] {
    return this.scheduleRows('schedule_policy_id = ?', schedulePolicyId)
  }

  /** The schedules that belong to a storage policy. */
  schedulesOfStoragePolicy(storagePolicyId: number): ScheduleRow[] {
    return this.scheduleRows('storage_policy_id = ?', storagePolicyId)
  }

  private scheduleRows(where: string, id: number): ScheduleRow[] {
    const rows = this
      .sql(
        `SELECT id, schedule_policy_id AS schedulePolicyId, storage_policy_id AS storagePolicyId, name, pattern,
                options, all_copies AS allCopies FROM schedules WHERE ${where} ORDER BY id`,
      )
      .all(id) as (Omit<ScheduleRow, 'allCopies'> & { allCopies: number; pattern: string; options: string })[]
    return rows.map((row) => ({
      ...row,
      pattern: JSON.parse(row.pattern) as unknown,
      options: JSON.parse(row.options) as unknown,
      allCopies: row.allCopies === 1,
    }))
  }

  /** Adds a schedule to a schedule policy or a storage policy. */
  addSchedule(input: Omit<ScheduleRow, 'id'>): ScheduleRow {
    const info = this
      .sql(
        `INSERT INTO schedules (schedule_policy_id, storage_policy_id, name, pattern, options, all_copies)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.schedulePolicyId,
        input.storagePolicyId,
        input.name,
        JSON.stringify(input.pattern),
        JSON.stringify(input.options),
        input.allCopies ? 1 : 0,
      )
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** A schedule policy's associations. */
  associationsOfPolicy(schedulePolicyId: number): Association[] {
    return this
      .sql(
        `SELECT id, schedule_policy_id AS schedulePolicyId, schedule_id AS scheduleId,
                storage_policy_id AS storagePolicyId, copy_id AS copyId
         FROM schedule_associations WHERE schedule_policy_id = ? ORDER BY id`,
      )
      .all(schedulePolicyId) as Association[]
  }

  /** Associates a schedule policy or a storage-policy schedule with a storage policy or a copy. */
  addAssociation(input: Omit<Association, 'id'>): Association {
    const info = this
      .sql(
        `INSERT INTO schedule_associations (schedule_policy_id, schedule_id, storage_policy_id, copy_id)
         VALUES (?, ?, ?, ?)`,
      )
      .run(input.schedulePolicyId, input.scheduleId, input.storagePolicyId, input.copyId)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** Names of the schedule policies and storage-policy schedules a copy is associated with (directly or through its policy). */
  scheduleNamesOfCopy(copyId: number, storagePolicyId: number): string[] {
    const rows = this
      .sql(
        `SELECT coalesce(sp.name, s.name) AS name FROM schedule_associations a
         LEFT JOIN schedule_policies sp ON sp.id = a.schedule_policy_id
         LEFT JOIN schedules s ON s.id = a.schedule_id
         WHERE a.copy_id = ? OR a.storage_policy_id = ?
         UNION
         SELECT s.name FROM schedules s WHERE s.storage_policy_id = ? AND s.all_copies = 1
         ORDER BY name`,
      )
      .all(copyId, storagePolicyId, storagePolicyId) as { name: string }[]
    return rows.map((row) => row.name)
  }

  /** Names of the schedule policies and storage-policy schedules associated with one copy itself (not through its policy). */
  copyAssociationNames(copyId: number): string[] {
    const rows = this
      .sql(
        `SELECT DISTINCT coalesce(sp.name, s.name) AS name FROM schedule_associations a
         LEFT JOIN schedule_policies sp ON sp.id = a.schedule_policy_id
         LEFT JOIN schedules s ON s.id = a.schedule_id
         WHERE a.copy_id = ? ORDER BY name`,
      )
      .all(copyId) as { name: string }[]
    return rows.map((row) => row.name)
  }

  /**
   * Moves a copy's own associations to another copy (Promote to Primary: the former primary now receives the
   * auxiliary copies the promoted copy received). An association the other copy already has is not doubled.
   */
  moveCopyAssociations(fromCopyId: number, toCopyId: number): void {
    this
      .sql(
        `UPDATE schedule_associations SET copy_id = :to WHERE copy_id = :from AND NOT EXISTS (
           SELECT 1 FROM schedule_associations o WHERE o.copy_id = :to
             AND o.schedule_policy_id IS schedule_associations.schedule_policy_id AND o.schedule_id IS schedule_associations.schedule_id)`,
      )
      .run({ from: fromCopyId, to: toCopyId })
    this.sql('DELETE FROM schedule_associations WHERE copy_id = ?').run(fromCopyId)
  }

  /** The system-created auxiliary copy schedule policy (System Created Autocopy schedule), when this CommCell has it. */
  systemSchedulePolicy(): SchedulePolicy | undefined {
    return this.schedulePolicies().find((policy) => policy.systemCreated && policy.policyType === 'Auxiliary Copy')
  }

  /** The System Created Data Aging schedule policy, when this CommCell has it. */
  dataAgingPolicy(): SchedulePolicy | undefined {
    return this.schedulePolicies().find((policy) => policy.systemCreated && policy.policyType === 'Data Aging')
  }

  /** Every schedule, of schedule policies and of storage policies. */
  allSchedules(): ScheduleRow[] {
    const rows = this
      .sql(
        `SELECT id, schedule_policy_id AS schedulePolicyId, storage_policy_id AS storagePolicyId, name, pattern,
                options, all_copies AS allCopies FROM schedules ORDER BY id`,
      )
      .all() as (Omit<ScheduleRow, 'allCopies'> & { allCopies: number; pattern: string; options: string })[]
    return rows.map((row) => ({ ...row, pattern: JSON.parse(row.pattern) as unknown, options: JSON.parse(row.options) as unknown, allCopies: row.allCopies === 1 }))
  }

  /** The associations of one storage-policy schedule. */
  associationsOfSchedule(scheduleId: number): Association[] {
    return this
      .sql(
        `SELECT id, schedule_policy_id AS schedulePolicyId, schedule_id AS scheduleId,
                storage_policy_id AS storagePolicyId, copy_id AS copyId
         FROM schedule_associations WHERE schedule_id = ? ORDER BY id`,
      )
      .all(scheduleId) as Association[]
  }

  /** A Data Protection schedule policy's associations, named by client, agent and subclient. */
  backupAssociationsOfPolicy(schedulePolicyId: number): BackupAssociation[] {
    return this
      .sql(
        `SELECT b.id, ${levelColumns},
                CASE WHEN b.client_id IS NOT NULL THEN c1.name
                     WHEN b.agent_id IS NOT NULL THEN c2.name || ' / ' || a2.name
                     ELSE c3.name || ' / ' || a3.name || ' / ' || s3.name END AS name
         FROM backup_associations b
         LEFT JOIN clients c1 ON c1.id = b.client_id
         LEFT JOIN agents a2 ON a2.id = b.agent_id LEFT JOIN clients c2 ON c2.id = a2.client_id
         LEFT JOIN subclients s3 ON s3.id = b.subclient_id LEFT JOIN agents a3 ON a3.id = s3.agent_id
         LEFT JOIN clients c3 ON c3.id = a3.client_id
         WHERE b.schedule_policy_id = ? ORDER BY b.id`,
      )
      .all(schedulePolicyId) as BackupAssociation[]
  }

  /** Replaces a Data Protection schedule policy's associations. */
  replaceBackupAssociations(schedulePolicyId: number, associations: readonly { level: BackupAssociationLevel; id: number }[]): void {
    this.sql('DELETE FROM backup_associations WHERE schedule_policy_id = ?').run(schedulePolicyId)
    const insert = this.sql('INSERT INTO backup_associations (schedule_policy_id, client_id, agent_id, subclient_id) VALUES (?, ?, ?, ?)')
    for (const { level, id } of associations) {
      insert.run(schedulePolicyId, level === 'client' ? id : null, level === 'agent' ? id : null, level === 'subclient' ? id : null)
    }
  }

  /** The subclients a Data Protection schedule policy covers now (through a client, an agent or themselves), by id. */
  subclientsCoveredBy(schedulePolicyId: number): number[] {
    const rows = this
      .sql(
        `SELECT s.id FROM subclients s JOIN agents a ON a.id = s.agent_id
         WHERE EXISTS (SELECT 1 FROM backup_associations b WHERE b.schedule_policy_id = ?
                         AND (b.subclient_id = s.id OR b.agent_id = a.id OR b.client_id = a.client_id))
         ORDER BY s.id`,
      )
      .all(schedulePolicyId) as { id: number }[]
    return rows.map((row) => row.id)
  }

  /**
   * The Data Protection schedules covering a subclient, each once, by policy and schedule; when several associations
   * cover it, the narrowest (subclient, then agent, then client) is the one named.
   */
  schedulesCoveringSubclient(subclientId: number): CoveringSchedule[] {
    const rows = this
      .sql(
        `SELECT p.id AS schedulePolicyId, p.name AS schedulePolicy, sch.id AS scheduleId, sch.name AS schedule, sch.pattern, sch.options,
                min(CASE WHEN b.subclient_id IS NOT NULL THEN 1 WHEN b.agent_id IS NOT NULL THEN 2 ELSE 3 END) AS rank
         FROM subclients s JOIN agents a ON a.id = s.agent_id
         JOIN backup_associations b ON b.subclient_id = s.id OR b.agent_id = a.id OR b.client_id = a.client_id
         JOIN schedule_policies p ON p.id = b.schedule_policy_id
         JOIN schedules sch ON sch.schedule_policy_id = p.id
         WHERE s.id = ?
         GROUP BY sch.id ORDER BY p.name, sch.id`,
      )
      .all(subclientId) as (Omit<CoveringSchedule, 'level' | 'pattern' | 'options'> & { pattern: string; options: string; rank: number })[]
    const levels: readonly BackupAssociationLevel[] = ['subclient', 'agent', 'client']
    return rows.map(({ rank, pattern, options, ...row }) => ({
      ...row,
      pattern: JSON.parse(pattern) as unknown,
      options: JSON.parse(options) as unknown,
      level: levels[rank - 1]!,
    }))
  }

  /** When the scheduler last looked at a schedule, or undefined before its first look. */
  lastChecked(scheduleId: number): number | undefined {
    const row = this.sql('SELECT last_checked AS at FROM schedule_state WHERE schedule_id = ?').get(scheduleId) as { at: number } | undefined
    return row?.at
  }

  /** Records when the scheduler looked at a schedule. */
  setLastChecked(scheduleId: number, at: number): void {
    this
      .sql('INSERT INTO schedule_state (schedule_id, last_checked) VALUES (?, ?) ON CONFLICT (schedule_id) DO UPDATE SET last_checked = excluded.last_checked')
      .run(scheduleId, at)
  }

  /** Updates a schedule policy's name and description. */
  updateSchedulePolicy(id: number, input: { name: string; description: string }): void {
    this.sql('UPDATE schedule_policies SET name = ?, description = ? WHERE id = ?').run(input.name, input.description, id)
  }

  /** Replaces a schedule policy's schedules (keeping the scheduler state of schedules kept by name). */
  replaceSchedules(schedulePolicyId: number, schedules: readonly { name: string; pattern: unknown; options: unknown }[]): void {
    const existing = this.schedulesOfPolicy(schedulePolicyId)
    const kept = new Set<number>()
    for (const schedule of schedules) {
      const same = existing.find((old) => old.name === schedule.name && !kept.has(old.id))
      if (same) {
        kept.add(same.id)
        this.sql('UPDATE schedules SET pattern = ?, options = ? WHERE id = ?').run(JSON.stringify(schedule.pattern), JSON.stringify(schedule.options), same.id)
      } else {
        this.addSchedule({ schedulePolicyId, storagePolicyId: null, name: schedule.name, pattern: schedule.pattern, options: schedule.options, allCopies: false })
      }
    }
    for (const old of existing) if (!kept.has(old.id)) this.sql('DELETE FROM schedules WHERE id = ?').run(old.id)
  }

  /** Replaces a schedule policy's associations. */
  replaceAssociations(schedulePolicyId: number, associations: readonly { storagePolicyId: number | null; copyId: number | null }[]): void {
    this.sql('DELETE FROM schedule_associations WHERE schedule_policy_id = ?').run(schedulePolicyId)
    for (const association of associations) {
      this.addAssociation({ schedulePolicyId, scheduleId: null, storagePolicyId: association.storagePolicyId, copyId: association.copyId })
    }
  }

  /** Deletes a schedule policy with its schedules and associations. */
  deleteSchedulePolicy(id: number): void {
    this.sql('DELETE FROM schedule_policies WHERE id = ?').run(id)
  }

  /** One schedule, or undefined. */
  schedule(id: number): ScheduleRow | undefined {
    return this.allSchedules().find((schedule) => schedule.id === id)
  }

  /** Updates a storage-policy schedule's name, pattern and options. */
  updateSchedule(id: number, input: { name: string; pattern: unknown; options: unknown }): void {
    this.sql('UPDATE schedules SET name = ?, pattern = ?, options = ? WHERE id = ?').run(input.name, JSON.stringify(input.pattern), JSON.stringify(input.options), id)
  }
}
