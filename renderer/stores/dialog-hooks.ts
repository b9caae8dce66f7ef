/** Selector hooks for the stores of the copy and storage policy dialogs. */
import { useStore } from 'zustand'
import type { CopyDedupState } from './copy-dedup-store'
import type { CopyDialogState } from './copy-dialog-store'
import type { CopyVerificationState } from './copy-verification-store'
import type { DeleteCopyState } from './delete-copy-store'
import type { CopyJobsState } from './copy-jobs-store'
import type { PolicyPropertiesState } from './policy-properties-store'
import type { PolicyWizardState } from './policy-wizard-store'
import type { PromoteCopyState } from './promote-copy-store'
import type { ViewJobsFilterState } from './view-jobs-filter-store'
import { useStores } from './stores-context'

/** Reads the Copy Properties dialog store through a selector. */
export function useCopyDialogStore<T>(selector: (state: CopyDialogState) => T): T {
  return useStore(useStores().copyDialog, selector)
}

/** Reads the Copy Properties > Verification store through a selector. */
export function useCopyVerificationStore<T>(selector: (state: CopyVerificationState) => T): T {
  return useStore(useStores().copyVerification, selector)
}

/** Reads the Copy Properties > Deduplication figures store through a selector. */
export function useCopyDedupStore<T>(selector: (state: CopyDedupState) => T): T {
  return useStore(useStores().copyDedup, selector)
}

/** Reads the New Storage Policy wizard store through a selector. */
export function usePolicyWizardStore<T>(selector: (state: PolicyWizardState) => T): T {
  return useStore(useStores().policyWizard, selector)
}

/** Reads the Delete copy confirmation store through a selector. */
export function useDeleteCopyStore<T>(selector: (state: DeleteCopyState) => T): T {
  return useStore(useStores().deleteCopy, selector)
}

/** Reads the View Jobs row menu store (its marks, Retain Job, Delete) through a selector. */
export function useCopyJobsStore<T>(selector: (state: CopyJobsState) => T): T {
  return useStore(useStores().copyJobs, selector)
}

/** Reads a copy's View Jobs filter dialog store through a selector. */
export function useViewJobsFilterStore<T>(selector: (state: ViewJobsFilterState) => T): T {
  return useStore(useStores().viewJobsFilter, selector)
}

/** Reads the Promote to Primary store through a selector. */
export function usePromoteCopyStore<T>(selector: (state: PromoteCopyState) => T): T {
  return useStore(useStores().promoteCopy, selector)
}

/** Reads the Storage Policy Properties store through a selector. */
export function usePolicyPropertiesStore<T>(selector: (state: PolicyPropertiesState) => T): T {
  return useStore(useStores().policyProperties, selector)
}
