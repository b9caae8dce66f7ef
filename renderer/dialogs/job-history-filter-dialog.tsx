/**
 * The Job History Filter (right-click the CommCell > Job History): Operation, Storage Policy, Client, Job Status and
 * Time Range (Specify Time Range with its Start Time and End Time); OK lists the matching jobs in the Job History tab.
 * State and rules live in the job history store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormHelperText from '@mui/material/FormHelperText'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import { useId } from 'react'
import { HistoryJobStatus, type JobHistoryFormData } from '../../app/model/job-history'
import { Operation } from '../../app/model/jobs'
import { historyTimeRanges } from '../../app/rules/job-history'
import { historyVisibleProblem, type JobHistorySession, type JobHistoryValues } from '../stores/job-history-store'
import { useJobHistoryStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { DateField } from './date-field'
import { OkCancelActions } from './dialog-actions'
import { ChoiceField, FieldRow, FormGrid, useFocusRegistry, type ListChoice } from './form-controls'

/** A list's choices: `All` (id 0, the value null) first, then each value by its position. */
function withAll<T>(values: readonly T[], name: (value: T) => string): { choices: ListChoice[]; idOf: (value: T | null) => number; valueOf: (id: number | null) => T | null } {
  return {
    choices: [{ id: 0, name: 'All' }, ...values.map((value, index) => ({ id: index + 1, name: name(value) }))],
    idOf: (value) => (value === null ? 0 : values.indexOf(value) + 1),
    valueOf: (id) => (id === null || id === 0 ? null : (values[id - 1] ?? null)),
  }
}

const operations = withAll(Operation.options, (operation) => operation)
const statuses = withAll(HistoryJobStatus.options, (status) => status)
const timeRanges = historyTimeRanges.map((choice, index) => ({ id: index, name: choice.label }))

/** Storage Policy and Client: All, or one by its catalog id. */
function byId(rows: JobHistoryFormData['clients']): ListChoice[] {
  return [{ id: 0, name: 'All' }, ...rows]
}

/** The loaded dialog's fields. */
function FilterForm({ session, idPrefix }: { session: JobHistorySession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'general')
  const set = <K extends keyof JobHistoryValues>(field: K, value: JobHistoryValues[K]): void => stores.jobHistory.getState().setValue(field, value)
  const { values, form } = session
  const specify = values.timeRange === 'specify'
  const startProblem = specify ? historyVisibleProblem(session, 'startTime') : undefined
  const endProblem = specify ? historyVisibleProblem(session, 'endTime') : undefined
  const startLabelId = `${idPrefix}-start-label`
  const endLabelId = `${idPrefix}-end-label`

  return (
    <FormGrid labelColumn={110}>
      <FieldRow label="Operation" htmlFor={`${idPrefix}-operation`}>
        <ChoiceField
          id={`${idPrefix}-operation`}
          options={operations.choices}
          value={operations.idOf(values.operation)}
          onChange={(id) => set('operation', operations.valueOf(id))}
        />
      </FieldRow>
      <FieldRow label="Storage Policy" htmlFor={`${idPrefix}-policy`}>
        <ChoiceField
          id={`${idPrefix}-policy`}
          options={byId(form?.storagePolicies ?? [])}
          value={values.storagePolicyId ?? 0}
          onChange={(id) => set('storagePolicyId', id === 0 ? null : id)}
        />
      </FieldRow>
      <FieldRow label="Client" htmlFor={`${idPrefix}-client`}>
        <ChoiceField
          id={`${idPrefix}-client`}
          options={byId(form?.clients ?? [])}
          value={values.clientId ?? 0}
          onChange={(id) => set('clientId', id === 0 ? null : id)}
          helperText="Backups and restores of its subclients."
        />
      </FieldRow>
      <FieldRow label="Job Status" htmlFor={`${idPrefix}-status`}>
        <ChoiceField
          id={`${idPrefix}-status`}
          options={statuses.choices}
          value={statuses.idOf(values.status)}
          onChange={(id) => set('status', statuses.valueOf(id))}
        />
      </FieldRow>
      <FieldRow label="Time Range" htmlFor={`${idPrefix}-range`}>
        <ChoiceField
          id={`${idPrefix}-range`}
          options={timeRanges}
          value={historyTimeRanges.findIndex((choice) => choice.range === values.timeRange)}
          onChange={(id) => set('timeRange', historyTimeRanges[id ?? 3]?.range ?? 'all')}
          helperText="Jobs that started in the range, by the CommServe's clock."
        />
      </FieldRow>
      <FieldRow label="Start Time" labelId={startLabelId} disabled={!specify}>
        <DateField
          value={values.startDate}
          onChange={(date) => set('startDate', date)}
          onBlur={() => stores.jobHistory.getState().touch('startTime')}
          labelledBy={startLabelId}
          disabled={!specify}
          error={startProblem !== undefined}
          fieldRef={register('startTime')}
        />
        {startProblem !== undefined && (
          <FormHelperText error sx={{ m: 0, mt: 0.5 }}>
            {startProblem}
          </FormHelperText>
        )}
      </FieldRow>
      <FieldRow label="End Time" labelId={endLabelId} disabled={!specify}>
        <DateField
          value={values.endDate}
          onChange={(date) => set('endDate', date)}
          onBlur={() => stores.jobHistory.getState().touch('endTime')}
          labelledBy={endLabelId}
          disabled={!specify}
          error={endProblem !== undefined}
          fieldRef={register('endTime')}
        />
        {specify && (
          <FormHelperText error={endProblem !== undefined} sx={{ m: 0, mt: 0.5 }}>
            {endProblem ?? 'From the start of the Start Time day to the end of the End Time day.'}
          </FormHelperText>
        )}
      </FieldRow>
    </FormGrid>
  )
}

/** The Job History Filter dialog (one at a time, from the job history store). */
export function JobHistoryFilterDialog() {
  const stores = useStores()
  const session = useJobHistoryStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const close = (): void => stores.jobHistory.getState().close()

  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <ConsoleDialog open={session !== null} title="Job History Filter" width={500} busy={false} onClose={close}>
        <DialogContent sx={{ px: 5, pt: '16px !important', pb: 3, minHeight: 200 }}>
          {session?.status === 'loading' && (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
              <CircularProgress size={24} aria-label="Loading the storage policies and clients" />
            </Box>
          )}
          {session?.status === 'error' && <Alert severity="warning">{session.loadError}</Alert>}
          {session !== null && session.form !== null && session.status === 'ready' && (
            <FilterForm key={session.key} session={session} idPrefix={idPrefix} />
          )}
        </DialogContent>
        <OkCancelActions
          busy={false}
          busyLabel="Listing the jobs"
          onOk={() => stores.jobHistory.getState().submit()}
          okDisabled={session?.status !== 'ready'}
          onCancel={close}
        />
      </ConsoleDialog>
    </LocalizationProvider>
  )
}
