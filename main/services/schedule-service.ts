import { ServiceError, notFound } from '../../app/ipc/errors'
import {
  AuxCopyOptions,
  SchedulePattern,
  type PolicyScheduleDetails,
  type SavePolicyScheduleInput,
  type SaveSchedulePolicyInput,
  type SchedulePolicyDetails,
} from '../../app/model/schedule'
import type { SchedulePolicyType } from '../../app/model/entities'
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

  /** A schedule policy's schedule; a Data Aging schedule has no options. */
  private policyScheduleView(schedule: ScheduleRow, policyType: SchedulePolicyType) {
    if (policyType === 'Auxiliary Copy') return this.scheduleView(schedule)
    const pattern = SchedulePattern.parse(schedule.pattern)
    return { id: schedule.id, name: schedule.name, pattern, patternText: patternText(pattern), options: null }
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
    const dataAging = existing?.policyType === 'Data Aging'
    if (dataAging && input.associations.length > 0) {
      throw new ServiceError('invalid_input', `${existing.name} covers the whole CommCell; it takes no associations.`, 'associations')
    }
    const names = new Set<string>()
    input.schedules.forEach((schedule, index) => {
      const key = schedule.name.trim().toLowerCase()
      if (names.has(key)) throw new ServiceError('invalid_input', `Two schedules are named ${schedule.name.trim()}; give each its own name.`, `schedules.${index}.name`)
      names.add(key)
    })
    input.associations.forEach((association, index) => {
      const policy = this.catalog.policies.policy(association.storagePolicyId)
      if (policy === undefined) throw notFound(`Storage policy ${association.storagePolicyId}`, `associations.${index}.storagePolicyId`)
      if (association.copyId !== null) {
        const copy = this.catalog.policies.copy(association.copyId)
        if (copy === undefined || copy.storagePolicyId !== policy.id) throw notFound(`Copy ${association.copyId} of ${policy.name}`, `associations.${index}.copyId`)
        if (copy.copyType === 'primary') throw new ServiceError('invalid_input', 'The primary copy is not copied to; associate a secondary copy or All Copies.', `associations.${index}.copyId`)
      }
    })
    const id = this.catalog.transaction(() => {
      const policyId =
        existing?.id ??
        this.catalog.schedules.addSchedulePolicy({ name, policyType: 'Auxiliary Copy', description: input.description, systemCreated: false }).id
      if (existing) this.catalog.schedules.updateSchedulePolicy(policyId, { name, description: input.description })
      // Data Aging schedules have no options to keep.
      this.catalog.schedules.replaceSchedules(policyId, input.schedules.map((schedule) => ({ ...schedule, name: schedule.name.trim(), ...(dataAging ? { options: {} } : {}) })))
      this.catalog.schedules.replaceAssociations(policyId, input.associations.map((a) => ({ storagePolicyId: a.copyId === null ? a.storagePolicyId : null, copyId: a.copyId })))
      return policyId
    })
    this.events.record({ severity: 'Information', program: 'Scheduler', description: `Schedule policy ${name} ${existing ? 'saved' : 'created'}.` })
    this.bus.emit('tree:changed', { nodeIds: ['policies', 'schedulePolicies', nodeId('schedulePolicy', id), 'storagePolicies'] })
    return this.details(id)
  }

  /** The copies that depend on a schedule policy (those it would stop copying), as `SP / copy` names. */
  dependents(schedulePolicyId: number): string[] {
    return this.details(schedulePolicyId).associations.map((association) => `${association.storagePolicy} / ${association.copy}`)
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
