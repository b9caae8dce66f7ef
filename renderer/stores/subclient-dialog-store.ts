/**
 * Subclient Properties: the subclient's name and storage policy (General, read-only), its content folders
 * (Content: add, remove), saved with `subclients:update`, and the Data Protection schedules covering it (Schedules).
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { CommandOutput, ConsoleApi } from '../../app/ipc/contract'
import { UpdateSubclientInput } from '../../app/model/jobs'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { schemaProblem } from './form-fields'

/** A subclient as the CommServe describes it. */
export type SubclientInfo = CommandOutput<'subclients:get'>

/** The dialog's tabs. */
export type SubclientTab = 'general' | 'content' | 'schedules'

/** One opening of the dialog. */
export interface SubclientSession {
  readonly key: number
  readonly node: TreeNode
  readonly status: 'loading' | 'ready' | 'saving' | 'error'
  readonly loadError: string | null
  readonly subclient: SubclientInfo | null
  readonly tab: SubclientTab
  /** The content folders as edited. */
  readonly content: readonly string[]
  /** The folder selected in the list (for Remove). */
  readonly selected: number | null
  /** The folder typed beside Add. */
  readonly newFolder: string
  /** What is wrong with the typed folder (shown beside it). */
  readonly newFolderProblem: string | null
  /** What is wrong with the list (shown beside it). */
  readonly contentProblem: string | null
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** The Subclient Properties state and its actions. */
export interface SubclientDialogState {
  readonly session: SubclientSession | null
  /** Opens the dialog on a subclient node and loads it. */
  open(subclient: TreeNode): Promise<void>
  close(): void
  setTab(tab: SubclientTab): void
  setNewFolder(text: string): void
  /** Add: checks the typed folder and appends it. */
  addFolder(): void
  select(index: number | null): void
  /** Remove: takes the selected folder out. */
  removeSelected(): void
  /** OK: saves the content when it changed. */
  save(): Promise<void>
}

/** What the console does once saved. */
export interface SubclientDialogHooks {
  readonly onSaved: (subclient: SubclientInfo) => void
}

/** Why a typed folder cannot be added, or undefined when it can. */
export function newFolderProblem(text: string, content: readonly string[]): string | undefined {
  const problem = schemaProblem(UpdateSubclientInput.shape.content.element, text)
  if (problem !== undefined) return problem
  return content.includes(text.trim()) ? `${text.trim()} is already in the content.` : undefined
}

/** Why the list cannot be saved, or undefined when it can. */
export function contentProblem(content: readonly string[]): string | undefined {
  return schemaProblem(UpdateSubclientInput.shape.content, [...content])
}

/** Creates the Subclient Properties store over the console api. */
export function createSubclientDialogStore(api: ConsoleApi, hooks: SubclientDialogHooks): StoreApi<SubclientDialogState> {
  let openings = 0
  let focusSeq = 0
  return createStore<SubclientDialogState>()((set, get) => {
    const update = (key: number, change: Partial<SubclientSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))
    const current = (): SubclientSession | null => get().session

    return {
      session: null,

      open: async (node) => {
        const key = ++openings
        set({
          session: {
            key,
            node,
            status: 'loading',
            loadError: null,
            subclient: null,
            tab: 'general',
            content: [],
            selected: null,
            newFolder: '',
            newFolderProblem: null,
            contentProblem: null,
            formError: null,
            focus: null,
          },
        })
        try {
          const ref = parseNodeId(node.id)
          if (ref?.kind !== 'subclient') throw new Error(`${node.name} is not a subclient.`)
          const subclient = await api.invoke('subclients:get', { subclientId: ref.id })
          update(key, { status: 'ready', subclient, content: subclient.content })
        } catch (error) {
          update(key, { status: 'error', loadError: errorMessage(error) })
        }
      },

      close: () => set({ session: null }),

      setTab: (tab) => {
        const session = current()
        if (session !== null) update(session.key, { tab })
      },

      setNewFolder: (text) => {
        const session = current()
        if (session !== null) update(session.key, { newFolder: text, newFolderProblem: null })
      },

      addFolder: () => {
        const session = current()
        if (session?.status !== 'ready') return
        const problem = newFolderProblem(session.newFolder, session.content)
        if (problem !== undefined) {
          update(session.key, { newFolderProblem: problem, focus: { field: 'newFolder', seq: ++focusSeq } })
          return
        }
        const content = [...session.content, session.newFolder.trim()]
        update(session.key, { content, selected: content.length - 1, newFolder: '', newFolderProblem: null, contentProblem: null, formError: null })
      },

      select: (index) => {
        const session = current()
        if (session !== null) update(session.key, { selected: index })
      },

      removeSelected: () => {
        const session = current()
        if (session?.status !== 'ready' || session.selected === null) return
        const content = session.content.filter((_folder, index) => index !== session.selected)
        const selected = content.length === 0 ? null : Math.min(session.selected, content.length - 1)
        update(session.key, { content, selected, contentProblem: null, formError: null })
      },

      save: async () => {
        const session = current()
        if (session?.status !== 'ready' || session.subclient === null) return
        const { key, subclient } = session
        // A folder typed but not added would be lost without a word.
        if (session.newFolder.trim() !== '') {
          update(key, {
            tab: 'content',
            newFolderProblem: 'Click Add to add this folder to the content, or clear it.',
            focus: { field: 'newFolder', seq: ++focusSeq },
          })
          return
        }
        const problem = contentProblem(session.content)
        if (problem !== undefined) {
          update(key, { tab: 'content', contentProblem: problem, focus: { field: 'newFolder', seq: ++focusSeq } })
          return
        }
        const unchanged = session.content.length === subclient.content.length && session.content.every((folder, index) => folder === subclient.content[index])
        if (unchanged) {
          set({ session: null })
          return
        }
        update(key, { status: 'saving', formError: null })
        try {
          const saved = await api.invoke('subclients:update', { subclientId: subclient.id, content: [...session.content] })
          if (current()?.key !== key) return
          set({ session: null })
          hooks.onSaved(saved)
        } catch (error) {
          if (current()?.key !== key) return
          const field = isCommandError(error) ? error.field : undefined
          if (field === 'content' || field?.startsWith('content.') === true) {
            update(key, { status: 'ready', tab: 'content', contentProblem: errorMessage(error) })
          } else {
            update(key, { status: 'ready', formError: errorMessage(error) })
          }
        }
      },
    }
  })
}
