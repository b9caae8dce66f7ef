/**
 * The browse view of Browse and Restore: a subclient's content as one backup job saw it (the job View Content
 * found), a folder tree and the open folder's list, files and folders selected with their check boxes, and the
 * Restore Options dialog that restores the selection (`restore:run`). Every folder is read once from the browse
 * index (`restore:browse`), pinned to that job.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { splitStoredPath, type BrowseEntry, type OverwriteMode } from '../../app/model/browse'
import { RunRestoreInput } from '../../app/model/jobs'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { schemaProblem } from './form-fields'
import type { BrowseOpening } from './restore-dialog-store'

/** A folder as loaded: its entries, or why it could not be read. */
export interface FolderState {
  readonly status: 'loading' | 'ready' | 'error'
  readonly entries: readonly BrowseEntry[]
  readonly error: string | null
}

/** The Restore Options for All Selected Items dialog's fields. */
export interface RestoreOptionValues {
  /** `In Place` (true) or `Out of Place` (false, the default). */
  readonly inPlace: boolean
  readonly destination: string
  readonly overwrite: OverwriteMode
}

/** One opening of the Restore Options dialog. */
export interface RestoreOptionsSession {
  readonly status: 'ready' | 'running'
  readonly values: RestoreOptionValues
  readonly submitted: boolean
  readonly destinationTouched: boolean
  readonly serverError: string | null
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** One browse: the job it shows and what the user opened and selected in it. */
export interface BrowseSession {
  readonly key: number
  readonly subclientId: number
  readonly subclientName: string
  /** `Latest Data` (null) or the Browse Date asked for. */
  readonly asked: number | null
  readonly copyId: number | null
  readonly copyName: string | null
  readonly backupJobId: number
  readonly backupType: string
  readonly backupTime: number
  readonly folders: Readonly<Record<string, FolderState>>
  /** Folders open in the tree. */
  readonly expanded: readonly string[]
  /** The folder the list shows. */
  readonly current: string
  /** The stored paths selected (a folder stands for everything under it); never one under another. */
  readonly selected: readonly string[]
  readonly restore: RestoreOptionsSession | null
}

/** The browse state and its actions. */
export interface BrowseState {
  readonly session: BrowseSession | null
  /** Shows what View Content browsed, opening down the content's single folders. */
  open(opening: BrowseOpening, subclientName: string): Promise<void>
  close(): void
  /** Shows a folder in the list (reading it if needed), opening the tree down to it. */
  openFolder(path: string): Promise<void>
  /** Opens or closes a folder in the tree. */
  toggleExpanded(path: string): Promise<void>
  /** Checks or clears a file's or folder's box. */
  setSelected(path: string, checked: boolean): void
  /** Checks or clears every entry of the open folder. */
  setAllSelected(checked: boolean): void
  /** Recover All Selected: opens the Restore Options dialog. */
  openRestore(): void
  closeRestore(): void
  setRestoreValue<K extends keyof RestoreOptionValues>(field: K, value: RestoreOptionValues[K]): void
  touchDestination(): void
  /** OK in Restore Options: starts the restore of the selection. */
  submitRestore(): Promise<void>
}

/** What the console does once a restore started. */
export interface BrowseHooks {
  readonly onStarted: (jobId: number) => void
  /** The browse view's tab is shown (or closed, when the browse ends). */
  readonly onOpened: (label: string) => void
}

/** The parent folder of a stored path ('' for a top-level one). */
export function parentOf(path: string): string {
  return splitStoredPath(path)[0]
}

/** The folders from the root down to `path` (without the root, with `path`). */
export function foldersDownTo(path: string): string[] {
  if (path === '') return []
  const parts = path.split('/')
  return parts.map((_part, index) => parts.slice(0, index + 1).join('/'))
}

/** Whether `path` is `ancestor` or lies under it. */
const isUnder = (path: string, ancestor: string): boolean => ancestor === '' || path === ancestor || path.startsWith(`${ancestor}/`)

/** Whether a path's box shows checked: it or a folder above it is selected. */
export function isChecked(selected: readonly string[], path: string): boolean {
  return selected.some((chosen) => isUnder(path, chosen))
}

/** Whether a folder holds a selection without being selected itself (its box shows a dash). */
export function isPartlyChecked(selected: readonly string[], path: string): boolean {
  return !isChecked(selected, path) && selected.some((chosen) => chosen !== path && isUnder(chosen, path))
}

/**
 * The selection after a box changes. Checking adds the path (and drops what it covers); clearing a path a selected
 * folder covers replaces that folder, level by level down to the path, by its other entries (all read already: the
 * path was shown through them).
 */
export function changeSelection(selected: readonly string[], path: string, checked: boolean, folders: Readonly<Record<string, FolderState>>): string[] {
  if (checked) return isChecked(selected, path) ? [...selected] : [...selected.filter((chosen) => !isUnder(chosen, path)), path]
  const cover = selected.find((chosen) => isUnder(path, chosen))
  if (cover === undefined) return [...selected]
  const next = selected.filter((chosen) => chosen !== cover)
  const levels = [cover, ...foldersDownTo(path).filter((folder) => folder.length > cover.length && folder !== path)]
  if (cover === path) return next
  for (const level of levels) {
    const onTheWay = foldersDownTo(path).find((folder) => parentOf(folder) === level)
    for (const entry of folders[level]?.entries ?? []) if (entry.path !== onTheWay) next.push(entry.path)
  }
  return next
}

/** The tab label of a browse (`finance (Latest Data)`, `finance (11/30/2026 13:00)`). */
export function browseLabel(subclientName: string, asked: number | null): string {
  if (asked === null) return `${subclientName} (Latest Data)`
  const date = new Date(asked)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${subclientName} (${pad(date.getMonth() + 1)}/${pad(date.getDate())}/${date.getFullYear()} ${pad(date.getHours())}:${pad(date.getMinutes())})`
}

/** The deepest folder opening from `path` down through folders that hold one folder and nothing else. */
const singleFolderDepth = 64

/** Creates the browse store over the console api. */
export function createBrowseStore(api: ConsoleApi, hooks: BrowseHooks): StoreApi<BrowseState> {
  let openings = 0
  let focusSeq = 0
  return createStore<BrowseState>()((set, get) => {
    const update = (key: number, change: (session: BrowseSession) => Partial<BrowseSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change(state.session) } } : state))
    const updateRestore = (key: number, change: Partial<RestoreOptionsSession>): void =>
      update(key, (session) => (session.restore === null ? {} : { restore: { ...session.restore, ...change } }))

    /** Reads a folder once, pinned to the session's job (a later backup never mixes in). */
    const load = async (key: number, path: string): Promise<void> => {
      const session = get().session
      if (session?.key !== key || session.folders[path]?.status === 'ready' || session.folders[path]?.status === 'loading') return
      update(key, (current) => ({ folders: { ...current.folders, [path]: { status: 'loading', entries: [], error: null } } }))
      let state: FolderState
      try {
        const result = await api.invoke('restore:browse', { subclientId: session.subclientId, at: session.backupTime, copyId: session.copyId, folder: path })
        state =
          result.backupJobId === session.backupJobId
            ? { status: 'ready', entries: result.entries, error: null }
            : { status: 'error', entries: [], error: `Backup job ${session.backupJobId} can no longer be read from here; browse again.` }
      } catch (error) {
        state = { status: 'error', entries: [], error: errorMessage(error) }
      }
      update(key, (current) => ({ folders: { ...current.folders, [path]: state } }))
    }

    const openFolder = async (key: number, path: string): Promise<void> => {
      // The tree opens down to the folder and shows the folders in it.
      update(key, (session) => ({ current: path, expanded: [...new Set([...session.expanded, ...foldersDownTo(path)])] }))
      await load(key, path)
    }

    return {
      session: null,

      open: async (opening, subclientName) => {
        const key = ++openings
        const { root } = opening
        set({
          session: {
            key, subclientId: opening.subclientId, subclientName, asked: opening.at, copyId: opening.copyId, copyName: root.copyName,
            backupJobId: root.backupJobId, backupType: root.backupType, backupTime: root.backupTime,
            folders: { '': { status: 'ready', entries: root.entries, error: null } }, expanded: [], current: '', selected: [], restore: null,
          },
        })
        hooks.onOpened(browseLabel(subclientName, opening.at))
        // Down through folders holding a single folder and nothing else, to where the content starts.
        let path = ''
        for (let depth = 0; depth < singleFolderDepth; depth += 1) {
          const folder = get().session?.key === key ? get().session!.folders[path] : undefined
          const only = folder?.status === 'ready' && folder.entries.length === 1 ? folder.entries[0]! : undefined
          if (only?.kind !== 'folder') break
          path = only.path
          await openFolder(key, path)
        }
      },

      close: () => set({ session: null }),

      openFolder: async (path) => {
        const session = get().session
        if (session !== null) await openFolder(session.key, path)
      },

      toggleExpanded: async (path) => {
        const session = get().session
        if (session === null) return
        if (session.expanded.includes(path)) {
          update(session.key, (current) => ({ expanded: current.expanded.filter((folder) => folder !== path) }))
          return
        }
        update(session.key, (current) => ({ expanded: [...current.expanded, path] }))
        await load(session.key, path)
      },

      setSelected: (path, checked) => {
        const session = get().session
        if (session === null) return
        update(session.key, (current) => ({ selected: changeSelection(current.selected, path, checked, current.folders) }))
      },

      setAllSelected: (checked) => {
        const session = get().session
        if (session === null) return
        update(session.key, (current) => ({
          selected: (current.folders[current.current]?.entries ?? []).reduce<string[]>((selected, entry) => changeSelection(selected, entry.path, checked, current.folders), [...current.selected]),
        }))
      },

      openRestore: () => {
        const session = get().session
        if (session === null || session.selected.length === 0) return
        update(session.key, () => ({
          restore: {
            status: 'ready', values: { inPlace: false, destination: '', overwrite: 'never' }, submitted: false, destinationTouched: false, serverError: null, formError: null, focus: null,
          },
        }))
      },

      closeRestore: () => {
        const session = get().session
        if (session !== null) update(session.key, () => ({ restore: null }))
      },

      setRestoreValue: (field, value) => {
        const session = get().session
        if (session?.restore == null) return
        const values = { ...session.restore.values, [field]: value }
        updateRestore(session.key, { values, serverError: null, formError: null, ...(field === 'destination' ? { destinationTouched: true } : {}) })
      },

      touchDestination: () => {
        const session = get().session
        if (session?.restore != null) updateRestore(session.key, { destinationTouched: true })
      },

      submitRestore: async () => {
        const session = get().session
        const restore = session?.restore
        if (session == null || restore == null || restore.status !== 'ready') return
        const { key } = session
        const { values } = restore
        if (!values.inPlace && restoreDestinationProblem(values) !== undefined) {
          updateRestore(key, { submitted: true, focus: { field: 'destination', seq: ++focusSeq } })
          return
        }
        updateRestore(key, { submitted: true, status: 'running', formError: null })
        try {
          const { jobId } = await api.invoke('restore:run', {
            backupJobId: session.backupJobId,
            copyId: session.copyId,
            destination: values.inPlace ? null : values.destination.trim(),
            paths: [...session.selected].sort(),
            overwrite: values.overwrite,
          })
          if (get().session?.key !== key) return
          update(key, () => ({ restore: null }))
          hooks.onStarted(jobId)
        } catch (error) {
          if (get().session?.key !== key) return
          const field = isCommandError(error) ? error.field : undefined
          if (field === 'destination') updateRestore(key, { status: 'ready', serverError: errorMessage(error), focus: { field: 'destination', seq: ++focusSeq } })
          else updateRestore(key, { status: 'ready', formError: errorMessage(error) })
        }
      },
    }
  })
}

/** The Destination folder's problem (Out of Place only), with the contract's message. */
export function restoreDestinationProblem(values: RestoreOptionValues): string | undefined {
  if (values.inPlace) return undefined
  return schemaProblem(RunRestoreInput.shape.destination.unwrap(), values.destination)
}

/** The Destination folder's problem to show now: the CommServe's, else the rule's once touched or after OK. */
export function visibleDestinationProblem(restore: RestoreOptionsSession): string | undefined {
  if (restore.serverError !== null) return restore.serverError
  if (!(restore.submitted || restore.destinationTouched)) return undefined
  return restoreDestinationProblem(restore.values)
}
