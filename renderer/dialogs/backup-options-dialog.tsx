/** Backup Options of a subclient: Full, Incremental (the default) or Differential; OK starts the backup now. */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import DialogContent from '@mui/material/DialogContent'
import RadioGroup from '@mui/material/RadioGroup'
import type { RunBackupInput } from '../../app/model/jobs'
import { backupTypes } from '../stores/backup-dialog-store'
import { useBackupDialogStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { SectionTitle } from './form-controls'
import { RadioOption } from './job-form-controls'
import { OkCancelActions } from './dialog-actions'
import { ConsoleDialog } from './console-dialog'

const descriptions: Readonly<Record<RunBackupInput['backupType'], string>> = {
  Full: 'Everything in the content folders.',
  Incremental: 'What changed since the last backup of any type.',
  Differential: 'What changed since the last full backup.',
}

/** The Backup Options dialog (one at a time, from its store). */
export function BackupOptionsDialog() {
  const stores = useStores()
  const session = useBackupDialogStore((state) => state.session)
  const busy = session?.status === 'running'
  const close = (): void => stores.backupDialog.getState().close()

  return (
    <ConsoleDialog open={session !== null} title="Backup Options" width={460} busy={busy} onClose={close}>
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
    </ConsoleDialog>
  )
}
