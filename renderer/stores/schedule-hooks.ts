/** Selector hooks for the schedule stores. */
import { useStore } from 'zustand'
import type { DeleteSchedulePolicyState } from './delete-schedule-policy-store'
import type { PolicySchedulesState } from './policy-schedules-store'
import type { SchedulePolicyDialogState } from './schedule-policy-store'
import { useStores } from './stores-context'
import type { TestClockState } from './test-clock-store'

/** Reads the Schedule Policy dialog store through a selector. */
export function useSchedulePolicyDialogStore<T>(selector: (state: SchedulePolicyDialogState) => T): T {
  return useStore(useStores().schedules.schedulePolicyDialog, selector)
}

/** Reads the Delete schedule policy store through a selector. */
export function useDeleteSchedulePolicyStore<T>(selector: (state: DeleteSchedulePolicyState) => T): T {
  return useStore(useStores().schedules.deleteSchedulePolicy, selector)
}

/** Reads the Auxiliary Copy Schedules store through a selector. */
export function usePolicySchedulesStore<T>(selector: (state: PolicySchedulesState) => T): T {
  return useStore(useStores().schedules.policySchedules, selector)
}

/** Reads the test clock store through a selector. */
export function useTestClockStore<T>(selector: (state: TestClockState) => T): T {
  return useStore(useStores().schedules.testClock, selector)
}
