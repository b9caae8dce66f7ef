/** The menu of a job row (the Job Controller's, a copy's View Jobs): its items, named `Job N menu`. */
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import { useEffect, useRef } from 'react'
import type { MenuPosition } from '../stores/dialogs-store'
import { useWhileClosing } from './use-while-closing'

/** What a job row menu shows and does. */
export interface JobRowMenuProps<A extends string> {
  readonly open: boolean
  /** The job (null before any menu opened). */
  readonly jobId: number | null
  readonly position: MenuPosition | null
  /** Whether the first item takes the focus (MUI's default: yes). */
  readonly autoFocus?: boolean
  readonly items: readonly { readonly action: A; readonly label: string }[]
  readonly onChoose: (action: A) => void
  readonly onClose: () => void
}

/**
 * A job row's menu; a right click on its backdrop closes it instead of opening the browser's menu. Its entries follow
 * the job's status: when the job ends while the menu is open, the focused entry (Suspend, Kill) may go with it, and
 * the focus would fall to the page, out of reach of the menu's Escape; it goes back to the menu instead.
 */
export function JobRowMenu<A extends string>({ open, jobId, position, autoFocus = true, items, onChoose, onClose }: JobRowMenuProps<A>) {
  const root = useRef<HTMLDivElement>(null)
  const itemsKey = items.map((item) => item.action).join(' ')
  const shownKey = useRef(itemsKey)
  useEffect(() => {
    const changed = shownKey.current !== itemsKey
    shownKey.current = itemsKey
    if (!open || !changed) return
    const active = document.activeElement
    if (active === null || active === document.body || !root.current?.contains(active)) {
      root.current?.querySelector<HTMLElement>('[role="menu"]')?.focus()
    }
  }, [open, itemsKey])
  return (
    <Menu
      ref={root}
      open={open}
      onClose={onClose}
      anchorReference="anchorPosition"
      anchorPosition={position ?? { top: 0, left: 0 }}
      autoFocus={autoFocus}
      slotProps={{
        paper: { sx: { minWidth: 160, py: 0.5, border: 1, borderColor: 'console.chromeBorder' } },
        list: { 'aria-label': jobId === null ? 'Job menu' : `Job ${jobId} menu`, dense: true },
      }}
      onContextMenu={(event) => {
        event.preventDefault()
        onClose()
      }}
    >
      {items.map((item) => (
        <MenuItem key={item.action} onClick={() => onChoose(item.action)}>
          {item.label}
        </MenuItem>
      ))}
    </Menu>
  )
}

/** What a store keeps of an open job row menu. */
export interface OpenJobRowMenu<A extends string> {
  readonly jobId: number
  readonly position: MenuPosition
  /** Opened by Shift+F10 or the menu key: the first item takes the focus. */
  readonly fromKeyboard: boolean
  readonly items: readonly { readonly action: A; readonly label: string }[]
}

/** The job row menu a store holds open (one at a time), kept as it was while it fades out. */
export function StoredJobRowMenu<A extends string>({ menu, onChoose, onClose }: {
  readonly menu: OpenJobRowMenu<A> | null
  readonly onChoose: (action: A) => void
  readonly onClose: () => void
}) {
  const shown = useWhileClosing(menu)
  return (
    <JobRowMenu
      open={menu !== null}
      jobId={shown?.jobId ?? null}
      position={shown?.position ?? null}
      autoFocus={shown?.fromKeyboard ?? false}
      items={shown?.items ?? []}
      onChoose={onChoose}
      onClose={onClose}
    />
  )
}
