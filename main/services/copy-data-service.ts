/**
 * What a copy holds: a deduplicated copy's live DDB figures (Copy Properties > Deduplication, the storage policy's
 * Savings column), and View Jobs > Delete, which removes a job (with the later jobs of its cycle that restore through
 * it) from a secondary copy: the catalog first, so nothing reads the job any more, then its data on the MediaAgent.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { DdbStats } from '../../app/media/media-protocol'
import type { DedupDetails, DedupFigures, DeleteJobInput, DeleteJobResult } from '../../app/model/dedup'
import type { PolicyCopy } from '../../app/model/entities'
import { restoreChain } from '../../app/rules/backup-chain'
import { jobStatesWithData } from '../../app/rules/context-menu'
import type { Catalog } from '../catalog/catalog'
import type { MediaPaths } from '../jobs/media-paths'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { EventService } from './event-service'

/** The states of a job on a copy that hold data there (a Delete takes them away); View Jobs offers Delete for them. */
const deletable = jobStatesWithData

/** The figures an administrator reads from a DDB's counts. */
export function dedupFigures(stats: DdbStats): DedupFigures {
  const dataWrittenBytes = stats.containerBytes + stats.recipeBytes
  return {
    jobs: stats.jobs,
    applicationBytes: stats.applicationBytes,
    dataWrittenBytes,
    ddbBytes: stats.indexBytes,
    uniqueBlocks: stats.uniqueBlocks,
    containers: stats.containers,
    savingsPercent: stats.applicationBytes > 0 ? Math.max(0, 100 * (1 - dataWrittenBytes / stats.applicationBytes)) : null,
  }
}

/** Deduplication figures and deleting jobs from copies. */
export class CopyDataService {
  constructor(
    private readonly catalog: Catalog,
    private readonly events: EventService,
    private readonly mediaAgent: MediaAgentClient,
    private readonly paths: MediaPaths,
  ) {}

  /** The live figures of each deduplicated copy given (null for a copy whose MediaAgent could not answer). */
  async savings(copies: readonly PolicyCopy[]): Promise<Map<number, DedupFigures | null>> {
    const deduplicated = copies.filter((copy) => copy.dedup)
    const answers = await Promise.all(deduplicated.map((copy) => this.figuresOf(copy).catch(() => null)))
    return new Map(deduplicated.map((copy, index) => [copy.id, answers[index]!]))
  }

  /** Copy Properties > Deduplication of an existing deduplicated copy. */
  async dedupDetails(copyId: number): Promise<DedupDetails> {
    const copy = this.catalog.policies.copy(copyId)
    if (copy === undefined) throw notFound(`Copy ${copyId}`, 'copyId')
    if (!copy.dedup || copy.ddbPath === null) throw new ServiceError('invalid_input', `${copy.name} is not deduplicated.`, 'copyId')
    const details = {
      copy: copy.name,
      mediaAgent: this.catalog.resources.mediaAgent(copy.ddbMediaAgentId ?? copy.mediaAgentId)?.name ?? '',
      ddbPath: copy.ddbPath,
      blocks: copy.dedupBlocks ?? 'fixed',
    }
    try {
      return { ...details, figures: await this.figuresOf(copy), reason: '' }
    } catch (error) {
      return { ...details, figures: null, reason: `The MediaAgent could not read the DDB: ${error instanceof Error ? error.message : String(error)}` }
    }
  }

  private async figuresOf(copy: PolicyCopy): Promise<DedupFigures> {
    const { stats } = await this.mediaAgent.request({ kind: 'ddbStats', ddbId: copy.id })
    return dedupFigures(stats)
  }

  /**
   * View Jobs > Delete: removes a backup job from a secondary copy, with the later jobs of its cycle on the copy that
   * restore through it (an Incremental cannot be restored without its Full). With `confirm` false nothing changes:
   * the answer lists what would go, for the confirmation. The jobs become Do Not Copy there (no restore reads them,
   * no aux copy copies them again); then the MediaAgent removes their data (a deduplicated copy's references are
   * lowered and unreferenced blocks reclaimed).
   */
  async deleteJob(input: DeleteJobInput): Promise<DeleteJobResult> {
    const copy = this.catalog.policies.copy(input.copyId)
    if (copy === undefined) throw notFound(`Copy ${input.copyId}`, 'copyId')
    if (copy.copyType === 'primary') {
      throw new ServiceError('invalid_input', `Jobs are deleted from secondary copies; ${copy.name} is the primary copy.`, 'copyId')
    }
    const job = this.catalog.jobs.backupJob(input.backupJobId)
    if (job === undefined || job.storagePolicyId !== copy.storagePolicyId) throw notFound(`Job ${input.backupJobId} of this storage policy`, 'backupJobId')
    const state = this.catalog.jobs.location(job.id, copy.id)?.status ?? 'To Be Copied'
    if (!deletable.includes(state)) throw new ServiceError('invalid_input', `Job ${job.id} has no data on ${copy.name} (it is ${state} there).`, 'backupJobId')

    const history = this.catalog.jobs.completedBackups(job.subclientId)
    const position = history.findIndex((each) => each.id === job.id)
    const dependents = history
      .slice(0, Math.max(0, position))
      .filter((later) => later.cycle === job.cycle && restoreChain(history, later.id).some((each) => each.id === job.id))
      .filter((later) => deletable.includes(this.catalog.jobs.location(later.id, copy.id)?.status ?? 'To Be Copied'))
      .reverse()
    const jobs = [job, ...dependents]
    const result = { jobs: jobs.map((each) => ({ jobId: each.id, backupType: each.backupType })), copy: copy.name }
    if (!input.confirm) return { deleted: false, ...result }

    const busy = this.catalog.jobs
      .activeJobsOfPolicy(copy.storagePolicyId)
      .find((active) => active.operation !== 'Backup' && (active.copyId === null || active.copyId === copy.id))
    if (busy !== undefined) {
      throw new ServiceError('conflict', `Job ${busy.id} (${busy.operation}) is using ${copy.name}; delete after it ends.`, 'copyId')
    }
    const refs = jobs.flatMap((each) => {
      const mountPathId = this.catalog.jobs.location(each.id, copy.id)?.mountPathId ?? null
      return mountPathId === null ? [] : [this.paths.ref(copy, each.id, mountPathId)]
    })
    this.catalog.transaction(() => {
      for (const each of jobs) this.catalog.jobs.removeFromCopy(each.id, copy.id)
    })
    const policy = this.catalog.policies.policy(copy.storagePolicyId)?.name ?? ''
    const named = `${jobs.length === 1 ? 'Job' : 'Jobs'} ${jobs.map((each) => each.id).join(', ')}`
    this.events.record({ severity: 'Information', program: 'Storage Policy', description: `${named} deleted from copy ${copy.name} of storage policy ${policy}.` })
    try {
      if (refs.length > 0) await this.mediaAgent.request({ kind: 'prune', refs })
    } catch (error) {
      // The catalog no longer uses the data; what is left on the mount path is only space, removed by a later Delete.
      this.events.record({
        severity: 'Minor', program: 'Storage Policy',
        description: `${named} deleted from copy ${copy.name}, but the MediaAgent could not remove their data yet: ${error instanceof Error ? error.message : String(error)}`,
      })
    }
    return { deleted: true, ...result }
  }
}
