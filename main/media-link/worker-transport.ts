/**
 * The transport to a MediaAgent in a `worker_threads` worker of this process (the one MediaAgent of a desktop
 * console): messages go over the worker's port; the worker's exit closes the transport.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { ToMediaAgent } from '../../app/media/media-protocol'
import type { MediaTransport, TransportFactory } from './media-transport'

/** The worker entry this module should start, by where it runs (bundle in dist/main, CommonJS bundle, or sources). */
export function defaultWorkerUrl(): URL {
  const here: unknown = import.meta.url
  if (typeof here === 'string') {
    if (/\/dist\/main\/[^/]+\.js$/.test(here)) return new URL('./media-agent-worker.js', here)
    return new URL('../mediaagent/media-agent-worker-dev.mjs', here)
  }
  // A CommonJS bundle (electron-main.cjs) has no import.meta; the worker sits beside it.
  return pathToFileURL(join(__dirname, 'media-agent-worker.js'))
}

/** A factory of worker transports for the given entry (default: {@link defaultWorkerUrl}). */
export function workerTransports(workerPath?: string | URL): TransportFactory {
  const url = workerPath === undefined ? defaultWorkerUrl() : workerPath instanceof URL ? workerPath : pathToFileURL(workerPath)
  return () => new WorkerTransport(url)
}

class WorkerTransport implements MediaTransport {
  private readonly worker: Worker
  private lastError: string | null = null
  private closing = false
  private closeListener: ((reason: string) => void) | null = null

  constructor(url: URL) {
    // libuv's thread pool starts on first use and its threads inherit the nice value of the thread that started it:
    // start it from here, so the worker (which lowers its own priority) does not lower the pool's.
    randomBytes(1, () => undefined)
    this.worker = new Worker(url)
    this.worker.unref()
    this.worker.on('error', (error) => {
      this.lastError = error.message
    })
    this.worker.on('exit', (code) => {
      if (this.closing) return
      this.closeListener?.(`the MediaAgent worker stopped unexpectedly (exit code ${code}${this.lastError ? `: ${this.lastError}` : ''})`)
    })
  }

  send(message: ToMediaAgent): void {
    this.worker.postMessage(message)
  }

  onMessage(listener: (message: unknown) => void): void {
    this.worker.on('message', listener)
  }

  onClose(listener: (reason: string) => void): void {
    this.closeListener = listener
  }

  setBusy(busy: boolean): void {
    if (busy) this.worker.ref()
    else this.worker.unref()
  }

  async close(): Promise<void> {
    this.closing = true
    this.worker.removeAllListeners('message')
    await this.worker.terminate()
  }

  async crash(): Promise<void> {
    this.lastError = 'terminated'
    const exited = new Promise((resolve) => this.worker.once('exit', resolve))
    await this.worker.terminate()
    await exited
  }
}
