/**
 * The MediaAgent's worker entry (a `worker_threads` worker): all heavy I/O and hashing of backups, aux copies,
 * restores and verifications runs here, so the main process's event loop never stalls. Its transport is the worker's
 * message port. Built to `dist/main/media-agent-worker.js`; in development loaded through
 * `media-agent-worker-dev.mjs`.
 */
import { parentPort } from 'node:worker_threads'
import type { FromMediaAgent } from '../../app/media/media-protocol'
import { lowerThisThreadPriority } from './copy-threads'
import { MediaAgent } from './media-agent'

if (!parentPort) throw new Error('media-agent-worker.ts runs as a worker thread')
// Hashing backups and restores here must not take the CPU from the main process's event loop.
lowerThisThreadPriority()
const port = parentPort
const agent = new MediaAgent((message: FromMediaAgent) => port.postMessage(message))
port.on('message', (message: unknown) => agent.handle(message))
