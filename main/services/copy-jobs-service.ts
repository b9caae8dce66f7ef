/**
 * What a copy's View Jobs does to the jobs selected there: Do Not Copy, Copy Again, Retain Job, Do Not Retain Job,
 * Mark Job Bad (`copies:markJobs`) and Delete (`copies:deleteJob`). Each checks every job first (of this policy, in a
 * state the action takes, by `app/rules/copy-job-marks.ts`), refuses while another job uses the copy, writes all of
 * them in one transaction, records what the administrator did in the Event Viewer, and only then removes data on
 * the MediaAgent: a crash in between leaves only space on the mount path, never a job Available without its data.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { JobRef } from '../../app/media/media-protocol'
import { retainIndefinitely, type CopyJobMark, type DeleteJobInput, type DeleteJobResult, type MarkJobsInput, type MarkJobsResult } from '../../app/model/copy-jobs'
import type { PolicyCopy } from '../../app/model/entities'
import { restoreChain } from '../../app/rules/backup-chain'
import { copyJobActionLabel, copyJobActionRefusal, dayText, jobStatesWithData, retainUntilProblem, type CopyJobAction, type JobOnCopyFacts } from '../../app/rules/copy-job-marks'
import type { Catalog } from '../catalog/catalog'
import type { BackupJob } from '../catalog/job-repository'
import type { Clock } from '../clock'
import type { MediaPaths } from '../jobs/media-paths'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { EventService } from './event-service'

/** The reason Mark Job Bad gives a job (Job Details and the copy's verification list show it). */
export const markedBadReason = 'Marked bad by the administrator.'

/** `Job 12` or `Jobs 12, 13`. */
function jobsText(ids: readonly number[]): string {
  return `${ids.length === 1 ? 'Job' : 'Jobs'} ${ids.join(', ')}`
}

/** A job of the copy's policy with its state there. */
interface Chosen {
  readonly job: BackupJob
  readonly facts: JobOnCopyFacts
  readonly mountPathId: number | null
}

/** View Jobs actions on a copy's jobs. */
export class CopyJobsService {
  constructor(
    private readonly catalog: Catalog,
    private readonly events: EventService,
    private readonly mediaAgent: MediaAgentClient,
    private readonly paths: MediaPaths,
    private readonly clock: Clock,
  ) {}

  /**
   * Do Not Copy, Copy Again, Retain Job, Do Not Retain Job or Mark Job Bad on the jobs given, all or none. Copy Again
   * of an Available job removes its data from the copy, so the next aux copy writes it whole again rather than
   * finding it there.
   */
  async markJobs(input: MarkJobsInput): Promise<MarkJobsResult> {
    const copy = this.copyOf(input.copyId)
    const chosen = this.chosen(copy, input.jobIds, 'jobIds')
    for (const { job, facts } of chosen) {
      this.refuseUnless(input.action, copy, facts, 'jobIds')
      if (input.action === 'copyAgain') this.refuseUnlessCopyable(copy, job)
    }
    const retainProblem = input.action === 'retain' ? retainUntilProblem(input.retainUntil, this.clock.now()) : undefined
    if (retainProblem !== undefined) throw new ServiceError('invalid_input', retainProblem, 'retainUntil')
    this.refuseWhileBusy(copy, copyJobActionLabel[input.action])

    const ids = chosen.map(({ job }) => job.id)
    const done = `${jobsText(ids)} marked ${copyJobActionLabel[input.action]} on copy ${copy.name}`
    if (input.action === 'copyAgain') {
      // Do Not Copy first: while the MediaAgent removes their data there, no aux copy writes them and no restore
      // reads them. Only once it is gone does the copy forget them (To Be Copied again), so the next aux copy writes
      // each whole rather than finding the old copy, or a part of it, in place.
      this.catalog.transaction(() => {
        for (const { job } of chosen) this.apply('doNotCopy', copy, job.id, null)
      })
      if (!(await this.prune(this.refsOf(copy, chosen), done))) {
        throw new ServiceError('unavailable', `The MediaAgent could not remove the data of ${jobsText(ids)} from ${copy.name}; they stay Do Not Copy there until Copy Again succeeds.`, 'copyId')
      }
    }
    // Do Not Copy of a Partially Copied job leaves data the copy no longer uses.
    const refs = input.action === 'doNotCopy' ? this.refsOf(copy, chosen) : []
    this.catalog.transaction(() => {
      for (const { job } of chosen) this.apply(input.action, copy, job.id, input.retainUntil)
    })
    this.events.record({ severity: 'Information', program: 'Storage Policy', description: this.markText(input, copy, ids) })
    await this.prune(refs, done)
    return {
      copy: copy.name,
      action: input.action,
      jobs: chosen.map(({ job }) => {
        const after = this.stateOf(copy, job)
        return { jobId: job.id, status: after?.facts.status ?? 'To Be Copied', retainUntil: after?.retainUntil ?? null }
      }),
    }
  }

  /**
   * View Jobs > Delete: removes backup jobs from a secondary copy, with the later jobs of their cycles on the copy
   * that restore through them (an Incremental cannot be restored without its Full). With `confirm` false nothing
   * changes: the answer lists what would go, for the confirmation. The jobs become Do Not Copy there (no restore reads
   * them, no aux copy copies them again); then the MediaAgent removes their data (a deduplicated copy's references
   * are lowered and unreferenced blocks reclaimed).
   */
  async deleteJobs(input: DeleteJobInput): Promise<DeleteJobResult> {
    const copy = this.copyOf(input.copyId)
    if (copy.copyType === 'primary') {
      throw new ServiceError('invalid_input', `Jobs are deleted from secondary copies; ${copy.name} is the primary copy.`, 'copyId')
    }
    const chosen = this.chosen(copy, input.backupJobIds, 'backupJobIds')
    for (const { job, facts } of chosen) {
      if (!jobStatesWithData.includes(facts.status)) {
        throw new ServiceError('invalid_input', `Job ${job.id} has no data on ${copy.name} (it is ${facts.status} there).`, 'backupJobIds')
      }
    }
    const going = new Map<number, { job: BackupJob; dependent: boolean }>(chosen.map(({ job }) => [job.id, { job, dependent: false }]))
    for (const { job } of chosen) {
      const history = this.catalog.jobs.completedBackups(job.subclientId)
      const position = history.findIndex((each) => each.id === job.id)
      for (const later of history.slice(0, Math.max(0, position))) {
        if (going.has(later.id) || later.cycle !== job.cycle) continue
        if (!restoreChain(history, later.id).some((each) => each.id === job.id)) continue
        if (jobStatesWithData.includes(this.catalog.jobs.location(later.id, copy.id)?.status ?? 'To Be Copied')) going.set(later.id, { job: later, dependent: true })
      }
    }
    const jobs = [...going.values()].sort((a, b) => a.job.startTime - b.job.startTime || a.job.id - b.job.id)
    const result = { jobs: jobs.map(({ job, dependent }) => ({ jobId: job.id, backupType: job.backupType, dependent })), copy: copy.name }
    if (!input.confirm) return { deleted: false, ...result }

    this.refuseWhileBusy(copy, 'Delete')
    const refs = this.refsOf(copy, jobs.map(({ job }) => ({ job, mountPathId: this.catalog.jobs.location(job.id, copy.id)?.mountPathId ?? null })))
    this.catalog.transaction(() => {
      for (const { job } of jobs) {
        this.catalog.jobs.doNotCopy(job.id, copy.id)
        this.catalog.tape.dropSegments(copy.id, job.id)
      }
    })
    const named = jobsText(jobs.map(({ job }) => job.id))
    this.events.record({ severity: 'Information', program: 'Storage Policy', description: `${named} deleted from copy ${copy.name} of storage policy ${this.policyName(copy)}.` })
    await this.prune(refs, `${named} deleted from copy ${copy.name}`)
    return { deleted: true, ...result }
  }

  private copyOf(copyId: number): PolicyCopy {
    const copy = this.catalog.policies.copy(copyId)
    if (copy === undefined) throw notFound(`Copy ${copyId}`, 'copyId')
    return copy
  }

  private policyName(copy: PolicyCopy): string {
    return this.catalog.policies.policy(copy.storagePolicyId)?.name ?? ''
  }

  /** The jobs given, each a backup job of the copy's storage policy and listed on the copy. */
  private chosen(copy: PolicyCopy, ids: readonly number[], field: string): Chosen[] {
    return ids.map((id) => {
      const job = this.catalog.jobs.backupJob(id)
      if (job === undefined || job.storagePolicyId !== copy.storagePolicyId) throw notFound(`Job ${id} of this storage policy`, field)
      const state = this.stateOf(copy, job)
      if (state === undefined) throw new ServiceError('invalid_input', `Job ${id} is not on ${copy.name}.`, field)
      return { job, facts: state.facts, mountPathId: state.mountPathId }
    })
  }

  /**
   * A job's state on a copy: its row there, or for a secondary copy To Be Copied while it is Available on the source
   * copy and started on or after the copy's Backups On and After date (as `JobRepository.jobsOnCopy` derives it).
   */
  private stateOf(copy: PolicyCopy, job: BackupJob): { facts: JobOnCopyFacts; mountPathId: number | null; retainUntil: number | null } | undefined {
    const row = this.catalog.jobs.location(job.id, copy.id)
    if (row !== undefined) {
      return { facts: { jobId: job.id, status: row.status, retained: row.retainUntil !== null }, mountPathId: row.mountPathId, retainUntil: row.retainUntil }
    }
    if (copy.sourceCopyId === null || this.sourceRefusal(copy, job) !== null) return undefined
    return { facts: { jobId: job.id, status: 'To Be Copied', retained: false }, mountPathId: null, retainUntil: null }
  }

  /** Why a secondary copy cannot take a job from its source copy (null when it can). */
  private sourceRefusal(copy: PolicyCopy, job: BackupJob): string | null {
    const source = this.catalog.policies.copy(copy.sourceCopyId!)
    if (this.catalog.jobs.location(job.id, source?.id ?? 0)?.status !== 'Available') {
      return `Job ${job.id} is not Available on ${source?.name ?? 'the source copy'}, the source copy of ${copy.name}.`
    }
    if (copy.backupsOnAfter !== null && job.startTime < copy.backupsOnAfter) {
      return `Job ${job.id} started before the Backups On and After date of ${copy.name}.`
    }
    return null
  }

  private refuseUnless(action: CopyJobAction, copy: PolicyCopy, facts: JobOnCopyFacts, field: string): void {
    const refusal = copyJobActionRefusal(action, { name: copy.name, primary: copy.copyType === 'primary' }, facts)
    if (refusal !== null) throw new ServiceError('invalid_input', refusal, field)
  }

  /** Copy Again only of a job the source copy still holds: else the copy would lose it with nothing to copy back. */
  private refuseUnlessCopyable(copy: PolicyCopy, job: BackupJob): void {
    const refusal = this.sourceRefusal(copy, job)
    if (refusal !== null) throw new ServiceError('invalid_input', `${refusal} It cannot be copied again.`, 'jobIds')
  }

  /** Refuses while an auxiliary copy, restore, verification or data aging job reads or writes the copy. */
  private refuseWhileBusy(copy: PolicyCopy, what: string): void {
    const busy = this.catalog.jobs.activeJobsOfPolicy(copy.storagePolicyId).find((active) => {
      if (active.operation === 'Backup') return false
      if (active.copyId === null || active.copyId === copy.id) return true
      // An aux copy to a copy whose source this is reads it.
      return this.catalog.policies.copy(active.copyId)?.sourceCopyId === copy.id
    })
    if (busy !== undefined) {
      throw new ServiceError('conflict', `Job ${busy.id} (${busy.operation}) is using ${copy.name}; ${what} after it ends.`, 'copyId')
    }
  }

  /** The references to the data the jobs have on the copy's mount paths (tape data goes with its medium). */
  private refsOf(copy: PolicyCopy, jobs: readonly { readonly job: BackupJob; readonly mountPathId: number | null }[]): JobRef[] {
    return jobs.flatMap(({ job, mountPathId }) => (mountPathId === null ? [] : [this.paths.ref(copy, job.id, mountPathId)]))
  }

  private apply(action: CopyJobMark, copy: PolicyCopy, jobId: number, retainUntil: number | null): void {
    const { jobs, tape } = this.catalog
    switch (action) {
      case 'doNotCopy':
        jobs.doNotCopy(jobId, copy.id)
        tape.dropSegments(copy.id, jobId)
        return
      case 'copyAgain':
        // Forgotten by the copy, the job is To Be Copied again (derived from its source copy).
        jobs.forgetOnCopy(jobId, copy.id)
        tape.dropSegments(copy.id, jobId)
        return
      case 'retain':
        jobs.setRetention(jobId, copy.id, retainUntil)
        return
      case 'doNotRetain':
        jobs.setRetention(jobId, copy.id, null)
        return
      case 'markBad':
        jobs.markBad(jobId, copy.id, markedBadReason)
        return
      default:
        action satisfies never
    }
  }

  /** The Event Viewer's words for a mark. */
  private markText(input: MarkJobsInput, copy: PolicyCopy, ids: readonly number[]): string {
    const on = `on copy ${copy.name} of storage policy ${this.policyName(copy)}`
    const named = jobsText(ids)
    switch (input.action) {
      case 'doNotCopy':
        return `${named} marked Do Not Copy ${on} by the administrator.`
      case 'copyAgain':
        return `${named} marked to be copied again ${on} by the administrator; the next auxiliary copy copies ${ids.length === 1 ? 'it' : 'them'}.`
      case 'retain':
        return `${named} retained ${on} ${input.retainUntil === retainIndefinitely ? 'indefinitely' : `until ${dayText(input.retainUntil!)}`} by the administrator.`
      case 'doNotRetain':
        return `${named} no longer retained ${on} by the administrator.`
      case 'markBad':
        return copy.copyType === 'primary'
          ? `${named} marked bad ${on} by the administrator; ${ids.length === 1 ? 'it is' : 'they are'} no longer restored or copied from it.`
          : `${named} marked bad ${on} by the administrator; the next auxiliary copy copies ${ids.length === 1 ? 'it' : 'them'} again.`
      default:
        return input.action satisfies never
    }
  }

  /**
   * Removes data the catalog no longer uses; false (said once in the Event Viewer) when the MediaAgent could not:
   * what is left is only space on the mount path.
   */
  private async prune(refs: readonly JobRef[], done: string): Promise<boolean> {
    try {
      if (refs.length > 0) await this.mediaAgent.request({ kind: 'prune', refs: [...refs] })
      return true
    } catch (error) {
      this.events.record({
        severity: 'Minor', program: 'Storage Policy',
        description: `${done}, but the MediaAgent could not remove their data yet: ${error instanceof Error ? error.message : String(error)}`,
      })
      return false
    }
  }
}
