/**
 * Customize View: which columns a list shows and in what order (the right click menu of a list's header opens it).
 * The first column (the name, or the Job ID) is the row's identity: always shown, always first.
 */
import ArrowDownwardIcon from '@mui/icons-material/ArrowDownward'
import ArrowUpwardIcon from '@mui/icons-material/ArrowUpward'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Checkbox from '@mui/material/Checkbox'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import FormControlLabel from '@mui/material/FormControlLabel'
import IconButton from '@mui/material/IconButton'
import { useId, useState } from 'react'
import { moveColumn, type ListViewState } from './list-view-state'

export interface CustomizeViewDialogProps {
  /** The list's name, in the dialog's title. */
  readonly listLabel: string
  /** Every column of the list in its current order (hidden ones too). */
  readonly columns: readonly { readonly key: string; readonly label: string }[]
  readonly view: ListViewState
  readonly onClose: () => void
  readonly onApply: (view: ListViewState) => void
}

export function CustomizeViewDialog({ listLabel, columns, view, onClose, onApply }: CustomizeViewDialogProps) {
  const titleId = useId()
  const [order, setOrder] = useState<string[]>(() => columns.map((column) => column.key))
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set(view.hidden))
  const labelOf = new Map(columns.map((column) => [column.key, column.label]))

  const toggle = (key: string, shown: boolean): void => {
    const next = new Set(hidden)
    if (shown) next.delete(key)
    else next.add(key)
    setHidden(next)
  }

  return (
    <Dialog open onClose={onClose} maxWidth="xs" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Customize View: {listLabel}
      </DialogTitle>
      <DialogContent sx={{ p: 0 }}>
        <Box component="ul" aria-label="Columns" sx={{ listStyle: 'none', m: 0, py: 1, px: 3, maxHeight: 420, overflow: 'auto' }}>
          {order.map((key, index) => {
            const label = labelOf.get(key) ?? key
            return (
              <Box component="li" key={key} sx={{ display: 'flex', alignItems: 'center', minHeight: 30 }}>
                <FormControlLabel
                  sx={{ flex: 1, m: 0 }}
                  control={<Checkbox size="small" checked={index === 0 || !hidden.has(key)} disabled={index === 0} onChange={(event) => toggle(key, event.target.checked)} />}
                  label={label}
                />
                <IconButton size="small" aria-label={`Move ${label} up`} disabled={index <= 1} onClick={() => setOrder(moveColumn(order, key, -1))}>
                  <ArrowUpwardIcon sx={{ fontSize: 16 }} />
                </IconButton>
                <IconButton
                  size="small"
                  aria-label={`Move ${label} down`}
                  disabled={index === 0 || index === order.length - 1}
                  onClick={() => setOrder(moveColumn(order, key, 1))}
                >
                  <ArrowDownwardIcon sx={{ fontSize: 16 }} />
                </IconButton>
              </Box>
            )
          })}
        </Box>
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2 }}>
        <Button onClick={() => onApply({ order: [], hidden: [], widths: {} })}>Reset</Button>
        <Box sx={{ flex: 1 }} />
        <Button variant="contained" onClick={() => onApply({ ...view, order, hidden: [...hidden].filter((key) => key !== order[0]) })} sx={{ minWidth: 80 }}>
          OK
        </Button>
        <Button variant="outlined" onClick={onClose} sx={{ minWidth: 80 }}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  )
}
