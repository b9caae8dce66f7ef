/**
 * Browse and Restore Options of a subclient: the time range (`Latest Data`, or a `Browse Date` and `Browse Time`)
 * and Restore from (copy precedence or a named copy); View Content opens the browse view. State and rules live in
 * the restore dialog store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import { useId } from 'react'
import { useRestoreDialogStore } from '../stores/job-hooks'
import { restoreCopies, restoreVisibleProblem, type RestoreSession, type RestoreValues } from '../stores/restore-dialog-store'
import { useStores } from '../stores/stores-context'
import { DateField } from './date-field'
import { ChoiceField, FormGrid, FullRow, SectionTitle, TextInput, useFocusRegistry } from './form-controls'
import { RadioOption } from './job-form-controls'
import { OkCancelActions } from './dialog-actions'
import { ConsoleDialog } from './console-dialog'

/** Hidden from sight, kept for assistive technology (a field named by the radio it belongs to). */
const visuallyHidden = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } as const

/** The loaded dialog's fields. */
function RestoreForm({ session, idPrefix }: { session: RestoreSession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'date')
  const set = <K extends keyof RestoreValues>(field: K, value: RestoreValues[K]): void => stores.restoreDialog.getState().setValue(field, value)
  const { values, form } = session
  const copies = restoreCopies(form)
  const dateProblem = restoreVisibleProblem(session, 'date')
  const timeProblem = restoreVisibleProblem(session, 'time')
  const copyProblem = restoreVisibleProblem(session, 'copyId')
  const dateLabelId = `${idPrefix}-date-label`

  return (
    <FormGrid labelColumn={130}>
      <SectionTitle>Time Range</SectionTitle>
      <FullRow indent={false}>
        <RadioGroup aria-label="Time Range" value={values.latest ? 'latest' : 'date'} onChange={(_event, value) => set('latest', value === 'latest')}>
          <RadioOption value="latest" label="Latest Data" description="The content as the latest backup saw it." />
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1 }}>
            <FormControlLabel
              value="date"
              label="Browse Date"
              slotProps={{ typography: { id: dateLabelId } }}
              sx={{ ml: -1, mr: 0, width: 120, flexShrink: 0, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
              control={<Radio size="small" sx={{ p: 1 }} />}
            />
            <DateField
              value={values.date}
              onChange={(date) => set('date', date)}
              onBlur={() => stores.restoreDialog.getState().touch('date')}
              labelledBy={dateLabelId}
              error={dateProblem !== undefined}
              width={170}
              fieldRef={register('date')}
            />
            <label htmlFor={`${idPrefix}-time`} style={visuallyHidden}>
              Browse Time
            </label>
            <TextInput
              id={`${idPrefix}-time`}
              value={values.time}
              onChange={(text) => set('time', text)}
              onBlur={() => stores.restoreDialog.getState().touch('time')}
              placeholder="13:30"
              width={80}
              error={timeProblem !== undefined}
              inputRef={register('time')}
            />
          </Box>
          <FormHelperText error={dateProblem !== undefined || timeProblem !== undefined} sx={{ m: 0, mt: 0.5, pl: 7 }}>
            {dateProblem ?? timeProblem ?? 'The content as the last backup started by then saw it (time in 24 hours).'}
          </FormHelperText>
        </RadioGroup>
      </FullRow>

      <SectionTitle>Restore from</SectionTitle>
      <FullRow indent={false}>
        <RadioGroup aria-label="Restore from" value={values.fromCopy ? 'copy' : 'precedence'} onChange={(_event, value) => set('fromCopy', value === 'copy')}>
          <RadioOption value="precedence" label="Copy Precedence" description="Each job from the copy with the lowest precedence number that holds it (the Primary first)." />
          <RadioOption value="copy" label="Copy">
            <Box sx={{ width: 220 }}>
              <label id={`${idPrefix}-copy-label`} htmlFor={`${idPrefix}-copy`} style={visuallyHidden}>
                Copy
              </label>
              <ChoiceField
                id={`${idPrefix}-copy`}
                options={copies}
                value={values.fromCopy ? values.copyId : null}
                onChange={(id) => {
                  if (id !== null) set('copyId', id)
                }}
                disabled={!values.fromCopy}
                placeholder={values.fromCopy ? 'Choose a copy' : ''}
                inputRef={register('copyId')}
              />
            </Box>
          </RadioOption>
        </RadioGroup>
        {copyProblem !== undefined && (
          <FormHelperText error sx={{ mx: 0 }}>
            {copyProblem}
          </FormHelperText>
        )}
      </FullRow>
    </FormGrid>
  )
}

/** The Browse and Restore Options dialog (one at a time, from its store). */
export function RestoreDialog() {
  const stores = useStores()
  const session = useRestoreDialogStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'running'
  const close = (): void => stores.restoreDialog.getState().close()

  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <ConsoleDialog open={session !== null} title="Browse and Restore Options" width={620} busy={busy} onClose={close}>
        <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4, minHeight: 200 }}>
          {session !== null && (
            <Box sx={{ mb: 3 }}>
              Subclient: <b>{session.subclientName}</b>
            </Box>
          )}
          {session?.status === 'loading' && (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
              <CircularProgress size={24} aria-label="Loading the subclient's backups" />
            </Box>
          )}
          {session?.status === 'error' && <Alert severity="warning">{session.loadError}</Alert>}
          {session?.formError != null && (
            <Alert severity="error" sx={{ mb: 3 }}>
              {session.formError}
            </Alert>
          )}
          {session !== null && session.form !== null && session.status !== 'error' && <RestoreForm key={session.key} session={session} idPrefix={idPrefix} />}
        </DialogContent>
        <OkCancelActions
          busy={busy}
          busyLabel="Reading the backup's index"
          okLabel="View Content"
          onOk={() => void stores.restoreDialog.getState().submit()}
          okDisabled={session?.status !== 'ready'}
          onCancel={close}
        />
      </ConsoleDialog>
    </LocalizationProvider>
  )
}
