/** A small table of Job Details (and its throughput figures) with a caption-like heading and its count, or "None". */
import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import { memo, useId, type ReactNode } from 'react'
import { NoneRow } from '../components/none-row'

/** A column of a details table; `breakAnywhere`: file paths, which wrap anywhere instead of widening the table. */
export interface DetailsColumn {
  readonly label: string
  readonly numeric?: boolean
  readonly breakAnywhere?: boolean
  /** Its share of the table's width. */
  readonly width?: string
}

const sameColumn = (a: DetailsColumn | undefined, b: DetailsColumn | undefined): boolean =>
  a?.label === b?.label && a?.numeric === b?.numeric && a?.breakAnywhere === b?.breakAnywhere

/**
 * One row, drawn again only when one of its cells or columns changed: a table that grows while its dialog is open
 * (a running job's throughput figures, once a second) draws only its new rows.
 */
const DetailsRow = memo(
  function DetailsRow({ cells, columns }: { readonly cells: readonly ReactNode[]; readonly columns: readonly DetailsColumn[] }) {
    return (
      <TableRow>
        {cells.map((cell, index) => (
          <TableCell
            key={columns[index]?.label ?? index}
            align={columns[index]?.numeric ? 'right' : 'left'}
            sx={columns[index]?.breakAnywhere ? { overflowWrap: 'anywhere' } : undefined}
          >
            {cell}
          </TableCell>
        ))}
      </TableRow>
    )
  },
  (before, after) =>
    before.cells.length === after.cells.length &&
    before.cells.every((cell, index) => Object.is(cell, after.cells[index])) &&
    before.columns.length === after.columns.length &&
    before.columns.every((column, index) => sameColumn(column, after.columns[index])),
)

/** A small table with a caption-like heading, its columns and rows, or "None". */
export function DetailsTable({
  label,
  columns,
  rows,
}: {
  readonly label: string
  readonly columns: readonly DetailsColumn[]
  readonly rows: readonly { readonly key: string; readonly cells: readonly ReactNode[] }[]
}) {
  const headingId = useId()
  return (
    <Box>
      <Box id={headingId} sx={{ fontWeight: 600, mb: 1 }}>
        {label} ({rows.length})
      </Box>
      <Box sx={{ border: 1, borderColor: 'console.border', maxHeight: 190, overflow: 'auto' }}>
        <Table size="small" stickyHeader aria-label={label}>
          <TableHead>
            <TableRow>
              {columns.map((column) => (
                <TableCell
                  key={column.label}
                  align={column.numeric ? 'right' : 'left'}
                  sx={{ bgcolor: 'console.header', fontWeight: 600, whiteSpace: 'nowrap', width: column.width }}
                >
                  {column.label}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <DetailsRow key={row.key} cells={row.cells} columns={columns} />
            ))}
            {rows.length === 0 && <NoneRow columns={columns.length} />}
          </TableBody>
        </Table>
      </Box>
    </Box>
  )
}
