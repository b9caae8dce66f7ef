/**
 * One row of the CommCell Browser tree: a flat WAI-ARIA treeitem (level, position among its siblings, expansion)
 * placed at its offset by the virtualized list. Its accessible name is exactly the node's name; the detail is
 * hidden from assistive technology. The tree handles pointer and keyboard events for all rows at once, finding
 * the row by `data-node-id` and the expand arrow by `.ti-arrow`.
 */
import { memo } from 'react'
import { layout } from '../theme'
import { AlertIcon, NodeIcon } from './node-icon'
import type { TreeRow } from './tree-rows'

/** The DOM id of a row (aria-activedescendant of the tree points at the focused one). */
export function rowDomId(key: string): string {
  return `tree-row-${encodeURIComponent(key)}`
}

interface CommCellTreeItemProps {
  readonly row: TreeRow
  /** The row's offset from the top of the list, in px. */
  readonly start: number
  readonly selected: boolean
  readonly focused: boolean
}

function TreeItemRow({ row, start, selected, focused }: CommCellTreeItemProps) {
  const { node } = row
  const style = { transform: `translateY(${start}px)`, paddingLeft: 4 + layout.treeIndent * (row.level - 1) }
  const common = {
    role: 'treeitem',
    id: rowDomId(row.key),
    className: 'ti',
    'aria-level': row.level,
    'aria-setsize': row.setSize,
    'aria-posinset': row.posInSet,
    // Focusable so that a click or a script can focus a row; the tree then takes the focus over (see CommCellTree).
    tabIndex: -1,
    style,
  } as const
  if (node === null) {
    return (
      <div {...common} aria-disabled className="ti ti-loading">
        <span className="ti-arrow" />
        Loading…
      </div>
    )
  }
  return (
    <div
      {...common}
      aria-label={node.name}
      aria-expanded={row.expanded}
      aria-selected={selected}
      data-node-id={node.id}
      data-parent-id={row.path[row.path.length - 1]}
      data-path={JSON.stringify(row.path)}
      data-selected={selected || undefined}
      data-focused={focused || undefined}
    >
      <span className="ti-arrow" />
      <NodeIcon kind={node.kind} />
      <span className="ti-label">{node.name}</span>
      {node.detail !== '' && (
        <span aria-hidden className="ti-detail">
          {node.detail}
        </span>
      )}
      {node.alert !== undefined && <AlertIcon reason={node.alert} />}
    </div>
  )
}

/** A tree row; re-renders only when its row, place, selection or focus changes. */
export const CommCellTreeItem = memo(TreeItemRow)
