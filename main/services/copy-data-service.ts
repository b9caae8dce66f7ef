/**
 * What a copy holds: a deduplicated copy's live DDB figures (Copy Properties > Deduplication, the storage policy's
 * Savings column). What View Jobs does to a copy's jobs is `copy-jobs-service.ts`.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { DdbStats } from '../../app/media/media-protocol'
import type { DedupDetails, DedupFigures } from '../../app/model/dedup'
import type { PolicyCopy } from '../../app/model/entities'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'

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

/** Deduplication figures of copies. */
export class CopyDataService {
  constructor(
    private readonly catalog: Catalog,
    private readonly mediaAgent: MediaAgentClient,
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
}
