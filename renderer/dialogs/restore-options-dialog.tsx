/**
 * Restore Options for All Selected Items (Recover All Selected in the browse view): In Place or Out of Place to a
 * Destination folder, and what to do with a file already there (Overwrite). OK starts the restore.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import DialogContent from '@mui/material/DialogContent'
import RadioGroup from '@mui/material/RadioGroup'
import { useId } from 'react'
import { overwriteLabels, type OverwriteMode } from '../../app/model/browse'
import { formatDateTime } from '../format/cell-format'
import { visibleDestinationProblem, type RestoreOptionValues } from '../stores/browse-store'
import { useBrowseStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { OkCancelActions } from './dialog-actions'
import { FormGrid, FullRow, SectionTitle, TextInput, useFocusRegistry } from './form-controls'
import { RadioOption } from './job-form-controls'

const overwriteHelp: Readonly<Record<OverwriteMode, string>> = {
  always: 'A file already there is replaced by the backup\u2019s version.',
  ifNewer: 'A file already there is replaced only when the backup\u2019s version was modified later.',
  never: 'A file already there is kept; only what is missing is restored.',
}

/** The Restore Options dialog of the browse view (open while its store has a restore session). */
export function RestoreOptionsDialog() {
  const stores = useStores()
  const session = useBrowseStore((state) => state.session)
  const restore = session?.restore ?? null
  const idPrefix = useId().replace(/:/g, '')
  const register = useFocusRegistry(restore?.focus ?? null, 'destination')
  const busy = restore?.status === 'running'
  const browse = stores.browse.getState()
  const set = <K extends keyof RestoreOptionValues>(field: K, value: RestoreOptionValues[K]): void => browse.setRestoreValue(field, value)
  const count = session?.selected.length ?? 0

  return (
    <ConsoleDialog open={restore !== null} title="Restore Options for All Selected Items" width={600} busy={busy} onClose={() => browse.closeRestore()}>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4 }}>
        {session !== null && (
          <Box sx={{ mb: 3, fontSize: 13 }}>
            {count.toLocaleString()} selected item{count === 1 ? '' : 's'} of <b>{session.subclientName}</b> as backup job {session.backupJobId} of{' '}
            {formatDateTime(session.backupTime)} saw {count === 1 ? 'it' : 'them'}.
          </Box>
        )}
        {restore?.formError != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {restore.formError}
          </Alert>
        )}
        {restore !== null && (
          <FormGrid labelColumn={130}>
            <SectionTitle>Destination</SectionTitle>
            <FullRow indent={false}>
              <RadioGroup aria-label="Destination" value={restore.values.inPlace ? 'in' : 'out'} onChange={(_event, value) => set('inPlace', value === 'in')}>
                <RadioOption value="in" label="In Place" description="Each file back to the folder it was backed up from." />
                <RadioOption value="out" label="Out of Place" description="Under a folder, each with its original path." />
              </RadioGroup>
              <Box sx={{ pl: 7, mt: 1 }}>
                <label htmlFor={`${idPrefix}-destination`} style={{ fontSize: 13, display: 'block', marginBottom: 4 }}>
                  Destination folder
                </label>
                <TextInput
                  id={`${idPrefix}-destination`}
                  value={restore.values.destination}
                  onChange={(text) => set('destination', text)}
                  onBlur={() => browse.touchDestination()}
                  disabled={restore.values.inPlace}
                  placeholder="/tmp/restore"
                  required={!restore.values.inPlace}
                  problem={restore.values.inPlace ? undefined : visibleDestinationProblem(restore)}
                  inputRef={register('destination')}
                />
              </Box>
            </FullRow>
            <SectionTitle>Overwrite</SectionTitle>
            <FullRow indent={false}>
              <RadioGroup aria-label="Overwrite" value={restore.values.overwrite} onChange={(_event, value) => set('overwrite', value as OverwriteMode)}>
                {(['always', 'ifNewer', 'never'] as const).map((mode) => (
                  <RadioOption key={mode} value={mode} label={overwriteLabels[mode]} description={overwriteHelp[mode]} />
                ))}
              </RadioGroup>
            </FullRow>
          </FormGrid>
        )}
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Starting" onOk={() => void browse.submitRestore()} okDisabled={restore?.status !== 'ready'} onCancel={() => browse.closeRestore()} />
    </ConsoleDialog>
  )
}
