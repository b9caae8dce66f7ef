/**
 * The command line of `npm start` (strict: `parseStartArgs`) and of the Electron main process (lenient:
 * `parseHostArgs`, because Electron and Playwright add Chromium and Node switches of their own). Pure functions.
 */
import type { DemoProfile } from '../catalog/demo-commcell'

/** What `npm start` was asked to do. */
export interface StartOptions {
  /** `--browser`: serve the console to a web browser instead of opening the desktop window. */
  readonly browser: boolean
  /** `--port N`: the loopback port of browser mode; 0 picks a free one. */
  readonly port: number
  /** `--data-dir DIR` as given (not yet resolved against the working folder); undefined means the default. */
  readonly dataDir: string | undefined
  /** What a new catalog is seeded with (`--empty`, `--demo-upgraded`, or the demo CommCell). */
  readonly profile: DemoProfile
  /** `--test-clock` (browser mode, for tests): the CommServe clock moves only when a test advances it. */
  readonly testClock: boolean
  /**
   * `--test-clock-at TIME` (for tests): the CommServe clock starts at TIME (ms) instead of the wall clock's time.
   * Serving, it implies `--test-clock`; with `--prepare-data-dir`, the demo's history is written as of TIME. So a
   * story knows the time of day it starts at, and which daily schedules its half hours cross. Null otherwise.
   */
  readonly testClockAt: number | null
  /** `--test-throttle MB/s` (browser mode, for tests): the MediaAgent moves data at most this fast; null otherwise. */
  readonly testThrottleBytesPerSecond: number | null
  /** `--prepare-data-dir`: create (or update) the data folder, catalog and demo history, then exit without serving. */
  readonly prepareOnly: boolean
  /** `--key-file FILE` (browser mode): the CommServe passphrase is the file's contents, so nobody types it; null otherwise. */
  readonly keyFile: string | null
}

/** The outcome of parsing `npm start`'s arguments. */
export type StartArgs =
  | { readonly kind: 'run'; readonly options: StartOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string }

/** The largest TCP port number. */
const maxPort = 65535

/** Splits `--name=value` into its parts; a bare `--name` has no inline value. */
function splitOption(arg: string): { name: string; inline: string | undefined } {
  const equals = arg.indexOf('=')
  if (!arg.startsWith('--') || equals < 0) return { name: arg, inline: undefined }
  return { name: arg.slice(0, equals), inline: arg.slice(equals + 1) }
}

/** Parses a port: a whole decimal number from 0 to 65535, nothing else (no sign, no exponent, no hex). */
export function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined
  const port = Number(text)
  return port <= maxPort ? port : undefined
}

/** Parses `npm start`'s arguments (without `node` and the script). Unknown options and stray words are errors. */
export function parseStartArgs(argv: readonly string[]): StartArgs {
  let browser = false
  let port = 0
  let dataDir: string | undefined
  let profile: DemoProfile = 'demo'
  let profileFlag: string | undefined
  let testClock = false
  let testClockAt: number | null = null
  let testThrottleBytesPerSecond: number | null = null
  let prepareOnly = false
  let keyFile: string | null = null

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!
    const { name, inline } = splitOption(arg)
    const flag = (): StartArgs | undefined =>
      inline === undefined ? undefined : { kind: 'error', message: `${name} takes no value (got "${arg}").` }
    const value = (): string | undefined => {
      if (inline !== undefined) return inline
      const next = argv[index + 1]
      if (next === undefined || next.startsWith('--')) return undefined
      index++
      return next
    }

    switch (name) {
      case '--help':
      case '-h':
        return { kind: 'help' }
      case '--browser': {
        const error = flag()
        if (error) return error
        browser = true
        break
      }
      case '--empty':
      case '--demo-upgraded': {
        const error = flag()
        if (error) return error
        const chosen: DemoProfile = name === '--empty' ? 'empty' : 'upgraded'
        if (profileFlag !== undefined && profileFlag !== name) {
          return { kind: 'error', message: `${profileFlag} and ${name} cannot be combined: choose one.` }
        }
        profileFlag = name
        profile = chosen
        break
      }
      case '--test-clock': {
        const error = flag()
        if (error) return error
        testClock = true
        break
      }
      case '--test-clock-at': {
        const text = value()
        const at = text === undefined || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text) ? NaN : Date.parse(text)
        if (!Number.isFinite(at)) {
          return { kind: 'error', message: '--test-clock-at needs a date and time in ISO 8601 (for example 2026-11-30T13:00:00).' }
        }
        testClockAt = at
        break
      }
      case '--prepare-data-dir': {
        const error = flag()
        if (error) return error
        prepareOnly = true
        break
      }
      case '--test-throttle': {
        const text = value()
        const megabytes = text === undefined ? NaN : Number(text)
        if (!Number.isFinite(megabytes) || megabytes <= 0 || megabytes > 100_000) {
          return { kind: 'error', message: '--test-throttle needs a rate in MB/s greater than 0 (for example 2).' }
        }
        testThrottleBytesPerSecond = Math.round(megabytes * 1_000_000)
        break
      }
      case '--port': {
        const text = value()
        if (text === undefined) return { kind: 'error', message: '--port needs a number from 0 to 65535.' }
        const parsed = parsePort(text)
        if (parsed === undefined) {
          return { kind: 'error', message: `--port must be a whole number from 0 to ${maxPort} (got "${text}").` }
        }
        port = parsed
        break
      }
      case '--key-file': {
        const text = value()
        if (text === undefined || text.trim() === '') return { kind: 'error', message: '--key-file needs a file holding the CommServe passphrase.' }
        keyFile = text
        break
      }
      case '--data-dir': {
        const text = value()
        if (text === undefined || text.trim() === '') {
          return { kind: 'error', message: '--data-dir needs a folder.' }
        }
        dataDir = text
        break
      }
      default:
        return arg.startsWith('-')
          ? { kind: 'error', message: `Unknown option: ${name}` }
          : { kind: 'error', message: `Unexpected argument: ${arg}` }
    }
  }
  if (testClock && !browser) return { kind: 'error', message: '--test-clock is for browser mode: add --browser.' }
  if (testClockAt !== null && !browser && !prepareOnly) {
    return { kind: 'error', message: '--test-clock-at is for browser mode or --prepare-data-dir: add one of them.' }
  }
  if (keyFile !== null && !browser) return { kind: 'error', message: '--key-file is for browser mode: add --browser.' }
  if (testThrottleBytesPerSecond !== null && !browser) return { kind: 'error', message: '--test-throttle is for browser mode: add --browser.' }
  if (prepareOnly && (testClock || testThrottleBytesPerSecond !== null || port !== 0)) {
    return { kind: 'error', message: '--prepare-data-dir prepares the data folder and exits: it serves nothing, so --port, --test-clock and --test-throttle do not apply.' }
  }
  // Serving from a chosen time means serving on the test clock.
  if (testClockAt !== null && !prepareOnly) testClock = true
  return { kind: 'run', options: { browser, port, dataDir, profile, testClock, testClockAt, testThrottleBytesPerSecond, prepareOnly, keyFile } }
}

/** The help text of `npm start`; `defaultDataDir` is shown as the data folder's default. */
export function startUsage(defaultDataDir: string): string {
  return [
    'Usage: npm start -- [options]',
    '',
    'Opens the CommCell Browser console in its desktop window, or with --browser serves it to a web browser.',
    '',
    'Options:',
    '  --browser        Serve the console on http://127.0.0.1 instead of opening the desktop window',
    '  --port N         Browser mode: the port to listen on, 0-65535 (default 0: any free port)',
    `  --data-dir DIR   The data folder: catalog, libraries, DDBs (default: ${defaultDataDir})`,
    '  --empty          Seed a new catalog with only the CommServe, ma01 and DiskLib01',
    '  --demo-upgraded  Seed a new catalog as a CommCell upgraded from an earlier release',
    '  --test-clock     Browser mode, for tests: the CommServe clock moves only when a test advances it',
    '  --test-clock-at TIME  For tests: the CommServe clock starts at TIME (ISO 8601): served on the test clock,',
    '                   or with --prepare-data-dir, the demo\'s history written as of TIME',
    '  --test-throttle R  Browser mode, for tests: backups, copies and restores move at most R MB/s',
    '  --key-file FILE  Browser mode: the CommServe passphrase (encrypted copies\' keys) is FILE\'s contents',
    '  --prepare-data-dir  Create the data folder (catalog, libraries, the demo\'s job history) and exit; a copy of',
    '                   it elsewhere opens at once, its paths following it',
    '  --help           Show this help',
    '',
    'The seed options only apply when the data folder holds no catalog yet.',
  ].join('\n')
}

/** The arguments `npm start` forwards to the Electron main process; `dataDir` is absolute or undefined. */
export function electronArgs(options: Pick<StartOptions, 'profile'>, dataDir: string | undefined): string[] {
  const args: string[] = []
  if (dataDir !== undefined) args.push('--data-dir', dataDir)
  if (options.profile === 'empty') args.push('--empty')
  if (options.profile === 'upgraded') args.push('--demo-upgraded')
  return args
}

/** What the Electron main process reads from its command line. */
export interface HostArgs {
  readonly dataDir: string | undefined
  readonly profile: DemoProfile
}

/**
 * Reads the Electron main process's own options from its command line, ignoring everything else (Chromium
 * switches, `--inspect=0`, the app path). The launcher has already validated them; the first profile flag wins.
 */
export function parseHostArgs(argv: readonly string[]): HostArgs {
  let dataDir: string | undefined
  let profile: DemoProfile | undefined
  for (let index = 0; index < argv.length; index++) {
    const { name, inline } = splitOption(argv[index]!)
    if (name === '--data-dir') {
      let text = inline
      if (text === undefined) {
        const next = argv[index + 1]
        if (next !== undefined && !next.startsWith('--')) {
          text = next
          index++
        }
      }
      if (text !== undefined && text.trim() !== '') dataDir = text
    } else if (name === '--empty' && inline === undefined) {
      profile ??= 'empty'
    } else if (name === '--demo-upgraded' && inline === undefined) {
      profile ??= 'upgraded'
    }
  }
  return { dataDir, profile: profile ?? 'demo' }
}
