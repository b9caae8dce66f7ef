import type { EventRecord, EventSeverity } from '../../app/model/events'
import type { CatalogDb } from './database'

/** What a service records; the catalog assigns id. */
export interface NewEvent {
  readonly time: number
  readonly severity: EventSeverity
  readonly program: string
  readonly computer: string
  readonly jobId: number | null
  readonly description: string
}

const eventSelect = 'SELECT id, time, severity, program, computer, job_id AS jobId, description FROM events'

/** The Event Viewer's entries. */
export class EventRepository {
  constructor(private readonly db: CatalogDb) {}

  /** Records an event. */
  add(event: NewEvent): EventRecord {
    const info = this.db
      .prepare('INSERT INTO events (time, severity, program, computer, job_id, description) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.time, event.severity, event.program, event.computer, event.jobId, event.description)
    return { id: Number(info.lastInsertRowid), ...event }
  }

  /** The newest events, before an id when paging back. */
  list(limit: number, beforeId: number | null): EventRecord[] {
    return (
      beforeId === null
        ? this.db.prepare(`${eventSelect} ORDER BY id DESC LIMIT ?`).all(limit)
        : this.db.prepare(`${eventSelect} WHERE id < ? ORDER BY id DESC LIMIT ?`).all(beforeId, limit)
    ) as EventRecord[]
  }
}
