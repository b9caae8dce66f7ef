/** Shows notices (failed commands) one at a time in a snackbar. */
import Alert from '@mui/material/Alert'
import Snackbar from '@mui/material/Snackbar'
import { useNoticesStore, useStores } from '../stores/stores-context'

/** The snackbar of the oldest notice. */
export function NoticeSnackbar() {
  const stores = useStores()
  const notice = useNoticesStore((state) => state.notices[0] ?? null)
  const dismiss = (): void => {
    if (notice !== null) stores.notices.getState().dismiss(notice.id)
  }
  return (
    <Snackbar
      key={notice?.id}
      open={notice !== null}
      autoHideDuration={8000}
      onClose={(_event, reason) => {
        if (reason !== 'clickaway') dismiss()
      }}
      anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
      sx={{ bottom: { xs: 32 } }}
    >
      <Alert severity={notice?.severity ?? 'error'} variant="filled" onClose={dismiss} sx={{ minWidth: 320 }}>
        {notice?.message}
      </Alert>
    </Snackbar>
  )
}
