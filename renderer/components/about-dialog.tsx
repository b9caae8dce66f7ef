/** Support > About CommCell Browser: the product, its version and the CommCell it is connected to. */
import DnsIcon from '@mui/icons-material/Dns'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import { useId } from 'react'
import { useConnectionStore, useDialogsStore, useStores } from '../stores/stores-context'

/** The About dialog. */
export function AboutDialog() {
  const stores = useStores()
  const open = useDialogsStore((state) => state.aboutOpen)
  const info = useConnectionStore((state) => state.info)
  const titleId = useId()
  const close = (): void => stores.dialogs.getState().setAboutOpen(false)
  const rows: [string, string][] = info
    ? [
        ['Version', info.version],
        ['CommCell', info.name],
        ['CommServe', info.commServe],
        ['Host', info.host === 'electron' ? 'Desktop (Electron)' : 'Browser'],
        ['Data folder', info.dataDir],
      ]
    : [['Version', 'Unknown (not connected)']]

  return (
    <Dialog open={open} onClose={close} maxWidth="xs" fullWidth aria-labelledby={titleId}>
      <DialogTitle id={titleId} sx={{ bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        About CommCell Browser
      </DialogTitle>
      <DialogContent sx={{ display: 'flex', gap: 4, pt: '16px !important' }}>
        <DnsIcon aria-hidden sx={{ fontSize: 40, color: 'console.iconServer' }} />
        <Box sx={{ minWidth: 0 }}>
          <Box sx={{ fontSize: 16, fontWeight: 600, mb: 2 }}>CommCell Browser</Box>
          <Box component="dl" sx={{ m: 0, display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 3, rowGap: 1 }}>
            {rows.map(([label, value]) => [
              <Box component="dt" key={`${label}-term`} sx={{ color: 'console.muted' }}>
                {label}
              </Box>,
              <Box component="dd" key={label} sx={{ m: 0, wordBreak: 'break-all' }}>
                {value}
              </Box>,
            ])}
          </Box>
          <Box sx={{ mt: 3, color: 'console.muted' }}>
            A console for backup administrators in the manner of the CommCell Console.
          </Box>
        </Box>
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2 }}>
        <Button variant="contained" onClick={close} sx={{ minWidth: 80 }} autoFocus>
          OK
        </Button>
      </DialogActions>
    </Dialog>
  )
}
