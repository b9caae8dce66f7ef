/** View Jobs > Delete: the confirmation naming the job and the jobs that restore through it, deleted with it. */
import { useDeleteJobStore } from '../stores/dialog-hooks'
import { deleteJobQuestion } from '../stores/delete-job-store'
import { useStores } from '../stores/stores-context'
import { ConfirmDialog } from './confirm-dialog'
import { useWhileClosing } from '../components/use-while-closing'

/** Delete Job (one at a time, from the delete job store). */
export function DeleteJobDialog() {
  const stores = useStores()
  const confirmation = useDeleteJobStore((state) => state.confirmation)
  const shown = useWhileClosing(confirmation)
  const actions = stores.deleteJob.getState()
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
