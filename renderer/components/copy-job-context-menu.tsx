/** The context menu of a job row in a copy's View Jobs: exactly the items of `copyJobMenuFor` (Delete). */
import { useDeleteJobStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { StoredJobRowMenu } from './job-row-menu'

/** The open job row menu of a copy's View Jobs (one at a time, from the delete job store). */
export function CopyJobContextMenu() {
  const stores = useStores()
  const menu = useDeleteJobStore((state) => state.menu)
  return (
    <StoredJobRowMenu
      menu={menu}
      onChoose={(action) => void stores.deleteJob.getState().runMenuAction(action)}
      onClose={() => stores.deleteJob.getState().closeMenu()}
    />
  )
}
