/**
 * One console per data folder: `<dataDir>/console.lock` names the process that has the folder open, so a second
 * console (browser mode twice, or browser mode and the desktop window) refuses to start instead of running a second
 * scheduler and a second writer on the same catalog and libraries. Synchronous: it runs once, before the catalog
 * opens.
 */
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { productName } from './data-dir'

/** Which host holds a data folder. */
export type LockHost = 'browser' | 'electron'

/** What a lock file records about the console holding the folder. */
export interface LockHolder {
  readonly pid: number
  readonly host: LockHost
  readonly hostName: string
  /** When that console took the lock (ISO 8601). */
  readonly startedAt: string
  /** Linux only: the process start time (/proc/<pid>/stat field 22), so a reused pid is not taken for the holder. */
  readonly processStart?: string
  /** Tells this lock from any other the same pid ever took. */
  readonly nonce: string
}

/** How a host takes the lock. */
export interface LockOptions {
  readonly host: LockHost
  /** Test seam: runs when a stale lock has been judged, just before taking it over (where a rival may slip in). */
  readonly beforeTakeOver?: () => void
}

/** A held data folder lock. */
export interface DataDirLock {
  /** The lock file. */
  readonly file: string
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void
}

/** Thrown when another live console holds the data folder; its message is the one line to show. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError'

  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The data folder ${dataDir} is in use by ${productName} (${hostLabel(holder.host)}, pid ${holder.pid} on ${holder.hostName}, ` +
        `started ${formatStart(holder.startedAt)}); close that console first or use --data-dir.`,
    )
  }
}

/** Whether an error is a {@link DataDirInUseError}, also when it crossed a bundle boundary (compared by name). */
export function isDataDirInUseError(error: unknown): error is DataDirInUseError {
  return error instanceof DataDirInUseError || (error instanceof Error && error.name === 'DataDirInUseError')
}

/** The lock file inside a data folder. */
export function lockFile(dataDir: string): string {
  return join(dataDir, 'console.lock')
}

/**
 * Takes the data folder for this process, or throws {@link DataDirInUseError} naming the live console holding it.
 * A lock left by a dead process (or by a process whose pid has since been reused) is taken over.
 */
export function acquireDataDirLock(dataDir: string, options: LockOptions): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const file = lockFile(dataDir)
  const processStart = procStat(process.pid)?.startTime
  const ours: LockHolder = {
    pid: process.pid,
    host: options.host,
    hostName: hostname(),
    startedAt: new Date().toISOString(),
    ...(processStart === undefined ? {} : { processStart }),
    nonce: randomBytes(12).toString('hex'),
  }
  const body = JSON.stringify(ours)
  // The record is written in full before it gets the lock's name (link), so a reader never sees a half-written lock.
  const temp = `${file}.${ours.nonce}.tmp`
  writeSynced(temp, body)
  try {
    const deadline = Date.now() + 5000
    while (Date.now() < deadline) {
      if (createExclusive(temp, file, body)) return holdLock(file, body)
      const seen = readRaw(file)
      if (seen === undefined) continue
      const holder = parseHolder(seen)
      if (holder !== undefined && isAlive(holder)) throw new DataDirInUseError(dataDir, holder)
      if (holder === undefined && isFresh(file)) {
        // Only where hard links are missing can a lock be seen before its record is written: give it a moment.
        pause(10)
        continue
      }
      options.beforeTakeOver?.()
      if (takeOver(file, temp, body, seen)) return holdLock(file, body)
    }
    throw new Error(`The data folder ${dataDir} could not be locked: ${file} keeps changing.`)
  } finally {
    removeIfPresent(temp)
  }
}

/**
 * Replaces a stale lock (`seen`) with ours. Several starters may judge the same stale lock at once, so the right
 * to replace it is itself taken by an exclusive create: a claim file named after the stale content. Only its
 * winner may replace the lock, and only while the lock still holds exactly that content, so of two racers one
 * replaces it and the other, on its next look, finds the winner alive. Returns whether we now hold the lock.
 */
function takeOver(file: string, temp: string, body: string, seen: string): boolean {
  const claim = `${file}.takeover-${createHash('sha256').update(seen).digest('hex').slice(0, 16)}`
  if (!createExclusive(temp, claim, body)) {
    const claimant = parseHolder(readRaw(claim) ?? '')
    // A claimant that died between its claim and its rename would block every later start: drop its claim.
    if (claimant === undefined ? !isFresh(claim) : !isAlive(claimant)) removeIfPresent(claim)
    else pause(10)
    return false
  }
  try {
    if (readRaw(file) !== seen) return false
    renameSync(temp, file)
    return true
  } finally {
    removeIfPresent(claim)
  }
}

/** The handle of a lock we hold: release on demand, and best effort when the process exits. */
function holdLock(file: string, body: string): DataDirLock {
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    process.off('exit', releaseAtExit)
    // Only our own record is removed: a console that judged us dead may have taken the folder over since.
    if (readRaw(file) === body) removeIfPresent(file)
  }
  const releaseAtExit = (): void => {
    try {
      release()
    } catch {
      // Best effort: a lock left behind names a dead process and is taken over at the next start.
    }
  }
  process.on('exit', releaseAtExit)
  return { file, release }
}

/** Whether the process a lock names still runs: on another machine we cannot tell, so we assume it does. */
function isAlive(holder: LockHolder): boolean {
  if (holder.hostName !== hostname()) return true
  if (holder.pid === process.pid) {
    const ourStart = procStat(process.pid)?.startTime
    if (ourStart !== undefined && holder.processStart !== undefined) return ourStart === holder.processStart
    // Without /proc, a record older than this process comes from an earlier process that had our pid.
    return Date.parse(holder.startedAt) >= Date.now() - process.uptime() * 1000 - 1000
  }
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if (errorCode(error) !== 'EPERM') return false
  }
  const stat = procStat(holder.pid)
  if (stat === undefined) return true
  // A killed console stays a zombie until its parent reaps it: kill(pid, 0) still succeeds, yet it holds nothing.
  if (stat.state === 'Z' || stat.state === 'X') return false
  return holder.processStart === undefined || stat.startTime === holder.processStart
}

/** A process's state (field 3) and start time in clock ticks since boot (field 22) from /proc/<pid>/stat, on Linux. */
function procStat(pid: number): { readonly state: string; readonly startTime: string } | undefined {
  if (process.platform !== 'linux') return undefined
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch {
    return undefined
  }
  // Field 2 (the command name) is in parentheses and may hold spaces or ')': fields 3.. follow the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const [state, startTime] = [fields[3 - 3], fields[22 - 3]]
  return state === undefined || startTime === undefined ? undefined : { state, startTime }
}

/** Parses a lock file's content, or undefined when it is not a lock record (empty, foreign, truncated). */
function parseHolder(raw: string): LockHolder | undefined {
  let value: unknown
  try {
    value = JSON.parse(raw)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  const record = value as Record<string, unknown>
  const { pid, host, hostName, startedAt, processStart, nonce } = record
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined
  if (host !== 'browser' && host !== 'electron') return undefined
  if (typeof hostName !== 'string' || typeof startedAt !== 'string' || typeof nonce !== 'string') return undefined
  if (processStart !== undefined && typeof processStart !== 'string') return undefined
  return { pid, host, hostName, startedAt, ...(processStart === undefined ? {} : { processStart }), nonce }
}

/** A file's text, or undefined when it does not exist. */
function readRaw(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/**
 * Gives `target` the content of `temp` (which holds `body`) unless `target` exists: a hard link, so the name appears
 * with its content complete; where the file system has no hard links (FAT, some shares), an exclusive create.
 * Returns false when `target` exists.
 */
function createExclusive(temp: string, target: string, body: string): boolean {
  try {
    linkSync(temp, target)
    return true
  } catch (error) {
    const code = errorCode(error)
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error
  }
  try {
    writeSynced(target, body)
    return true
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  }
}

/** Whether a file was modified in the last two seconds (false when it is gone). */
function isFresh(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < 2000
  } catch {
    return false
  }
}

/** Creates `file` with `body`, flushed to disk, failing if it exists. */
function writeSynced(file: string, body: string): void {
  const fd = openSync(file, 'wx')
  try {
    writeSync(fd, body)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** Removes a file, ignoring that it is already gone. */
function removeIfPresent(file: string): void {
  try {
    unlinkSync(file)
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error
  }
}

/** Blocks this thread for a few milliseconds (the lock is taken once, before anything else runs). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** A Node error's `code`, if any. */
function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined
}

/** How the message names a host. */
function hostLabel(host: LockHost): string {
  return host === 'browser' ? 'browser mode' : 'desktop window'
}

/** `2026-11-30 10:02` in local time, or the recorded text when it is not a date. */
function formatStart(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`
}
