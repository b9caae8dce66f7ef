/**
 * A small grid of schedules inside a dialog: a header, one row per schedule, one selected row (click or the arrow
 * keys), and double-click or Enter to open it.
 */
import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import { useRef, type KeyboardEvent } from 'react'

/** The schedules grid. */
export function ScheduleTable({
  label,
  columns,
  widths,
  rows,
  selected,
  onSelect,
  onOpen,
  emptyText,
  height,
  invalid = false,
}: {
  readonly label: string
  readonly columns: readonly string[]
  /** Column widths (CSS), the same count as `columns`; even widths when left out. */
  readonly widths?: readonly string[]
  readonly rows: readonly (readonly string[])[]
  readonly selected: number | null
  readonly onSelect: (index: number) => void
  readonly onOpen: (index: number) => void
  readonly emptyText: string
  readonly height: number
  readonly invalid?: boolean
}) {
  const body = useRef<HTMLTableSectionElement>(null)
  const focusRow = (index: number): void => {
    body.current?.querySelectorAll<HTMLElement>('tr[role="row"]')[index]?.focus()
  }
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, index: number): void => {
    const move = (next: number): void => {
      event.preventDefault()
      const target = Math.max(0, Math.min(rows.length - 1, next))
      onSelect(target)
      focusRow(target)
    }
    if (event.key === 'ArrowDown') move(index + 1)
    else if (event.key === 'ArrowUp') move(index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(rows.length - 1)
    else if (event.key === 'Enter') {
      event.preventDefault()
      onOpen(index)
    }
  }
  const cellSx = { fontSize: 13, py: 0.5, px: 1.5, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' } as const
  return (
    <Box
      sx={{
        height,
        overflow: 'auto',
        border: 1,
        borderColor: invalid ? 'error.main' : 'console.chromeBorder',
        borderRadius: 0.5,
        bgcolor: 'background.paper',
      }}
    >
      <Table size="small" role="grid" aria-label={label} stickyHeader sx={{ tableLayout: 'fixed' }}>
        <TableHead>
          <TableRow role="row">
            {columns.map((column, index) => (
              <TableCell
                key={column}
                role="columnheader"
                sx={{ ...cellSx, bgcolor: 'console.header', fontWeight: 600, width: widths?.[index] }}
              >
                {column}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody ref={body}>
          {rows.map((cells, index) => {
            const isSelected = index === selected
            return (
              <TableRow
                key={index}
                role="row"
                aria-selected={isSelected}
                tabIndex={isSelected || (selected === null && index === 0) ? 0 : -1}
                onClick={() => onSelect(index)}
                onDoubleClick={() => onOpen(index)}
                onKeyDown={(event) => onKeyDown(event, index)}
                sx={{
                  cursor: 'default',
                  bgcolor: isSelected ? 'console.selection' : 'transparent',
                  '&:hover': { bgcolor: isSelected ? 'console.selection' : 'console.hover' },
                  '&:focus-visible': { outline: 1, outlineColor: 'console.focus', outlineOffset: -1 },
                }}
              >
                {cells.map((cell, column) => (
                  <TableCell key={column} role="gridcell" title={cell} sx={cellSx}>
                    {cell}
                  </TableCell>
                ))}
              </TableRow>
            )
          })}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={columns.length} sx={{ ...cellSx, color: 'console.muted', borderBottom: 0 }}>
                {emptyText}
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </Box>
  )
}
