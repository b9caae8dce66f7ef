/** The context menu of a job row in a copy's View Jobs: exactly the items of `copyJobMenuFor` (Delete). */
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import { useRef } from 'react'
import { useDeleteJobStore } from '../stores/dialog-hooks'
import type { CopyJobMenuState } from '../stores/delete-job-store'
import { useStores } from '../stores/stores-context'

/** The open job row menu of a copy's View Jobs (one at a time, from the delete job store). */
export function CopyJobContextMenu() {
  const stores = useStores()
  const menu = useDeleteJobStore((state) => state.menu)
  // Keep the last job while the menu fades out, so its items do not vanish mid-animation.
  const lastMenu = useRef<CopyJobMenuState | null>(null)
  if (menu !== null) lastMenu.current = menu
  const shown = menu ?? lastMenu.current
  const close = (): void => stores.deleteJob.getState().closeMenu()

  return (
    <Menu
      open={menu !== null}
      onClose={close}
      anchorReference="anchorPosition"
      anchorPosition={shown?.position ?? { top: 0, left: 0 }}
      autoFocus={shown?.fromKeyboard ?? false}
      slotProps={{
        paper: { sx: { minWidth: 160, py: 0.5, border: 1, borderColor: 'console.chromeBorder' } },
        list: { 'aria-label': shown === null ? 'Job menu' : `Job ${shown.jobId} menu`, dense: true },
      }}
      onContextMenu={(event) => {
        event.preventDefault()
        close()
      }}
    >
      {(shown?.items ?? []).map((item) => (
        <MenuItem key={item.action} onClick={() => void stores.deleteJob.getState().runMenuAction(item.action)}>
          {item.label}
        </MenuItem>
      ))}
    </Menu>
  )
}
