/** Backup Options of a subclient: the backup type (Incremental by default) and OK, which runs `backup:run` now. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { RunBackupInput } from '../../app/model/jobs'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'

/** The backup types the dialog offers, in its order. */
export const backupTypes: readonly RunBackupInput['backupType'][] = ['Full', 'Incremental', 'Differential']

/** One opening of the dialog. */
export interface BackupSession {
  readonly key: number
  readonly subclientId: number
  readonly subclientName: string
  readonly backupType: RunBackupInput['backupType']
  readonly status: 'ready' | 'running'
  /** Why the CommServe refused (no content, a missing folder, a tape primary copy...). */
  readonly error: string | null
}

/** The Backup Options state and its actions. */
export interface BackupDialogState {
  readonly session: BackupSession | null
  /** Opens the dialog on a subclient node. */
  open(subclient: TreeNode): void
  close(): void
  setBackupType(backupType: RunBackupInput['backupType']): void
  /** OK: starts the backup. */
  submit(): Promise<void>
}

/** What the console does once a job started. */
export interface BackupDialogHooks {
  readonly onStarted: (jobId: number, subclientName: string) => void
  readonly report: (message: string) => void
}

/** Creates the Backup Options store over the console api. */
export function createBackupDialogStore(api: ConsoleApi, hooks: BackupDialogHooks): StoreApi<BackupDialogState> {
  let openings = 0
  return createStore<BackupDialogState>()((set, get) => {
    const update = (key: number, change: Partial<BackupSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))
    return {
      session: null,
      open: (subclient) => {
        const ref = parseNodeId(subclient.id)
        if (ref?.kind !== 'subclient') {
          hooks.report(`${subclient.name} is not a subclient.`)
          return
        }
        set({
          session: { key: ++openings, subclientId: ref.id, subclientName: subclient.name, backupType: 'Incremental', status: 'ready', error: null },
        })
      },
      close: () => set({ session: null }),
      setBackupType: (backupType) => {
        const session = get().session
        if (session !== null) update(session.key, { backupType, error: null })
      },
      submit: async () => {
        const session = get().session
        if (session?.status !== 'ready') return
        const { key, subclientId, backupType, subclientName } = session
        update(key, { status: 'running', error: null })
        try {
          const { jobId } = await api.invoke('backup:run', { subclientId, backupType })
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onStarted(jobId, subclientName)
        } catch (error) {
          update(key, { status: 'ready', error: errorMessage(error) })
        }
      },
    }
  })
}
