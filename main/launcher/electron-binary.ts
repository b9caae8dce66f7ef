/**
 * Finds the Electron runtime the `electron` package installed, without loading that package: its `index.js` starts a
 * download when the binary is missing, and the download cannot reach its host on every machine. Shared by the
 * launcher and the electron Playwright spec.
 */
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The files the lookup reads; real `node:fs` by default, a fake in tests. */
export interface LookupFs {
  existsSync(path: string): boolean
  readFileSync(path: string, encoding: 'utf8'): string
}

/** An Electron runtime found on disk. */
export interface ElectronRuntime {
  /** The executable to spawn. */
  readonly executable: string
  /** The runtime's version (without `v`): the one native modules must be built for. */
  readonly version: string
}

/** The lookup's answer: the runtime, or why there is none. */
export type ElectronLookup =
  | ({ readonly found: true } & ElectronRuntime)
  | { readonly found: false; readonly reason: string }

/** The executable inside `dist/` per platform, as the `electron` package's install script names it. */
export function platformExecutable(platform: NodeJS.Platform): string | undefined {
  switch (platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron'
    case 'win32':
      return 'electron.exe'
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      return 'electron'
    default:
      return undefined
  }
}

/** The `electron` package's folder, resolved from `from` (a file path or URL) like Node resolves it; or undefined. */
export function electronPackageDir(from: string | URL): string | undefined {
  try {
    return dirname(createRequire(from).resolve('electron/package.json'))
  } catch {
    return undefined
  }
}

/** Reads a file, or undefined when it cannot be read. */
function readText(fs: LookupFs, file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Looks for the runtime the `electron` package at `packageDir` installed: `path.txt` names the executable inside
 * `dist/` (written only after a complete extraction), and that executable must exist. Honours
 * `ELECTRON_OVERRIDE_DIST_PATH` as the package itself does. Never downloads anything.
 */
export function locateElectronBinary(
  packageDir: string | undefined,
  options: { env?: Readonly<Record<string, string | undefined>>; platform?: NodeJS.Platform; fs?: LookupFs } = {},
): ElectronLookup {
  if (packageDir === undefined) return { found: false, reason: 'the electron package is not installed' }
  const fs = options.fs ?? { existsSync, readFileSync: (file, encoding) => readFileSync(file, encoding) }
  const env = options.env ?? process.env
  const platform = options.platform ?? process.platform
  const packageVersion = readVersion(readText(fs, join(packageDir, 'package.json')))
  const named = readText(fs, join(packageDir, 'path.txt'))?.trim()
  const override = env['ELECTRON_OVERRIDE_DIST_PATH']

  if (override !== undefined && override !== '') {
    const name = named || platformExecutable(platform)
    if (name === undefined) return { found: false, reason: `Electron has no build for ${platform}` }
    const executable = join(override, name)
    if (!fs.existsSync(executable)) return { found: false, reason: `${executable} does not exist` }
    return { found: true, executable, version: packageVersion ?? '' }
  }

  if (named === undefined || named === '') {
    return { found: false, reason: `${join(packageDir, 'path.txt')} is missing (the runtime was never extracted)` }
  }
  const executable = join(packageDir, 'dist', named)
  if (!fs.existsSync(executable)) return { found: false, reason: `${executable} does not exist` }
  // dist/version is what was extracted; it can lag the package after an upgrade until the install script reruns.
  const distVersion = readText(fs, join(packageDir, 'dist', 'version'))?.trim().replace(/^v/, '')
  const version = distVersion || packageVersion
  if (version === undefined) return { found: false, reason: `the version of ${executable} is unknown` }
  return { found: true, executable, version }
}

/** The `version` field of a package.json text. */
function readVersion(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  try {
    const version = (JSON.parse(text) as { version?: unknown }).version
    return typeof version === 'string' ? version : undefined
  } catch {
    return undefined
  }
}

/** The outcome of one download attempt: whether it exited cleanly, and what it printed. */
export interface DownloadAttempt {
  readonly ok: boolean
  readonly output: string
}

/**
 * Runs the `electron` package's own install script once (it downloads and extracts the runtime), with its output
 * captured rather than shown, and gives up after `timeoutMs`.
 */
export function downloadElectron(packageDir: string, timeoutMs = 120_000): Promise<DownloadAttempt> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const child = spawn(process.execPath, [join(packageDir, 'install.js')], {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      windowsHide: true,
    })
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.once('error', (error) => resolve({ ok: false, output: `${Buffer.concat(chunks).toString()}${error.message}` }))
    child.once('close', (code) => resolve({ ok: code === 0, output: Buffer.concat(chunks).toString() }))
  })
}
