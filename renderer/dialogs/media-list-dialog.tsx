/** A medium's View Contents (the jobs on it) or a copy's View Media (its media): one read-only list in a dialog. */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import { PropertyTable } from '../components/properties-dialog'
import { useWhileClosing } from '../components/use-while-closing'
import { useMediaStore } from '../stores/media-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { dialogActionsSx } from './dialog-actions'

/** View Contents / View Media (one at a time, from the media store). */
export function MediaListDialog() {
  const stores = useStores()
  const session = useMediaStore((state) => state.list)
  const shown = useWhileClosing(session)
  const close = (): void => stores.media.getState().closeList()
  return (
    <ConsoleDialog open={session !== null} title={shown?.title ?? ''} width={820} busy={false} onClose={close}>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4, minHeight: 200 }}>
        {shown?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label={`Loading ${shown.title}`} />
          </Box>
        )}
        {shown?.status === 'error' && <Alert severity="error">{shown.error}</Alert>}
        {shown?.table != null && <PropertyTable label={shown.table.title} columns={shown.table.columns} rows={shown.table.rows} maxHeight={420} />}
      </DialogContent>
      <DialogActions sx={dialogActionsSx}>
        <Button variant="contained" onClick={close} sx={{ minWidth: 80 }}>
          OK
        </Button>
      </DialogActions>
    </ConsoleDialog>
  )
}
