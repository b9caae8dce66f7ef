/** The context menu of the selected job rows in a copy's View Jobs: exactly the items of `copyJobMenuFor`. */
import { useCopyJobsStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { StoredJobRowMenu } from './job-row-menu'

/** The open job row menu of a copy's View Jobs (one at a time, from the copy jobs store). */
export function CopyJobContextMenu() {
  const stores = useStores()
  const menu = useCopyJobsStore((state) => state.menu)
  return (
    <StoredJobRowMenu
      menu={menu}
      onChoose={(action) => void stores.copyJobs.getState().runMenuAction(action)}
      onClose={() => stores.copyJobs.getState().closeMenu()}
    />
  )
}
