/**
 * Subclient Properties: General (name and storage policy, read-only), Content (the folders a backup takes: add
 * a typed absolute path, remove the selected one) and Schedules (the Data Protection schedules covering it, and
 * through what: the client, the agent or the subclient); OK saves with `subclients:update`. State and rules live in the
 * subclient dialog store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormHelperText from '@mui/material/FormHelperText'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { useId, useState } from 'react'
import { useSubclientDialogStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import type { SubclientInfo, SubclientSession, SubclientTab } from '../stores/subclient-dialog-store'
import { FieldRow, FormGrid, TextInput, onEnterInField, useFocusRegistry } from './form-controls'
import { OptionList } from './job-form-controls'
import { ConsoleDialog } from './console-dialog'
import { ScheduleTable } from './schedule-table'
import { OkCancelActions } from './dialog-actions'

const tabs: readonly { readonly id: SubclientTab; readonly label: string }[] = [
  { id: 'general', label: 'General' },
  { id: 'content', label: 'Content' },
  { id: 'schedules', label: 'Schedules' },
]

/** The page area's size: both tabs fit, so switching never moves the dialog. */
const pageHeight = 330

/** The loaded dialog: its tabs and pages. */
function SubclientForm({ session, idPrefix }: { session: SubclientSession; idPrefix: string }) {
  const stores = useStores()
  const actions = stores.subclientDialog.getState()
  const register = useFocusRegistry(session.focus, session.tab)
  const subclient = session.subclient
  if (subclient === null) return null

  return (
    <>
      <Tabs
        value={session.tab}
        onChange={(_event, tab: SubclientTab) => actions.setTab(tab)}
        aria-label="Subclient Properties pages"
        sx={{ borderBottom: 1, borderColor: 'console.border', px: 2, bgcolor: 'console.chrome' }}
      >
        {tabs.map((tab) => (
          <Tab key={tab.id} value={tab.id} label={tab.label} id={`${idPrefix}-tab-${tab.id}`} aria-controls={`${idPrefix}-panel-${tab.id}`} />
        ))}
      </Tabs>
      {session.formError !== null && (
        <Alert severity="error" sx={{ mx: 5, mt: 3 }}>
          {session.formError}
        </Alert>
      )}
      <Box
        role="tabpanel"
        id={`${idPrefix}-panel-general`}
        aria-labelledby={`${idPrefix}-tab-general`}
        hidden={session.tab !== 'general'}
        sx={{ px: 5, py: 4 }}
      >
        <FormGrid>
          <FieldRow label="Subclient Name" htmlFor={`${idPrefix}-name`}>
            <TextInput id={`${idPrefix}-name`} value={subclient.name} readOnly />
          </FieldRow>
          <FieldRow label="Storage Policy" htmlFor={`${idPrefix}-policy`}>
            <TextInput
              id={`${idPrefix}-policy`}
              value={subclient.storagePolicy}
              readOnly
              helperText="Backups of this subclient are written to this storage policy's primary copy."
            />
          </FieldRow>
        </FormGrid>
      </Box>
      <Box
        role="tabpanel"
        id={`${idPrefix}-panel-content`}
        aria-labelledby={`${idPrefix}-tab-content`}
        hidden={session.tab !== 'content'}
        sx={{ px: 5, py: 4, display: session.tab === 'content' ? 'flex' : 'none', flexDirection: 'column', gap: 2 }}
      >
        <Box
          sx={{ display: 'flex', alignItems: 'flex-start', gap: 2 }}
          // Enter in the folder field adds it, as the Add button does.
          onKeyDown={onEnterInField(() => actions.addFolder())}
        >
          <Box component="label" htmlFor={`${idPrefix}-folder`} sx={{ pt: '6px', width: 50, flexShrink: 0 }}>
            Folder
          </Box>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <TextInput
              id={`${idPrefix}-folder`}
              value={session.newFolder}
              onChange={(text) => actions.setNewFolder(text)}
              placeholder="/home/finance/reports"
              problem={session.newFolderProblem ?? undefined}
              inputRef={register('newFolder')}
            />
          </Box>
          <Button
            variant="outlined"
            onClick={() => actions.addFolder()}
            disabled={session.status !== 'ready' || session.newFolder.trim() === ''}
            sx={{ minWidth: 80, height: 30 }}
          >
            Add
          </Button>
        </Box>
        <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2 }}>
          <Box aria-hidden sx={{ width: 50, flexShrink: 0, pt: '4px' }}>
            Content
          </Box>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <OptionList
              label="Content"
              options={session.content.map((folder, index) => ({ id: index, name: folder }))}
              value={session.selected}
              onChange={(index) => actions.select(index)}
              problem={session.contentProblem ?? undefined}
              height={188}
              emptyText="No content: add the folders a backup takes."
            />
            <FormHelperText error={session.contentProblem !== null} sx={{ mx: 0 }}>
              {session.contentProblem ?? 'A backup takes every file under these folders (absolute paths on the client).'}
            </FormHelperText>
          </Box>
          <Button
            variant="outlined"
            onClick={() => actions.removeSelected()}
            disabled={session.status !== 'ready' || session.selected === null}
            sx={{ minWidth: 80, height: 30 }}
          >
            Remove
          </Button>
        </Box>
      </Box>
      <Box
        role="tabpanel"
        id={`${idPrefix}-panel-schedules`}
        aria-labelledby={`${idPrefix}-tab-schedules`}
        hidden={session.tab !== 'schedules'}
        sx={{ px: 5, py: 4 }}
      >
        <SchedulesPage schedules={subclient.schedules} />
      </Box>
    </>
  )
}

/** Schedules: what backs the subclient up, read-only (a schedule is changed in its schedule policy). */
function SchedulesPage({ schedules }: { schedules: SubclientInfo['schedules'] }) {
  const [selected, setSelected] = useState<number | null>(null)
  return (
    <>
      <ScheduleTable
        label="Schedules"
        columns={['Schedule Policy', 'Schedule', 'Backup Type', 'Pattern', 'Covered Through']}
        widths={['18%', '18%', '15%', '31%', '18%']}
        rows={schedules.map((schedule) => [schedule.schedulePolicy, schedule.schedule, schedule.backupType, schedule.patternText, schedule.coveredBy])}
        selected={selected}
        onSelect={setSelected}
        onOpen={setSelected}
        emptyText="No schedule backs up this subclient: associate it, its agent or its client with a Data Protection schedule policy."
        height={210}
      />
      <FormHelperText sx={{ mx: 0, mt: 1.5 }}>
        A schedule of a policy associated with the client or the agent also covers subclients added to them later.
      </FormHelperText>
    </>
  )
}

/** The Subclient Properties dialog (one at a time, from its store). */
export function SubclientPropertiesDialog() {
  const stores = useStores()
  const session = useSubclientDialogStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'saving'
  const close = (): void => stores.subclientDialog.getState().close()

  return (
    <ConsoleDialog open={session !== null} title="Subclient Properties" width={820} busy={busy} onClose={close}>
      <DialogContent sx={{ p: 0, height: pageHeight, maxHeight: 'calc(100vh - 140px)' }}>
        {session?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading subclient properties" />
          </Box>
        )}
        {session?.status === 'error' && (
          <Alert severity="error" sx={{ m: 4 }}>
            {session.loadError}
          </Alert>
        )}
        {session !== null && session.subclient !== null && session.status !== 'loading' && session.status !== 'error' && (
          <SubclientForm key={session.key} session={session} idPrefix={idPrefix} />
        )}
      </DialogContent>
      <OkCancelActions
        busy={busy}
        busyLabel="Saving"
        onOk={() => void stores.subclientDialog.getState().save()}
        okDisabled={session?.status !== 'ready'}
        onCancel={close}
      />
    </ConsoleDialog>
  )
}
