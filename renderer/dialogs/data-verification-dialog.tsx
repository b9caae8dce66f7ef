/**
 * Data Verification (a storage policy > All Tasks, or a copy's menu): the storage policy, the copy to verify with
 * its Available job count, and All jobs or Jobs since a date; OK starts the Data Verification job. State and rules
 * live in the data verification dialog store; this only shows them.
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
import dayjs from 'dayjs'
import { useId } from 'react'
import {
  verificationCopyChoices,
  verificationNow,
  verificationVisibleProblem,
  type VerificationSession,
  type VerificationValues,
} from '../stores/data-verification-dialog-store'
import { useVerificationDialogStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { DateField } from './date-field'
import { OkCancelActions } from './dialog-actions'
import { ChoiceField, FieldRow, FormGrid, TextInput, useFocusRegistry } from './form-controls'
import { RadioOption } from './job-form-controls'

/** The loaded dialog's fields. */
function VerificationForm({ session, idPrefix }: { session: VerificationSession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'general')
  const set = <K extends keyof VerificationValues>(field: K, value: VerificationValues[K]): void =>
    stores.verificationDialog.getState().setValue(field, value)
  const { values, form } = session
  const copy = form?.copies.find((candidate) => candidate.id === values.copyId)
  const sinceProblem = values.allJobs ? undefined : verificationVisibleProblem(session, 'since')
  const verifyLabelId = `${idPrefix}-verify-label`
  const sinceLabelId = `${idPrefix}-since-label`
  const sinceHelpId = `${idPrefix}-since-help`

  return (
    <FormGrid labelColumn={110}>
      <FieldRow label="Storage Policy" htmlFor={`${idPrefix}-policy`}>
        <TextInput id={`${idPrefix}-policy`} value={session.policyName} readOnly />
      </FieldRow>
      <FieldRow label="Select a Copy" htmlFor={`${idPrefix}-copy`}>
        <ChoiceField
          id={`${idPrefix}-copy`}
          options={verificationCopyChoices(form)}
          value={values.copyId}
          onChange={(id) => set('copyId', id)}
          problem={verificationVisibleProblem(session, 'copyId')}
          helperText={
            copy !== undefined && copy.availableJobs === 0 ? `${copy.name} holds no Available job yet: there is nothing to verify.` : undefined
          }
          inputRef={register('copyId')}
        />
      </FieldRow>
      <FieldRow label="Verify" labelId={verifyLabelId}>
        <RadioGroup
          aria-labelledby={verifyLabelId}
          value={values.allJobs ? 'all' : 'since'}
          onChange={(_event, value) => set('allJobs', value === 'all')}
        >
          <RadioOption value="all" label="All jobs" description="Every Available job on the copy." />
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1 }}>
            <FormControlLabel
              value="since"
              label="Jobs since"
              slotProps={{ typography: { id: sinceLabelId } }}
              sx={{ ml: -1, mr: 0, flexShrink: 0, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
              control={<Radio size="small" sx={{ p: 1 }} slotProps={{ input: { 'aria-describedby': sinceHelpId } as object }} />}
            />
            <DateField
              value={values.since}
              onChange={(date) => set('since', date)}
              onBlur={() => stores.verificationDialog.getState().touch('since')}
              labelledBy={sinceLabelId}
              disabled={values.allJobs}
              maxDate={dayjs(verificationNow(session))}
              error={sinceProblem !== undefined}
              width={180}
              fieldRef={register('since')}
            />
          </Box>
          <FormHelperText id={sinceHelpId} error={sinceProblem !== undefined} sx={{ m: 0, mt: 0.5, pl: 7 }}>
            {sinceProblem ?? 'Only the Available jobs that started on or after the date.'}
          </FormHelperText>
        </RadioGroup>
      </FieldRow>
      <Box sx={{ gridColumn: '1 / -1', color: 'console.muted', fontSize: 12, lineHeight: 1.5, mt: 1 }}>
        Each job is read back chunk by chunk and every chunk checked against its SHA-256 in the job manifest. A job that
        does not match is marked Bad on the copy and listed under Errors in the job&apos;s Details; the next auxiliary copy
        copies it again.
      </Box>
    </FormGrid>
  )
}

/** The Data Verification dialog (one at a time, from its store). */
export function DataVerificationDialog() {
  const stores = useStores()
  const session = useVerificationDialogStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'running'
  const close = (): void => stores.verificationDialog.getState().close()

  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <ConsoleDialog open={session !== null} title="Data Verification" width={560} busy={busy} onClose={close}>
        <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4, minHeight: 200 }}>
          {session?.status === 'loading' && (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
              <CircularProgress size={24} aria-label="Loading the storage policy's copies" />
            </Box>
          )}
          {session?.status === 'error' && <Alert severity="warning">{session.loadError}</Alert>}
          {session?.formError != null && (
            <Alert severity="error" sx={{ mb: 3 }}>
              {session.formError}
            </Alert>
          )}
          {session !== null && session.form !== null && session.status !== 'error' && (
            <VerificationForm key={session.key} session={session} idPrefix={idPrefix} />
          )}
        </DialogContent>
        <OkCancelActions
          busy={busy}
          busyLabel="Starting"
          onOk={() => void stores.verificationDialog.getState().submit()}
          okDisabled={session?.status !== 'ready'}
          onCancel={close}
        />
      </ConsoleDialog>
    </LocalizationProvider>
  )
}
