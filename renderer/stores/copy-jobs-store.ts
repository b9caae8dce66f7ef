/**
 * A copy's View Jobs: the context menu of the selected job rows (`copyJobMenuFor`: what applies to every selected job
 * in its state on the copy) and what its items open: Do Not Copy, Do Not Retain Job and Copy Again of Do Not Copy
 * jobs at once; Copy Again of Available jobs and Mark Job Bad after a confirmation; Retain Job through its dialog
 * (until a date, or indefinitely); Delete after asking `copies:deleteJob` what would go (the jobs and the later jobs of
 * their cycles that restore through them), shown in its confirmation.
 */
import dayjs, { type Dayjs } from 'dayjs'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { retainIndefinitely, type CopyJobMark, type DeleteJobResult, type MarkJobsResult } from '../../app/model/copy-jobs'
import type { JobCopyStatus } from '../../app/model/entities'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { copyJobMenuFor, type CopyJobMenuAction, type CopyJobMenuItem } from '../../app/rules/context-menu'
import { dayText, retainUntilProblem } from '../../app/rules/copy-job-marks'
import { errorMessage } from '../api/console-api'
import type { ReportError } from './connection-store'
import type { MenuPosition } from './dialogs-store'
import { dateValue } from './job-history-store'

/** The copy a View Jobs tab lists, as the menu learned it. */
export interface JobsCopy {
  readonly node: TreeNode
  readonly copyId: number
  readonly storagePolicyId: number
  readonly name: string
  readonly primary: boolean
}

/** A selected row of a copy's View Jobs, as the list shows it. */
export interface SelectedJobRow {
  readonly jobId: number
  readonly backupType: string
  readonly status: JobCopyStatus
  /** Retained Until is set. */
  readonly retained: boolean
}

/** The open menu of the selected job rows. */
export interface CopyJobMenuState {
  readonly copy: JobsCopy
  /** The row right-clicked (the menu is named for it). */
  readonly jobId: number
  readonly jobs: readonly SelectedJobRow[]
  readonly position: MenuPosition
  readonly fromKeyboard: boolean
  readonly items: readonly CopyJobMenuItem[]
}

/** What a confirmation or dialog is doing. */
type Progress = 'ready' | 'saving'

/** The open Delete Job confirmation, with what the CommServe said would go. */
export interface DeleteJobConfirmation {
  readonly key: number
  readonly copy: JobsCopy
  readonly jobIds: readonly number[]
  readonly copyName: string
  readonly jobs: DeleteJobResult['jobs']
  readonly status: 'ready' | 'deleting'
  /** Why the last Delete was refused (for example an auxiliary copy is writing the copy); Delete may be tried again. */
  readonly error: string | null
}

/** The open confirmation of Copy Again (of Available jobs: their data leaves the copy) or Mark Job Bad. */
export interface MarkConfirmation {
  readonly key: number
  readonly copy: JobsCopy
  readonly action: 'copyAgain' | 'markBad'
  readonly jobs: readonly SelectedJobRow[]
  readonly status: Progress
  readonly error: string | null
}

/** The open Retain Job dialog. */
export interface RetainSession {
  readonly key: number
  readonly copy: JobsCopy
  readonly jobs: readonly SelectedJobRow[]
  /** The CommServe's time when the dialog opened (the date must be later). */
  readonly now: number
  readonly indefinitely: boolean
  /** Retain until the end of this day. */
  readonly date: Dayjs | null
  readonly touched: boolean
  readonly status: Progress
  readonly error: string | null
}

/** The View Jobs row menu, its confirmations and the Retain Job dialog, with their actions. */
export interface CopyJobsState {
  readonly menu: CopyJobMenuState | null
  readonly confirmation: DeleteJobConfirmation | null
  readonly markConfirmation: MarkConfirmation | null
  readonly retain: RetainSession | null
  /**
   * Opens the menu of the selected rows of a copy's View Jobs, once `copies:get` said whether the copy is the
   * primary. Rows whose menu would be empty open none.
   */
  openMenu(copyNode: TreeNode, jobId: number, rows: readonly SelectedJobRow[], position: MenuPosition, fromKeyboard: boolean): Promise<void>
  closeMenu(): void
  /** Runs a menu item: a mark at once, or its confirmation or dialog; Delete asks what would go first. */
  runMenuAction(action: CopyJobMenuAction): Promise<void>
  /** Delete in the Delete Job confirmation. */
  confirm(): Promise<void>
  /** Cancel or Escape in the Delete Job confirmation. */
  cancel(): void
  /** Copy Again or Mark Job Bad in its confirmation. */
  confirmMark(): Promise<void>
  cancelMark(): void
  /** Retain Job: Retain until (false) or Retain indefinitely (true). */
  setIndefinitely(indefinitely: boolean): void
  setRetainDate(date: Dayjs | null): void
  touchRetainDate(): void
  /** OK in Retain Job. */
  submitRetain(): Promise<void>
  closeRetain(): void
}

/** What the store needs from the rest of the console. */
export interface CopyJobsHooks {
  /** A failure outside a confirmation or dialog (the copy or what would go could not be read, a mark refused). */
  readonly report: ReportError
  /** Jobs changed on the copy; `notice` says what. */
  readonly onChanged: (notice: string, copy: JobsCopy) => void
}

/** `123 (Full)`. */
const jobText = (job: { readonly jobId: number; readonly backupType: string }): string => `${job.jobId} (${job.backupType})`

/** `job 123 (Full)` or `jobs 123 (Full), 124 (Incremental)`. */
const jobsText = (jobs: readonly { readonly jobId: number; readonly backupType: string }[]): string =>
  `${jobs.length === 1 ? 'job' : 'jobs'} ${jobs.map(jobText).join(', ')}`

/** `Job 123` or `Jobs 123, 124`. */
const idsText = (ids: readonly number[]): string => `${ids.length === 1 ? 'Job' : 'Jobs'} ${ids.join(', ')}`

/**
 * The Delete confirmation's question: the jobs, the jobs that restore through them (deleted with them), and that
 * their data leaves the copy for good.
 */
export function deleteJobQuestion(copyName: string, jobs: DeleteJobResult['jobs']): string {
  const chosen = jobs.filter((job) => !job.dependent)
  const dependents = jobs.filter((job) => job.dependent)
  if (chosen.length === 0) return ''
  const them = chosen.length === 1 ? 'it' : 'them'
  const more =
    dependents.length === 0
      ? ''
      : dependents.length === 1
        ? ` Job ${jobText(dependents[0]!)} restores through ${them} and is deleted too.`
        : ` Jobs ${dependents.map(jobText).join(', ')} restore through ${them} and are deleted too.`
  const data = jobs.length === 1 ? 'Its data is' : 'Their data is'
  return `Delete ${jobsText(chosen)} from ${copyName}?${more} ${data} removed from the copy's mount path; this cannot be undone.`
}

/** The notice after a Delete: `Jobs 123, 124 deleted from Copy_3.` */
export function deletedJobsNotice(result: DeleteJobResult): string {
  return `${idsText(result.jobs.map((job) => job.jobId))} deleted from ${result.copy}.`
}

/** The question of a Copy Again or Mark Job Bad confirmation. */
export function markQuestion(confirmation: Pick<MarkConfirmation, 'action' | 'copy' | 'jobs'>): string {
  const { copy, jobs } = confirmation
  const it = jobs.length === 1 ? 'it' : 'them'
  if (confirmation.action === 'copyAgain') {
    return `Copy ${jobsText(jobs)} again to ${copy.name}? ${jobs.length === 1 ? 'Its' : 'Their'} data on the copy is removed now, and the next auxiliary copy copies ${it} again.`
  }
  return copy.primary
    ? `Mark ${jobsText(jobs)} bad on ${copy.name}? ${jobs.length === 1 ? 'It is' : 'They are'} no longer restored or copied from the primary copy.`
    : `Mark ${jobsText(jobs)} bad on ${copy.name}? The next auxiliary copy copies ${it} again.`
}

/** The notice after a mark. */
export function markedNotice(result: MarkJobsResult, retainUntil: number | null): string {
  const ids = idsText(result.jobs.map((job) => job.jobId))
  switch (result.action) {
    case 'doNotCopy':
      return `${ids} marked Do Not Copy on ${result.copy}.`
    case 'copyAgain':
      return `${ids} will be copied again to ${result.copy} by the next auxiliary copy.`
    case 'retain':
      return `${ids} retained on ${result.copy} ${retainUntil === retainIndefinitely || retainUntil === null ? 'indefinitely' : `until ${dayText(retainUntil)}`}.`
    case 'doNotRetain':
      return `${ids} no longer retained on ${result.copy}.`
    case 'markBad':
      return `${ids} marked bad on ${result.copy}.`
    default:
      return result.action satisfies never
  }
}

/** The Retain Job Until a Retain Job dialog asks for: indefinitely, or the end of the chosen day (NaN while incomplete). */
export function retainUntilOf(session: Pick<RetainSession, 'indefinitely' | 'date'>): number | null {
  return session.indefinitely ? retainIndefinitely : dateValue(session.date, true)
}

/** The problem to show beside Retain Job Until now (once touched or OK was pressed). */
export function retainVisibleProblem(session: RetainSession): string | undefined {
  return session.touched ? retainUntilProblem(retainUntilOf(session), session.now) : undefined
}

/** Creates the View Jobs row menu store over the console api. */
export function createCopyJobsStore(api: ConsoleApi, hooks: CopyJobsHooks): StoreApi<CopyJobsState> {
  let menuSeq = 0
  let openings = 0
  return createStore<CopyJobsState>()((set, get) => {
    /** Sends a mark; true when it was done (the console is told), else the reason. */
    const send = async (copy: JobsCopy, action: CopyJobMark, jobs: readonly SelectedJobRow[], retainUntil: number | null): Promise<true | string> => {
      try {
        const result = await api.invoke('copies:markJobs', { copyId: copy.copyId, jobIds: jobs.map((job) => job.jobId), action, retainUntil })
        hooks.onChanged(markedNotice(result, retainUntil), copy)
        return true
      } catch (error) {
        return errorMessage(error)
      }
    }
    /** Changes an open confirmation or dialog of this opening only. */
    const update = <K extends 'confirmation' | 'markConfirmation' | 'retain'>(slot: K, key: number, change: Partial<NonNullable<CopyJobsState[K]>>): void =>
      set((state) => {
        const current = state[slot]
        return current?.key === key ? ({ [slot]: { ...current, ...change } } as Partial<CopyJobsState>) : state
      })

    return {
      menu: null,
      confirmation: null,
      markConfirmation: null,
      retain: null,

      openMenu: async (copyNode, jobId, rows, position, fromKeyboard) => {
        const seq = ++menuSeq
        set({ menu: null })
        const ref = parseNodeId(copyNode.id)
        if (ref?.kind !== 'copy') return
        try {
          const details = await api.invoke('copies:get', { copyId: ref.id })
          if (seq !== menuSeq) return
          const copy: JobsCopy = { node: copyNode, copyId: details.id, storagePolicyId: details.storagePolicyId, name: details.name, primary: details.copyType === 'primary' }
          const items = copyJobMenuFor(copy, rows)
          if (items.length === 0) return
          set({ menu: { copy, jobId, jobs: rows, position, fromKeyboard, items } })
        } catch (error) {
          if (seq === menuSeq) hooks.report(error)
        }
      },

      closeMenu: () => {
        menuSeq++
        set({ menu: null })
      },

      runMenuAction: async (action) => {
        const menu = get().menu
        set({ menu: null })
        if (menu === null) return
        const { copy, jobs } = menu
        const key = ++openings
        switch (action) {
          case 'deleteJob': {
            try {
              // Asking changes nothing: the answer names what a Delete would remove.
              const jobIds = jobs.map((job) => job.jobId)
              const answer = await api.invoke('copies:deleteJob', { copyId: copy.copyId, backupJobIds: jobIds, confirm: false })
              if (key !== openings) return
              set({ confirmation: { key, copy, jobIds, copyName: answer.copy, jobs: answer.jobs, status: 'ready', error: null } })
            } catch (error) {
              if (key === openings) hooks.report(error)
            }
            return
          }
          case 'retain': {
            try {
              const { now } = await api.invoke('commcell:info', {})
              if (key !== openings) return
              set({
                retain: {
                  key, copy, jobs, now, indefinitely: false, date: dayjs(now).add(1, 'month').startOf('day'), touched: false, status: 'ready', error: null,
                },
              })
            } catch (error) {
              if (key === openings) hooks.report(error)
            }
            return
          }
          case 'markBad':
            set({ markConfirmation: { key, copy, action, jobs, status: 'ready', error: null } })
            return
          case 'copyAgain':
            // Copy Again of an Available job removes its data from the copy: ask first. Of Do Not Copy jobs: at once.
            if (jobs.some((job) => job.status === 'Available')) {
              set({ markConfirmation: { key, copy, action, jobs, status: 'ready', error: null } })
              return
            }
            break
          case 'doNotCopy':
          case 'doNotRetain':
            break
          default:
            return action satisfies never
        }
        const sent = await send(copy, action, jobs, null)
        if (sent !== true) hooks.report(new Error(sent))
      },

      confirm: async () => {
        const confirmation = get().confirmation
        if (confirmation?.status !== 'ready') return
        const { key, copy, jobIds } = confirmation
        update('confirmation', key, { status: 'deleting', error: null })
        try {
          const result = await api.invoke('copies:deleteJob', { copyId: copy.copyId, backupJobIds: [...jobIds], confirm: true })
          if (get().confirmation?.key === key) set({ confirmation: null })
          hooks.onChanged(deletedJobsNotice(result), copy)
        } catch (error) {
          // The confirmation stays, saying why (for example: an auxiliary copy is writing the copy); Delete may be tried again.
          update('confirmation', key, { status: 'ready', error: errorMessage(error) })
        }
      },

      cancel: () => {
        openings++
        set({ confirmation: null })
      },

      confirmMark: async () => {
        const confirmation = get().markConfirmation
        if (confirmation?.status !== 'ready') return
        const { key, copy, action, jobs } = confirmation
        update('markConfirmation', key, { status: 'saving', error: null })
        const sent = await send(copy, action, jobs, null)
        if (sent === true) {
          if (get().markConfirmation?.key === key) set({ markConfirmation: null })
        } else {
          update('markConfirmation', key, { status: 'ready', error: sent })
        }
      },

      cancelMark: () => {
        openings++
        set({ markConfirmation: null })
      },

      setIndefinitely: (indefinitely) => {
        const session = get().retain
        if (session !== null) update('retain', session.key, { indefinitely })
      },
      setRetainDate: (date) => {
        const session = get().retain
        if (session !== null) update('retain', session.key, { date, touched: true })
      },
      touchRetainDate: () => {
        const session = get().retain
        if (session !== null && !session.touched) update('retain', session.key, { touched: true })
      },

      submitRetain: async () => {
        const session = get().retain
        if (session === null || session.status !== 'ready') return
        const retainUntil = retainUntilOf(session)
        if (retainUntilProblem(retainUntil, session.now) !== undefined) {
          update('retain', session.key, { touched: true })
          return
        }
        update('retain', session.key, { status: 'saving', error: null })
        const sent = await send(session.copy, 'retain', session.jobs, retainUntil)
        if (sent === true) {
          if (get().retain?.key === session.key) set({ retain: null })
        } else {
          update('retain', session.key, { status: 'ready', error: sent })
        }
      },

      closeRetain: () => {
        openings++
        set({ retain: null })
      },
    }
  })
}
