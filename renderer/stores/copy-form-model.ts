/**
 * The Copy Properties form as plain values: how it starts (Create New Copy or an existing copy), how a change
 * carries over to the fields that depend on it, which problems it has (the app's rules and the contract's zod
 * messages, keyed by the contract's field names) and what it sends on OK.
 */
import dayjs, { type Dayjs } from 'dayjs'
import type { AuxCopyScheduleInput, BackupPeriod, CreateCopyInput, UpdateCopyInput } from '../../app/model/copy-input'
import { BackupPeriod as BackupPeriodSchema, DeferDays } from '../../app/model/copy-input'
import type { CopyDetails, CopyFormData } from '../../app/model/copy-forms'
import {
  SelectiveFrequency as SelectiveFrequencySchema,
  defaultSelectivePick,
  defaultWeekStart,
  type SelectiveFrequency,
  type SelectivePick,
  type SelectiveRule,
  type WeekDay,
} from '../../app/model/entities'
import { FallenBehindAlert as FallenBehindAlertSchema, defaultAlertTB, type FallenBehindAlert } from '../../app/model/alerts'
import { fallenBehindProblems } from '../../app/rules/fallen-behind'
import { oldDataDays } from '../../app/rules/backup-period'
import { copyFormProblems, type Choice, type FieldProblems } from '../../app/rules/copy-form'
import { selectiveChangeProblem } from '../../app/rules/selective-copy'
import { encryptionProblem, keysLockedReason, passphraseConfirmProblem, passphraseProblem } from '../../app/rules/copy-encryption'
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

/** The tabs of Copy Properties, in order (Selective Copy shows only while Selective Copy is checked). */
export const copyTabs = ['general', 'copyPolicy', 'selectiveCopy', 'retention', 'dataPaths', 'deduplication', 'advanced'] as const
/** A tab of Copy Properties. */
export type CopyTab = (typeof copyTabs)[number]

/** The label of each tab. */
export const copyTabLabels: Readonly<Record<CopyTab, string>> = {
  general: 'General',
  copyPolicy: 'Copy Policy',
  selectiveCopy: 'Selective Copy',
  retention: 'Retention',
  dataPaths: 'Data Paths',
  deduplication: 'Deduplication',
  advanced: 'Advanced',
}

/** Everything the dialog edits, as the user left it. */
export interface CopyFormValues extends StorageFieldValues {
  readonly name: string
  readonly active: boolean
  readonly sourceCopyId: number | null
  readonly backupPeriod: BackupPeriod['kind']
  /** The Backups On and After date as the picker holds it (possibly incomplete while being typed), or null. */
  readonly backupDate: Dayjs | null
  /** General > Selective Copy, and the Selective Copy tab's rule (no frequency until one is chosen). */
  readonly selectiveCopy: boolean
  readonly selectiveFrequency: SelectiveFrequency | null
  readonly selectivePick: SelectivePick
  readonly selectiveWeekStart: WeekDay
  /** Copy Policy > Defer Auxiliary Copy for N days, the days as typed. */
  readonly deferAuxCopy: boolean
  readonly deferDays: string
  /** Advanced: Enable Auxiliary Copy Fallen Behind Alert. */
  readonly alertEnabled: boolean
  /** Advanced: Jobs older than N days not yet copied, checked, and N as typed. */
  readonly alertDaysOn: boolean
  readonly alertDays: string
  /** Advanced: More than N TB of data to be copied, checked, and N as typed. */
  readonly alertTbOn: boolean
  readonly alertTb: string
  /** Advanced > Encryption: Re-encrypt data with AES-256. */
  readonly encrypt: boolean
  /** The new CommServe passphrase and its confirmation (asked with the first encrypted copy only). */
  readonly passphrase: string
  readonly passphraseConfirm: string
}

/** What the form is checked against: the policy's lists and, for an existing copy, the copy. */
export interface CopyFormSetting {
  readonly form: CopyFormData
  /** The existing copy; null while creating one. */
  readonly copy: CopyDetails | null
  /** The CommServe's time now (epoch ms). */
  readonly now: number
}

/** The contract field each value is checked and reported under (server errors use the same names). */
export const copyProblemField: Readonly<Record<keyof CopyFormValues, string>> = {
  name: 'name',
  active: 'active',
  libraryId: 'libraryId',
  mediaAgentId: 'mediaAgentId',
  drivePoolId: 'drivePoolId',
  scratchPoolId: 'scratchPoolId',
  sourceCopyId: 'sourceCopyId',
  backupPeriod: 'backupPeriod',
  backupDate: 'backupPeriod.date',
  selectiveCopy: 'selective',
  selectiveFrequency: 'selective.frequency',
  selectivePick: 'selective.pick',
  selectiveWeekStart: 'selective.weekStart',
  deferAuxCopy: 'deferDays',
  deferDays: 'deferDays',
  agingEnabled: 'agingEnabled',
  retentionDays: 'retentionDays',
  retentionCycles: 'retentionCycles',
  dedup: 'dedup',
  ddbMediaAgentId: 'dedup.mediaAgentId',
  ddbPath: 'dedup.path',
  ddbBlocks: 'dedup.blocks',
  alertEnabled: 'fallenBehindAlert',
  alertDaysOn: 'fallenBehindAlert',
  alertDays: 'fallenBehindAlert.daysOld',
  alertTbOn: 'fallenBehindAlert',
  alertTb: 'fallenBehindAlert.toBeCopiedTB',
  encrypt: 'encryption',
  passphrase: 'passphrase',
  passphraseConfirm: 'passphraseConfirm',
}

/** Every field that can have a problem, in the order of the tabs and of the fields on them. */
export const copyFieldOrder: readonly string[] = [
  'name',
  'active',
  'libraryId',
  'mediaAgentId',
  'drivePoolId',
  'scratchPoolId',
  'selective',
  'sourceCopyId',
  'backupPeriod',
  'backupPeriod.date',
  'deferDays',
  'selective.frequency',
  'selective.pick',
  'selective.weekStart',
  'agingEnabled',
  'retentionDays',
  'retentionCycles',
  'dedup',
  'dedup.mediaAgentId',
  'dedup.path',
  'dedup.blocks',
  'fallenBehindAlert',
  'fallenBehindAlert.enabled',
  'fallenBehindAlert.daysOld',
  'fallenBehindAlert.toBeCopiedTB',
  'encryption',
  'passphrase',
  'passphraseConfirm',
]

const fieldTabs: Readonly<Record<string, CopyTab>> = {
  name: 'general',
  active: 'general',
  libraryId: 'general',
  mediaAgentId: 'general',
  drivePoolId: 'general',
  scratchPoolId: 'general',
  selective: 'general',
  sourceCopyId: 'copyPolicy',
  backupPeriod: 'copyPolicy',
  'backupPeriod.date': 'copyPolicy',
  deferDays: 'copyPolicy',
  'selective.frequency': 'selectiveCopy',
  'selective.pick': 'selectiveCopy',
  'selective.weekStart': 'selectiveCopy',
  agingEnabled: 'retention',
  retentionDays: 'retention',
  retentionCycles: 'retention',
  dedup: 'deduplication',
  'dedup.mediaAgentId': 'deduplication',
  'dedup.path': 'deduplication',
  'dedup.blocks': 'deduplication',
  fallenBehindAlert: 'advanced',
  'fallenBehindAlert.enabled': 'advanced',
  'fallenBehindAlert.daysOld': 'advanced',
  'fallenBehindAlert.toBeCopiedTB': 'advanced',
  encryption: 'advanced',
  passphrase: 'advanced',
  passphraseConfirm: 'advanced',
}

/** The tabs the dialog shows for these values: Selective Copy only while Selective Copy is checked. */
export function visibleCopyTabs(values: Pick<CopyFormValues, 'selectiveCopy'>): readonly CopyTab[] {
  return copyTabs.filter((tab) => tab !== 'selectiveCopy' || values.selectiveCopy)
}

/** The tab holding a field (a contract field name), or undefined for one the dialog does not show. */
export function copyFieldTab(field: string): CopyTab | undefined {
  return fieldTabs[field]
}

/** The first field with a problem, in tab order. */
export function firstCopyProblem(problems: FieldProblems): string | undefined {
  return firstProblemField(problems, copyFieldOrder)
}

/** The date Yes (to the 14-day question) proposes: the start of the day 14 days ago, the question's own limit. */
export function defaultBackupDate(now: number): Dayjs {
  return dayjs(now).subtract(oldDataDays, 'day').startOf('day')
}

/** The picked date as the contract takes it: epoch ms of its local midnight; NaN while incomplete; null if none. */
export function backupDateValue(date: Dayjs | null): number | null {
  if (date === null) return null
  return date.isValid() ? date.startOf('day').valueOf() : Number.NaN
}

/** Whether the form edits the policy's primary copy (Active and the backup period are then fixed). */
export function isPrimaryCopy(setting: CopyFormSetting): boolean {
  return setting.copy?.copyType === 'primary'
}

/** The primary copy of the policy, the default Source Copy. */
export function primaryCopyOf(form: CopyFormData): Choice | undefined {
  return form.copies.find((copy) => copy.copyType === 'primary')
}

/** Jobs older than N days prefilled when the criterion is first checked: 2 days, the product's 48 hours. */
export const defaultAlertDays = 2

/** Advanced as a copy's settings show it: unchecked criteria prefilled with their defaults. */
function alertValues(alert: FallenBehindAlert): Pick<CopyFormValues, 'alertEnabled' | 'alertDaysOn' | 'alertDays' | 'alertTbOn' | 'alertTb'> {
  return {
    alertEnabled: alert.enabled,
    alertDaysOn: alert.daysOld !== null,
    alertDays: String(alert.daysOld ?? defaultAlertDays),
    alertTbOn: alert.toBeCopiedTB !== null,
    alertTb: String(alert.toBeCopiedTB ?? defaultAlertTB),
  }
}

/** The values Create New Copy starts with: `Copy_X`, active, source Primary, All Backups, 30 days and 1 cycle, no alert. */
export function newCopyValues(form: CopyFormData): CopyFormValues {
  return {
    ...defaultStorageValues,
    name: form.suggestedName,
    active: true,
    sourceCopyId: primaryCopyOf(form)?.id ?? null,
    backupPeriod: 'allBackups',
    backupDate: null,
    selectiveCopy: false,
    selectiveFrequency: null,
    selectivePick: defaultSelectivePick,
    selectiveWeekStart: defaultWeekStart,
    deferAuxCopy: false,
    deferDays: '1',
    ...alertValues({ enabled: false, daysOld: null, toBeCopiedTB: null }),
    encrypt: false,
    passphrase: '',
    passphraseConfirm: '',
  }
}

/**
 * Why Selective Copy cannot be checked or cleared in this dialog, or undefined: on an existing copy it may change
 * only while nothing has been copied to it, and never on the primary copy.
 */
export function selectiveLock(setting: CopyFormSetting): string | undefined {
  const { copy } = setting
  return copy === null ? undefined : selectiveChangeProblem({ name: copy.name, primary: isPrimaryCopy(setting), copiedJobs: copy.copiedJobs })
}

/** The values of an existing copy. */
export function existingCopyValues(copy: CopyDetails): CopyFormValues {
  return {
    name: copy.name,
    active: copy.active,
    libraryId: copy.libraryId,
    mediaAgentId: copy.mediaAgentId,
    drivePoolId: copy.drivePoolId,
    scratchPoolId: copy.scratchPoolId,
    sourceCopyId: copy.sourceCopyId,
    backupPeriod: copy.backupsOnAfter === null ? 'allBackups' : 'onAndAfter',
    backupDate: copy.backupsOnAfter === null ? null : dayjs(copy.backupsOnAfter),
    agingEnabled: copy.agingEnabled,
    retentionDays: String(copy.retentionDays),
    retentionCycles: String(copy.retentionCycles),
    dedup: copy.dedup,
    ddbMediaAgentId: copy.ddbMediaAgentId,
    ddbPath: copy.ddbPath ?? '',
    ddbBlocks: copy.dedupBlocks ?? 'fixed',
    selectiveCopy: copy.selective !== null,
    selectiveFrequency: copy.selective?.frequency ?? null,
    selectivePick: copy.selective?.pick ?? defaultSelectivePick,
    selectiveWeekStart: copy.selective?.weekStart ?? defaultWeekStart,
    deferAuxCopy: copy.deferDays > 0,
    deferDays: String(copy.deferDays > 0 ? copy.deferDays : 1),
    ...alertValues(copy.fallenBehindAlert),
    encrypt: copy.encryption !== null,
    passphrase: '',
    passphraseConfirm: '',
  }
}

/** Whether the dialog asks for a new CommServe passphrase: Re-encrypt data turned on while none is set. */
export function asksPassphrase(values: Pick<CopyFormValues, 'encrypt'>, setting: CopyFormSetting): boolean {
  return values.encrypt && setting.form.keyState === 'none' && setting.copy?.encryption == null
}

/** Problems of Advanced > Encryption: where Re-encrypt data may change, and the new passphrase when one is asked. */
function encryptionProblems(values: CopyFormValues, setting: CopyFormSetting): Record<string, string> {
  const { copy, form } = setting
  const current = copy === null ? null : copy.encryption !== null
  const problem = encryptionProblem(
    { name: copy?.name ?? values.name.trim(), primary: isPrimaryCopy(setting), dedup: values.dedup, copiedJobs: copy?.copiedJobs ?? 0 },
    values.encrypt,
    current,
  )
  if (problem !== undefined) return { encryption: problem }
  const turningOn = values.encrypt && !(current ?? false)
  if (turningOn && form.keyState === 'locked') return { encryption: `${keysLockedReason} before choosing Re-encrypt data.` }
  if (!asksPassphrase(values, setting)) return {}
  const problems: Record<string, string> = {}
  const weak = passphraseProblem(values.passphrase)
  if (weak !== undefined) problems.passphrase = weak
  const mismatch = passphraseConfirmProblem(values.passphrase, values.passphraseConfirm)
  if (mismatch !== undefined) problems.passphraseConfirm = mismatch
  return problems
}

/** Advanced > Encryption as the contract takes it: the cipher or null, and the new passphrase when one is asked. */
function encryptionInput(values: CopyFormValues, setting: CopyFormSetting): Pick<CreateCopyInput, 'encryption' | 'passphrase' | 'passphraseConfirm'> {
  return {
    encryption: values.encrypt ? 'AES-256' : null,
    ...(asksPassphrase(values, setting) ? { passphrase: values.passphrase, passphraseConfirm: values.passphraseConfirm } : {}),
  }
}

/** The values after one field changed, with the fields that follow it (library → MediaAgent and pools, ...). */
export function changeCopyValue<K extends keyof CopyFormValues>(
  values: CopyFormValues,
  field: K,
  value: CopyFormValues[K],
  setting: CopyFormSetting,
): CopyFormValues {
  switch (field) {
    case 'libraryId':
      return withLibrary(values, value as number | null, setting.form.libraries)
    case 'dedup':
      return withDedup(values, value as boolean, setting.form.mediaAgents)
    case 'alertEnabled':
      // Enabling with no criterion checks the product's default one: more than 25 TB to be copied.
      return value === true && !values.alertDaysOn && !values.alertTbOn
        ? { ...values, alertEnabled: true, alertTbOn: true }
        : { ...values, alertEnabled: value as boolean }
    case 'backupPeriod':
      return value === 'onAndAfter' && values.backupDate === null
        ? { ...values, backupPeriod: 'onAndAfter', backupDate: defaultBackupDate(setting.now) }
        : { ...values, backupPeriod: value as BackupPeriod['kind'] }
    default:
      return { ...values, [field]: value }
  }
}

/** The backup period to send, or the problem of its date. */
function backupPeriodOf(values: CopyFormValues): { period: BackupPeriod; problem?: string } {
  if (values.backupPeriod === 'allBackups') return { period: { kind: 'allBackups' } }
  const date = backupDateValue(values.backupDate)
  const parsed = BackupPeriodSchema.safeParse({ kind: 'onAndAfter', date })
  if (parsed.success) return { period: parsed.data }
  return { period: { kind: 'allBackups' }, problem: parsed.error.issues[0]?.message ?? 'Choose the Backups On and After date.' }
}

/** Advanced as the contract takes it: the checked criteria as numbers (NaN while not a number); all off when disabled. */
export function fallenBehindAlertOf(values: CopyFormValues): FallenBehindAlert {
  if (!values.alertEnabled) return { enabled: false, daysOld: null, toBeCopiedTB: null }
  return {
    enabled: true,
    daysOld: values.alertDaysOn ? parseNumberText(values.alertDays) : null,
    toBeCopiedTB: values.alertTbOn ? parseNumberText(values.alertTb) : null,
  }
}

/** Problems of Advanced, with the contract's messages and the shared rule (at least one criterion when enabled). */
function alertProblems(values: CopyFormValues): Record<string, string> {
  const alert = fallenBehindAlertOf(values)
  const problems: Record<string, string> = { ...fallenBehindProblems(alert) }
  const days = alert.daysOld === null ? undefined : schemaProblem(FallenBehindAlertSchema.shape.daysOld, alert.daysOld)
  const tb = alert.toBeCopiedTB === null ? undefined : schemaProblem(FallenBehindAlertSchema.shape.toBeCopiedTB, alert.toBeCopiedTB)
  if (days !== undefined) problems['fallenBehindAlert.daysOld'] = days
  if (tb !== undefined) problems['fallenBehindAlert.toBeCopiedTB'] = tb
  return problems
}

/** Every problem of the form, by contract field; empty when OK may go ahead. */
export function copyValuesProblems(values: CopyFormValues, setting: CopyFormSetting): FieldProblems {
  const { form, copy, now } = setting
  const others = form.copies.filter((other) => other.id !== copy?.id)
  const { period, problem: dateProblem } = backupPeriodOf(values)
  const creating = copy === null
  const problems: Record<string, string> = {
    ...copyFormProblems(
      {
        name: values.name,
        libraryId: values.libraryId ?? 0,
        mediaAgentId: values.mediaAgentId ?? 0,
        drivePoolId: values.drivePoolId,
        scratchPoolId: values.scratchPoolId,
        dedup: null,
        sourceCopyId: creating ? (values.sourceCopyId ?? 0) : (copy.sourceCopyId ?? 0),
        backupPeriod: period,
      },
      {
        otherCopyNames: others.map((other) => other.name),
        libraries: form.libraries,
        mediaAgents: form.mediaAgents,
        // An existing primary copy has no source; the rule is then asked about a placeholder.
        sourceCopies: creating ? form.copies : copy.sourceCopyId === null ? [{ id: 0, name: '' }] : others,
        now,
        primary: !creating && copy.sourceCopyId === null,
      },
    ),
    ...retentionProblems(values),
    ...(creating ? ddbProblems(values, form.libraries, form.mediaAgents) : {}),
    ...alertProblems(values),
  }
  if (dateProblem !== undefined) problems['backupPeriod.date'] = dateProblem
  return { ...problems, ...selectiveProblems(values, setting), ...encryptionProblems(values, setting) }
}

/** Problems of Selective Copy (its frequency, whether it may change) and of Defer Auxiliary Copy's days. */
function selectiveProblems(values: CopyFormValues, setting: CopyFormSetting): Record<string, string> {
  const problems: Record<string, string> = {}
  const lock = selectiveLock(setting)
  if (lock !== undefined && values.selectiveCopy !== (setting.copy?.selective != null)) problems.selective = lock
  const frequency = values.selectiveCopy ? schemaProblem(SelectiveFrequencySchema, values.selectiveFrequency) : undefined
  if (frequency !== undefined) problems['selective.frequency'] = frequency
  const days = values.deferAuxCopy ? schemaProblem(DeferDays, parseNumberText(values.deferDays)) : undefined
  if (days !== undefined) problems.deferDays = days
  return problems
}

/** Selective Copy's rule as the contract takes it, null while Selective Copy is cleared. */
function selectiveInput(values: CopyFormValues): SelectiveRule | null {
  if (!values.selectiveCopy) return null
  // OK sends only a form without problems, so the frequency is chosen; were it not, the contract names the field.
  return { frequency: values.selectiveFrequency as SelectiveFrequency, pick: values.selectivePick, weekStart: values.selectiveWeekStart }
}

/** Defer Auxiliary Copy's days as the contract takes them, null while it is cleared. */
function deferDaysInput(values: CopyFormValues): number | null {
  return values.deferAuxCopy ? parseNumberText(values.deferDays) : null
}

/** What Create New Copy sends (after the form has no problems). */
export function createCopyInput(
  values: CopyFormValues,
  form: CopyFormData,
  answers: { readonly confirmAllBackups: boolean; readonly auxCopySchedule: AuxCopyScheduleInput | null },
  now = form.now,
): CreateCopyInput {
  return {
    storagePolicyId: form.storagePolicyId,
    name: values.name.trim(),
    libraryId: values.libraryId ?? 0,
    mediaAgentId: values.mediaAgentId ?? 0,
    drivePoolId: values.drivePoolId,
    scratchPoolId: values.scratchPoolId,
    active: values.active,
    dedup: ddbLocationOf(values),
    sourceCopyId: values.sourceCopyId ?? 0,
    backupPeriod: backupPeriodOf(values).period,
    agingEnabled: values.agingEnabled,
    retentionDays: parseNumberText(values.retentionDays),
    retentionCycles: parseNumberText(values.retentionCycles),
    confirmAllBackups: answers.confirmAllBackups,
    auxCopySchedule: answers.auxCopySchedule,
    selective: selectiveInput(values),
    deferDays: deferDaysInput(values),
    fallenBehindAlert: fallenBehindAlertOf(values),
    ...encryptionInput(values, { form, copy: null, now }),
  }
}

/** What Copy Properties of an existing copy sends (deduplication is not sent: it cannot change). */
export function updateCopyInput(values: CopyFormValues, copy: CopyDetails, form?: CopyFormData): UpdateCopyInput {
  return {
    copyId: copy.id,
    name: values.name.trim(),
    active: values.active,
    libraryId: values.libraryId ?? 0,
    mediaAgentId: values.mediaAgentId ?? 0,
    drivePoolId: values.drivePoolId,
    scratchPoolId: values.scratchPoolId,
    backupPeriod: backupPeriodOf(values).period,
    agingEnabled: values.agingEnabled,
    retentionDays: parseNumberText(values.retentionDays),
    retentionCycles: parseNumberText(values.retentionCycles),
    selective: selectiveInput(values),
    deferDays: deferDaysInput(values),
    fallenBehindAlert: fallenBehindAlertOf(values),
    // Sent only when it changes, so a dialog of an older copy's settings never touches it by accident.
    ...(values.encrypt === (copy.encryption !== null) ? {} : form === undefined ? { encryption: values.encrypt ? 'AES-256' : null } : encryptionInput(values, { form, copy, now: form.now })),
  }
}
