/**
 * Auxiliary Copy Schedule (upgraded CommCells only): the default schedule a new copy gets, shown read-only; OK
 * accepts it and creates the copy, Cancel returns to Copy Properties.
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import { useId } from 'react'
import type { AuxCopyScheduleInput } from '../../app/model/copy-input'
import { FieldRow, FormGrid, SectionTitle, TextInput } from './form-controls'
import { auxCopyOptionRows, patternText } from './schedule-text'

/** The Auxiliary Copy Schedule dialog; open while `schedule` is set. */
export function AuxCopyScheduleDialog({
  schedule,
  onAccept,
  onCancel,
}: {
  readonly schedule: AuxCopyScheduleInput | null
  readonly onAccept: () => void
  readonly onCancel: () => void
}) {
  const titleId = useId()
  const idPrefix = useId().replace(/:/g, '')
  return (
    <Dialog open={schedule !== null} onClose={onCancel} aria-labelledby={titleId} slotProps={{ paper: { sx: { width: 600 } } }}>
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Auxiliary Copy Schedule
      </DialogTitle>
      {schedule !== null && (
        <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4 }}>
          <Box sx={{ mb: 3, lineHeight: 1.5 }}>
            This CommCell was upgraded from a previous version: the new copy gets its own auxiliary copy schedule.
            Click OK to accept the default schedule.
          </Box>
          <FormGrid labelColumn={190}>
            <FieldRow label="Schedule Name" htmlFor={`${idPrefix}-name`}>
              <TextInput id={`${idPrefix}-name`} value={schedule.name} readOnly />
            </FieldRow>
            <FieldRow label="Schedule Pattern" htmlFor={`${idPrefix}-pattern`}>
              <TextInput id={`${idPrefix}-pattern`} value={patternText(schedule.pattern)} readOnly />
            </FieldRow>
            <SectionTitle>Auxiliary Copy Options</SectionTitle>
            {auxCopyOptionRows(schedule.options).map(([label, value], index) => (
              <FieldRow key={label} label={label} htmlFor={`${idPrefix}-option-${index}`}>
                <TextInput id={`${idPrefix}-option-${index}`} value={value} readOnly width={140} />
              </FieldRow>
            ))}
          </FormGrid>
        </DialogContent>
      )}
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
        <Button variant="contained" onClick={onAccept} autoFocus sx={{ minWidth: 80 }}>
          OK
        </Button>
        <Button variant="outlined" onClick={onCancel} sx={{ minWidth: 80 }}>
          Cancel
        </Button>
      </DialogActions>
    </Dialog>
  )
}
