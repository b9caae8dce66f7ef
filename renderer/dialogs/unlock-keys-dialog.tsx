/**
 * Unlock Encryption Keys: shown once the console starts while the CommServe's keys are locked. Until the passphrase
 * is given, jobs that read or write encrypted copies wait Pending with the reason.
 */
import LockIcon from '@mui/icons-material/LockOutlined'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import { useId } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { useStores } from '../stores/stores-context'
import { FieldRow, FormGrid, TextInput, onEnterInField } from './form-controls'

/** The dialog asking for the CommServe passphrase. */
export function UnlockKeysDialog() {
  const store = useStores().keys
  const { open, passphrase, problem, busy } = useStore(
    store,
    useShallow((state) => ({ open: state.dialogOpen, passphrase: state.passphrase, problem: state.problem, busy: state.busy })),
  )
  const titleId = useId()
  const fieldId = useId()
  const actions = store.getState()
  return (
    <Dialog open={open} onClose={() => !busy && actions.later()} aria-labelledby={titleId} slotProps={{ paper: { sx: { width: 520 } } }}>
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Unlock Encryption Keys
      </DialogTitle>
      <DialogContent sx={{ px: 4, pt: '20px !important', pb: 3 }}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start', mb: 2.5, lineHeight: 1.5 }}>
          <LockIcon aria-hidden sx={{ fontSize: 28, color: 'primary.main' }} />
          <span>
            The keys of encrypted copies are sealed with the CommServe passphrase. Until it is entered, auxiliary copies, restores and verifications
            of encrypted copies wait Pending.
          </span>
        </Box>
        <Box onKeyDown={onEnterInField(() => void actions.unlock())}>
          <FormGrid labelColumn={90}>
            <FieldRow label="Passphrase" htmlFor={fieldId} required>
              <TextInput id={fieldId} type="password" autoFocus value={passphrase} onChange={actions.setPassphrase} problem={problem ?? undefined} required />
            </FieldRow>
          </FormGrid>
        </Box>
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2, gap: 1 }}>
        {busy && <CircularProgress size={16} aria-label="Working" sx={{ mr: 'auto', ml: 1 }} />}
        <Button variant="contained" onClick={() => void actions.unlock()} disabled={busy}>
          Unlock
        </Button>
        <Button variant="outlined" onClick={actions.later} disabled={busy}>
          Later
        </Button>
      </DialogActions>
    </Dialog>
  )
}
