/**
 * Where a copy hashes, copies files and fsyncs. `CopyThreadPool` moves all three off the calling thread and off
 * libuv's pool: SHA-256 (or CRC-32, an aux copy's quick check) on small threads that read pieces straight from shared
 * memory (so the copy worker's own thread only schedules I/O, and parallel streams hash on different cores); the
 * kernel's file copies on a thread of their own; fsync on another (an fsync holds a thread for tens of milliseconds;
 * with only four libuv threads, reads would queue behind it). The threads run at a lower priority than the main
 * process (Linux nice 10), which keeps its event loop responsive during copies. A 32 MiB in-kernel copy on a libuv
 * thread runs at the main thread's own priority: moved to the copying thread, the main event-loop delay p99 during
 * 1 GiB aux copies on two cores went from 20.2 to 18.6 ms (median of 5 rounds; the throughput did not change).
 */
import { createHash, type Hash } from 'node:crypto'
import { readlinkSync } from 'node:fs'
import { type FileHandle, copyFile } from 'node:fs/promises'
import { availableParallelism, setPriority } from 'node:os'
import { Worker } from 'node:worker_threads'
import { crc32 } from 'node:zlib'
import { type ChecksumKind, crc32Hex } from './job-folder'

/** SHA-256 and CRC-32 streams (one per key, fed in order), file copies and fsync, for the copy pipeline. */
export interface CopyThreads {
  /** How many streams hash at once (each on a thread of its own); a reader reads as many chunks at once when it may. */
  readonly hashingThreads: number
  /** A buffer the hashing threads can read (shared memory for a pool). */
  allocate(size: number): Buffer
  /**
   * Adds bytes to stream `key` (a SHA-256 stream unless its first update says `crc32`); resolves when they are
   * hashed and `piece` may be reused.
   */
  update(key: number, piece: Buffer, kind?: ChecksumKind): Promise<void>
  /** Finishes stream `key`: its hex digest (a CRC-32 as 8 hex digits). */
  digest(key: number): Promise<string>
  /** Drops stream `key` without a digest (after a failure). */
  drop(key: number): void
  /** Flushes an open file to disk (rejects with the fs error, `code` set). */
  fsync(handle: FileHandle): Promise<void>
  /**
   * Has the kernel copy file `source` to `target` (created or truncated; `fs.copyFile`: copy_file_range where it
   * can), not flushed; rejects with the fs error, `code` set.
   */
  copyFile(source: string, target: string): Promise<void>
  /**
   * SHA-256 of each of many ranges of one buffer (a deduplicated store's blocks), at once: `ranges` holds a start and
   * a length per block; resolves the 32-byte digests back to back, in the same order.
   */
  hashBlocks(buffer: Buffer, ranges: readonly number[]): Promise<Buffer>
}

/** Puts the calling thread below the main process (Linux nice values are per thread); a no-op elsewhere. */
export function lowerThisThreadPriority(): void {
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10)
  } catch {
    // Not Linux, or not allowed: run at the normal priority.
  }
}

// Plain JavaScript evaluated in each thread: no loader or bundle entry is needed, in development or in the app.
const threadSource = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const { copyFileSync, fsyncSync, readlinkSync } = require('node:fs')
// Below the main thread, as lowerThisThreadPriority does.
try { require('node:os').setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10) } catch {}
const { crc32 } = require('node:zlib')
class Crc32 {
  value = 0
  update(bytes) { this.value = crc32(bytes, this.value) }
  digest() { return this.value.toString(16).padStart(8, '0') }
}
const streams = new Map()
parentPort.on('message', (m) => {
  if (m.op === 'fsync' || m.op === 'copyFile') {
    try {
      if (m.op === 'fsync') fsyncSync(m.fd)
      else copyFileSync(m.source, m.target)
      parentPort.postMessage({ id: m.id })
    } catch (error) { parentPort.postMessage({ id: m.id, code: error.code || 'EIO', message: error.message }) }
    return
  }
  if (m.op === 'drop') return void streams.delete(m.key)
  if (m.op === 'blocks') {
    const out = new Uint8Array(m.ranges.length * 16)
    for (let i = 0; i < m.ranges.length; i += 2) {
      out.set(createHash('sha256').update(new Uint8Array(m.memory, m.offset + m.ranges[i], m.ranges[i + 1])).digest(), i * 16)
    }
    parentPort.postMessage({ id: m.id, digests: out.buffer }, [out.buffer])
    return
  }
  let hash = streams.get(m.key)
  if (!hash) { hash = m.kind === 'crc32' ? new Crc32() : createHash('sha256'); streams.set(m.key, hash) }
  if (m.op === 'update') {
    hash.update(new Uint8Array(m.memory, m.offset, m.length))
    parentPort.postMessage({ id: m.id })
  } else {
    streams.delete(m.key)
    parentPort.postMessage({ id: m.id, hex: hash.digest('hex') })
  }
})
`

interface Reply {
  readonly id: number
  readonly hex?: string
  readonly digests?: ArrayBuffer
  readonly code?: string
  readonly message?: string
}

interface Pending {
  readonly thread: Worker
  readonly resolve: (hex: string, digests?: ArrayBuffer) => void
  readonly reject: (error: Error) => void
}

/** The error of work lost with a thread that stopped (`code` ETHREAD): the job fails with it and is retried later. */
function threadStopped(reason: string): Error {
  return Object.assign(new Error(`a hashing thread stopped (${reason})`), { code: 'ETHREAD' })
}

/**
 * Hashing, copying and fsync threads shared by every copy in a worker; create once, `close` at the end. A thread
 * that dies is replaced at once: the work it held fails with the reason (as do later updates of the hash streams it
 * held, whose state died with it), and new work goes to the new thread.
 */
export class CopyThreadPool implements CopyThreads {
  private readonly hashers: Worker[]
  private syncer: Worker
  /** Started on the first copy: backups, restores and verifications never need it. */
  private copier: Worker | null = null
  private readonly pending = new Map<number, Pending>()
  /** Which hash streams live on which thread, so a thread's death can fail them. */
  private readonly streamsOn = new Map<Worker, Set<number>>()
  /** Streams whose thread died: their next update or digest fails. */
  private readonly lost = new Map<number, string>()
  private nextId = 1
  private closed = false

  get hashingThreads(): number {
    return this.hashers.length
  }

  /**
   * `hashThreads`: by default one per core, at most two. At nice 10 they take only what the main process leaves, so
   * none need be kept free for it: on two cores, an aux copy hashes two chunks at once (about 1.2x the throughput of
   * one hashing thread, measured), and the main event loop stays as responsive (the bench reports its delay).
   */
  constructor(hashThreads = Math.max(1, Math.min(2, availableParallelism()))) {
    this.hashers = Array.from({ length: hashThreads }, () => this.start())
    this.syncer = this.start()
  }

  /** A buffer over shared memory, readable by the hashing threads without a copy. */
  allocate(size: number): Buffer {
    return Buffer.from(new SharedArrayBuffer(size))
  }

  /** Hashes `piece` (which must come from `allocate`) into stream `key`. */
  update(key: number, piece: Buffer, kind: ChecksumKind = 'sha256'): Promise<void> {
    const lost = this.lost.get(key)
    if (lost !== undefined) return Promise.reject(threadStopped(lost))
    const thread = this.hasher(key)
    this.streamsOf(thread).add(key)
    const message = { op: 'update', key, kind, memory: piece.buffer, offset: piece.byteOffset, length: piece.length }
    return this.request(thread, message).then(() => undefined)
  }

  /** The hex digest of stream `key`, after every update sent before it. */
  digest(key: number): Promise<string> {
    const lost = this.lost.get(key)
    if (lost !== undefined) {
      this.lost.delete(key)
      return Promise.reject(threadStopped(lost))
    }
    const thread = this.hasher(key)
    this.streamsOn.get(thread)?.delete(key)
    return this.request(thread, { op: 'digest', key })
  }

  /** Forgets stream `key`. */
  drop(key: number): void {
    this.lost.delete(key)
    const thread = this.hasher(key)
    this.streamsOn.get(thread)?.delete(key)
    thread.postMessage({ op: 'drop', key })
  }

  /** fsync on the syncing thread; the handle must stay open until this resolves. */
  fsync(handle: FileHandle): Promise<void> {
    return this.request(this.syncer, { op: 'fsync', fd: handle.fd }).then(() => undefined)
  }

  /** The kernel's copy, on the copying thread (one copy at a time: the disk, not the thread, is the limit). */
  copyFile(source: string, target: string): Promise<void> {
    this.copier ??= this.start()
    return this.request(this.copier, { op: 'copyFile', source, target }).then(() => undefined)
  }

  /** Block digests, the ranges shared among the hashing threads (`buffer` must come from `allocate`). */
  async hashBlocks(buffer: Buffer, ranges: readonly number[]): Promise<Buffer> {
    const blocks = ranges.length / 2
    const parts = Math.min(this.hashers.length, Math.max(1, Math.floor(blocks / 4)))
    const per = Math.ceil(blocks / parts)
    const answers = await Promise.all(
      Array.from({ length: parts }, (_, part) => {
        const slice = ranges.slice(part * per * 2, (part + 1) * per * 2)
        const message = { op: 'blocks', memory: buffer.buffer, offset: buffer.byteOffset, ranges: slice }
        return this.requestDigests(this.hashers[part]!, message)
      }),
    )
    return Buffer.concat(answers.map((digests) => Buffer.from(digests)))
  }

  /** The threads' ids, for tests that stop one as a crash would. */
  get threads(): readonly Worker[] {
    return [...this.hashers, this.syncer, ...(this.copier ? [this.copier] : [])]
  }

  /** Stops the threads. */
  async close(): Promise<void> {
    this.closed = true
    await Promise.all(this.threads.map((thread) => thread.terminate()))
    for (const waiting of this.pending.values()) waiting.reject(new Error('copy threads closed'))
    this.pending.clear()
  }

  private start(): Worker {
    const thread = new Worker(threadSource, { eval: true })
    thread.unref() // idle threads never keep a process alive
    thread.on('message', (reply: Reply) => {
      const waiting = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      // During construction `this.hashers` may not hold every thread yet.
      if (this.pending.size === 0) for (const each of [...this.hashers, this.syncer, this.copier]) each?.unref()
      if (reply.code) waiting?.reject(Object.assign(new Error(reply.message ?? reply.code), { code: reply.code }))
      else waiting?.resolve(reply.hex ?? '', reply.digests)
    })
    let reason = ''
    thread.on('error', (error) => {
      reason = error.message
    })
    thread.on('exit', (code) => this.replace(thread, reason || `exit code ${code}`))
    return thread
  }

  /** A thread stopped: fail what it held and put a new thread in its place. */
  private replace(dead: Worker, reason: string): void {
    for (const [id, waiting] of this.pending) {
      if (waiting.thread !== dead) continue
      this.pending.delete(id)
      waiting.reject(threadStopped(reason))
    }
    for (const key of this.streamsOn.get(dead) ?? []) this.lost.set(key, reason)
    this.streamsOn.delete(dead)
    if (this.closed) return
    const index = this.hashers.indexOf(dead)
    if (index >= 0) this.hashers[index] = this.start()
    else if (this.syncer === dead) this.syncer = this.start()
    else if (this.copier === dead) this.copier = this.start()
  }

  private streamsOf(thread: Worker): Set<number> {
    let keys = this.streamsOn.get(thread)
    if (!keys) {
      keys = new Set()
      this.streamsOn.set(thread, keys)
    }
    return keys
  }

  private hasher(key: number): Worker {
    return this.hashers[key % this.hashers.length]!
  }

  private request(thread: Worker, message: Record<string, unknown>): Promise<string> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { thread, resolve, reject })
      thread.ref() // an answer is awaited: keep the process alive
      thread.postMessage({ ...message, id })
    })
  }

  private requestDigests(thread: Worker, message: Record<string, unknown>): Promise<ArrayBuffer> {
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { thread, resolve: (_hex, digests) => resolve(digests ?? new ArrayBuffer(0)), reject })
      thread.ref()
      thread.postMessage({ ...message, id })
    })
  }
}

/** Hashing, copies and fsync on the calling thread and libuv's pool: for tests, child processes and small jobs. */
export class InlineCopyThreads implements CopyThreads {
  private readonly streams = new Map<number, Hash | { crc: number }>()
  readonly hashingThreads = 1

  allocate(size: number): Buffer {
    return Buffer.allocUnsafe(size)
  }

  update(key: number, piece: Buffer, kind: ChecksumKind = 'sha256'): Promise<void> {
    let hash = this.streams.get(key)
    if (!hash) {
      hash = kind === 'crc32' ? { crc: 0 } : createHash('sha256')
      this.streams.set(key, hash)
    }
    if ('crc' in hash) hash.crc = crc32(piece, hash.crc)
    else hash.update(piece)
    return Promise.resolve()
  }

  digest(key: number): Promise<string> {
    const hash = this.streams.get(key) ?? createHash('sha256')
    this.streams.delete(key)
    return Promise.resolve('crc' in hash ? crc32Hex(hash.crc) : hash.digest('hex'))
  }

  drop(key: number): void {
    this.streams.delete(key)
  }

  fsync(handle: FileHandle): Promise<void> {
    return handle.sync()
  }

  copyFile(source: string, target: string): Promise<void> {
    return copyFile(source, target)
  }

  hashBlocks(buffer: Buffer, ranges: readonly number[]): Promise<Buffer> {
    const out = Buffer.allocUnsafe(ranges.length * 16)
    for (let i = 0; i < ranges.length; i += 2) createHash('sha256').update(buffer.subarray(ranges[i]!, ranges[i]! + ranges[i + 1]!)).digest().copy(out, i * 16)
    return Promise.resolve(out)
  }
}
