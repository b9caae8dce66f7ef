import { z } from 'zod'
import { assertNever } from './assert'

/** Every kind of node in the CommCell Browser tree. */
export const NodeKind = z.enum([
  'commcell',
  'clients',
  'client',
  'agent',
  'subclient',
  'storageResources',
  'libraries',
  'library',
  'mountPath',
  'drivePool',
  'drive',
  'scratchPool',
  'assignedMedia',
  'media',
  'mediaAgents',
  'mediaAgent',
  'policies',
  'schedulePolicies',
  'schedulePolicy',
  'storagePolicies',
  'storagePolicy',
  'copy',
])
/** A kind of tree node. */
export type NodeKind = z.infer<typeof NodeKind>

/**
 * Kinds that stand for one catalog row; their node ids carry the row id (`storagePolicy:7`). A tape library's
 * Assigned Media carries its library's id (`assignedMedia:3`).
 */
export const entityKinds = [
  'client',
  'agent',
  'subclient',
  'library',
  'mountPath',
  'drivePool',
  'drive',
  'scratchPool',
  'assignedMedia',
  'media',
  'mediaAgent',
  'schedulePolicy',
  'storagePolicy',
  'copy',
] as const satisfies readonly NodeKind[]
/** A kind of node backed by one catalog row. */
export type EntityKind = (typeof entityKinds)[number]
/** A kind of node that only groups others (`policies`, `libraries`, ...); its id is its kind. */
export type FolderKind = Exclude<NodeKind, EntityKind>

/** A tree node id as it travels: `commcell`, `storagePolicies`, `storagePolicy:7`. */
export const NodeId = z
  .string()
  .max(64)
  .regex(/^[a-zA-Z]+(:[1-9]\d{0,11})?$/, 'Not a node id (expected kind or kind:number)')

/** A parsed node id. */
export type NodeRef =
  | { readonly kind: FolderKind; readonly id?: undefined }
  | { readonly kind: EntityKind; readonly id: number }

const entityKindSet: ReadonlySet<string> = new Set(entityKinds)

/** Whether a kind is backed by a catalog row. */
export function isEntityKind(kind: NodeKind): kind is EntityKind {
  return entityKindSet.has(kind)
}

/** Parses a node id; returns undefined for ids that name no kind or carry the wrong shape. */
export function parseNodeId(nodeId: string): NodeRef | undefined {
  const [kindText, idText, ...rest] = nodeId.split(':')
  const kind = NodeKind.safeParse(kindText)
  if (!kind.success || rest.length > 0) return undefined
  if (isEntityKind(kind.data)) {
    if (idText === undefined) return undefined
    const id = Number(idText)
    return Number.isSafeInteger(id) && id > 0 ? { kind: kind.data, id } : undefined
  }
  return idText === undefined ? { kind: kind.data } : undefined
}

/** Formats the node id of a catalog row or folder. */
export function nodeId(kind: EntityKind, id: number): string
export function nodeId(kind: FolderKind): string
export function nodeId(kind: NodeKind, id?: number): string {
  return id === undefined ? kind : `${kind}:${id}`
}

/** One node of the CommCell Browser tree, as `tree:children` returns it. */
export const TreeNode = z.object({
  id: NodeId,
  kind: NodeKind,
  name: z.string(),
  /** Whether expanding it can show children (loaded lazily). */
  hasChildren: z.boolean(),
  /** A short qualifier shown after the name, e.g. `(Tape)`; empty when none. */
  detail: z.string(),
  /**
   * A copy's open Auxiliary Copy Fallen Behind alert (its reason), or, on a storage policy, those of its copies: the
   * tree shows a warning icon. Absent when none.
   */
  alert: z.string().optional(),
})
/** One node of the CommCell Browser tree. */
export type TreeNode = z.infer<typeof TreeNode>

/** What a person calls a node kind, for lists, menus and messages. */
export function kindLabel(kind: NodeKind): string {
  switch (kind) {
    case 'commcell': return 'CommCell'
    case 'clients': return 'Client Computers'
    case 'client': return 'Client Computer'
    case 'agent': return 'Agent'
    case 'subclient': return 'Subclient'
    case 'storageResources': return 'Storage Resources'
    case 'libraries': return 'Libraries'
    case 'library': return 'Library'
    case 'mountPath': return 'Mount Path'
    case 'drivePool': return 'Drive Pool'
    case 'drive': return 'Drive'
    case 'scratchPool': return 'Scratch Pool'
    case 'assignedMedia': return 'Assigned Media'
    case 'media': return 'Media'
    case 'mediaAgents': return 'MediaAgents'
    case 'mediaAgent': return 'MediaAgent'
    case 'policies': return 'Policies'
    case 'schedulePolicies': return 'Schedule Policies'
    case 'schedulePolicy': return 'Schedule Policy'
    case 'storagePolicies': return 'Storage Policies'
    case 'storagePolicy': return 'Storage Policy'
    case 'copy': return 'Storage Policy Copy'
    default: return assertNever(kind, 'node kind')
  }
}
