/**
 * One item of the CommCell Browser tree, built on MUI X's `useTreeItem` with as few plain elements as possible
 * (styled once by the tree's `sx`, by class; the expand arrow and the kind icon are CSS `::before` masks): a tree
 * can show 5,000 children under one node, and MUI's stock `TreeItem` renders ten styled slots and two SVGs per
 * item. The item's accessible name is exactly the node's name; the detail is hidden from assistive technology.
 *
 * `TreeItemProvider` is left out on purpose: it only applies item wrappers, which RichTreeView does not register
 * (only SimpleTreeView's JSX items plugin does).
 */
import type { TreeItemProps } from '@mui/x-tree-view/TreeItem'
import { useTreeItem } from '@mui/x-tree-view/useTreeItem'
import { isValidElement, memo, type ReactNode } from 'react'
import { useTreeStore } from '../stores/stores-context'
import { AlertIcon, nodeIconClass } from './node-icon'

/** The suffix of the placeholder child shown under a node whose children are not loaded yet. */
export const placeholderSuffix = '/loading'

/** Whether a tree item id is a "Loading…" placeholder. */
export function isPlaceholderId(itemId: string): boolean {
  return itemId.endsWith(placeholderSuffix)
}

function TreeItemView(props: TreeItemProps) {
  const { id, itemId, label, disabled, children } = props
  const node = useTreeStore((state) => state.nodes[itemId])
  const { getRootProps, getContentProps, status } = useTreeItem({ id, itemId, label, disabled, children })

  // Two elements per item: the row (arrow and kind icon are its ::before and ::after) and its group of children.
  return (
    <li
      {...getRootProps()}
      className="ti"
      aria-label={node?.name}
      // A single-selection tree states its selection with aria-selected; MUI X marks aria-checked (and "mixed" on
      // every ancestor of the selected node), which reads as checkboxes.
      aria-checked={undefined}
      aria-selected={node === undefined ? undefined : status.selected}
      data-node-id={node?.id}
    >
      <div {...getContentProps()} className={node === undefined ? 'ti-content ti-loading' : `ti-content ${nodeIconClass(node.kind)}`}>
        {node === undefined ? 'Loading…' : node.name}
        {node !== undefined && node.detail !== '' && (
          <span aria-hidden className="ti-detail">
            {node.detail}
          </span>
        )}
        {node?.alert !== undefined && <AlertIcon reason={node.alert} />}
      </div>
      {status.expanded && children != null && (
        <ul role="group" className="ti-group">
          {children}
        </ul>
      )}
    </li>
  )
}

/** Whether two `children` props hold the same items (by key): the child items update themselves from the store. */
function sameChildren(a: ReactNode, b: ReactNode): boolean {
  if (a === b) return true
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false
  for (let index = 0; index < a.length; index++) {
    const left: unknown = a[index]
    const right: unknown = b[index]
    if (!isValidElement(left) || !isValidElement(right) || left.key !== right.key || left.type !== right.type) return false
  }
  return true
}

/**
 * Props equality for the item: the tree view rebuilds every item's children elements whenever any item changes,
 * so comparing them by key keeps a change under one node from re-rendering the thousands of items beside it.
 */
function sameItemProps(previous: TreeItemProps, next: TreeItemProps): boolean {
  const previousKeys = Object.keys(previous) as (keyof TreeItemProps)[]
  if (previousKeys.length !== Object.keys(next).length) return false
  return previousKeys.every((key) =>
    key === 'children' ? sameChildren(previous.children, next.children) : Object.is(previous[key], next[key]),
  )
}

/** The tree view's item slot: reads its node from the tree store by id. */
export const CommCellTreeItem = memo(TreeItemView, sameItemProps)
