/**
 * The frame of a chart in the right pane: a figure with an accessible name, a title, `Show figures` (the table of
 * the figures behind the chart, always there for screen readers and tests, shown on demand) and `Export CSV` (the same
 * figures as an RFC 4180 file, in full bytes).
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useId, useState, type ReactNode } from 'react'
import { csvText, type CsvValue } from '../format/csv'
import { saveCsv } from './save-csv'

/** Kept for screen readers and tests, out of sight. */
const visuallyHidden = {
  border: 0, clip: 'rect(0 0 0 0)', height: '1px', margin: '-1px', overflow: 'hidden', padding: 0, position: 'absolute', whiteSpace: 'nowrap', width: '1px',
} as const

/** The figures behind a chart: what the table shows (formatted) and what the CSV holds (raw values). */
export interface ChartFigures {
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
  readonly csvHeader: readonly string[]
  readonly csvRecords: readonly (readonly CsvValue[])[]
}

/** A chart with its name, its figures table and Export CSV. */
export function ChartFigure({
  label,
  title,
  fileName,
  figures,
  children,
}: {
  /** The accessible name: `Storage use of DiskLib01`. */
  readonly label: string
  readonly title: string
  /** The CSV file's name. */
  readonly fileName: string
  readonly figures: ChartFigures
  readonly children: ReactNode
}) {
  const [shown, setShown] = useState(false)
  const tableId = `${useId().replace(/:/g, '')}-figures`
  return (
    <Box role="figure" aria-label={label} sx={{ minWidth: 0, flex: 1, display: 'flex', flexDirection: 'column' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, minHeight: 26 }}>
        <Typography variant="body2" sx={{ fontWeight: 600, flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {title}
        </Typography>
        <Button size="small" aria-expanded={shown} aria-controls={tableId} onClick={() => setShown(!shown)} sx={{ py: 0 }}>
          {shown ? 'Hide figures' : 'Show figures'}
        </Button>
        <Button size="small" onClick={() => saveCsv(fileName, csvText(figures.csvHeader, figures.csvRecords))} sx={{ py: 0 }}>
          Export CSV
        </Button>
      </Box>
      {!shown && <Box aria-hidden>{children}</Box>}
      <Box
        component="table"
        id={tableId}
        aria-label={`${label}: figures`}
        sx={shown ? { borderCollapse: 'collapse', fontSize: 12, my: 1, '& th, & td': { textAlign: 'left', px: 1, py: 0.25, borderBottom: 1, borderColor: 'console.border' } } : visuallyHidden}
      >
        <thead>
          <tr>
            {figures.columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {figures.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, cellIndex) => (
                <td key={cellIndex}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </Box>
    </Box>
  )
}
