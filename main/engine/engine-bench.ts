/**
 * The engine's figures (`npm run bench`, not a test): on a generated dataset of random, mixed-size files, backup
 * throughput, `cp -r` + `sync` of the dataset, and the aux copy of the backup job through the worker (fsync
 * included), as MB/s and the ratio copy / (cp + sync); also the re-hash cost a resume would pay, the main thread's
 * event-loop delay p99 during the copy, and the process's peak RSS. Rounds alternate cp and copy, each timed from a
 * flushed and (as root) dropped page cache, and the best round of each counts: the machine may be shared and noisy.
 */
import { spawn } from 'node:child_process'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { RunEnded, ToWorker } from '../../app/engine/worker-protocol'
import { CopyEngineHost } from './copy-engine-host'
import { jobFolderPath, verifyJobFolder } from './job-store'
import { generateDataset } from './testing/dataset'

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
  /** Rounds of cp + sync and of the aux copy, alternated; each figure is the best round (default 2). */
  readonly rounds?: number
  /** Drop the page cache before each timed step, where allowed (default true): both sides then read from disk. */
  readonly dropCaches?: boolean
  /** The copy worker's entry, when not the host's default. */
  readonly workerPath?: string | URL
}

const mb = (bytes: number, ms: number) => Math.round((bytes / 1e6 / (ms / 1000)) * 10) / 10

function run(command: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))))
  })
}

/** Flushes and, where allowed (root on Linux), drops the page cache: each timed step then starts cold. */
async function settle(drop: boolean): Promise<boolean> {
  await run('sync', [])
  if (!drop) return false
  try {
    await writeFile('/proc/sys/vm/drop_caches', '3')
    return true
  } catch {
    return false
  }
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await action()
  return performance.now() - started
}

/** Runs the bench and returns its figures; leaves nothing behind in `scratchDir`. */
export async function runEngineBench(options: EngineBenchOptions): Promise<readonly BenchFigure[]> {
  const bytes = options.bytes ?? 2 * 1024 * 1024 * 1024
  const rounds = Math.max(1, options.rounds ?? 2)
  const drop = options.dropCaches ?? true
  const root = join(options.scratchDir, `engine-bench-${process.pid}-${Date.now()}`)
  const host = new CopyEngineHost(options.workerPath ? { workerPath: options.workerPath } : {})
  let rssPeak = process.memoryUsage.rss()
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 50)
  let runId = 0
  const inWorker = async (command: ToWorker): Promise<RunEnded> => {
    const ended = host.waitForRunEnd(command.runId)
    host.send(command)
    const end = await ended
    if (end.outcome !== 'completed') throw new Error(`bench run ${command.runId} ended ${end.outcome}: ${JSON.stringify(end.errors)}`)
    return end
  }
  try {
    const data = join(root, 'data')
    const dataset = await generateDataset(data, bytes)
    const lib1 = join(root, 'lib1')
    const lib2 = join(root, 'lib2')
    const copied = join(root, 'cp')
    await mkdir(lib1, { recursive: true })
    await mkdir(lib2, { recursive: true })
    const source = jobFolderPath(lib1, 1, 1, 1)
    const target = jobFolderPath(lib2, 1, 2, 1)
    // Warm the worker so its start is not timed.
    await inWorker({ type: 'startRestore', runId: ++runId, jobDirs: [], destination: join(root, 'warm') })
    // Each timed step starts with nothing dirty in the page cache (none pays for another's writeback) and, where
    // allowed, with nothing cached at all (cp reads the dataset, the copy reads the chunks: both from the disk).
    await settle(drop)
    const backupMs = await timed(() =>
      inWorker({ type: 'startBackup', runId: ++runId, jobId: 1, backupType: 'Full', contents: [data], jobDir: source, baselineJobDirs: [] }),
    )
    // An untimed copy first: on a VM the first touch of never-used memory is several times slower, and whichever
    // step came first would pay for it.
    await run('cp', ['-r', data, copied])
    await rm(copied, { recursive: true, force: true })
    const cpRounds: number[] = []
    const cpJobRounds: number[] = []
    const copyRounds: number[] = []
    let cold = true
    const delay = monitorEventLoopDelay({ resolution: 10 })
    const cpAndSync = async (from: string): Promise<number> => {
      cold = (await settle(drop)) && cold
      const ms = await timed(async () => {
        await run('cp', ['-r', from, copied])
        await run('sync', [])
      })
      await rm(copied, { recursive: true, force: true })
      return mb(dataset.bytes, ms)
    }
    for (let round = 0; round < rounds; round += 1) {
      cpRounds.push(await cpAndSync(data))
      cpJobRounds.push(await cpAndSync(source))
      await rm(target, { recursive: true, force: true })
      cold = (await settle(drop)) && cold
      delay.enable()
      copyRounds.push(
        mb(dataset.bytes, await timed(() =>
          inWorker({ type: 'startAuxCopy', runId: ++runId, streams: 1, tasks: [{ backupJobId: 1, sourceDir: source, targetDir: target, bytes: dataset.bytes }] }),
        )),
      )
      delay.disable()
    }
    cold = (await settle(drop)) && cold
    const verifyMs = await timed(async () => {
      const result = await verifyJobFolder(target)
      if (!result.ok) throw new Error(`bench copy does not verify: ${result.failure.reason}`)
    })
    const cp = Math.max(...cpRounds)
    const cpJob = Math.max(...cpJobRounds)
    const copy = Math.max(...copyRounds)
    return [
      { name: 'dataset', value: dataset.bytes, unit: 'bytes' },
      { name: 'dataset files', value: dataset.files, unit: 'files' },
      { name: 'backup throughput', value: mb(dataset.bytes, backupMs), unit: 'MB/s' },
      { name: 'cp -r + sync of the dataset (best round)', value: cp, unit: 'MB/s', samples: cpRounds },
      { name: 'cp -r + sync of the backup job folder: the same files the aux copy copies (best round)', value: cpJob, unit: 'MB/s', samples: cpJobRounds },
      { name: 'aux copy of the backup job, worker, verified, fsync per chunk (best round)', value: copy, unit: 'MB/s', samples: copyRounds },
      { name: 'aux copy / (cp -r + sync of the job folder)', value: Math.round((copy / cpJob) * 100) / 100, unit: 'ratio' },
      { name: 'aux copy / (cp -r + sync of the dataset)', value: Math.round((copy / cp) * 100) / 100, unit: 'ratio' },
      { name: `verify: re-read and re-hash of the copy (${cold ? 'cold' : 'warm'} page cache)`, value: mb(dataset.bytes, verifyMs), unit: 'MB/s' },
      { name: 'page cache dropped before each timed round (1: yes, 0: not allowed here)', value: cold ? 1 : 0, unit: 'ratio' },
      { name: 'main event-loop delay p99 during the copies', value: Math.round(delay.percentile(99) / 1e4) / 100, unit: 'ms' },
      { name: 'peak RSS of the process (main + worker threads)', value: Math.round(rssPeak / 1e6), unit: 'MB' },
    ]
  } finally {
    clearInterval(rssTimer)
    await host.close()
    await rm(root, { recursive: true, force: true })
  }
}
