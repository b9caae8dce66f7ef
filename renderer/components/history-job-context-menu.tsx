/** The context menu of a Job History row: exactly the items of `historyJobMenuFor` (Details). */
import { useJobHistoryStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { JobRowMenu } from './job-row-menu'
import { useWhileClosing } from './use-while-closing'

/** The open menu of a Job History row (one at a time, from the job history store). */
export function HistoryJobContextMenu() {
  const stores = useStores()
  const menu = useJobHistoryStore((state) => state.menu)
  const shown = useWhileClosing(menu)
  return (
    <JobRowMenu
      open={menu !== null}
      jobId={shown?.jobId ?? null}
      position={shown?.position ?? null}
      autoFocus={shown?.fromKeyboard ?? false}
      items={shown?.items ?? []}
      onChoose={(action) => stores.jobHistory.getState().runMenuAction(action)}
      onClose={() => stores.jobHistory.getState().closeMenu()}
    />
  )
}
