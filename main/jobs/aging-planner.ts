/**
 * Data Aging: ages the jobs of every copy whose retention has passed (the rules are `app/rules/data-aging.ts`) and
 * prunes their data through the MediaAgent. In this order, so a Data Aging job stopped at any point loses nothing and
 * leaves nothing behind: the jobs are marked Aged on their copies in one transaction (no restore, copy or
 * verification reads them from then on); then the MediaAgent removes their data (a disk copy's job folders; a
 * deduplicated copy's references, reclaiming blocks no job uses) and only then does the catalog forget where it lay,
 * so what a stopped job left is removed by the next one; tape media every job of which has aged return to their
 * scratch pools as Spare.
 */
import { ServiceError } from '../../app/ipc/errors'
import type { RunEnded } from '../../app/media/media-protocol'
import { retainIndefinitely } from '../../app/model/copy-jobs'
import type { PolicyCopy } from '../../app/model/entities'
import type { JobStatus } from '../../app/model/jobs'
import { nodeId } from '../../app/model/tree'
import { type AgingVerdict, agingVerdicts } from '../../app/rules/data-aging'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { JobEvent, JobManager, LiveJob, Planner, Step } from './job-manager'
import type { MediaPaths } from './media-paths'

/** A dependent copy's states in which it still needs the job from its source copy. */
const stillNeeded = new Set(['To Be Copied', 'Partially Copied', 'Bad'])

const day = (time: number) => new Date(time).toISOString().slice(0, 10)
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** Plans Data Aging jobs (run now from the CommCell, or by the System Created Data Aging schedule). */
export class AgingPlanner implements Planner {
  readonly operation = 'Data Aging' as const
  readonly resumesAfterRestart = true

  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
    private readonly mediaAgent: MediaAgentClient,
    private readonly paths: MediaPaths,
  ) {}

  /** Starts a Data Aging job over every copy of the CommCell, unless one is running (its Job ID is named). */
  run(scheduleId: number | null = null): { jobId: number } {
    const running = this.catalog.jobs.unfinishedJobs().find((job) => job.operation === 'Data Aging')
    if (running !== undefined) throw new ServiceError('conflict', `Data Aging job ${running.id} is already running; one at a time.`, 'dataAging')
    const jobId = this.manager.create({
      operation: 'Data Aging', status: 'Running', phase: 'Data Aging', startTime: this.manager.clock.now(), subclientId: null,
      storagePolicyId: null, copyId: null, backupType: null, cycle: null, options: {}, description: '', scheduleId, bytesTotal: 0,
    })
    this.manager.events.record({ severity: 'Information', program: 'Data Aging', jobId, description: `Data Aging job ${jobId} started${scheduleId === null ? '' : ' by its schedule'}.` })
    return { jobId }
  }

  /**
   * Why each Available job on a copy ages at the next Data Aging, or not (the copy's View Jobs). The holds: a job
   * retained by hand, a job a copy that copies from this one still needs, every job of a copy a running job uses.
   */
  verdicts(copy: PolicyCopy, now = this.manager.clock.now()): Map<number, AgingVerdict> {
    return new Map(this.judge(copy, now).map(({ verdict }) => [verdict.jobId, verdict]))
  }

  /** Each Available job of a copy with its verdict (one read of the copy's jobs). */
  private judge(copy: PolicyCopy, now: number): { verdict: AgingVerdict; sizeBytes: number }[] {
    const jobs = this.catalog.jobs.jobsOnCopy(copy).filter((job) => job.copyStatus === 'Available')
    const holds = new Map<number, string>()
    const hold = (jobId: number, reason: string) => {
      if (!holds.has(jobId)) holds.set(jobId, reason)
    }
    for (const [jobId, until] of this.catalog.aging.retainedOn(copy.id, now)) {
      hold(jobId, until >= retainIndefinitely ? 'It is retained indefinitely (Retain Job).' : `It is retained until ${day(until)} (Retain Job).`)
    }
    for (const dependent of this.catalog.policies.copies(copy.storagePolicyId).filter((each) => each.sourceCopyId === copy.id)) {
      for (const job of this.catalog.jobs.jobsOnCopy(dependent)) {
        if (stillNeeded.has(job.copyStatus)) hold(job.id, `${dependent.name} copies from this copy and has not copied it yet (${job.copyStatus} there).`)
      }
    }
    const user = this.userOf(copy)
    if (user !== undefined) for (const job of jobs) hold(job.id, `Job ${user.id} (${user.operation}) is using ${copy.name}; it ages after that job ends.`)
    const rules = { agingEnabled: copy.agingEnabled, retentionDays: copy.retentionDays, retentionCycles: copy.retentionCycles }
    // The verdicts come in the order of the jobs given.
    return agingVerdicts(jobs, rules, now, holds).map((verdict, index) => ({ verdict, sizeBytes: jobs[index]!.sizeBytes }))
  }

  async next(job: LiveJob): Promise<Step> {
    const now = this.manager.clock.now()
    const copies = this.catalog.policies.copies()
    let aged = 0
    let agedBytes = 0
    this.catalog.transaction(() => {
      for (const copy of copies) {
        for (const { verdict, sizeBytes: bytes } of this.judge(copy, now)) {
          if (!verdict.ages || !this.catalog.aging.age(verdict.jobId, copy.id)) continue
          this.catalog.jobs.setItem({ jobId: job.jobId, backupJobId: verdict.jobId, copyId: copy.id, status: 'Aged', bytes })
          aged += 1
          agedBytes += bytes
        }
      }
    })
    const pruned = await this.prune(job, copies)
    const recycled = this.recycleMedia(copies)
    this.catalog.jobs.updateOperationJob(job.jobId, { sizeBytes: agedBytes, bytesTotal: agedBytes, bytesDone: agedBytes })
    this.manager.events.record({
      severity: 'Information', program: 'Data Aging', jobId: job.jobId,
      description:
        `Data Aging job ${job.jobId} aged ${aged === 1 ? '1 job' : `${aged} jobs`} and removed the data of ${pruned === 1 ? '1 job' : `${pruned} jobs`}` +
        `${recycled > 0 ? `; ${recycled === 1 ? '1 medium returned' : `${recycled} media returned`} to ${recycled === 1 ? 'its scratch pool' : 'their scratch pools'}` : ''}.`,
    })
    return { kind: 'finish', status: 'Completed', reason: '' }
  }

  /**
   * Removes the data of every aged job still on a mount path, one request per mount path (an offline one does not
   * keep the others), forgetting each job's data only once it is gone. Returns how many jobs' data went.
   */
  private async prune(job: LiveJob, copies: readonly PolicyCopy[]): Promise<number> {
    const byId = new Map(copies.map((copy) => [copy.id, copy]))
    const byMountPath = new Map<number, { jobId: number; copy: PolicyCopy }[]>()
    for (const data of this.catalog.aging.agedWithData()) {
      const copy = byId.get(data.copyId)
      if (copy === undefined) continue
      const jobs = byMountPath.get(data.mountPathId) ?? []
      jobs.push({ jobId: data.jobId, copy })
      byMountPath.set(data.mountPathId, jobs)
    }
    let pruned = 0
    for (const [mountPathId, jobs] of byMountPath) {
      try {
        await this.mediaAgent.request({ kind: 'prune', refs: jobs.map(({ jobId, copy }) => this.paths.ref(copy, jobId, mountPathId)) })
      } catch (error) {
        const path = this.catalog.resources.mountPaths().find((each) => each.id === mountPathId)?.path ?? `mount path ${mountPathId}`
        const reason = `The data of ${jobs.length === 1 ? 'job' : 'jobs'} ${jobs.map((each) => each.jobId).join(', ')} could not be removed (the next Data Aging tries again): ${messageOf(error)}`
        this.manager.addError(job, { backupJobId: null, file: path, reason })
        continue
      }
      this.catalog.transaction(() => {
        for (const each of jobs) this.catalog.aging.pruned(each.jobId, each.copy.id)
      })
      pruned += jobs.length
    }
    if (pruned > 0) this.manager.treeChanged([nodeId('libraries')])
    return pruned
  }

  /** Media of tape copies whose every job has aged go back to their scratch pools as Spare. */
  private recycleMedia(copies: readonly PolicyCopy[]): number {
    const changed = new Set<string>()
    let recycled = 0
    for (const copy of copies) {
      if (!this.paths.isTape(copy)) continue
      for (const medium of this.catalog.aging.agedMedia(copy.id)) {
        const row = this.catalog.tape.medium(medium.id)!
        this.catalog.aging.recycle(medium.id)
        this.manager.events.record({ severity: 'Information', program: 'Data Aging', description: `Medium ${medium.barcode}: every job on it has aged on ${copy.name}; it is Spare in its scratch pool again.` })
        changed.add(nodeId('scratchPool', row.scratchPoolId)).add(nodeId('assignedMedia', row.libraryId)).add(nodeId('media', medium.id))
        recycled += 1
      }
    }
    this.manager.treeChanged([...changed])
    return recycled
  }

  /** The running job (not a backup, which only adds jobs) that reads or writes a copy, if any. */
  private userOf(copy: PolicyCopy): { id: number; operation: string } | undefined {
    return this.catalog.jobs.activeJobsOfPolicy(copy.storagePolicyId).find((active) => {
      if (active.operation === 'Backup' || active.operation === 'Data Aging') return false
      if (active.copyId === null || active.copyId === copy.id) return true
      // An auxiliary copy to one copy reads its source.
      return active.operation === 'Auxiliary Copy' && this.catalog.policies.copy(active.copyId)?.sourceCopyId === copy.id
    })
  }

  onEvent(_job: LiveJob, _event: JobEvent): void {}

  onRunEnded(_job: LiveJob, _ended: RunEnded): Step | 'next' {
    return 'next'
  }

  onFinished(_job: LiveJob, _status: JobStatus): void {}
}
