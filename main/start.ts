/**
 * `npm start`: opens the console in Electron when its runtime is installed (downloading it once if not), otherwise,
 * or with `--browser`, serves it to a web browser on 127.0.0.1. Bundled to dist/main/start.js; the decisions live in
 * main/launcher/ (pure, unit-tested), this file only wires them to the process.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defaultDataDir } from './launcher/data-dir'
import { isDataDirInUseError } from './launcher/data-dir-lock'
import { downloadElectron, electronPackageDir, locateElectronBinary, type ElectronRuntime } from './launcher/electron-binary'
import { ensureElectronSqliteBinding, sqliteBindingEnv } from './launcher/electron-native'
import { electronArgs, parseStartArgs, startUsage, type StartOptions } from './launcher/start-args'

/** The project (or installed package) root: this file is dist/main/start.js. */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** Writes one line to stderr. */
function warn(line: string): void {
  process.stderr.write(`${line}\n`)
}

/** The Electron runtime, downloading it once when the package is there but its binary is not. */
async function findElectron(): Promise<ElectronRuntime | undefined> {
  const packageDir = electronPackageDir(import.meta.url)
  const first = locateElectronBinary(packageDir)
  if (first.found) return first
  if (packageDir === undefined) return undefined
  await downloadElectron(packageDir)
  const second = locateElectronBinary(packageDir)
  return second.found ? second : undefined
}

/** Runs the console in Electron; resolves the exit code, or undefined when Electron could not be used. */
async function runElectron(runtime: ElectronRuntime, options: StartOptions, dataDir: string | undefined): Promise<number | undefined> {
  const electronMain = join(root, 'dist', 'main', 'electron-main.cjs')
  if (!existsSync(electronMain)) {
    warn(`${electronMain} is missing (run npm run build); starting the console in browser mode instead.`)
    return undefined
  }
  const binding = await ensureElectronSqliteBinding({
    root,
    electronVersion: runtime.version,
    onBuild: () => warn(`Building the SQLite module for Electron ${runtime.version} (first start only, may take minutes)...`),
  })
  if (!binding.ok) {
    const log = binding.logFile === undefined ? '' : ` (log: ${binding.logFile})`
    warn(`The SQLite module for Electron could not be built: ${binding.message}${log}; starting the console in browser mode instead.`)
    return undefined
  }

  const env: NodeJS.ProcessEnv = { ...process.env, [sqliteBindingEnv]: binding.bindingFile }
  // Set by some tools, it would make the Electron binary run as plain Node.
  delete env['ELECTRON_RUN_AS_NODE']
  const child = spawn(runtime.executable, [electronMain, ...electronArgs(options, dataDir)], { stdio: 'inherit', env })
  try {
    await once(child, 'spawn')
  } catch (error) {
    warn(`Electron could not be started (${error instanceof Error ? error.message : String(error)}); starting the console in browser mode instead.`)
    return undefined
  }
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal)
  }
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  const [code] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null]
  return code ?? 1
}

/** Serves the console to a web browser until SIGINT or SIGTERM. */
async function runBrowser(options: StartOptions, dataDir: string): Promise<void> {
  const { startBrowserHost } = await import('./web/server')
  let host: Awaited<ReturnType<typeof startBrowserHost>>
  try {
    // A key file's contents are the passphrase (a trailing newline, as editors leave one, is not part of it).
    const passphrase = options.keyFile === null ? undefined : readFileSync(resolve(options.keyFile), 'utf8').replace(/\r?\n$/, '')
    host = await startBrowserHost({
      port: options.port, dataDir, profile: options.profile, testClock: options.testClock, testClockAt: options.testClockAt, testThrottleBytesPerSecond: options.testThrottleBytesPerSecond,
      ...(passphrase === undefined ? {} : { passphrase }),
    })
  } catch (error) {
    // Another console holds the data folder: its one line says which, and what to do.
    if (isDataDirInUseError(error)) warn(error.message)
    else warn(`The console could not start: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(1)
  }
  let stopping = false
  const stop = (): void => {
    // A second signal while closing means "now": do not wait for the backend.
    if (stopping) process.exit(1)
    stopping = true
    host.close().then(
      () => process.exit(0),
      (error: unknown) => {
        warn(`The console did not close cleanly: ${error instanceof Error ? error.message : String(error)}`)
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // The URL last: whoever reads it may stop the console at once, and the handlers must be there to close it cleanly
  // (printed first, a SIGTERM sent on reading it found no handler about one time in five).
  process.stdout.write(`CommCell Browser console: ${host.url}\n`)
}

/** Parses the command line and runs the chosen host. */
async function main(): Promise<void> {
  const defaultDir = defaultDataDir(process.platform, process.env, homedir())
  const parsed = parseStartArgs(process.argv.slice(2))
  if (parsed.kind === 'help') {
    process.stdout.write(`${startUsage(defaultDir)}\n`)
    return
  }
  if (parsed.kind === 'error') {
    warn(`${parsed.message}\n\n${startUsage(defaultDir)}`)
    process.exit(2)
  }
  const { options } = parsed
  const givenDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
  if (options.prepareOnly) {
    const dataDir = givenDir ?? defaultDir
    const { prepareDataDir } = await import('./web/server')
    try {
      await prepareDataDir({ dataDir, profile: options.profile, testClockAt: options.testClockAt })
    } catch (error) {
      if (isDataDirInUseError(error)) warn(error.message)
      else warn(`The data folder could not be prepared: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    }
    process.stdout.write(`CommCell Browser data folder ready: ${dataDir}\n`)
    return
  }

  if (!options.browser) {
    const runtime = await findElectron()
    if (runtime === undefined) {
      warn('Electron runtime is not installed and could not be downloaded; starting the console in browser mode instead.')
    } else {
      const code = await runElectron(runtime, options, givenDir)
      if (code !== undefined) process.exit(code)
    }
  }
  await runBrowser(options, givenDir ?? defaultDir)
}

main().catch((error: unknown) => {
  warn(`CommCell Browser could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  process.exit(1)
})
