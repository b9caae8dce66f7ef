/** Selector hooks for the Job Controller store and the stores of the job dialogs. */
import { useStore } from 'zustand'
import type { AuxCopyDialogState } from './aux-copy-dialog-store'
import type { BackupDialogState } from './backup-dialog-store'
import type { VerificationDialogState } from './data-verification-dialog-store'
import type { JobHistoryState } from './job-history-store'
import type { JobsState } from './jobs-store'
import type { JobThroughputState } from './job-throughput-store'
import type { RestoreDialogState } from './restore-dialog-store'
import type { BrowseState } from './browse-store'
import { useStores } from './stores-context'
import type { SubclientDialogState } from './subclient-dialog-store'

/** Reads the Job Controller store through a selector. */
export function useJobsStore<T>(selector: (state: JobsState) => T): T {
  return useStore(useStores().jobs, selector)
}

/** Reads Job Details' throughput section store through a selector. */
export function useJobThroughputStore<T>(selector: (state: JobThroughputState) => T): T {
  return useStore(useStores().jobThroughput, selector)
}

/** Reads the Job History store (its filter dialog and row menu) through a selector. */
export function useJobHistoryStore<T>(selector: (state: JobHistoryState) => T): T {
  return useStore(useStores().jobHistory, selector)
}

/** Reads the Auxiliary Copy Job Options store through a selector. */
export function useAuxCopyDialogStore<T>(selector: (state: AuxCopyDialogState) => T): T {
  return useStore(useStores().auxCopyDialog, selector)
}

/** Reads the Data Verification dialog store through a selector. */
export function useVerificationDialogStore<T>(selector: (state: VerificationDialogState) => T): T {
  return useStore(useStores().verificationDialog, selector)
}

/** Reads the Backup Options store through a selector. */
export function useBackupDialogStore<T>(selector: (state: BackupDialogState) => T): T {
  return useStore(useStores().backupDialog, selector)
}

/** Reads the Browse and Restore store through a selector. */
export function useRestoreDialogStore<T>(selector: (state: RestoreDialogState) => T): T {
  return useStore(useStores().restoreDialog, selector)
}

/** Reads the browse view's store through a selector. */
export function useBrowseStore<T>(selector: (state: BrowseState) => T): T {
  return useStore(useStores().browse, selector)
}

/** Reads the Subclient Properties store through a selector. */
export function useSubclientDialogStore<T>(selector: (state: SubclientDialogState) => T): T {
  return useStore(useStores().subclientDialog, selector)
}
