/**
 * A copy's View Jobs filter dialog (`Filter...` in View Jobs): Job Type, Job Status on the copy and Time Range (as
 * the Job History Filter's, with its Start Time and End Time); OK lists the matching jobs in the copy's View Jobs tab.
 */
import dayjs, { type Dayjs } from 'dayjs'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { ViewJobsFilter } from '../../app/model/copy-jobs'
import type { BackupType, JobCopyStatus } from '../../app/model/entities'
import type { HistoryTimeRange } from '../../app/model/job-history'
import type { TreeNode } from '../../app/model/tree'
import { unfilteredViewJobs, viewJobsProblems } from '../../app/rules/view-jobs-filter'
import { errorMessage } from '../api/console-api'
import { filterSessionActions, visibleTimeProblem, type FilterSession, type TimeField } from './filter-session'
import { dateValue, defaultHistoryValues } from './job-history-store'

/** The dialog's fields as the user set them; null is All. */
export interface ViewJobsValues {
  readonly backupType: BackupType | null
  readonly status: JobCopyStatus | null
  readonly timeRange: HistoryTimeRange
  /** Specify Time Range: the Start Time date as the picker holds it. */
  readonly startDate: Dayjs | null
  readonly endDate: Dayjs | null
}

/** One opening of the View Jobs filter. */
export interface ViewJobsFilterSession extends FilterSession<ViewJobsValues> {
  /** The copy whose View Jobs the filter applies to. */
  readonly node: TreeNode
  readonly loadError: string | null
}

/** The View Jobs filter dialog's state and actions. */
export interface ViewJobsFilterState {
  readonly session: ViewJobsFilterSession | null
  /** `Filter...` in a copy's View Jobs: opens the dialog on the filter the tab follows (All when none). */
  open(node: TreeNode, current: ViewJobsFilter | undefined): Promise<void>
  close(): void
  setValue<K extends keyof ViewJobsValues>(field: K, value: ViewJobsValues[K]): void
  touch(field: TimeField): void
  /** OK: validates, then lists the copy's jobs through the filter. */
  submit(): void
}

/** What the console does with an applied filter. */
export interface ViewJobsFilterHooks {
  readonly onApply: (node: TreeNode, filter: ViewJobsFilter) => void
}

/** The filter the values make: Start Time from the start of its day, End Time to the end of its day. */
export function viewJobsFilterOf(values: ViewJobsValues): ViewJobsFilter {
  const specify = values.timeRange === 'specify'
  return {
    backupType: values.backupType,
    status: values.status,
    timeRange: values.timeRange,
    startTime: specify ? dateValue(values.startDate, false) : null,
    endTime: specify ? dateValue(values.endDate, true) : null,
  }
}

/** The dialog's values for a filter, at the CommServe's `now` (a specified range shows its own dates). */
function valuesOf(filter: ViewJobsFilter, now: number): ViewJobsValues {
  const defaults = defaultHistoryValues(now)
  return {
    backupType: filter.backupType,
    status: filter.status,
    timeRange: filter.timeRange,
    startDate: filter.startTime === null ? defaults.startDate : dayjs(filter.startTime),
    endDate: filter.endTime === null ? defaults.endDate : dayjs(filter.endTime),
  }
}

/** The problem to show beside a time field now: once touched or OK was pressed. */
export function viewJobsVisibleProblem(session: ViewJobsFilterSession, field: TimeField): string | undefined {
  return visibleTimeProblem(session, field, (values) => viewJobsProblems(viewJobsFilterOf(values)))
}

/** Creates the View Jobs filter store over the console api. */
export function createViewJobsFilterStore(api: ConsoleApi, hooks: ViewJobsFilterHooks): StoreApi<ViewJobsFilterState> {
  let openings = 0
  return createStore<ViewJobsFilterState>()((set, get) => {
    const update = (key: number, change: Partial<ViewJobsFilterSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))
    return {
      session: null,

      open: async (node, current) => {
        const key = ++openings
        const filter = current ?? unfilteredViewJobs
        set({
          session: { key, node, status: 'loading', loadError: null, values: valuesOf(filter, Date.now()), touched: {}, submitted: false, focus: null },
        })
        try {
          // A specified range starts at the week before the CommServe's today (a test clock's, too).
          const { now } = await api.invoke('commcell:info', {})
          update(key, { status: 'ready', values: valuesOf(filter, now) })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      ...filterSessionActions(() => get().session, update, {
        problems: (values) => viewJobsProblems(viewJobsFilterOf(values)),
        apply: (session) => {
          set({ session: null })
          hooks.onApply(session.node, viewJobsFilterOf(session.values))
        },
      }),
    }
  })
}
