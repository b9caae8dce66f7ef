import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { electronPackageDir, locateElectronBinary, platformExecutable } from './electron-binary'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** A fake node_modules/electron: package.json, and optionally path.txt, dist/version and the executable. */
function electronPackage(files: { pathTxt?: string; distVersion?: string; executable?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'electron-pkg-'))
  folders.push(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }))
  if (files.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), files.pathTxt)
  if (files.distVersion !== undefined || files.executable !== undefined) mkdirSync(join(dir, 'dist'), { recursive: true })
  if (files.distVersion !== undefined) writeFileSync(join(dir, 'dist', 'version'), files.distVersion)
  if (files.executable !== undefined) {
    mkdirSync(join(dir, 'dist', files.executable, '..'), { recursive: true })
    writeFileSync(join(dir, 'dist', files.executable), '')
  }
  return dir
}

describe('locateElectronBinary', () => {
  it('finds the executable path.txt names inside dist, with the extracted version', () => {
    const dir = electronPackage({ pathTxt: 'electron', distVersion: 'v45.5.0', executable: 'electron' })
    expect(locateElectronBinary(dir, { env: {} })).toEqual({
      found: true,
      executable: join(dir, 'dist', 'electron'),
      version: '45.5.0',
    })
  })

  it('finds the macOS app bundle executable', () => {
    const name = 'Electron.app/Contents/MacOS/Electron'
    const dir = electronPackage({ pathTxt: name, executable: name })
    expect(locateElectronBinary(dir, { env: {} })).toMatchObject({ found: true, version: '45.5.0' })
  })

  it('reports a package whose runtime was never extracted (no path.txt), as on machines without the download', () => {
    const dir = electronPackage({})
    const lookup = locateElectronBinary(dir, { env: {} })
    expect(lookup.found).toBe(false)
    if (!lookup.found) expect(lookup.reason).toContain('path.txt')
  })

  it('reports a path.txt whose executable is missing', () => {
    const dir = electronPackage({ pathTxt: 'electron' })
    expect(locateElectronBinary(dir, { env: {} })).toEqual({
      found: false,
      reason: `${join(dir, 'dist', 'electron')} does not exist`,
    })
  })

  it('reports a missing electron package', () => {
    expect(locateElectronBinary(undefined)).toEqual({ found: false, reason: 'the electron package is not installed' })
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the package does', () => {
    const dir = electronPackage({})
    const override = mkdtempSync(join(tmpdir(), 'electron-dist-'))
    folders.push(override)
    writeFileSync(join(override, 'electron'), '')
    expect(locateElectronBinary(dir, { env: { ELECTRON_OVERRIDE_DIST_PATH: override }, platform: 'linux' })).toEqual({
      found: true,
      executable: join(override, 'electron'),
      version: '45.5.0',
    })
  })

  it('names the executable per platform as the install script does', () => {
    expect(platformExecutable('linux')).toBe('electron')
    expect(platformExecutable('win32')).toBe('electron.exe')
    expect(platformExecutable('darwin')).toBe('Electron.app/Contents/MacOS/Electron')
    expect(platformExecutable('aix')).toBeUndefined()
  })
})

describe('electronPackageDir', () => {
  it("resolves this project's electron package without loading it", () => {
    const dir = electronPackageDir(import.meta.url)
    expect(dir).toMatch(/node_modules[\\/]electron$/)
  })

  it('is undefined where no electron package can be resolved', () => {
    expect(electronPackageDir(join(tmpdir(), 'nowhere', 'x.js'))).toBeUndefined()
  })
})
