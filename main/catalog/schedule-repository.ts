import type { SchedulePolicy } from '../../app/model/entities'
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
