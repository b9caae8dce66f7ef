/**
 * The renderer's entry: makes sure a console api exists (the Electron preload provides `window.commcell`; in a
 * browser it is created here over the WebSocket), builds the stores and renders the console.
 */
import './zod-config'
import CssBaseline from '@mui/material/CssBaseline'
import { ThemeProvider } from '@mui/material/styles'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { connectionMonitor, consoleApi, registerConnectionMonitor } from './api/console-api'
import { createWebConsoleApi } from './api/web-console-api'
import { AppShell } from './components/app-shell'
import { createConsoleStores } from './stores/console-stores'
import { StoresProvider } from './stores/stores-context'
import { theme } from './theme'

if (window.commcell === undefined) {
  const web = createWebConsoleApi()
  window.commcell = web.api
  registerConnectionMonitor(web.connection)
}

const stores = createConsoleStores(consoleApi(), connectionMonitor())
const container = document.getElementById('root')
if (container === null) throw new Error('index.html has no #root element.')

createRoot(container).render(
  <StrictMode>
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <StoresProvider stores={stores}>
        <AppShell />
      </StoresProvider>
    </ThemeProvider>
  </StrictMode>,
)
