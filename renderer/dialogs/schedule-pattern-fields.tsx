/**
 * Schedule Details: a schedule's name, its pattern (One Time, Daily with an optional repeat, Weekly, Monthly), the
 * start time and time zone, the next run it gives, and the auxiliary copy options or the backup type it runs with. Shared by the
 * Schedule Policy dialog and a storage policy's Auxiliary Copy Schedules; state lives in their stores.
 */
import Alert from '@mui/material/Alert'
import Autocomplete from '@mui/material/Autocomplete'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import TextField from '@mui/material/TextField'
import { AdapterDayjs } from '@mui/x-date-pickers/AdapterDayjs'
import { DatePicker } from '@mui/x-date-pickers/DatePicker'
import { LocalizationProvider } from '@mui/x-date-pickers/LocalizationProvider'
import { useId, useMemo } from 'react'
import { ScheduleBackupType } from '../../app/model/schedule'
import { scheduleEditorProblem, scheduleEditorProblems, type ScheduleEditor } from '../stores/schedule-editor'
import {
  nextRunText,
  patternKindLabels,
  patternKinds,
  timeZoneNames,
  toggleDay,
  weekDayNames,
  type PatternKind,
  type ScheduleFormValues,
} from '../stores/schedule-form-model'
import { CheckField, FieldRow, FormGrid, FullRow, inputSx, SectionTitle, TextInput, useFocusRegistry } from './form-controls'
import { useWhileClosing } from '../components/use-while-closing'

/** Sets one field of the schedule. */
export type SetScheduleValue = <K extends keyof ScheduleFormValues>(field: K, value: ScheduleFormValues[K]) => void

/** What the Schedule Details dialog is told and tells back. */
export interface ScheduleDetailsProps {
  /** The open Schedule Details, or null when closed. */
  readonly editor: ScheduleEditor | null
  /** The CommServe's time now, for the "Next run" line. */
  readonly now: number
  readonly onChange: SetScheduleValue
  readonly onTouch: (field: string) => void
  readonly onOk: () => void
  readonly onCancel: () => void
  /** Whether the schedule runs auxiliary copies (with their options); a Data Aging schedule has none. */
  readonly auxCopyOptions?: boolean
  /** Whether the schedule runs backups (a Data Protection schedule: Full, Incremental or Differential). */
  readonly backupOptions?: boolean
}

const radioSx = { ml: -1, mr: 3, '& .MuiFormControlLabel-label': { fontSize: 13 } } as const
const narrowSx = { '& .MuiInputBase-root': { width: 90 } } as const

/** A Time Zone list that can be typed into to filter it (several hundred zones). */
function TimeZoneField({
  id,
  value,
  onChange,
  onBlur,
  problem,
  inputRef,
}: {
  readonly id: string
  readonly value: string
  readonly onChange: (timeZone: string) => void
  readonly onBlur: () => void
  readonly problem?: string
  readonly inputRef: (element: HTMLElement | null) => void
}) {
  const zones = useMemo(() => timeZoneNames(), [])
  // A zone saved elsewhere that this runtime does not list still shows (the CommServe then says why).
  const options = zones.includes(value) || value === '' ? zones : [value, ...zones]
  return (
    <Autocomplete<string, false, true, false>
      id={id}
      options={options}
      value={value}
      onChange={(_event, zone) => onChange(zone)}
      onBlur={onBlur}
      disableClearable
      autoHighlight
      size="small"
      noOptionsText="No such time zone"
      slotProps={{ listbox: { dense: true } as object, paper: { sx: { fontSize: 13 } } }}
      renderOption={(props, option) => {
        const { key, ...rest } = props as typeof props & { key: string }
        return (
          <Box component="li" key={key} {...rest} sx={{ fontSize: 13, minHeight: '26px !important' }}>
            {option}
          </Box>
        )
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          error={problem !== undefined}
          helperText={problem}
          inputRef={inputRef}
          sx={inputSx}
          slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, spellCheck: false } }}
        />
      )}
    />
  )
}

/** The fields of Schedule Details, in a form grid. */
export function SchedulePatternFields({
  idPrefix,
  editor,
  now,
  onChange,
  onTouch,
  auxCopyOptions = true,
  backupOptions = false,
}: {
  readonly idPrefix: string
  readonly editor: ScheduleEditor
  readonly now: number
  readonly onChange: SetScheduleValue
  readonly onTouch: (field: string) => void
  readonly auxCopyOptions?: boolean
  readonly backupOptions?: boolean
}) {
  const { values } = editor
  const register = useFocusRegistry(editor.focus, values.kind)
  const problems = useMemo(() => scheduleEditorProblems(editor), [editor])
  const problem = (field: string): string | undefined => scheduleEditorProblem(editor, problems, field)
  const next = nextRunText(values, now)
  const patternLabelId = `${idPrefix}-pattern-label`
  const dateLabelId = `${idPrefix}-date-label`
  const daysLabelId = `${idPrefix}-days-label`
  const dateProblem = problem('pattern.date')
  const daysProblem = problem('pattern.days')

  return (
    <FormGrid labelColumn={170}>
      <FieldRow label="Schedule Name" htmlFor={`${idPrefix}-name`} required>
        <TextInput
          id={`${idPrefix}-name`}
          value={values.name}
          onChange={(text) => onChange('name', text)}
          onBlur={() => onTouch('name')}
          required
          problem={problem('name')}
          inputRef={register('name')}
        />
      </FieldRow>

      <FieldRow label="Schedule Pattern" labelId={patternLabelId}>
        <RadioGroup
          row
          aria-labelledby={patternLabelId}
          value={values.kind}
          onChange={(_event, kind) => onChange('kind', kind as PatternKind)}
        >
          {patternKinds.map((kind, index) => (
            <FormControlLabel
              key={kind}
              value={kind}
              label={patternKindLabels[kind]}
              sx={radioSx}
              control={<Radio size="small" sx={{ p: 1 }} slotProps={{ input: { ref: index === 0 ? register('pattern') : undefined } as object }} />}
            />
          ))}
        </RadioGroup>
        {problem('pattern') !== undefined && <FormHelperText error>{problem('pattern')}</FormHelperText>}
      </FieldRow>

      {values.kind === 'oneTime' && (
        <FieldRow label="Date" labelId={dateLabelId} required>
          <Box ref={register('pattern.date')} sx={{ width: 200 }}>
            <DatePicker
              value={values.date}
              onChange={(date) => onChange('date', date)}
              slotProps={{
                textField: {
                  size: 'small',
                  fullWidth: true,
                  error: dateProblem !== undefined,
                  onBlur: () => onTouch('pattern.date'),
                  slotProps: { input: { 'aria-labelledby': dateLabelId } as object },
                  sx: { '& .MuiPickersInputBase-root': { fontSize: 13, height: 30 }, '& .MuiPickersSectionList-root': { py: 0 } },
                },
              }}
            />
          </Box>
          {dateProblem !== undefined && (
            <FormHelperText error sx={{ mx: 0 }}>
              {dateProblem}
            </FormHelperText>
          )}
        </FieldRow>
      )}

      <FieldRow label="Start Time" htmlFor={`${idPrefix}-time`} required>
        <Box sx={narrowSx}>
          <TextInput
            id={`${idPrefix}-time`}
            value={values.time}
            onChange={(text) => onChange('time', text)}
            onBlur={() => onTouch('pattern.time')}
            required
            placeholder="HH:MM"
            problem={problem('pattern.time')}
            helperText="24-hour clock, HH:MM"
            inputRef={register('pattern.time')}
          />
        </Box>
      </FieldRow>

      {values.kind === 'daily' && (
        <>
          <FullRow>
            <CheckField label="Repeat" checked={values.repeat} onChange={(checked) => onChange('repeat', checked)} />
          </FullRow>
          <FieldRow label="Repeat every (minutes)" htmlFor={`${idPrefix}-every`} disabled={!values.repeat}>
            <Box sx={narrowSx}>
              <TextInput
                id={`${idPrefix}-every`}
                value={values.repeatEveryMinutes}
                onChange={(text) => onChange('repeatEveryMinutes', text)}
                onBlur={() => onTouch('pattern.repeatEveryMinutes')}
                disabled={!values.repeat}
                inputMode="numeric"
                problem={values.repeat ? problem('pattern.repeatEveryMinutes') : undefined}
                inputRef={register('pattern.repeatEveryMinutes')}
              />
            </Box>
          </FieldRow>
          <FieldRow label="Repeat until" htmlFor={`${idPrefix}-until`} disabled={!values.repeat}>
            <Box sx={narrowSx}>
              <TextInput
                id={`${idPrefix}-until`}
                value={values.repeatUntil}
                onChange={(text) => onChange('repeatUntil', text)}
                onBlur={() => onTouch('pattern.repeatUntil')}
                disabled={!values.repeat}
                placeholder="HH:MM"
                problem={problem('pattern.repeatUntil')}
                inputRef={register('pattern.repeatUntil')}
              />
            </Box>
          </FieldRow>
        </>
      )}

      {values.kind === 'weekly' && (
        <FieldRow label="Days" labelId={daysLabelId} required>
          <Box
            role="group"
            aria-labelledby={daysLabelId}
            ref={register('pattern.days')}
            sx={{ display: 'grid', gridTemplateColumns: 'repeat(4, max-content)', columnGap: 3 }}
          >
            {weekDayNames.map((name, day) => (
              <CheckField
                key={name}
                label={name}
                checked={values.days.includes(day)}
                onChange={(checked) => onChange('days', toggleDay(values.days, day, checked))}
              />
            ))}
          </Box>
          {daysProblem !== undefined && (
            <FormHelperText error sx={{ mx: 0 }}>
              {daysProblem}
            </FormHelperText>
          )}
        </FieldRow>
      )}

      {values.kind === 'monthly' && (
        <FieldRow label="Day of month" htmlFor={`${idPrefix}-day`} required>
          <Box sx={narrowSx}>
            <TextInput
              id={`${idPrefix}-day`}
              value={values.dayOfMonth}
              onChange={(text) => onChange('dayOfMonth', text)}
              onBlur={() => onTouch('pattern.dayOfMonth')}
              required
              inputMode="numeric"
              problem={problem('pattern.dayOfMonth')}
              helperText="1 to 31; a month without that day is skipped."
              inputRef={register('pattern.dayOfMonth')}
            />
          </Box>
        </FieldRow>
      )}

      <FieldRow label="Time Zone" htmlFor={`${idPrefix}-zone`} required>
        <TimeZoneField
          id={`${idPrefix}-zone`}
          value={values.timeZone}
          onChange={(zone) => onChange('timeZone', zone)}
          onBlur={() => onTouch('pattern.timeZone')}
          problem={problem('pattern.timeZone')}
          inputRef={register('pattern.timeZone')}
        />
      </FieldRow>

      <FullRow>
        <Box role="status" sx={{ color: next === null ? 'console.muted' : 'text.primary', fontSize: 13 }}>
          {next ?? 'Next run: shown once the pattern is complete'}
        </Box>
      </FullRow>

      {auxCopyOptions && <AuxCopyOptionFields idPrefix={idPrefix} editor={editor} onChange={onChange} onTouch={onTouch} />}
      {backupOptions && (
        <>
          <SectionTitle>Backup Options</SectionTitle>
          <FieldRow label="Backup Type" labelId={`${idPrefix}-backup-type-label`}>
            <RadioGroup
              row
              aria-labelledby={`${idPrefix}-backup-type-label`}
              value={values.backupType}
              onChange={(_event, type) => onChange('backupType', type as ScheduleBackupType)}
            >
              {ScheduleBackupType.options.map((type) => (
                <FormControlLabel key={type} value={type} label={type} sx={radioSx} control={<Radio size="small" sx={{ p: 1 }} />} />
              ))}
            </RadioGroup>
            <FormHelperText sx={{ mx: 0 }}>The first backup of a subclient is a Full whatever is chosen.</FormHelperText>
          </FieldRow>
        </>
      )}
    </FormGrid>
  )
}

/** The auxiliary copy options a schedule runs with. */
function AuxCopyOptionFields({
  idPrefix,
  editor,
  onChange,
  onTouch,
}: {
  readonly idPrefix: string
  readonly editor: ScheduleEditor
  readonly onChange: SetScheduleValue
  readonly onTouch: (field: string) => void
}) {
  const { values } = editor
  const register = useFocusRegistry(editor.focus, values.kind)
  const problems = useMemo(() => scheduleEditorProblems(editor), [editor])
  const problem = (field: string): string | undefined => scheduleEditorProblem(editor, problems, field)
  return (
    <>
      <SectionTitle>Auxiliary Copy Options</SectionTitle>
      <FullRow indent={false}>
        <CheckField
          label="Allow Maximum"
          checked={values.allowMaximum}
          onChange={(checked) => onChange('allowMaximum', checked)}
          helperText="Copies as many streams at once as the storage policy's device streams allow."
          describedById={`${idPrefix}-max-help`}
        />
      </FullRow>
      <FieldRow label="Number of Streams" htmlFor={`${idPrefix}-streams`} disabled={values.allowMaximum}>
        <Box sx={narrowSx}>
          <TextInput
            id={`${idPrefix}-streams`}
            value={values.streams}
            onChange={(text) => onChange('streams', text)}
            onBlur={() => onTouch('options.streams')}
            disabled={values.allowMaximum}
            inputMode="numeric"
            problem={values.allowMaximum ? undefined : problem('options.streams')}
            inputRef={register('options.streams')}
          />
        </Box>
      </FieldRow>
      <FullRow indent={false}>
        <CheckField label="Start New Media" checked={values.startNewMedia} onChange={(checked) => onChange('startNewMedia', checked)} />
        <CheckField
          label="Mark Media Full on Success"
          checked={values.markMediaFull}
          onChange={(checked) => onChange('markMediaFull', checked)}
        />
      </FullRow>
    </>
  )
}

/** The Schedule Details dialog, on top of the dialog that opened it; open while `editor` is set. */
export function ScheduleDetailsDialog({ editor, now, onChange, onTouch, onOk, onCancel, auxCopyOptions = true, backupOptions = false }: ScheduleDetailsProps) {
  const titleId = useId()
  const idPrefix = useId().replace(/:/g, '')
  const shown = useWhileClosing(editor)
  const saving = editor?.saving === true
  return (
    <LocalizationProvider dateAdapter={AdapterDayjs}>
      <Dialog
        open={editor !== null}
        onClose={() => {
          if (!saving) onCancel()
        }}
        maxWidth={false}
        aria-labelledby={titleId}
        slotProps={{ paper: { sx: { width: 640, maxWidth: 'calc(100vw - 32px)' } } }}
      >
        <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
          Schedule Details
        </DialogTitle>
        {/* One height for every pattern, so choosing another one does not move the dialog. */}
        <DialogContent sx={{ px: 5, pt: '20px !important', pb: 3, height: 540, maxHeight: 'calc(100vh - 160px)' }}>
          {shown?.formError != null && (
            <Alert severity="error" sx={{ mb: 3 }}>
              {shown.formError}
            </Alert>
          )}
          {shown !== null && <SchedulePatternFields idPrefix={idPrefix} editor={shown} now={now} onChange={onChange} onTouch={onTouch} auxCopyOptions={auxCopyOptions} backupOptions={backupOptions} />}
        </DialogContent>
        <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
          {saving && <CircularProgress size={16} aria-label="Saving" sx={{ mr: 'auto', ml: 1 }} />}
          <Button variant="contained" onClick={onOk} disabled={saving} sx={{ minWidth: 80 }}>
            OK
          </Button>
          <Button variant="outlined" onClick={onCancel} disabled={saving} sx={{ minWidth: 80 }}>
            Cancel
          </Button>
        </DialogActions>
      </Dialog>
    </LocalizationProvider>
  )
}
