import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import DialogActions from '@mui/material/DialogActions'

/** Sizes and borders every dialog's OK / Cancel row shares. */
export const dialogActionsSx = { borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 } as const

/** The OK / Cancel row of a console dialog, with a spinner (named for people) while the request runs. */
export function OkCancelActions({
  busy,
  busyLabel,
  onOk,
  okDisabled,
  onCancel,
  okLabel = 'OK',
}: {
  busy: boolean
  busyLabel: string
  onOk: () => void
  okDisabled: boolean
  onCancel: () => void
  /** The first button's words where the product names it otherwise (`View Content`). */
  okLabel?: string
}) {
  return (
    <DialogActions sx={dialogActionsSx}>
      {busy && <CircularProgress size={16} aria-label={busyLabel} sx={{ mr: 'auto', ml: 1 }} />}
      <Button variant="contained" onClick={onOk} disabled={okDisabled} sx={{ minWidth: 80 }}>
        {okLabel}
      </Button>
      <Button variant="outlined" onClick={onCancel} disabled={busy} sx={{ minWidth: 80 }}>
        Cancel
      </Button>
    </DialogActions>
  )
}
