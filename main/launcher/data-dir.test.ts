import { describe, expect, it } from 'vitest'
import { appDataRoot, defaultDataDir } from './data-dir'

describe('defaultDataDir (the folder Electron calls userData)', () => {
  it('is ~/.config/CommCell Browser on Linux without XDG_CONFIG_HOME', () => {
    expect(defaultDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/CommCell Browser')
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ann')).toBe('/home/ann/.config/CommCell Browser')
  })

  it('follows XDG_CONFIG_HOME on Linux', () => {
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/srv/config/' }, '/home/ann')).toBe('/srv/config/CommCell Browser')
  })

  it('is under Application Support on macOS, whatever XDG says', () => {
    expect(defaultDataDir('darwin', { XDG_CONFIG_HOME: '/x' }, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/CommCell Browser',
    )
  })

  it('is %APPDATA%\\CommCell Browser on Windows, falling back to AppData\\Roaming', () => {
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\CommCell Browser',
    )
    expect(appDataRoot('win32', {}, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming')
  })
})
