/**
 * Auxiliary Copy Job Options (domain reference 4.2): the storage policy (chosen here only when launched from the
 * toolbar), All Copies or one active secondary copy with its To Be Copied count, Number of Streams or Allow
 * Maximum, what the run would copy to each copy it covers with an estimated time, the media options and a
 * description; OK runs the auxiliary copy now. State and rules live in the aux
 * copy dialog store; this only shows them.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import FormHelperText from '@mui/material/FormHelperText'
import RadioGroup from '@mui/material/RadioGroup'
import { useId } from 'react'
import {
  auxCopyCopies,
  auxCopyCovered,
  auxCopyVisibleProblem,
  type AuxCopySession,
  type AuxCopyValues,
} from '../stores/aux-copy-dialog-store'
import { useAuxCopyDialogStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { CheckField, ChoiceField, FieldRow, FormGrid, FullRow, SectionTitle, TextInput, useFocusRegistry } from './form-controls'
import { OptionList, RadioOption } from './job-form-controls'
import { OkCancelActions } from './dialog-actions'
import { ConsoleDialog } from './console-dialog'
import { NextAuxCopyTable } from './next-aux-copy-table'

/** The loaded dialog's fields. */
function AuxCopyForm({ session, idPrefix }: { session: AuxCopySession; idPrefix: string }) {
  const stores = useStores()
  const register = useFocusRegistry(session.focus, 'general')
  const set = <K extends keyof AuxCopyValues>(field: K, value: AuxCopyValues[K]): void =>
    stores.auxCopyDialog.getState().setValue(field, value)
  const touch = (field: 'streams' | 'description'): void => stores.auxCopyDialog.getState().touch(field)
  const { values } = session
  const copies = auxCopyCopies(session)
  const policyName = session.form?.policies.find((policy) => policy.id === values.storagePolicyId)?.name ?? session.policyName ?? ''
  const copyProblem = auxCopyVisibleProblem(session, 'copyId')
  const policyProblem = auxCopyVisibleProblem(session, 'storagePolicyId')

  return (
    <FormGrid labelColumn={160}>
      {session.choosePolicy ? (
        <FieldRow label="Select a Storage Policy" htmlFor={`${idPrefix}-policy`} required>
          <ChoiceField
            id={`${idPrefix}-policy`}
            options={session.form?.policies ?? []}
            value={values.storagePolicyId}
            onChange={(id) => set('storagePolicyId', id)}
            required
            problem={policyProblem}
            helperText="Only storage policies with an active secondary copy are listed."
            inputRef={register('storagePolicyId')}
          />
        </FieldRow>
      ) : (
        <FieldRow label="Storage Policy" htmlFor={`${idPrefix}-policy`}>
          <TextInput id={`${idPrefix}-policy`} value={policyName} readOnly problem={policyProblem} />
        </FieldRow>
      )}

      <SectionTitle>Copy Selection</SectionTitle>
      <FullRow indent={false}>
        <RadioGroup
          aria-label="Copy Selection"
          value={values.allCopies ? 'all' : 'one'}
          onChange={(_event, value) => set('allCopies', value === 'all')}
        >
          <RadioOption value="all" label="All Copies" description="Copies to every active secondary copy of the policy." />
          <RadioOption value="one" label="Select a Copy" />
        </RadioGroup>
        <Box sx={{ ml: 7, mt: 1 }}>
          <OptionList
            label="Copies"
            options={copies.map((copy) => ({
              id: copy.id,
              name: copy.name,
              detail: `${copy.toBeCopied.toLocaleString()} ${copy.toBeCopied === 1 ? 'job' : 'jobs'} To Be Copied`,
            }))}
            value={values.allCopies ? null : values.copyId}
            onChange={(id) => set('copyId', id)}
            disabled={values.allCopies}
            problem={copyProblem}
            listRef={register('copyId')}
            height={96}
          />
          {copyProblem !== undefined && (
            <FormHelperText error sx={{ mx: 0 }}>
              {copyProblem}
            </FormHelperText>
          )}
        </Box>
      </FullRow>

      <SectionTitle>To Be Copied</SectionTitle>
      <FullRow indent={false}>
        <NextAuxCopyTable next={session.next} covered={auxCopyCovered(session)} />
      </FullRow>

      <SectionTitle>Number of Readers</SectionTitle>
      <FullRow indent={false}>
        <CheckField
          label="Allow Maximum"
          checked={values.allowMaximum}
          onChange={(checked) => set('allowMaximum', checked)}
          helperText="Copies as many streams at once as the storage policy's device streams allow."
          describedById={`${idPrefix}-max-help`}
        />
      </FullRow>
      <FieldRow label="Number of Streams" htmlFor={`${idPrefix}-streams`} disabled={values.allowMaximum}>
        {/* A narrow box, with its problem on one line under it. */}
        <Box sx={{ '& .MuiInputBase-root': { width: 90 } }}>
          <TextInput
            id={`${idPrefix}-streams`}
            value={values.streams}
            onChange={(text) => set('streams', text)}
            onBlur={() => touch('streams')}
            disabled={values.allowMaximum}
            inputMode="numeric"
            problem={values.allowMaximum ? undefined : auxCopyVisibleProblem(session, 'streams')}
            inputRef={register('streams')}
          />
        </Box>
      </FieldRow>

      <SectionTitle>Media</SectionTitle>
      <FullRow indent={false}>
        <CheckField label="Start New Media" checked={values.startNewMedia} onChange={(checked) => set('startNewMedia', checked)} />
        <CheckField
          label="Mark Media Full on Success"
          checked={values.markMediaFull}
          onChange={(checked) => set('markMediaFull', checked)}
        />
      </FullRow>

      <SectionTitle>Data Integrity</SectionTitle>
      <FullRow indent={false}>
        <CheckField
          label="Verify copied data"
          checked={values.verifyCopiedData}
          onChange={(checked) => set('verifyCopiedData', checked)}
          helperText="Reads each chunk back from the target copy and checks its CRC-32 before the job is Available there. Slower; without it a job is Available once its source was verified and the target written and fsynced."
        />
      </FullRow>

      <FieldRow label="Description" htmlFor={`${idPrefix}-description`}>
        <TextInput
          id={`${idPrefix}-description`}
          value={values.description}
          onChange={(text) => set('description', text)}
          onBlur={() => touch('description')}
          placeholder="Optional: shown in the Job Controller's Details"
          problem={auxCopyVisibleProblem(session, 'description')}
          inputRef={register('description')}
        />
      </FieldRow>
    </FormGrid>
  )
}

/** The Auxiliary Copy Job Options dialog (one at a time, from its store). */
export function AuxCopyOptionsDialog() {
  const stores = useStores()
  const session = useAuxCopyDialogStore((state) => state.session)
  const idPrefix = useId().replace(/:/g, '')
  const busy = session?.status === 'running'
  const close = (): void => stores.auxCopyDialog.getState().close()

  return (
    <ConsoleDialog open={session !== null} title="Auxiliary Copy Job Options" width={600} busy={busy} onClose={close}>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4, minHeight: 200 }}>
        {session?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading auxiliary copy options" />
          </Box>
        )}
        {session?.status === 'error' && <Alert severity="warning">{session.loadError}</Alert>}
        {session?.formError != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {session.formError}
          </Alert>
        )}
        {session !== null && session.form !== null && session.status !== 'error' && (
          <AuxCopyForm key={session.key} session={session} idPrefix={idPrefix} />
        )}
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Starting" onOk={() => void stores.auxCopyDialog.getState().submit()} okDisabled={session?.status !== 'ready'} onCancel={close} />
    </ConsoleDialog>
  )
}
