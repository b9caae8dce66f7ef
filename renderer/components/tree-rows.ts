/**
 * The CommCell Browser tree as the flat list of rows it shows: depth first over the expanded nodes, each row with
 * what the WAI-ARIA tree pattern states (level, position among its siblings, expansion), so only the rows on screen
 * need to be rendered. Pure: built from the tree store's state.
 */
import type { TreeNode } from '../../app/model/tree'

/** The key suffix of the "Loading…" row shown under an expanded node whose children are not loaded yet. */
export const placeholderSuffix = '/loading'

/** One visible row of the tree. */
export interface TreeRow {
  /** The node id, or for a "Loading…" row its parent's id + {@link placeholderSuffix}. */
  readonly key: string
  /** The node shown; null on a "Loading…" row. */
  readonly node: TreeNode | null
  /** The ids of the row's ancestors, the top level first (shared by siblings). */
  readonly path: readonly string[]
  /** aria-level: 1 on the top level. */
  readonly level: number
  /** aria-posinset and aria-setsize among the row's siblings. */
  readonly posInSet: number
  readonly setSize: number
  /** Whether the node is expanded; undefined when it has no children to show. */
  readonly expanded: boolean | undefined
}

/** The rows on show: every loaded node whose ancestors are all expanded, depth first. */
export function visibleRows(
  rootIds: readonly string[],
  nodes: Readonly<Record<string, TreeNode>>,
  childIds: Readonly<Record<string, readonly string[]>>,
  expanded: ReadonlySet<string>,
): TreeRow[] {
  const rows: TreeRow[] = []
  const addLevel = (ids: readonly string[], path: readonly string[]): void => {
    const siblings = ids.filter((id) => nodes[id] !== undefined)
    siblings.forEach((id, index) => {
      const node = nodes[id]!
      const isExpanded = node.hasChildren ? expanded.has(id) : undefined
      rows.push({ key: id, node, path, level: path.length + 1, posInSet: index + 1, setSize: siblings.length, expanded: isExpanded })
      if (isExpanded !== true) return
      const children = childIds[id]
      const childPath = [...path, id]
      if (children !== undefined) addLevel(children, childPath)
      else rows.push({ key: id + placeholderSuffix, node: null, path: childPath, level: childPath.length + 1, posInSet: 1, setSize: 1, expanded: undefined })
    })
  }
  addLevel(rootIds, [])
  return rows
}

/** The id of a row's parent node, or null on the top level. */
export function parentIdOf(row: TreeRow): string | null {
  return row.path[row.path.length - 1] ?? null
}
