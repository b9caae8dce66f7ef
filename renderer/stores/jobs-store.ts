/**
 * The Job Controller: the running and recent jobs (server data, loaded with `jobs:list` and kept live by the rows
 * `jobs:progress` pushes), the list's sort, and the UI around a job row (its context menu, the Kill question and
 * the Job Details dialog).
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { isActiveStatus, type JobAction, type JobDetails, type JobRow } from '../../app/model/jobs'
import type { JobMenuAction } from '../../app/rules/context-menu'
import { errorMessage } from '../api/console-api'
import { nextSort, type SortState } from '../format/cell-format'
import type { ReportError } from './connection-store'
import type { MenuPosition } from './dialogs-store'

/** How long an ended job stays in the Job Controller (the product's 5 minutes; the server's list does the same). */
export const endedJobVisibleMs = 5 * 60 * 1000

/** The Job Controller's default order: newest job first. */
export const defaultJobSort: SortState = { key: 'jobId', direction: 'desc' }

/** Jobs by id. */
export type JobsById = Readonly<Record<number, JobRow>>

/** Whether a job still shows at `now`: it has not ended, or ended less than 5 minutes ago. */
export function isJobVisible(job: JobRow, now: number): boolean {
  return job.endTime === null || now - job.endTime < endedJobVisibleMs
}

/**
 * Merges changed rows into the known ones by job id. A job never comes back from an end, so an ended row is not
 * replaced by an active one of the same job (a late push cannot bring a finished job back to life).
 */
export function mergeJobRows(current: JobsById, incoming: readonly JobRow[]): JobsById {
  if (incoming.length === 0) return current
  const next: Record<number, JobRow> = { ...current }
  for (const row of incoming) {
    const known = next[row.jobId]
    if (known !== undefined && !isActiveStatus(known.status) && isActiveStatus(row.status)) continue
    next[row.jobId] = row
  }
  return next
}

/**
 * The rows after a `jobs:list` answer: the list is complete as of its answer (rows pushed before it are older), so
 * it replaces the known rows and drops the jobs it no longer holds; a job already seen ended stays ended.
 */
export function replaceJobRows(current: JobsById, list: readonly JobRow[]): JobsById {
  const next: Record<number, JobRow> = {}
  for (const row of list) {
    const known = current[row.jobId]
    next[row.jobId] = known !== undefined && !isActiveStatus(known.status) && isActiveStatus(row.status) ? known : row
  }
  return next
}

/** The jobs that still show at `now`. */
export function visibleJobs(jobs: JobsById, now: number): JobRow[] {
  return Object.values(jobs).filter((job) => isJobVisible(job, now))
}

/** The counts of the Job Controller's status line. */
export interface JobCounts {
  readonly total: number
  readonly running: number
  readonly pending: number
  readonly waiting: number
  readonly suspended: number
}

/** Counts jobs by the statuses the status line shows. */
export function countJobs(jobs: readonly JobRow[]): JobCounts {
  const count = (status: JobRow['status']): number => jobs.filter((job) => job.status === status).length
  return { total: jobs.length, running: count('Running'), pending: count('Pending'), waiting: count('Waiting'), suspended: count('Suspended') }
}

/** The open context menu of a job row. */
export interface JobMenuState {
  readonly jobId: number
  readonly position: MenuPosition
  readonly fromKeyboard: boolean
}

/** The open Kill question. */
export interface KillPrompt {
  readonly jobId: number
  readonly busy: boolean
  readonly error: string | null
}

/** The open Job Details dialog. */
export interface JobDetailsSession {
  readonly jobId: number
  readonly status: 'loading' | 'ready' | 'error'
  /** The last details loaded; kept while they reload. */
  readonly details: JobDetails | null
  readonly error: string | null
}

/** The Job Controller state and its actions. */
export interface JobsState {
  readonly jobs: JobsById
  readonly status: 'idle' | 'loading' | 'ready' | 'error'
  readonly error: string | null
  readonly sort: SortState
  readonly menu: JobMenuState | null
  readonly killPrompt: KillPrompt | null
  readonly details: JobDetailsSession | null

  /** Loads the running and recent jobs (the Job Controller opened, a refresh, a reconnection). */
  load(): Promise<void>
  /** Whether the list was asked for (a reconnection reloads it only then). */
  wasLoaded(): boolean
  /** Merges the rows `jobs:progress` pushed. */
  applyProgress(rows: readonly JobRow[]): void
  /** Forgets jobs that ended more than 5 minutes before `now`. */
  prune(now: number): void
  /** Sorts by a column (a second click reverses). */
  sortBy(key: string): void
  /** Opens a job row's context menu. */
  openMenu(jobId: number, position: MenuPosition, fromKeyboard: boolean): void
  closeMenu(): void
  /** Runs a menu item: Suspend and Resume at once, Kill after its question, Details in its dialog. */
  runMenuAction(action: JobMenuAction, jobId: number): void
  /** Suspend, Resume or Kill a job now. */
  control(jobId: number, action: JobAction): Promise<void>
  /** Kill's question answered Kill. */
  confirmKill(): Promise<void>
  /** Kill's question answered Cancel. */
  cancelKill(): void
  /** Opens a job's Details and loads them. */
  openDetails(jobId: number): Promise<void>
  closeDetails(): void
}

/** Creates the Job Controller store over the console api. */
export function createJobsStore(api: ConsoleApi, report: ReportError): StoreApi<JobsState> {
  let requested = false
  let loadSeq = 0
  let detailsSeq = 0

  return createStore<JobsState>()((set, get) => {
    const loadDetails = async (jobId: number): Promise<void> => {
      const seq = ++detailsSeq
      try {
        const details = await api.invoke('jobs:details', { jobId })
        if (seq !== detailsSeq || get().details?.jobId !== jobId) return
        set({ details: { jobId, status: 'ready', details, error: null } })
        set((state) => ({ jobs: state.jobs[jobId] === undefined ? state.jobs : mergeJobRows(state.jobs, [details.job]) }))
      } catch (error) {
        if (seq !== detailsSeq || get().details?.jobId !== jobId) return
        set((state) => (state.details === null ? state : { details: { ...state.details, status: 'error', error: errorMessage(error) } }))
      }
    }

    return {
      jobs: {},
      status: 'idle',
      error: null,
      sort: defaultJobSort,
      menu: null,
      killPrompt: null,
      details: null,

      load: async () => {
        requested = true
        const seq = ++loadSeq
        set({ status: 'loading', error: null })
        try {
          const { jobs } = await api.invoke('jobs:list', { limit: 1000, beforeId: null })
          if (seq !== loadSeq) return
          set((state) => ({ jobs: replaceJobRows(state.jobs, jobs), status: 'ready' }))
        } catch (error) {
          if (seq !== loadSeq) return
          set({ status: 'error', error: errorMessage(error) })
          report(error)
        }
      },

      wasLoaded: () => requested,

      applyProgress: (rows) => {
        const before = get()
        set({ jobs: mergeJobRows(before.jobs, rows) })
        // An open Details dialog reloads its items when its job changes status (it ended, or was suspended).
        const open = before.details
        if (open === null) return
        const changed = rows.find((row) => row.jobId === open.jobId)
        const known = before.jobs[open.jobId]?.status ?? open.details?.job.status
        if (changed !== undefined && changed.status !== known) void loadDetails(open.jobId)
      },

      prune: (now) => {
        const { jobs } = get()
        const stale = Object.values(jobs).filter((job) => !isJobVisible(job, now))
        if (stale.length === 0) return
        const next: Record<number, JobRow> = { ...jobs }
        for (const job of stale) delete next[job.jobId]
        set({ jobs: next })
      },

      sortBy: (key) => set((state) => ({ sort: nextSort(state.sort, key) })),

      openMenu: (jobId, position, fromKeyboard) => set({ menu: { jobId, position, fromKeyboard } }),
      closeMenu: () => set({ menu: null }),

      runMenuAction: (action, jobId) => {
        set({ menu: null })
        switch (action) {
          case 'suspend':
          case 'resume':
            void get().control(jobId, action)
            return
          case 'kill':
            set({ killPrompt: { jobId, busy: false, error: null } })
            return
          case 'details':
            void get().openDetails(jobId)
            return
          default:
            action satisfies never
        }
      },

      control: async (jobId, action) => {
        try {
          const row = await api.invoke('jobs:control', { jobId, action })
          set((state) => ({ jobs: mergeJobRows(state.jobs, [row]) }))
        } catch (error) {
          report(error)
        }
      },

      confirmKill: async () => {
        const prompt = get().killPrompt
        if (prompt === null || prompt.busy) return
        set({ killPrompt: { ...prompt, busy: true, error: null } })
        try {
          const row = await api.invoke('jobs:control', { jobId: prompt.jobId, action: 'kill' })
          set((state) => ({ jobs: mergeJobRows(state.jobs, [row]), killPrompt: null }))
        } catch (error) {
          // The question stays, saying why (for example: the job ended meanwhile).
          set((state) =>
            state.killPrompt?.jobId === prompt.jobId ? { killPrompt: { ...prompt, busy: false, error: errorMessage(error) } } : state,
          )
        }
      },

      cancelKill: () => set({ killPrompt: null }),

      openDetails: async (jobId) => {
        set({ details: { jobId, status: 'loading', details: null, error: null } })
        await loadDetails(jobId)
      },

      closeDetails: () => {
        detailsSeq++
        set({ details: null })
      },
    }
  })
}
