/**
 * The right pane: a tab strip (the selected node's contents first, then View Jobs, Event Viewer, Job Controller and
 * Alerts tabs, which close with their ×, a middle click, or Delete) and the active tab's panel.
 */
import CloseIcon from '@mui/icons-material/Close'
import WarningAmberIcon from '@mui/icons-material/WarningAmber'
import EventNoteIcon from '@mui/icons-material/EventNote'
import FolderOpenIcon from '@mui/icons-material/FolderOpen'
import ViewListIcon from '@mui/icons-material/ViewList'
import WorkHistoryIcon from '@mui/icons-material/WorkHistory'
import Box from '@mui/material/Box'
import Tab from '@mui/material/Tab'
import Tabs from '@mui/material/Tabs'
import { useCallback, type KeyboardEvent, type MouseEvent, type SyntheticEvent } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { assertNever } from '../../app/model/assert'
import type { PaneTab } from '../stores/tabs-store'
import { useStores, useTabsStore } from '../stores/stores-context'
import { layout } from '../theme'
import { AlertsView } from './alerts-view'
import { BrowseView } from './browse-view'
import { EventViewer } from './event-viewer'
import { JobController } from './job-controller'
import { NodeIcon, nodeIconSx } from './node-icon'
import { NodeListView } from './node-list-view'

/** The DOM id of a tab (its panel is labelled by it). */
function tabDomId(id: string): string {
  return `pane-tab-${id.replace(/[^a-zA-Z0-9_-]/g, '_')}`
}

function TabIcon({ tab }: { tab: PaneTab }) {
  switch (tab.kind) {
    case 'contents':
      return tab.node ? <NodeIcon kind={tab.node.kind} /> : null
    case 'jobs':
      return <WorkHistoryIcon aria-hidden sx={{ fontSize: 16, color: 'console.iconPolicy' }} />
    case 'events':
      return <EventNoteIcon aria-hidden sx={{ fontSize: 16, color: 'console.iconSchedule' }} />
    case 'jobController':
      return <ViewListIcon aria-hidden sx={{ fontSize: 16, color: 'console.iconServer' }} />
    case 'alerts':
      return <WarningAmberIcon aria-hidden sx={{ fontSize: 16, color: 'console.severityMinor' }} />
    case 'browse':
      return <FolderOpenIcon aria-hidden sx={{ fontSize: 16, color: 'console.iconFolder' }} />
    default:
      return assertNever(tab.kind, 'tab kind')
  }
}

function TabPanelContent({ tab }: { tab: PaneTab }) {
  switch (tab.kind) {
    case 'contents':
    case 'jobs':
      return <NodeListView tabId={tab.id} label={tab.label} />
    case 'events':
      return <EventViewer />
    case 'jobController':
      return <JobController />
    case 'alerts':
      return <AlertsView />
    case 'browse':
      return <BrowseView />
    default:
      return assertNever(tab.kind, 'tab kind')
  }
}

/** The tabbed content area on the right. */
export function ContentTabs() {
  const stores = useStores()
  const { tabs, activeId } = useTabsStore(useShallow((state) => ({ tabs: state.tabs, activeId: state.activeId })))
  const active = tabs.find((tab) => tab.id === activeId) ?? tabs[0]

  const onChange = useCallback((_event: SyntheticEvent, id: string) => stores.tabs.getState().activate(id), [stores])
  const close = useCallback((id: string) => stores.tabs.getState().close(id), [stores])

  return (
    <Box sx={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', bgcolor: 'console.pane', ...nodeIconSx }}>
      <Tabs
        value={active?.id ?? false}
        onChange={onChange}
        variant="scrollable"
        scrollButtons="auto"
        aria-label="Content tabs"
        sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.chromeBorder', flexShrink: 0 }}
      >
        {tabs.map((tab) => (
          <Tab
            key={tab.id}
            value={tab.id}
            id={tabDomId(tab.id)}
            aria-controls={`${tabDomId(tab.id)}-panel`}
            aria-label={tab.label}
            aria-keyshortcuts={tab.closable ? 'Delete' : undefined}
            onAuxClick={(event: MouseEvent) => {
              if (event.button === 1 && tab.closable) close(tab.id)
            }}
            onKeyDown={(event: KeyboardEvent) => {
              if (event.key === 'Delete' && tab.closable) close(tab.id)
            }}
            sx={{ bgcolor: tab.id === active?.id ? 'console.pane' : 'transparent', borderRight: 1, borderColor: 'console.border' }}
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1.5, maxWidth: 280 }}>
                <TabIcon tab={tab} />
                <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                  {tab.label}
                </Box>
                {tab.closable && (
                  // A tab's content is presentational to assistive technology, so this × is for the pointer only
                  // (and would otherwise add a second button named after the tab); the keyboard closes with Delete.
                  <Box
                    component="span"
                    aria-hidden
                    title={`Close ${tab.label}`}
                    onMouseDown={(event: MouseEvent) => event.stopPropagation()}
                    onClick={(event: MouseEvent) => {
                      event.stopPropagation()
                      close(tab.id)
                    }}
                    sx={{
                      display: 'inline-flex',
                      ml: 0.5,
                      borderRadius: 0.5,
                      color: 'console.muted',
                      '&:hover': { bgcolor: 'console.hover', color: 'text.primary' },
                    }}
                  >
                    <CloseIcon aria-hidden sx={{ fontSize: 14 }} />
                  </Box>
                )}
              </Box>
            }
          />
        ))}
      </Tabs>
      {active !== undefined && (
        <Box
          role="tabpanel"
          id={`${tabDomId(active.id)}-panel`}
          aria-labelledby={tabDomId(active.id)}
          sx={{ flex: 1, minHeight: 0, fontSize: layout.fontSize }}
        >
          <TabPanelContent tab={active} />
        </Box>
      )}
    </Box>
  )
}
