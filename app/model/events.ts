import { z } from 'zod'

/** How serious an Event Viewer entry is (the product's words). */
export const EventSeverity = z.enum(['Information', 'Minor', 'Major', 'Critical'])
/** How serious an Event Viewer entry is. */
export type EventSeverity = z.infer<typeof EventSeverity>

/** One entry of the Event Viewer: something a service recorded. */
export const EventRecord = z.object({
  id: z.number().int().positive(),
  /** Epoch milliseconds. */
  time: z.number().int(),
  severity: EventSeverity,
  /** The service that recorded it (e.g. `CommServe`, `Auxiliary Copy`). */
  program: z.string(),
  /** The computer it happened on. */
  computer: z.string(),
  /** The job it belongs to, when there is one. */
  jobId: z.number().int().positive().nullable(),
  description: z.string(),
})
/** One entry of the Event Viewer. */
export type EventRecord = z.infer<typeof EventRecord>
