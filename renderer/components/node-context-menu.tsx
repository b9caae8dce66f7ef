/**
 * The context menu of a tree node (or of a list row standing for one): exactly the entries of
 * `contextMenuFor(kind, facts)`, opened at the pointer, with `All Tasks` as a nested submenu that opens to the right on
 * hover, click, Enter or ArrowRight and closes on ArrowLeft or Escape. Escape closes the open submenu first, then its
 * menu, however the submenu was opened (one opened by hover leaves the focus in its parent menu, whose MUI modal is not
 * the top one and would ignore the key).
 */
import ArrowRightIcon from '@mui/icons-material/ArrowRight'
import Divider from '@mui/material/Divider'
import ListItemText from '@mui/material/ListItemText'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import { useCallback, useState, type KeyboardEvent, type ReactElement } from 'react'
import type { TreeNode } from '../../app/model/tree'
import { contextMenuFor, type MenuAction, type MenuEntry } from '../../app/rules/context-menu'
import { useDialogsStore, useStores } from '../stores/stores-context'
import { useWhileClosing } from './use-while-closing'

interface OpenSubmenu {
  /** The menu opening this belongs to: a new opening starts with every submenu closed. */
  readonly owner: unknown
  /** The path of the submenu entry (its index in the parent's entries). */
  readonly key: string
  readonly anchor: HTMLElement
  /** Whether its first item takes focus (opened from the keyboard or by click). */
  readonly focusFirst: boolean
}

const menuPaperSx = { minWidth: 180, py: 0.5, border: 1, borderColor: 'console.chromeBorder' } as const

interface EntriesProps {
  readonly entries: readonly MenuEntry[]
  readonly path: string
  readonly node: TreeNode
  readonly run: (action: MenuAction, node: TreeNode) => void
  readonly owner: unknown
}

/** Renders menu entries (items, dividers, submenus) as the children of a MUI `Menu`. */
function useMenuEntries({ entries, path, node, run, owner }: EntriesProps): {
  readonly items: ReactElement[]
  readonly submenus: ReactElement[]
  /** The menu list's key handler: Escape closes this menu's open submenu (and goes no further) when one is open. */
  readonly onListKeyDown: (event: KeyboardEvent) => void
} {
  const [open, setOpen] = useState<OpenSubmenu | null>(null)
  const closeSubmenu = useCallback((refocus: boolean) => {
    setOpen((current) => {
      if (refocus) current?.anchor.focus()
      return null
    })
  }, [])

  const submenuOpen = open !== null && open.owner === owner
  const onListKeyDown = useCallback(
    (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !submenuOpen) return
      event.preventDefault()
      event.stopPropagation()
      closeSubmenu(true)
    },
    [submenuOpen, closeSubmenu],
  )

  const items: ReactElement[] = []
  const submenus: ReactElement[] = []
  entries.forEach((entry, index) => {
    const key = `${path}/${index}`
    switch (entry.type) {
      case 'divider':
        items.push(<Divider key={key} sx={{ my: 0.5 }} />)
        return
      case 'item':
        items.push(
          <MenuItem key={key} onMouseEnter={() => setOpen(null)} onClick={() => run(entry.action, node)}>
            {entry.label}
          </MenuItem>,
        )
        return
      case 'submenu': {
        const isOpen = open?.key === key && open.owner === owner
        const openIt = (anchor: HTMLElement, focusFirst: boolean): void => setOpen({ owner, key, anchor, focusFirst })
        items.push(
          <MenuItem
            key={key}
            aria-haspopup="menu"
            aria-expanded={isOpen}
            selected={isOpen}
            onMouseEnter={(event) => {
              if (!isOpen) openIt(event.currentTarget, false)
            }}
            onClick={(event) => openIt(event.currentTarget, true)}
            onKeyDown={(event: KeyboardEvent<HTMLLIElement>) => {
              if (event.key === 'ArrowRight' || event.key === 'Enter' || event.key === ' ') {
                event.preventDefault()
                event.stopPropagation()
                openIt(event.currentTarget, true)
              }
            }}
          >
            <ListItemText>{entry.label}</ListItemText>
            <ArrowRightIcon aria-hidden sx={{ fontSize: 18, mr: -1, color: 'console.muted' }} />
          </MenuItem>,
        )
        submenus.push(
          <Submenu
            key={key}
            label={entry.label}
            open={isOpen}
            anchor={isOpen ? open.anchor : null}
            focusFirst={isOpen && open.focusFirst}
            onClose={closeSubmenu}
            entries={entry.items}
            path={key}
            node={node}
            run={run}
            owner={owner}
          />,
        )
        return
      }
      default:
        return
    }
  })
  return { items, submenus, onListKeyDown }
}

interface SubmenuProps extends EntriesProps {
  readonly label: string
  readonly open: boolean
  readonly anchor: HTMLElement | null
  readonly focusFirst: boolean
  readonly onClose: (refocus: boolean) => void
}

/** A nested menu, beside its parent item. Not modal: the parent menu stays usable under the pointer. */
function Submenu({ label, open, anchor, focusFirst, onClose, ...entries }: SubmenuProps) {
  const { items, submenus, onListKeyDown } = useMenuEntries(entries)
  return (
    <>
      <Menu
        open={open && anchor !== null}
        anchorEl={anchor}
        anchorOrigin={{ vertical: 'top', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'left' }}
        onClose={() => onClose(true)}
        autoFocus={focusFirst}
        disableAutoFocus={!focusFirst}
        disableEnforceFocus
        disableRestoreFocus
        hideBackdrop
        sx={{ pointerEvents: 'none' }}
        slotProps={{
          // Shifted up by the list's top padding and border, so its first item lines up with the parent item.
          paper: { sx: { ...menuPaperSx, pointerEvents: 'auto', mt: '-11px', ml: '-2px' } },
          list: {
            'aria-label': label,
            dense: true,
            onKeyDown: (event: KeyboardEvent) => {
              onListKeyDown(event)
              if (event.key === 'ArrowLeft') {
                event.preventDefault()
                event.stopPropagation()
                onClose(true)
              }
            },
          },
        }}
      >
        {items}
      </Menu>
      {submenus}
    </>
  )
}

/** The open node context menu (one at a time, from the dialogs store). */
export function NodeContextMenu() {
  const stores = useStores()
  const menu = useDialogsStore((state) => state.contextMenu)
  const shown = useWhileClosing(menu)
  const node = shown?.node ?? null
  const facts = shown?.facts

  const close = useCallback(() => stores.dialogs.getState().closeContextMenu(), [stores])
  const run = useCallback(
    (action: MenuAction, target: TreeNode) => {
      close()
      stores.runAction(action, target)
    },
    [stores, close],
  )
  const { items, submenus, onListKeyDown } = useMenuEntries({
    entries: node === null ? [] : contextMenuFor(node.kind, facts),
    path: node?.id ?? '',
    node: node ?? placeholderNode,
    run,
    owner: menu,
  })

  return (
    <>
      <Menu
        open={menu !== null}
        onClose={close}
        anchorReference="anchorPosition"
        anchorPosition={menu?.position ?? { top: 0, left: 0 }}
        slotProps={{
          paper: { sx: menuPaperSx },
          list: { 'aria-label': node === null ? 'Context menu' : `${node.name} menu`, dense: true, onKeyDown: onListKeyDown },
        }}
        onContextMenu={(event) => {
          // A right click on the menu's backdrop closes it instead of opening the browser's menu.
          event.preventDefault()
          close()
        }}
      >
        {items}
      </Menu>
      {menu !== null && submenus}
    </>
  )
}

const placeholderNode: TreeNode = { id: 'commcell', kind: 'commcell', name: '', hasChildren: false, detail: '' }
