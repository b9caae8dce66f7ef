/**
 * The desktop window's wiring and security, driven through Playwright's Electron support. Runs wherever the Electron
 * runtime is installed (node_modules/electron/dist); elsewhere every test reports a skip saying so.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { electronPackageDir, locateElectronBinary } from '../../main/launcher/electron-binary'
import { ensureElectronSqliteBinding, sqliteBindingEnv } from '../../main/launcher/electron-native'

const projectRoot = resolve(import.meta.dirname, '..', '..')
const runtime = locateElectronBinary(electronPackageDir(join(projectRoot, 'package.json')))

test.describe.configure({ mode: 'serial' })
test.skip(
  !runtime.found,
  'Electron binary not installed (node_modules/electron/dist missing); the electron project runs where it exists',
)

let app: ElectronApplication
let page: Page
let dataDir: string

test.beforeAll(async () => {
  if (!runtime.found) return
  // The first run builds better-sqlite3 for Electron's ABI (a download or a compile): allow it the time.
  test.setTimeout(15 * 60_000)
  const mainScript = join(projectRoot, 'dist', 'main', 'electron-main.cjs')
  if (!existsSync(mainScript)) throw new Error(`${mainScript} is missing: run \`node build.mjs\` first.`)
  const binding = await ensureElectronSqliteBinding({ root: projectRoot, electronVersion: runtime.version })
  if (!binding.ok) throw new Error(`better-sqlite3 could not be built for Electron: ${binding.message} (log: ${binding.logFile})`)

  dataDir = mkdtempSync(join(tmpdir(), 'commcell-electron-'))
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  delete env['ELECTRON_RUN_AS_NODE']
  env[sqliteBindingEnv] = binding.bindingFile
  app = await electron.launch({
    executablePath: runtime.executable,
    args: [mainScript, '--data-dir', dataDir],
    cwd: projectRoot,
    env,
  })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})

test.afterAll(async () => {
  await app?.close()
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
})

test('the console opens in one window titled CommCell Browser, served from app://', async () => {
  const windows = await app.evaluate(({ BrowserWindow }) =>
    BrowserWindow.getAllWindows().map((window) => ({ title: window.getTitle(), bounds: window.getBounds() })),
  )
  expect(windows).toHaveLength(1)
  expect(windows[0]!.title).toContain('CommCell Browser')
  expect(page.url()).toBe('app://commcell/index.html')
})

test('the window is sandboxed and isolated: no require, no process, only window.commcell', async () => {
  const globals = await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>
    const api = w['commcell'] as Record<string, unknown> | undefined
    return {
      require: typeof w['require'],
      process: typeof w['process'],
      module: typeof w['module'],
      ipcRenderer: typeof w['ipcRenderer'],
      electron: typeof w['electron'],
      api: api === undefined ? [] : Object.keys(api).sort(),
    }
  })
  expect(globals).toEqual({
    require: 'undefined',
    process: 'undefined',
    module: 'undefined',
    ipcRenderer: 'undefined',
    electron: 'undefined',
    api: ['invoke', 'on'],
  })
})

test('window.commcell.invoke answers commands and rejects bad input with a structured error', async () => {
  const info = await page.evaluate(() =>
    (window as unknown as { commcell: { invoke(c: string, i: unknown): Promise<{ host: string; name: string }> } }).commcell.invoke(
      'commcell:info',
      {},
    ),
  )
  expect(info.host).toBe('electron')
  expect(info.name).not.toBe('')

  const rejection = await page.evaluate(() =>
    (window as unknown as { commcell: { invoke(c: string, i: unknown): Promise<unknown> } }).commcell
      .invoke('commcell:info', { extra: true })
      .then(
        () => 'resolved',
        (error: unknown) => error,
      ),
  )
  expect(rejection).toMatchObject({ code: 'invalid_input', field: 'extra' })
})

test('every app:// response carries the Content Security Policy, and files outside the renderer are refused', async () => {
  const result = await page.evaluate(async () => {
    const index = await fetch('app://commcell/index.html')
    const outside = await fetch('app://commcell/..%2f..%2fpackage.json')
    return { csp: index.headers.get('content-security-policy'), outside: outside.status }
  })
  expect(result.csp).toContain("default-src 'self'")
  expect(result.outside).toBe(403)
})

test('the renderer cannot reach the network (connect-src self)', async () => {
  const outcome = await page.evaluate(() =>
    fetch('https://example.com/').then(
      () => 'fetched',
      () => 'blocked',
    ),
  )
  expect(outcome).toBe('blocked')
})

test('navigation away from app:// is blocked', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.com/'
  })
  // A blocked navigation leaves nothing to wait for: give it time to (not) happen, then check the page still works.
  await page.waitForTimeout(500)
  expect(page.url()).toBe('app://commcell/index.html')
  const stillAlive = await page.evaluate(() => typeof (window as unknown as { commcell?: unknown }).commcell)
  expect(stillAlive).toBe('object')
})

test('window.open is denied and no second window appears', async () => {
  const opened = await page.evaluate(() => window.open('https://example.com/', '_blank') === null)
  expect(opened).toBe(true)
  const sameOrigin = await page.evaluate(() => window.open('app://commcell/index.html') === null)
  expect(sameOrigin).toBe(true)
  expect(app.windows()).toHaveLength(1)
  const count = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
  expect(count).toBe(1)
})

test('permission requests are denied', async () => {
  const notifications = await page.evaluate(() => Notification.requestPermission())
  expect(notifications).toBe('denied')
})
