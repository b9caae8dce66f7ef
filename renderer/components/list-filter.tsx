/**
 * A list's filter by column (the header menu's `Filter <Column>...`): the rows whose cell in that column, as shown,
 * holds the words typed (case does not matter); several columns' filters all apply.
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import TextField from '@mui/material/TextField'
import { useId, useState } from 'react'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { formatCell } from '../format/cell-format'

/** The rows every filter keeps: each filtered column's shown text holds its words. */
export function filterRows(rows: readonly ContentsRow[], columns: readonly ContentsColumn[], filters: Readonly<Record<string, string>>): readonly ContentsRow[] {
  const active = columns.flatMap((column) => {
    const text = filters[column.key]?.trim().toLowerCase()
    return text === undefined || text === '' ? [] : [{ column, text }]
  })
  if (active.length === 0) return rows
  return rows.filter((row) => active.every(({ column, text }) => formatCell(row.cells[column.key], column.format).toLowerCase().includes(text)))
}

export interface FilterDialogProps {
  /** The list's name, in the dialog's title. */
  readonly listLabel: string
  readonly column: ContentsColumn
  /** The column's filter now ('' for none). */
  readonly text: string
  readonly onClose: () => void
  /** OK (the words typed) or Clear (''). */
  readonly onApply: (text: string) => void
}

export function FilterDialog({ listLabel, column, text, onClose, onApply }: FilterDialogProps) {
  const titleId = useId()
  const [value, setValue] = useState(text)
  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Filter {column.label}: {listLabel}
      </DialogTitle>
      <DialogContent sx={{ pt: '16px !important' }}>
        <Box
          component="form"
          onSubmit={(event) => {
            event.preventDefault()
            onApply(value)
          }}
        >
          <TextField
            autoFocus
            fullWidth
            size="small"
            label={`${column.label} contains`}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            helperText="The rows whose value, as shown, holds these characters (case does not matter)."
          />
        </Box>
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2 }}>
        <Button onClick={() => onApply('')}>Clear</Button>
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" onClick={() => onApply(value)} sx={{ minWidth: 80 }}>
          OK
        </Button>
        <Button variant="outlined" onClick={onClose} sx={{ minWidth: 80 }}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  )
}
