/** A small table of Job Details (and its throughput figures) with a caption-like heading and its count, or "None". */
import Box from '@mui/material/Box'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import { useId, type ReactNode } from 'react'

/** A small table with a caption-like heading, its columns and rows, or "None". */
export function DetailsTable({
  label,
  columns,
  rows,
}: {
  readonly label: string
  /** `breakAnywhere`: a column of file paths, which wrap anywhere instead of widening the table; `width`: its share. */
  readonly columns: readonly { readonly label: string; readonly numeric?: boolean; readonly breakAnywhere?: boolean; readonly width?: string }[]
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
              <TableRow key={row.key}>
                {row.cells.map((cell, index) => (
                  <TableCell
                    key={columns[index]?.label ?? index}
                    align={columns[index]?.numeric ? 'right' : 'left'}
                    sx={columns[index]?.breakAnywhere ? { overflowWrap: 'anywhere' } : undefined}
                  >
                    {cell}
                  </TableCell>
                ))}
              </TableRow>
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length} sx={{ color: 'console.muted' }}>
                  None
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </Box>
    </Box>
  )
}
