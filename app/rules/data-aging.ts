/**
 * Data aging rules (pure): which jobs on a copy may age, and why the others may not. The product's basic retention
 * (domain notes §3.4):
 *
 * - A cycle is a Full and the jobs after it up to the next Full (each subclient has its own cycles). Jobs before a
 *   subclient's first Full form a cycle of their own.
 * - With days and cycles, a job ages only when both are exceeded: its cycle has at least `retentionCycles` Fulls
 *   after it, and every job of its cycle started at least `retentionDays` days ago (retention counts from the start
 *   time). A cycle ages whole: an Incremental cannot be restored without its Full and the jobs between.
 * - The latest cycle of a subclient never ages (whatever the rules), nor does anything on a copy with Enable Data
 *   Aging cleared.
 * - Archive jobs have no cycles: they age by days alone.
 * - A hold keeps a job, and with it its cycle: a copy that depends on this one still needs it, a copy or restore
 *   reads it, or it is retained by hand (Retain Job Until). The caller finds the holds; these rules apply them.
 */
import type { BackupType } from '../model/entities'

/** What the rules need of a job Available on the copy. */
export interface AgingJob {
  readonly id: number
  readonly subclientId: number
  readonly backupType: BackupType
  /** Epoch ms. */
  readonly startTime: number
}

/** A copy's basic retention. */
export interface RetentionRules {
  readonly agingEnabled: boolean
  readonly retentionDays: number
  readonly retentionCycles: number
}

/** A job's verdict: it ages now, or why it does not (for the copy's View Jobs). */
export type AgingVerdict = { readonly jobId: number; readonly ages: true } | { readonly jobId: number; readonly ages: false; readonly reason: string }

const dayMs = 24 * 60 * 60 * 1000

/**
 * The verdict for each job (in the order given). `holds`: why a job must be kept whatever its retention (by job
 * id); a held job keeps its whole cycle. `now`: the CommServe's time, epoch ms.
 */
export function agingVerdicts(jobs: readonly AgingJob[], rules: RetentionRules, now: number, holds: ReadonlyMap<number, string> = new Map()): AgingVerdict[] {
  const verdicts = new Map<number, AgingVerdict>()
  const keep = (job: AgingJob, reason: string) => verdicts.set(job.id, { jobId: job.id, ages: false, reason })
  if (!rules.agingEnabled) {
    for (const job of jobs) keep(job, 'Data aging is disabled on this copy.')
    return jobs.map((job) => verdicts.get(job.id)!)
  }
  const daysPast = (job: AgingJob) => now - job.startTime >= rules.retentionDays * dayMs
  const keptUntil = (job: AgingJob) => new Date(job.startTime + rules.retentionDays * dayMs).toISOString().slice(0, 10)

  for (const job of jobs) {
    if (job.backupType !== 'Archive') continue
    const held = holds.get(job.id)
    if (held !== undefined) keep(job, held)
    else if (daysPast(job)) verdicts.set(job.id, { jobId: job.id, ages: true })
    else keep(job, `Archive jobs are kept ${plural(rules.retentionDays, 'day')}: until ${keptUntil(job)}.`)
  }

  for (const cycles of cyclesBySubclient(jobs.filter((job) => job.backupType !== 'Archive'))) {
    cycles.forEach((cycle, index) => {
      const fullsAfter = cycles.slice(index + 1).filter((later) => later[0]!.backupType === 'Full').length
      const held = cycle.find((job) => holds.has(job.id))
      const reason = cycleKept(cycle, index === cycles.length - 1, fullsAfter)
      for (const job of cycle) {
        if (reason !== null) keep(job, reason)
        else if (held === undefined) verdicts.set(job.id, { jobId: job.id, ages: true })
        else keep(job, job === held ? holds.get(job.id)! : `Its cycle is held by job ${held.id}: ${holds.get(held.id)!}`)
      }
    })
  }
  return jobs.map((job) => verdicts.get(job.id)!)

  /** Why retention keeps a cycle, or null when its retention is past. */
  function cycleKept(cycle: readonly AgingJob[], latest: boolean, fullsAfter: number): string | null {
    if (latest) return 'It is in the latest cycle of its subclient, which never ages.'
    if (fullsAfter < rules.retentionCycles) {
      return `Retention is ${plural(rules.retentionCycles, 'cycle')}: ${plural(rules.retentionCycles - fullsAfter, 'more Full')} must complete after its cycle.`
    }
    const newest = cycle.reduce((last, job) => (job.startTime > last.startTime ? job : last))
    if (!daysPast(newest)) return `Retention is ${plural(rules.retentionDays, 'day')}: its cycle is kept until ${keptUntil(newest)}.`
    return null
  }
}

/** Each subclient's cycles, oldest first, each cycle's jobs oldest first. */
function cyclesBySubclient(jobs: readonly AgingJob[]): AgingJob[][][] {
  const bySubclient = new Map<number, AgingJob[]>()
  for (const job of jobs) bySubclient.set(job.subclientId, [...(bySubclient.get(job.subclientId) ?? []), job])
  return [...bySubclient.values()].map((history) => {
    const cycles: AgingJob[][] = []
    for (const job of [...history].sort((a, b) => a.startTime - b.startTime || a.id - b.id)) {
      const current = cycles.at(-1)
      if (current === undefined || job.backupType === 'Full') cycles.push([job])
      else current.push(job)
    }
    return cycles
  })
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
