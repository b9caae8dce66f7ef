/**
 * The copy worker's entry (a `worker_threads` worker): all heavy I/O and hashing of backups, aux copies and restores
 * runs here, so the main process's event loop never stalls. Built to `dist/main/copy-worker.js`; in development
 * loaded through `copy-worker-dev.mjs`.
 */
import { parentPort } from 'node:worker_threads'
import type { FromWorker, ToWorker } from '../../app/engine/worker-protocol'
import { lowerThisThreadPriority } from './copy-threads'
import { EngineRuns } from './engine-runs'

if (!parentPort) throw new Error('copy-worker.ts runs as a worker thread')
// Hashing backups and restores here must not take the CPU from the main process's event loop.
lowerThisThreadPriority()
const port = parentPort
const runs = new EngineRuns((message: FromWorker) => port.postMessage(message))
port.on('message', (command: ToWorker) => runs.handle(command))
