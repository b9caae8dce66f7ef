/**
 * Job History (right-click the CommCell): the Job History Filter dialog (what `jobs:historyForm` offered, the
 * operation, storage policy, client, job status and time range the user chose, the problems to show beside each
 * field; OK opens the Job History tab on the filter), and the context menu of a Job History row (Details).
 */
import dayjs, { type Dayjs } from 'dayjs'
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { HistoryJobStatus, HistoryTimeRange, JobHistoryFilter, JobHistoryFormData } from '../../app/model/job-history'
import type { Operation } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import { historyJobMenuFor, type HistoryJobMenuAction } from '../../app/rules/context-menu'
import { jobHistoryProblems } from '../../app/rules/job-history'
import { errorMessage } from '../api/console-api'
import type { MenuPosition } from './dialogs-store'
import { filterSessionActions, visibleTimeProblem, type FilterSession, type TimeField } from './filter-session'

/** How many days before the CommServe's today a specified time range starts by default. */
export const defaultRangeDays = 7

/** The dialog's fields as the user set them; null is All. */
export interface JobHistoryValues {
  readonly operation: Operation | null
  readonly storagePolicyId: number | null
  readonly clientId: number | null
  readonly status: HistoryJobStatus | null
  readonly timeRange: HistoryTimeRange
  /** Specify Time Range: the Start Time date as the picker holds it (possibly incomplete while being typed). */
  readonly startDate: Dayjs | null
  /** Specify Time Range: the End Time date. */
  readonly endDate: Dayjs | null
}

/** One opening of the Job History Filter. */
export interface JobHistorySession extends FilterSession<JobHistoryValues> {
  /** The CommCell node whose Job History the filter opens. */
  readonly node: TreeNode
  readonly loadError: string | null
  readonly form: JobHistoryFormData | null
}

/** The open context menu of a Job History row. */
export interface HistoryJobMenuState {
  readonly jobId: number
  readonly position: MenuPosition
  readonly fromKeyboard: boolean
  readonly items: readonly { readonly action: HistoryJobMenuAction; readonly label: string }[]
}

/** The Job History Filter and row menu state, with their actions. */
export interface JobHistoryState {
  readonly session: JobHistorySession | null
  readonly menu: HistoryJobMenuState | null
  /** Right-click the CommCell > Job History: opens the filter with the last filter applied (All at first). */
  open(node: TreeNode): Promise<void>
  /** Cancel or Escape: nothing changes. */
  close(): void
  setValue<K extends keyof JobHistoryValues>(field: K, value: JobHistoryValues[K]): void
  touch(field: TimeField): void
  /** OK: validates, then opens (or refreshes) the Job History tab on the filter. */
  submit(): void
  openMenu(jobId: number, position: MenuPosition, fromKeyboard: boolean): void
  closeMenu(): void
  runMenuAction(action: HistoryJobMenuAction): void
}

/** What the console does with an applied filter and a row's Details. */
export interface JobHistoryHooks {
  readonly onApply: (node: TreeNode, filter: JobHistoryFilter) => void
  readonly openDetails: (jobId: number) => void
}

/** The defaults: every job (All in each list and time range); a specified range would be the last week to today. */
export function defaultHistoryValues(now: number): JobHistoryValues {
  const today = dayjs(now).startOf('day')
  return {
    operation: null,
    storagePolicyId: null,
    clientId: null,
    status: null,
    timeRange: 'all',
    startDate: today.subtract(defaultRangeDays, 'day'),
    endDate: today,
  }
}

/** A picked date as the filter takes it: epoch ms of its local start (or end) of day; NaN while incomplete; null if none. */
export function dateValue(date: Dayjs | null, end: boolean): number | null {
  if (date === null) return null
  if (!date.isValid()) return Number.NaN
  return (end ? date.endOf('day') : date.startOf('day')).valueOf()
}

/** The filter the values make: Start Time from the start of its day, End Time to the end of its day. */
export function historyFilterOf(values: JobHistoryValues): JobHistoryFilter {
  const specify = values.timeRange === 'specify'
  return {
    operation: values.operation,
    storagePolicyId: values.storagePolicyId,
    clientId: values.clientId,
    status: values.status,
    timeRange: values.timeRange,
    startTime: specify ? dateValue(values.startDate, false) : null,
    endTime: specify ? dateValue(values.endDate, true) : null,
  }
}

/** The problem to show beside a field now: the rule's, once the field was touched or OK was pressed. */
export function historyVisibleProblem(session: JobHistorySession, field: TimeField): string | undefined {
  return visibleTimeProblem(session, field, (values) => jobHistoryProblems(historyFilterOf(values)))
}

/** Creates the Job History store over the console api. */
export function createJobHistoryStore(api: ConsoleApi, hooks: JobHistoryHooks): StoreApi<JobHistoryState> {
  let openings = 0
  /** The last filter applied, offered again at the next opening. */
  let lastApplied: JobHistoryValues | null = null

  return createStore<JobHistoryState>()((set, get) => {
    const update = (key: number, change: Partial<JobHistorySession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))

    return {
      session: null,
      menu: null,

      open: async (node) => {
        const key = ++openings
        set({
          session: {
            key, node, status: 'loading', loadError: null, form: null, values: defaultHistoryValues(Date.now()),
            touched: {}, submitted: false, focus: null,
          },
        })
        try {
          const form = await api.invoke('jobs:historyForm', {})
          const defaults = defaultHistoryValues(form.now)
          // A policy or client chosen last time that is gone since is All again.
          const values =
            lastApplied === null
              ? defaults
              : {
                  ...lastApplied,
                  storagePolicyId: form.storagePolicies.some((policy) => policy.id === lastApplied?.storagePolicyId) ? lastApplied.storagePolicyId : null,
                  clientId: form.clients.some((client) => client.id === lastApplied?.clientId) ? lastApplied.clientId : null,
                }
          update(key, { status: 'ready', form, values })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      ...filterSessionActions(() => get().session, update, {
        problems: (values) => jobHistoryProblems(historyFilterOf(values)),
        apply: (session) => {
          lastApplied = session.values
          set({ session: null })
          hooks.onApply(session.node, historyFilterOf(session.values))
        },
      }),

      openMenu: (jobId, position, fromKeyboard) => set({ menu: { jobId, position, fromKeyboard, items: historyJobMenuFor() } }),
      closeMenu: () => set({ menu: null }),
      runMenuAction: (action) => {
        const menu = get().menu
        set({ menu: null })
        if (menu === null) return
        switch (action) {
          case 'details':
            hooks.openDetails(menu.jobId)
            return
          default:
            action satisfies never
        }
      },
    }
  })
}
