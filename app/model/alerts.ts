import { z } from 'zod'
import { NodeId } from './tree'

/** The most days "Jobs older than N days not yet copied" takes (ten years; our choice). */
export const maxAlertDays = 3650
/** The most TB "More than N TB of data to be copied" takes (an exabyte; our choice). */
export const maxAlertTB = 1_000_000
/** The product's default for the TB criterion when the alert is first enabled. */
export const defaultAlertTB = 25

/**
 * A secondary copy's Auxiliary Copy Fallen Behind alert settings (the API's enableAuxCopyFallenBehindAlert,
 * daysOldJobs, toBeCopiedDataTB): each criterion is optional (null: not checked); at least one when enabled (that
 * rule is `fallenBehindProblems`, shared by the dialog and the service).
 */
export const FallenBehindAlert = z.strictObject({
  enabled: z.boolean({ error: 'Enable Auxiliary Copy Fallen Behind Alert must be on or off.' }),
  daysOld: z
    .number({ error: 'Jobs older than (days) must be a whole number.' })
    .int({ error: 'Jobs older than (days) must be a whole number.' })
    .min(1, { error: 'Jobs older than (days) must be at least 1.' })
    .max(maxAlertDays, { error: `Jobs older than (days) must be at most ${maxAlertDays}.` })
    .nullable(),
  toBeCopiedTB: z
    .number({ error: 'More than (TB) must be a number.' })
    .positive({ error: 'More than (TB) must be more than 0.' })
    .max(maxAlertTB, { error: `More than (TB) must be at most ${maxAlertTB}.` })
    .nullable(),
})
/** A copy's fallen-behind alert settings. */
export type FallenBehindAlert = z.infer<typeof FallenBehindAlert>

/** A copy with the alert off (what a new copy gets when Create New Copy does not say). */
export const alertOff: FallenBehindAlert = { enabled: false, daysOld: null, toBeCopiedTB: null }

/** The kinds of alert the CommServe raises. */
export const AlertKind = z.enum(['Auxiliary Copy Fallen Behind'])
/** A kind of alert. */
export type AlertKind = z.infer<typeof AlertKind>

/** One alert as the Alerts view lists it: raised on a copy, open until `clearedAt`. */
export const AlertRecord = z.object({
  id: z.number().int().positive(),
  kind: AlertKind,
  copyId: z.number().int(),
  /** The copy's tree node (opens it). */
  nodeId: NodeId,
  storagePolicy: z.string(),
  copy: z.string(),
  /** What was past its threshold when it was raised. */
  reason: z.string(),
  /** Epoch ms, CommServe clock. */
  raisedAt: z.number().int(),
  /** Epoch ms when it cleared; null while open. */
  clearedAt: z.number().int().nullable(),
})
/** One alert. */
export type AlertRecord = z.infer<typeof AlertRecord>

/** How long a cleared alert stays in the Alerts view (24 hours of CommServe time). */
export const clearedAlertsShownMs = 24 * 60 * 60 * 1000
