/**
 * Add Media on a scratch pool: a starting barcode and how many media; each field's problem shows beside it. State
 * and rules live in the Add Media store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import DialogContent from '@mui/material/DialogContent'
import { useId } from 'react'
import { maxMediaPerAdd } from '../../app/model/media'
import { useWhileClosing } from '../components/use-while-closing'
import { useAddMediaStore } from '../stores/media-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { OkCancelActions } from './dialog-actions'
import { FieldRow, FormGrid, TextInput, onEnterInField, useFocusRegistry } from './form-controls'

/** Add Media (one at a time, from its store). */
export function AddMediaDialog() {
  const stores = useStores()
  const session = useAddMediaStore((state) => state.session)
  const shown = useWhileClosing(session)
  const idPrefix = useId().replace(/:/g, '')
  const register = useFocusRegistry(session?.focus ?? null, String(session?.key ?? ''))
  const actions = stores.addMedia.getState()
  const busy = session?.status === 'saving'

  return (
    <ConsoleDialog open={session !== null} title="Add Media" width={560} busy={busy} onClose={() => actions.close()}>
      <DialogContent sx={{ px: 5, pt: '20px !important', pb: 4 }}>
        {shown?.formError != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {shown.formError}
          </Alert>
        )}
        <Box onKeyDown={onEnterInField(() => void actions.save())}>
          <FormGrid>
            <FieldRow label="Scratch Pool" htmlFor={`${idPrefix}-pool`}>
              <TextInput id={`${idPrefix}-pool`} value={shown?.node.name ?? ''} readOnly />
            </FieldRow>
            <FieldRow label="Starting barcode" htmlFor={`${idPrefix}-barcode`} required>
              <TextInput
                id={`${idPrefix}-barcode`}
                value={shown?.values.firstBarcode ?? ''}
                onChange={(text) => actions.setValue('firstBarcode', text)}
                placeholder="CV0009L6"
                required
                autoFocus
                problem={shown?.problems.firstBarcode}
                helperText="Letters, digits, _ and -, unique in the CommCell. The first number in it counts up: CV0009L6, CV0010L6, …"
                inputRef={register('firstBarcode')}
              />
            </FieldRow>
            <FieldRow label="Number of media" htmlFor={`${idPrefix}-count`} required>
              <TextInput
                id={`${idPrefix}-count`}
                value={shown?.values.count ?? ''}
                onChange={(text) => actions.setValue('count', text)}
                inputMode="numeric"
                required
                problem={shown?.problems.count}
                helperText={`1 to ${maxMediaPerAdd}. New media are Spare, at the library's media capacity.`}
                inputRef={register('count')}
              />
            </FieldRow>
          </FormGrid>
        </Box>
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Adding media" onOk={() => void actions.save()} okDisabled={busy} onCancel={() => actions.close()} />
    </ConsoleDialog>
  )
}
