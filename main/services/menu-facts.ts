/**
 * `node:menu`: what a node's context menu needs beyond its kind, read from the catalog in one request (a right-click
 * costs one round trip and no job counting, whatever the node).
 */
import { notFound } from '../../app/ipc/errors'
import type { MenuFacts } from '../../app/model/menu-facts'
import { parseNodeId } from '../../app/model/tree'
import type { Catalog } from '../catalog/catalog'

/** The menu facts of a node; a folder node needs none. Refused, naming `nodeId`, when the node does not exist. */
export function menuFacts(catalog: Catalog, nodeId: string): MenuFacts {
  const ref = parseNodeId(nodeId)
  const missing = (): never => {
    throw notFound(`Node ${nodeId}`, 'nodeId')
  }
  switch (ref?.kind) {
    case 'copy': {
      const copy = catalog.policies.copy(ref.id) ?? missing()
      // Only a copy on a tape library has a scratch pool.
      return { primaryCopy: copy.copyType === 'primary', copyType: copy.copyType, tapeCopy: copy.scratchPoolId !== null }
    }
    case 'storagePolicy': {
      const policy = catalog.policies.policy(ref.id) ?? missing()
      return {
        hasActiveSecondaryCopy: catalog.policies.copies(policy.id).some((copy) => copy.copyType !== 'primary' && copy.active),
        hasOwnSchedules: catalog.schedules.schedulesOfStoragePolicy(policy.id).length > 0,
      }
    }
    case 'library':
      return { tapeLibrary: (catalog.resources.library(ref.id) ?? missing()).kind === 'tape' }
    case 'media':
      return { mediaStatus: (catalog.resources.medium(ref.id) ?? missing()).status }
    case 'schedulePolicy': {
      const { policyType, systemCreated } = catalog.schedules.schedulePolicy(ref.id) ?? missing()
      return { schedulePolicy: { policyType, systemCreated } }
    }
    default:
      return {}
  }
}
