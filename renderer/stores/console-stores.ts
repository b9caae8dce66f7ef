/**
 * Builds every feature store once over the console api and wires what crosses features: the selected node feeds
 * the contents tab, pushed events feed the tree, the lists and the Event Viewer, and a reconnection reloads.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { MenuAction } from '../../app/rules/context-menu'
import { nodeId, type TreeNode } from '../../app/model/tree'
import { assertNever } from '../../app/model/assert'
import { errorMessage, isCommandError, type ConnectionMonitor } from '../api/console-api'
import { createConnectionStore, type ConnectionStoreState, type ReportError } from './connection-store'
import { createCopyDialogStore, type CopyDialogState } from './copy-dialog-store'
import { createDeleteCopyStore, type DeleteCopyState } from './delete-copy-store'
import { createDialogsStore, type DialogsState } from './dialogs-store'
import { createEventsStore, type EventsState } from './events-store'
import { createNoticesStore, type NoticesState } from './notices-store'
import { createPolicyWizardStore, type PolicyWizardState } from './policy-wizard-store'
import { contentsTabId, createTabsStore, eventViewerTabId, type TabsState } from './tabs-store'
import { createTreeStore, type TreeState } from './tree-store'

/** Every feature store of the console, plus the cross-feature actions. */
export interface ConsoleStores {
  readonly tree: StoreApi<TreeState>
  readonly tabs: StoreApi<TabsState>
  readonly events: StoreApi<EventsState>
  readonly dialogs: StoreApi<DialogsState>
  readonly connection: StoreApi<ConnectionStoreState>
  readonly notices: StoreApi<NoticesState>
  /** Copy Properties (Create New Copy and an existing copy). */
  readonly copyDialog: StoreApi<CopyDialogState>
  /** The New Storage Policy wizard. */
  readonly policyWizard: StoreApi<PolicyWizardState>
  /** The Delete confirmation of a secondary copy. */
  readonly deleteCopy: StoreApi<DeleteCopyState>
  /** Subscribes to the api's events and the connection, and loads the tree; returns the teardown. */
  start(): () => void
  /** Runs a context menu action on a node. */
  runAction(action: MenuAction, node: TreeNode): void
  /** Refreshes what the user is looking at (F5, the toolbar's Refresh). */
  refreshView(): void
  /** Opens (or activates) the Event Viewer and loads it the first time. */
  openEventViewer(): void
}

/** Creates the console's stores over an api and the connection monitor of its transport. */
export function createConsoleStores(api: ConsoleApi, monitor: ConnectionMonitor): ConsoleStores {
  const notices = createNoticesStore()
  const report: ReportError = (error) => {
    // While the socket is down, the banner says so; every failed call need not repeat it.
    if (isCommandError(error) && error.code === 'unavailable' && monitor.getState() !== 'connected') return
    notices.getState().push(errorMessage(error))
  }
  const connection = createConnectionStore(api, monitor.getState(), report)
  const tree = createTreeStore(api, report)
  const tabs = createTabsStore(api, report)
  const events = createEventsStore(api, report)
  const dialogs = createDialogsStore(api, report)

  /**
   * Loads the path from the Policies folder down to a node just created (each level fresh, so the new node is
   * known whether or not `tree:changed` arrived first), then selects it, expands the way to it and scrolls to it.
   */
  const revealCreated = async (path: readonly string[], id: string): Promise<void> => {
    for (const parent of path) {
      if (tree.getState().nodes[parent] === undefined) break
      await tree.getState().loadChildren(parent)
    }
    const node = tree.getState().nodes[id]
    if (node !== undefined) tree.getState().open(node)
  }

  const copyDialog = createCopyDialogStore(api, {
    onCreated: (copy, form) => {
      notices.getState().push(`${copy.name} created in ${form.policyName}.`, 'success')
      const policyNode = nodeId('storagePolicy', form.storagePolicyId)
      void revealCreated(['policies', 'storagePolicies', policyNode], nodeId('copy', copy.id))
    },
    onSaved: (copy) => notices.getState().push(`Copy Properties of ${copy.name} saved.`, 'success'),
  })
  const policyWizard = createPolicyWizardStore(api, {
    policyNames: () => {
      const { childIds, nodes } = tree.getState()
      return (childIds.storagePolicies ?? []).flatMap((id) => nodes[id]?.name ?? [])
    },
    onCreated: ({ name, nodeId: id }) => {
      notices.getState().push(`Storage policy ${name} created with its Primary copy.`, 'success')
      void revealCreated(['policies', 'storagePolicies'], id)
    },
  })
  const deleteCopy = createDeleteCopyStore(api, {
    policyName: (storagePolicyId) => tree.getState().nodes[nodeId('storagePolicy', storagePolicyId)]?.name,
    onDeleted: (copyName, policyName) => notices.getState().push(`Copy ${copyName} deleted from ${policyName}.`, 'success'),
  })

  let treeRequested = false

  const refreshNode = (id: string): void => {
    void tree.getState().reloadNodes([id])
    void tabs.getState().reloadNodes([id])
  }

  const openEventViewer = (): void => {
    tabs.getState().openEventViewer()
    if (events.getState().status === 'idle' || events.getState().status === 'error') void events.getState().load()
  }

  return {
    tree,
    tabs,
    events,
    dialogs,
    connection,
    notices,
    copyDialog,
    policyWizard,
    deleteCopy,
    start: () => {
      const unsubscribers = [
        tree.subscribe((state, previous) => {
          if (state.selected !== previous.selected) tabs.getState().showNode(state.selected)
        }),
        api.on('tree:changed', ({ nodeIds }) => {
          void tree.getState().reloadNodes(nodeIds)
          void tabs.getState().reloadNodes(nodeIds)
        }),
        api.on('events:new', (event) => events.getState().add(event)),
        monitor.subscribe((state) => {
          const wasConnected = connection.getState().everConnected
          connection.getState().setState(state)
          if (state !== 'connected') return
          void connection.getState().loadInfo()
          if (!wasConnected) return
          // Back after a drop: whatever changed meanwhile was not pushed to us.
          void tree.getState().reloadAll()
          const active = tabs.getState().activeId
          if (active !== eventViewerTabId) void tabs.getState().reload(active)
          if (events.getState().status !== 'idle') void events.getState().load()
        }),
      ]
      // The monitor may have changed state between the store's creation and this subscription.
      connection.getState().setState(monitor.getState())
      void connection.getState().loadInfo()
      // React's StrictMode starts twice; the tree loads once.
      if (!treeRequested) {
        treeRequested = true
        void tree.getState().loadRoot()
      }
      return () => {
        for (const unsubscribe of unsubscribers) unsubscribe()
      }
    },
    runAction: (action, node) => {
      switch (action) {
        case 'refresh':
          refreshNode(node.id)
          return
        case 'properties':
          void dialogs.getState().openProperties(node)
          return
        case 'viewJobs':
          tabs.getState().openJobs(node)
          return
        case 'createCopy':
          void copyDialog.getState().openCreate(node)
          return
        case 'copyProperties':
          void copyDialog.getState().openEdit(node)
          return
        case 'deleteCopy':
          void deleteCopy.getState().open(node)
          return
        case 'newStoragePolicy':
          void policyWizard.getState().open()
          return
        default:
          assertNever(action, 'menu action')
      }
    },
    refreshView: () => {
      const { activeId, tabs: paneTabs } = tabs.getState()
      const active = paneTabs.find((tab) => tab.id === activeId)
      if (active?.kind === 'events') {
        void events.getState().load()
        return
      }
      const selected = tree.getState().selected
      if (activeId === contentsTabId && selected !== null) refreshNode(selected.id)
      else void tabs.getState().reload(activeId)
    },
    openEventViewer,
  }
}
