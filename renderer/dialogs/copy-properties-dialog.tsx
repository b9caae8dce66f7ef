/**
 * Copy Properties, for Create New Copy and for an existing copy: six tabs of a fixed size (and, for an existing
 * copy, the read-only Verification tab), OK and Cancel, the 14-day / 10-TB question and the Auxiliary Copy Schedule
 * dialog on top. State and rules live in the copy dialog and copy verification stores; this only shows them.
 */
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutlineOutlined'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { useCallback, useId, useMemo, type ComponentType } from 'react'
import { copyFieldTab, copyTabLabels, visibleCopyTabs, type CopyFormValues, type CopyTab } from '../stores/copy-form-model'
import { copySessionProblems, copySettingOf, visibleProblem, type CopyDialogSession } from '../stores/copy-dialog-store'
import { useCopyDialogStore, useCopyVerificationStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { AuxCopyScheduleDialog } from './aux-copy-schedule-dialog'
import { AdvancedPage } from './copy-advanced-page'
import { ConfirmDialog } from './confirm-dialog'
import {
  CopyPolicyPage,
  DataPathsPage,
  DeduplicationPage,
  GeneralPage,
  RetentionPage,
  SelectiveCopyPage,
  VerificationPage,
  type CopyPageProps,
} from './copy-properties-tabs'
import { useFocusRegistry } from './form-controls'

/** The size of the page area: every tab fits, so switching tabs never moves the dialog. */
export const dialogPageSize = { width: 720, height: 468 } as const

const pages: Readonly<Record<CopyTab, ComponentType<CopyPageProps>>> = {
  general: GeneralPage,
  copyPolicy: CopyPolicyPage,
  selectiveCopy: SelectiveCopyPage,
  retention: RetentionPage,
  dataPaths: DataPathsPage,
  deduplication: DeduplicationPage,
  advanced: AdvancedPage,
}

/** The read-only tab an existing copy adds after the form pages. */
const verificationTab = 'verification'

/** The loaded dialog: tabs, pages, and the questions of the OK flow. */
function CopyPropertiesForm({ session, idPrefix }: { session: CopyDialogSession; idPrefix: string }) {
  const stores = useStores()
  const actions = stores.copyDialog.getState()
  const setting = copySettingOf(session)
  const problems = useMemo(() => copySessionProblems(session), [session])
  const problem = useCallback((field: string) => visibleProblem(session, problems, field), [session, problems])
  const register = useFocusRegistry(session.focus, session.tab)
  const set = useCallback(
    <K extends keyof CopyFormValues>(field: K, value: CopyFormValues[K]) => stores.copyDialog.getState().setValue(field, value),
    [stores],
  )
  const touch = useCallback((field: string) => stores.copyDialog.getState().touch(field), [stores])
  const verificationShown = useCopyVerificationStore((state) => state.shown)
  if (setting === null || session.values === null) return null
  const copy = session.copy
  // The Selective Copy tab shows while Selective Copy is checked.
  const formTabs = visibleCopyTabs(session.values)
  const tabs: readonly (CopyTab | typeof verificationTab)[] = copy === null ? formTabs : [...formTabs, verificationTab]
  const shownTab = verificationShown && copy !== null ? verificationTab : session.tab
  const chooseTab = (tab: CopyTab | typeof verificationTab): void => {
    if (tab === verificationTab) {
      if (copy !== null) void stores.copyVerification.getState().show(copy.id)
      return
    }
    stores.copyVerification.getState().hide()
    actions.setTab(tab)
  }

  // A tab shows a mark while one of its fields shows a problem.
  const tabsWithProblems = new Set(
    Object.keys({ ...problems, ...session.serverErrors })
      .filter((field) => problem(field) !== undefined)
      .map((field) => copyFieldTab(field)),
  )

  return (
    <>
      <Tabs
        value={shownTab}
        onChange={(_event, tab: CopyTab | typeof verificationTab) => chooseTab(tab)}
        aria-label="Copy Properties pages"
        sx={{ borderBottom: 1, borderColor: 'console.border', px: 2, bgcolor: 'console.chrome' }}
      >
        {tabs.map((tab) => (
          <Tab
            key={tab}
            value={tab}
            id={`${idPrefix}-tab-${tab}`}
            aria-controls={`${idPrefix}-panel-${tab}`}
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                {tab === verificationTab ? 'Verification' : copyTabLabels[tab]}
                {tab !== verificationTab && tabsWithProblems.has(tab) && (
                  <ErrorOutlineIcon aria-hidden sx={{ fontSize: 14, color: 'error.main' }} />
                )}
              </Box>
            }
          />
        ))}
      </Tabs>
      {session.formError !== null && (
        <Alert severity="error" sx={{ mx: 4, mt: 3 }}>
          {session.formError}
        </Alert>
      )}
      <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
        {formTabs.map((tab) => {
          const Page = pages[tab]
          const shown = tab === shownTab
          return (
            <Box
              key={tab}
              role="tabpanel"
              id={`${idPrefix}-panel-${tab}`}
              aria-labelledby={`${idPrefix}-tab-${tab}`}
              hidden={!shown}
              sx={{ display: shown ? 'block' : 'none', px: 5, py: 4 }}
            >
              <Page
                idPrefix={`${idPrefix}-${tab}`}
                setting={setting}
                values={session.values as CopyFormValues}
                problem={problem}
                set={set}
                touch={touch}
                register={register}
              />
            </Box>
          )
        })}
        {copy !== null && (
          <Box
            role="tabpanel"
            id={`${idPrefix}-panel-${verificationTab}`}
            aria-labelledby={`${idPrefix}-tab-${verificationTab}`}
            hidden={shownTab !== verificationTab}
            sx={{ display: shownTab === verificationTab ? 'block' : 'none', px: 5, py: 4 }}
          >
            {shownTab === verificationTab && <VerificationPage />}
          </Box>
        )}
      </Box>
      <ConfirmDialog
        open={session.prompt?.kind === 'backupPeriod'}
        title="Copy Policy"
        message={session.prompt?.kind === 'backupPeriod' ? session.prompt.question : ''}
        confirmLabel="Yes"
        cancelLabel="No"
        onConfirm={() => void actions.answerBackupPeriod(true)}
        onCancel={() => void actions.answerBackupPeriod(false)}
        // Escape is not an answer: back to Copy Properties, nothing created.
        onDismiss={() => actions.dismissPrompt()}
      />
      <AuxCopyScheduleDialog
        schedule={session.prompt?.kind === 'auxCopySchedule' ? session.prompt.schedule : null}
        onAccept={() => void actions.acceptAuxCopySchedule()}
        onCancel={() => actions.dismissPrompt()}
      />
    </>
  )
}

/** The Copy Properties dialog (one at a time, from the copy dialog store). */
export function CopyPropertiesDialog() {
  const stores = useStores()
  const session = useCopyDialogStore((state) => state.session)
  const titleId = useId()
  const idPrefix = useId().replace(/:/g, '')
  const close = (): void => stores.copyDialog.getState().close()
  const busy = session?.status === 'saving'

  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <Dialog
        open={session !== null}
        onClose={() => {
          if (!busy) close()
        }}
        maxWidth={false}
        aria-labelledby={titleId}
        slotProps={{ paper: { sx: { width: dialogPageSize.width, maxWidth: 'calc(100vw - 32px)' } } }}
      >
        <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
          Copy Properties
        </DialogTitle>
        <DialogContent
          sx={{ p: 0, height: dialogPageSize.height, maxHeight: 'calc(100vh - 140px)', display: 'flex', flexDirection: 'column' }}
        >
          {session?.status === 'loading' && (
            <Box sx={{ display: 'flex', justifyContent: 'center', alignItems: 'center', flex: 1 }}>
              <CircularProgress size={24} aria-label="Loading copy properties" />
            </Box>
          )}
          {session?.status === 'error' && (
            <Alert severity="error" sx={{ m: 4 }}>
              {session.loadError}
            </Alert>
          )}
          {session !== null && session.form !== null && session.status !== 'loading' && session.status !== 'error' && (
            <CopyPropertiesForm key={session.key} session={session} idPrefix={idPrefix} />
          )}
        </DialogContent>
        <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
          {busy && <CircularProgress size={16} aria-label="Saving" sx={{ mr: 'auto', ml: 1 }} />}
          <Button
            variant="contained"
            onClick={() => void stores.copyDialog.getState().submit()}
            disabled={session?.status !== 'ready'}
            sx={{ minWidth: 80 }}
          >
            OK
          </Button>
          <Button variant="outlined" onClick={close} disabled={busy} sx={{ minWidth: 80 }}>
            Cancel
          </Button>
        </DialogActions>
      </Dialog>
    </LocalizationProvider>
  )
}
