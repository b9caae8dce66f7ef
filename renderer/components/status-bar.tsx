/** The status bar: the CommServe, the connection state and how many items the current list shows. */
import Box from '@mui/material/Box'
import { assertNever } from '../../app/model/assert'
import type { ConnectionState } from '../api/console-api'
import { useConnectionStore, useEventsStore, useTabsStore } from '../stores/stores-context'
import { layout } from '../theme'
import { TestClock } from './test-clock'

/** What a person reads for a connection state. */
export function connectionLabel(state: ConnectionState): string {
  switch (state) {
    case 'connected':
      return 'Connected'
    case 'connecting':
      return 'Connecting…'
    case 'disconnected':
      return 'Disconnected'
    default:
      return assertNever(state, 'connection state')
  }
}

/** The number of items in the active tab's list (null when it has none yet). */
function useActiveItemCount(): number | null {
  const listCount = useTabsStore((state) => {
    const active = state.tabs.find((tab) => tab.id === state.activeId)
    if (active === undefined || active.kind === 'events') return undefined
    return state.lists[active.id]?.table?.rows.length ?? null
  })
  const eventCount = useEventsStore((state) => state.events.length)
  return listCount === undefined ? eventCount : listCount
}

const sectionSx = { px: 3, display: 'flex', alignItems: 'center', gap: 1.5, borderRight: 1, borderColor: 'console.border' } as const

/** The status bar at the bottom of the window. */
export function StatusBar() {
  const state = useConnectionStore((store) => store.state)
  const info = useConnectionStore((store) => store.info)
  const count = useActiveItemCount()

  return (
    <Box
      component="footer"
      aria-label="Status bar"
      sx={{
        display: 'flex',
        alignItems: 'stretch',
        height: layout.statusBarHeight,
        bgcolor: 'console.chrome',
        borderTop: 1,
        borderColor: 'console.chromeBorder',
        fontSize: 12,
        flexShrink: 0,
        '& > *': { my: 0.75 },
      }}
    >
      <Box sx={sectionSx}>CommServe: {info?.commServe ?? '—'}</Box>
      <Box sx={sectionSx} role="status" aria-label="Connection">
        <Box
          component="span"
          aria-hidden
          sx={{
            width: 8,
            height: 8,
            borderRadius: '50%',
            bgcolor: state === 'connected' ? 'console.online' : state === 'connecting' ? 'console.severityMinor' : 'console.offline',
          }}
        />
        {connectionLabel(state)}
      </Box>
      {count !== null && <Box sx={sectionSx}>{`${count.toLocaleString()} ${count === 1 ? 'item' : 'items'}`}</Box>}
      <Box sx={{ flex: 1 }} />
      <TestClock />
      {info !== null && <Box sx={{ ...sectionSx, borderRight: 0, color: 'console.muted' }}>CommCell: {info.name}</Box>}
    </Box>
  )
}
