/**
 * The MediaAgent's figures (`npm run bench`, not a test): on a generated dataset of random, mixed-size files, backup
 * throughput, `cp -r` + `sync` of the dataset and of the job folder, and the aux copy of the backup job through the
 * media protocol and the worker (fsync included), without and with Verify copied data (every target chunk read back),
 * as MB/s and ratios to cp + sync; also Data Verification's re-read, the main thread's event-loop delay p99 during the
 * copies, and the process's peak and idle RSS (1.5 s and 10 s after the last run). Rounds alternate cp and copy,
 * each timed from a flushed and (as root) dropped page cache; the best round of each counts (the machine may be shared
 * and noisy), and so does the median of the rounds' own ratios.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { JobRef, RunEvent, RunWork } from '../../app/media/media-protocol'
import { MediaAgentClient } from '../../main/media-link/media-agent-client'
import { workerTransports } from '../../main/media-link/worker-transport'
import { jobFolderPath } from '../../main/mediaagent/job-folder'
import { generateDataset } from '../../main/mediaagent/testing/dataset'
import { median } from './stats'

/** One measured figure; `samples` holds every round's value when the figure is the best of several. */
export interface BenchFigure {
  readonly name: string
  readonly value: number
  readonly unit: 'MB/s' | 'ratio' | 'ms' | 'MB' | 'bytes' | 'files'
  readonly samples?: readonly number[]
}

/** What to measure on. */
export interface EngineBenchOptions {
  /** A scratch folder (on the disk to measure); the bench works in a fresh subfolder and removes it. */
  readonly scratchDir: string
  /** Dataset size (default 2 GiB). */
  readonly bytes?: number
  /**
   * Rounds of cp + sync and of the aux copy, alternated; each figure is the best round, and the aux copy's ratio to
   * cp is also given as the median of the rounds' own ratios (default 3).
   */
  readonly rounds?: number
  /** Drop the page cache before each timed step, where allowed (default true): both sides then read from disk. */
  readonly dropCaches?: boolean
  /** The MediaAgent worker's entry, when not the default. */
  readonly workerPath?: string | URL
}

/** Bytes over milliseconds as MB/s (10^6 bytes), one decimal. */
export const mb = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10

/** Runs a command, its output going to stderr (stdout holds the figures only); rejects unless it exits 0. */
export function run(command: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 2, 2], ...(env ? { env: { ...process.env, ...env } } : {}) })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))))
  })
}

/** Flushes and, where allowed (root on Linux), drops the page cache: each timed step then starts cold. */
export async function settle(drop: boolean): Promise<boolean> {
  await run('sync', [])
  if (!drop) return false
  try {
    await writeFile('/proc/sys/vm/drop_caches', '3')
    return true
  } catch {
    return false
  }
}

/** How long an action took, in ms. */
export async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await action()
  return performance.now() - started
}

/**
 * Runs work in the MediaAgent behind `client`, one run at a time: resolves the run's events (`jobDurable`, `restored`,
 * ...) once it completed, rejects when it ended any other way.
 */
export function workerRunner(client: MediaAgentClient): (work: RunWork) => Promise<readonly RunEvent[]> {
  let runId = 0
  return async (work) => {
    const id = ++runId
    const events: RunEvent[] = []
    const unsubscribe = client.subscribe((event) => {
      if (event.runId === id && event.type !== 'progress') events.push(event)
    })
    try {
      const ended = client.waitForRunEnd(id)
      client.start(id, work)
      const end = await ended
      if (end.outcome !== 'completed') throw new Error(`bench run ${id} ended ${end.outcome}: ${JSON.stringify(end.errors)}`)
      return events
    } finally {
      unsubscribe()
    }
  }
}

/** The RSS once the process has been idle `rounds` × 0.5 s (garbage collected where `--expose-gc` allows). */
async function idleRss(rounds = 3): Promise<number> {
  for (let round = 0; round < rounds; round += 1) {
    ;(globalThis as { gc?: () => void }).gc?.()
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  return process.memoryUsage.rss()
}

/** Runs the bench and returns its figures; leaves nothing behind in `scratchDir`. */
export async function runEngineBench(options: EngineBenchOptions): Promise<readonly BenchFigure[]> {
  const bytes = options.bytes ?? 2 * 1024 * 1024 * 1024
  const rounds = Math.max(1, options.rounds ?? 3)
  const drop = options.dropCaches ?? true
  const root = join(options.scratchDir, `engine-bench-${process.pid}-${Date.now()}`)
  const lib1 = join(root, 'lib1')
  const lib2 = join(root, 'lib2')
  const rssStart = process.memoryUsage.rss()
  const client = new MediaAgentClient(workerTransports(options.workerPath), () => ({
    mountPaths: [{ id: 1, path: lib1 }, { id: 2, path: lib2 }],
    ddbs: [],
    tapeLibraries: [], throttleBytesPerSecond: null,
  }))
  let rssPeak = process.memoryUsage.rss()
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 50)
  const inWorker = workerRunner(client)
  const ref = (mountPathId: number, copyId: number): JobRef => ({ store: { kind: 'disk', mountPathId }, storagePolicyId: 1, copyId, jobId: 1 })
  try {
    const data = join(root, 'data')
    const dataset = await generateDataset(data, bytes)
    const copied = join(root, 'cp')
    await mkdir(lib1, { recursive: true })
    await mkdir(lib2, { recursive: true })
    const source = jobFolderPath(lib1, 1, 1, 1)
    const target = jobFolderPath(lib2, 1, 2, 1)
    // Warm the worker so its start is not timed.
    await client.request({ kind: 'storeStats', stores: [{ kind: 'disk', mountPathId: 1 }] })
    // Each timed step starts with nothing dirty in the page cache (none pays for another's writeback) and, where
    // allowed, with nothing cached at all (cp reads the dataset, the copy reads the chunks: both from the disk).
    await settle(drop)
    const backupMs = await timed(() => inWorker({ kind: 'backup', backupType: 'Full', contents: [data], target: ref(1, 1), baseline: [], exclude: [] }))
    // An untimed copy first: on a VM the first touch of never-used memory is several times slower, and whichever
    // step came first would pay for it.
    await run('cp', ['-r', data, copied])
    await rm(copied, { recursive: true, force: true })
    const cpRounds: number[] = []
    const cpJobRounds: number[] = []
    const copyRounds: number[] = []
    const verifiedRounds: number[] = []
    const encryptedRounds: number[] = []
    let cold = true
    const delay = monitorEventLoopDelay({ resolution: 10 })
    // The plain copy's alone too: the encrypted and verified copies do more work per byte.
    const delayPlain = monitorEventLoopDelay({ resolution: 10 })
    // The same measure while cp runs: the machine's own delay (timer resolution included), the copies' baseline.
    const delayDuringCp = monitorEventLoopDelay({ resolution: 10 })
    const cpAndSync = async (from: string): Promise<number> => {
      cold = (await settle(drop)) && cold
      delayDuringCp.enable()
      const ms = await timed(async () => {
        await run('cp', ['-r', from, copied])
        await run('sync', [])
      })
      delayDuringCp.disable()
      await rm(copied, { recursive: true, force: true })
      return mb(dataset.bytes, ms)
    }
    // Re-encrypt data: the same aux copy to a target whose chunks are sealed with AES-256-GCM under this key.
    const key = { cipher: 'AES-256-GCM' as const, key: randomBytes(32).toString('hex') }
    const auxCopy = async (verifyTarget: boolean, encrypted = false): Promise<number> => {
      await rm(target, { recursive: true, force: true })
      cold = (await settle(drop)) && cold
      delay.enable()
      const plain = !verifyTarget && !encrypted
      if (plain) delayPlain.enable()
      const task = { backupJobId: 1, source: ref(1, 1), target: encrypted ? { ...ref(2, 2), encryption: key } : ref(2, 2), bytes: dataset.bytes, repair: false }
      const ms = await timed(() => inWorker({ kind: 'auxCopy', streams: 1, verifyTarget, tasks: [task] }))
      delay.disable()
      delayPlain.disable()
      return mb(dataset.bytes, ms)
    }
    for (let round = 0; round < rounds; round += 1) {
      cpRounds.push(await cpAndSync(data))
      cpJobRounds.push(await cpAndSync(source))
      copyRounds.push(await auxCopy(false))
      verifiedRounds.push(await auxCopy(true))
      encryptedRounds.push(await auxCopy(false, true))
    }
    // The target now holds the encrypted copy: Data Verification decrypts every unit and re-hashes the plain data.
    cold = (await settle(drop)) && cold
    const encryptedVerifyMs = await timed(() => inWorker({ kind: 'verify', tasks: [{ backupJobId: 1, ref: { ...ref(2, 2), encryption: key }, bytes: dataset.bytes }] }))
    // The plain copy again, for the plain Data Verification below (not a timed round).
    await auxCopy(false)
    cold = (await settle(drop)) && cold
    const verifyMs = await timed(() => inWorker({ kind: 'verify', tasks: [{ backupJobId: 1, ref: ref(2, 2), bytes: dataset.bytes }] }))
    const rssIdle = await idleRss()
    // The MediaAgent stops its hashing threads 5 s after its last run, which frees the pieces they had seen.
    const rssIdleLater = await idleRss(17)
    const cp = Math.max(...cpRounds)
    const cpJob = Math.max(...cpJobRounds)
    const copy = Math.max(...copyRounds)
    const verified = Math.max(...verifiedRounds)
    const encrypted = Math.max(...encryptedRounds)
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100
    // Each round times cp and the copy back to back, so the ratio of one round is less moved by a disk whose speed
    // drifts between rounds than the ratio of the best rounds is.
    const roundRatios = copyRounds.map((each, round) => ratio(each, cpJobRounds[round]!))
    return [
      { name: 'dataset', value: dataset.bytes, unit: 'bytes' },
      { name: 'dataset files', value: dataset.files, unit: 'files' },
      { name: 'backup throughput', value: mb(dataset.bytes, backupMs), unit: 'MB/s' },
      { name: 'cp -r + sync of the dataset (best round)', value: cp, unit: 'MB/s', samples: cpRounds },
      { name: 'cp -r + sync of the backup job folder: the same files the aux copy copies (best round)', value: cpJob, unit: 'MB/s', samples: cpJobRounds },
      { name: 'aux copy of the backup job, source verified, fsync per chunk (best round)', value: copy, unit: 'MB/s', samples: copyRounds },
      { name: 'aux copy with Verify copied data: every target chunk read back (best round)', value: verified, unit: 'MB/s', samples: verifiedRounds },
      { name: 'aux copy to an encrypted copy (AES-256-GCM per 1 MiB unit), source verified, fsync per chunk (best round)', value: encrypted, unit: 'MB/s', samples: encryptedRounds },
      { name: 'aux copy encrypted / aux copy plain', value: ratio(encrypted, copy), unit: 'ratio' },
      { name: `Data Verification of the encrypted copy: decrypt and re-hash (${cold ? 'cold' : 'warm'} page cache)`, value: mb(dataset.bytes, encryptedVerifyMs), unit: 'MB/s' },
      { name: 'aux copy / (cp -r + sync of the job folder)', value: ratio(copy, cpJob), unit: 'ratio' },
      { name: 'aux copy / (cp -r + sync of the job folder), median of the rounds (each times both)', value: median(roundRatios), unit: 'ratio', samples: roundRatios },
      { name: 'aux copy with Verify copied data / (cp -r + sync of the job folder)', value: ratio(verified, cpJob), unit: 'ratio' },
      { name: 'aux copy / (cp -r + sync of the dataset)', value: ratio(copy, cp), unit: 'ratio' },
      { name: `Data Verification: re-read and re-hash of the copy (${cold ? 'cold' : 'warm'} page cache)`, value: mb(dataset.bytes, verifyMs), unit: 'MB/s' },
      { name: 'page cache dropped before each timed round (1: yes, 0: not allowed here)', value: cold ? 1 : 0, unit: 'ratio' },
      { name: 'main event-loop delay p99 during the copies (10 ms timer: 10 is no delay at all)', value: Math.round(delay.percentile(99) / 1e4) / 100, unit: 'ms' },
      { name: 'main event-loop delay p99 during the plain copies (no Verify copied data, not encrypted)', value: Math.round(delayPlain.percentile(99) / 1e4) / 100, unit: 'ms' },
      { name: 'main event-loop delay p99 during cp -r + sync (the baseline)', value: Math.round(delayDuringCp.percentile(99) / 1e4) / 100, unit: 'ms' },
      { name: 'RSS of the process before the bench', value: Math.round(rssStart / 1e6), unit: 'MB' },
      { name: 'peak RSS of the process (main + MediaAgent worker threads)', value: Math.round(rssPeak / 1e6), unit: 'MB' },
      { name: 'RSS after the copies, idle 1.5 s', value: Math.round(rssIdle / 1e6), unit: 'MB' },
      { name: 'RSS after the copies, idle 10 s (the MediaAgent stops idle hashing threads after 5 s)', value: Math.round(rssIdleLater / 1e6), unit: 'MB' },
    ]
  } finally {
    clearInterval(rssTimer)
    await client.close()
    await rm(root, { recursive: true, force: true })
  }
}
