/**
 * Builds better-sqlite3's native binding for Electron's ABI beside, not over, the Node build that unit tests and
 * browser mode load. The copy lives in `node_modules/.cache/electron-native/<key>/` and is built once per
 * better-sqlite3 version, Electron version, platform and architecture; the Electron main process is told its path
 * through {@link sqliteBindingEnv}. Packaged apps do not need this: electron-builder rebuilds native modules itself.
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, sep } from 'node:path'

/** The environment variable that carries the Electron-ABI binding's path to the catalog. */
export const sqliteBindingEnv = 'COMMCELL_SQLITE_BINDING'

/** The native module this concerns. */
const moduleName = 'better-sqlite3'

/** Where one Electron-ABI build lives. Pure: only paths. */
export interface SqliteBindingPlan {
  /** One folder per build key, holding a package.json, a lock file and `node_modules/better-sqlite3`. */
  readonly buildDir: string
  /** The copy of better-sqlite3 that is rebuilt. */
  readonly moduleDir: string
  /** The binding Electron loads. */
  readonly bindingFile: string
  /** Written after a successful build: its presence means the binding is complete. */
  readonly readyFile: string
  /** The build's output, kept beside the build folder so a failed build's log survives its cleanup. */
  readonly logFile: string
}

/** The folder, files and log of the Electron-ABI build for these versions. */
export function sqliteBindingPlan(input: {
  readonly root: string
  readonly sqliteVersion: string
  readonly electronVersion: string
  readonly platform: string
  readonly arch: string
}): SqliteBindingPlan {
  const key = `${moduleName}-${input.sqliteVersion}-electron-${input.electronVersion}-${input.platform}-${input.arch}`
  const cacheDir = join(input.root, 'node_modules', '.cache', 'electron-native')
  const buildDir = join(cacheDir, key)
  const moduleDir = join(buildDir, 'node_modules', moduleName)
  return {
    buildDir,
    moduleDir,
    bindingFile: join(moduleDir, 'build', 'Release', 'better_sqlite3.node'),
    readyFile: join(buildDir, 'ready.json'),
    logFile: join(cacheDir, `${key}.log`),
  }
}

/** Whether a source file of better-sqlite3 belongs in the copy: everything but its own (Node-ABI) build output. */
export function isSourceFile(packageDir: string, file: string): boolean {
  const path = relative(packageDir, file)
  const first = path.split(sep)[0]
  return first !== 'build' && first !== 'node_modules'
}

/** The result of preparing the binding: its path, or why it could not be built and where the log is. */
export type SqliteBindingResult =
  | { readonly ok: true; readonly bindingFile: string; readonly built: boolean }
  | { readonly ok: false; readonly message: string; readonly logFile: string | undefined }

/**
 * Returns the Electron-ABI binding for `electronVersion`, building it first when absent (this needs a network: a
 * prebuilt binary or Electron's headers are downloaded; without either, a compiler and the headers). `onBuild` is
 * called before a build starts, so the caller can say why the first start takes longer.
 */
export async function ensureElectronSqliteBinding(options: {
  readonly root: string
  readonly electronVersion: string
  readonly onBuild?: (plan: SqliteBindingPlan) => void
  readonly timeoutMs?: number
}): Promise<SqliteBindingResult> {
  const packageDir = join(options.root, 'node_modules', moduleName)
  let sqliteVersion: string
  try {
    sqliteVersion = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }).version
  } catch {
    return { ok: false, message: `${moduleName} is not installed in ${options.root}`, logFile: undefined }
  }
  const plan = sqliteBindingPlan({
    root: options.root,
    sqliteVersion,
    electronVersion: options.electronVersion,
    platform: process.platform,
    arch: process.arch,
  })
  if (existsSync(plan.readyFile) && existsSync(plan.bindingFile)) {
    return { ok: true, bindingFile: plan.bindingFile, built: false }
  }

  let rebuildCli: string
  try {
    // @electron/rebuild's only export is its API module; the CLI sits beside it.
    rebuildCli = join(dirname(createRequire(join(options.root, 'package.json')).resolve('@electron/rebuild')), 'cli.js')
  } catch {
    return { ok: false, message: '@electron/rebuild is not installed', logFile: undefined }
  }

  options.onBuild?.(plan)
  rmSync(plan.buildDir, { recursive: true, force: true })
  mkdirSync(dirname(plan.moduleDir), { recursive: true })
  cpSync(packageDir, plan.moduleDir, { recursive: true, filter: (file) => isSourceFile(packageDir, file) })
  const manifest = { name: 'commcell-electron-native', version: '0.0.0', private: true, dependencies: { [moduleName]: sqliteVersion } }
  writeFileSync(join(plan.buildDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  // @electron/rebuild walks up from its working folder to the nearest lock file and rebuilds every copy of the module
  // below it: this lock file stops the walk here, so the project's own Node-ABI build is never touched.
  writeFileSync(
    join(plan.buildDir, 'package-lock.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: {} }, null, 2)}\n`,
  )

  const args = [
    rebuildCli,
    '--version', options.electronVersion,
    '--module-dir', plan.buildDir,
    '--only', moduleName,
    '--arch', process.arch,
    '--force',
  ]
  const env = rebuildEnv(process.env)
  const code = await runLogged(process.execPath, args, plan.buildDir, env, plan.logFile, options.timeoutMs ?? 15 * 60_000)
  if (code === 0 && existsSync(plan.bindingFile) && loadsInNode(plan.bindingFile)) {
    rmSync(plan.buildDir, { recursive: true, force: true })
    return {
      ok: false,
      message: "the binding was built against Node's headers, not Electron's (is npm's nodedir set?)",
      logFile: plan.logFile,
    }
  }
  if (code === 0 && existsSync(plan.bindingFile)) {
    writeFileSync(plan.readyFile, `${JSON.stringify({ electronVersion: options.electronVersion, sqliteVersion }, null, 2)}\n`)
    return { ok: true, bindingFile: plan.bindingFile, built: true }
  }
  rmSync(plan.buildDir, { recursive: true, force: true })
  return {
    ok: false,
    message: code === 0 ? 'the build finished without a binding' : `the build failed (exit ${code ?? 'timeout'})`,
    logFile: plan.logFile,
  }
}

/**
 * The rebuild's environment: ours without the npm settings that would point node-gyp at Node's headers instead of
 * Electron's (`npm start` exports the user's npm config, and a system npmrc may set `nodedir`).
 */
export function rebuildEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  const nodeTargeting = /^npm_config_(nodedir|target|runtime|disturl|dist_url|build_from_source)$/i
  return Object.fromEntries(Object.entries(env).filter(([name]) => !nodeTargeting.test(name)))
}

/**
 * Whether a binding loads in this Node: Electron's ABI differs from every Node release's, so one that loads here was
 * built against Node's headers and would fail in Electron.
 */
function loadsInNode(bindingFile: string): boolean {
  const probe = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(bindingFile)})`], { stdio: 'ignore', timeout: 30_000 })
  return probe.status === 0
}

/** Runs a command with its output written to `logFile`; resolves its exit code (null when killed or not started). */
function runLogged(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string | undefined>,
  logFile: string,
  timeoutMs: number,
): Promise<number | null> {
  mkdirSync(dirname(logFile), { recursive: true })
  const fd = openSync(logFile, 'w')
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', fd, fd], timeout: timeoutMs, windowsHide: true })
    const done = (code: number | null): void => {
      try {
        closeSync(fd)
      } catch {
        // already closed
      }
      resolve(code)
    }
    child.once('error', (error) => {
      writeFileSync(logFile, `\n${error.message}\n`, { flag: 'a' })
      done(null)
    })
    child.once('close', (code) => done(code))
  })
}
