/** Backup Options of a subclient: Full, Incremental (the default) or Differential; OK starts the backup now. */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Dialog from '@mui/material/Dialog'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import RadioGroup from '@mui/material/RadioGroup'
import { useId } from 'react'
import type { RunBackupInput } from '../../app/model/jobs'
import { backupTypes } from '../stores/backup-dialog-store'
import { useBackupDialogStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { SectionTitle } from './form-controls'
import { RadioOption } from './job-form-controls'
import { OkCancelActions } from './dialog-actions'

const descriptions: Readonly<Record<RunBackupInput['backupType'], string>> = {
  Full: 'Everything in the content folders.',
  Incremental: 'What changed since the last backup of any type.',
  Differential: 'What changed since the last full backup.',
}

/** The Backup Options dialog (one at a time, from its store). */
export function BackupOptionsDialog() {
  const stores = useStores()
  const session = useBackupDialogStore((state) => state.session)
  const titleId = useId()
  const busy = session?.status === 'running'
  const close = (): void => stores.backupDialog.getState().close()

  return (
    <Dialog
      open={session !== null}
      onClose={() => {
        if (!busy) close()
      }}
      aria-labelledby={titleId}
      slotProps={{ paper: { sx: { width: 460 } } }}
    >
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Backup Options
      </DialogTitle>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4 }}>
        <Box sx={{ mb: 3 }}>
          Subclient: <b>{session?.subclientName}</b>
        </Box>
        {session?.error != null && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {session.error}
          </Alert>
        )}
        <Box sx={{ display: 'grid', rowGap: 2 }}>
          <SectionTitle>Select Backup Type</SectionTitle>
          <RadioGroup
            aria-label="Select Backup Type"
            value={session?.backupType ?? 'Incremental'}
            onChange={(_event, value) => stores.backupDialog.getState().setBackupType(value as RunBackupInput['backupType'])}
          >
            {backupTypes.map((type) => (
              <RadioOption key={type} value={type} label={type} description={descriptions[type]} />
            ))}
          </RadioGroup>
          <Box sx={{ color: 'console.muted', fontSize: 12 }}>
            The first backup of a subclient is always a Full backup. The job runs immediately.
          </Box>
        </Box>
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Starting" onOk={() => void stores.backupDialog.getState().submit()} okDisabled={session?.status !== 'ready'} onCancel={close} />
    </Dialog>
  )
}
