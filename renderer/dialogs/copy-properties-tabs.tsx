/**
 * The pages of Copy Properties: the five form pages (General, Copy Policy, Retention, Data Paths and Deduplication)
 * and, for an existing copy, the read-only Verification page.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import dayjs from 'dayjs'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import type { CopyDetails, CopyFormData } from '../../app/model/copy-forms'
import type { CopyVerificationData } from '../../app/model/jobs'
import { sameLibraryAdvice } from '../../app/rules/copy-form'
import { selectiveFrequencies, weekDays } from '../../app/rules/selective-copy'
import { PropertyTable } from '../components/properties-dialog'
import { dedupFigureFields } from '../format/dedup-format'
import { isPrimaryCopy, selectiveLock, type CopyFormSetting, type CopyFormValues } from '../stores/copy-form-model'
import { copyVerificationLimit } from '../stores/copy-verification-store'
import { useCopyDedupStore, useCopyVerificationStore } from '../stores/dialog-hooks'
import { libraryOf } from '../stores/form-fields'
import { DateField } from './date-field'
import { CheckField, ChoiceField, FieldRow, FormGrid, FullRow, SectionTitle, TextInput, type RegisterFocus } from './form-controls'
import { DataPathFields, DedupFields, RetentionFieldsGroup } from './storage-fields'

/** What every page gets from the dialog. */
export interface CopyPageProps {
  readonly idPrefix: string
  readonly setting: CopyFormSetting
  readonly values: CopyFormValues
  readonly problem: (field: string) => string | undefined
  readonly set: <K extends keyof CopyFormValues>(field: K, value: CopyFormValues[K]) => void
  readonly touch: (field: string) => void
  readonly register: RegisterFocus
}

/** The schedules a copy joins: for an existing copy its associations, for a new one what the CommCell will do. */
function ScheduleNotes({ form, copy, idPrefix }: { form: CopyFormData; copy: CopyDetails | null; idPrefix: string }) {
  const labelId = `${idPrefix}-schedules-label`
  const notes: string[] =
    copy !== null
      ? copy.schedules
      : [
          ...(form.installKind === 'upgraded'
            ? ['On OK, the Auxiliary Copy Schedule dialog offers a schedule for this copy.']
            : form.autocopyPolicy === null
              ? []
              : [`This copy will be associated with the ${form.autocopyPolicy}.`]),
          ...form.allCopiesSchedules.map((name) => `It will also join ${name}, a schedule created with the All Copies option.`),
        ]
  return (
    <FieldRow label="Schedules" labelId={labelId}>
      <Box
        component="ul"
        aria-labelledby={labelId}
        sx={{
          m: 0,
          px: 2,
          py: 1,
          listStyle: 'none',
          border: 1,
          borderColor: 'console.border',
          borderRadius: 0.5,
          bgcolor: 'console.header',
          minHeight: 30,
          '& li': { py: 0.25 },
        }}
      >
        {notes.length === 0 ? (
          <Box component="li" sx={{ color: 'console.muted' }}>
            {copy === null ? 'No schedule will be associated with this copy.' : 'None'}
          </Box>
        ) : (
          notes.map((note) => <li key={note}>{note}</li>)
        )}
      </Box>
    </FieldRow>
  )
}

/** General: name, primary and active flags, the data path, the schedules. */
export function GeneralPage({ idPrefix, setting, values, problem, set, touch, register }: CopyPageProps) {
  const { form, copy } = setting
  const primary = isPrimaryCopy(setting)
  const advice =
    !primary && values.libraryId !== null ? sameLibraryAdvice(values.libraryId, form.primaryLibraryId) : undefined
  // A deduplicated copy stays on disk: its DDB belongs to a disk library.
  const libraries = copy?.dedup === true ? form.libraries.filter((library) => library.kind === 'disk') : form.libraries
  const lock = selectiveLock(setting)
  return (
    <FormGrid>
      <FieldRow label="Storage Policy" htmlFor={`${idPrefix}-policy`}>
        <TextInput id={`${idPrefix}-policy`} value={form.policyName} readOnly />
      </FieldRow>
      <FieldRow label="Copy Name" htmlFor={`${idPrefix}-name`}>
        <TextInput
          id={`${idPrefix}-name`}
          value={values.name}
          onChange={(value) => set('name', value)}
          onBlur={() => touch('name')}
          problem={problem('name')}
          inputRef={register('name')}
          autoFocus={copy === null}
        />
      </FieldRow>
      <FullRow>
        <Box sx={{ display: 'flex', gap: 6, mt: -1.5, mb: -1 }}>
          <CheckField label="Primary Copy" checked={primary} disabled />
          <CheckField
            label="Active"
            checked={values.active}
            disabled={primary}
            onChange={(checked) => set('active', checked)}
            problem={problem('active')}
            describedById={`${idPrefix}-active-help`}
            inputRef={register('active')}
          />
        </Box>
      </FullRow>
      <FullRow>
        <Box sx={{ mt: -1.5, mb: -1 }}>
          <CheckField
            label="Selective Copy"
            checked={values.selectiveCopy}
            disabled={lock !== undefined}
            onChange={(checked) => set('selectiveCopy', checked)}
            problem={problem('selective')}
            helperText={
              lock ??
              (values.selectiveCopy
                ? 'Only the full backups chosen on the Selective Copy tab are copied.'
                : 'Cleared: a synchronous copy, every backup is copied (full, incremental, differential, log).')
            }
            describedById={`${idPrefix}-selective-help`}
            inputRef={register('selective')}
          />
        </Box>
      </FullRow>
      <DataPathFields
        idPrefix={idPrefix}
        values={values}
        problem={problem}
        set={set}
        touch={touch}
        register={register}
        libraries={libraries}
        advice={advice}
      />
      <ScheduleNotes form={form} copy={copy} idPrefix={idPrefix} />
    </FormGrid>
  )
}

/** The frequencies as list choices (ids 1..8 in the tab's order). */
const frequencyChoices = selectiveFrequencies.map((name, index) => ({ id: index + 1, name }))
/** The days as list choices (ids 0..6, Sunday first). */
const weekDayChoices = weekDays.map((name, index) => ({ id: index, name }))

/** Selective Copy (while Selective Copy is checked): which full backups the copy takes. */
export function SelectiveCopyPage({ idPrefix, values, problem, set, touch, register }: CopyPageProps) {
  const frequency = values.selectiveFrequency
  const weekly = frequency === 'Weekly Fulls'
  const periods = frequency !== null && frequency !== 'All Fulls'
  const pickLabelId = `${idPrefix}-pick-label`
  return (
    <FormGrid labelColumn={310}>
      <FieldRow label="Automatically select Full Backups at frequency" htmlFor={`${idPrefix}-frequency`} required>
        <ChoiceField
          id={`${idPrefix}-frequency`}
          options={frequencyChoices}
          value={frequency === null ? null : selectiveFrequencies.indexOf(frequency) + 1}
          onChange={(id) => set('selectiveFrequency', id === null ? null : (selectiveFrequencies[id - 1] ?? null))}
          onBlur={() => touch('selective.frequency')}
          required
          placeholder="Choose a frequency"
          problem={problem('selective.frequency')}
          inputRef={register('selective.frequency')}
        />
      </FieldRow>
      <FieldRow label="Week starts on" htmlFor={`${idPrefix}-week-start`} disabled={!weekly}>
        <ChoiceField
          id={`${idPrefix}-week-start`}
          options={weekDayChoices}
          value={weekDays.indexOf(values.selectiveWeekStart)}
          onChange={(id) => {
            const day = id === null ? undefined : weekDays[id]
            if (day !== undefined) set('selectiveWeekStart', day)
          }}
          disabled={!weekly}
          problem={problem('selective.weekStart')}
          helperText={weekly ? undefined : 'Weekly Fulls only.'}
          inputRef={register('selective.weekStart')}
        />
      </FieldRow>
      <FieldRow label="Select" labelId={pickLabelId} disabled={!periods}>
        <RadioGroup
          aria-labelledby={pickLabelId}
          value={values.selectivePick}
          onChange={(_event, value) => set('selectivePick', value === 'last' ? 'last' : 'first')}
        >
          {(['first', 'last'] as const).map((pick, index) => (
            <FormControlLabel
              key={pick}
              value={pick}
              disabled={!periods}
              control={
                <Radio
                  size="small"
                  sx={{ p: 1 }}
                  slotProps={{ input: (index === 0 ? { ref: register('selective.pick') } : {}) as object }}
                />
              }
              label={pick === 'first' ? 'First full backup' : 'Last full backup'}
              sx={{ ml: -1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
            />
          ))}
        </RadioGroup>
        {problem('selective.pick') !== undefined && (
          <FormHelperText error sx={{ ml: 0 }}>
            {problem('selective.pick')}
          </FormHelperText>
        )}
      </FieldRow>
      <FullRow indent={false}>
        <FormHelperText sx={{ m: 0 }}>
          Only full backups are copied, one per period and subclient: the first full as soon as it completes, or the last
          full once its period has ended. Periods follow the CommServe&apos;s clock and each job&apos;s start time: weeks
          start on the chosen day, months on the 1st, quarters on Jan 1, Apr 1, Jul 1 and Oct 1, half-years on Jan 1 and
          Jul 1, years on Jan 1.
        </FormHelperText>
      </FullRow>
    </FormGrid>
  )
}

/** Copy Policy: the source copy and All Backups or Backups On and After a date. */
export function CopyPolicyPage({ idPrefix, setting, values, problem, set, touch, register }: CopyPageProps) {
  const { form, copy, now } = setting
  const primary = isPrimaryCopy(setting)
  const sources = copy === null ? form.copies : form.copies.filter((other) => other.id !== copy.id)
  const dateLabelId = `${idPrefix}-onafter-label`
  const periodProblem = problem('backupPeriod')
  const dateProblem = problem('backupPeriod.date')
  const onAndAfter = values.backupPeriod === 'onAndAfter'
  return (
    <FormGrid>
      <FieldRow label="Source Copy" htmlFor={`${idPrefix}-source`} disabled={copy !== null}>
        {primary ? (
          <TextInput id={`${idPrefix}-source`} value="Not applicable (primary copy)" readOnly />
        ) : (
          <ChoiceField
            id={`${idPrefix}-source`}
            options={sources}
            value={values.sourceCopyId}
            onChange={(value) => set('sourceCopyId', value)}
            onBlur={() => touch('sourceCopyId')}
            disabled={copy !== null}
            problem={problem('sourceCopyId')}
            helperText={copy === null ? 'The copy whose jobs this copy receives.' : 'The source copy is chosen when the copy is created.'}
            inputRef={register('sourceCopyId')}
          />
        )}
      </FieldRow>
      <FieldRow label="Backup Period" labelId={`${idPrefix}-period-label`} disabled={primary}>
        <RadioGroup
          aria-labelledby={`${idPrefix}-period-label`}
          value={values.backupPeriod}
          onChange={(_event, value) => set('backupPeriod', value === 'onAndAfter' ? 'onAndAfter' : 'allBackups')}
        >
          <FormControlLabel
            value="allBackups"
            disabled={primary}
            control={<Radio size="small" sx={{ p: 1 }} slotProps={{ input: { ref: register('backupPeriod') } as object }} />}
            label="All Backups"
            sx={{ ml: -1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
          />
          <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 2 }}>
            <FormControlLabel
              value="onAndAfter"
              disabled={primary}
              control={<Radio size="small" sx={{ p: 1 }} />}
              label="Backups On and After"
              slotProps={{ typography: { id: dateLabelId } }}
              sx={{ ml: -1, mt: '1px', flexShrink: 0, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
            />
            <DateField
              value={values.backupDate}
              onChange={(value) => set('backupDate', value)}
              onBlur={() => touch('backupPeriod.date')}
              labelledBy={dateLabelId}
              disabled={!onAndAfter || primary}
              disableFuture
              maxDate={dayjs(now)}
              error={dateProblem !== undefined}
              fieldRef={register('backupPeriod.date')}
            />
          </Box>
        </RadioGroup>
        {(dateProblem ?? periodProblem) !== undefined && (
          <FormHelperText error sx={{ ml: 0 }}>
            {dateProblem ?? periodProblem}
          </FormHelperText>
        )}
        <FormHelperText sx={{ ml: 0, mt: 2 }}>
          {primary
            ? 'The primary copy takes every backup.'
            : 'All Backups copies every job on the source copy; Backups On and After copies only the jobs that started on or after the date.'}
        </FormHelperText>
      </FieldRow>
      <FieldRow label="Deferred copy" labelId={`${idPrefix}-defer-label`} disabled={primary}>
        <Box role="group" aria-labelledby={`${idPrefix}-defer-label`} sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
          <CheckField
            label="Defer Auxiliary Copy for"
            checked={values.deferAuxCopy}
            disabled={primary}
            onChange={(checked) => set('deferAuxCopy', checked)}
            inputRef={register('deferDays')}
          />
          <TextInput
            id={`${idPrefix}-defer-days`}
            value={values.deferDays}
            onChange={(value) => set('deferDays', value)}
            onBlur={() => touch('deferDays')}
            disabled={primary || !values.deferAuxCopy}
            inputMode="numeric"
            width={80}
            error={problem('deferDays') !== undefined}
            ariaLabel="Defer Auxiliary Copy for days"
          />
          <Box component="span" sx={{ color: primary || !values.deferAuxCopy ? 'text.disabled' : 'text.primary' }}>
            days
          </Box>
        </Box>
        <FormHelperText error={problem('deferDays') !== undefined} sx={{ ml: 0 }}>
          {problem('deferDays') ??
            (primary
              ? 'The primary copy takes every backup as it runs.'
              : 'A job is copied at the earliest this many days after it started; until then it stays To Be Copied.')}
        </FormHelperText>
      </FieldRow>
    </FormGrid>
  )
}

/** Retention: Enable Data Aging, days and cycles. */
export function RetentionPage(props: CopyPageProps) {
  return (
    <FormGrid>
      <SectionTitle>Basic Retention Rules for All Backups</SectionTitle>
      <RetentionFieldsGroup {...props} />
    </FormGrid>
  )
}

/** Data Paths: the copy's one data path as the General page sets it. */
export function DataPathsPage({ setting, values }: CopyPageProps) {
  const library = libraryOf(setting.form.libraries, values.libraryId)
  const name = (choices: readonly { id: number; name: string }[] | undefined, id: number | null): string =>
    choices?.find((choice) => choice.id === id)?.name ?? ''
  const columns = ['Library', 'MediaAgent', 'Drive Pool', 'Scratch Pool', 'Default']
  return (
    <Box>
      <Box sx={{ border: 1, borderColor: 'console.border' }}>
        <Table size="small" aria-label="Data Paths">
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell key={column} sx={{ bgcolor: 'console.header', fontWeight: 600 }}>
                  {column}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {library === undefined ? (
              <TableRow>
                <TableCell colSpan={columns.length} sx={{ color: 'console.muted' }}>
                  No data path yet: choose a library on the General tab.
                </TableCell>
              </TableRow>
            ) : (
              <TableRow>
                <TableCell>{library.name}</TableCell>
                <TableCell>{name(library.mediaAgents, values.mediaAgentId)}</TableCell>
                <TableCell>{name(library.drivePools, values.drivePoolId)}</TableCell>
                <TableCell>{name(library.scratchPools, values.scratchPoolId)}</TableCell>
                <TableCell>Yes</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>
      <FormHelperText sx={{ mt: 2 }}>The default data path is chosen with Library, MediaAgent and the pools on the General tab.</FormHelperText>
    </Box>
  )
}

/**
 * What a deduplicated copy's DDB holds now, as its MediaAgent counts it: read-only fields that keep their place while
 * the figures load, the reason when the MediaAgent could not answer.
 */
function DedupFiguresSection({ idPrefix }: { idPrefix: string }) {
  const view = useCopyDedupStore((state) => state.view)
  const data = view?.data ?? null
  const loading = view === null || (view.status === 'loading' && data === null)
  const placeholders: readonly (readonly [string, string])[] = ['Application size', 'Data written', 'Unique blocks', 'Savings'].map((label) => [label, ''])
  const fields = data?.figures != null ? dedupFigureFields(data.figures) : placeholders
  const failure = view?.status === 'error' ? view.error : data !== null && data.figures === null ? data.reason : null
  return (
    <>
      <SectionTitle>
        <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
          What the DDB holds now
          {view?.status === 'loading' && <CircularProgress size={12} aria-label="Reading the DDB" />}
        </Box>
      </SectionTitle>
      {failure !== null ? (
        <FullRow indent={false}>
          <Alert severity={view?.status === 'error' ? 'error' : 'warning'}>{failure}</Alert>
        </FullRow>
      ) : (
        fields.map(([label, value]) => {
          const id = `${idPrefix}-figure-${label.toLowerCase().replace(/\W+/g, '-')}`
          return (
            <FieldRow key={label} label={label} htmlFor={id}>
              <TextInput id={id} value={value} readOnly placeholder={loading ? 'Reading the DDB...' : undefined} />
            </FieldRow>
          )
        })
      )}
    </>
  )
}

/** Deduplication: only while creating, only on disk; afterwards shown read-only, with the DDB's live figures. */
export function DeduplicationPage({ idPrefix, setting, values, problem, set, touch, register }: CopyPageProps) {
  return (
    <FormGrid>
      <DedupFields
        idPrefix={idPrefix}
        values={values}
        problem={problem}
        set={set}
        touch={touch}
        register={register}
        creating={setting.copy === null}
        libraries={setting.form.libraries}
        mediaAgents={setting.form.mediaAgents}
      />
      {setting.copy?.dedup === true && <DedupFiguresSection idPrefix={idPrefix} />}
    </FormGrid>
  )
}

/** The Verification page's columns. */
const verificationColumns: readonly ContentsColumn[] = [
  { key: 'jobId', label: 'Job ID', format: 'text' },
  { key: 'backupType', label: 'Backup Type', format: 'text' },
  { key: 'startTime', label: 'Start Time', format: 'datetime' },
  { key: 'status', label: 'Status', format: 'text' },
  { key: 'verifiedAt', label: 'Last Verified', format: 'datetime' },
]

/** The copy's jobs as the table's rows (`Never` for a job not verified yet; the Bad reason kept for its line). */
function verificationRows(data: CopyVerificationData): ContentsRow[] {
  return data.jobs.map((job) => ({
    key: String(job.jobId),
    nodeId: null,
    cells: {
      jobId: String(job.jobId),
      backupType: job.backupType,
      startTime: job.startTime,
      status: job.status,
      verifiedAt: job.verifiedAt ?? 'Never',
      badReason: job.badReason,
    },
  }))
}

/** Verification (existing copies only): the copy's jobs, newest first, with when each was last verified there. */
export function VerificationPage() {
  const view = useCopyVerificationStore((state) => state.view)
  if (view === null || (view.status === 'loading' && view.data === null)) {
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
        <CircularProgress size={24} aria-label="Loading the copy's jobs" />
      </Box>
    )
  }
  if (view.status === 'error' || view.data === null) return <Alert severity="error">{view.error}</Alert>
  const { data } = view
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <FormHelperText sx={{ m: 0 }}>
        The jobs on {data.copy}, newest first. Last Verified is when the job's data on this copy was last read back and
        every chunk matched: its SHA-256 by Data Verification, its CRC-32 by an auxiliary copy with Verify copied data.
      </FormHelperText>
      <PropertyTable
        label="Verification"
        columns={verificationColumns}
        rows={verificationRows(data)}
        maxHeight={data.more ? 330 : 350}
        rowDetail={(row) => (row.cells.status === 'Bad' && row.cells.badReason ? `Why Bad: ${String(row.cells.badReason)}` : undefined)}
      />
      {data.more && (
        <FormHelperText sx={{ m: 0 }}>
          Only the newest {copyVerificationLimit.toLocaleString()} jobs are listed.
        </FormHelperText>
      )}
    </Box>
  )
}
