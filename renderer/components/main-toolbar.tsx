/** The toolbar under the menu bar: icon-and-label buttons for the common commands. */
import EventNoteIcon from '@mui/icons-material/EventNote'
import FileCopyIcon from '@mui/icons-material/FileCopyOutlined'
import RefreshIcon from '@mui/icons-material/Refresh'
import ViewListIcon from '@mui/icons-material/ViewList'
import WarningAmberIcon from '@mui/icons-material/WarningAmber'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Divider from '@mui/material/Divider'
import { useStores } from '../stores/stores-context'
import { layout } from '../theme'

const buttonSx = {
  color: 'text.primary',
  px: 2,
  py: 0.5,
  gap: 0,
  fontSize: layout.fontSize,
  '&:hover': { bgcolor: 'console.hover' },
  '& .MuiButton-startIcon': { mr: 1.5 },
  '& .MuiButton-startIcon svg': { fontSize: 18 },
} as const

/** The main toolbar. */
export function MainToolbar() {
  const stores = useStores()
  return (
    <Box
      role="toolbar"
      aria-label="Main toolbar"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        height: layout.toolbarHeight,
        px: 2,
        bgcolor: 'console.chrome',
        borderBottom: 1,
        borderColor: 'console.chromeBorder',
        flexShrink: 0,
      }}
    >
      <Button
        startIcon={<RefreshIcon sx={{ color: 'console.iconPolicy' }} />}
        onClick={stores.refreshView}
        title="Refresh (F5)"
        sx={buttonSx}
      >
        Refresh
      </Button>
      <Divider orientation="vertical" flexItem sx={{ my: 1.5 }} />
      <Button
        startIcon={<EventNoteIcon sx={{ color: 'console.iconSchedule' }} />}
        onClick={stores.openEventViewer}
        sx={buttonSx}
      >
        Event Viewer
      </Button>
      <Button
        startIcon={<ViewListIcon sx={{ color: 'console.iconServer' }} />}
        onClick={stores.openJobController}
        title="Running and recent jobs"
        sx={buttonSx}
      >
        Job Controller
      </Button>
      <Button
        startIcon={<WarningAmberIcon sx={{ color: 'console.severityMinor' }} />}
        onClick={stores.openAlerts}
        title="Open alerts, and those cleared in the last 24 hours"
        sx={buttonSx}
      >
        Alerts
      </Button>
      <Divider orientation="vertical" flexItem sx={{ my: 1.5 }} />
      <Button
        startIcon={<FileCopyIcon sx={{ color: 'console.iconCopy' }} />}
        onClick={stores.openAuxCopy}
        title="Copy a storage policy's backups to its secondary copies now"
        sx={buttonSx}
      >
        Run Auxiliary Copy
      </Button>
    </Box>
  )
}
