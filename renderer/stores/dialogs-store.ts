/** What floats above the layout: the node context menu, the Properties dialog and the About dialog. */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { PropertySheet } from '../../app/model/contents'
import type { MenuFacts } from '../../app/rules/context-menu'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'
import type { ReportError } from './connection-store'

/** Where a context menu opens, in viewport pixels. */
export interface MenuPosition {
  readonly top: number
  readonly left: number
}

/** The open context menu: whose it is and where. */
export interface ContextMenuState {
  readonly node: TreeNode
  readonly position: MenuPosition
  /** Whether it was opened from the keyboard (its first item then takes focus). */
  readonly fromKeyboard: boolean
  /** What was learned about the node before the menu opened (a copy: whether it is the primary; a policy: whether it has an active secondary copy). */
  readonly facts: MenuFacts
}

/** The open Properties dialog. */
export interface PropertiesState {
  readonly node: TreeNode
  readonly status: 'loading' | 'ready' | 'error'
  readonly sheet: PropertySheet | null
  readonly error: string | null
}

/** The dialogs state and its actions. */
export interface DialogsState {
  readonly contextMenu: ContextMenuState | null
  readonly properties: PropertiesState | null
  readonly aboutOpen: boolean
  /**
   * Opens a node's context menu at a position. A copy's menu opens once `copies:get` said whether it is the
   * primary copy, so Delete is listed only for a secondary copy (and View Media only for a copy on tape); a storage
   * policy's once `auxcopy:form` said whether it has an active secondary copy, so Run Auxiliary Copy is listed only
   * when it can run; a library's once `libraries:get` said whether it is a tape library; a medium's once `media:get`
   * said its state, so only the marks it can take are listed.
   */
  openContextMenu(node: TreeNode, position: MenuPosition, fromKeyboard?: boolean): Promise<void>
  /** Closes the context menu. */
  closeContextMenu(): void
  /** Opens a node's Properties dialog and loads its property sheet. */
  openProperties(node: TreeNode): Promise<void>
  /** Closes the Properties dialog. */
  closeProperties(): void
  /** Opens or closes the About dialog. */
  setAboutOpen(open: boolean): void
}

/** The node kinds whose menus depend on more than their kind (see `MenuFacts`); the others open at once. */
const kindsWithMenuFacts: ReadonlySet<string> = new Set(['copy', 'storagePolicy', 'library', 'media', 'schedulePolicy'])

/** Creates the dialogs store over the console api. */
export function createDialogsStore(api: ConsoleApi, report: ReportError): StoreApi<DialogsState> {
  let requestSeq = 0
  let menuSeq = 0
  return createStore<DialogsState>()((set) => ({
    contextMenu: null,
    properties: null,
    aboutOpen: false,
    openContextMenu: async (node, position, fromKeyboard = false) => {
      const seq = ++menuSeq
      if (!kindsWithMenuFacts.has(parseNodeId(node.id)?.kind ?? node.kind)) {
        set({ contextMenu: { node, position, fromKeyboard, facts: {} } })
        return
      }
      set({ contextMenu: null })
      let facts: MenuFacts = {}
      try {
        // One request whatever the node: the CommServe reads what the menu needs from its catalog.
        facts = await api.invoke('node:menu', { nodeId: node.id })
      } catch (error) {
        // The menu still opens, without the items that need what could not be learned.
        if (seq === menuSeq) report(error)
      }
      if (seq === menuSeq) set({ contextMenu: { node, position, fromKeyboard, facts } })
    },
    closeContextMenu: () => {
      menuSeq++
      set({ contextMenu: null })
    },
    openProperties: async (node) => {
      const seq = ++requestSeq
      set({ properties: { node, status: 'loading', sheet: null, error: null } })
      try {
        const sheet = await api.invoke('node:properties', { nodeId: node.id })
        if (seq === requestSeq) set({ properties: { node, status: 'ready', sheet, error: null } })
      } catch (error) {
        if (seq !== requestSeq) return
        set({ properties: { node, status: 'error', sheet: null, error: errorMessage(error) } })
        report(error)
      }
    },
    closeProperties: () => {
      requestSeq++
      set({ properties: null })
    },
    setAboutOpen: (open) => set({ aboutOpen: open }),
  }))
}
