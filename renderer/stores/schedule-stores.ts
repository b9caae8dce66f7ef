/**
 * The schedule features of the console, built once over the console api: the Schedule Policy dialog, Delete of a
 * schedule policy, a storage policy's Auxiliary Copy Schedules, Run Immediately and the test clock.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { CommCellInfo } from '../../app/model/commcell'
import type { SchedulePolicyDetails } from '../../app/model/schedule'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import type { NoticeSeverity } from './notices-store'
import { createDeleteSchedulePolicyStore, type DeleteSchedulePolicyState } from './delete-schedule-policy-store'
import { createPolicySchedulesStore, type PolicySchedulesState } from './policy-schedules-store'
import { createSchedulePolicyDialogStore, type SchedulePolicyDialogState } from './schedule-policy-store'
import { createTestClockStore, type TestClockState } from './test-clock-store'

/** The schedule stores and the actions that are not a dialog. */
export interface ScheduleStores {
  readonly schedulePolicyDialog: StoreApi<SchedulePolicyDialogState>
  readonly deleteSchedulePolicy: StoreApi<DeleteSchedulePolicyState>
  readonly policySchedules: StoreApi<PolicySchedulesState>
  readonly testClock: StoreApi<TestClockState>
  /** Run Immediately on a schedule policy node: every schedule of it runs now. */
  runNow(node: TreeNode): Promise<void>
  /** The CommServe's time now (the test clock's on a test console). */
  now(): number
}

/** What the schedule stores need from the rest of the console. */
export interface ScheduleStoreHooks {
  readonly notify: (message: string, severity: NoticeSeverity) => void
  readonly report: (error: unknown) => void
  /** Scheduled or immediate jobs started: say so and show them in the Job Controller. */
  readonly jobsStarted: (message: string) => void
  /** What `commcell:info` said, once it answered. */
  readonly info: () => CommCellInfo | null
  /** A schedule policy was saved (`created` for New Schedule Policy). */
  readonly onPolicySaved: (policy: SchedulePolicyDetails, created: boolean) => void
}

/** The notice of Run Immediately: the jobs it started, or that it had nothing to run. */
export function runNowMessage(policyName: string, jobIds: readonly number[]): string {
  // Said of an Auxiliary Copy policy (no copy free to copy to) and a Data Protection one (no subclient that can run) alike.
  if (jobIds.length === 0) return `Nothing to run: ${policyName} has nothing associated that can run now.`
  return `Started job(s) ${jobIds.join(', ')} for ${policyName}.`
}

/** Creates the schedule stores over the console api. */
export function createScheduleStores(api: ConsoleApi, hooks: ScheduleStoreHooks): ScheduleStores {
  const testClock = createTestClockStore(api, {
    onAdvanced: (_now, jobIds) => {
      if (jobIds.length > 0) hooks.notify(`Scheduled job(s) ${jobIds.join(', ')} started.`, 'info')
    },
    report: hooks.report,
  })
  const now = (): number => {
    const info = hooks.info()
    if (info?.testClock !== true) return Date.now()
    return testClock.getState().now ?? info.now
  }
  const schedulePolicyDialog = createSchedulePolicyDialogStore(api, {
    now,
    onSaved: (policy, created) => {
      hooks.notify(`Schedule policy ${policy.name} ${created ? 'created' : 'saved'}.`, 'success')
      hooks.onPolicySaved(policy, created)
    },
  })
  const deleteSchedulePolicy = createDeleteSchedulePolicyStore(api, {
    onDeleted: (policyName) => hooks.notify(`Schedule policy ${policyName} deleted.`, 'success'),
  })
  const policySchedules = createPolicySchedulesStore(api, {
    now,
    onSaved: (schedule) => hooks.notify(`Schedule ${schedule.name} saved.`, 'success'),
  })
  return {
    schedulePolicyDialog,
    deleteSchedulePolicy,
    policySchedules,
    testClock,
    now,
    runNow: async (node) => {
      const ref = parseNodeId(node.id)
      if (ref?.kind !== 'schedulePolicy') return
      try {
        const { jobIds } = await api.invoke('schedules:runNow', { schedulePolicyId: ref.id })
        if (jobIds.length === 0) hooks.notify(runNowMessage(node.name, jobIds), 'info')
        else hooks.jobsStarted(runNowMessage(node.name, jobIds))
      } catch (error) {
        hooks.report(error)
      }
    },
  }
}
