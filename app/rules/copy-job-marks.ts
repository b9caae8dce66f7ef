/**
 * What an administrator may do to a job in a copy's View Jobs, by the job's state there (pure; the row menu and the
 * CommServe apply the same rule and say the same reason). After the product's MarkJobsOnCopy operations:
 *
 * - Do Not Copy (donotcopy): a secondary copy's To Be Copied or Partially Copied job; no aux copy takes it.
 * - Copy Again (allowcopy, recopy): a secondary copy's Do Not Copy or Available job goes back to To Be Copied; an
 *   Available job's data on the copy is removed first, so the next aux copy writes it whole again. Not offered for a
 *   Bad job (the next aux copy copies it again already) nor an Aged one (its retention would age it again).
 * - Retain Job / Do Not Retain Job (DoNotRetainJob): an Available job on any copy is held from data aging until a
 *   date, or indefinitely; a retained job's hold is removed.
 * - Mark Job Bad (markJobsBad): an Available job on any copy. On a secondary copy the next aux copy copies it again;
 *   on the primary copy it is no longer restored nor copied.
 * - Delete: a secondary copy's job with data there (Available, Partially Copied or Bad).
 */
import { assertNever } from '../model/assert'
import type { CopyJobMark } from '../model/copy-jobs'
import type { JobCopyStatus } from '../model/entities'

/** Every View Jobs action on a copy's jobs: the marks and Delete. */
export type CopyJobAction = CopyJobMark | 'deleteJob'

/** The menu labels, exactly as the product spells them. */
export const copyJobActionLabel: Readonly<Record<CopyJobAction, string>> = {
  doNotCopy: 'Do Not Copy',
  copyAgain: 'Copy Again',
  retain: 'Retain Job',
  doNotRetain: 'Do Not Retain Job',
  markBad: 'Mark Job Bad',
  deleteJob: 'Delete',
}

/** The order the row menu lists them. */
export const copyJobActions: readonly CopyJobAction[] = ['doNotCopy', 'copyAgain', 'retain', 'doNotRetain', 'markBad', 'deleteJob']

/** What the rule needs of a job on a copy. */
export interface JobOnCopyFacts {
  readonly jobId: number
  readonly status: JobCopyStatus
  /** Held by Retain Job (its retain-until is set). */
  readonly retained: boolean
}

/** The states of a backup job on a copy in which its data is there: View Jobs > Delete removes it from the copy. */
export const jobStatesWithData: readonly JobCopyStatus[] = ['Available', 'Partially Copied', 'Bad']

/** The states each action takes a job from, and whether it applies to secondary copies only. */
function applies(action: CopyJobAction): { readonly states: readonly JobCopyStatus[] | 'retained'; readonly secondaryOnly: boolean } {
  switch (action) {
    case 'doNotCopy':
      return { states: ['To Be Copied', 'Partially Copied'], secondaryOnly: true }
    case 'copyAgain':
      return { states: ['Available', 'Do Not Copy'], secondaryOnly: true }
    case 'retain':
      return { states: ['Available'], secondaryOnly: false }
    case 'doNotRetain':
      return { states: 'retained', secondaryOnly: false }
    case 'markBad':
      return { states: ['Available'], secondaryOnly: false }
    case 'deleteJob':
      return { states: jobStatesWithData, secondaryOnly: true }
    default:
      return assertNever(action, 'copy job action')
  }
}

/** `A, B or C`. */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)!}`
}

/**
 * Why an action does not apply to a job on a copy (null when it does): the copy is the primary one, or the job's
 * state there is not one the action takes.
 */
export function copyJobActionRefusal(action: CopyJobAction, copy: { readonly name: string; readonly primary: boolean }, job: JobOnCopyFacts): string | null {
  const label = copyJobActionLabel[action]
  const rule = applies(action)
  if (rule.secondaryOnly && copy.primary) return `${label} applies to secondary copies; ${copy.name} is the primary copy.`
  if (rule.states === 'retained') return job.retained ? null : `Job ${job.jobId} is not retained on ${copy.name}.`
  if (rule.states.includes(job.status)) return null
  return `Job ${job.jobId} is ${job.status} on ${copy.name}; ${label} applies to ${orList(rule.states)} jobs.`
}

/** The actions that apply to every one of the selected jobs, in menu order (none for an empty selection). */
export function copyJobActionsFor(copy: { readonly name: string; readonly primary: boolean }, jobs: readonly JobOnCopyFacts[]): CopyJobAction[] {
  if (jobs.length === 0) return []
  return copyJobActions.filter((action) => jobs.every((job) => copyJobActionRefusal(action, copy, job) === null))
}

/** `2026-12-31` in the local time zone (the CommServe's, or the console's in the dialog). */
export function dayText(time: number): string {
  const date = new Date(time)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/**
 * What is wrong with a Retain Job Until (epoch ms; NaN while a date is being typed; null when none is chosen) at the
 * CommServe's `now`, or undefined: it must be a date later than now.
 */
export function retainUntilProblem(until: number | null, now: number): string | undefined {
  if (until === null) return 'Retain Job Until is required to retain a job.'
  if (!Number.isFinite(until)) return 'Retain Job Until must be a date.'
  if (until <= now) return `Retain Job Until must be later than the CommServe's time (${dayText(now)}).`
  return undefined
}
