import { notFound } from '../../app/ipc/errors'
import { assertNever } from '../../app/model/assert'
import { kindLabel, nodeId, parseNodeId, type NodeRef, type TreeNode } from '../../app/model/tree'
import type { Catalog } from '../catalog/catalog'

const folder = (id: TreeNode['id'], kind: TreeNode['kind'], name: string, hasChildren = true): TreeNode => ({
  id,
  kind,
  name,
  hasChildren,
  detail: '',
})

const mediumNode = (medium: { readonly id: number; readonly barcode: string }): TreeNode => ({
  id: nodeId('media', medium.id),
  kind: 'media',
  name: medium.barcode,
  hasChildren: false,
  detail: '',
})

/** The `alert` of a node or list row: present only when there is one. */
export function withAlert(alert: string | undefined): { alert?: string } {
  return alert === undefined ? {} : { alert }
}

/** Resolves node ids and lists a node's children for the CommCell Browser tree. */
export class TreeService {
  constructor(private readonly catalog: Catalog) {}

  /** The open fallen-behind alert of each copy that has one: its reason, by copy id. */
  copyAlerts(): Map<number, string> {
    return new Map(this.catalog.alerts.openAlerts().map((alert) => [alert.copyId, alert.reason]))
  }

  /** The open fallen-behind alerts of each storage policy's copies (`Copy_2: reason`), by policy id. */
  policyAlerts(): Map<number, string> {
    const byPolicy = new Map<number, string[]>()
    for (const alert of this.catalog.alerts.openAlerts()) {
      byPolicy.set(alert.storagePolicyId, [...(byPolicy.get(alert.storagePolicyId) ?? []), `${alert.copy}: ${alert.reason}`])
    }
    return new Map([...byPolicy].map(([policyId, reasons]) => [policyId, reasons.join('\n')]))
  }

  /** Parses a node id and checks that the row it names exists; throws a `not_found` error naming `field`. */
  resolve(id: string, field = 'nodeId'): NodeRef {
    const ref = parseNodeId(id)
    if (ref === undefined) throw notFound(`Node ${id}`, field)
    if (ref.id !== undefined && !this.exists(ref)) throw notFound(`Node ${id}`, field)
    return ref
  }

  private exists(ref: Extract<NodeRef, { id: number }>): boolean {
    const { resources, clients, policies, schedules } = this.catalog
    switch (ref.kind) {
      case 'client': return clients.client(ref.id) !== undefined
      case 'agent': return clients.agent(ref.id) !== undefined
      case 'subclient': return clients.subclient(ref.id) !== undefined
      case 'library': return resources.library(ref.id) !== undefined
      case 'mountPath': return resources.mountPath(ref.id) !== undefined
      case 'drivePool': return resources.drivePool(ref.id) !== undefined
      case 'drive': return resources.drive(ref.id) !== undefined
      case 'scratchPool': return resources.scratchPool(ref.id) !== undefined
      case 'assignedMedia': return resources.library(ref.id)?.kind === 'tape'
      case 'media': return resources.medium(ref.id) !== undefined
      case 'mediaAgent': return resources.mediaAgent(ref.id) !== undefined
      case 'schedulePolicy': return schedules.schedulePolicy(ref.id) !== undefined
      case 'storagePolicy': return policies.policy(ref.id) !== undefined
      case 'copy': return policies.copy(ref.id) !== undefined
      default: return assertNever(ref.kind, 'entity node')
    }
  }

  /** The children of a node, in the order the console shows them; `null` is the top level (the CommCell). */
  children(id: string | null): TreeNode[] {
    if (id === null) {
      const name = this.catalog.commCell()?.name ?? 'CommCell'
      return [{ id: nodeId('commcell'), kind: 'commcell', name, hasChildren: true, detail: '' }]
    }
    const ref = this.resolve(id)
    const { resources, clients, policies, schedules } = this.catalog
    switch (ref.kind) {
      case 'commcell':
        return [
          folder(nodeId('clients'), 'clients', 'Client Computers', clients.clients().length > 0),
          folder(nodeId('storageResources'), 'storageResources', 'Storage Resources'),
          folder(nodeId('policies'), 'policies', 'Policies'),
        ]
      case 'clients':
        return clients.clients().map((client) => ({
          id: nodeId('client', client.id), kind: 'client', name: client.name, hasChildren: true, detail: '',
        }))
      case 'client':
        return clients.agents(ref.id).map((agent) => ({
          id: nodeId('agent', agent.id), kind: 'agent', name: agent.name, hasChildren: true, detail: '',
        }))
      case 'agent':
        return clients.subclients(ref.id).map((subclient) => ({
          id: nodeId('subclient', subclient.id), kind: 'subclient', name: subclient.name, hasChildren: false, detail: '',
        }))
      case 'storageResources':
        return [folder(nodeId('libraries'), 'libraries', 'Libraries'), folder(nodeId('mediaAgents'), 'mediaAgents', 'MediaAgents')]
      case 'libraries':
        return resources.libraries().map((library) => ({
          id: nodeId('library', library.id), kind: 'library', name: library.name, hasChildren: true, detail: '',
        }))
      case 'library': {
        const library = resources.library(ref.id)!
        if (library.kind === 'disk') {
          return resources.mountPaths(library.id).map((mountPath) => ({
            id: nodeId('mountPath', mountPath.id), kind: 'mountPath', name: mountPath.path, hasChildren: false, detail: '',
          }))
        }
        return [
          ...resources.drivePools(library.id).map((pool): TreeNode => ({
            id: nodeId('drivePool', pool.id), kind: 'drivePool', name: pool.name, hasChildren: true, detail: '',
          })),
          ...resources.scratchPools(library.id).map((pool): TreeNode => ({
            id: nodeId('scratchPool', pool.id), kind: 'scratchPool', name: pool.name, hasChildren: true, detail: '',
          })),
          folder(nodeId('assignedMedia', library.id), 'assignedMedia', kindLabel('assignedMedia'), this.catalog.tape.assignedMedia(library.id).length > 0),
        ]
      }
      case 'drivePool':
        return resources.drives(ref.id).map((drive) => ({
          id: nodeId('drive', drive.id), kind: 'drive', name: drive.name, hasChildren: false, detail: '',
        }))
      case 'scratchPool':
        return this.catalog.tape.mediaInScratch(ref.id).map(mediumNode)
      case 'assignedMedia':
        return this.catalog.tape.assignedMedia(ref.id).map(mediumNode)
      case 'mediaAgents':
        return resources.mediaAgents().map((agent) => ({
          id: nodeId('mediaAgent', agent.id), kind: 'mediaAgent', name: agent.name, hasChildren: false, detail: '',
        }))
      case 'policies':
        return [
          folder(nodeId('schedulePolicies'), 'schedulePolicies', 'Schedule Policies', schedules.schedulePolicies().length > 0),
          folder(nodeId('storagePolicies'), 'storagePolicies', 'Storage Policies', policies.policies().length > 0),
        ]
      case 'schedulePolicies':
        return schedules.schedulePolicies().map((policy) => ({
          id: nodeId('schedulePolicy', policy.id), kind: 'schedulePolicy', name: policy.name, hasChildren: false, detail: '',
        }))
      case 'storagePolicies': {
        const alerts = this.policyAlerts()
        return policies.policies().map((policy) => ({
          id: nodeId('storagePolicy', policy.id), kind: 'storagePolicy', name: policy.name, hasChildren: true, detail: '',
          ...withAlert(alerts.get(policy.id)),
        }))
      }
      case 'storagePolicy': {
        const alerts = this.copyAlerts()
        return policies.copies(ref.id).map((copy) => ({
          id: nodeId('copy', copy.id), kind: 'copy', name: copy.name, hasChildren: false, detail: copy.active ? '' : '(inactive)',
          ...withAlert(alerts.get(copy.id)),
        }))
      }
      case 'subclient':
      case 'mountPath':
      case 'drive':
      case 'media':
      case 'mediaAgent':
      case 'schedulePolicy':
      case 'copy':
        return []
      default:
        return assertNever(ref, 'node')
    }
  }
}
