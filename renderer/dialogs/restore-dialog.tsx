/**
 * Browse and Restore of a subclient: its restorable jobs (the newest chosen), Restore from (copy precedence or a
 * named copy holding the job) and the destination folder; OK starts the restore now. State and rules live in the
 * restore dialog store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import { useId } from 'react'
import { formatBytes, formatDateTime } from '../format/cell-format'
import { useRestoreDialogStore } from '../stores/job-hooks'
import {
  chosenJob,
  copiesHolding,
  restoreVisibleProblem,
  type RestoreSession,
  type RestoreValues,
} from '../stores/restore-dialog-store'
import { useStores } from '../stores/stores-context'
import { ChoiceField, FieldRow, FormGrid, FullRow, SectionTitle, TextInput, useFocusRegistry } from './form-controls'
import { RadioOption } from './job-form-controls'
import { OkCancelActions } from './dialog-actions'
import { ConsoleDialog } from './console-dialog'

/** The loaded dialog's fields. */
function RestoreForm({ session, idPrefix }: { session: RestoreSession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'general')
  const set = <K extends keyof RestoreValues>(field: K, value: RestoreValues[K]): void =>
    stores.restoreDialog.getState().setValue(field, value)
  const { values, form } = session
  const jobs = form?.jobs ?? []
  const job = chosenJob(form, values)
  const holders = copiesHolding(job)
  const jobProblem = restoreVisibleProblem(session, 'backupJobId')
  const copyProblem = restoreVisibleProblem(session, 'copyId')

  return (
    <FormGrid labelColumn={130}>
      <SectionTitle>Job to restore</SectionTitle>
      <FullRow indent={false}>
        <Box
          ref={register('backupJobId')}
          sx={{ border: 1, borderColor: jobProblem === undefined ? 'console.border' : 'error.main', maxHeight: 218, overflow: 'auto' }}
        >
          <Table size="small" stickyHeader aria-label="Jobs">
            <TableHead>
              <TableRow>
                <TableCell sx={{ bgcolor: 'console.header', width: 32, p: 0 }} />
                {['Job ID', 'Backup Type', 'Start Time', 'Size', 'Copies'].map((label) => (
                  <TableCell key={label} align={label === 'Size' ? 'right' : 'left'} sx={{ bgcolor: 'console.header', fontWeight: 600 }}>
                    {label}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {jobs.map((candidate) => {
                const selected = candidate.backupJobId === values.backupJobId
                return (
                  <TableRow
                    key={candidate.backupJobId}
                    hover
                    selected={selected}
                    onClick={() => set('backupJobId', candidate.backupJobId)}
                    sx={{ cursor: 'pointer', '&.Mui-selected, &.Mui-selected:hover': { bgcolor: 'console.selection' } }}
                  >
                    <TableCell sx={{ p: 0, pl: 0.5 }}>
                      <Radio
                        size="small"
                        checked={selected}
                        onChange={() => set('backupJobId', candidate.backupJobId)}
                        name={`${idPrefix}-job`}
                        value={String(candidate.backupJobId)}
                        sx={{ p: 0.5 }}
                        slotProps={{ input: { 'aria-label': `Job ${candidate.backupJobId}` } }}
                      />
                    </TableCell>
                    <TableCell>{candidate.backupJobId}</TableCell>
                    <TableCell>{candidate.backupType}</TableCell>
                    <TableCell>{formatDateTime(candidate.startTime)}</TableCell>
                    <TableCell align="right">{formatBytes(candidate.bytes)}</TableCell>
                    <TableCell>{candidate.copies.map((copy) => copy.name).join(', ') || '—'}</TableCell>
                  </TableRow>
                )
              })}
            </TableBody>
          </Table>
        </Box>
        <FormHelperText error={jobProblem !== undefined} sx={{ mx: 0 }}>
          {jobProblem ?? 'An incremental or differential job is restored together with the jobs of its cycle it builds on.'}
        </FormHelperText>
      </FullRow>

      <SectionTitle>Restore from</SectionTitle>
      <FullRow indent={false}>
        <RadioGroup aria-label="Restore from" value={values.fromCopy ? 'copy' : 'precedence'} onChange={(_event, value) => set('fromCopy', value === 'copy')}>
          <RadioOption
            value="precedence"
            label="Copy Precedence"
            description="The copy with the lowest precedence number that holds the job (the Primary first)."
          />
          <RadioOption value="copy" label="Copy">
            <Box sx={{ width: 220 }}>
              {/* The radio's label is the visible one; this names the list and its popup for assistive technology. */}
              <label
                id={`${idPrefix}-copy-label`}
                htmlFor={`${idPrefix}-copy`}
                style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
              >
                Copy
              </label>
              <ChoiceField
                id={`${idPrefix}-copy`}
                options={holders}
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

      <SectionTitle>Destination</SectionTitle>
      <FieldRow label="Destination folder" htmlFor={`${idPrefix}-destination`} required>
        <TextInput
          id={`${idPrefix}-destination`}
          value={values.destination}
          onChange={(text) => set('destination', text)}
          onBlur={() => stores.restoreDialog.getState().touch('destination')}
          placeholder="/tmp/restore"
          required
          problem={restoreVisibleProblem(session, 'destination')}
          helperText="An absolute folder; files are restored under it with their original paths."
          inputRef={register('destination')}
        />
      </FieldRow>
    </FormGrid>
  )
}

/** The Browse and Restore dialog (one at a time, from its store). */
export function RestoreDialog() {
  const stores = useStores()
  const session = useRestoreDialogStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'running'
  const close = (): void => stores.restoreDialog.getState().close()

  return (
    <ConsoleDialog open={session !== null} title="Browse and Restore" width={700} busy={busy} onClose={close}>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4, minHeight: 200 }}>
        {session !== null && (
          <Box sx={{ mb: 3 }}>
            Subclient: <b>{session.subclientName}</b>
          </Box>
        )}
        {session?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading restorable jobs" />
          </Box>
        )}
        {session?.status === 'error' && <Alert severity="warning">{session.loadError}</Alert>}
        {session?.formError != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {session.formError}
          </Alert>
        )}
        {session !== null && session.form !== null && session.status !== 'error' && (
          <RestoreForm key={session.key} session={session} idPrefix={idPrefix} />
        )}
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Starting" onOk={() => void stores.restoreDialog.getState().submit()} okDisabled={session?.status !== 'ready'} onCancel={close} />
    </ConsoleDialog>
  )
}
