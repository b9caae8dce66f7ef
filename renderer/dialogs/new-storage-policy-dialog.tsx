/**
 * The New Storage Policy wizard: Name, Primary Copy, Retention, Deduplication and Review steps, with Back, Next,
 * Finish and Cancel. State and rules live in the policy wizard store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import Step from '@mui/material/Step'
import StepLabel from '@mui/material/StepLabel'
import Stepper from '@mui/material/Stepper'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableRow from '@mui/material/TableRow'
import { useCallback, useId, useMemo } from 'react'
import type { PolicyFormData } from '../../app/model/copy-forms'
import { dedupBlocksLabel } from '../../app/model/dedup'
import { retentionText } from '../../app/rules/copy-labels'
import { libraryOf, parseNumberText } from '../stores/form-fields'
import { usePolicyWizardStore } from '../stores/dialog-hooks'
import { visiblePolicyProblem, type PolicyWizardSession } from '../stores/policy-wizard-store'
import { policyStepLabels, policySteps, type PolicyFormValues } from '../stores/policy-wizard-model'
import { useStores } from '../stores/stores-context'
import { dialogPageSize } from './copy-properties-dialog'
import { FieldRow, FormGrid, SectionTitle, TextInput, useFocusRegistry } from './form-controls'
import { DataPathFields, DedupFields, RetentionFieldsGroup, libraryKindSuffix } from './storage-fields'

/** The Review step: everything Finish will create. */
function ReviewStep({ form, values }: { form: PolicyFormData; values: PolicyFormValues }) {
  const library = libraryOf(form.libraries, values.libraryId)
  const name = (choices: readonly { id: number; name: string }[] | undefined, id: number | null): string =>
    choices?.find((choice) => choice.id === id)?.name ?? ''
  const rows: [string, string][] = [
    ['Storage Policy Name', values.name.trim()],
    ['Device Streams', values.deviceStreams.trim()],
    ['Library', library === undefined ? '' : `${library.name} ${libraryKindSuffix(library)}`],
    ['MediaAgent', name(library?.mediaAgents, values.mediaAgentId)],
    ...(library?.kind === 'tape'
      ? ([
          ['Drive Pool', name(library.drivePools, values.drivePoolId)],
          ['Scratch Pool', name(library.scratchPools, values.scratchPoolId)],
        ] as [string, string][])
      : []),
    [
      'Retention',
      retentionText({
        agingEnabled: values.agingEnabled,
        retentionDays: parseNumberText(values.retentionDays),
        retentionCycles: parseNumberText(values.retentionCycles),
      }),
    ],
    [
      'Deduplication',
      values.dedup
        ? `Yes, DDB on ${name(form.mediaAgents, values.ddbMediaAgentId)} at ${values.ddbPath.trim()}, ${dedupBlocksLabel[values.ddbBlocks]}`
        : 'No',
    ],
  ]
  return (
    <Box>
      <Box sx={{ mb: 3 }}>Finish creates the storage policy with its Primary copy:</Box>
      <Box sx={{ border: 1, borderColor: 'console.border' }}>
        <Table size="small" aria-label="Review">
          <TableBody>
            {rows.map(([label, value]) => (
              <TableRow key={label}>
                <TableCell component="th" scope="row" sx={{ width: 180, bgcolor: 'console.header', fontWeight: 600 }}>
                  {label}
                </TableCell>
                <TableCell>{value}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
    </Box>
  )
}

/** The loaded wizard's current step. */
function WizardStep({ session, idPrefix }: { session: PolicyWizardSession; idPrefix: string }) {
  const stores = useStores()
  const problems = useMemo(() => stores.policyWizard.getState().problems(session), [session, stores])
  const problem = useCallback((field: string) => visiblePolicyProblem(session, problems, field), [session, problems])
  const register = useFocusRegistry(session.focus, session.step)
  const set = useCallback(
    <K extends keyof PolicyFormValues>(field: K, value: PolicyFormValues[K]) => stores.policyWizard.getState().setValue(field, value),
    [stores],
  )
  const touch = useCallback((field: string) => stores.policyWizard.getState().touch(field), [stores])
  const form = session.form
  if (form === null) return null
  const { values } = session
  const group = { idPrefix, values, problem, set, touch, register }
  switch (session.step) {
    case 'name':
      return (
        <FormGrid>
          <FieldRow label="Storage Policy Name" htmlFor={`${idPrefix}-name`}>
            <TextInput
              id={`${idPrefix}-name`}
              value={values.name}
              onChange={(value) => set('name', value)}
              onBlur={() => touch('name')}
              problem={problem('name')}
              helperText="Letters, digits, spaces and _ - . ( ), up to 64 characters."
              inputRef={register('name')}
            />
          </FieldRow>
          <FieldRow label="Device Streams" htmlFor={`${idPrefix}-streams`}>
            <TextInput
              id={`${idPrefix}-streams`}
              value={values.deviceStreams}
              onChange={(value) => set('deviceStreams', value)}
              onBlur={() => touch('deviceStreams')}
              inputMode="numeric"
              width={120}
              problem={problem('deviceStreams')}
              inputRef={register('deviceStreams')}
            />
          </FieldRow>
        </FormGrid>
      )
    case 'primaryCopy':
      return (
        <FormGrid>
          <SectionTitle>Default data path of the Primary copy</SectionTitle>
          <DataPathFields {...group} libraries={form.libraries} />
        </FormGrid>
      )
    case 'retention':
      return (
        <FormGrid>
          <SectionTitle>Basic Retention Rules of the Primary copy</SectionTitle>
          <RetentionFieldsGroup {...group} />
        </FormGrid>
      )
    case 'deduplication':
      return (
        <FormGrid>
          <DedupFields {...group} creating libraries={form.libraries} mediaAgents={form.mediaAgents} />
        </FormGrid>
      )
    case 'review':
      return <ReviewStep form={form} values={values} />
    default:
      return null
  }
}

/** Each step starts with the keyboard in its first editable field (a ref callback, run as a step mounts). */
function focusFirstField(element: HTMLElement | null): void {
  const first = element?.querySelector<HTMLElement>('input:not([readonly]):not([disabled]):not([type=hidden]), input[role=combobox]:not([disabled])')
  if (first != null) requestAnimationFrame(() => first.focus())
}

/** The New Storage Policy wizard (one at a time, from the policy wizard store). */
export function NewStoragePolicyDialog() {
  const stores = useStores()
  const session = usePolicyWizardStore((state) => state.session)
  const titleId = useId()
  const idPrefix = useId().replace(/:/g, '')
  const actions = stores.policyWizard.getState()
  const busy = session?.status === 'saving'
  const index = session === null ? 0 : policySteps.indexOf(session.step)
  const last = index === policySteps.length - 1
  const ready = session?.status === 'ready'

  return (
    <Dialog
      open={session !== null}
      onClose={() => {
        if (!busy) actions.close()
      }}
      maxWidth={false}
      aria-labelledby={titleId}
      slotProps={{ paper: { sx: { width: dialogPageSize.width, maxWidth: 'calc(100vw - 32px)' } } }}
    >
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        New Storage Policy
      </DialogTitle>
      <Box sx={{ px: 5, py: 3, borderBottom: 1, borderColor: 'console.border' }}>
        <Stepper activeStep={index} aria-label="Steps">
          {policySteps.map((step) => (
            <Step key={step}>
              <StepLabel sx={{ '& .MuiStepLabel-label': { fontSize: 13 } }}>{policyStepLabels[step]}</StepLabel>
            </Step>
          ))}
        </Stepper>
      </Box>
      <DialogContent sx={{ px: 5, py: 4, height: 360, maxHeight: 'calc(100vh - 220px)' }}>
        {session?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', pt: 20 }}>
            <CircularProgress size={24} aria-label="Loading" />
          </Box>
        )}
        {session?.status === 'error' && <Alert severity="error">{session.loadError}</Alert>}
        {session?.formError != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {session.formError}
          </Alert>
        )}
        {session !== null && session.form !== null && (
          <Box key={session.step} role="group" aria-label={policyStepLabels[session.step]} ref={focusFirstField}>
            <WizardStep key={`${session.key}-${session.step}`} session={session} idPrefix={`${idPrefix}-${session.step}`} />
          </Box>
        )}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
        {busy && <CircularProgress size={16} aria-label="Creating" sx={{ mr: 'auto', ml: 1 }} />}
        <Button variant="outlined" onClick={() => actions.back()} disabled={!ready || index === 0} sx={{ minWidth: 80 }}>
          Back
        </Button>
        {last ? (
          <Button variant="contained" onClick={() => void actions.finish()} disabled={!ready} sx={{ minWidth: 80 }}>
            Finish
          </Button>
        ) : (
          <Button variant="contained" onClick={() => actions.next()} disabled={!ready} sx={{ minWidth: 80 }}>
            Next
          </Button>
        )}
        <Button variant="outlined" onClick={() => actions.close()} disabled={busy} sx={{ minWidth: 80, ml: 2 }}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  )
}
