/** The menu bar: View (Refresh F5, Event Viewer, Job Controller) and Support (About CommCell Browser). */
import Box from '@mui/material/Box'
import Menu from '@mui/material/Menu'
import MenuItem from '@mui/material/MenuItem'
import { useRef, useState, type KeyboardEvent } from 'react'
import { useStores } from '../stores/stores-context'
import { layout } from '../theme'

/** One command of a menu bar menu. */
interface MenuCommand {
  readonly label: string
  readonly shortcut?: string
  readonly run: () => void
}

/** One menu of the menu bar. */
interface BarMenu {
  readonly label: string
  readonly commands: readonly MenuCommand[]
}

/** The application menu bar. */
export function MenuBar() {
  const stores = useStores()
  const [openIndex, setOpenIndex] = useState<number | null>(null)
  const buttons = useRef<(HTMLButtonElement | null)[]>([])

  const menus: readonly BarMenu[] = [
    {
      label: 'View',
      commands: [
        { label: 'Refresh', shortcut: 'F5', run: stores.refreshView },
        { label: 'Event Viewer', run: stores.openEventViewer },
        { label: 'Job Controller', run: stores.openJobController },
      ],
    },
    {
      label: 'Support',
      commands: [{ label: 'About CommCell Browser', run: () => stores.dialogs.getState().setAboutOpen(true) }],
    },
  ]

  const moveTo = (index: number): void => {
    const next = (index + menus.length) % menus.length
    setOpenIndex(next)
    buttons.current[next]?.focus()
  }
  const onMenuKeyDown = (event: KeyboardEvent): void => {
    if (openIndex === null) return
    if (event.key === 'ArrowRight') moveTo(openIndex + 1)
    else if (event.key === 'ArrowLeft') moveTo(openIndex - 1)
  }

  return (
    <Box
      role="menubar"
      aria-label="Menu bar"
      sx={{
        display: 'flex',
        alignItems: 'stretch',
        height: layout.menuBarHeight,
        px: 1,
        bgcolor: 'console.chrome',
        borderBottom: 1,
        borderColor: 'console.border',
        flexShrink: 0,
      }}
    >
      {menus.map((menu, index) => (
        <Box key={menu.label} sx={{ display: 'flex' }}>
          <Box
            component="button"
            type="button"
            role="menuitem"
            aria-haspopup="menu"
            aria-expanded={openIndex === index}
            ref={(element: HTMLButtonElement | null) => {
              buttons.current[index] = element
            }}
            onClick={() => setOpenIndex(openIndex === index ? null : index)}
            onMouseEnter={() => {
              if (openIndex !== null && openIndex !== index) setOpenIndex(index)
            }}
            onKeyDown={(event: KeyboardEvent) => {
              if (event.key === 'ArrowDown') {
                event.preventDefault()
                setOpenIndex(index)
              } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
                event.preventDefault()
                buttons.current[(index + (event.key === 'ArrowRight' ? 1 : -1) + menus.length) % menus.length]?.focus()
              }
            }}
            sx={{
              all: 'unset',
              px: 2.5,
              display: 'flex',
              alignItems: 'center',
              cursor: 'default',
              fontSize: layout.fontSize,
              bgcolor: openIndex === index ? 'console.selection' : 'transparent',
              '&:hover, &:focus-visible': { bgcolor: 'console.hover' },
            }}
          >
            {menu.label}
          </Box>
          <Menu
            open={openIndex === index}
            anchorEl={buttons.current[index] ?? null}
            onClose={() => setOpenIndex(null)}
            anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
            transformOrigin={{ vertical: 'top', horizontal: 'left' }}
            slotProps={{
              paper: { sx: { minWidth: 200, border: 1, borderColor: 'console.chromeBorder' } },
              list: { 'aria-label': menu.label, dense: true, onKeyDown: onMenuKeyDown },
            }}
          >
            {menu.commands.map((command) => (
              <MenuItem
                key={command.label}
                onClick={() => {
                  setOpenIndex(null)
                  command.run()
                }}
              >
                <Box component="span" sx={{ flex: 1 }}>
                  {command.label}
                </Box>
                {command.shortcut !== undefined && (
                  <Box component="span" aria-hidden sx={{ color: 'console.muted', ml: 6 }}>
                    {command.shortcut}
                  </Box>
                )}
              </MenuItem>
            ))}
          </Menu>
        </Box>
      ))}
    </Box>
  )
}
