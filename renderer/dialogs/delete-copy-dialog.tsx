/** The confirmation of Delete on a secondary copy, naming the copy and its storage policy. */
import { useDeleteCopyStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { ConfirmDialog } from './confirm-dialog'

/** Delete Copy (one at a time, from the delete copy store). */
export function DeleteCopyDialog() {
  const stores = useStores()
  const confirmation = useDeleteCopyStore((state) => state.confirmation)
  const actions = stores.deleteCopy.getState()
  const ready = confirmation?.status === 'ready' || confirmation?.status === 'deleting'
  const message =
    confirmation === null
      ? ''
      : ready
        ? `Delete copy ${confirmation.copyName} of storage policy ${confirmation.policyName}? Its jobs' data on this copy is removed from the library (a deduplicated copy's DDB too), and they can no longer be restored from it. This cannot be undone.`
        : confirmation.status === 'loading'
          ? `Loading ${confirmation.copyName}...`
          : `${confirmation.copyName} cannot be deleted.`
  return (
    <ConfirmDialog
      open={confirmation !== null}
      title="Delete Copy"
      message={message}
      confirmLabel="Delete"
      cancelLabel="Cancel"
      destructive
      busy={confirmation?.status === 'deleting' || confirmation?.status === 'loading'}
      error={confirmation?.error ?? null}
      confirmDisabled={confirmation?.status === 'error'}
      onConfirm={() => void actions.confirm()}
      onCancel={() => actions.close()}
    />
  )
}
