/**
 * A copy's View Jobs: the context menu of a job row (`copyJobMenuFor`: Delete on a secondary copy, for a job whose
 * data is there) and View Jobs > Delete, which first asks `copies:deleteJob` what would go (the job and the later
 * jobs of its cycle that restore through it), shows that in its confirmation, and deletes on Delete.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { DeleteJobResult } from '../../app/model/dedup'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { copyJobMenuFor, type CopyJobMenuAction, type CopyJobMenuItem } from '../../app/rules/context-menu'
import { errorMessage } from '../api/console-api'
import type { ReportError } from './connection-store'
import type { MenuPosition } from './dialogs-store'

/** The copy a View Jobs tab lists, as the menu learned it. */
export interface JobsCopy {
  readonly node: TreeNode
  readonly copyId: number
  readonly storagePolicyId: number
}

/** The open menu of a job row. */
export interface CopyJobMenuState {
  readonly copy: JobsCopy
  readonly jobId: number
  readonly position: MenuPosition
  readonly fromKeyboard: boolean
  readonly items: readonly CopyJobMenuItem[]
}

/** The open Delete Job confirmation, with what the CommServe said would go. */
export interface DeleteJobConfirmation {
  readonly key: number
  readonly copy: JobsCopy
  readonly jobId: number
  readonly copyName: string
  readonly jobs: DeleteJobResult['jobs']
  readonly status: 'ready' | 'deleting'
  /** Why the last Delete was refused (for example an auxiliary copy is writing the copy); Delete may be tried again. */
  readonly error: string | null
}

/** The View Jobs row menu and Delete Job state, with their actions. */
export interface DeleteJobState {
  readonly menu: CopyJobMenuState | null
  readonly confirmation: DeleteJobConfirmation | null
  /**
   * Opens the menu of a job row in a copy's View Jobs, once `copies:get` said whether the copy is the primary. A row
   * whose menu would be empty opens none.
   */
  openMenu(copyNode: TreeNode, row: { readonly jobId: number; readonly status: string }, position: MenuPosition, fromKeyboard: boolean): Promise<void>
  closeMenu(): void
  /** Runs a menu item (Delete: asks what would go, then shows the confirmation). */
  runMenuAction(action: CopyJobMenuAction): Promise<void>
  /** Delete in the confirmation. */
  confirm(): Promise<void>
  /** Cancel or Escape. */
  cancel(): void
}

/** What the store needs from the rest of the console. */
export interface DeleteJobHooks {
  /** A failure outside the confirmation (the copy or what would go could not be read). */
  readonly report: ReportError
  /** The jobs were deleted from the copy. */
  readonly onDeleted: (result: DeleteJobResult, copy: JobsCopy) => void
}

/** `job 123 (Full)`. */
const jobText = (job: DeleteJobResult['jobs'][number]): string => `${job.jobId} (${job.backupType})`

/**
 * The confirmation's question: the job, the jobs that restore through it (deleted with it), and that their data
 * leaves the copy for good.
 */
export function deleteJobQuestion(copyName: string, jobs: DeleteJobResult['jobs']): string {
  const [job, ...dependents] = jobs
  if (job === undefined) return ''
  const more =
    dependents.length === 0
      ? ''
      : dependents.length === 1
        ? ` Job ${jobText(dependents[0]!)} restores through it and is deleted too.`
        : ` Jobs ${dependents.map(jobText).join(', ')} restore through it and are deleted too.`
  const data = dependents.length === 0 ? 'Its data is' : 'Their data is'
  return `Delete job ${jobText(job)} from ${copyName}?${more} ${data} removed from the copy's mount path; this cannot be undone.`
}

/** The notice after a Delete: `Jobs 123, 124 deleted from Copy_3.` */
export function deletedJobsNotice(result: DeleteJobResult): string {
  const ids = result.jobs.map((job) => job.jobId).join(', ')
  return `${result.jobs.length === 1 ? 'Job' : 'Jobs'} ${ids} deleted from ${result.copy}.`
}

/** Creates the View Jobs row menu and Delete Job store over the console api. */
export function createDeleteJobStore(api: ConsoleApi, hooks: DeleteJobHooks): StoreApi<DeleteJobState> {
  let menuSeq = 0
  let openings = 0
  return createStore<DeleteJobState>()((set, get) => ({
    menu: null,
    confirmation: null,

    openMenu: async (copyNode, row, position, fromKeyboard) => {
      const seq = ++menuSeq
      set({ menu: null })
      const ref = parseNodeId(copyNode.id)
      if (ref?.kind !== 'copy') return
      try {
        const copy = await api.invoke('copies:get', { copyId: ref.id })
        if (seq !== menuSeq) return
        const items = copyJobMenuFor({ primaryCopy: copy.copyType === 'primary', status: row.status })
        if (items.length === 0) return
        const jobsCopy: JobsCopy = { node: copyNode, copyId: copy.id, storagePolicyId: copy.storagePolicyId }
        set({ menu: { copy: jobsCopy, jobId: row.jobId, position, fromKeyboard, items } })
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
      switch (action) {
        case 'deleteJob': {
          const key = ++openings
          try {
            // Asking changes nothing: the answer names what a Delete would remove.
            const answer = await api.invoke('copies:deleteJob', { copyId: menu.copy.copyId, backupJobId: menu.jobId, confirm: false })
            if (key !== openings) return
            set({
              confirmation: { key, copy: menu.copy, jobId: menu.jobId, copyName: answer.copy, jobs: answer.jobs, status: 'ready', error: null },
            })
          } catch (error) {
            if (key === openings) hooks.report(error)
          }
          return
        }
        default:
          action satisfies never
      }
    },

    confirm: async () => {
      const confirmation = get().confirmation
      if (confirmation?.status !== 'ready') return
      const { key, copy, jobId } = confirmation
      const update = (change: Partial<DeleteJobConfirmation>): void =>
        set((state) => (state.confirmation?.key === key ? { confirmation: { ...state.confirmation, ...change } } : state))
      update({ status: 'deleting', error: null })
      try {
        const result = await api.invoke('copies:deleteJob', { copyId: copy.copyId, backupJobId: jobId, confirm: true })
        if (get().confirmation?.key === key) set({ confirmation: null })
        hooks.onDeleted(result, copy)
      } catch (error) {
        // The confirmation stays, saying why (for example: an auxiliary copy is writing the copy); Delete may be tried again.
        update({ status: 'ready', error: errorMessage(error) })
      }
    },

    cancel: () => {
      openings++
      set({ confirmation: null })
    },
  }))
}
