/** Where the console keeps its data by default: the folder Electron's `app.getPath('userData')` names. Pure. */
import { posix, win32 } from 'node:path'

/** The application's name: the window title, the data folder's name, the packaged product's name. */
export const productName = 'CommCell Browser'

/**
 * The per-user application data root, as Electron's `app.getPath('appData')` computes it: `%APPDATA%` on Windows,
 * `~/Library/Application Support` on macOS, `$XDG_CONFIG_HOME` (when set and not empty, as Chromium reads it) or
 * `~/.config` elsewhere.
 */
export function appDataRoot(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  if (platform === 'win32') {
    const appData = env['APPDATA']
    return appData !== undefined && appData !== '' ? appData : win32.join(home, 'AppData', 'Roaming')
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support')
  const xdg = env['XDG_CONFIG_HOME']
  return xdg !== undefined && xdg !== '' ? xdg : posix.join(home, '.config')
}

/** The default data folder: the application data root joined with the product name (Electron's userData). */
export function defaultDataDir(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  const join = platform === 'win32' ? win32.join : posix.join
  return join(appDataRoot(platform, env, home), productName)
}
