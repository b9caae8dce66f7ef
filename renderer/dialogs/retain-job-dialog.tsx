/**
 * View Jobs > Retain Job: holds the selected jobs on the copy from data aging until the end of a day, or
 * indefinitely. State and rules live in the copy jobs store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import DialogContent from '@mui/material/DialogContent'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import dayjs from 'dayjs'
import { useId } from 'react'
import { retainVisibleProblem, type RetainSession } from '../stores/copy-jobs-store'
import { useCopyJobsStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { DateField } from './date-field'
import { OkCancelActions } from './dialog-actions'
import { FieldRow, FormGrid, TextInput } from './form-controls'
import { RadioOption } from './job-form-controls'

/** The dialog's fields. */
function RetainForm({ session, idPrefix }: { session: RetainSession; idPrefix: string }) {
  const stores = useStores()
  const actions = stores.copyJobs.getState()
  const problem = session.indefinitely ? undefined : retainVisibleProblem(session)
  const retainLabelId = `${idPrefix}-retain-label`
  const untilLabelId = `${idPrefix}-until-label`
  const untilHelpId = `${idPrefix}-until-help`
  const jobs = session.jobs.map((job) => job.jobId).join(', ')

  return (
    <FormGrid labelColumn={110}>
      <FieldRow label={session.jobs.length === 1 ? 'Job' : 'Jobs'} htmlFor={`${idPrefix}-jobs`}>
        <TextInput id={`${idPrefix}-jobs`} value={`${jobs} on ${session.copy.name}`} readOnly />
      </FieldRow>
      <FieldRow label="Retain" labelId={retainLabelId}>
        <RadioGroup aria-labelledby={retainLabelId} value={session.indefinitely ? 'indefinitely' : 'until'} onChange={(_event, value) => actions.setIndefinitely(value === 'indefinitely')}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
            <FormControlLabel
              value="until"
              label="Retain Job Until"
              slotProps={{ typography: { id: untilLabelId } }}
              sx={{ ml: -1, mr: 0, flexShrink: 0, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
              control={<Radio size="small" sx={{ p: 1 }} slotProps={{ input: { 'aria-describedby': untilHelpId } as object }} />}
            />
            <DateField
              value={session.date}
              onChange={(date) => actions.setRetainDate(date)}
              onBlur={() => actions.touchRetainDate()}
              labelledBy={untilLabelId}
              disabled={session.indefinitely}
              error={problem !== undefined}
              width={180}
            />
          </Box>
          <FormHelperText id={untilHelpId} error={problem !== undefined} sx={{ m: 0, mt: 0.5, mb: 1, pl: 7 }}>
            {problem ?? `Held to the end of the day; today is ${dayjs(session.now).format('MM/DD/YYYY')} on the CommServe.`}
          </FormHelperText>
          <RadioOption value="indefinitely" label="Retain Indefinitely" description="Held until Do Not Retain Job removes the hold." />
        </RadioGroup>
      </FieldRow>
      <Box sx={{ gridColumn: '1 / -1', color: 'console.muted', fontSize: 12, lineHeight: 1.5, mt: 1 }}>
        Data Aging does not age a retained job on this copy, whatever the copy&apos;s retention days and cycles.
      </Box>
    </FormGrid>
  )
}

/** Retain Job (one at a time, from the copy jobs store). */
export function RetainJobDialog() {
  const stores = useStores()
  const session = useCopyJobsStore((state) => state.retain)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'saving'
  const close = (): void => stores.copyJobs.getState().closeRetain()
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <ConsoleDialog open={session !== null} title="Retain Job" width={520} busy={busy} onClose={close}>
        <DialogContent sx={{ px: 5, pt: '16px !important', pb: 3 }}>
          {session?.error != null && (
            <Alert severity="error" sx={{ mb: 2 }}>
              {session.error}
            </Alert>
          )}
          {session !== null && <RetainForm key={session.key} session={session} idPrefix={idPrefix} />}
        </DialogContent>
        <OkCancelActions busy={busy} busyLabel="Retaining" onOk={() => void stores.copyJobs.getState().submitRetain()} okDisabled={session?.status !== 'ready'} onCancel={close} />
      </ConsoleDialog>
    </LocalizationProvider>
  )
}
