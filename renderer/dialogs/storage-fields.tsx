/**
 * The fields Copy Properties and the New Storage Policy wizard share: the data path (Library, MediaAgent, Drive
 * Pool, Scratch Pool, with the tape rules), basic retention, and deduplication with its DDB location.
 */
import Alert from '@mui/material/Alert'
import FormControlLabel from '@mui/material/FormControlLabel'
import FormHelperText from '@mui/material/FormHelperText'
import Radio from '@mui/material/Radio'
import RadioGroup from '@mui/material/RadioGroup'
import { dedupBlocksLabel, type DedupBlocks } from '../../app/model/dedup'
import type { LibraryChoice, Choice } from '../../app/rules/copy-form'
import { dedupAvailability, libraryOf, type StorageFieldValues } from '../stores/form-fields'
import { CheckField, ChoiceField, FieldRow, FullRow, TextInput, type RegisterFocus } from './form-controls'

/** What a shared field group needs from its dialog. */
export interface FieldGroupProps {
  readonly idPrefix: string
  readonly values: StorageFieldValues
  /** The message to show beside a field (contract name) now, if any. */
  readonly problem: (field: string) => string | undefined
  // A method, so a dialog's own setter (over more fields) fits.
  set<K extends keyof StorageFieldValues>(field: K, value: StorageFieldValues[K]): void
  readonly touch: (field: string) => void
  readonly register: RegisterFocus
  readonly disabled?: boolean
}

/** `(Tape)` or `(Disk)` beside a library's name in the list. */
export const libraryKindSuffix = (library: LibraryChoice): string => (library.kind === 'tape' ? '(Tape)' : '(Disk)')

/** Library, MediaAgent, Drive Pool and Scratch Pool: the pools enabled and required for tape, empty for disk. */
export function DataPathFields({
  idPrefix,
  values,
  problem,
  set,
  touch,
  register,
  disabled = false,
  libraries,
  advice,
}: FieldGroupProps & {
  readonly libraries: readonly LibraryChoice[]
  /** A recommendation shown under Library (the same library as the primary copy). */
  readonly advice?: string
}) {
  const library = libraryOf(libraries, values.libraryId)
  const tape = library?.kind === 'tape'
  const poolHint = library === undefined ? 'Choose a library first.' : tape ? undefined : 'Applies only to tape libraries.'
  const id = (name: string): string => `${idPrefix}-${name}`
  return (
    <>
      <FieldRow label="Library" htmlFor={id('library')}>
        <ChoiceField
          id={id('library')}
          options={libraries}
          value={values.libraryId}
          onChange={(value) => set('libraryId', value)}
          onBlur={() => touch('libraryId')}
          suffix={libraryKindSuffix}
          placeholder="Choose a library"
          problem={problem('libraryId')}
          disabled={disabled}
          inputRef={register('libraryId')}
        />
        {advice !== undefined && (
          <Alert severity="info" role="note" sx={{ mt: 1.5, py: 0, px: 2, '& .MuiAlert-icon': { py: 1.5, mr: 2, fontSize: 18 }, '& .MuiAlert-message': { py: 1.5 } }}>
            {advice}
          </Alert>
        )}
      </FieldRow>
      <FieldRow label="MediaAgent" htmlFor={id('mediaAgent')} disabled={disabled || library === undefined}>
        <ChoiceField
          id={id('mediaAgent')}
          options={library?.mediaAgents ?? []}
          value={values.mediaAgentId}
          onChange={(value) => set('mediaAgentId', value)}
          onBlur={() => touch('mediaAgentId')}
          disabled={disabled || library === undefined}
          problem={problem('mediaAgentId')}
          inputRef={register('mediaAgentId')}
        />
      </FieldRow>
      <FieldRow label="Drive Pool" htmlFor={id('drivePool')} required={tape} disabled={disabled || !tape}>
        <ChoiceField
          id={id('drivePool')}
          options={tape ? library.drivePools : []}
          value={values.drivePoolId}
          onChange={(value) => set('drivePoolId', value)}
          onBlur={() => touch('drivePoolId')}
          disabled={disabled || !tape}
          required={tape}
          problem={problem('drivePoolId')}
          helperText={poolHint}
          inputRef={register('drivePoolId')}
        />
      </FieldRow>
      <FieldRow label="Scratch Pool" htmlFor={id('scratchPool')} required={tape} disabled={disabled || !tape}>
        <ChoiceField
          id={id('scratchPool')}
          options={tape ? library.scratchPools : []}
          value={values.scratchPoolId}
          onChange={(value) => set('scratchPoolId', value)}
          onBlur={() => touch('scratchPoolId')}
          disabled={disabled || !tape}
          required={tape}
          problem={problem('scratchPoolId')}
          helperText={poolHint}
          inputRef={register('scratchPoolId')}
        />
      </FieldRow>
    </>
  )
}

/** Enable Data Aging, Retain for (days) and Retain for (cycles). */
export function RetentionFieldsGroup({ idPrefix, values, problem, set, touch, register }: FieldGroupProps) {
  const id = (name: string): string => `${idPrefix}-${name}`
  return (
    <>
      <FullRow>
        <CheckField
          label="Enable Data Aging"
          checked={values.agingEnabled}
          onChange={(checked) => set('agingEnabled', checked)}
          helperText={
            values.agingEnabled
              ? 'Jobs age once both the days and the cycles below are exceeded.'
              : 'Data on this copy is kept indefinitely; the rules below are kept for when aging is enabled again.'
          }
          describedById={id('aging-help')}
          inputRef={register('agingEnabled')}
        />
      </FullRow>
      <FieldRow label="Retain for (days)" htmlFor={id('days')}>
        <TextInput
          id={id('days')}
          value={values.retentionDays}
          onChange={(value) => set('retentionDays', value)}
          onBlur={() => touch('retentionDays')}
          inputMode="numeric"
          width={120}
          problem={problem('retentionDays')}
          inputRef={register('retentionDays')}
        />
      </FieldRow>
      <FieldRow label="Retain for (cycles)" htmlFor={id('cycles')}>
        <TextInput
          id={id('cycles')}
          value={values.retentionCycles}
          onChange={(value) => set('retentionCycles', value)}
          onBlur={() => touch('retentionCycles')}
          inputMode="numeric"
          width={120}
          problem={problem('retentionCycles')}
          inputRef={register('retentionCycles')}
        />
      </FieldRow>
    </>
  )
}

/** The Block size choices, as the radio buttons say them, and what each means. */
const blockChoices: readonly { readonly value: DedupBlocks; readonly label: string; readonly help: string }[] = [
  { value: 'fixed', label: 'Fixed 128 KB', help: 'The product default: every 128 KB of a file is one block.' },
  {
    value: 'variable',
    label: 'Variable (content-defined)',
    help: 'Blocks of 32 KB to 512 KB cut where the content says, so data shifted by an insert is still found.',
  },
]

/** Block size: a choice while creating, the chosen setting read-only afterwards (it never changes). */
function BlockSizeField({
  idPrefix,
  values,
  problem,
  set,
  register,
  readOnly,
}: Pick<FieldGroupProps, 'idPrefix' | 'values' | 'problem' | 'set' | 'register'> & { readonly readOnly: boolean }) {
  const id = `${idPrefix}-ddb-blocks`
  if (readOnly) {
    return (
      <FieldRow label="Block size" htmlFor={id} disabled>
        <TextInput id={id} value={dedupBlocksLabel[values.ddbBlocks]} readOnly />
      </FieldRow>
    )
  }
  const labelId = `${id}-label`
  const blocksProblem = problem('dedup.blocks')
  const chosen = blockChoices.find((choice) => choice.value === values.ddbBlocks)
  return (
    <FieldRow label="Block size" labelId={labelId}>
      <RadioGroup
        aria-labelledby={labelId}
        aria-describedby={`${id}-help`}
        value={values.ddbBlocks}
        onChange={(_event, value) => set('ddbBlocks', value === 'variable' ? 'variable' : 'fixed')}
        sx={{ mt: '-3px' }}
      >
        {blockChoices.map((choice, index) => (
          <FormControlLabel
            key={choice.value}
            value={choice.value}
            label={choice.label}
            control={
              <Radio size="small" sx={{ p: 1 }} slotProps={{ input: (index === 0 ? { ref: register('dedup.blocks') } : {}) as object }} />
            }
            sx={{ ml: -1, '& .MuiFormControlLabel-label': { fontSize: 13 } }}
          />
        ))}
      </RadioGroup>
      <FormHelperText id={`${id}-help`} error={blocksProblem !== undefined} sx={{ ml: 0, mt: 0.5 }}>
        {blocksProblem ?? `${chosen?.help ?? ''} Chosen once: it cannot change after the copy is created.`}
      </FormHelperText>
    </FieldRow>
  )
}

/**
 * Enable Deduplication (only while creating, only on disk) and, when checked, the DDB location and block size. For
 * an existing deduplicated copy they show read-only.
 */
export function DedupFields({
  idPrefix,
  values,
  problem,
  set,
  touch,
  register,
  creating,
  libraries,
  mediaAgents,
}: FieldGroupProps & {
  readonly creating: boolean
  readonly libraries: readonly LibraryChoice[]
  readonly mediaAgents: readonly Choice[]
}) {
  const id = (name: string): string => `${idPrefix}-${name}`
  const availability = dedupAvailability(creating, libraryOf(libraries, values.libraryId))
  const showLocation = values.dedup
  const readOnly = !creating
  return (
    <>
      <FullRow>
        <CheckField
          label="Enable Deduplication"
          checked={values.dedup}
          disabled={!availability.enabled}
          onChange={(checked) => set('dedup', checked)}
          helperText={availability.reason ?? 'Reference counts of this copy go to a deduplication database (DDB).'}
          problem={problem('dedup')}
          describedById={id('dedup-help')}
          inputRef={register('dedup')}
        />
      </FullRow>
      {showLocation && (
        <>
          <FieldRow label="DDB MediaAgent" htmlFor={id('ddb-agent')} disabled={readOnly}>
            {readOnly ? (
              <TextInput
                id={id('ddb-agent')}
                value={mediaAgents.find((agent) => agent.id === values.ddbMediaAgentId)?.name ?? ''}
                readOnly
              />
            ) : (
              <ChoiceField
                id={id('ddb-agent')}
                options={mediaAgents}
                value={values.ddbMediaAgentId}
                onChange={(value) => set('ddbMediaAgentId', value)}
                onBlur={() => touch('dedup.mediaAgentId')}
                problem={problem('dedup.mediaAgentId')}
                inputRef={register('dedup.mediaAgentId')}
              />
            )}
          </FieldRow>
          <FieldRow label="DDB Path" htmlFor={id('ddb-path')} required={!readOnly} disabled={readOnly}>
            <TextInput
              id={id('ddb-path')}
              value={values.ddbPath}
              onChange={(value) => set('ddbPath', value)}
              onBlur={() => touch('dedup.path')}
              readOnly={readOnly}
              required={!readOnly}
              placeholder="/ddb/folder"
              problem={problem('dedup.path')}
              helperText={readOnly ? undefined : 'An empty or new folder on the DDB MediaAgent (absolute path).'}
              inputRef={register('dedup.path')}
            />
          </FieldRow>
          <BlockSizeField idPrefix={idPrefix} values={values} problem={problem} set={set} register={register} readOnly={readOnly} />
        </>
      )}
    </>
  )
}
