/** A node's read-only Properties dialog: the sheet's title, one tab per page, labelled fields and small tables. */
import CloseIcon from '@mui/icons-material/Close'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import IconButton from '@mui/material/IconButton'
import Tab from '@mui/material/Tab'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import Tabs from '@mui/material/Tabs'
import { useId, useState } from 'react'
import type { ContentsColumn, ContentsRow, PropertySheet, PropertyTab } from '../../app/model/contents'
import { formatCell, isNumericFormat } from '../format/cell-format'
import { NoneRow } from './none-row'
import { useDialogsStore, useStores } from '../stores/stores-context'

/** One property page: its fields as label and read-only value, then its table when it has one. */
function PropertyPage({ tab, idPrefix }: { tab: PropertyTab; idPrefix: string }) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      {tab.fields.length > 0 && (
        <Box
          sx={{
            display: 'grid',
            gridTemplateColumns: 'minmax(140px, max-content) 1fr',
            columnGap: 3,
            rowGap: 1.5,
            alignItems: 'center',
            '& label': { color: 'text.primary' },
            '& input': {
              font: 'inherit',
              color: 'text.primary',
              bgcolor: 'console.header',
              border: 1,
              borderColor: 'console.border',
              borderRadius: 0.5,
              px: 1.5,
              height: 24,
              minWidth: 0,
              outline: 'none',
              '&:focus': { borderColor: 'console.focus' },
            },
          }}
        >
          {tab.fields.map((field, index) => {
            const id = `${idPrefix}-field-${index}`
            return [
              <label key={`${id}-label`} htmlFor={id}>
                {field.label}
              </label>,
              <input key={id} id={id} readOnly value={formatCell(field.value, field.format)} />,
            ]
          })}
        </Box>
      )}
      {tab.table !== null && <PropertyTable label={tab.label} columns={tab.table.columns} rows={tab.table.rows} />}
    </Box>
  )
}

/**
 * A small read-only table of a property page: a sticky header, cells formatted by their column's format (numbers
 * right-aligned, dates on one line), and "None" when it has no row. Scrolls within `maxHeight`.
 */
export function PropertyTable({
  label,
  columns,
  rows,
  maxHeight = 260,
  rowDetail,
}: {
  /** The table's accessible name. */
  readonly label: string
  readonly columns: readonly ContentsColumn[]
  readonly rows: readonly ContentsRow[]
  readonly maxHeight?: number
  /** A line shown under a row across every column (a long reason with a file path), or undefined for none. */
  readonly rowDetail?: (row: ContentsRow) => string | undefined
}) {
  const cellSx = (column: ContentsColumn) => (column.format === 'datetime' ? { whiteSpace: 'nowrap' } : undefined)
  return (
    <Box sx={{ border: 1, borderColor: 'console.border', maxHeight, overflow: 'auto' }}>
      <Table size="small" stickyHeader aria-label={label}>
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell
                key={column.key}
                align={isNumericFormat(column.format) ? 'right' : 'left'}
                sx={{ bgcolor: 'console.header', fontWeight: 600, whiteSpace: 'nowrap' }}
              >
                {column.label}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const detail = rowDetail?.(row)
            const cells = (
              <TableRow key={row.key} sx={detail === undefined ? undefined : { '& td': { borderBottom: 0 } }}>
                {columns.map((column) => (
                  <TableCell key={column.key} align={isNumericFormat(column.format) ? 'right' : 'left'} sx={cellSx(column)}>
                    {formatCell(row.cells[column.key], column.format)}
                  </TableCell>
                ))}
              </TableRow>
            )
            if (detail === undefined) return cells
            return [
              cells,
              <TableRow key={`${row.key}-detail`}>
                <TableCell colSpan={columns.length} sx={{ pt: 0, color: 'console.muted', fontSize: 12, overflowWrap: 'anywhere' }}>
                  {detail}
                </TableCell>
              </TableRow>,
            ]
          })}
          {rows.length === 0 && <NoneRow columns={columns.length} />}
        </TableBody>
      </Table>
    </Box>
  )
}

/** The tabs of a loaded property sheet. */
function SheetTabs({ sheet }: { sheet: PropertySheet }) {
  const [index, setIndex] = useState(0)
  const idPrefix = useId()
  const current = sheet.tabs[Math.min(index, sheet.tabs.length - 1)]
  return (
    <>
      <Tabs
        value={Math.min(index, sheet.tabs.length - 1)}
        onChange={(_event, value: number) => setIndex(value)}
        variant="scrollable"
        scrollButtons="auto"
        aria-label={`${sheet.title} pages`}
        sx={{ borderBottom: 1, borderColor: 'console.border', px: 2 }}
      >
        {sheet.tabs.map((tab, tabIndex) => (
          <Tab
            key={tab.label}
            label={tab.label}
            value={tabIndex}
            id={`${idPrefix}-tab-${tabIndex}`}
            aria-controls={`${idPrefix}-panel`}
          />
        ))}
      </Tabs>
      <Box
        role="tabpanel"
        id={`${idPrefix}-panel`}
        aria-labelledby={`${idPrefix}-tab-${Math.min(index, sheet.tabs.length - 1)}`}
        sx={{ p: 4, minHeight: 220 }}
      >
        {current !== undefined && <PropertyPage key={current.label} tab={current} idPrefix={`${idPrefix}-${index}`} />}
      </Box>
    </>
  )
}

/** The Properties dialog (one at a time, from the dialogs store). */
export function PropertiesDialog() {
  const stores = useStores()
  const properties = useDialogsStore((state) => state.properties)
  const titleId = useId()
  const close = (): void => stores.dialogs.getState().closeProperties()
  const title = properties?.sheet?.title ?? (properties ? `${properties.node.name} Properties` : '')

  return (
    <Dialog open={properties !== null} onClose={close} maxWidth="sm" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId} sx={{ pr: 12, bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        {title}
      </DialogTitle>
      <IconButton aria-label="Close" onClick={close} sx={{ position: 'absolute', right: 6, top: 6 }}>
        <CloseIcon sx={{ fontSize: 18 }} />
      </IconButton>
      <DialogContent sx={{ p: 0 }}>
        {properties?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading properties" />
          </Box>
        )}
        {properties?.status === 'error' && (
          <Alert severity="error" sx={{ m: 4 }}>
            {properties.error}
          </Alert>
        )}
        {properties?.sheet != null && <SheetTabs key={properties.node.id} sheet={properties.sheet} />}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2 }}>
        <Button variant="contained" onClick={close} sx={{ minWidth: 80 }}>
          OK
        </Button>
      </DialogActions>
    </Dialog>
  )
}
