import { notFound } from '../../app/ipc/errors'
import type { CopyLagChart, CopyLagInput, CopyLagSeries, PolicyLagInput } from '../../app/model/copy-lag'
import type { PolicyCopy } from '../../app/model/entities'
import { lagPoints } from '../../app/rules/copy-lag'
import type { Catalog } from '../catalog/catalog'

/** How often (CommServe time) the samples are thinned: an hour, the finest period a tier keeps. */
const thinEveryMs = 60 * 60 * 1000

/**
 * Copy lag: at each scheduler tick the CommServe samples every secondary copy's backlog (jobs and bytes not yet
 * copied, counted as View Jobs and the fallen-behind alert count them) in one grouped query and keeps the samples
 * thinned with age; a copy's or a storage policy's chart reads them back for a time range with the aux copy runs.
 */
export class CopyLagService {
  /** When the samples were last thinned (CommServe time), or null before the first tick. */
  private lastThinned: number | null = null

  constructor(private readonly catalog: Catalog) {}

  /** Records every secondary copy's backlog at `now` (a copy with nothing left gets a zero sample); thins hourly. */
  sample(now: number): void {
    const copies = this.catalog.policies.copies()
    const backlogs = this.catalog.jobs.backlogs(copies)
    const samples = copies
      .filter((copy) => copy.sourceCopyId !== null)
      .map((copy) => ({ copyId: copy.id, ...(backlogs.get(copy.id) ?? { jobs: 0, bytes: 0 }) }))
    this.catalog.lag.record(now, samples)
    // A clock set back thins again too: what it keeps depends only on the samples' ages at that time.
    if (this.lastThinned === null || now - this.lastThinned >= thinEveryMs || now < this.lastThinned) {
      this.catalog.lag.thin(now)
      this.lastThinned = now
    }
  }

  /** One secondary copy's lag chart for a range; a primary copy has none (backups write to it): no series. */
  copyLag(input: CopyLagInput): CopyLagChart {
    const copy = this.catalog.policies.copy(input.copyId)
    if (copy === undefined) throw notFound(`Copy ${input.copyId}`, 'copyId')
    return this.chart(copy.storagePolicyId, copy.sourceCopyId === null ? [] : [copy], input.from, input.to)
  }

  /** A storage policy's secondary copies side by side (none for a policy with only its primary copy). */
  policyLag(input: PolicyLagInput): CopyLagChart {
    if (this.catalog.policies.policy(input.storagePolicyId) === undefined) throw notFound(`Storage policy ${input.storagePolicyId}`, 'storagePolicyId')
    const copies = this.catalog.policies.copies(input.storagePolicyId).filter((copy) => copy.sourceCopyId !== null)
    return this.chart(input.storagePolicyId, copies, input.from, input.to)
  }

  /** The samples (at most a chart's worth per copy) and the aux copy runs of each copy: three bounded reads. */
  private chart(storagePolicyId: number, copies: readonly PolicyCopy[], from: number, to: number): CopyLagChart {
    const { lag, policies } = this.catalog
    const byCopy = new Map<number, { at: number; jobs: number; bytes: number }[]>()
    for (const { copyId, ...sample } of lag.samples(copies.map((copy) => copy.id), from, to)) {
      const list = byCopy.get(copyId) ?? []
      list.push(sample)
      byCopy.set(copyId, list)
    }
    const runs = lag.auxCopyRuns(storagePolicyId, from, to)
    const series: CopyLagSeries[] = copies.map((copy) => ({
      copyId: copy.id,
      copy: copy.name,
      samples: lagPoints(byCopy.get(copy.id) ?? [], from, to),
      runs: runs.filter((run) => run.copyIds.includes(copy.id)).map(({ copyIds: _copies, ...run }) => run),
    }))
    return { storagePolicy: policies.policy(storagePolicyId)?.name ?? '', from, to, series }
  }
}
