/** The question of Data Aging (right-click the CommCell > All Tasks > Data Aging). */
import { useStore } from 'zustand'
import { useStores } from '../stores/stores-context'
import { ConfirmDialog } from './confirm-dialog'

/** Data Aging: what it does, then OK starts the job. */
export function DataAgingDialog() {
  const stores = useStores()
  const question = useStore(stores.dataAging, (state) => state.question)
  const actions = stores.dataAging.getState()
  return (
    <ConfirmDialog
      open={question !== null}
      title="Data Aging"
      message={
        'Run Data Aging now on every storage policy copy? Jobs whose retention (days and cycles) has passed are marked ' +
        'Aged and their data is removed from the libraries; jobs a copy has not copied yet, jobs retained with Retain ' +
        "Job and the latest cycle of each subclient are kept. A copy's View Jobs says why each job has not aged."
      }
      confirmLabel="OK"
      cancelLabel="Cancel"
      busy={question?.status === 'starting'}
      error={question?.error ?? null}
      onConfirm={() => void actions.confirm()}
      onCancel={() => actions.close()}
    />
  )
}
