import { z } from 'zod'

/** Whether a time zone name is one this runtime knows (`Europe/Berlin`, `UTC`). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}

/** Clock time inside a day, `HH:MM` (24 h). */
const timeOfDay = (label: string) =>
  z
    .string({ error: `${label} is required.` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: `${label} must be a time inside the day, as HH:MM (00:00 to 23:59).` })

/** A time zone that exists. */
const timeZone = z
  .string({ error: 'Time Zone is required.' })
  .max(64, { error: 'Time Zone must be at most 64 characters.' })
  .refine(isKnownTimeZone, { error: 'Time Zone does not exist; choose one from the list.' })

/** When a schedule runs: the product's patterns (one time, daily with an optional repeat, weekly, monthly). */
export const SchedulePattern = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('oneTime'),
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'Date must be a date, as YYYY-MM-DD.' }),
      time: timeOfDay('Start Time'),
      timeZone,
    }),
    z.strictObject({
      kind: z.literal('daily'),
      time: timeOfDay('Start Time'),
      /** Minutes between runs inside the day, or null when it runs once a day. */
      repeatEveryMinutes: z
        .number({ error: 'Repeat every (minutes) must be a whole number.' })
        .int({ error: 'Repeat every (minutes) must be a whole number.' })
        .min(1, { error: 'Repeat every (minutes) must be at least 1.' })
        .max(1440, { error: 'Repeat every (minutes) must be at most 1440.' })
        .nullable(),
      repeatUntil: timeOfDay('Repeat until'),
      timeZone,
    }),
    z.strictObject({
      kind: z.literal('weekly'),
      days: z
        .array(z.number().int().min(0).max(6), { error: 'Choose the days of the week.' })
        .min(1, { error: 'Choose at least one day of the week.' })
        .max(7, { error: 'Choose at most seven days.' }),
      time: timeOfDay('Start Time'),
      timeZone,
    }),
    z.strictObject({
      kind: z.literal('monthly'),
      dayOfMonth: z
        .number({ error: 'Day of month must be a whole number.' })
        .int({ error: 'Day of month must be a whole number.' })
        .min(1, { error: 'Day of month must be from 1 to 31.' })
        .max(31, { error: 'Day of month must be from 1 to 31.' }),
      time: timeOfDay('Start Time'),
      timeZone,
    }),
  ],
  { error: 'Choose a pattern: one time, daily, weekly or monthly.' },
)
/** When a schedule runs. */
export type SchedulePattern = z.infer<typeof SchedulePattern>

/** The options of an auxiliary copy job (the Auxiliary Copy Job Options dialog's General tab). */
export const AuxCopyOptions = z.strictObject({
  /** Number of Streams, or null for Allow Maximum. */
  streams: z
    .number({ error: 'Number of Streams must be a whole number.' })
    .int({ error: 'Number of Streams must be a whole number.' })
    .min(1, { error: 'Number of Streams must be at least 1.' })
    .max(100, { error: 'Number of Streams must be at most 100.' })
    .nullable(),
  startNewMedia: z.boolean({ error: 'Start New Media must be on or off.' }),
  markMediaFull: z.boolean({ error: 'Mark Media Full on Success must be on or off.' }),
})
/** The options of an auxiliary copy job. */
export type AuxCopyOptions = z.infer<typeof AuxCopyOptions>

/** The System Created Autocopy schedule's documented options: maximum streams, no new media, no mark full. */
export const autocopyOptions: AuxCopyOptions = { streams: null, startNewMedia: false, markMediaFull: false }

/** The System Created Autocopy schedule's pattern: every day, repeating every 30 minutes. */
export function autocopyPattern(timeZone: string): SchedulePattern {
  return { kind: 'daily', time: '00:00', repeatEveryMinutes: 30, repeatUntil: '23:59', timeZone }
}

/** The name of the schedule policy every new secondary copy joins on a new CommCell. */
export const autocopyPolicyName = 'System Created Autocopy schedule'

/** The schedule policy every CommCell has that runs Data Aging. */
export const dataAgingPolicyName = 'System Created Data Aging'

/** The System Created Data Aging schedule's pattern: every day at 12:00 PM (the product's default). */
export function dataAgingPattern(timeZone: string): SchedulePattern {
  return { kind: 'daily', time: '12:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone }
}

/** One schedule of a schedule policy, as the Schedule Policy dialog sends it. */
export const ScheduleInput = z.strictObject({
  name: z
    .string({ error: 'Schedule Name is required.' })
    .trim()
    .min(1, { error: 'Schedule Name is required.' })
    .max(64, { error: 'Schedule Name must be at most 64 characters.' })
    .refine((name) => !/^[.\s]+$/.test(name), { error: 'Schedule Name cannot be made only of dots.' }),
  pattern: SchedulePattern,
  options: AuxCopyOptions,
})
/** One schedule of a schedule policy. */
export type ScheduleInput = z.infer<typeof ScheduleInput>

/** What a schedule policy covers: a whole storage policy (its current and future copies) or one copy. */
export const AssociationInput = z.strictObject({
  storagePolicyId: z.number({ error: 'Storage Policy is required.' }).int().positive({ error: 'Storage Policy is required.' }),
  copyId: z.number({ error: 'Copy must be a copy or All Copies.' }).int().positive({ error: 'Copy must be a copy or All Copies.' }).nullable(),
})
/** What a schedule policy covers. */
export type AssociationInput = z.infer<typeof AssociationInput>

/** The backup types a Data Protection schedule runs. */
export const ScheduleBackupType = z.enum(['Full', 'Incremental', 'Differential'], { error: 'Backup Type must be Full, Incremental or Differential.' })
/** A Data Protection schedule's backup type. */
export type ScheduleBackupType = z.infer<typeof ScheduleBackupType>

/** What a Data Protection schedule runs (stored as the schedule's options). */
export const BackupScheduleOptions = z.strictObject({ backupType: ScheduleBackupType })
/** What a Data Protection schedule runs. */
export type BackupScheduleOptions = z.infer<typeof BackupScheduleOptions>

/** One schedule of a Data Protection schedule policy: its pattern and the backup type it runs. */
export const BackupScheduleInput = z.strictObject({
  name: ScheduleInput.shape.name,
  pattern: SchedulePattern,
  backupType: ScheduleBackupType,
})
/** One schedule of a Data Protection schedule policy. */
export type BackupScheduleInput = z.infer<typeof BackupScheduleInput>

/** The levels a Data Protection schedule policy is associated at; a client or an agent covers the subclients under it. */
export const BackupAssociationLevel = z.enum(['client', 'agent', 'subclient'], { error: 'Associate a client, an agent or a subclient.' })
/** A Data Protection association's level. */
export type BackupAssociationLevel = z.infer<typeof BackupAssociationLevel>

/** What a Data Protection schedule policy covers: a client, an agent or a subclient (with those added later under it). */
export const BackupAssociationInput = z.strictObject({
  level: BackupAssociationLevel,
  id: z.number({ error: 'Choose a client, an agent or a subclient.' }).int().positive({ error: 'Choose a client, an agent or a subclient.' }),
})
/** What a Data Protection schedule policy covers. */
export type BackupAssociationInput = z.infer<typeof BackupAssociationInput>

const policyFields = {
  schedulePolicyId: z.number().int().positive().nullable(),
  name: z
    .string({ error: 'Name is required.' })
    .trim()
    .min(1, { error: 'Name is required.' })
    .max(64, { error: 'Name must be at most 64 characters.' })
    .regex(/^[A-Za-z0-9 _\-.()]+$/, { error: 'Name can contain only letters, digits, spaces and _ - . ( ).' })
    .refine((name) => !/^[.\s]+$/.test(name), { error: 'Name cannot be made only of dots.' }),
  description: z.string({ error: 'Description must be text.' }).max(500, { error: 'Description must be at most 500 characters.' }),
}
const schedulesOf = <T extends z.ZodType>(schedule: T) =>
  z.array(schedule).min(1, { error: 'Add at least one schedule.' }).max(20, { error: 'At most 20 schedules.' })

/**
 * New Schedule Policy, or the Properties of one (`schedulePolicyId` set), by its Type: an Auxiliary Copy (or Data
 * Aging) policy's schedules carry auxiliary copy options and its associations are storage policies or copies; a Data
 * Protection policy's schedules carry a backup type and its associations are clients, agents or subclients.
 */
export const SaveSchedulePolicyInput = z.discriminatedUnion(
  'policyType',
  [
    z.strictObject({
      ...policyFields,
      policyType: z.enum(['Auxiliary Copy', 'Data Aging']),
      schedules: schedulesOf(ScheduleInput),
      associations: z.array(AssociationInput).max(1000, { error: 'At most 1000 associations.' }),
    }),
    z.strictObject({
      ...policyFields,
      policyType: z.literal('Data Protection'),
      schedules: schedulesOf(BackupScheduleInput),
      associations: z.array(BackupAssociationInput).max(1000, { error: 'At most 1000 associations.' }),
    }),
  ],
  { error: 'Type must be Auxiliary Copy, Data Protection or Data Aging.' },
)
/** Save Schedule Policy input. */
export type SaveSchedulePolicyInput = z.infer<typeof SaveSchedulePolicyInput>

/** A schedule policy with its schedules and associations, for its Properties. */
export const SchedulePolicyDetails = z.object({
  id: z.number().int(),
  name: z.string(),
  policyType: z.enum(['Auxiliary Copy', 'Data Aging', 'Data Protection']),
  description: z.string(),
  systemCreated: z.boolean(),
  /** Each schedule; only an Auxiliary Copy schedule has options, only a Data Protection schedule a backup type. */
  schedules: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      pattern: SchedulePattern,
      patternText: z.string(),
      options: AuxCopyOptions.nullable(),
      backupType: ScheduleBackupType.nullable(),
    }),
  ),
  associations: z.array(z.object({ storagePolicyId: z.number().int(), storagePolicy: z.string(), copyId: z.number().int().nullable(), copy: z.string() })),
  /** A Data Protection policy's clients, agents and subclients (`localhost / File System / finance`). */
  backupAssociations: z.array(z.object({ level: BackupAssociationLevel, id: z.number().int(), name: z.string() })),
})
/** A schedule policy's Properties. */
export type SchedulePolicyDetails = z.infer<typeof SchedulePolicyDetails>

/** The client computers a Data Protection schedule policy can be associated with, with their agents and subclients. */
export const BackupAssociationClients = z.object({
  clients: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      agents: z.array(z.object({ id: z.number().int(), name: z.string(), subclients: z.array(z.object({ id: z.number().int(), name: z.string() })) })),
    }),
  ),
})
/** The clients, agents and subclients a Data Protection schedule policy can cover. */
export type BackupAssociationClients = z.infer<typeof BackupAssociationClients>

/** A Data Protection schedule covering a subclient (Subclient Properties > Schedules). */
export const SubclientSchedule = z.object({
  schedulePolicyId: z.number().int(),
  schedulePolicy: z.string(),
  scheduleId: z.number().int(),
  schedule: z.string(),
  backupType: ScheduleBackupType,
  patternText: z.string(),
  /** Through what the subclient is covered: `Client localhost`, `Agent File System` or `Subclient finance`. */
  coveredBy: z.string(),
})
/** A Data Protection schedule covering a subclient. */
export type SubclientSchedule = z.infer<typeof SubclientSchedule>

/** A storage policy's own auxiliary copy schedule (Storage Policy > Schedules). */
export const PolicyScheduleDetails = z.object({
  id: z.number().int(),
  name: z.string(),
  pattern: SchedulePattern,
  patternText: z.string(),
  options: AuxCopyOptions,
  allCopies: z.boolean(),
  copies: z.array(z.string()),
})
/** A storage policy's own auxiliary copy schedule. */
export type PolicyScheduleDetails = z.infer<typeof PolicyScheduleDetails>

/** Saves one of a storage policy's own schedules (its pattern and options; All Copies as made). */
export const SavePolicyScheduleInput = z.strictObject({
  scheduleId: z.number({ error: 'Schedule is required.' }).int().positive({ error: 'Schedule is required.' }),
  name: ScheduleInput.shape.name,
  pattern: SchedulePattern,
  options: AuxCopyOptions,
})
/** Saves a storage policy schedule. */
export type SavePolicyScheduleInput = z.infer<typeof SavePolicyScheduleInput>
