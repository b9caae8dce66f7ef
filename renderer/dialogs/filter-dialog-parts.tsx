/**
 * Pieces the job filter dialogs share (the Job History Filter, a copy's View Jobs filter): the dialog's frame (loading,
 * a load error, OK and Cancel), a list with `All` first, and the Time Range with its Start Time and End Time (Specify
 * Time Range), by the CommServe's clock.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormHelperText from '@mui/material/FormHelperText'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import type { Dayjs } from 'dayjs'
import type { ReactNode } from 'react'
import type { HistoryTimeRange } from '../../app/model/job-history'
import { historyTimeRanges } from '../../app/rules/job-history'
import type { TimeField } from '../stores/filter-session'
import { ConsoleDialog } from './console-dialog'
import { DateField } from './date-field'
import { OkCancelActions } from './dialog-actions'
import { ChoiceField, FieldRow, type ListChoice, type RegisterFocus } from './form-controls'

/** A list's choices: `All` (id 0, the value null) first, then each value by its position. */
export function withAll<T>(values: readonly T[], name: (value: T) => string): { choices: ListChoice[]; idOf: (value: T | null) => number; valueOf: (id: number | null) => T | null } {
  return {
    choices: [{ id: 0, name: 'All' }, ...values.map((value, index) => ({ id: index + 1, name: name(value) }))],
    idOf: (value) => (value === null ? 0 : values.indexOf(value) + 1),
    valueOf: (id) => (id === null || id === 0 ? null : (values[id - 1] ?? null)),
  }
}

const timeRanges = historyTimeRanges.map((choice, index) => ({ id: index, name: choice.label }))

/** The time range fields' values. */
export interface TimeRangeValues {
  readonly timeRange: HistoryTimeRange
  readonly startDate: Dayjs | null
  readonly endDate: Dayjs | null
}

/** Time Range, Start Time and End Time rows of a {@link FormGrid}; the dates apply with Specify Time Range only. */
export function TimeRangeFields({
  idPrefix,
  values,
  problemOf,
  actions,
  register,
}: {
  readonly idPrefix: string
  readonly values: TimeRangeValues
  /** The problem to show beside a date now. */
  readonly problemOf: (field: TimeField) => string | undefined
  /** The filter store's actions. */
  readonly actions: {
    setValue(field: 'timeRange', value: HistoryTimeRange): void
    setValue(field: 'startDate' | 'endDate', value: Dayjs | null): void
    touch(field: TimeField): void
  }
  readonly register: RegisterFocus
}) {
  const specify = values.timeRange === 'specify'
  const startProblem = specify ? problemOf('startTime') : undefined
  const endProblem = specify ? problemOf('endTime') : undefined
  const startLabelId = `${idPrefix}-start-label`
  const endLabelId = `${idPrefix}-end-label`
  return (
    <>
      <FieldRow label="Time Range" htmlFor={`${idPrefix}-range`}>
        <ChoiceField
          id={`${idPrefix}-range`}
          options={timeRanges}
          value={historyTimeRanges.findIndex((choice) => choice.range === values.timeRange)}
          onChange={(id) => actions.setValue('timeRange', historyTimeRanges[id ?? 3]?.range ?? 'all')}
          helperText="Jobs that started in the range, by the CommServe's clock."
        />
      </FieldRow>
      <FieldRow label="Start Time" labelId={startLabelId} disabled={!specify}>
        <DateField
          value={values.startDate}
          onChange={(date) => actions.setValue('startDate', date)}
          onBlur={() => actions.touch('startTime')}
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
          onChange={(date) => actions.setValue('endDate', date)}
          onBlur={() => actions.touch('endTime')}
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
    </>
  )
}

/** A filter dialog: a spinner (named `loadingLabel`) while what it offers loads, the load error, the form, OK and Cancel. */
export function FilterDialogFrame({
  open,
  title,
  status,
  loadError,
  loadingLabel,
  onOk,
  onClose,
  children,
}: {
  readonly open: boolean
  readonly title: string
  readonly status: 'loading' | 'ready' | 'error' | null
  readonly loadError: string | null
  readonly loadingLabel: string
  readonly onOk: () => void
  readonly onClose: () => void
  /** The form, shown once ready. */
  readonly children: ReactNode
}) {
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <ConsoleDialog open={open} title={title} width={500} busy={false} onClose={onClose}>
        <DialogContent sx={{ px: 5, pt: '16px !important', pb: 3, minHeight: 200 }}>
          {status === 'loading' && (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
              <CircularProgress size={24} aria-label={loadingLabel} />
            </Box>
          )}
          {status === 'error' && <Alert severity="warning">{loadError}</Alert>}
          {status === 'ready' && children}
        </DialogContent>
        <OkCancelActions busy={false} busyLabel="Listing the jobs" onOk={onOk} okDisabled={status !== 'ready'} onCancel={onClose} />
      </ConsoleDialog>
    </LocalizationProvider>
  )
}
