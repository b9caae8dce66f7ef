/**
 * The Electron composition root: builds the backend once, serves the renderer on app://, opens the sandboxed
 * console window and binds IPC. Bundled to dist/main/electron-main.cjs (package.json `main`).
 *
 * Command line (forwarded by `npm start`): `--data-dir DIR`, `--empty`, `--demo-upgraded`; anything else (Chromium
 * switches, Playwright's) is ignored. Environment: `COMMCELL_SQLITE_BINDING`, the Electron-ABI better-sqlite3
 * binding the launcher built (development only; packaged apps carry their own rebuilt module).
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron'
import { join, resolve } from 'node:path'
import { createBackend, type Backend } from '../backend'
import { productName } from '../launcher/data-dir'
import { isDataDirInUseError } from '../launcher/data-dir-lock'
import { sqliteBindingEnv } from '../launcher/electron-native'
import { parseHostArgs } from '../launcher/start-args'
import { serveAppRequest } from './app-protocol'
import { registerIpc } from './ipc'
import {
  appEntryUrl,
  appScheme,
  appSchemePrivileges,
  blockDevTools,
  denyAllPermissions,
  hardenWebContents,
  secureWebPreferences,
} from './security'

/** dist/main, where this bundle, the preload and (beside it) the renderer build live. */
const distMain = __dirname
const rendererDir = join(distMain, '..', 'renderer')
const preloadPath = join(distMain, 'preload.cjs')

// In development Electron is started as `electron <script> ...args`; packaged, as `<app> ...args`.
const hostArgs = parseHostArgs(process.argv.slice(app.isPackaged ? 1 : 2))

// The name and data folder are fixed before anything reads them: Electron derives userData (and the single-instance
// lock) from them. The data folder is the backend's too; Chromium's own files go to a subfolder of it.
app.setName(productName)
app.setPath('userData', hostArgs.dataDir === undefined ? join(app.getPath('appData'), productName) : resolve(hostArgs.dataDir))
const dataDir = app.getPath('userData')
app.setPath('sessionData', join(dataDir, 'Chromium'))

// Every renderer sandboxed, whatever a window asks for; app:// registered before the app is ready (Electron's rule).
app.enableSandbox()
protocol.registerSchemesAsPrivileged([appSchemePrivileges])

// A packaged app loads the better-sqlite3 electron-builder rebuilt; a stray variable must not replace it.
if (app.isPackaged) delete process.env[sqliteBindingEnv]

let backend: Backend | undefined
let disposeIpc: (() => void) | undefined
let mainWindow: BrowserWindow | undefined
let closing: Promise<void> | undefined

/** Opens the console window. */
function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: productName,
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(preloadPath, app.isPackaged),
  })
  window.once('ready-to-show', () => window.show())
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = undefined
  })
  void window.loadURL(appEntryUrl)
  return window
}

/** Shows a startup failure and quits with exit code 1. */
function fail(title: string, error: unknown): void {
  // Another console holds the data folder: its one line says which, and what to do.
  if (isDataDirInUseError(error)) {
    console.error(error.message)
    dialog.showErrorBox(productName, error.message)
    app.exit(1)
    return
  }
  const message = error instanceof Error ? error.message : String(error)
  console.error(`${title}: ${message}`)
  dialog.showErrorBox(title, message)
  app.exit(1)
}

/** After `ready`: backend (and its first-start demo data), permissions, protocol, IPC, window. */
async function start(): Promise<void> {
  try {
    // The CJS bundle has no import.meta: name the worker bundle beside it.
    backend = createBackend({ dataDir, profile: hostArgs.profile, host: 'electron', workerPath: join(__dirname, 'media-agent-worker.js') })
    await backend.ready
  } catch (error) {
    fail(`${productName} could not open its catalog in ${dataDir}`, error)
    return
  }
  denyAllPermissions(session.defaultSession)
  protocol.handle(appScheme, (request) => serveAppRequest(rendererDir, request))
  disposeIpc = registerIpc(ipcMain, backend, () =>
    BrowserWindow.getAllWindows().map((window) => window.webContents),
  )
  // The console draws its own menu bar; macOS keeps the standard menu for Cmd+C/Cmd+V and Quit.
  if (process.platform !== 'darwin') Menu.setApplicationMenu(null)
  mainWindow = createWindow()
}

if (!app.requestSingleInstanceLock()) {
  // Another console already has this data folder open; it is brought to the front (second-instance below).
  app.quit()
} else {
  app.on('second-instance', () => {
    if (backend === undefined) return
    if (mainWindow === undefined) {
      mainWindow = createWindow()
      return
    }
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  // Every WebContents (windows, frames, anything created later) gets the navigation and window rules.
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => {
      shell.openExternal(url).catch((error: unknown) => console.error(`Could not open ${url}:`, error))
    })
    if (app.isPackaged) blockDevTools(contents)
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (backend !== undefined && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow()
  })

  // Close the backend (services stop, catalog closes cleanly) before the process ends.
  app.on('will-quit', (event) => {
    if (backend === undefined) return
    event.preventDefault()
    if (closing !== undefined) return
    disposeIpc?.()
    disposeIpc = undefined
    const closingBackend = backend
    closing = closingBackend
      .close()
      .catch((error: unknown) => console.error('The backend did not close cleanly:', error))
      .finally(() => {
        backend = undefined
        app.quit()
      })
  })

  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail(`${productName} could not start`, error))
}
