/**
 * The New Storage Policy wizard as plain values: its steps, the problems of each (the app's rules and the
 * contract's zod messages, keyed by the contract's field names) and what Finish sends.
 */
import { CreatePolicyInput } from '../../app/model/copy-input'
import type { PolicyFormData } from '../../app/model/copy-forms'
import { dataPathProblems, policyNameProblem, type FieldProblems } from '../../app/rules/copy-form'
import {
  ddbLocationOf,
  ddbProblems,
  defaultStorageValues,
  firstProblemField,
  parseNumberText,
  retentionProblems,
  schemaProblem,
  withDedup,
  withLibrary,
  type StorageFieldValues,
} from './form-fields'

/** The wizard's steps, in order. */
export const policySteps = ['name', 'primaryCopy', 'retention', 'deduplication', 'review'] as const
/** A step of the wizard. */
export type PolicyStep = (typeof policySteps)[number]

/** The label of each step. */
export const policyStepLabels: Readonly<Record<PolicyStep, string>> = {
  name: 'Name',
  primaryCopy: 'Primary Copy',
  retention: 'Retention',
  deduplication: 'Deduplication',
  review: 'Review',
}

/** Everything the wizard edits, as typed. */
export interface PolicyFormValues extends StorageFieldValues {
  readonly name: string
  /** Device Streams, as typed. */
  readonly deviceStreams: string
}

/** The values the wizard starts with: 50 device streams, data aging on, 30 days and 1 cycle. */
export const newPolicyValues: PolicyFormValues = { ...defaultStorageValues, name: '', deviceStreams: '50' }

/** The contract field each value is reported under. */
export const policyProblemField: Readonly<Record<keyof PolicyFormValues, string>> = {
  name: 'name',
  deviceStreams: 'deviceStreams',
  libraryId: 'libraryId',
  mediaAgentId: 'mediaAgentId',
  drivePoolId: 'drivePoolId',
  scratchPoolId: 'scratchPoolId',
  agingEnabled: 'agingEnabled',
  retentionDays: 'retentionDays',
  retentionCycles: 'retentionCycles',
  dedup: 'dedup',
  ddbMediaAgentId: 'dedup.mediaAgentId',
  ddbPath: 'dedup.path',
  ddbBlocks: 'dedup.blocks',
}

const fieldSteps: Readonly<Record<string, PolicyStep>> = {
  name: 'name',
  deviceStreams: 'name',
  libraryId: 'primaryCopy',
  mediaAgentId: 'primaryCopy',
  drivePoolId: 'primaryCopy',
  scratchPoolId: 'primaryCopy',
  agingEnabled: 'retention',
  retentionDays: 'retention',
  retentionCycles: 'retention',
  dedup: 'deduplication',
  'dedup.mediaAgentId': 'deduplication',
  'dedup.path': 'deduplication',
  'dedup.blocks': 'deduplication',
}

/** Every field that can have a problem, in step order. */
export const policyFieldOrder: readonly string[] = Object.keys(fieldSteps)

/** The step holding a field, or undefined for one the wizard does not show. */
export function policyFieldStep(field: string): PolicyStep | undefined {
  return fieldSteps[field]
}

/** The values after one field changed, with those that follow it. */
export function changePolicyValue<K extends keyof PolicyFormValues>(
  values: PolicyFormValues,
  field: K,
  value: PolicyFormValues[K],
  form: PolicyFormData,
): PolicyFormValues {
  if (field === 'libraryId') return withLibrary(values, value as number | null, form.libraries)
  if (field === 'dedup') return withDedup(values, value as boolean, form.mediaAgents)
  return { ...values, [field]: value }
}

/** Every problem of the wizard, by contract field. `otherNames`: the storage policies that exist (when known). */
export function policyValuesProblems(values: PolicyFormValues, form: PolicyFormData, otherNames: readonly string[]): FieldProblems {
  const problems: Record<string, string> = {
    ...dataPathProblems(
      {
        libraryId: values.libraryId ?? 0,
        mediaAgentId: values.mediaAgentId ?? 0,
        drivePoolId: values.drivePoolId,
        scratchPoolId: values.scratchPoolId,
      },
      form.libraries,
      'primary',
    ),
    ...retentionProblems(values),
    ...ddbProblems(values, form.libraries, form.mediaAgents),
  }
  const name = policyNameProblem(values.name, otherNames)
  if (name !== undefined) problems.name = name
  const streams = schemaProblem(CreatePolicyInput.shape.deviceStreams, parseNumberText(values.deviceStreams))
  if (streams !== undefined) problems.deviceStreams = streams
  return problems
}

/** The problems of one step. */
export function stepProblems(problems: FieldProblems, step: PolicyStep): FieldProblems {
  return Object.fromEntries(Object.entries(problems).filter(([field]) => fieldSteps[field] === step))
}

/** The first field with a problem, in step order. */
export function firstPolicyProblem(problems: FieldProblems): string | undefined {
  return firstProblemField(problems, policyFieldOrder)
}

/** What Finish sends (after the wizard has no problems). */
export function createPolicyInput(values: PolicyFormValues): CreatePolicyInput {
  return {
    name: values.name.trim(),
    libraryId: values.libraryId ?? 0,
    mediaAgentId: values.mediaAgentId ?? 0,
    drivePoolId: values.drivePoolId,
    scratchPoolId: values.scratchPoolId,
    deviceStreams: parseNumberText(values.deviceStreams),
    agingEnabled: values.agingEnabled,
    retentionDays: parseNumberText(values.retentionDays),
    retentionCycles: parseNumberText(values.retentionCycles),
    dedup: ddbLocationOf(values),
  }
}
