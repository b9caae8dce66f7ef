/** The console window: menu bar, toolbar, banner, tree and tabbed content, status bar, and the overlays. */
import Box from '@mui/material/Box'
import { useEffect } from 'react'
import { AddMediaDialog } from '../dialogs/add-media-dialog'
import { AuxCopyOptionsDialog } from '../dialogs/aux-copy-options-dialog'
import { BackupOptionsDialog } from '../dialogs/backup-options-dialog'
import { CopyPropertiesDialog } from '../dialogs/copy-properties-dialog'
import { DataVerificationDialog } from '../dialogs/data-verification-dialog'
import { DataAgingDialog } from '../dialogs/data-aging-dialog'
import { DeleteCopyDialog } from '../dialogs/delete-copy-dialog'
import { PromoteCopyDialog } from '../dialogs/promote-copy-dialog'
import { StoragePolicyPropertiesDialog } from '../dialogs/storage-policy-properties-dialog'
import { DeleteJobDialog, MarkJobsDialog } from '../dialogs/copy-job-confirmations'
import { RetainJobDialog } from '../dialogs/retain-job-dialog'
import { ViewJobsFilterDialog } from '../dialogs/view-jobs-filter-dialog'
import { JobDetailsDialog } from '../dialogs/job-details-dialog'
import { JobHistoryFilterDialog } from '../dialogs/job-history-filter-dialog'
import { LibraryPropertiesDialog } from '../dialogs/library-properties-dialog'
import { MarkMediaBadDialog } from '../dialogs/mark-media-bad-dialog'
import { MediaListDialog } from '../dialogs/media-list-dialog'
import { NewStoragePolicyDialog } from '../dialogs/new-storage-policy-dialog'
import { RestoreDialog } from '../dialogs/restore-dialog'
import { SubclientPropertiesDialog } from '../dialogs/subclient-properties-dialog'
import { PolicySchedulesDialog } from '../dialogs/policy-schedules-dialog'
import { DeleteSchedulePolicyDialog, SchedulePolicyDialog } from '../dialogs/schedule-policy-dialog'
import { useConnectionStore, useStores } from '../stores/stores-context'
import { layout } from '../theme'
import { AboutDialog } from './about-dialog'
import { ConnectionBanner } from './connection-banner'
import { ContentTabs } from './content-tabs'
import { CopyJobContextMenu } from './copy-job-context-menu'
import { HistoryJobContextMenu } from './history-job-context-menu'
import { JobContextMenu, KillJobDialog } from './job-context-menu'
import { MainToolbar } from './main-toolbar'
import { MenuBar } from './menu-bar'
import { NodeContextMenu } from './node-context-menu'
import { NoticeSnackbar } from './notice-snackbar'
import { PropertiesDialog } from './properties-dialog'
import { StatusBar } from './status-bar'
import { TreePane } from './tree-pane'
import { UnlockKeysDialog } from '../dialogs/unlock-keys-dialog'

/** The whole console. */
export function AppShell() {
  const stores = useStores()
  const commCellName = useConnectionStore((state) => state.info?.name ?? null)

  useEffect(() => stores.start(), [stores])

  useEffect(() => {
    document.title = commCellName === null ? 'CommCell Browser' : `CommCell Browser - ${commCellName}`
  }, [commCellName])

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      // F5 refreshes the view, as in the console, instead of reloading the page.
      if (event.key === 'F5' && !event.ctrlKey && !event.metaKey) {
        event.preventDefault()
        stores.refreshView()
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [stores])

  return (
    <Box
      sx={{
        height: '100vh',
        display: 'flex',
        flexDirection: 'column',
        fontSize: layout.fontSize,
        color: 'text.primary',
        bgcolor: 'console.chrome',
      }}
    >
      <MenuBar />
      <MainToolbar />
      <ConnectionBanner />
      <Box component="main" sx={{ flex: 1, minHeight: 0, display: 'flex' }}>
        <TreePane />
        <ContentTabs />
      </Box>
      <StatusBar />
      <NodeContextMenu />
      <PropertiesDialog />
      <CopyPropertiesDialog />
      <DeleteCopyDialog />
      <DataAgingDialog />
      <PromoteCopyDialog />
      <StoragePolicyPropertiesDialog />
      <NewStoragePolicyDialog />
      <JobContextMenu />
      <KillJobDialog />
      <CopyJobContextMenu />
      <DeleteJobDialog />
      <MarkJobsDialog />
      <RetainJobDialog />
      <ViewJobsFilterDialog />
      <JobHistoryFilterDialog />
      <HistoryJobContextMenu />
      <JobDetailsDialog />
      <AuxCopyOptionsDialog />
      <DataVerificationDialog />
      <BackupOptionsDialog />
      <RestoreDialog />
      <SubclientPropertiesDialog />
      <SchedulePolicyDialog />
      <DeleteSchedulePolicyDialog />
      <PolicySchedulesDialog />
      <AddMediaDialog />
      <LibraryPropertiesDialog />
      <MediaListDialog />
      <MarkMediaBadDialog />
      <UnlockKeysDialog />
      <AboutDialog />
      <NoticeSnackbar />
    </Box>
  )
}
