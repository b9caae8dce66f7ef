/**
 * Auxiliary Copy Schedules of a storage policy: its own schedules (those created with All Copies, which new copies
 * join, included), and Edit, which opens Schedule Details and saves that schedule. State lives in its store.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import FormHelperText from '@mui/material/FormHelperText'
import { useId } from 'react'
import { usePolicySchedulesStore } from '../stores/schedule-hooks'
import { useStores } from '../stores/stores-context'
import { ScheduleDetailsDialog } from './schedule-pattern-fields'
import { ScheduleTable } from './schedule-table'

/** The Auxiliary Copy Schedules dialog (one at a time, from its store). */
export function PolicySchedulesDialog() {
  const stores = useStores()
  const session = usePolicySchedulesStore((state) => state.session)
  const actions = stores.schedules.policySchedules.getState()
  const titleId = useId()
  const close = (): void => actions.close()

  return (
    <Dialog
      open={session !== null}
      onClose={close}
      maxWidth={false}
      aria-labelledby={titleId}
      slotProps={{ paper: { sx: { width: 820, maxWidth: 'calc(100vw - 32px)' } } }}
    >
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Auxiliary Copy Schedules
      </DialogTitle>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 3, minHeight: 280 }}>
        {session?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading schedules" />
          </Box>
        )}
        {session?.status === 'error' && <Alert severity="error">{session.loadError}</Alert>}
        {session?.status === 'ready' && (
          <>
            <Box sx={{ mb: 2 }}>
              Storage Policy: <strong>{session.policyName}</strong>
            </Box>
            <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
              <Box sx={{ flex: 1, minWidth: 0 }}>
                <ScheduleTable
                  label="Auxiliary Copy Schedules"
                  columns={['Schedule Name', 'Pattern', 'All Copies', 'Copies']}
                  widths={['27%', '38%', '14%', '21%']}
                  rows={session.schedules.map((schedule) => [
                    schedule.name,
                    schedule.patternText,
                    schedule.allCopies ? 'Yes' : 'No',
                    schedule.copies.join(', '),
                  ])}
                  selected={session.selected}
                  onSelect={(index) => actions.select(index)}
                  onOpen={(index) => actions.edit(index)}
                  emptyText={`${session.policyName} has no schedules of its own; its copies follow the schedule policies they are associated with.`}
                  height={200}
                />
              </Box>
              <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1, width: 84 }}>
                <Button variant="outlined" size="small" onClick={() => actions.edit()} disabled={session.selected === null}>
                  Edit
                </Button>
              </Box>
            </Box>
            <FormHelperText sx={{ mx: 0, mt: 1.5 }}>
              A schedule created with All Copies copies to every secondary copy of the policy, including copies created later.
            </FormHelperText>
          </>
        )}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
        <Button variant="outlined" onClick={close} sx={{ minWidth: 80 }}>
          Close
        </Button>
      </DialogActions>
      <ScheduleDetailsDialog
        editor={session?.editor ?? null}
        now={stores.schedules.now()}
        onChange={(field, value) => actions.setScheduleValue(field, value)}
        onTouch={(field) => actions.touchSchedule(field)}
        onOk={() => void actions.acceptSchedule()}
        onCancel={() => actions.cancelSchedule()}
      />
    </Dialog>
  )
}
