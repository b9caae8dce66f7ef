/**
 * A virtualized, sortable list for the right pane: a fixed row height, only the visible rows in the DOM, a sticky
 * header, and grid semantics (rows with `aria-rowindex`, column headers with `aria-sort`). Keyboard: arrows, Page
 * Up/Down, Home/End move the selected row; Enter opens it; the ContextMenu key or Shift+F10 opens its menu. With
 * `multiSelect`, Ctrl-click adds or removes a row, Shift-click and Shift+arrows select a range, Ctrl+A selects all,
 * and a row's menu acts on the selection.
 */
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown'
import ArrowDropUpIcon from '@mui/icons-material/ArrowDropUp'
import FilterAltIcon from '@mui/icons-material/FilterAlt'
import Box from '@mui/material/Box'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import type { SxProps, Theme } from '@mui/material/styles'
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
  type UIEvent,
} from 'react'
import type { CellValue, ContentsColumn, ContentsRow } from '../../app/model/contents'
import { formatCell, isNumericFormat, type SortState } from '../format/cell-format'
import { layout } from '../theme'
import { CustomizeViewDialog } from './customize-view-dialog'
import { FilterDialog, filterRows } from './list-filter'
import { arrangeColumns, emptyViewState, loadViewState, minColumnWidth, saveViewState, type ListViewState } from './list-view-state'
import { AlertIcon } from './node-icon'
import { titleWhenCut } from './cut-text-title'

/** Rows rendered above and below the visible ones, so fast scrolling shows no blank band. */
const overscan = 8

/** About how wide a header label is at the header's font, plus padding and the sort arrow, in px. */
function headerWidth(label: string): number {
  return Math.ceil(label.length * 7.4) + 34
}

/** A column's CSS grid track and its smallest width in px. */
export interface Track {
  readonly track: string
  readonly min: number
}

/** The width of a column by its format (never narrower than its header). */
function trackFor(
  column: ContentsColumn,
  index: number,
  widths: Readonly<Record<string, Track>> | undefined,
  set: Readonly<Record<string, number>>,
  filtered = false,
): Track {
  const width = set[column.key]
  if (width !== undefined) return { track: `${width}px`, min: width }
  const override = widths?.[column.key]
  if (override !== undefined) return override
  const fit = (min: number, share: string): Track => {
    // A filtered header also shows its funnel.
    const px = Math.max(min, headerWidth(column.label) + (filtered ? 16 : 0))
    return { track: `minmax(${px}px, ${share})`, min: px }
  }
  switch (column.format) {
    case 'number':
      return fit(80, '0.6fr')
    case 'bytes':
      return fit(90, '0.7fr')
    case 'percent':
      return fit(72, '0.5fr')
    case 'datetime':
      return fit(176, '1fr')
    case 'yesNo':
      return fit(64, '0.5fr')
    case 'text':
      return index === 0 ? fit(180, '2fr') : fit(110, '1.2fr')
  }
}

/** Renders a cell's content; the default is its formatted text. */
export type CellRenderer = (column: ContentsColumn, value: CellValue | undefined, row: ContentsRow) => ReactNode

/** What the table shows and what it reports. */
export interface VirtualTableProps {
  /** The accessible name of the grid. */
  readonly label: string
  readonly columns: readonly ContentsColumn[]
  /** The rows, already in display order. */
  readonly rows: readonly ContentsRow[]
  readonly sort: SortState | null
  readonly onSort: (key: string) => void
  /** Double click or Enter on a row. */
  readonly onOpenRow?: (row: ContentsRow) => void
  /** Space on the current row (a list whose rows carry a check box: Browse and Restore). */
  readonly onToggleRow?: (row: ContentsRow) => void
  /**
   * Right click, the ContextMenu key or Shift+F10 on a row; `selected`: the rows its menu acts on, in display order
   * (the selection when the row is in it, else the row alone, which becomes the selection).
   */
  readonly onRowContextMenu?: (row: ContentsRow, position: { top: number; left: number }, fromKeyboard: boolean, selected: readonly ContentsRow[]) => void
  /** Several rows can be selected (Ctrl-click, Shift-click, Shift+arrows, Ctrl+A). */
  readonly multiSelect?: boolean
  /** Grid tracks per column key (with their smallest width in px), overriding the format's default width. */
  readonly widths?: Readonly<Record<string, Track>>
  /** Custom cell content per column. */
  readonly renderCell?: CellRenderer
  /** Shown when there are no rows. */
  readonly emptyText?: string
  /**
   * The list kind whose shape (column order, hidden columns, widths dragged by hand) is kept across reloads, e.g.
   * "jobController"; without it the columns can still be shaped, for this list only.
   */
  readonly viewKey?: string
}

interface RowProps {
  readonly row: ContentsRow
  readonly index: number
  readonly columns: readonly ContentsColumn[]
  readonly template: string
  readonly selected: boolean
  readonly rowId: string
  readonly renderCell: CellRenderer | undefined
}

// Rows and cells are plain elements styled once by the grid's `sx` (see `gridSx`): thousands of rows scroll
// through here, and a per-row `sx` would create a style rule per row position.
const Row = memo(function Row({ row, index, columns, template, selected, rowId, renderCell }: RowProps) {
  return (
    <div
      role="row"
      id={rowId}
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-row-index={index}
      className={index % 2 === 1 ? 'row odd' : 'row'}
      style={{ top: index * layout.rowHeight, gridTemplateColumns: template }}
    >
      {columns.map((column, index) => {
        const value = row.cells[column.key]
        return (
          <div key={column.key} role="gridcell" className={isNumericFormat(column.format) ? 'cell numeric' : 'cell'}>
            {renderCell ? renderCell(column, value, row) : formatCell(value, column.format)}
            {/* A copy or storage policy with an open fallen-behind alert: the warning icon after its name. */}
            {index === 0 && row.alert !== undefined && <AlertIcon reason={row.alert} />}
          </div>
        )
      })}
    </div>
  )
})

const gridSx = {
  position: 'relative',
  height: '100%',
  overflow: 'auto',
  bgcolor: 'console.pane',
  outline: 'none',
  cursor: 'default',
  userSelect: 'none',
  '&:focus-visible': { boxShadow: (theme: Theme) => `inset 0 0 0 1px ${theme.palette.console.focus}` },
  '& .row': {
    position: 'absolute',
    left: 0,
    right: 0,
    height: layout.rowHeight,
    display: 'grid',
    alignItems: 'center',
    borderBottom: 1,
    borderColor: 'console.border',
    bgcolor: 'console.pane',
    '&.odd': { bgcolor: 'console.stripe' },
    '&:hover': { bgcolor: 'console.hover' },
    '&[aria-selected="true"]': { bgcolor: 'console.selectionInactive' },
  },
  '&:focus-within .row[aria-selected="true"]': { bgcolor: 'console.selection' },
  '& .resize': {
    position: 'absolute',
    top: 0,
    right: -3,
    width: 6,
    height: '100%',
    zIndex: 1,
    cursor: 'col-resize',
    '&:hover, &.active': { bgcolor: 'console.focus', opacity: 0.5 },
  },
  // The first column (the name, the Job ID) stays in view while the list scrolls sideways.
  '& .row > .cell:first-of-type': { position: 'sticky', left: 0, zIndex: 1, bgcolor: 'inherit', alignSelf: 'stretch', lineHeight: `${layout.rowHeight - 1}px`,
    boxShadow: (theme: Theme) => `inset -1px 0 0 ${theme.palette.console.border}` },
  '& .pinned': { position: 'sticky', left: 0, zIndex: 2, bgcolor: 'console.header' },
  '& .cell': { px: 2, overflow: 'hidden', whiteSpace: 'nowrap', textOverflow: 'ellipsis' },
  '& .numeric': { textAlign: 'right' },
} as const satisfies SxProps<Theme>

/** The virtualized list of the right pane. */
export function VirtualTable(props: VirtualTableProps) {
  const { label, columns: allColumns, rows: allRows, sort, onSort, onOpenRow, onToggleRow, onRowContextMenu, widths, renderCell, emptyText, viewKey, multiSelect = false } = props
  // The administrator's shape of the list: saved per list kind, read again when the list kind changes.
  const [view, setView] = useState<ListViewState>(() => (viewKey === undefined ? emptyViewState : loadViewState(viewKey)))
  const [viewOf, setViewOf] = useState(viewKey)
  if (viewOf !== viewKey) {
    setViewOf(viewKey)
    setView(viewKey === undefined ? emptyViewState : loadViewState(viewKey))
  }
  const changeView = useCallback(
    (next: ListViewState, save: boolean): void => {
      setView(next)
      if (save && viewKey !== undefined) saveViewState(viewKey, next)
    },
    [viewKey],
  )
  const { shown: columns, all: arranged } = arrangeColumns(allColumns, view)
  // Filters by column (the rows whose shown text holds the words typed), for this list while it is open.
  const [filters, setFilters] = useState<Readonly<Record<string, string>>>({})
  const [filtering, setFiltering] = useState<ContentsColumn | null>(null)
  const rows = useMemo(() => filterRows(allRows, allColumns, filters), [allRows, allColumns, filters])
  const filtered = Object.keys(filters).length > 0
  // The header menu, on the column it was opened on (by a right click, or Shift+F10 / the menu key on a header).
  const [headerMenu, setHeaderMenu] = useState<{ top: number; left: number; column: ContentsColumn | null } | null>(null)
  const headerRefs = useRef(new Map<string, HTMLElement>())
  const [customizing, setCustomizing] = useState(false)
  const [resizing, setResizing] = useState<string | null>(null)
  const baseId = useId()
  const scrollerRef = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewportHeight, setViewportHeight] = useState(600)
  // The current row (keyboard moves and opens it) and the selected rows; without multiSelect, just the current one.
  const [selectedKey, setSelectedKey] = useState<string | null>(null)
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set())
  const [anchorKey, setAnchorKey] = useState<string | null>(null)

  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (scroller === null) return
    setViewportHeight(scroller.clientHeight)
    const observer = new ResizeObserver(() => setViewportHeight(scroller.clientHeight))
    observer.observe(scroller)
    return () => observer.disconnect()
  }, [])

  // A row that left the list is no longer selected.
  const selectedIndex = selectedKey === null ? -1 : rows.findIndex((row) => row.key === selectedKey)
  useEffect(() => {
    if (selectedKey !== null && selectedIndex === -1) setSelectedKey(null)
  }, [selectedKey, selectedIndex])
  useEffect(() => {
    const present = new Set(rows.map((row) => row.key))
    setSelection((current) => ([...current].every((key) => present.has(key)) ? current : new Set([...current].filter((key) => present.has(key)))))
  }, [rows])

  const tracks = columns.map((column, index) => trackFor(column, index, widths, view.widths, filters[column.key] !== undefined))
  const template = tracks.map((track) => track.track).join(' ')
  // Narrower than its columns' minimums, the grid scrolls sideways.
  const minWidth = tracks.reduce((sum, track) => sum + track.min, 0)
  const bodyHeight = rows.length * layout.rowHeight
  const first = Math.max(0, Math.floor(scrollTop / layout.rowHeight) - overscan)
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewportHeight) / layout.rowHeight) + overscan)
  const rowIdOf = (index: number): string => `${baseId}-row-${index}`

  const onScroll = useCallback((event: UIEvent<HTMLDivElement>) => setScrollTop(event.currentTarget.scrollTop), [])

  const rowAt = (target: EventTarget | null): { row: ContentsRow; element: HTMLElement } | null => {
    if (!(target instanceof Element)) return null
    const element = target.closest<HTMLElement>('[data-row-index]')
    const row = element ? rows[Number(element.dataset.rowIndex)] : undefined
    return element && row ? { row, element } : null
  }

  const scrollToIndex = (index: number): void => {
    const scroller = scrollerRef.current
    if (scroller === null) return
    const top = index * layout.rowHeight
    const visibleTop = scroller.scrollTop
    const visibleBottom = visibleTop + scroller.clientHeight - layout.headerHeight
    if (top < visibleTop) scroller.scrollTop = top
    else if (top + layout.rowHeight > visibleBottom) scroller.scrollTop = top + layout.rowHeight - (scroller.clientHeight - layout.headerHeight)
  }

  /** Makes a row current: alone in the selection, or (`extend`, multiSelect) with the rows from the anchor to it. */
  const selectRow = (key: string, extend: boolean): void => {
    setSelectedKey(key)
    const from = anchorKey === null ? -1 : rows.findIndex((row) => row.key === anchorKey)
    const to = rows.findIndex((row) => row.key === key)
    if (multiSelect && extend && from >= 0 && to >= 0) {
      setSelection(new Set(rows.slice(Math.min(from, to), Math.max(from, to) + 1).map((row) => row.key)))
      return
    }
    setAnchorKey(key)
    setSelection(new Set([key]))
  }

  const select = (index: number, extend = false): void => {
    const row = rows[index]
    if (row === undefined) return
    selectRow(row.key, extend)
    scrollToIndex(index)
  }

  const onMouseDown = (event: MouseEvent<HTMLDivElement>): void => {
    const hit = rowAt(event.target)
    if (hit === null) return
    const key = hit.row.key
    // A right click on a selected row keeps the selection its menu acts on.
    if (event.button === 2 && selection.has(key)) return
    if (multiSelect && (event.ctrlKey || event.metaKey) && event.button === 0) {
      setSelectedKey(key)
      setAnchorKey(key)
      setSelection((current) => {
        const next = new Set(current)
        if (next.has(key)) next.delete(key)
        else next.add(key)
        return next
      })
      return
    }
    selectRow(key, event.shiftKey && event.button === 0)
  }

  /** The rows a menu opened on `row` acts on (making the row the selection when it is not in it). */
  const menuRows = (row: ContentsRow): ContentsRow[] => {
    if (!selection.has(row.key)) {
      selectRow(row.key, false)
      return [row]
    }
    return rows.filter((candidate) => selection.has(candidate.key))
  }
  const onDoubleClick = (event: MouseEvent<HTMLDivElement>): void => {
    const hit = rowAt(event.target)
    if (hit !== null) onOpenRow?.(hit.row)
  }
  const onContextMenu = (event: MouseEvent<HTMLDivElement>): void => {
    const hit = rowAt(event.target)
    if (hit === null || onRowContextMenu === undefined) return
    event.preventDefault()
    const selected = menuRows(hit.row)
    setSelectedKey(hit.row.key)
    const fromKeyboard = event.clientX === 0 && event.clientY === 0
    const rect = hit.element.getBoundingClientRect()
    onRowContextMenu(hit.row, fromKeyboard ? { top: rect.bottom, left: rect.left + 24 } : { top: event.clientY, left: event.clientX }, fromKeyboard, selected)
  }

  /** Dragging a header's right edge sets the column's width; the width is saved when the button is released. */
  const startResize = (event: MouseEvent<HTMLDivElement>, key: string): void => {
    if (event.button !== 0) return
    event.preventDefault()
    event.stopPropagation()
    const header = event.currentTarget.parentElement
    if (header === null) return
    const startX = event.clientX
    const startWidth = header.getBoundingClientRect().width
    let latest = view
    setResizing(key)
    const widthAt = (x: number): number => Math.max(minColumnWidth, Math.round(startWidth + x - startX))
    const onMove = (move: globalThis.MouseEvent): void => {
      latest = { ...view, widths: { ...view.widths, [key]: widthAt(move.clientX) } }
      changeView(latest, false)
    }
    const onUp = (up: globalThis.MouseEvent): void => {
      window.removeEventListener('mousemove', onMove)
      window.removeEventListener('mouseup', onUp)
      setResizing(null)
      latest = { ...view, widths: { ...view.widths, [key]: widthAt(up.clientX) } }
      changeView(latest, true)
    }
    window.addEventListener('mousemove', onMove)
    window.addEventListener('mouseup', onUp)
  }

  /** A cell or header cut on screen shows its whole text as a tooltip. */
  const onMouseOver = (event: MouseEvent<HTMLDivElement>): void => {
    if (!(event.target instanceof HTMLElement)) return
    const cell = event.target.closest<HTMLElement>('.cell, .header-label')
    if (cell !== null) titleWhenCut(cell)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.target !== event.currentTarget) return
    const page = Math.max(1, Math.floor((viewportHeight - layout.headerHeight) / layout.rowHeight) - 1)
    const current = selectedIndex
    const move = (index: number): void => {
      event.preventDefault()
      select(Math.max(0, Math.min(rows.length - 1, index)), event.shiftKey)
    }
    if (multiSelect && (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault()
      setSelection(new Set(rows.map((row) => row.key)))
      return
    }
    switch (event.key) {
      case 'ArrowDown':
        move(current + 1)
        return
      case 'ArrowUp':
        move(current <= 0 ? 0 : current - 1)
        return
      case 'PageDown':
        move(current + page)
        return
      case 'PageUp':
        move(current - page)
        return
      case 'Home':
        move(0)
        return
      case 'End':
        move(rows.length - 1)
        return
      case 'Enter': {
        const row = rows[current]
        if (row !== undefined) {
          event.preventDefault()
          onOpenRow?.(row)
        }
        return
      }
      case ' ': {
        const row = rows[current]
        if (row !== undefined && onToggleRow !== undefined) {
          event.preventDefault()
          onToggleRow(row)
        }
        return
      }
      default: {
        const isMenuKey = event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')
        const row = rows[current]
        if (!isMenuKey || row === undefined || onRowContextMenu === undefined) return
        event.preventDefault()
        const element = scrollerRef.current?.querySelector(`[data-row-index="${current}"]`)
        const rect = element?.getBoundingClientRect()
        onRowContextMenu(row, rect ? { top: rect.bottom, left: rect.left + 24 } : { top: 100, left: 100 }, true, menuRows(row))
      }
    }
  }

  /** Closes the header menu; one opened from the keyboard gives the focus back to its header. */
  const closeHeaderMenu = (): void => {
    const column = headerMenu?.column
    setHeaderMenu(null)
    if (column != null) headerRefs.current.get(column.key)?.focus()
  }

  /** A header's keys: arrows move among headers, Down goes to the rows, Shift+F10 or the menu key opens its menu. */
  const onHeaderKeyDown = (event: KeyboardEvent<HTMLElement>, index: number): void => {
    const focusHeader = (at: number): void => {
      const column = columns[Math.max(0, Math.min(columns.length - 1, at))]
      if (column !== undefined) headerRefs.current.get(column.key)?.focus()
    }
    if (event.key === 'ContextMenu' || (event.shiftKey && event.key === 'F10')) {
      event.preventDefault()
      event.stopPropagation()
      const rect = event.currentTarget.getBoundingClientRect()
      setHeaderMenu({ top: rect.bottom, left: rect.left + 12, column: columns[index] ?? null })
      return
    }
    switch (event.key) {
      case 'ArrowRight':
        event.preventDefault()
        focusHeader(index + 1)
        return
      case 'ArrowLeft':
        event.preventDefault()
        focusHeader(index - 1)
        return
      case 'ArrowDown':
        event.preventDefault()
        scrollerRef.current?.focus()
        if (selectedIndex < 0) select(0)
        return
    }
  }

  const visible: ReactNode[] = []
  for (let index = first; index < last; index++) {
    const row = rows[index]
    if (row === undefined) continue
    visible.push(
      <Row
        key={row.key}
        row={row}
        index={index}
        columns={columns}
        template={template}
        selected={selection.has(row.key)}
        rowId={rowIdOf(index)}
        renderCell={renderCell}
      />,
    )
  }

  return (
    <Box
      ref={scrollerRef}
      role="grid"
      aria-label={label}
      aria-readonly
      aria-multiselectable={multiSelect || undefined}
      aria-rowcount={rows.length + 1}
      aria-colcount={columns.length}
      aria-activedescendant={selectedIndex >= 0 && selectedIndex >= first && selectedIndex < last ? rowIdOf(selectedIndex) : undefined}
      tabIndex={0}
      onScroll={onScroll}
      onMouseDown={onMouseDown}
      onDoubleClick={onDoubleClick}
      onContextMenu={onContextMenu}
      onKeyDown={onKeyDown}
      onMouseOver={onMouseOver}
      sx={gridSx}
    >
      <Box
        role="rowgroup"
        sx={{ position: 'sticky', top: 0, zIndex: 1, minWidth }}
        onMouseDown={(event) => event.stopPropagation()}
        onContextMenu={(event) => {
          event.preventDefault()
          event.stopPropagation()
          const key = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-column]')?.dataset.column : undefined
          setHeaderMenu({ top: event.clientY, left: event.clientX, column: columns.find((column) => column.key === key) ?? null })
        }}
      >
        <Box
          role="row"
          aria-rowindex={1}
          sx={{
            display: 'grid',
            gridTemplateColumns: template,
            height: layout.headerHeight,
            bgcolor: 'console.header',
            borderBottom: 1,
            borderColor: 'console.chromeBorder',
          }}
        >
          {columns.map((column, index) => {
            const direction = sort?.key === column.key ? sort.direction : null
            return (
              <Box
                key={column.key}
                role="columnheader"
                data-column={column.key}
                aria-sort={direction === 'asc' ? 'ascending' : direction === 'desc' ? 'descending' : 'none'}
                aria-description={filters[column.key] === undefined ? undefined : `Filtered: ${filters[column.key]}`}
                className={index === 0 ? 'pinned' : undefined}
                sx={{ position: 'relative', borderRight: 1, borderColor: 'console.border', minWidth: 0 }}
              >
                <Box
                  component="button"
                  type="button"
                  // The headers are one stop in the tab order (the first); arrows move among them.
                  tabIndex={index === 0 ? 0 : -1}
                  ref={(element: HTMLElement | null) => {
                    if (element === null) headerRefs.current.delete(column.key)
                    else headerRefs.current.set(column.key, element)
                  }}
                  onKeyDown={(event: KeyboardEvent<HTMLElement>) => onHeaderKeyDown(event, index)}
                  onClick={() => onSort(column.key)}
                  sx={{
                    all: 'unset',
                    boxSizing: 'border-box',
                    width: '100%',
                    height: '100%',
                    px: 2,
                    display: 'flex',
                    alignItems: 'center',
                    justifyContent: isNumericFormat(column.format) ? 'flex-end' : 'flex-start',
                    gap: 0.5,
                    fontWeight: 600,
                    color: 'text.primary',
                    cursor: 'pointer',
                    whiteSpace: 'nowrap',
                    overflow: 'hidden',
                    '&:hover': { bgcolor: 'console.hover' },
                  }}
                >
                  <Box component="span" className="header-label" sx={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {column.label}
                  </Box>
                  {filters[column.key] !== undefined && <FilterAltIcon aria-hidden sx={{ fontSize: 14, color: 'console.focus' }} />}
                  {direction === 'asc' && <ArrowDropUpIcon aria-hidden sx={{ fontSize: 18, color: 'console.muted' }} />}
                  {direction === 'desc' && <ArrowDropDownIcon aria-hidden sx={{ fontSize: 18, color: 'console.muted' }} />}
                </Box>
                <div
                  className={resizing === column.key ? 'resize active' : 'resize'}
                  aria-hidden
                  data-resize={column.key}
                  onMouseDown={(event) => startResize(event, column.key)}
                  onClick={(event) => event.stopPropagation()}
                  onDoubleClick={(event) => {
                    // A double click on the edge gives the column its default width back.
                    event.stopPropagation()
                    const { [column.key]: _dropped, ...rest } = view.widths
                    changeView({ ...view, widths: rest }, true)
                  }}
                />
              </Box>
            )
          })}
        </Box>
      </Box>
      <Box role="rowgroup" sx={{ position: 'relative', height: bodyHeight, minWidth }}>
        {visible}
      </Box>
      {rows.length === 0 && (filtered || emptyText !== undefined) && (
        <Box sx={{ position: 'absolute', top: layout.headerHeight + 16, left: 0, right: 0, textAlign: 'center', color: 'console.muted' }}>
          {filtered && allRows.length > 0 ? 'No rows match the filter.' : emptyText}
        </Box>
      )}
      <Menu
        open={headerMenu !== null}
        onClose={() => closeHeaderMenu()}
        anchorReference="anchorPosition"
        anchorPosition={headerMenu ?? undefined}
      >
        {headerMenu?.column != null && (
          <MenuItem
            dense
            onClick={() => {
              setFiltering(headerMenu.column)
              setHeaderMenu(null)
            }}
          >
            {`Filter ${headerMenu.column.label}...`}
          </MenuItem>
        )}
        {filtered && (
          <MenuItem
            dense
            onClick={() => {
              setFilters({})
              closeHeaderMenu()
            }}
          >
            Clear Filters
          </MenuItem>
        )}
        <MenuItem
          dense
          onClick={() => {
            setHeaderMenu(null)
            setCustomizing(true)
          }}
        >
          Customize View
        </MenuItem>
      </Menu>
      {filtering !== null && (
        <FilterDialog
          listLabel={label}
          column={filtering}
          text={filters[filtering.key] ?? ''}
          onClose={() => {
            headerRefs.current.get(filtering.key)?.focus()
            setFiltering(null)
          }}
          onApply={(text) => {
            const { [filtering.key]: _old, ...rest } = filters
            setFilters(text.trim() === '' ? rest : { ...rest, [filtering.key]: text.trim() })
            headerRefs.current.get(filtering.key)?.focus()
            setFiltering(null)
          }}
        />
      )}
      {customizing && (
        <CustomizeViewDialog
          listLabel={label}
          columns={arranged}
          view={view}
          onClose={() => setCustomizing(false)}
          onApply={(next) => {
            setCustomizing(false)
            changeView(next, true)
          }}
        />
      )}
    </Box>
  )
}
