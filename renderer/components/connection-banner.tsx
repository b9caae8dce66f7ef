/** The banner shown while the console cannot reach the CommServe. */
import Alert from '@mui/material/Alert'
import { useConnectionStore } from '../stores/stores-context'

/** Shows "Disconnected" with the reconnection in progress; nothing while connected. */
export function ConnectionBanner() {
  const state = useConnectionStore((store) => store.state)
  if (state !== 'disconnected') return null
  return (
    <Alert severity="error" variant="filled" sx={{ borderRadius: 0, py: 0, flexShrink: 0 }}>
      Disconnected from the CommServe. Trying to reconnect…
    </Alert>
  )
}
