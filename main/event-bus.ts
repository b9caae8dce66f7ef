import type { EventName, EventPayload } from '../app/ipc/contract'

/** A pushed event as hosts forward it. */
export type PushedEvent = { [E in EventName]: { readonly event: E; readonly payload: EventPayload<E> } }[EventName]

/** The main process's event bus: services emit, hosts forward to every renderer. */
export class EventBus {
  private readonly listeners = new Set<(event: PushedEvent) => void>()

  /** Emits one event to every listener. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const pushed = { event, payload } as PushedEvent
    for (const listener of this.listeners) listener(pushed)
  }

  /** Subscribes; returns the unsubscribe function. */
  subscribe(listener: (event: PushedEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }
}
