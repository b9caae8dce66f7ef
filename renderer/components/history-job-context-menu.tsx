/** The context menu of a Job History row: exactly the items of `historyJobMenuFor` (Details). */
import { useJobHistoryStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { StoredJobRowMenu } from './job-row-menu'

/** The open menu of a Job History row (one at a time, from the job history store). */
export function HistoryJobContextMenu() {
  const stores = useStores()
  const menu = useJobHistoryStore((state) => state.menu)
  return (
    <StoredJobRowMenu
      menu={menu}
      onChoose={(action) => stores.jobHistory.getState().runMenuAction(action)}
      onClose={() => stores.jobHistory.getState().closeMenu()}
    />
  )
}
