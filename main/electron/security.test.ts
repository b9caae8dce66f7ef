import type { HandlerDetails } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import {
  appEntryUrl,
  appSchemePrivileges,
  blockDevTools,
  contentSecurityPolicy,
  denyAllPermissions,
  hardenWebContents,
  isAllowedExternalUrl,
  isAllowedNavigation,
  isDevToolsShortcut,
  isTrustedSender,
  secureWebPreferences,
  windowOpenDecision,
  type DevToolsContents,
  type HardenableContents,
  type PermissionSession,
  type ShortcutInput,
} from './security'

describe('secureWebPreferences', () => {
  it('sets isolation, sandbox, no Node and web security explicitly, with our preload', () => {
    const prefs = secureWebPreferences('/app/dist/main/preload.cjs', false)
    expect(prefs).toMatchObject({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    })
    expect(prefs).not.toHaveProperty('enableBlinkFeatures')
  })

  it('turns DevTools off in a packaged build and leaves them on in development', () => {
    expect(secureWebPreferences('/p.cjs', true).devTools).toBe(false)
    expect(secureWebPreferences('/p.cjs', false).devTools).toBe(true)
    // Packaged or not, the rest of the baseline is the same.
    const { devTools: _packaged, ...packaged } = secureWebPreferences('/p.cjs', true)
    const { devTools: _development, ...development } = secureWebPreferences('/p.cjs', false)
    expect(packaged).toEqual(development)
  })
})

describe('DevTools in a packaged build', () => {
  const key = (key: string, modifiers: Partial<ShortcutInput> = {}): ShortcutInput => ({
    type: 'keyDown', key, control: false, meta: false, shift: false, alt: false, ...modifiers,
  })

  it('recognises the DevTools shortcuts and nothing the console uses', () => {
    expect(isDevToolsShortcut(key('F12'))).toBe(true)
    expect(isDevToolsShortcut(key('I', { control: true, shift: true }))).toBe(true)
    expect(isDevToolsShortcut(key('J', { control: true, shift: true }))).toBe(true)
    expect(isDevToolsShortcut(key('i', { meta: true, alt: true }))).toBe(true)
    expect(isDevToolsShortcut(key('F12', { type: 'keyUp' }))).toBe(false)
    expect(isDevToolsShortcut(key('F5'))).toBe(false)
    expect(isDevToolsShortcut(key('F10', { shift: true }))).toBe(false)
    expect(isDevToolsShortcut(key('c', { control: true }))).toBe(false)
    expect(isDevToolsShortcut(key('i', { control: true }))).toBe(false)
  })

  it('swallows the shortcuts and closes DevTools that open anyway', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>()
    const closeDevTools = vi.fn()
    const contents = {
      on(name: string, listener: (...args: unknown[]) => void) {
        listeners.set(name, listener)
        return contents
      },
      closeDevTools,
    }
    blockDevTools(contents as unknown as DevToolsContents)
    const press = (input: ShortcutInput): boolean => {
      const preventDefault = vi.fn()
      listeners.get('before-input-event')!({ preventDefault }, input)
      return preventDefault.mock.calls.length > 0
    }
    expect(press(key('F12'))).toBe(true)
    expect(press(key('I', { control: true, shift: true }))).toBe(true)
    expect(press(key('F5'))).toBe(false)
    listeners.get('devtools-opened')!()
    expect(closeDevTools).toHaveBeenCalledOnce()
  })
})

describe('the app:// scheme and its Content Security Policy', () => {
  it('is a standard, secure scheme that does not bypass the CSP', () => {
    expect(appSchemePrivileges).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } })
    expect(appSchemePrivileges.privileges?.bypassCSP).toBeFalsy()
    expect(appEntryUrl).toBe('app://commcell/index.html')
  })

  it("allows only the app's own files, inline styles for MUI and data: images", () => {
    const directives = new Map(contentSecurityPolicy.split('; ').map((d) => [d.split(' ')[0], d] as const))
    expect(directives.get('default-src')).toBe("default-src 'self'")
    expect(directives.get('script-src')).toBe("script-src 'self'")
    expect(directives.get('style-src')).toBe("style-src 'self' 'unsafe-inline'")
    expect(directives.get('img-src')).toBe("img-src 'self' data:")
    expect(directives.get('connect-src')).toBe("connect-src 'self'")
    expect(directives.get('object-src')).toBe("object-src 'none'")
    expect(contentSecurityPolicy).not.toContain('unsafe-eval')
  })
})

describe('isAllowedNavigation', () => {
  it.each(['app://commcell/index.html', 'app://commcell/', 'app://commcell/index.html#/jobs', 'app://commcell/x?y=1'])(
    'allows %s',
    (url) => expect(isAllowedNavigation(url)).toBe(true),
  )
  it.each([
    'https://example.com/',
    'http://127.0.0.1:3000/',
    'file:///etc/passwd',
    'app://other/index.html',
    'app://user:pw@commcell/index.html',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'not a url',
    '',
  ])('refuses %s', (url) => expect(isAllowedNavigation(url)).toBe(false))
})

describe('isTrustedSender', () => {
  it('trusts only frames showing app://commcell', () => {
    expect(isTrustedSender('app://commcell/index.html')).toBe(true)
    expect(isTrustedSender('https://evil.example/')).toBe(false)
    expect(isTrustedSender('devtools://devtools/bundled/inspector.html')).toBe(false)
    expect(isTrustedSender(undefined)).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })
})

describe('isAllowedExternalUrl', () => {
  it('opens https documentation links only', () => {
    expect(isAllowedExternalUrl('https://documentation.commvault.com/11.40/essential/secondary_copy.html')).toBe(true)
    expect(isAllowedExternalUrl('http://documentation.commvault.com/')).toBe(false)
    expect(isAllowedExternalUrl('https://documentation.commvault.com.evil.example/')).toBe(false)
    expect(isAllowedExternalUrl('https://user@documentation.commvault.com/')).toBe(false)
    expect(isAllowedExternalUrl('https://documentation.commvault.com:8443/')).toBe(false)
    expect(isAllowedExternalUrl('file:///C:/Windows/system32/calc.exe')).toBe(false)
    expect(isAllowedExternalUrl('smb://server/share')).toBe(false)
  })
})

describe('windowOpenDecision', () => {
  it('never opens a window; only an allowed docs link goes to the browser', () => {
    expect(windowOpenDecision('https://example.com/')).toEqual({ response: { action: 'deny' }, openExternally: false })
    expect(windowOpenDecision('app://commcell/index.html')).toEqual({ response: { action: 'deny' }, openExternally: false })
    expect(windowOpenDecision('https://documentation.commvault.com/')).toEqual({
      response: { action: 'deny' },
      openExternally: true,
    })
  })
})

/** A WebContents stand-in recording its listeners and window-open handler. */
function fakeContents() {
  const listeners = new Map<string, (event: { url: string; preventDefault(): void }) => void>()
  let openHandler: ((details: HandlerDetails) => { action: string }) | undefined
  const contents = {
    on(name: string, listener: (event: { url: string; preventDefault(): void }) => void) {
      listeners.set(name, listener)
      return contents
    },
    setWindowOpenHandler(handler: (details: HandlerDetails) => { action: string }) {
      openHandler = handler
    },
  }
  const fire = (name: string, url: string): boolean => {
    const preventDefault = vi.fn()
    listeners.get(name)!({ url, preventDefault })
    return preventDefault.mock.calls.length > 0
  }
  const open = (url: string) => openHandler!({ url } as HandlerDetails)
  return { contents: contents as unknown as HardenableContents, listeners, fire, open }
}

describe('hardenWebContents', () => {
  it('prevents navigations and redirects away from app://, lets in-app ones through', () => {
    const fake = fakeContents()
    hardenWebContents(fake.contents, () => {})
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(fake.fire(name, 'https://example.com/')).toBe(true)
      expect(fake.fire(name, 'app://commcell/index.html')).toBe(false)
    }
  })

  it('refuses every <webview>', () => {
    const fake = fakeContents()
    hardenWebContents(fake.contents, () => {})
    expect(fake.fire('will-attach-webview', 'app://commcell/index.html')).toBe(true)
  })

  it('denies window.open, handing only allowed docs links to the browser', () => {
    const fake = fakeContents()
    const openExternal = vi.fn()
    hardenWebContents(fake.contents, openExternal)
    expect(fake.open('https://example.com/')).toEqual({ action: 'deny' })
    expect(fake.open('app://commcell/index.html')).toEqual({ action: 'deny' })
    expect(openExternal).not.toHaveBeenCalled()
    expect(fake.open('https://documentation.commvault.com/11.40/')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://documentation.commvault.com/11.40/')
  })
})

describe('denyAllPermissions', () => {
  it('answers no to every request, check and device', () => {
    let request: ((...args: unknown[]) => void) | undefined
    let check: (() => boolean) | undefined
    let device: (() => boolean) | undefined
    const session = {
      setPermissionRequestHandler: (handler: typeof request) => (request = handler),
      setPermissionCheckHandler: (handler: typeof check) => (check = handler),
      setDevicePermissionHandler: (handler: typeof device) => (device = handler),
    } as unknown as PermissionSession
    denyAllPermissions(session)
    const callback = vi.fn()
    request!({}, 'media', callback, {})
    expect(callback).toHaveBeenCalledWith(false)
    expect(check!()).toBe(false)
    expect(device!()).toBe(false)
  })
})
