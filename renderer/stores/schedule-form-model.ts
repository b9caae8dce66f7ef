/**
 * The Schedule Details form and the Schedule Policy form as plain values: how they start, what they send, and
 * their problems with the contract's zod messages (keyed by the contract's field paths, so a refusal from the
 * CommServe lands beside the same field). Also the Associations choice (whole storage policies or single copies)
 * and the "Next run" feedback. Pure functions over values.
 */
import dayjs, { type Dayjs } from 'dayjs'
import {
  SaveSchedulePolicyInput,
  ScheduleInput,
  autocopyOptions,
  type AssociationInput,
  type AuxCopyOptions,
  type BackupAssociationClients,
  type BackupAssociationInput,
  type BackupAssociationLevel,
  type ScheduleBackupType,
  type SchedulePattern,
  type SchedulePolicyDetails,
} from '../../app/model/schedule'
import type { SchedulePolicyType } from '../../app/model/entities'
import { assertNever } from '../../app/model/assert'
import { nextOccurrence } from '../../app/rules/schedule-time'
import { firstProblemField, parseNumberText } from './form-fields'

/** A field's problems by contract path (`name`, `pattern.repeatEveryMinutes`, `options.streams`). */
export type Problems = Readonly<Record<string, string>>

/** The kinds of pattern the Schedule Details dialog offers, in its order. */
export const patternKinds = ['oneTime', 'daily', 'weekly', 'monthly'] as const satisfies readonly SchedulePattern['kind'][]
/** A pattern kind. */
export type PatternKind = (typeof patternKinds)[number]

/** What a person reads for a pattern kind. */
export const patternKindLabels: Readonly<Record<PatternKind, string>> = {
  oneTime: 'One Time',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
}

/** The days of the week, Sunday first (the pattern's day numbers). */
export const weekDayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const

/** The Schedule Details dialog's fields as the user set them (numbers and times as typed). */
export interface ScheduleFormValues {
  readonly name: string
  readonly kind: PatternKind
  /** One Time: the day it runs. */
  readonly date: Dayjs | null
  /** Start Time, `HH:MM`. */
  readonly time: string
  /** Daily: whether it repeats inside the day. */
  readonly repeat: boolean
  /** Daily: Repeat every (minutes), as typed. */
  readonly repeatEveryMinutes: string
  /** Daily: Repeat until, `HH:MM`. */
  readonly repeatUntil: string
  /** Weekly: the days it runs (0 = Sunday). */
  readonly days: readonly number[]
  /** Monthly: Day of month, as typed. */
  readonly dayOfMonth: string
  readonly timeZone: string
  /** Allow Maximum (turns Number of Streams off). */
  readonly allowMaximum: boolean
  /** Number of Streams, as typed. */
  readonly streams: string
  readonly startNewMedia: boolean
  readonly markMediaFull: boolean
  /** What a Data Protection schedule runs. */
  readonly backupType: ScheduleBackupType
}

/** A field of the Schedule Details form, by its contract path inside one schedule. */
export type ScheduleField =
  | 'name'
  | 'pattern'
  | 'pattern.date'
  | 'pattern.time'
  | 'pattern.repeatEveryMinutes'
  | 'pattern.repeatUntil'
  | 'pattern.days'
  | 'pattern.dayOfMonth'
  | 'pattern.timeZone'
  | 'options.streams'

/** The Schedule Details fields in the order the dialog shows them (the first with a problem takes focus). */
export const scheduleFieldOrder: readonly ScheduleField[] = [
  'name',
  'pattern',
  'pattern.date',
  'pattern.time',
  'pattern.repeatEveryMinutes',
  'pattern.repeatUntil',
  'pattern.days',
  'pattern.dayOfMonth',
  'pattern.timeZone',
  'options.streams',
]

/** The contract path each value is checked and reported under. */
export const scheduleProblemField: Readonly<Record<keyof ScheduleFormValues, ScheduleField | null>> = {
  name: 'name',
  kind: 'pattern',
  date: 'pattern.date',
  time: 'pattern.time',
  repeat: 'pattern.repeatEveryMinutes',
  repeatEveryMinutes: 'pattern.repeatEveryMinutes',
  repeatUntil: 'pattern.repeatUntil',
  days: 'pattern.days',
  dayOfMonth: 'pattern.dayOfMonth',
  timeZone: 'pattern.timeZone',
  allowMaximum: 'options.streams',
  streams: 'options.streams',
  startNewMedia: null,
  markMediaFull: null,
  backupType: null,
}

/** The time zones the console offers (this runtime's list, with UTC, which some runtimes leave out). */
export function timeZoneNames(): readonly string[] {
  const names = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return names.includes('UTC') ? names : ['UTC', ...names]
}

/** This browser's time zone, the default of a new schedule. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/** The values of a new schedule: daily at 22:00 in this browser's zone, Allow Maximum, no media options. */
export function newScheduleValues(now: number, timeZone = browserTimeZone()): ScheduleFormValues {
  return {
    name: '',
    kind: 'daily',
    date: dayjs(now).startOf('day'),
    time: '22:00',
    repeat: false,
    repeatEveryMinutes: '30',
    repeatUntil: '23:59',
    days: [1],
    dayOfMonth: '1',
    timeZone,
    allowMaximum: true,
    streams: '1',
    startNewMedia: false,
    markMediaFull: false,
    backupType: 'Incremental',
  }
}

/** The values of an existing schedule; fields its pattern does not use keep the defaults. */
export function scheduleValuesOf(
  schedule: { readonly name: string; readonly pattern: SchedulePattern; readonly options: AuxCopyOptions; readonly backupType?: ScheduleBackupType },
  now: number,
): ScheduleFormValues {
  const { pattern, options } = schedule
  const base: ScheduleFormValues = {
    ...newScheduleValues(now, pattern.timeZone),
    name: schedule.name,
    kind: pattern.kind,
    time: pattern.time,
    allowMaximum: options.streams === null,
    streams: options.streams === null ? '1' : String(options.streams),
    startNewMedia: options.startNewMedia,
    markMediaFull: options.markMediaFull,
    backupType: schedule.backupType ?? 'Incremental',
  }
  switch (pattern.kind) {
    case 'oneTime':
      return { ...base, date: dayjs(pattern.date) }
    case 'daily':
      return {
        ...base,
        repeat: pattern.repeatEveryMinutes !== null,
        repeatEveryMinutes: pattern.repeatEveryMinutes === null ? '30' : String(pattern.repeatEveryMinutes),
        repeatUntil: pattern.repeatUntil,
      }
    case 'weekly':
      return { ...base, days: pattern.days }
    case 'monthly':
      return { ...base, dayOfMonth: String(pattern.dayOfMonth) }
    default:
      return assertNever(pattern, 'schedule pattern')
  }
}

/** A typed time, forgiving a missing leading zero (`2:00` is `02:00`). */
function timeText(text: string): string {
  const trimmed = text.trim()
  return /^\d:\d\d$/.test(trimmed) ? `0${trimmed}` : trimmed
}

/** The picked day as the contract takes it (`YYYY-MM-DD`), or empty while incomplete. */
function dateText(date: Dayjs | null): string {
  return date !== null && date.isValid() ? date.format('YYYY-MM-DD') : ''
}

/** The pattern the values stand for (not yet validated: numbers may be NaN, times malformed). */
export function patternOf(values: ScheduleFormValues): SchedulePattern {
  const time = timeText(values.time)
  const timeZone = values.timeZone
  switch (values.kind) {
    case 'oneTime':
      return { kind: 'oneTime', date: dateText(values.date), time, timeZone }
    case 'daily':
      return {
        kind: 'daily',
        time,
        repeatEveryMinutes: values.repeat ? parseNumberText(values.repeatEveryMinutes) : null,
        repeatUntil: timeText(values.repeatUntil),
        timeZone,
      }
    case 'weekly':
      return { kind: 'weekly', days: [...values.days].sort((a, b) => a - b), time, timeZone }
    case 'monthly':
      return { kind: 'monthly', dayOfMonth: parseNumberText(values.dayOfMonth), time, timeZone }
    default:
      return assertNever(values.kind, 'pattern kind')
  }
}

/** The auxiliary copy options the values stand for. */
export function optionsOf(values: ScheduleFormValues): AuxCopyOptions {
  return {
    streams: values.allowMaximum ? null : parseNumberText(values.streams),
    startNewMedia: values.startNewMedia,
    markMediaFull: values.markMediaFull,
  }
}

/** The schedule the values stand for (what OK keeps once it has no problems). */
export function scheduleInputOf(values: ScheduleFormValues): ScheduleInput {
  return { name: values.name.trim(), pattern: patternOf(values), options: optionsOf(values) }
}

/** Every problem of the values, with the contract's messages; `otherNames` are the other schedules of the policy. */
export function scheduleProblems(values: ScheduleFormValues, otherNames: readonly string[] = []): Problems {
  const problems: Record<string, string> = {}
  const parsed = ScheduleInput.safeParse(scheduleInputOf(values))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map(String)
      // `pattern.days.0` and the like belong to their list's field.
      const field = path[0] === 'pattern' && path[1] === 'days' ? 'pattern.days' : path.join('.')
      problems[field] ??= issue.message
    }
  }
  const name = values.name.trim().toLowerCase()
  if (problems.name === undefined && otherNames.some((other) => other.trim().toLowerCase() === name)) {
    problems.name = `Two schedules are named ${values.name.trim()}; give each its own name.`
  }
  return problems
}

/** The first field with a problem, in the dialog's order. */
export function firstScheduleProblem(problems: Problems): string | undefined {
  return firstProblemField(problems, scheduleFieldOrder)
}

/** A time in a time zone as the dialogs show it: `Tue, Jan 14, 2025, 22:00`. */
export function formatZonedTime(time: number, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat(undefined, {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(time))
  } catch {
    return new Date(time).toISOString()
  }
}

/**
 * "Next run" feedback for the values at CommServe time `now`: the next time it fires (in its time zone), that it
 * does not fire within a year, or null while the values have problems.
 */
export function nextRunText(values: ScheduleFormValues, now: number): string | null {
  const parsed = ScheduleInput.safeParse(scheduleInputOf(values))
  if (!parsed.success) return null
  const next = nextOccurrence(parsed.data.pattern, now)
  if (next === null) return 'Next run: none (the time has passed)'
  return `Next run: ${formatZonedTime(next, parsed.data.pattern.timeZone)} (${parsed.data.pattern.timeZone})`
}

/** The days after a weekday checkbox changed. */
export function toggleDay(days: readonly number[], day: number, checked: boolean): readonly number[] {
  const rest = days.filter((candidate) => candidate !== day)
  return checked ? [...rest, day].sort((a, b) => a - b) : rest
}

/**
 * A CommServe field path of a Schedule Policy save, split into the schedule it names and the field inside it
 * (`schedules.0.pattern.repeatEveryMinutes` → 0, `pattern.repeatEveryMinutes`), or null for other fields.
 */
export function scheduleFieldOfPath(path: string): { readonly index: number; readonly field: string } | null {
  const match = /^schedules\.(\d+)\.(.+)$/.exec(path)
  if (match === null) return null
  const field = match[2]!.startsWith('pattern.days') ? 'pattern.days' : match[2]!
  return { index: Number(match[1]), field }
}

// ── Schedule Policy ─────────────────────────────────────────────────────────────────────────────────────────

/** A schedule as the Schedule Policy dialog keeps it: its auxiliary copy options and its backup type (its Type uses one). */
export type PolicySchedule = ScheduleInput & { readonly backupType: ScheduleBackupType }

/** The Schedule Policy dialog's fields as the user set them. */
export interface SchedulePolicyValues {
  readonly name: string
  /** Auxiliary Copy or Data Protection (chosen for a new policy), or Data Aging. */
  readonly policyType: SchedulePolicyType
  readonly description: string
  readonly schedules: readonly PolicySchedule[]
  /** An Auxiliary Copy policy's storage policies and copies. */
  readonly associations: readonly AssociationInput[]
  /** A Data Protection policy's clients, agents and subclients. */
  readonly backupAssociations: readonly BackupAssociationInput[]
}

/** A field of the Schedule Policy form (top level) by its contract name. */
export type SchedulePolicyField = 'name' | 'policyType' | 'description' | 'schedules' | 'associations'

/** The policy fields in the order of the tabs and of the fields on them. */
export const schedulePolicyFieldOrder: readonly SchedulePolicyField[] = ['name', 'policyType', 'description', 'schedules', 'associations']

/** The tab holding a policy field. */
export function schedulePolicyFieldTab(field: string): 'general' | 'associations' {
  return field.startsWith('associations') ? 'associations' : 'general'
}

/** The values of New Schedule Policy: an Auxiliary Copy policy with no name, no schedule, no association. */
export const newSchedulePolicyValues: SchedulePolicyValues = {
  name: '', policyType: 'Auxiliary Copy', description: '', schedules: [], associations: [], backupAssociations: [],
}

/** The values of an existing schedule policy. */
export function schedulePolicyValuesOf(details: SchedulePolicyDetails): SchedulePolicyValues {
  return {
    name: details.name,
    policyType: details.policyType,
    description: details.description,
    // A schedule keeps the defaults of what its Type does not use, which its dialog neither shows nor sends.
    schedules: details.schedules.map(({ name, pattern, options, backupType }) => ({
      name, pattern, options: options ?? autocopyOptions, backupType: backupType ?? 'Incremental',
    })),
    associations: details.associations.map(({ storagePolicyId, copyId }) => ({ storagePolicyId, copyId })),
    backupAssociations: details.backupAssociations.map(({ level, id }) => ({ level, id })),
  }
}

/** What OK sends: the schedules and associations of the policy's Type. */
export function saveSchedulePolicyInput(values: SchedulePolicyValues, schedulePolicyId: number | null): SaveSchedulePolicyInput {
  const common = { schedulePolicyId, name: values.name.trim(), description: values.description }
  if (values.policyType === 'Data Protection') {
    return {
      ...common,
      policyType: 'Data Protection',
      schedules: values.schedules.map(({ name, pattern, backupType }) => ({ name, pattern, backupType })),
      associations: [...values.backupAssociations],
    }
  }
  return {
    ...common,
    policyType: values.policyType,
    schedules: values.schedules.map(({ name, pattern, options }) => ({ name, pattern, options })),
    associations: [...values.associations],
  }
}

/** Every problem of the policy's own fields (its schedules were checked by Schedule Details), with the contract's messages. */
export function schedulePolicyProblems(values: SchedulePolicyValues): Problems {
  const problems: Record<string, string> = {}
  const parsed = SaveSchedulePolicyInput.safeParse(saveSchedulePolicyInput(values, null))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [first, index, ...rest] = issue.path.map(String)
      // A schedule's own problems belong to Schedule Details; here they say which schedule to open.
      const field = first === 'schedules' && index !== undefined ? `schedules.${index}.${rest.join('.')}` : (first ?? 'name')
      problems[field] ??= issue.message
    }
  }
  return problems
}

// ── Associations ────────────────────────────────────────────────────────────────────────────────────────────

/** A storage policy offered on the Associations tab, with the secondary copies that can be chosen one by one. */
export interface AssociationPolicy {
  readonly id: number
  readonly name: string
  readonly copies: readonly { readonly id: number; readonly name: string }[]
}

/** Whether a whole storage policy (its current and future copies) is associated. */
export function isPolicyAssociated(associations: readonly AssociationInput[], storagePolicyId: number): boolean {
  return associations.some((association) => association.storagePolicyId === storagePolicyId && association.copyId === null)
}

/** Whether one copy is associated on its own. */
export function isCopyAssociated(associations: readonly AssociationInput[], storagePolicyId: number, copyId: number): boolean {
  return associations.some((association) => association.storagePolicyId === storagePolicyId && association.copyId === copyId)
}

/** Checking a storage policy replaces its single copies (the policy covers them); clearing it drops it. */
export function togglePolicyAssociation(
  associations: readonly AssociationInput[],
  storagePolicyId: number,
  checked: boolean,
): readonly AssociationInput[] {
  const others = associations.filter((association) => association.storagePolicyId !== storagePolicyId)
  return checked ? [...others, { storagePolicyId, copyId: null }] : others
}

/** Checking or clearing one copy of a policy that is not associated as a whole. */
export function toggleCopyAssociation(
  associations: readonly AssociationInput[],
  storagePolicyId: number,
  copyId: number,
  checked: boolean,
): readonly AssociationInput[] {
  const others = associations.filter((association) => !(association.storagePolicyId === storagePolicyId && association.copyId === copyId))
  return checked ? [...others, { storagePolicyId, copyId }] : others
}

/**
 * The policies the Associations tab offers: every storage policy (`tree:children` of Storage Policies), with the
 * active secondary copies `auxcopy:form` lists, plus any copy already associated that those lists leave out
 * (an inactive one), so an existing association is always shown.
 */
export function associationPolicies(
  policies: readonly { readonly id: number; readonly name: string }[],
  activeCopies: readonly { readonly id: number; readonly copies: readonly { readonly id: number; readonly name: string }[] }[],
  existing: SchedulePolicyDetails['associations'],
): readonly AssociationPolicy[] {
  const byId = new Map<number, AssociationPolicy>()
  for (const policy of policies) {
    const copies = activeCopies.find((candidate) => candidate.id === policy.id)?.copies ?? []
    byId.set(policy.id, { id: policy.id, name: policy.name, copies: copies.map(({ id, name }) => ({ id, name })) })
  }
  for (const association of existing) {
    const policy = byId.get(association.storagePolicyId) ?? { id: association.storagePolicyId, name: association.storagePolicy, copies: [] }
    const copyId = association.copyId
    const copies = copyId === null || policy.copies.some((copy) => copy.id === copyId) ? policy.copies : [...policy.copies, { id: copyId, name: association.copy }]
    byId.set(policy.id, { ...policy, copies })
  }
  return [...byId.values()]
}

/** The client computers the Associations tab of a Data Protection policy offers, with their agents and subclients. */
export type AssociationClient = BackupAssociationClients['clients'][number]

/** Whether a client, agent or subclient is associated itself. */
export function isBackupAssociated(associations: readonly BackupAssociationInput[], level: BackupAssociationLevel, id: number): boolean {
  return associations.some((association) => association.level === level && association.id === id)
}

/**
 * Checking a client or an agent covers everything under it, so the associations under it are dropped (they would
 * say nothing more); clearing it drops it alone.
 */
export function toggleBackupAssociation(
  associations: readonly BackupAssociationInput[],
  clients: readonly AssociationClient[],
  level: BackupAssociationLevel,
  id: number,
  checked: boolean,
): readonly BackupAssociationInput[] {
  const others = associations.filter((association) => !(association.level === level && association.id === id))
  if (!checked) return others
  const agents = level === 'client' ? (clients.find((client) => client.id === id)?.agents ?? []) : level === 'agent' ? clients.flatMap((client) => client.agents).filter((agent) => agent.id === id) : []
  const agentIds = new Set(level === 'client' ? agents.map((agent) => agent.id) : [])
  const subclientIds = new Set(agents.flatMap((agent) => agent.subclients.map((subclient) => subclient.id)))
  const covered = (association: BackupAssociationInput) =>
    (association.level === 'agent' && agentIds.has(association.id)) || (association.level === 'subclient' && subclientIds.has(association.id))
  return [...others.filter((association) => !covered(association)), { level, id }]
}
