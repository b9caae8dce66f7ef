/**
 * Copy Properties > Advanced: the Auxiliary Copy Fallen Behind Alert of a secondary copy (the product's
 * enableAuxCopyFallenBehindAlert, daysOldJobs and toBeCopiedDataTB): enable it, then check one criterion or both,
 * each with its number typed inline as the sentence reads. And Encryption: Re-encrypt data with its cipher (AES-256,
 * the one this engine implements), asking for the CommServe passphrase with the first encrypted copy.
 */
import Box from '@mui/material/Box'
import Checkbox from '@mui/material/Checkbox'
import FormHelperText from '@mui/material/FormHelperText'
import TextField from '@mui/material/TextField'
import { copyCiphers } from '../../app/model/keys'
import { encryptionProblem } from '../../app/rules/copy-encryption'
import { asksPassphrase, isPrimaryCopy, type CopyFormValues } from '../stores/copy-form-model'
import type { CopyPageProps } from './copy-properties-tabs'
import { CheckField, ChoiceField, FieldRow, FormGrid, FullRow, SectionTitle, TextInput, inputSx } from './form-controls'

/** The cipher choices, as a list offers them. */
const cipherChoices = copyCiphers.map((name, index) => ({ id: index + 1, name }))

/** Advanced > Encryption: Re-encrypt data, its cipher, and the new CommServe passphrase when none is set yet. */
function EncryptionSection({ idPrefix, setting, values, problem, set, touch, register }: CopyPageProps) {
  const { copy, form } = setting
  // A copy holding jobs keeps its setting: the box is off, and says why.
  const lock = copy === null ? undefined : encryptionProblem(
    { name: copy.name, primary: isPrimaryCopy(setting), dedup: copy.dedup, copiedJobs: copy.copiedJobs },
    copy.encryption === null,
    copy.encryption !== null,
  )
  const locked = lock !== undefined
  const asking = asksPassphrase(values, setting)
  const help = locked
    ? lock
    : form.keyState === 'locked'
      ? 'The encryption keys are locked: enter the passphrase in Unlock Encryption Keys, which the console shows when it starts (reload it to see it again).'
      : 'The aux copy seals the data it writes to this copy (every chunk on disk, every new block after deduplication, every record on tape) with AES-256-GCM under a key of its own, held by the CommServe. Restore, verification and copies from it decrypt.'
  return (
    <FormGrid>
      <FullRow indent={false}>
        <SectionTitle>Encryption</SectionTitle>
      </FullRow>
      <FullRow indent={false}>
        <CheckField
          label="Re-encrypt data"
          checked={values.encrypt}
          disabled={locked}
          onChange={(checked) => set('encrypt', checked)}
          problem={problem('encryption')}
          helperText={help}
          describedById={`${idPrefix}-encrypt-help`}
          inputRef={register('encryption')}
        />
      </FullRow>
      <FieldRow label="Cipher" htmlFor={`${idPrefix}-cipher`} disabled={!values.encrypt}>
        <ChoiceField id={`${idPrefix}-cipher`} options={cipherChoices} value={1} onChange={() => undefined} disabled={!values.encrypt || locked} />
      </FieldRow>
      {asking && (
        <>
          <FullRow indent={false}>
            <FormHelperText sx={{ m: 0 }}>
              This is the first encrypted copy: set the CommServe passphrase. It protects every copy's key; the console asks for it once after each start.
            </FormHelperText>
          </FullRow>
          <FieldRow label="Passphrase" htmlFor={`${idPrefix}-passphrase`} required>
            <TextInput
              id={`${idPrefix}-passphrase`}
              type="password"
              value={values.passphrase}
              onChange={(text) => set('passphrase', text)}
              onBlur={() => touch('passphrase')}
              problem={problem('passphrase')}
              required
              inputRef={register('passphrase')}
            />
          </FieldRow>
          <FieldRow label="Confirm passphrase" htmlFor={`${idPrefix}-passphrase-confirm`} required>
            <TextInput
              id={`${idPrefix}-passphrase-confirm`}
              type="password"
              value={values.passphraseConfirm}
              onChange={(text) => set('passphraseConfirm', text)}
              onBlur={() => touch('passphraseConfirm')}
              problem={problem('passphraseConfirm')}
              required
              inputRef={register('passphraseConfirm')}
            />
          </FieldRow>
        </>
      )}
    </FormGrid>
  )
}

/** One criterion: a checkbox named by the whole sentence, with its number typed between the words. */
function CriterionRow({
  id,
  before,
  after,
  inputLabel,
  checked,
  text,
  disabled,
  problem,
  onCheck,
  onText,
  onBlur,
  inputRef,
}: {
  readonly id: string
  readonly before: string
  readonly after: string
  /** The number field's accessible name, as the contract's messages name it (`Jobs older than (days)`). */
  readonly inputLabel: string
  readonly checked: boolean
  readonly text: string
  readonly disabled: boolean
  readonly problem: string | undefined
  readonly onCheck: (checked: boolean) => void
  readonly onText: (text: string) => void
  readonly onBlur: () => void
  readonly inputRef: (element: HTMLElement | null) => void
}) {
  const sentenceId = `${id}-sentence`
  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, color: disabled ? 'text.disabled' : 'text.primary' }}>
        <Checkbox
          size="small"
          checked={checked}
          disabled={disabled}
          onChange={(event) => onCheck(event.target.checked)}
          sx={{ p: 1, ml: -1 }}
          slotProps={{ input: { 'aria-labelledby': sentenceId } as object }}
        />
        {/* The sentence names the checkbox; the number inside it is read by its own label. */}
        <span id={sentenceId} hidden>{`${before} N ${after}`}</span>
        <Box component="span" aria-hidden>
          {before}
        </Box>
        <TextField
          id={id}
          size="small"
          value={text}
          disabled={disabled || !checked}
          onChange={(event) => onText(event.target.value)}
          onBlur={onBlur}
          error={problem !== undefined}
          inputRef={inputRef}
          sx={{ ...inputSx, width: 96 }}
          slotProps={{ htmlInput: { 'aria-label': inputLabel, inputMode: 'decimal', spellCheck: false, autoComplete: 'off', 'aria-describedby': problem === undefined ? undefined : `${id}-problem` } }}
        />
        <Box component="span" aria-hidden>
          {after}
        </Box>
      </Box>
      {problem !== undefined && (
        <FormHelperText id={`${id}-problem`} error sx={{ ml: 6, mt: 0 }}>
          {problem}
        </FormHelperText>
      )}
    </Box>
  )
}

/** Advanced: the Auxiliary Copy Fallen Behind Alert and Encryption (secondary copies only). */
export function AdvancedPage(props: CopyPageProps) {
  const { idPrefix, setting, values, problem, set, touch, register } = props
  const primary = isPrimaryCopy(setting)
  const criteriaOff = primary || !values.alertEnabled
  const check = (field: keyof CopyFormValues & ('alertDaysOn' | 'alertTbOn')) => (checked: boolean) => set(field, checked)
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
    <FormGrid labelColumn={0}>
      <FullRow indent={false}>
        <SectionTitle>Auxiliary Copy Fallen Behind Alert</SectionTitle>
      </FullRow>
      <FullRow indent={false}>
        <CheckField
          label="Enable Auxiliary Copy Fallen Behind Alert"
          checked={values.alertEnabled}
          disabled={primary}
          onChange={(checked) => set('alertEnabled', checked)}
          problem={problem('fallenBehindAlert') ?? problem('fallenBehindAlert.enabled')}
          helperText={
            primary
              ? 'The alert applies to secondary copies: the primary copy takes the backups.'
              : 'The CommServe checks this copy every 30 seconds and when a backup or an auxiliary copy ends. Past a threshold it shows a warning icon on the copy and its storage policy, records a Major event and lists the alert in Alerts; it clears when the copy catches up.'
          }
          describedById={`${idPrefix}-enable-help`}
          inputRef={register('fallenBehindAlert')}
        />
      </FullRow>
      <FullRow indent={false}>
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, pl: 5 }}>
          <CriterionRow
            id={`${idPrefix}-days`}
            before="Jobs older than"
            after="days not yet copied"
            inputLabel="Jobs older than (days)"
            checked={values.alertDaysOn}
            text={values.alertDays}
            disabled={criteriaOff}
            problem={problem('fallenBehindAlert.daysOld')}
            onCheck={check('alertDaysOn')}
            onText={(text) => set('alertDays', text)}
            onBlur={() => touch('fallenBehindAlert.daysOld')}
            inputRef={register('fallenBehindAlert.daysOld')}
          />
          <CriterionRow
            id={`${idPrefix}-tb`}
            before="More than"
            after="TB of data to be copied"
            inputLabel="More than (TB)"
            checked={values.alertTbOn}
            text={values.alertTb}
            disabled={criteriaOff}
            problem={problem('fallenBehindAlert.toBeCopiedTB')}
            onCheck={check('alertTbOn')}
            onText={(text) => set('alertTb', text)}
            onBlur={() => touch('fallenBehindAlert.toBeCopiedTB')}
            inputRef={register('fallenBehindAlert.toBeCopiedTB')}
          />
          <FormHelperText sx={{ m: 0 }}>
            Not yet copied: To Be Copied and Partially Copied jobs. TB may be a fraction (0.5 is 512 GB).
          </FormHelperText>
        </Box>
      </FullRow>
    </FormGrid>
    {!primary && <EncryptionSection {...props} />}
    </Box>
  )
}
