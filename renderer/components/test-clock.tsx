/**
 * The test clock (only on a console started with `--test-clock`): the CommServe's time and a button that moves it
 * forward 30 minutes, so a test can see scheduled jobs start. Absent on every other console.
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import { formatDateTime } from '../format/cell-format'
import { useTestClockStore } from '../stores/schedule-hooks'
import { useConnectionStore, useStores } from '../stores/stores-context'

/** How far one click moves the CommServe clock. */
const advanceMinutes = 30

/** The test clock control for the status bar. */
export function TestClock() {
  const stores = useStores()
  const info = useConnectionStore((state) => state.info)
  const advancedTo = useTestClockStore((state) => state.now)
  const busy = useTestClockStore((state) => state.busy)
  if (info?.testClock !== true) return null
  const now = advancedTo ?? info.now
  return (
    <Box role="group" aria-label="Test clock" sx={{ px: 3, display: 'flex', alignItems: 'center', gap: 1.5, borderLeft: 1, borderColor: 'console.border' }}>
      <Box component="span" role="status" aria-label="CommServe time">
        CommServe time: {formatDateTime(now)}
      </Box>
      <Button
        size="small"
        variant="outlined"
        disabled={busy}
        onClick={() => void stores.schedules.testClock.getState().advance(advanceMinutes)}
        sx={{ py: 0, minHeight: 0, height: 20, fontSize: 12, textTransform: 'none' }}
      >
        Advance {advanceMinutes} minutes
      </Button>
    </Box>
  )
}
