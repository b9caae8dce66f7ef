/**
 * A copy's View Jobs confirmations: Delete (naming the jobs and the jobs that restore through them, deleted with
 * them), and Copy Again of Available jobs or Mark Job Bad.
 */
import { copyJobActionLabel } from '../../app/rules/copy-job-marks'
import { useCopyJobsStore } from '../stores/dialog-hooks'
import { deleteJobQuestion, markQuestion } from '../stores/copy-jobs-store'
import { useStores } from '../stores/stores-context'
import { ConfirmDialog } from './confirm-dialog'
import { useWhileClosing } from '../components/use-while-closing'

/** Delete Job (one at a time, from the copy jobs store). */
export function DeleteJobDialog() {
  const stores = useStores()
  const confirmation = useCopyJobsStore((state) => state.confirmation)
  const shown = useWhileClosing(confirmation)
  const actions = stores.copyJobs.getState()
  return (
    <ConfirmDialog
      open={confirmation !== null}
      title="Delete Job"
      message={shown === null ? '' : deleteJobQuestion(shown.copyName, shown.jobs)}
      confirmLabel="Delete"
      cancelLabel="Cancel"
      destructive
      busy={confirmation?.status === 'deleting'}
      error={confirmation?.error ?? null}
      onConfirm={() => void actions.confirm()}
      onCancel={() => actions.cancel()}
    />
  )
}

/** Copy Again (of Available jobs) or Mark Job Bad, confirmed (one at a time, from the copy jobs store). */
export function MarkJobsDialog() {
  const stores = useStores()
  const confirmation = useCopyJobsStore((state) => state.markConfirmation)
  const shown = useWhileClosing(confirmation)
  const actions = stores.copyJobs.getState()
  const label = shown === null ? '' : copyJobActionLabel[shown.action]
  return (
    <ConfirmDialog
      open={confirmation !== null}
      title={label}
      message={shown === null ? '' : markQuestion(shown)}
      confirmLabel={label}
      cancelLabel="Cancel"
      destructive={shown?.action === 'markBad'}
      busy={confirmation?.status === 'saving'}
      error={confirmation?.error ?? null}
      onConfirm={() => void actions.confirmMark()}
      onCancel={() => actions.cancelMark()}
    />
  )
}
