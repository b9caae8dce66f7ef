/** The context menu of a job row in a copy's View Jobs: exactly the items of `copyJobMenuFor` (Delete). */
import { useDeleteJobStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { JobRowMenu } from './job-row-menu'
import { useWhileClosing } from './use-while-closing'

/** The open job row menu of a copy's View Jobs (one at a time, from the delete job store). */
export function CopyJobContextMenu() {
  const stores = useStores()
  const menu = useDeleteJobStore((state) => state.menu)
  const shown = useWhileClosing(menu)
  return (
    <JobRowMenu
      open={menu !== null}
      jobId={shown?.jobId ?? null}
      position={shown?.position ?? null}
      autoFocus={shown?.fromKeyboard ?? false}
      items={shown?.items ?? []}
      onChoose={(action) => void stores.deleteJob.getState().runMenuAction(action)}
      onClose={() => stores.deleteJob.getState().closeMenu()}
    />
  )
}
