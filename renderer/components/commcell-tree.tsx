/**
 * The CommCell Browser tree: the tree store's expanded nodes as a flat list of rows (`visibleRows`), of which only
 * those on screen are rendered (@tanstack/react-virtual), so expanding a node with 5,000 children costs what
 * expanding one with 2 does. The tree element keeps the keyboard focus and points at the focused row with
 * aria-activedescendant: a focused row may scroll out of the list and be unmounted. A click selects a node and
 * never toggles it; the expand arrow, a double-click or the keyboard expand and collapse. Children load lazily
 * (a "Loading…" row until they arrive); the node context menu opens on right click, the ContextMenu key or
 * Shift+F10.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import { useVirtualizer } from '@tanstack/react-virtual'
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent,
} from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useStores, useTreeStore } from '../stores/stores-context'
import { layout } from '../theme'
import { CommCellTreeItem, rowDomId } from './commcell-tree-item'
import { titleWhenCut } from './cut-text-title'
import { glyphMask, iconBoxSx, nodeIconSx } from './node-icon'
import { keyAction, typeAheadIndex } from './tree-keyboard'
import { visibleRows, type TreeRow } from './tree-rows'

/** Rows rendered beyond each edge of the list, so a scroll by wheel or key shows rows at once. */
const overscan = 20
/** The gap above the first row and below the last, in px (one theme spacing unit). */
const listPadding = 4
/** How long typed letters add up to one type-ahead prefix, in ms. */
const typeAheadPause = 600

/** The rows' styles, written once for all rows (the rows are plain elements with these classes). */
const treeSx = {
  flex: 1,
  minHeight: 0,
  overflowY: 'auto',
  // Long names are cut with an ellipsis: the tree never scrolls sideways, not even to show a selected node.
  overflowX: 'hidden',
  outline: 'none',
  bgcolor: 'console.pane',
  '& .ti': {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    display: 'flex',
    alignItems: 'center',
    gap: 1.5,
    height: layout.treeItemHeight,
    boxSizing: 'border-box',
    pr: 2,
    border: 1,
    borderColor: 'transparent',
    cursor: 'default',
    whiteSpace: 'nowrap',
    fontSize: layout.fontSize,
    outline: 'none',
    '&:hover': { bgcolor: 'console.hover' },
    '&[data-selected]': { bgcolor: 'console.selectionInactive' },
  },
  // The expand arrow, drawn on expandable rows only and turned down when expanded.
  '& .ti-arrow': { ...iconBoxSx, width: 14, mr: -1 },
  '& .ti[aria-expanded] > .ti-arrow': { maskImage: glyphMask('chevronRight'), bgcolor: 'console.muted' },
  '& .ti[aria-expanded="true"] > .ti-arrow': { transform: 'rotate(90deg)' },
  '& .ti-label': { minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' },
  // The detail gives way first when the pane is narrow.
  '& .ti-detail': { color: 'console.muted', minWidth: 0, flexShrink: 1000, overflow: 'hidden', textOverflow: 'ellipsis' },
  '& .ti-loading': { color: 'console.muted', fontStyle: 'italic' },
  '&:focus-within .ti[data-selected]': { bgcolor: 'console.selection' },
  '&:focus-within .ti[data-focused]': { borderColor: 'console.focus', borderStyle: 'dotted' },
  ...nodeIconSx,
} as const

/** The tree row element (and its node id) an event happened in; none for a "Loading…" row. */
function treeItemOf(target: EventTarget | null): { element: HTMLElement; nodeId: string } | null {
  if (!(target instanceof Element)) return null
  const element = target.closest<HTMLElement>('[role="treeitem"][data-node-id]')
  const nodeId = element?.dataset.nodeId
  return element && nodeId ? { element, nodeId } : null
}

/** Whether an event happened on a row's expand arrow. */
function onArrow(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('.ti-arrow') !== null
}

/** Where a keyboard-opened context menu goes: under the row. */
function menuPositionUnder(row: HTMLElement): { top: number; left: number } {
  const rect = row.getBoundingClientRect()
  return { top: rect.bottom, left: rect.left + layout.treeIndent * 2 }
}

/** Shows a label's whole text on hover when it is cut; a label that fits gets no tooltip. */
function titleIfCut(event: PointerEvent<HTMLElement>): void {
  const label = event.target
  if (label instanceof HTMLElement && label.classList.contains('ti-label')) titleWhenCut(label)
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
  const selectedId = useTreeStore((state) => state.selected?.id ?? null)
  const reveal = useTreeStore((state) => state.reveal)
  const rows = useMemo(() => visibleRows(rootIds, nodes, childIds, new Set(expanded)), [rootIds, nodes, childIds, expanded])
  const indexOf = useMemo(() => new Map(rows.map((row, index) => [row.key, index])), [rows])

  // The keyboard focus follows the selection (a node the console selects is where the arrows start from).
  const [focusedId, setFocusedId] = useState<string | null>(null)
  useEffect(() => setFocusedId(selectedId), [selectedId])
  const focusedIndex = indexOf.get(focusedId ?? '') ?? indexOf.get(selectedId ?? '') ?? 0

  const treeRef = useRef<HTMLDivElement>(null)
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => treeRef.current,
    estimateSize: () => layout.treeItemHeight,
    getItemKey: (index) => rows[index]?.key ?? index,
    overscan,
    paddingStart: listPadding,
    paddingEnd: listPadding,
  })

  // The console asks to show a node (a new copy): scroll to it once its row exists (its path may be loading).
  const revealed = useRef(0)
  useEffect(() => {
    if (reveal === null || reveal.seq === revealed.current) return
    const index = indexOf.get(reveal.id)
    if (index === undefined) return
    revealed.current = reveal.seq
    virtualizer.scrollToIndex(index, { align: 'auto' })
  }, [reveal, indexOf, virtualizer])

  const setNodeExpanded = useCallback(
    (id: string, open: boolean) => {
      const tree = stores.tree.getState()
      tree.setExpanded(open ? [...tree.expanded, id] : tree.expanded.filter((other) => other !== id))
    },
    [stores],
  )
  /** Moves the focus to a row and selects its node: selection follows the keyboard, as in the console. */
  const focusRow = useCallback(
    (row: TreeRow | undefined, index: number) => {
      if (row?.node == null) return
      setFocusedId(row.key)
      stores.tree.getState().select(row.node)
      virtualizer.scrollToIndex(index, { align: 'auto' })
    },
    [stores, virtualizer],
  )

  const openMenu = useCallback(
    (nodeId: string, position: { top: number; left: number }, fromKeyboard: boolean) => {
      const node = stores.tree.getState().nodes[nodeId]
      if (node === undefined) return
      setFocusedId(nodeId)
      stores.tree.getState().select(node)
      stores.dialogs.getState().openContextMenu(node, position, fromKeyboard)
    },
    [stores],
  )
  /** The focused row's element, when it is rendered. */
  const focusedElement = useCallback(
    (): HTMLElement | null => treeRef.current?.querySelector<HTMLElement>(`#${CSS.escape(rowDomId(rows[focusedIndex]?.key ?? ''))}`) ?? null,
    [rows, focusedIndex],
  )

  const onClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      const item = treeItemOf(event.target)
      const row = rows[indexOf.get(item?.nodeId ?? '') ?? -1]
      if (row?.node == null) return
      setFocusedId(row.key)
      if (onArrow(event.target)) {
        if (row.expanded !== undefined) setNodeExpanded(row.key, !row.expanded)
      } else {
        stores.tree.getState().select(row.node)
      }
    },
    [rows, indexOf, stores, setNodeExpanded],
  )
  const onDoubleClick = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      // A double-click on the arrow already toggled twice, as two clicks.
      if (onArrow(event.target)) return
      const row = rows[indexOf.get(treeItemOf(event.target)?.nodeId ?? '') ?? -1]
      if (row?.expanded !== undefined) setNodeExpanded(row.key, !row.expanded)
    },
    [rows, indexOf, setNodeExpanded],
  )
  const onContextMenu = useCallback(
    (event: MouseEvent<HTMLDivElement>) => {
      // A keyboard-generated contextmenu event has no pointer position, and comes from the tree, not a row.
      const fromKeyboard = event.clientX === 0 && event.clientY === 0
      const item = treeItemOf(event.target) ?? treeItemOf(fromKeyboard ? focusedElement() : null)
      if (item === null) return
      event.preventDefault()
      openMenu(item.nodeId, fromKeyboard ? menuPositionUnder(item.element) : { top: event.clientY, left: event.clientX }, fromKeyboard)
    },
    [openMenu, focusedElement],
  )
  // Type-ahead: the letters typed within a short pause of each other, and when the last one was typed.
  const typed = useRef({ text: '', at: 0 })
  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLDivElement>) => {
      const focused = rows[focusedIndex]
      if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
        const item = treeItemOf(focusedElement())
        if (item === null) return
        event.preventDefault()
        openMenu(item.nodeId, menuPositionUnder(item.element), true)
        return
      }
      if (event.key === 'Enter') {
        if (focused?.expanded !== undefined) setNodeExpanded(focused.key, !focused.expanded)
        return
      }
      if (event.key.length === 1 && event.key.trim() !== '' && !event.ctrlKey && !event.metaKey && !event.altKey) {
        const now = event.timeStamp
        typed.current = { text: now - typed.current.at < typeAheadPause ? typed.current.text + event.key : event.key, at: now }
        const index = typeAheadIndex(rows, focusedIndex, typed.current.text)
        if (index >= 0) focusRow(rows[index], index)
        return
      }
      const action = keyAction(rows, focusedIndex, event.key)
      if (action === null) return
      event.preventDefault()
      switch (action.kind) {
        case 'focus':
          return focusRow(rows[action.index], action.index)
        case 'expand':
          return setNodeExpanded(action.id, true)
        case 'collapse':
          return setNodeExpanded(action.id, false)
      }
    },
    [rows, focusedIndex, focusedElement, openMenu, setNodeExpanded, focusRow],
  )
  /** A row took the focus (a click, a script): the tree keeps it, so it outlives the row scrolling away. */
  const onFocus = useCallback((event: FocusEvent<HTMLDivElement>) => {
    if (event.target === event.currentTarget) return
    const item = treeItemOf(event.target)
    if (item !== null) setFocusedId(item.nodeId)
    event.currentTarget.focus({ preventScroll: true })
  }, [])

  if (rootError !== null && rootIds.length === 0) {
    return (
      <Alert severity="error" variant="outlined" sx={{ m: 2 }}>
        The CommCell could not be loaded: {rootError}
      </Alert>
    )
  }

  const items = virtualizer.getVirtualItems()
  const focusedKey = rows[focusedIndex]?.key
  const focusedRendered = items.some((item) => item.index === focusedIndex)
  return (
    <Box
      ref={treeRef}
      role="tree"
      aria-label="CommCell Browser"
      aria-activedescendant={focusedRendered && focusedKey !== undefined ? rowDomId(focusedKey) : undefined}
      tabIndex={0}
      onClick={onClick}
      onDoubleClick={onDoubleClick}
      onContextMenu={onContextMenu}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      onPointerOver={titleIfCut}
      sx={treeSx}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index]
          if (row === undefined) return null
          return (
            <CommCellTreeItem key={row.key} row={row} start={item.start} selected={row.key === selectedId} focused={item.index === focusedIndex} />
          )
        })}
      </div>
    </Box>
  )
}
