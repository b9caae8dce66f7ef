import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createBackend } from '../backend'
import { acquireDataDirLock, DataDirInUseError, lockFile, type DataDirLock, type LockHolder } from './data-dir-lock'

let dataDir: string
const held: DataDirLock[] = []

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'commcell-lock-'))
})
afterEach(() => {
  for (const lock of held.splice(0)) lock.release()
  rmSync(dataDir, { recursive: true, force: true })
})

/** Takes the lock and remembers to release it after the test. */
function acquire(host: 'browser' | 'electron' = 'browser'): DataDirLock {
  const lock = acquireDataDirLock(dataDir, { host })
  held.push(lock)
  return lock
}

/** What acquiring throws, or undefined when it succeeds. */
function refusal(host: 'browser' | 'electron' = 'browser'): DataDirInUseError | undefined {
  try {
    acquire(host)
    return undefined
  } catch (error) {
    if (error instanceof DataDirInUseError) return error
    throw error
  }
}

/** The record in the lock file. */
function holderOnDisk(): LockHolder {
  return JSON.parse(readFileSync(lockFile(dataDir), 'utf8')) as LockHolder
}

/** Writes a lock file by hand, as another console would have left it. */
function plantLock(fields: Partial<LockHolder>): void {
  const record = { pid: 1, host: 'electron', hostName: hostname(), startedAt: new Date().toISOString(), nonce: 'planted', ...fields }
  writeFileSync(lockFile(dataDir), JSON.stringify(record))
}

/** Runs a process to completion and resolves its pid: a pid that names no live process. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise((resolve) => child.once('exit', resolve))
  return child.pid!
}

/** The start time /proc gives a live process (Linux). */
function procStart(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]!
}

describe('the data folder lock', () => {
  it('refuses a second console in one line naming the pid, host and host name of the first', () => {
    acquire('electron')
    const error = refusal('browser')
    expect(error).toBeInstanceOf(DataDirInUseError)
    expect(error!.holder).toMatchObject({ pid: process.pid, host: 'electron', hostName: hostname() })
    expect(error!.message).toMatch(
      /^The data folder .+ is in use by CommCell Browser \(desktop window, pid \d+ on .+, started \d{4}-\d{2}-\d{2} \d{2}:\d{2}\); close that console first or use --data-dir\.$/,
    )
    expect(error!.message).toContain(`${dataDir} is in use`)
    expect(error!.message).toContain(`pid ${process.pid} on ${hostname()}`)
    expect(error!.message).not.toContain('\n')
  })

  it('takes over a lock left by a process that has exited', async () => {
    const pid = await deadPid()
    plantLock({ pid })
    acquire()
    expect(holderOnDisk()).toMatchObject({ pid: process.pid, host: 'browser' })
  })

  it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to another process (start time differs)', () => {
    plantLock({ pid: process.ppid, processStart: '1' })
    acquire()
    expect(holderOnDisk().pid).toBe(process.pid)
  })

  it.runIf(process.platform === 'linux')('takes over a lock whose process was killed but not yet reaped (a zombie)', async () => {
    // The background `sleep 0.3` exits after its parent has exec'd into `sleep 30`, which never reaps it, so it
    // stays a zombie meanwhile. (A child that exits at once may be reaped by the shell before the exec.)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] })
    try {
      const pid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (data: Buffer) => resolve(data.toString()))))
      while (!readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ')) await new Promise((resolve) => setTimeout(resolve, 10))
      plantLock({ pid, processStart: procStart(pid) })
      acquire()
      expect(holderOnDisk().pid).toBe(process.pid)
    } finally {
      parent.kill()
    }
  })

  it.runIf(process.platform === 'linux')('refuses while the process a lock names still runs', () => {
    plantLock({ pid: process.ppid, processStart: procStart(process.ppid), host: 'browser' })
    expect(refusal()?.holder).toMatchObject({ pid: process.ppid, host: 'browser' })
    expect(holderOnDisk().nonce).toBe('planted')
  })

  it('assumes a console on another machine (a shared folder) is alive', () => {
    plantLock({ pid: 4_000_000, hostName: 'other-workstation' })
    expect(refusal()?.message).toContain('pid 4000000 on other-workstation')
  })

  it('takes over an unreadable lock once it is not being written', () => {
    writeFileSync(lockFile(dataDir), '{"pid": 12')
    const old = new Date(Date.now() - 60_000)
    utimesSync(lockFile(dataDir), old, old)
    acquire()
    expect(holderOnDisk().pid).toBe(process.pid)
  })

  it('can be taken again after release, and leaves no other files behind', () => {
    const first = acquire()
    first.release()
    expect(existsSync(lockFile(dataDir))).toBe(false)
    acquire()
    expect(readdirSync(dataDir)).toEqual(['console.lock'])
  })

  it('does not remove a lock that another console has since taken over', () => {
    const ours = acquire()
    plantLock({ pid: 4_000_000, hostName: 'other-workstation', nonce: 'theirs' })
    ours.release()
    expect(holderOnDisk().nonce).toBe('theirs')
  })

  it('lets only one of two starters that judged the same stale lock take it over', async () => {
    plantLock({ pid: await deadPid() })
    let rival: DataDirLock | undefined
    // The rival takes the stale lock over in the gap between our judging it stale and our taking it over.
    const error = (() => {
      try {
        held.push(acquireDataDirLock(dataDir, { host: 'electron', beforeTakeOver: () => (rival ??= acquire('browser')) }))
        return undefined
      } catch (caught) {
        return caught
      }
    })()
    expect(rival).toBeDefined()
    expect(error).toBeInstanceOf(DataDirInUseError)
    expect(holderOnDisk()).toMatchObject({ pid: process.pid, host: 'browser' })
  })

  it('is not stuck behind a starter that died in the middle of a takeover', async () => {
    plantLock({ pid: await deadPid() })
    const stale = readFileSync(lockFile(dataDir), 'utf8')
    const claim = `${lockFile(dataDir)}.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
    writeFileSync(claim, JSON.stringify({ ...JSON.parse(stale), pid: await deadPid(), nonce: 'crashed' }))
    acquire()
    expect(holderOnDisk().pid).toBe(process.pid)
    expect(readdirSync(dataDir)).toEqual(['console.lock'])
  })

  it('lets exactly one of several processes starting at once on a stale lock win', async () => {
    const child = join(import.meta.dirname, '..', 'testing', 'data-dir-lock-child.ts')
    plantLock({ pid: await deadPid() })
    const racers = Array.from({ length: 4 }, () => {
      const racer = spawn(process.execPath, ['--import', 'tsx', child, dataDir], { stdio: ['pipe', 'pipe', 'inherit'] })
      const lines: string[] = []
      const waiters: (() => void)[] = []
      racer.stdout.on('data', (data: Buffer) => {
        lines.push(...data.toString().split('\n').filter(Boolean))
        for (const wake of waiters.splice(0)) wake()
      })
      const line = async (index: number): Promise<string> => {
        while (lines.length <= index) await new Promise<void>((resolve) => waiters.push(resolve))
        return lines[index]!
      }
      return { racer, line, exited: new Promise((resolve) => racer.once('exit', resolve)) }
    })
    // Every racer started, then all told to go at once; the winner holds the lock until every outcome is in.
    expect(await Promise.all(racers.map(({ line }) => line(0)))).toEqual(['ready', 'ready', 'ready', 'ready'])
    for (const { racer } of racers) racer.stdin.write('go\n')
    const outcomes = await Promise.all(racers.map(({ line }) => line(1)))
    for (const { racer } of racers) racer.stdin.end('release\n')
    await Promise.all(racers.map(({ exited }) => exited))
    expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1)
    expect(outcomes.filter((outcome) => outcome === 'refused')).toHaveLength(3)
    expect(readdirSync(dataDir)).toEqual([])
  }, 30_000)
})

describe('createBackend on a data folder', () => {
  it('refuses a second backend on the same folder until the first is closed', async () => {
    const options = { dataDir, profile: 'empty', host: 'browser', hostName: 'commserve01', demoData: false } as const
    const first = createBackend(options)
    await first.ready
    let second: unknown
    try {
      createBackend({ ...options, host: 'electron' })
    } catch (error) {
      second = error
    }
    expect(second).toBeInstanceOf(DataDirInUseError)
    expect((second as DataDirInUseError).holder).toMatchObject({ pid: process.pid, host: 'browser' })
    await first.close()
    const third = createBackend(options)
    await third.ready
    expect(await third.handlers['commcell:info']({})).toMatchObject({ host: 'browser' })
    await third.close()
    expect(existsSync(lockFile(dataDir))).toBe(false)
  })
})
