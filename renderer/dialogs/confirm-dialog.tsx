/** A small question on top of the console or another dialog: a title, a sentence, and two buttons. */
import HelpOutlineIcon from '@mui/icons-material/HelpOutlineOutlined'
import WarningAmberIcon from '@mui/icons-material/WarningAmber'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import { useId, type ReactNode } from 'react'

/** A confirmation: `confirmLabel` (focused first) and `cancelLabel`; Escape dismisses it. */
export function ConfirmDialog({
  open,
  title,
  message,
  confirmLabel,
  cancelLabel,
  onConfirm,
  onCancel,
  onDismiss = onCancel,
  busy = false,
  error = null,
  destructive = false,
  confirmDisabled = false,
}: {
  readonly open: boolean
  readonly title: string
  readonly message: ReactNode
  readonly confirmLabel: string
  readonly cancelLabel: string
  readonly onConfirm: () => void
  readonly onCancel: () => void
  /** Escape or a click outside; by default the same as the cancel button. */
  readonly onDismiss?: () => void
  readonly busy?: boolean
  readonly error?: string | null
  /** A deletion: a warning icon and a red confirm button. */
  readonly destructive?: boolean
  /** The confirm button is off (nothing to confirm, for example after a refusal). */
  readonly confirmDisabled?: boolean
}) {
  const titleId = useId()
  const messageId = useId()
  const Icon = destructive ? WarningAmberIcon : HelpOutlineIcon
  return (
    <Dialog
      open={open}
      onClose={() => {
        if (!busy) onDismiss()
      }}
      aria-labelledby={titleId}
      aria-describedby={messageId}
      slotProps={{ paper: { sx: { width: 460 } } }}
    >
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        {title}
      </DialogTitle>
      <DialogContent sx={{ px: 5, pt: '20px !important', pb: 4 }}>
        <Box sx={{ display: 'flex', gap: 3, alignItems: 'flex-start' }}>
          <Icon aria-hidden sx={{ fontSize: 32, color: destructive ? 'warning.main' : 'primary.main', flexShrink: 0 }} />
          <Box id={messageId} sx={{ pt: 0.5, lineHeight: 1.5 }}>
            {message}
          </Box>
        </Box>
        {error !== null && (
          <Alert severity="error" sx={{ mt: 3 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
        {busy && <CircularProgress size={16} aria-label="Working" sx={{ mr: 'auto', ml: 1 }} />}
        <Button
          variant="contained"
          color={destructive ? 'error' : 'primary'}
          onClick={onConfirm}
          disabled={busy || confirmDisabled}
          autoFocus
          sx={{ minWidth: 80 }}
        >
          {confirmLabel}
        </Button>
        <Button variant="outlined" onClick={onCancel} disabled={busy} sx={{ minWidth: 80 }}>
          {cancelLabel}
        </Button>
      </DialogActions>
    </Dialog>
  )
}
