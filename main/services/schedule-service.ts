import { ServiceError, notFound } from '../../app/ipc/errors'
import {
  AuxCopyOptions,
  BackupScheduleOptions,
  SchedulePattern,
  dataAgingPolicyName,
  type BackupAssociationClients,
  type BackupAssociationInput,
  type PolicyScheduleDetails,
  type SavePolicyScheduleInput,
  type SaveSchedulePolicyInput,
  type SchedulePolicyDetails,
  type SubclientSchedule,
} from '../../app/model/schedule'
import type { SchedulePolicyType } from '../../app/model/entities'
import { assertNever } from '../../app/model/assert'
import { nodeId } from '../../app/model/tree'
import { patternText } from '../../app/rules/schedule-time'
import type { Catalog } from '../catalog/catalog'
import type { ScheduleRow } from '../catalog/schedule-repository'
import type { EventBus } from '../event-bus'
import type { EventService } from './event-service'

/** Schedule policies (New Schedule Policy, Properties, Delete) and storage policies' own aux copy schedules. */
export class ScheduleService {
  constructor(
    private readonly catalog: Catalog,
    private readonly bus: EventBus,
    private readonly events: EventService,
  ) {}

  /** An auxiliary copy schedule as its dialogs show it. */
  private scheduleView(schedule: ScheduleRow) {
    const pattern = SchedulePattern.parse(schedule.pattern)
    return { id: schedule.id, name: schedule.name, pattern, patternText: patternText(pattern), options: AuxCopyOptions.parse(schedule.options) }
  }

  /** A schedule policy's schedule: an Auxiliary Copy schedule has options, a Data Protection schedule a backup type. */
  private policyScheduleView(schedule: ScheduleRow, policyType: SchedulePolicyType) {
    const pattern = SchedulePattern.parse(schedule.pattern)
    const base = { id: schedule.id, name: schedule.name, pattern, patternText: patternText(pattern) }
    switch (policyType) {
      case 'Auxiliary Copy':
        return { ...base, options: AuxCopyOptions.parse(schedule.options), backupType: null }
      case 'Data Protection':
        return { ...base, options: null, backupType: BackupScheduleOptions.parse(schedule.options).backupType }
      case 'Data Aging':
        return { ...base, options: null, backupType: null }
      default:
        return assertNever(policyType, 'schedule policy type')
    }
  }

  /** A schedule policy's Properties: schedules and associations. */
  details(schedulePolicyId: number): SchedulePolicyDetails {
    const policy = this.catalog.schedules.schedulePolicy(schedulePolicyId)
    if (policy === undefined) throw notFound(`Schedule policy ${schedulePolicyId}`, 'schedulePolicyId')
    const { policies } = this.catalog
    return {
      ...policy,
      schedules: this.catalog.schedules.schedulesOfPolicy(policy.id).map((schedule) => this.policyScheduleView(schedule, policy.policyType)),
      associations: this.catalog.schedules.associationsOfPolicy(policy.id).flatMap((association) => {
        const copy = association.copyId === null ? undefined : policies.copy(association.copyId)
        const storagePolicyId = copy?.storagePolicyId ?? association.storagePolicyId
        const storagePolicy = storagePolicyId === null ? undefined : policies.policy(storagePolicyId)
        if (storagePolicy === undefined) return []
        return [{ storagePolicyId: storagePolicy.id, storagePolicy: storagePolicy.name, copyId: copy?.id ?? null, copy: copy?.name ?? 'All Copies' }]
      }),
      backupAssociations: this.catalog.schedules.backupAssociationsOfPolicy(policy.id).map(({ level, entityId, name }) => ({ level, id: entityId, name })),
    }
  }

  /** Creates or updates a schedule policy with its schedules and associations, in one transaction. */
  save(input: SaveSchedulePolicyInput): SchedulePolicyDetails {
    const name = input.name.trim()
    const existing = input.schedulePolicyId === null ? undefined : this.catalog.schedules.schedulePolicy(input.schedulePolicyId)
    if (input.schedulePolicyId !== null && existing === undefined) throw notFound(`Schedule policy ${input.schedulePolicyId}`, 'schedulePolicyId')
    const clash = this.catalog.schedules.schedulePolicies().find((policy) => policy.name.toLowerCase() === name.toLowerCase() && policy.id !== existing?.id)
    if (clash) throw new ServiceError('invalid_input', `A schedule policy named ${clash.name} already exists.`, 'name')
    if (existing?.systemCreated && existing.name !== name) {
      throw new ServiceError('invalid_input', `The ${existing.name} schedule policy keeps its name.`, 'name')
    }
    if (existing !== undefined && existing.policyType !== input.policyType) {
      throw new ServiceError('invalid_input', `${existing.name} is a ${existing.policyType} schedule policy; its Type cannot change.`, 'policyType')
    }
    if (existing === undefined && input.policyType === 'Data Aging') {
      throw new ServiceError('invalid_input', 'Type must be Auxiliary Copy or Data Protection: the CommServe keeps the one Data Aging schedule policy.', 'policyType')
    }
    const names = new Set<string>()
    input.schedules.forEach((schedule, index) => {
      const key = schedule.name.trim().toLowerCase()
      if (names.has(key)) throw new ServiceError('invalid_input', `Two schedules are named ${schedule.name.trim()}; give each its own name.`, `schedules.${index}.name`)
      names.add(key)
    })
    let write: (policyId: number) => void
    if (input.policyType === 'Data Protection') {
      const { associations } = input
      associations.forEach((association, index) => this.checkBackupAssociation(association, `associations.${index}`))
      const schedules = input.schedules.map(({ name: scheduleName, pattern, backupType }) => ({ name: scheduleName.trim(), pattern, options: { backupType } }))
      write = (policyId) => {
        this.catalog.schedules.replaceSchedules(policyId, schedules)
        this.catalog.schedules.replaceBackupAssociations(policyId, associations)
      }
    } else {
      const dataAging = input.policyType === 'Data Aging'
      if (dataAging && input.associations.length > 0) {
        throw new ServiceError('invalid_input', `${existing?.name ?? dataAgingPolicyName} covers the whole CommCell; it takes no associations.`, 'associations')
      }
      const { associations } = input
      associations.forEach((association, index) => {
        const policy = this.catalog.policies.policy(association.storagePolicyId)
        if (policy === undefined) throw notFound(`Storage policy ${association.storagePolicyId}`, `associations.${index}.storagePolicyId`)
        if (association.copyId !== null) {
          const copy = this.catalog.policies.copy(association.copyId)
          if (copy === undefined || copy.storagePolicyId !== policy.id) throw notFound(`Copy ${association.copyId} of ${policy.name}`, `associations.${index}.copyId`)
          if (copy.copyType === 'primary') throw new ServiceError('invalid_input', 'The primary copy is not copied to; associate a secondary copy or All Copies.', `associations.${index}.copyId`)
        }
      })
      // Data Aging schedules have no options to keep.
      const schedules = input.schedules.map((schedule) => ({ ...schedule, name: schedule.name.trim(), ...(dataAging ? { options: {} } : {}) }))
      write = (policyId) => {
        this.catalog.schedules.replaceSchedules(policyId, schedules)
        this.catalog.schedules.replaceAssociations(policyId, associations.map((a) => ({ storagePolicyId: a.copyId === null ? a.storagePolicyId : null, copyId: a.copyId })))
      }
    }
    const id = this.catalog.transaction(() => {
      const policyId =
        existing?.id ??
        this.catalog.schedules.addSchedulePolicy({ name, policyType: input.policyType, description: input.description, systemCreated: false }).id
      if (existing) this.catalog.schedules.updateSchedulePolicy(policyId, { name, description: input.description })
      write(policyId)
      return policyId
    })
    this.events.record({ severity: 'Information', program: 'Scheduler', description: `Schedule policy ${name} ${existing ? 'saved' : 'created'}.` })
    this.bus.emit('tree:changed', { nodeIds: ['policies', 'schedulePolicies', nodeId('schedulePolicy', id), 'storagePolicies'] })
    return this.details(id)
  }

  /** What depends on a schedule policy (the copies it would stop copying, the clients, agents and subclients it would stop backing up). */
  dependents(schedulePolicyId: number): string[] {
    const details = this.details(schedulePolicyId)
    return [
      ...details.associations.map((association) => `${association.storagePolicy} / ${association.copy}`),
      ...details.backupAssociations.map((association) => association.name),
    ]
  }

  /** The client computers with their agents and subclients (the Associations of a Data Protection schedule policy). */
  backupAssociationClients(): BackupAssociationClients {
    const { clients } = this.catalog
    return {
      clients: clients.clients().map((client) => ({
        id: client.id,
        name: client.name,
        agents: clients.agents(client.id).map((agent) => ({
          id: agent.id,
          name: agent.name,
          subclients: clients.subclients(agent.id).map((subclient) => ({ id: subclient.id, name: subclient.name })),
        })),
      })),
    }
  }

  /** The Data Protection schedules covering a subclient, and through what (Subclient Properties > Schedules). */
  subclientSchedules(subclientId: number): SubclientSchedule[] {
    const { clients } = this.catalog
    const subclient = clients.subclient(subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${subclientId}`, 'subclientId')
    const agent = clients.agent(subclient.agentId)!
    const coveredBy = {
      subclient: `Subclient ${subclient.name}`,
      agent: `Agent ${agent.name}`,
      client: `Client ${clients.client(agent.clientId)?.name ?? ''}`,
    }
    return this.catalog.schedules.schedulesCoveringSubclient(subclient.id).flatMap((row) => {
      const pattern = SchedulePattern.safeParse(row.pattern)
      const options = BackupScheduleOptions.safeParse(row.options)
      // A schedule that cannot be read does not run (the scheduler says so once); it is not listed as covering.
      if (!pattern.success || !options.success) return []
      return [{
        schedulePolicyId: row.schedulePolicyId, schedulePolicy: row.schedulePolicy, scheduleId: row.scheduleId, schedule: row.schedule,
        backupType: options.data.backupType, patternText: patternText(pattern.data), coveredBy: coveredBy[row.level],
      }]
    })
  }

  /** Refuses an association with a client, agent or subclient that does not exist, naming the field. */
  private checkBackupAssociation(association: BackupAssociationInput, field: string): void {
    const { clients } = this.catalog
    const exists =
      association.level === 'client' ? clients.client(association.id) : association.level === 'agent' ? clients.agent(association.id) : clients.subclient(association.id)
    if (exists === undefined) throw notFound(`${association.level === 'client' ? 'Client' : association.level === 'agent' ? 'Agent' : 'Subclient'} ${association.id}`, `${field}.id`)
  }

  /** Deletes a schedule policy; when copies depend on it the caller must confirm, having been told which. */
  delete(schedulePolicyId: number, confirm: boolean): { deleted: true } {
    const policy = this.catalog.schedules.schedulePolicy(schedulePolicyId)
    if (policy === undefined) throw notFound(`Schedule policy ${schedulePolicyId}`, 'schedulePolicyId')
    if (policy.policyType === 'Data Aging' && policy.systemCreated) {
      throw new ServiceError('invalid_input', `${policy.name} runs Data Aging for the whole CommCell and cannot be deleted; change its schedule instead.`, 'schedulePolicyId')
    }
    const dependents = this.dependents(schedulePolicyId)
    if (dependents.length > 0 && !confirm) {
      throw new ServiceError('conflict', `${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on ${policy.name}; confirm to delete it.`, 'confirm')
    }
    this.catalog.transaction(() => this.catalog.schedules.deleteSchedulePolicy(policy.id))
    this.events.record({ severity: 'Information', program: 'Scheduler', description: `Schedule policy ${policy.name} deleted${dependents.length > 0 ? `; ${dependents.join(', ')} no longer copied by it` : ''}.` })
    this.bus.emit('tree:changed', { nodeIds: ['policies', 'schedulePolicies', 'storagePolicies'] })
    return { deleted: true }
  }

  /** A storage policy's own auxiliary copy schedules (including those created with All Copies). */
  policySchedules(storagePolicyId: number): PolicyScheduleDetails[] {
    const policy = this.catalog.policies.policy(storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${storagePolicyId}`, 'storagePolicyId')
    const copies = this.catalog.policies.copies(policy.id)
    return this.catalog.schedules.schedulesOfStoragePolicy(policy.id).map((schedule) => {
      const covered = schedule.allCopies
        ? copies.filter((copy) => copy.copyType !== 'primary')
        : this.catalog.schedules.associationsOfSchedule(schedule.id).flatMap((a) => copies.filter((copy) => copy.id === a.copyId))
      return { ...this.scheduleView(schedule), allCopies: schedule.allCopies, copies: covered.map((copy) => copy.name) }
    })
  }

  /** Saves a storage policy schedule's name, pattern and options. */
  savePolicySchedule(input: SavePolicyScheduleInput): PolicyScheduleDetails {
    const schedule = this.catalog.schedules.schedule(input.scheduleId)
    if (schedule === undefined || schedule.storagePolicyId === null) throw notFound(`Storage policy schedule ${input.scheduleId}`, 'scheduleId')
    this.catalog.schedules.updateSchedule(schedule.id, { name: input.name.trim(), pattern: input.pattern, options: input.options })
    this.events.record({ severity: 'Information', program: 'Scheduler', description: `Schedule ${input.name.trim()} of a storage policy saved.` })
    return this.policySchedules(schedule.storagePolicyId).find((view) => view.id === schedule.id)!
  }
}
