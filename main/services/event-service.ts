import type { EventRecord, EventSeverity } from '../../app/model/events'
import type { Catalog } from '../catalog/catalog'
import type { Clock } from '../clock'
import type { EventBus } from '../event-bus'

/** Records Event Viewer entries and pushes each to the consoles. */
export class EventService {
  constructor(
    private readonly catalog: Catalog,
    private readonly bus: EventBus,
    private readonly clock: Clock,
  ) {}

  /** Records an event on the CommServe (or the named computer) and pushes `events:new`. */
  record(input: { severity: EventSeverity; program: string; description: string; computer?: string; jobId?: number }): EventRecord {
    const event = this.catalog.events.add({
      time: this.clock.now(),
      severity: input.severity,
      program: input.program,
      computer: input.computer ?? this.catalog.commCell()?.commServe ?? 'CommServe',
      jobId: input.jobId ?? null,
      description: input.description,
    })
    this.bus.emit('events:new', event)
    return event
  }

  /** The newest events, paging back before an id. */
  list(limit: number, beforeId: number | null): EventRecord[] {
    return this.catalog.events.list(limit, beforeId)
  }
}
