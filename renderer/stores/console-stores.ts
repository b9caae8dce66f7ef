/**
 * Builds every feature store once over the console api and wires what crosses features: the selected node feeds
 * the contents tab, pushed events feed the tree, the lists, the Event Viewer and the Job Controller, a job started
 * from a dialog opens the Job Controller, and a reconnection reloads.
 */
import type { StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { MenuAction } from '../../app/rules/context-menu'
import { nodeId, parseNodeId, type TreeNode } from '../../app/model/tree'
import { commServeNow } from '../format/commserve-clock'
import { assertNever } from '../../app/model/assert'
import { errorMessage, isCommandError, type ConnectionMonitor } from '../api/console-api'
import { createAlertsStore, type AlertsState } from './alerts-store'
import { createAuxCopyDialogStore, type AuxCopyDialogState } from './aux-copy-dialog-store'
import { createBackupDialogStore, type BackupDialogState } from './backup-dialog-store'
import { createConnectionStore, type ConnectionStoreState, type ReportError } from './connection-store'
import { createCopyDialogStore, type CopyDialogState } from './copy-dialog-store'
import { createCopyLagStore, type CopyLagState } from './copy-lag-store'
import { createCopyDedupStore, type CopyDedupState } from './copy-dedup-store'
import { createCopyVerificationStore, type CopyVerificationState } from './copy-verification-store'
import { createVerificationDialogStore, type VerificationDialogState } from './data-verification-dialog-store'
import { createDataAgingStore, type DataAgingState } from './data-aging-store'
import { createDeleteCopyStore, type DeleteCopyState } from './delete-copy-store'
import { createCopyJobsStore, type CopyJobsState } from './copy-jobs-store'
import { createViewJobsFilterStore, type ViewJobsFilterState } from './view-jobs-filter-store'
import { createDialogsStore, type DialogsState } from './dialogs-store'
import { createEventsStore, type EventsState } from './events-store'
import { createJobHistoryStore, type JobHistoryState } from './job-history-store'
import { createJobsStore, type JobsState } from './jobs-store'
import { createKeysStore, type KeysState } from './keys-store'
import { createJobThroughputStore, type JobThroughputState } from './job-throughput-store'
import { createAddMediaStore, type AddMediaState } from './add-media-store'
import { createLibraryPropertiesStore, type LibraryPropertiesState } from './library-properties-store'
import { createLibraryUsageStore, type LibraryUsageState } from './library-usage-store'
import { createMediaStore, type MediaState } from './media-store'
import { createNextAuxCopyStore, type NextAuxCopyState } from './next-aux-copy-store'
import { createNoticesStore, type NoticesState } from './notices-store'
import { createPolicyPropertiesStore, type PolicyPropertiesState } from './policy-properties-store'
import { createPromoteCopyStore, type PromoteCopyState } from './promote-copy-store'
import { createPolicyWizardStore, type PolicyWizardState } from './policy-wizard-store'
import { createRestoreDialogStore, type RestoreDialogState } from './restore-dialog-store'
import { createBrowseStore, type BrowseState } from './browse-store'
import { createSubclientDialogStore, type SubclientDialogState } from './subclient-dialog-store'
import { alertsTabId, browseTabId, contentsTabId, createTabsStore, eventViewerTabId, jobControllerTabId, type TabsState } from './tabs-store'
import { createTreeStore, type TreeState } from './tree-store'
import { createScheduleStores, type ScheduleStores } from './schedule-stores'

/** How often ended jobs older than 5 minutes are forgotten. */
const jobPruneIntervalMs = 10_000

/** Every feature store of the console, plus the cross-feature actions. */
export interface ConsoleStores {
  readonly tree: StoreApi<TreeState>
  readonly tabs: StoreApi<TabsState>
  readonly events: StoreApi<EventsState>
  /** The Alerts view: open alerts and those cleared lately. */
  readonly alerts: StoreApi<AlertsState>
  readonly dialogs: StoreApi<DialogsState>
  readonly connection: StoreApi<ConnectionStoreState>
  readonly notices: StoreApi<NoticesState>
  /** Copy Properties (Create New Copy and an existing copy). */
  readonly copyDialog: StoreApi<CopyDialogState>
  /** Copy Properties > Verification: the copy's jobs with when each was last verified. */
  readonly copyVerification: StoreApi<CopyVerificationState>
  /** Copy Properties > Deduplication of a deduplicated copy: its DDB's live figures. */
  readonly copyDedup: StoreApi<CopyDedupState>
  /** The New Storage Policy wizard. */
  readonly policyWizard: StoreApi<PolicyWizardState>
  /** The Delete confirmation of a secondary copy. */
  readonly deleteCopy: StoreApi<DeleteCopyState>
  /** All Tasks > Promote to Primary on a secondary copy: its confirmation. */
  readonly promoteCopy: StoreApi<PromoteCopyState>
  /** Storage Policy Properties: Device Streams and the copies' precedence order. */
  readonly policyProperties: StoreApi<PolicyPropertiesState>
  /** A copy's View Jobs: the job row menu and Delete Job with its confirmation. */
  readonly copyJobs: StoreApi<CopyJobsState>
  /** The copy lag charts above a secondary copy's lists and a storage policy's copy list. */
  readonly copyLag: StoreApi<CopyLagState>
  readonly viewJobsFilter: StoreApi<ViewJobsFilterState>
  /** The Job Controller's jobs, its row menu, Kill question and Job Details. */
  readonly jobs: StoreApi<JobsState>
  /** Job Details > Throughput: the open job's throughput over time. */
  readonly jobThroughput: StoreApi<JobThroughputState>
  /** The CommCell's Job History: its filter dialog and the menu of its rows (Details). */
  readonly jobHistory: StoreApi<JobHistoryState>
  /** Auxiliary Copy Job Options. */
  readonly auxCopyDialog: StoreApi<AuxCopyDialogState>
  /** Data Verification of a storage policy's copy. */
  readonly verificationDialog: StoreApi<VerificationDialogState>
  /** Data Aging run now from the CommCell. */
  readonly dataAging: StoreApi<DataAgingState>
  /** Backup Options of a subclient. */
  readonly backupDialog: StoreApi<BackupDialogState>
  /** Browse and Restore Options of a subclient. */
  readonly restoreDialog: StoreApi<RestoreDialogState>
  /** The browse view of Browse and Restore, with its Restore Options. */
  readonly browse: StoreApi<BrowseState>
  /** Subclient Properties. */
  readonly subclientDialog: StoreApi<SubclientDialogState>
  /** Schedule policies, a storage policy's Auxiliary Copy Schedules, Run Immediately and the test clock. */
  readonly schedules: ScheduleStores
  /** A medium's View Contents, a copy's View Media, Mark Full and Mark Bad. */
  readonly media: StoreApi<MediaState>
  /** Add Media on a scratch pool. */
  readonly addMedia: StoreApi<AddMediaState>
  /** Library Properties of a tape library (its media capacity). */
  readonly libraryProperties: StoreApi<LibraryPropertiesState>
  /** The storage use chart of the library shown. */
  readonly libraryUsage: StoreApi<LibraryUsageState>
  /** What the next aux copy would copy to the secondary copy shown. */
  readonly nextAuxCopy: StoreApi<NextAuxCopyState>
  /** The CommServe's encryption keys and the Unlock Encryption Keys dialog. */
  readonly keys: StoreApi<KeysState>
  /** Subscribes to the api's events and the connection, and loads the tree; returns the teardown. */
  start(): () => void
  /** Runs a context menu action on a node. */
  runAction(action: MenuAction, node: TreeNode): void
  /** Refreshes what the user is looking at (F5, the toolbar's Refresh). */
  refreshView(): void
  /** Opens (or activates) the Event Viewer and loads it the first time. */
  openEventViewer(): void
  /** Opens (or activates) the Job Controller and loads its jobs. */
  openJobController(): void
  /** Opens (or activates) the Alerts view and loads its alerts. */
  openAlerts(): void
  /** Run Auxiliary Copy at CommCell level (the toolbar): the dialog lists the policies with secondary copies. */
  openAuxCopy(): void
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
  const alerts = createAlertsStore(api, report)
  const dialogs = createDialogsStore(api, report)

  /**
   * Loads the path from the Policies folder down to a node just created (each level fresh, so the new node is
   * known whether or not `tree:changed` arrived first), then selects it, expands the way to it and scrolls to it.
   */
  /**
   * Loads the path to a node just created and selects it, unless the user selected another node while the path
   * loaded (a late selection must never take the place of the user's click).
   */
  const revealCreated = async (path: readonly string[], id: string): Promise<void> => {
    const selectedBefore = tree.getState().selected?.id
    for (const parent of path) {
      if (tree.getState().nodes[parent] === undefined) break
      await tree.getState().loadChildren(parent)
    }
    const node = tree.getState().nodes[id]
    if (node !== undefined && tree.getState().selected?.id === selectedBefore) tree.getState().open(node)
  }

  const copyDialog = createCopyDialogStore(api, {
    onCreated: (copy, form) => {
      notices.getState().push(`${copy.name} created in ${form.policyName}.`, 'success')
      const policyNode = nodeId('storagePolicy', form.storagePolicyId)
      void revealCreated(['policies', 'storagePolicies', policyNode], nodeId('copy', copy.id))
    },
    onSaved: (copy) => notices.getState().push(`Copy Properties of ${copy.name} saved.`, 'success'),
  })
  const copyVerification = createCopyVerificationStore(api)
  const jobThroughput = createJobThroughputStore(api)
  const copyDedup = createCopyDedupStore(api)
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
  // The tree and the lists follow from the tree:changed the service pushes (the copy list shows the new order).
  const promoteCopy = createPromoteCopyStore(api, {
    onPromoted: (result) =>
      notices.getState().push(`${result.copy} is now the primary copy of ${result.policy}; ${result.formerPrimary} is a secondary copy.`, 'success'),
  })
  const policyProperties = createPolicyPropertiesStore(api, {
    onSaved: (policy) => notices.getState().push(`Storage Policy Properties of ${policy.name} saved.`, 'success'),
  })

  const copyJobs = createCopyJobsStore(api, {
    report,
    onChanged: (notice, copy) => {
      notices.getState().push(notice, 'success')
      // The copy's View Jobs shows their new state; the policy's list and View Jobs (Savings, states) change too.
      void tabs.getState().reloadNodes([copy.node.id, nodeId('storagePolicy', copy.storagePolicyId)])
    },
  })

  const viewJobsFilter = createViewJobsFilterStore(api, { onApply: (node, filter) => tabs.getState().filterJobs(node, filter) })

  const jobs = createJobsStore(api, report)
  const jobHistory = createJobHistoryStore(api, {
    onApply: (node, filter) => tabs.getState().openJobHistory(node, filter),
    // A Job History row's Details are the Job Controller's dialog.
    openDetails: (jobId) => void jobs.getState().openDetails(jobId),
  })

  /** The storage policy of the node selected in the tree: the policy itself, or the policy of a selected copy. */
  const selectedPolicyId = (): number | null => {
    const { selected, parentIds } = tree.getState()
    for (let id = selected?.id; id !== undefined; id = parentIds[id]) {
      const ref = parseNodeId(id)
      if (ref?.kind === 'storagePolicy') return ref.id
      if (ref?.kind !== 'copy') return null
    }
    return null
  }

  const openJobController = (): void => {
    tabs.getState().openJobController()
    void jobs.getState().load()
  }
  /** A job started from a dialog: say so, and show it running in the Job Controller. */
  const jobStarted = (message: string): void => {
    notices.getState().push(message, 'success')
    openJobController()
  }
  const auxCopyDialog = createAuxCopyDialogStore(api, {
    onStarted: (jobId) => jobStarted(`Auxiliary copy job ${jobId} started.`),
  })
  const verificationDialog = createVerificationDialogStore(api, {
    onStarted: (jobId, copyName) => jobStarted(`Data Verification job ${jobId} of ${copyName} started.`),
  })
  const dataAging = createDataAgingStore(api, (jobId) => jobStarted(`Data Aging job ${jobId} started.`))
  const backupDialog = createBackupDialogStore(api, {
    onStarted: (jobId, subclientName) => jobStarted(`Backup job ${jobId} of ${subclientName} started.`),
    report: (message) => notices.getState().push(message),
  })
  const browse = createBrowseStore(api, {
    onStarted: (jobId) => jobStarted(`Restore job ${jobId} started.`),
    onOpened: (label) => tabs.getState().openBrowse(label),
  })
  // Closing the browse tab ends the browse (what it read goes with it).
  tabs.subscribe((state) => {
    if (browse.getState().session !== null && !state.tabs.some((tab) => tab.id === browseTabId)) browse.getState().close()
  })
  const restoreDialog = createRestoreDialogStore(api, {
    onBrowsed: (opening) => void browse.getState().open(opening, opening.root.subclient),
  })
  const subclientDialog = createSubclientDialogStore(api, {
    onSaved: (subclient) => notices.getState().push(`Subclient Properties of ${subclient.name} saved.`, 'success'),
  })
  const schedules = createScheduleStores(api, {
    notify: (message, severity) => notices.getState().push(message, severity),
    report,
    jobsStarted: jobStarted,
    info: () => connection.getState().info,
    onPolicySaved: (policy, created) => {
      if (created) void revealCreated(['policies', 'schedulePolicies'], nodeId('schedulePolicy', policy.id))
    },
  })

  /** The CommServe's time now (a test clock's where it stands). */
  const commServeTime = (): number => {
    const { info, infoAt } = connection.getState()
    return commServeNow({ info, infoAt, testNow: schedules.testClock.getState().now }, Date.now())
  }
  const copyLag = createCopyLagStore(api, { now: commServeTime, report })

  const media = createMediaStore(api, {
    report,
    onMarked: (barcode, mark) => notices.getState().push(`${barcode} marked ${mark}.`, 'success'),
  })
  const addMedia = createAddMediaStore(api, {
    onAdded: (barcodes, poolName) => {
      const named = barcodes.length <= 3 ? barcodes.join(', ') : `${barcodes[0]} to ${barcodes.at(-1)}`
      notices.getState().push(`${barcodes.length} media added to ${poolName}: ${named}.`, 'success')
    },
  })
  const libraryProperties = createLibraryPropertiesStore(api, {
    onSaved: (library, capacityMb) => notices.getState().push(`Media capacity of ${library.name} set to ${capacityMb} MB.`, 'success'),
  })

  const libraryUsage = createLibraryUsageStore(api)
  const nextAuxCopy = createNextAuxCopyStore(api)
  const keys = createKeysStore(api)

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
    alerts,
    dialogs,
    connection,
    notices,
    copyDialog,
    copyVerification,
    copyDedup,
    policyWizard,
    deleteCopy,
    promoteCopy,
    policyProperties,
    copyJobs,
    copyLag,
    viewJobsFilter,
    jobs,
    jobThroughput,
    jobHistory,
    auxCopyDialog,
    verificationDialog,
    dataAging,
    backupDialog,
    restoreDialog,
    browse,
    subclientDialog,
    schedules,
    media,
    addMedia,
    libraryProperties,
    libraryUsage,
    nextAuxCopy,
    keys,
    start: () => {
      // Locked keys are asked for once, as the console starts.
      void keys.getState().load()
      const unsubscribers = [
        tree.subscribe((state, previous) => {
          if (state.selected !== previous.selected) tabs.getState().showNode(state.selected)
        }),
        copyDialog.subscribe((state, previous) => {
          const session = state.session
          const before = previous.session
          if (session?.key !== before?.key) {
            copyVerification.getState().reset()
            copyDedup.getState().reset()
          }
          // Another tab chosen, or OK bringing a field with a problem forward: a form page shows again.
          else if (session?.tab !== before?.tab || session?.focus !== before?.focus) copyVerification.getState().hide()
          // A deduplicated copy's DDB figures: asked as its Copy Properties open, and again when the tab is shown.
          const copy = session?.copy
          if (copy?.dedup === true) {
            const opened = before?.key !== session?.key || before?.copy == null
            const tabShown = session?.tab === 'deduplication' && before?.tab !== 'deduplication'
            if (opened || tabShown) void copyDedup.getState().load(copy.id)
          }
        }),
        api.on('tree:changed', ({ nodeIds }) => {
          void tree.getState().reloadNodes(nodeIds)
          void tabs.getState().reloadNodes(nodeIds)
        }),
        api.on('events:new', (event) => events.getState().add(event)),
        api.on('alerts:changed', ({ alerts: changed }) => alerts.getState().apply(changed)),
        api.on('jobs:progress', ({ jobs: rows }) => jobs.getState().applyProgress(rows)),
        monitor.subscribe((state) => {
          const wasConnected = connection.getState().everConnected
          connection.getState().setState(state)
          if (state !== 'connected') return
          void connection.getState().loadInfo()
          if (!wasConnected) return
          // Back after a drop: whatever changed meanwhile was not pushed to us (a restarted CommServe's keys are locked again).
          void keys.getState().load()
          void tree.getState().reloadAll()
          const active = tabs.getState().activeId
          if (active !== eventViewerTabId) void tabs.getState().reload(active)
          if (events.getState().status !== 'idle') void events.getState().load()
          if (alerts.getState().status !== 'idle') void alerts.getState().load()
          // Progress pushed while the socket was down is lost: the Job Controller asks for the whole list again.
          if (jobs.getState().wasLoaded()) void jobs.getState().load()
        }),
      ]
      // Ended jobs leave after 5 minutes of CommServe time (a test clock's, where it stands).
      const pruneTimer = setInterval(() => {
        jobs.getState().prune(commServeTime())
      }, jobPruneIntervalMs)
      // The monitor may have changed state between the store's creation and this subscription.
      connection.getState().setState(monitor.getState())
      void connection.getState().loadInfo()
      // React's StrictMode starts twice; the tree loads once.
      if (!treeRequested) {
        treeRequested = true
        void tree.getState().loadRoot()
      }
      return () => {
        clearInterval(pruneTimer)
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
        case 'backupHistory':
          tabs.getState().openJobs(node)
          return
        case 'jobHistory':
          void jobHistory.getState().open(node)
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
        case 'promoteToPrimary':
          void promoteCopy.getState().open(node)
          return
        case 'policyProperties':
          void policyProperties.getState().open(node)
          return
        case 'newStoragePolicy':
          void policyWizard.getState().open()
          return
        case 'runAuxCopy':
          void auxCopyDialog.getState().open(node)
          return
        case 'dataVerification':
          void verificationDialog.getState().open(node)
          return
        case 'dataAging':
          dataAging.getState().open()
          return
        case 'backup':
          backupDialog.getState().open(node)
          return
        case 'browseAndRestore':
          void restoreDialog.getState().open(node)
          return
        case 'subclientProperties':
          void subclientDialog.getState().open(node)
          return
        case 'newSchedulePolicy':
          void schedules.schedulePolicyDialog.getState().openCreate()
          return
        case 'schedulePolicyProperties':
          void schedules.schedulePolicyDialog.getState().openEdit(node)
          return
        case 'deleteSchedulePolicy':
          void schedules.deleteSchedulePolicy.getState().open(node)
          return
        case 'runSchedulePolicy':
          void schedules.runNow(node)
          return
        case 'policySchedules':
          void schedules.policySchedules.getState().open(node)
          return
        case 'libraryProperties':
          void libraryProperties.getState().open(node)
          return
        case 'addMedia':
          addMedia.getState().open(node)
          return
        case 'viewMediaContents':
          void media.getState().openContents(node)
          return
        case 'markMediaFull':
          void media.getState().markFull(node)
          return
        case 'markMediaBad':
          void media.getState().askMarkBad(node)
          return
        case 'viewMedia':
          void media.getState().openCopyMedia(node)
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
      if (active?.id === jobControllerTabId) {
        void jobs.getState().load()
        return
      }
      if (active?.id === alertsTabId) {
        void alerts.getState().load()
        return
      }
      const selected = tree.getState().selected
      if (activeId === contentsTabId && selected !== null) refreshNode(selected.id)
      else void tabs.getState().reload(activeId)
    },
    openEventViewer,
    openJobController,
    openAlerts: () => {
      tabs.getState().openAlerts()
      void alerts.getState().load()
    },
    // The toolbar's Run Auxiliary Copy: the storage policy selected in the tree (or the one of its selected copy) first.
    openAuxCopy: () => void auxCopyDialog.getState().open(null, selectedPolicyId()),
  }
}
