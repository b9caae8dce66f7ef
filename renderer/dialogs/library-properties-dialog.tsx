/**
 * Library Properties of a tape library: name, type and MediaAgents (read-only) and the Media capacity (MB) of its
 * emulated media, the one setting it edits. State and rules live in the Library Properties store.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import { useId } from 'react'
import { useWhileClosing } from '../components/use-while-closing'
import { useLibraryPropertiesStore } from '../stores/media-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { OkCancelActions } from './dialog-actions'
import { FieldRow, FormGrid, TextInput, onEnterInField, useFocusRegistry } from './form-controls'

/** Library Properties (one at a time, from its store). */
export function LibraryPropertiesDialog() {
  const stores = useStores()
  const session = useLibraryPropertiesStore((state) => state.session)
  const shown = useWhileClosing(session)
  const idPrefix = useId().replace(/:/g, '')
  const register = useFocusRegistry(session?.focus ?? null, String(session?.status ?? ''))
  const actions = stores.libraryProperties.getState()
  const busy = session?.status === 'saving'
  const library = shown?.library ?? null

  return (
    <ConsoleDialog open={session !== null} title="Library Properties" width={600} busy={busy} onClose={() => actions.close()}>
      <DialogContent sx={{ px: 5, pt: '20px !important', pb: 4, minHeight: 240 }}>
        {shown?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading library properties" />
          </Box>
        )}
        {shown?.status === 'error' && <Alert severity="error">{shown.loadError}</Alert>}
        {shown?.formError != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {shown.formError}
          </Alert>
        )}
        {library !== null && (
          <Box onKeyDown={onEnterInField(() => void actions.save())}>
            <FormGrid>
              <FieldRow label="Library Name" htmlFor={`${idPrefix}-name`}>
                <TextInput id={`${idPrefix}-name`} value={library.name} readOnly />
              </FieldRow>
              <FieldRow label="Library Type" htmlFor={`${idPrefix}-type`}>
                <TextInput id={`${idPrefix}-type`} value={library.kind === 'tape' ? 'Tape Library' : 'Disk Library'} readOnly />
              </FieldRow>
              <FieldRow label="MediaAgents" htmlFor={`${idPrefix}-agents`}>
                <TextInput id={`${idPrefix}-agents`} value={library.mediaAgents.join(', ')} readOnly />
              </FieldRow>
              <FieldRow label="Media capacity (MB)" htmlFor={`${idPrefix}-capacity`} required>
                <TextInput
                  id={`${idPrefix}-capacity`}
                  value={shown?.capacityMb ?? ''}
                  onChange={(text) => actions.setCapacity(text)}
                  inputMode="numeric"
                  required
                  autoFocus
                  problem={shown?.capacityProblem ?? undefined}
                  helperText="The media of this library are emulated: new media, and Spare media never written, take this capacity. Media already written keep theirs."
                  inputRef={register('mediaCapacityMb')}
                />
              </FieldRow>
            </FormGrid>
          </Box>
        )}
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Saving" onOk={() => void actions.save()} okDisabled={session?.status !== 'ready'} onCancel={() => actions.close()} />
    </ConsoleDialog>
  )
}
