import type { EventRecord, EventSeverity } from '../../app/model/events'
import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

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
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Records an event. */
  add(event: NewEvent): EventRecord {
    const info = this
      .sql('INSERT INTO events (time, severity, program, computer, job_id, description) VALUES (?, ?, ?, ?, ?, ?)')
      .run(event.time, event.severity, event.program, event.computer, event.jobId, event.description)
    return { id: Number(info.lastInsertRowid), ...event }
  }

  /** The newest events, before an id when paging back. */
  list(limit: number, beforeId: number | null): EventRecord[] {
    return this.sql(`${eventSelect} WHERE id < ? ORDER BY id DESC LIMIT ?`).all(beforeId ?? Number.MAX_SAFE_INTEGER, limit) as EventRecord[]
  }
}
