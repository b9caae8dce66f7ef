/**
 * Storage Policy Properties (Device Streams, the copies' precedence order) and Promote to Primary: each checked the
 * way its dialog checks it and written in one transaction.
 *
 * Job states after a promotion (see docs/architecture.md, "Job states on copies"): the promoted copy, now primary,
 * lists what it holds (its stored rows: what it had Available stays Available and restorable; what it lacked is not
 * listed there any more). The former primary, now a secondary copy of it, keeps its stored rows: every job it held
 * stays Available there (a job it holds that the new primary lacks is listed through its own row), and a job Available
 * on the new primary that it lacks (every new backup) is derived To Be Copied. So no job leaves the catalog's view:
 * each job Available before is Available on at least one copy after, and restore by precedence finds it.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { PolicyCopy } from '../../app/model/entities'
import { missingJobsListed, type MissingJob, type PolicyProperties, type PromotionResult, type UpdatePolicyInput } from '../../app/model/policy-properties'
import { nodeId } from '../../app/model/tree'
import { backupTypeFor } from '../../app/rules/backup-chain'
import { orderAfterPromotion, precedenceOrderProblem, promotionRefusal } from '../../app/rules/copy-promotion'
import type { Catalog } from '../catalog/catalog'
import type { EventBus } from '../event-bus'
import type { EventService } from './event-service'

/** Storage Policy Properties and Promote to Primary. */
export class StoragePolicyService {
  constructor(
    private readonly catalog: Catalog,
    private readonly bus: EventBus,
    private readonly events: EventService,
  ) {}

  /** A storage policy for its Properties dialog: Device Streams and its copies in precedence order. */
  properties(storagePolicyId: number): PolicyProperties {
    const policy = this.catalog.policies.policy(storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${storagePolicyId}`, 'storagePolicyId')
    return {
      storagePolicyId: policy.id,
      name: policy.name,
      type: policy.type,
      deviceStreams: policy.deviceStreams,
      copies: this.catalog.policies.copies(policy.id).map((copy) => ({
        id: copy.id,
        name: copy.name,
        copyType: copy.copyType,
        precedence: copy.precedence,
        active: copy.active,
        library: this.catalog.resources.library(copy.libraryId)?.name ?? '',
      })),
    }
  }

  /** Saves Storage Policy Properties: Device Streams and the copy precedence order, together or not at all. */
  update(input: UpdatePolicyInput): PolicyProperties {
    const before = this.properties(input.storagePolicyId)
    const problem = precedenceOrderProblem(before.copies, input.copyOrder)
    if (problem !== undefined) throw new ServiceError('invalid_input', problem, 'copyOrder')
    const orderChanged = input.copyOrder.some((id, index) => before.copies[index]?.id !== id)
    this.catalog.transaction(() => {
      this.catalog.policies.setDeviceStreams(before.storagePolicyId, input.deviceStreams)
      if (orderChanged) this.catalog.policies.setCopyOrder(before.storagePolicyId, input.copyOrder)
    })
    const after = this.properties(before.storagePolicyId)
    const order = after.copies.map((copy) => `${copy.precedence} ${copy.name}`).join(', ')
    this.events.record({
      severity: 'Information',
      program: 'Storage Policy',
      description: `Storage Policy Properties of ${after.name} saved: Device Streams ${after.deviceStreams}; copy precedence ${order}.`,
    })
    // The policy's copy list and the tree show the copies in precedence order; the Storage Policies list shows streams.
    this.bus.emit('tree:changed', { nodeIds: [nodeId('storagePolicy', after.storagePolicyId), 'storagePolicies'] })
    return after
  }

  /**
   * Promote to Primary. With `confirm` false nothing changes: the answer is what the confirmation shows. With
   * `confirm` true, in one transaction: the copy becomes the primary (precedence 1, no source, All Backups), the
   * former primary a synchronous copy sourced from it (precedence 2), the copies sourced from the former primary are
   * sourced from it, and the former primary takes over its schedule associations.
   */
  promote(copyId: number, confirm: boolean): PromotionResult {
    const copy = this.catalog.policies.copy(copyId)
    if (copy === undefined) throw notFound(`Copy ${copyId}`, 'copyId')
    this.refuseIfCannot(copy)
    const preview = this.consequences(copy)
    if (!confirm) return preview
    const former = preview.formerPrimaryCopy
    this.catalog.transaction(() => {
      // Checked again inside the transaction: nothing may have started since the confirmation opened.
      this.refuseIfCannot(this.catalog.policies.copy(copy.id)!)
      const order = orderAfterPromotion(this.catalog.policies.copies(copy.storagePolicyId), copy.id)
      this.catalog.policies.promote(copy.id, former.id)
      this.catalog.policies.setCopyOrder(copy.storagePolicyId, order.map((each) => each.id))
      this.catalog.schedules.moveCopyAssociations(copy.id, former.id)
    })
    const count = preview.missingCount
    const missing = count === 0 ? `it holds every job ${former.name} held` : `${count} ${count === 1 ? 'job' : 'jobs'} Available on ${former.name} ${count === 1 ? 'is' : 'are'} not on it`
    this.events.record({
      severity: 'Information',
      program: 'Storage Policy',
      description:
        `Copy ${copy.name} promoted to the primary copy of storage policy ${preview.policy}; new backups go to it ` +
        `(${missing}). ${former.name} is now a synchronous copy with source ${copy.name}.` +
        preview.resourced.map((other) => ` ${other.name} now takes its data from ${copy.name}.`).join(''),
    })
    this.bus.emit('tree:changed', {
      nodeIds: [
        nodeId('storagePolicy', copy.storagePolicyId), 'storagePolicies', nodeId('copy', copy.id), nodeId('copy', former.id), 'schedulePolicies',
        ...this.catalog.schedules.schedulePolicies().map((policy) => nodeId('schedulePolicy', policy.id)),
      ],
    })
    const { formerPrimaryCopy: _former, ...result } = preview
    return { ...result, promoted: true }
  }

  private refuseIfCannot(copy: PolicyCopy): void {
    const library = this.catalog.resources.library(copy.libraryId)!
    const refusal = promotionRefusal({
      copy,
      library,
      activeJobs: this.catalog.jobs.activeJobsOfPolicy(copy.storagePolicyId),
    })
    if (refusal !== undefined) throw new ServiceError(copy.copyType === 'primary' ? 'invalid_input' : 'conflict', refusal, 'copyId')
  }

  /** What a promotion of `copy` would do, for the confirmation (read only). */
  private consequences(copy: PolicyCopy): PromotionResult & { formerPrimaryCopy: PolicyCopy } {
    const { policies, jobs, clients } = this.catalog
    const policy = policies.policy(copy.storagePolicyId)!
    const copies = policies.copies(policy.id)
    const former = copies.find((each) => each.copyType === 'primary')!
    const availableOnCopy = (jobId: number) => jobs.location(jobId, copy.id)?.status === 'Available'
    // The promoted copy's view of every job before the promotion (To Be Copied derived from its source).
    const stateOnCopy = new Map(jobs.jobsOnCopy(copy).map((job) => [job.id, job.copyStatus]))
    const missingJobs = jobs.jobsOnCopy(former).filter((job) => job.copyStatus === 'Available' && !availableOnCopy(job.id))
    const names = new Map<number, string>()
    const subclientName = (subclientId: number): string => {
      let name = names.get(subclientId)
      if (name === undefined) {
        const subclient = clients.subclient(subclientId)
        const agent = subclient && clients.agent(subclient.agentId)
        const client = agent && clients.client(agent.clientId)
        name = [client?.name, agent?.name, subclient?.name].filter((part) => part !== undefined).join(' / ')
        names.set(subclientId, name)
      }
      return name
    }
    const missing: MissingJob[] = missingJobs.slice(0, missingJobsListed).map((job) => ({
      jobId: job.id,
      subclient: subclientName(job.subclientId),
      backupType: job.backupType,
      startTime: job.startTime,
      state: stateOnCopy.get(job.id) ?? null,
    }))
    const fullsNext = clients
      .subclientsOfPolicy(policy.id)
      .filter((subclient) => backupTypeFor('Incremental', jobs.completedBackups(subclient.id), (job) => availableOnCopy(job.id)).forced === 'baseline not available')
      .map((subclient) => subclientName(subclient.id))
    const resourced = policies
      .copiesSourcedFrom(former.id)
      .filter((other) => other.id !== copy.id)
      .map((other) => ({
        name: other.name,
        lostToBeCopied: jobs.jobsOnCopy(other).filter((job) => job.copyStatus === 'To Be Copied' && !availableOnCopy(job.id)).length,
      }))
    return {
      promoted: false,
      policy: policy.name,
      copy: copy.name,
      formerPrimary: former.name,
      formerPrimaryCopy: former,
      resourced,
      schedules: this.catalog.schedules.copyAssociationNames(copy.id),
      missing,
      missingCount: missingJobs.length,
      fullsNext,
    }
  }
}
