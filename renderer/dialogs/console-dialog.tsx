import Dialog from '@mui/material/Dialog'
import DialogTitle from '@mui/material/DialogTitle'
import { useId, type ReactNode } from 'react'

/** The title bar every console dialog shares. */
export const dialogTitleSx = { bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' } as const

/**
 * A console dialog: a fixed width (within the window), the shared title bar naming the dialog for assistive
 * technology, and no closing (Escape, backdrop) while its request runs.
 */
export function ConsoleDialog({
  open,
  title,
  width,
  busy,
  onClose,
  children,
}: {
  open: boolean
  title: string
  width: number
  busy: boolean
  onClose: () => void
  children: ReactNode
}) {
  const titleId = useId()
  return (
    <Dialog
      open={open}
      onClose={() => {
        if (!busy) onClose()
      }}
      maxWidth={false}
      aria-labelledby={titleId}
      slotProps={{ paper: { sx: { width, maxWidth: 'calc(100vw - 32px)' } } }}
    >
      <DialogTitle id={titleId} sx={dialogTitleSx}>
        {title}
      </DialogTitle>
      {children}
    </Dialog>
  )
}
