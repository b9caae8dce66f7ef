import { clearedAlertsShownMs, type AlertRecord } from '../../app/model/alerts'
import type { PolicyCopy } from '../../app/model/entities'
import { nodeId } from '../../app/model/tree'
import { fallenBehindReasons, oldJobCutoff } from '../../app/rules/fallen-behind'
import type { Catalog } from '../catalog/catalog'
import type { Clock } from '../clock'
import type { EventBus } from '../event-bus'
import type { EventService } from './event-service'

/** Which copies an evaluation looks at: all watched copies, one storage policy's, or one copy. */
export type AlertScope = { readonly storagePolicyId: number } | { readonly copyId: number } | null

/**
 * The CommServe's Auxiliary Copy Fallen Behind alert: evaluates secondary copies with the alert enabled against their
 * backlog (one aggregate query per copy), raises an alert (one open per copy, a Major event) when a threshold is past,
 * and clears it (an Information event) when the copy catches up, the alert is disabled or the copy is deleted. Tree
 * nodes of the copy and its storage policy show a warning icon while it is open.
 */
export class AlertService {
  constructor(
    private readonly catalog: Catalog,
    private readonly bus: EventBus,
    private readonly events: EventService,
    private readonly clock: Clock,
  ) {}

  /** A page of the Alerts view: open alerts and those cleared in the last 24 hours, newest raised first. */
  list(limit: number, offset: number): { alerts: AlertRecord[]; more: boolean } {
    // One row past the page says whether more follow.
    const rows = this.catalog.alerts.list(this.clock.now() - clearedAlertsShownMs, limit + 1, offset)
    return { alerts: rows.slice(0, limit), more: rows.length > limit }
  }

  /**
   * Evaluates the copies in scope (those with the alert enabled, and those with an alert open) and raises or clears
   * their alerts; pushes what changed. Returns the alerts raised or cleared.
   */
  evaluate(scope: AlertScope = null): AlertRecord[] {
    const { alerts, policies } = this.catalog
    const now = this.clock.now()
    const inScope = (copy: PolicyCopy | undefined): copy is PolicyCopy =>
      copy !== undefined &&
      (scope === null || ('copyId' in scope ? copy.id === scope.copyId : copy.storagePolicyId === scope.storagePolicyId))
    const watched = scope !== null && 'copyId' in scope ? [scope.copyId] : alerts.watchedCopyIds(scope?.storagePolicyId ?? null)
    const open = alerts.openAlerts().map((alert) => alert.copyId)
    const copies = [...new Set([...watched, ...open])].map((id) => policies.copy(id)).filter(inScope)
    const changed: AlertRecord[] = []
    for (const copy of copies) {
      const settings = alerts.settings(copy.id)
      const backlog = settings.enabled ? this.catalog.jobs.backlog(copy, oldJobCutoff(settings, now)) : null
      const reasons = backlog === null ? [] : fallenBehindReasons(settings, backlog)
      const current = alerts.openOf(copy.id)
      if (reasons.length > 0 && current === undefined) {
        const id = alerts.raise(copy.id, reasons.join('; '), now)
        const raised = alerts.alert(id)!
        changed.push(raised)
        this.events.record({
          severity: 'Major',
          program: 'CommServe',
          description: `Auxiliary Copy Fallen Behind alert on ${raised.storagePolicy} / ${raised.copy}: ${raised.reason}.`,
        })
      } else if (reasons.length === 0 && current !== undefined) {
        alerts.clear(current.id, now)
        changed.push(alerts.alert(current.id)!)
        const why = settings.enabled ? 'the copy caught up' : 'the alert was disabled'
        this.events.record({
          severity: 'Information',
          program: 'CommServe',
          description: `Auxiliary Copy Fallen Behind alert on ${current.storagePolicy} / ${current.copy} cleared: ${why}.`,
        })
      }
    }
    this.pushChanged(changed)
    return changed
  }

  /**
   * A copy was deleted with its alert open (the alert row went with the copy): says it cleared. `open` is the alert
   * as it was before the deletion.
   */
  copyDeleted(open: AlertRecord | undefined): void {
    if (open === undefined) return
    const cleared: AlertRecord = { ...open, clearedAt: this.clock.now() }
    this.events.record({
      severity: 'Information',
      program: 'CommServe',
      description: `Auxiliary Copy Fallen Behind alert on ${open.storagePolicy} / ${open.copy} cleared: the copy was deleted.`,
    })
    this.pushChanged([cleared])
  }

  /** Tells consoles which alerts changed, and which tree nodes gained or lost their warning icon. */
  private pushChanged(changed: readonly AlertRecord[]): void {
    if (changed.length === 0) return
    const nodes = new Set<string>(['storagePolicies'])
    for (const alert of changed) {
      // A deleted copy's nodes are gone: its policy's own deletion event reloads them.
      const copy = this.catalog.policies.copy(alert.copyId)
      if (copy !== undefined) nodes.add(alert.nodeId).add(nodeId('storagePolicy', copy.storagePolicyId))
    }
    this.bus.emit('alerts:changed', { alerts: [...changed] })
    this.bus.emit('tree:changed', { nodeIds: [...nodes] })
  }
}
