import { assertNever } from '../model/assert'
import type { NodeKind } from '../model/tree'

/** What a context menu item does; the renderer maps each to a handler. Add an action only when it works. */
export type MenuAction = 'refresh' | 'properties' | 'viewJobs'

/** One entry of a node's context menu. */
export type MenuEntry =
  | { readonly type: 'item'; readonly action: MenuAction; readonly label: string }
  | { readonly type: 'submenu'; readonly label: string; readonly items: readonly MenuEntry[] }
  | { readonly type: 'divider' }

const item = (action: MenuAction, label: string): MenuEntry => ({ type: 'item', action, label })
const divider: MenuEntry = { type: 'divider' }
const refresh = item('refresh', 'Refresh')
const properties = item('properties', 'Properties')
const allTasks = (...items: MenuEntry[]): MenuEntry => ({ type: 'submenu', label: 'All Tasks', items })

/**
 * The context menu of a tree node: its own items, an `All Tasks` submenu where the product has one, and
 * `Properties` where the product has one. Only items that work are listed.
 */
export function contextMenuFor(kind: NodeKind): readonly MenuEntry[] {
  switch (kind) {
    case 'storagePolicy':
      return [allTasks(item('viewJobs', 'View Jobs')), refresh, divider, properties]
    case 'copy':
      return [item('viewJobs', 'View Jobs'), divider, properties]
    case 'commcell':
    case 'client':
    case 'library':
    case 'drivePool':
    case 'scratchPool':
    case 'mediaAgent':
    case 'schedulePolicy':
      return [refresh, divider, properties]
    case 'subclient':
    case 'mountPath':
    case 'drive':
    case 'media':
      return [properties]
    case 'clients':
    case 'agent':
    case 'storageResources':
    case 'libraries':
    case 'mediaAgents':
    case 'policies':
    case 'schedulePolicies':
    case 'storagePolicies':
      return [refresh]
    default:
      return assertNever(kind, 'node kind')
  }
}
