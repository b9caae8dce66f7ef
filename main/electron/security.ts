/**
 * The Electron host's security baseline, in one place: the app:// origin, the window's webPreferences, the Content
 * Security Policy, which navigations, windows, external links and IPC senders are allowed, and the handlers that
 * enforce them. Only type imports from `electron`, so every rule is unit-tested under plain Node.
 */
import type { CustomScheme, HandlerDetails, Input, Session, WebContents, WebPreferences, WindowOpenHandlerResponse } from 'electron'

/** The custom scheme the renderer is served from (never `file://`). */
export const appScheme = 'app'
/** The one host of that scheme. */
export const appHost = 'commcell'
/** The renderer's origin. */
export const appOrigin = `${appScheme}://${appHost}`
/** The page the window loads. */
export const appEntryUrl = `${appOrigin}/index.html`

/**
 * The scheme's privileges: standard (a real origin, relative URLs, `'self'` in the CSP), secure (a secure context),
 * fetch for the renderer's own files, V8 code cache. No CSP bypass, no service workers.
 */
export const appSchemePrivileges: CustomScheme = {
  scheme: appScheme,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
}

/** The Content Security Policy sent with every app:// response: nothing but the app's own files. */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  // MUI (emotion) injects <style> elements at run time.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** The webPreferences of every console window: isolation, sandbox and no Node, each set explicitly; no DevTools when packaged. */
export function secureWebPreferences(preloadPath: string, isPackaged: boolean): WebPreferences {
  return {
    preload: preloadPath,
    devTools: !isPackaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  }
}

/** Parses a URL, or undefined when it is not one. */
function parseUrl(url: string | null | undefined): URL | undefined {
  if (typeof url !== 'string' || url === '') return undefined
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** Whether a URL is one of the console's own pages or files (app://commcell/...). */
export function isAppUrl(url: string | null | undefined): boolean {
  const parsed = parseUrl(url)
  // Node's URL gives non-special schemes an opaque origin ("null"), so compare scheme and host instead.
  return (
    parsed !== undefined &&
    parsed.protocol === `${appScheme}:` &&
    parsed.host === appHost &&
    parsed.username === '' &&
    parsed.password === ''
  )
}

/** Whether a frame may navigate to `url`: only within the console's own origin. */
export function isAllowedNavigation(url: string | null | undefined): boolean {
  return isAppUrl(url)
}

/** Whether an IPC message comes from a frame showing the console (the sender frame's URL). */
export function isTrustedSender(frameUrl: string | null | undefined): boolean {
  return isAppUrl(frameUrl)
}

/** The documentation sites a link in the console may open in the user's browser (https only, these hosts only). */
export const externalHostAllowList: readonly string[] = ['documentation.commvault.com']

/** Whether `url` may be handed to the operating system's browser: https, an allow-listed host, no credentials. */
export function isAllowedExternalUrl(url: string | null | undefined): boolean {
  const parsed = parseUrl(url)
  return (
    parsed !== undefined &&
    parsed.protocol === 'https:' &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === '' &&
    externalHostAllowList.includes(parsed.hostname)
  )
}

/** What to do with a `window.open` or a target=_blank link: never a new window; an allowed docs link opens outside. */
export function windowOpenDecision(url: string): { readonly response: WindowOpenHandlerResponse; readonly openExternally: boolean } {
  return { response: { action: 'deny' }, openExternally: isAllowedExternalUrl(url) }
}

/** The parts of a WebContents the hardening touches. */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>

/** A navigation event's shape, for the handlers below (Electron 45 passes details first). */
interface NavigationEvent {
  readonly url: string
  preventDefault(): void
}

/**
 * Applies the navigation and window rules to one WebContents (call it from `app.on('web-contents-created')`, so
 * every frame and future window gets them): navigation and redirects outside app:// are prevented, new windows are
 * denied (allow-listed docs links go to `openExternal`), and `<webview>` can never attach.
 */
export function hardenWebContents(contents: HardenableContents, openExternal: (url: string) => void): void {
  const guard = (event: NavigationEvent): void => {
    if (!isAllowedNavigation(event.url)) event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-frame-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler((details: HandlerDetails) => {
    const decision = windowOpenDecision(details.url)
    if (decision.openExternally) openExternal(details.url)
    return decision.response
  })
}

/** The parts of a Session the permission rules touch. */
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>

/** Denies every permission (camera, notifications, geolocation, devices, ...): the console needs none. */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
  session.setDevicePermissionHandler(() => false)
}

/** The keys of an input event that DevTools shortcuts are made of. */
export type ShortcutInput = Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'shift' | 'alt'>

/** Whether a key press opens DevTools in Chromium: F12, Ctrl+Shift+I/J/C, or Cmd+Option+I/J/C on macOS. */
export function isDevToolsShortcut(input: ShortcutInput): boolean {
  if (input.type !== 'keyDown') return false
  const key = input.key.toLowerCase()
  if (key === 'f12') return true
  if (!['i', 'j', 'c'].includes(key)) return false
  return (input.control && input.shift) || (input.meta && input.alt)
}

/** The parts of a WebContents the DevTools block touches. */
export type DevToolsContents = Pick<WebContents, 'on' | 'closeDevTools'>

/**
 * For packaged builds, beside `devTools: false`: DevTools shortcuts never reach Chromium, and DevTools that open
 * anyway (a WebContents created without our webPreferences) are closed at once.
 */
export function blockDevTools(contents: DevToolsContents): void {
  contents.on('before-input-event', (event, input) => {
    if (isDevToolsShortcut(input)) event.preventDefault()
  })
  contents.on('devtools-opened', () => contents.closeDevTools())
}
