/**
 * What a key does in the CommCell Browser tree (the WAI-ARIA tree pattern, as the console's tree behaves): pure
 * functions over the visible rows, so the component only applies the answer. "Loading…" rows are never focused.
 */
import { parentIdOf, type TreeRow } from './tree-rows'

/** What the tree does for a key: move the focus (and the selection) to a row, or expand or collapse a node. */
export type TreeKeyAction =
  | { readonly kind: 'focus'; readonly index: number }
  | { readonly kind: 'expand'; readonly id: string }
  | { readonly kind: 'collapse'; readonly id: string }

const isNodeRow = (row: TreeRow | undefined): row is TreeRow & { node: NonNullable<TreeRow['node']> } => row?.node != null

/** The nearest node row from `start` stepping by `step`, or -1. */
function nextNodeRow(rows: readonly TreeRow[], start: number, step: 1 | -1): number {
  for (let index = start; index >= 0 && index < rows.length; index += step) if (isNodeRow(rows[index])) return index
  return -1
}

const focusOn = (index: number): TreeKeyAction | null => (index < 0 ? null : { kind: 'focus', index })

/** The action of a navigation key on the row at `index`; null when the key does nothing there. */
export function keyAction(rows: readonly TreeRow[], index: number, key: string): TreeKeyAction | null {
  const row = rows[index]
  if (!isNodeRow(row)) return focusOn(nextNodeRow(rows, 0, 1))
  switch (key) {
    case 'ArrowDown':
      return focusOn(nextNodeRow(rows, index + 1, 1))
    case 'ArrowUp':
      return focusOn(nextNodeRow(rows, index - 1, -1))
    case 'Home':
      return focusOn(nextNodeRow(rows, 0, 1))
    case 'End':
      return focusOn(nextNodeRow(rows, rows.length - 1, -1))
    case 'ArrowRight':
      if (row.expanded === false) return { kind: 'expand', id: row.node.id }
      // Expanded: to its first child, when it is loaded (a "Loading…" row is not a place to go).
      return row.expanded === true && isNodeRow(rows[index + 1]) && rows[index + 1]!.level > row.level ? focusOn(index + 1) : null
    case 'ArrowLeft': {
      if (row.expanded === true) return { kind: 'collapse', id: row.node.id }
      const parentId = parentIdOf(row)
      return parentId === null ? null : focusOn(rows.findLastIndex((candidate, at) => at < index && candidate.key === parentId))
    }
    default:
      return null
  }
}

/**
 * The row type-ahead goes to for the letters typed so far: the next node (after the focused one, wrapping) whose
 * name starts with them; one letter typed again and again steps through the nodes that start with it. -1 if none.
 */
export function typeAheadIndex(rows: readonly TreeRow[], focused: number, typed: string): number {
  const query = typed.toLocaleLowerCase()
  const repeated = [...query].every((letter) => letter === query[0])
  const prefix = repeated ? query.slice(0, 1) : query
  // A new single letter (or a repeated one) looks past the focused row; a longer prefix may stay on it.
  const first = repeated ? 1 : 0
  for (let offset = first; offset < rows.length + first; offset++) {
    const index = (focused + offset + rows.length) % rows.length
    const name = rows[index]?.node?.name
    if (name !== undefined && name.toLocaleLowerCase().startsWith(prefix)) return index
  }
  return -1
}
