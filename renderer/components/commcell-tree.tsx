/**
 * The CommCell Browser tree: MUI X RichTreeView over the tree store, with lazily loaded children (a "Loading…"
 * placeholder child until they arrive), controlled expansion and selection, and the node context menu on right
 * click, the ContextMenu key or Shift+F10.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import { RichTreeView } from '@mui/x-tree-view/RichTreeView'
import { useRichTreeViewApiRef } from '@mui/x-tree-view/hooks'
import { useCallback, useEffect, useMemo, type KeyboardEvent, type MouseEvent, type SyntheticEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { TreeNode } from '../../app/model/tree'
import { useStores, useTreeStore } from '../stores/stores-context'
import { layout } from '../theme'
import { CommCellTreeItem, isPlaceholderId, placeholderSuffix } from './commcell-tree-item'
import { alertIconSx, glyphMask, iconBoxSx, kindIconRules } from './node-icon'

/** One item as the tree view takes it. */
interface TreeViewItem {
  readonly id: string
  readonly label: string
  readonly children?: TreeViewItem[]
}

/** Builds the tree view's items from the loaded nodes; unloaded expandable nodes get a placeholder child. */
export function buildTreeItems(
  rootIds: readonly string[],
  nodes: Readonly<Record<string, TreeNode>>,
  childIds: Readonly<Record<string, readonly string[]>>,
): TreeViewItem[] {
  const build = (ids: readonly string[]): TreeViewItem[] => {
    const items: TreeViewItem[] = []
    for (const id of ids) {
      const node = nodes[id]
      if (node === undefined) continue
      const loaded = childIds[id]
      if (loaded !== undefined) {
        items.push(loaded.length > 0 ? { id, label: node.name, children: build(loaded) } : { id, label: node.name })
      } else if (node.hasChildren) {
        items.push({ id, label: node.name, children: [{ id: id + placeholderSuffix, label: 'Loading…' }] })
      } else {
        items.push({ id, label: node.name })
      }
    }
    return items
  }
  return build(rootIds)
}

const treeIconSx = kindIconRules('::after')

/** The items' styles, written once for all items (the items are plain elements with these classes). */
const treeSx = {
  py: 1,
  m: 0,
  minWidth: 'max-content',
  outline: 'none',
  '--TreeView-itemChildrenIndentation': `${layout.treeIndent}px`,
  '& .ti, & .ti-group': { listStyle: 'none', m: 0, p: 0, outline: 'none' },
  '& .ti-content': {
    display: 'flex',
    alignItems: 'center',
    gap: 1.5,
    height: layout.treeItemHeight,
    boxSizing: 'border-box',
    pl: `calc(4px + var(--TreeView-itemChildrenIndentation) * var(--TreeView-itemDepth))`,
    pr: 2,
    border: 1,
    borderColor: 'transparent',
    cursor: 'default',
    whiteSpace: 'nowrap',
    fontSize: layout.fontSize,
    '&:hover': { bgcolor: 'console.hover' },
    '&[data-selected]': { bgcolor: 'console.selectionInactive' },
    // The expand arrow (drawn on expandable items only, turned down when expanded), then the kind icon.
    '&::before': { ...iconBoxSx, width: 14, mr: -1, order: -2 },
    '&::after': { ...iconBoxSx, order: -1 },
  },
  '& .ti[aria-expanded] > .ti-content::before': { maskImage: glyphMask('chevronRight'), bgcolor: 'console.muted' },
  '& .ti[aria-expanded="true"] > .ti-content::before': { transform: 'rotate(90deg)' },
  '&:focus-within .ti-content[data-selected]': { bgcolor: 'console.selection' },
  '&:focus-within .ti-content[data-focused]': { borderColor: 'console.focus', borderStyle: 'dotted' },
  '& .ti-detail': { color: 'console.muted' },
  '& .ti-loading': { color: 'console.muted', fontStyle: 'italic' },
  // Kind icons go on the row's ::after here (the ::before is the arrow).
  ...treeIconSx,
  ...alertIconSx,
} as const

const isItemDisabled = (item: TreeViewItem): boolean => isPlaceholderId(item.id)
const slots = { item: CommCellTreeItem }

/** The tree item element (and its node id) an event happened in. */
function treeItemOf(target: EventTarget | null): { element: HTMLElement; nodeId: string } | null {
  if (!(target instanceof Element)) return null
  const element = target.closest<HTMLElement>('[role="treeitem"][data-node-id]')
  const nodeId = element?.dataset.nodeId
  return element && nodeId ? { element, nodeId } : null
}

/** Where a keyboard-opened context menu goes: under the item's own row. */
function menuPositionUnder(item: HTMLElement): { top: number; left: number } {
  const row = item.firstElementChild ?? item
  const rect = row.getBoundingClientRect()
  return { top: rect.bottom, left: rect.left + layout.treeIndent * 2 }
}

/** The CommCell Browser tree (left pane). */
export function CommCellTree() {
  const stores = useStores()
  const { rootIds, nodes, childIds, expanded, rootError } = useTreeStore(
    useShallow((state) => ({
      rootIds: state.rootIds,
      nodes: state.nodes,
      childIds: state.childIds,
      expanded: state.expanded,
      rootError: state.rootError,
    })),
  )
  const selectedId = useTreeStore((state) => {
    const id = state.selected?.id
    return id !== undefined && state.nodes[id] !== undefined ? id : null
  })
  const reveal = useTreeStore((state) => state.reveal)
  const items = useMemo(() => buildTreeItems(rootIds, nodes, childIds), [rootIds, nodes, childIds])
  const apiRef = useRichTreeViewApiRef()

  useEffect(() => {
    if (reveal === null) return
    // The path may have just been expanded: scroll once the items are rendered.
    const frame = requestAnimationFrame(() => {
      apiRef.current?.getItemDOMElement?.(reveal.id)?.firstElementChild?.scrollIntoView({ block: 'nearest' })
    })
    return () => cancelAnimationFrame(frame)
  }, [reveal, apiRef])

  const onExpandedItemsChange = useCallback(
    (_event: SyntheticEvent | null, ids: string[]) => stores.tree.getState().setExpanded(ids),
    [stores],
  )
  const onSelectedItemsChange = useCallback(
    (_event: SyntheticEvent | null, id: string | null) => {
      if (id !== null && !isPlaceholderId(id)) stores.tree.getState().selectById(id)
    },
    [stores],
  )
  const onItemFocus = useCallback(
    (event: SyntheticEvent | null, id: string) => {
      // Selection follows the keyboard, as in the console: arrowing onto a node shows its contents.
      if (event?.type === 'keydown' && !isPlaceholderId(id)) stores.tree.getState().selectById(id)
    },
    [stores],
  )

  const openMenu = useCallback(
    (nodeId: string, position: { top: number; left: number }, fromKeyboard: boolean) => {
      const node = stores.tree.getState().nodes[nodeId]
      if (node === undefined) return
      stores.tree.getState().select(node)
      stores.dialogs.getState().openContextMenu(node, position, fromKeyboard)
    },
    [stores],
  )
  const onContextMenu = useCallback(
    (event: MouseEvent<HTMLUListElement>) => {
      const item = treeItemOf(event.target)
      if (item === null) return
      event.preventDefault()
      // A keyboard-generated contextmenu event has no pointer position.
      const fromKeyboard = event.clientX === 0 && event.clientY === 0
      openMenu(item.nodeId, fromKeyboard ? menuPositionUnder(item.element) : { top: event.clientY, left: event.clientX }, fromKeyboard)
    },
    [openMenu],
  )
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLUListElement>) => {
      if (event.key !== 'ContextMenu' && !(event.shiftKey && event.key === 'F10')) return
      const item = treeItemOf(event.target)
      if (item === null) return
      event.preventDefault()
      openMenu(item.nodeId, menuPositionUnder(item.element), true)
    },
    [openMenu],
  )

  if (rootError !== null && rootIds.length === 0) {
    return (
      <Alert severity="error" variant="outlined" sx={{ m: 2 }}>
        The CommCell could not be loaded: {rootError}
      </Alert>
    )
  }

  return (
    <Box sx={{ flex: 1, minHeight: 0, overflow: 'auto', bgcolor: 'console.pane' }}>
      <RichTreeView<TreeViewItem, false>
        aria-label="CommCell Browser"
        apiRef={apiRef}
        items={items}
        isItemDisabled={isItemDisabled}
        expandedItems={expanded}
        onExpandedItemsChange={onExpandedItemsChange}
        selectedItems={selectedId}
        onSelectedItemsChange={onSelectedItemsChange}
        onItemFocus={onItemFocus}
        onContextMenu={onContextMenu}
        onKeyDown={onKeyDown}
        itemChildrenIndentation={layout.treeIndent}
        slots={slots}
        sx={treeSx}
      />
    </Box>
  )
}
