import { z } from 'zod'

/** Clock time inside a day, `HH:MM` (24 h). */
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time inside the day, as HH:MM (00:00 to 23:59)')

/** When a schedule runs: the product's patterns, each optionally repeating inside the day. */
export const SchedulePattern = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oneTime'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), time: TimeOfDay, timeZone: z.string() }),
  z.object({
    kind: z.literal('daily'),
    time: TimeOfDay,
    /** Minutes between runs inside the day, or null when it runs once a day. */
    repeatEveryMinutes: z.number().int().positive().max(1440).nullable(),
    repeatUntil: TimeOfDay,
    timeZone: z.string(),
  }),
  z.object({
    kind: z.literal('weekly'),
    days: z.array(z.number().int().min(0).max(6)).min(1),
    time: TimeOfDay,
    timeZone: z.string(),
  }),
  z.object({ kind: z.literal('monthly'), dayOfMonth: z.number().int().min(1).max(31), time: TimeOfDay, timeZone: z.string() }),
])
/** When a schedule runs. */
export type SchedulePattern = z.infer<typeof SchedulePattern>

/** The options of an auxiliary copy job (the Auxiliary Copy Job Options dialog's General tab). */
export const AuxCopyOptions = z.object({
  /** Number of Streams, or null for Allow Maximum. */
  streams: z.number().int().min(1).max(100).nullable(),
  startNewMedia: z.boolean(),
  markMediaFull: z.boolean(),
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
