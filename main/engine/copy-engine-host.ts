/**
 * The main-thread side of the copy worker: starts it, sends `ToWorker` commands, hands `FromWorker` events to
 * subscribers, and when the worker dies unexpectedly reports its active runs as failed (the caller retries; durable
 * chunks are kept) and starts a fresh worker on the next command.
 */
import { stat } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { FromWorker, RunEnded, RunOperation, ToWorker } from '../../app/engine/worker-protocol'
import { assertNever } from '../../app/model/assert'

/** How to construct the host. */
export interface CopyEngineHostOptions {
  /** The worker entry; default `copy-worker.js` beside the bundle in `dist/main`, else `copy-worker-dev.mjs`. */
  readonly workerPath?: string | URL
}

interface ActiveRun {
  readonly operation: RunOperation
  readonly durableJobIds: number[]
}

/** The worker entry this module should start, by where it runs (bundle in dist/main, CommonJS bundle, or sources). */
export function defaultWorkerUrl(): URL {
  const here: unknown = import.meta.url
  if (typeof here === 'string') {
    if (/\/dist\/main\/[^/]+\.js$/.test(here)) return new URL('./copy-worker.js', here)
    return new URL('./copy-worker-dev.mjs', here)
  }
  // A CommonJS bundle (electron-main.cjs) has no import.meta; the worker sits beside it.
  return pathToFileURL(join(__dirname, 'copy-worker.js'))
}

/** Runs the copy worker for the main process; one per backend. */
export class CopyEngineHost {
  private worker: Worker | null = null
  private lastError: string | null = null
  private readonly listeners = new Set<(message: FromWorker) => void>()
  private readonly active = new Map<number, ActiveRun>()
  private readonly workerUrl: URL

  constructor(options: CopyEngineHostOptions = {}) {
    const path = options.workerPath
    this.workerUrl = path === undefined ? defaultWorkerUrl() : path instanceof URL ? path : pathToFileURL(path)
  }

  /** Sends a command, starting the worker if needed. Throws when a start reuses the id of an active run. */
  send(command: ToWorker): void {
    switch (command.type) {
      case 'startAuxCopy':
      case 'startBackup':
      case 'startRestore': {
        if (this.active.has(command.runId)) throw new Error(`run ${command.runId} is already active`)
        const operation: RunOperation = command.type === 'startAuxCopy' ? 'auxCopy' : command.type === 'startBackup' ? 'backup' : 'restore'
        this.active.set(command.runId, { operation, durableJobIds: [] })
        break
      }
      case 'suspend':
      case 'resume':
      case 'kill':
        break
      default:
        assertNever(command, 'worker command')
    }
    const worker = this.ensureWorker()
    worker.ref()
    worker.postMessage(command)
  }

  /** Subscribes to every worker event; returns the unsubscribe function. */
  subscribe(listener: (message: FromWorker) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves with the next `runEnded` of a run (a phase end for `suspended`). */
  waitForRunEnd(runId: number): Promise<RunEnded> {
    return new Promise((resolve) => {
      const unsubscribe = this.subscribe((message) => {
        if (message.type === 'runEnded' && message.runId === runId) {
          unsubscribe()
          resolve(message)
        }
      })
    })
  }

  /** Runs started and not yet ended (suspended ones included). */
  get activeRunIds(): readonly number[] {
    return [...this.active.keys()]
  }

  /** Stops the worker at once, as a crash would: active runs are reported failed; the next command starts a new one. */
  async terminateWorker(): Promise<void> {
    const worker = this.worker
    if (!worker) return
    const exited = new Promise((resolve) => worker.once('exit', resolve))
    this.lastError = 'terminated'
    await worker.terminate()
    await exited
  }

  /** Kills active runs (waiting up to `graceMs` for them to stop at a buffer boundary), then stops the worker. */
  async close(graceMs = 5000): Promise<void> {
    const worker = this.worker
    if (!worker) return
    const ended = Promise.all([...this.active.keys()].map((runId) => this.waitForRunEnd(runId)))
    for (const runId of this.active.keys()) worker.postMessage({ type: 'kill', runId } satisfies ToWorker)
    let timer: NodeJS.Timeout | undefined
    await Promise.race([ended, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))])
    clearTimeout(timer)
    this.worker = null
    worker.removeAllListeners()
    this.active.clear()
    await worker.terminate()
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker
    // libuv's thread pool starts on first use and its threads inherit the nice value of the thread that started it:
    // start it from here, so the worker (which lowers its own priority) does not lower the pool's.
    stat(process.cwd(), () => undefined)
    const worker = new Worker(this.workerUrl)
    this.worker = worker
    this.lastError = null
    worker.on('message', (message: FromWorker) => this.receive(message))
    worker.on('error', (error) => {
      this.lastError = error.message
    })
    worker.on('exit', (code) => {
      if (this.worker !== worker) return
      this.worker = null
      this.reportCrash(code)
    })
    return worker
  }

  private receive(message: FromWorker): void {
    const run = this.active.get(message.runId)
    if (run && message.type === 'jobDurable') run.durableJobIds.push(message.backupJobId)
    if (message.type === 'runEnded' && message.outcome !== 'suspended') this.active.delete(message.runId)
    if (this.active.size === 0) this.worker?.unref() // idle: do not keep the process alive
    this.emit(message)
  }

  private reportCrash(code: number): void {
    const reason = `the copy worker stopped unexpectedly (exit code ${code}${this.lastError ? `: ${this.lastError}` : ''})`
    const runs = [...this.active.entries()]
    this.active.clear()
    for (const [runId, run] of runs) {
      this.emit({
        type: 'runEnded',
        runId,
        operation: run.operation,
        outcome: 'failed',
        errors: [{ backupJobId: null, failure: { kind: 'internal', file: '', reason } }],
        durableJobIds: [...run.durableJobIds],
      })
    }
  }

  private emit(message: FromWorker): void {
    for (const listener of [...this.listeners]) listener(message)
  }
}
