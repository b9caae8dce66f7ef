/**
 * The MediaAgent: the MediaAgent side of the media protocol, free of any transport so it can be tested in-process.
 * It checks each message against the protocol, answers requests, runs backups, auxiliary copies (up to N jobs at
 * once), restores and verifications against its stores, and posts `FromMediaAgent` messages. It is the only code
 * that touches library folders and client folders.
 */
import { hostname } from 'node:os'
import {
  type FromMediaAgent,
  type JobError,
  type JobRef,
  type MediaFailure,
  type MediaRequest,
  type MediumRef,
  type RunWork,
  ToMediaAgent,
  maxListedPaths,
  mediaProtocolVersion,
} from '../../app/media/media-protocol'
import { decideRunOutcome, type RunStop } from '../../app/media/run-outcome'
import { assertNever } from '../../app/model/assert'
import { buildBaselineIndex } from './backup'
import { type CopyThreads, CopyThreadPool } from './copy-threads'
import { Stores } from './disk-store'
import { DedupStore } from './dedup/dedup-store'
import type { JobManifest, Progress } from './job-folder'
import { MediaError, JobAbortedError } from './media-error'
import { restoreDestination } from './path-checks'
import { carryOut } from './media-requests'
import { PiecePool } from './piece-pool'
import { restoreChain } from './restore'
import { Throttle } from './throttle'
import type { TapeLink } from './tape/tape-store'
import { TapeJobReader } from './tape/tape-reader'

/** Tuning for the MediaAgent (tests use small intervals). */
export interface MediaAgentOptions {
  /** How often a run posts progress (default 150 ms). */
  readonly progressIntervalMs?: number
  /** Where copies hash and fsync (default: a `CopyThreadPool` started on first use). */
  readonly threads?: CopyThreads
  /** The MediaAgent's name in `welcome` (default this host's name). */
  readonly name?: string
  /**
   * How long the hashing threads it started stay once no run phase is active (default 5 s; the next run soon after
   * reuses them). Stopping them frees at once every reference their heaps still held to the pieces of the runs they
   * hashed for: an idle thread may never collect that garbage, and would keep those pieces resident.
   */
  readonly threadsIdleMs?: number
}

type TaskState = 'queued' | 'running' | 'done' | 'failed'

/** One job of a run (a copied or verified job; the one job of a backup or restore). */
interface TaskRun {
  readonly backupJobId: number | null
  state: TaskState
  bytesTotal: number
  bytesDone: number
  bytesTransferred: number
  currentFile: string | null
}

interface Run {
  readonly runId: number
  readonly work: RunWork
  readonly tasks: TaskRun[]
  readonly errors: JobError[]
  /** Set while a phase runs; absent while suspended. */
  controller: AbortController | null
  /** A test console's brake for this phase. */
  throttle: Throttle | undefined
  /** The memory this phase's streams read and hash through, shared by its jobs; dropped when the phase ends. */
  pool: PiecePool | undefined
  stop: RunStop
  samples: { readonly at: number; readonly bytes: number }[]
}

/** The MediaAgent of one connection; `post` sends messages to the CommServe. */
export class MediaAgent {
  private readonly runs = new Map<number, Run>()
  private readonly stores = new Stores(() => (this.threads ??= new CopyThreadPool()))
  private readonly progressIntervalMs: number
  private threads: CopyThreads | undefined
  private threadsIdleTimer: NodeJS.Timeout | undefined
  private greeted = false
  /** Tape streams waiting for the CommServe to give them a medium, by ask. */
  private readonly asks = new Map<number, (answer: { medium: MediumRef | null; reason: string }) => void>()
  private nextAskId = 1

  constructor(
    private readonly post: (message: FromMediaAgent) => void,
    private readonly options: MediaAgentOptions = {},
  ) {
    this.progressIntervalMs = options.progressIntervalMs ?? 150
    this.threads = options.threads
  }

  /** Handles one message as it arrived (checked against the protocol here). */
  handle(raw: unknown): void {
    const parsed = ToMediaAgent.safeParse(raw)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const reason = `not a media protocol message: ${issue ? `${issue.path.join('.') || 'message'}: ${issue.message}` : ''}`
      const { requestId, runId, type } = (typeof raw === 'object' && raw !== null ? raw : {}) as { requestId?: unknown; runId?: unknown; type?: unknown }
      const valid = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value > 0
      if (valid(requestId)) this.post({ type: 'reply', requestId, value: null, error: reason })
      else if (type === 'start' && valid(runId)) {
        // A run that cannot start ends failed at once, with why (the CommServe would otherwise wait for it).
        this.post({ type: 'runEnded', runId, outcome: 'failed', errors: [{ backupJobId: null, failure: { kind: 'internal', file: '', reason } }] })
      } else this.post({ type: 'problem', reason: `${typeof type === 'string' ? type : 'a message'}: ${reason}` })
      return
    }
    const message = parsed.data
    if (message.type !== 'hello' && !this.greeted) {
      this.post({ type: 'refused', version: mediaProtocolVersion, reason: 'the connection must start with hello' })
      return
    }
    switch (message.type) {
      case 'hello':
        if (message.version !== mediaProtocolVersion) {
          this.post({ type: 'refused', version: mediaProtocolVersion, reason: `this MediaAgent speaks media protocol ${mediaProtocolVersion}, not ${message.version}` })
          return
        }
        this.greeted = true
        this.post({ type: 'welcome', version: mediaProtocolVersion, mediaAgent: this.options.name ?? hostname() })
        return
      case 'configure':
        this.stores.configure(message.config)
        return
      case 'request':
        void this.answer(message.requestId, message.request)
        return
      case 'start':
        this.start(message.runId, message.work)
        return
      case 'suspend':
        this.stopPhase(message.runId, 'suspend')
        return
      case 'kill':
        this.kill(message.runId)
        return
      case 'resume':
        this.resume(message.runId)
        return
      case 'mediumGiven': {
        const answer = this.asks.get(message.askId)
        this.asks.delete(message.askId)
        answer?.({ medium: message.medium, reason: message.reason })
        return
      }
      default:
        assertNever(message, 'media message')
    }
  }

  /** Stops the hashing threads (the worker is ending). */
  async close(): Promise<void> {
    clearTimeout(this.threadsIdleTimer)
    for (const run of this.runs.values()) run.controller?.abort()
    if (this.threads instanceof CopyThreadPool) await this.threads.close()
    this.stores.close()
  }

  // ── Requests ──────────────────────────────────────────────────────────────────────────────────────────────────

  private async answer(requestId: number, request: MediaRequest): Promise<void> {
    try {
      this.post({ type: 'reply', requestId, value: await carryOut(this.stores, request), error: '' })
    } catch (error) {
      this.post({ type: 'reply', requestId, value: null, error: error instanceof MediaError ? error.failure.reason : error instanceof Error ? error.message : String(error) })
    }
  }

  // ── Runs ──────────────────────────────────────────────────────────────────────────────────────────────────────

  private start(runId: number, work: RunWork): void {
    // The client refuses a start that reuses an active run's id; this is only a backstop.
    if (this.runs.has(runId)) return
    const task = (backupJobId: number | null, bytes: number): TaskRun => ({ backupJobId, state: 'queued', bytesTotal: bytes, bytesDone: 0, bytesTransferred: 0, currentFile: null })
    let tasks: TaskRun[]
    switch (work.kind) {
      case 'auxCopy':
      case 'verify':
        tasks = work.tasks.map((each) => task(each.backupJobId, each.bytes))
        break
      case 'backup':
        tasks = [task(work.target.jobId, 0)]
        break
      case 'restore':
        tasks = [task(null, 0)]
        break
      default:
        return assertNever(work, 'run work')
    }
    const run: Run = { runId, work, tasks, errors: [], controller: null, throttle: undefined, pool: undefined, stop: 'none', samples: [] }
    this.runs.set(runId, run)
    void this.runPhase(run)
  }

  private resume(runId: number): void {
    const run = this.runs.get(runId)
    if (!run) {
      this.post({ type: 'runEnded', runId, outcome: 'failed', errors: [{ backupJobId: null, failure: internal('no suspended run with this id on the MediaAgent') }] })
      return
    }
    if (run.controller) return // running already
    run.stop = 'none'
    void this.runPhase(run)
  }

  private stopPhase(runId: number, stop: RunStop): void {
    const run = this.runs.get(runId)
    if (!run?.controller) return
    run.stop = stop
    run.controller.abort()
  }

  private kill(runId: number): void {
    const run = this.runs.get(runId)
    if (!run) return
    if (run.controller) {
      this.stopPhase(runId, 'kill')
      return
    }
    // Suspended: nothing runs, end it now.
    this.runs.delete(runId)
    this.post({ type: 'runEnded', runId, outcome: 'killed', errors: run.errors })
  }

  private async runPhase(run: Run): Promise<void> {
    const controller = new AbortController()
    run.controller = controller
    run.samples = []
    const rate = this.stores.throttleBytesPerSecond
    run.throttle = rate === null ? undefined : new Throttle(rate)
    this.postProgress(run)
    const timer = setInterval(() => this.postProgress(run), this.progressIntervalMs)
    clearTimeout(this.threadsIdleTimer)
    try {
      this.threads ??= new CopyThreadPool()
      run.pool = new PiecePool(this.threads)
      const { work } = run
      switch (work.kind) {
        case 'auxCopy':
          await this.inParallel(run, work.streams, controller.signal, (task, index) => this.copyOne(run, work, task, index, controller.signal))
          break
        case 'verify':
          await this.verifyDeduplicated(run, work, controller.signal)
          await this.inParallel(run, 1, controller.signal, (task, index) => this.verifyOne(run, work, task, index, controller.signal))
          break
        case 'backup':
          await this.runBackup(run, work, controller.signal)
          break
        case 'restore':
          await this.runRestore(run, work, controller.signal)
          break
        default:
          assertNever(work, 'run work')
      }
    } catch (error) {
      run.errors.push({ backupJobId: null, failure: failureOf(error) })
    } finally {
      clearInterval(timer)
      run.pool = undefined
    }
    run.controller = null
    this.postProgress(run)
    // A stop that came as the last job finished stopped nothing: the run completed.
    const unfinished = run.tasks.some((task) => task.state === 'queued' || task.state === 'running')
    const outcome = decideRunOutcome(run.work.kind, unfinished ? run.stop : 'none', run.errors.map((error) => error.failure))
    if (outcome !== 'suspended') this.runs.delete(run.runId)
    this.post({ type: 'runEnded', runId: run.runId, outcome, errors: [...run.errors] })
    this.stopThreadsWhenIdle()
  }

  /** Stops the hashing threads this MediaAgent started once no run phase has been active for `threadsIdleMs`. */
  private stopThreadsWhenIdle(): void {
    const busy = () => [...this.runs.values()].some((run) => run.controller !== null)
    if (this.options.threads !== undefined || busy()) return
    clearTimeout(this.threadsIdleTimer)
    this.threadsIdleTimer = setTimeout(() => {
      const threads = this.threads
      if (!(threads instanceof CopyThreadPool) || busy()) return
      this.threads = undefined
      void threads.close()
    }, this.options.threadsIdleMs ?? 5_000)
    this.threadsIdleTimer.unref()
  }

  /** Runs the queued tasks, up to `streams` at once. */
  private async inParallel(run: Run, streams: number, signal: AbortSignal, each: (task: TaskRun, index: number) => Promise<void>): Promise<void> {
    const queue = run.tasks.map((task, index) => ({ task, index })).filter(({ task }) => task.state === 'queued')
    const stream = async (): Promise<void> => {
      for (let next = queue.shift(); next && !signal.aborted; next = queue.shift()) await each(next.task, next.index)
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(streams, queue.length)) }, stream))
  }

  private tracker(task: TaskRun): (progress: Progress) => void {
    const before = task.bytesTransferred
    return (progress) => {
      task.bytesTotal = progress.bytesTotal
      task.bytesDone = progress.bytesDone
      task.bytesTransferred = before + progress.bytesTransferred
      task.currentFile = progress.currentFile
    }
  }

  /** A job's failure: a stop leaves it queued (resumable); anything else is reported and the run goes on. */
  private failed(run: Run, task: TaskRun, error: unknown): void {
    if (error instanceof JobAbortedError) {
      task.state = 'queued'
      return
    }
    task.state = 'failed'
    const failure = failureOf(error)
    run.errors.push({ backupJobId: task.backupJobId, failure })
    if (task.backupJobId !== null) this.post({ type: 'jobFailed', runId: run.runId, backupJobId: task.backupJobId, failure })
  }

  private async copyOne(run: Run, work: Extract<RunWork, { kind: 'auxCopy' }>, task: TaskRun, index: number, signal: AbortSignal): Promise<void> {
    const copy = work.tasks[index]!
    task.state = 'running'
    try {
      const source = await this.stores.store(copy.source.store).openJob(copy.source)
      const result = await this.stores.store(copy.target.store).copyIn(source, copy.target, {
        signal, onProgress: this.tracker(task), progressIntervalMs: 50, threads: this.threads!, verifyTarget: work.verifyTarget, repair: copy.repair,
        ...(run.throttle ? { throttle: run.throttle } : {}), ...(run.pool ? { pool: run.pool } : {}),
        ...(copy.target.store.kind === 'tape' ? { tape: this.tapeLink(run, copy.target, signal) } : {}),
      })
      task.state = 'done'
      task.bytesDone = task.bytesTotal
      this.post({
        type: 'jobDurable', runId: run.runId, backupJobId: copy.backupJobId, bytes: result.manifest.totals.bytes, files: result.manifest.totals.files,
        bytesRead: result.bytesRead, bytesWritten: result.bytesWritten, chunksWritten: result.chunksWritten, chunksReused: result.chunksReused, verified: result.verified,
        blocksWritten: result.blocksWritten, blocksFound: result.blocksFound, skipped: [], skippedCount: 0,
      })
    } catch (error) {
      this.failed(run, task, error)
    } finally {
      task.currentFile = null
    }
  }

  /**
   * Jobs on deduplicated stores are verified store by store (each store's containers read once, each live block
   * checked once), not job by job; the other jobs are left for `verifyOne`.
   */
  private async verifyDeduplicated(run: Run, work: Extract<RunWork, { kind: 'verify' }>, signal: AbortSignal): Promise<void> {
    const byDdb = new Map<number, number[]>()
    work.tasks.forEach((task, index) => {
      if (task.ref.store.kind !== 'dedup' || run.tasks[index]!.state !== 'queued') return
      byDdb.set(task.ref.store.ddbId, [...(byDdb.get(task.ref.store.ddbId) ?? []), index])
    })
    for (const indexes of byDdb.values()) {
      if (signal.aborted) return
      const first = work.tasks[indexes[0]!]!
      const store = this.stores.store(first.ref.store)
      if (!(store instanceof DedupStore)) continue
      for (const index of indexes) run.tasks[index]!.state = 'running'
      const lead = run.tasks[indexes[0]!]!
      try {
        const before = lead.bytesTransferred
        let done = 0
        const verdicts = await store.verifyJobs(indexes.map((index) => work.tasks[index]!.ref), {
          threads: this.threads!, signal, ...(run.throttle ? { throttle: run.throttle } : {}),
          onBytes: (bytes, file) => {
            done += bytes
            lead.bytesDone = done
            lead.bytesTransferred = before + done
            lead.currentFile = file
          },
        })
        for (const index of indexes) {
          const task = run.tasks[index]!
          const { backupJobId, bytes } = work.tasks[index]!
          const failure = verdicts.get(work.tasks[index]!.ref.jobId) ?? null
          task.bytesTotal = task.bytesDone = bytes
          if (failure === null) {
            task.state = 'done'
            this.post({ type: 'jobVerified', runId: run.runId, backupJobId, bytes, chunks: 0 })
          } else {
            this.failed(run, task, new MediaError(failure))
          }
        }
      } catch (error) {
        for (const index of indexes) if (run.tasks[index]!.state === 'running') this.failed(run, run.tasks[index]!, error)
      } finally {
        lead.currentFile = null
      }
    }
  }

  /** A tape stream's line to the CommServe: media asked for and given, segments closed, media left. */
  private tapeLink(run: Run, target: JobRef, signal: AbortSignal): TapeLink {
    const { runId } = run
    return {
      medium: (spanning) =>
        new Promise((resolve, reject) => {
          if (signal.aborted) return reject(new JobAbortedError())
          const askId = this.nextAskId++
          const onAbort = () => {
            this.asks.delete(askId)
            reject(new JobAbortedError())
          }
          signal.addEventListener('abort', onAbort, { once: true })
          this.asks.set(askId, (answer) => {
            signal.removeEventListener('abort', onAbort)
            resolve(answer)
          })
          this.post({ type: 'mediumWanted', runId, askId, backupJobId: target.jobId, copyId: target.copyId, spanning })
        }),
      segmentClosed: (segment) => this.post({ type: 'segmentClosed', runId, backupJobId: target.jobId, copyId: target.copyId, segment }),
      mediumLeft: (barcode, full) => this.post({ type: 'mediumLeft', runId, barcode, full }),
    }
  }

  /** Data Verification of a job on tape: every segment re-read whole and checked against its SHA-256. */
  private async verifyTape(run: Run, reader: TapeJobReader, task: TaskRun, backupJobId: number, signal: AbortSignal): Promise<void> {
    task.bytesTotal = reader.segments.reduce((sum, segment) => sum + segment.bytes, 0)
    const before = task.bytesTransferred
    let done = 0
    const failures = await reader.verifySegments({
      threads: this.threads!, signal,
      onBytes: (bytes) => {
        done += bytes
        task.bytesDone = done
        task.bytesTransferred = before + done
      },
    })
    const first = failures[0]
    if (first !== undefined) throw new MediaError(first.failure)
    task.state = 'done'
    this.post({ type: 'jobVerified', runId: run.runId, backupJobId, bytes: reader.manifest.totals.bytes, chunks: reader.manifest.chunks.length })
  }

  private async verifyOne(run: Run, work: Extract<RunWork, { kind: 'verify' }>, task: TaskRun, index: number, signal: AbortSignal): Promise<void> {
    const { ref, backupJobId } = work.tasks[index]!
    task.state = 'running'
    try {
      const reader = await this.stores.store(ref.store).openJob(ref)
      if (reader instanceof TapeJobReader) return await this.verifyTape(run, reader, task, backupJobId, signal)
      const bytesTotal = reader.manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
      task.bytesTotal = bytesTotal
      const before = task.bytesTransferred
      let done = 0
      await reader.read({
        threads: this.threads!,
        // A disk or deduplicated store's chunks read in any order: one at a time per hashing thread.
        chunksAtOnce: this.threads!.hashingThreads,
        signal,
        ...(run.throttle ? { throttle: run.throttle } : {}),
        ...(run.pool ? { pool: run.pool } : {}),
        onBytes: (bytes, chunk) => {
          done += bytes
          task.bytesDone = done
          task.bytesTransferred = before + done
          task.currentFile = reader.chunkFile(chunk.number)
        },
      })
      task.state = 'done'
      this.post({ type: 'jobVerified', runId: run.runId, backupJobId, bytes: reader.manifest.totals.bytes, chunks: reader.manifest.chunks.length })
    } catch (error) {
      this.failed(run, task, error)
    } finally {
      task.currentFile = null
    }
  }

  private async runBackup(run: Run, work: Extract<RunWork, { kind: 'backup' }>, signal: AbortSignal): Promise<void> {
    const task = run.tasks[0]!
    // A backup is not resumed: each phase starts it again from the beginning.
    Object.assign(task, { state: 'running', bytesDone: 0, bytesTotal: 0 })
    try {
      const manifests: JobManifest[] = []
      for (const ref of work.baseline) manifests.push((await this.stores.store(ref.store).openJob(ref)).manifest)
      const { manifest, skipped, bytesWritten, blocksWritten, blocksFound } = await this.stores.store(work.target.store).backup(work.target, {
        backupType: work.backupType,
        contents: work.contents,
        baseline: buildBaselineIndex(manifests),
        exclude: [...work.exclude, ...this.stores.folders()],
        ...(work.chunkSize ? { chunkSize: work.chunkSize } : {}),
        signal,
        progressIntervalMs: 50,
        onProgress: this.tracker(task),
        ...(run.throttle ? { throttle: run.throttle } : {}),
      })
      task.state = 'done'
      const bytes = manifest.totals.bytes
      this.post({
        type: 'jobDurable', runId: run.runId, backupJobId: work.target.jobId, bytes, files: manifest.totals.files, bytesRead: bytes, bytesWritten,
        chunksWritten: manifest.totals.chunks, chunksReused: 0, verified: false, blocksWritten, blocksFound,
        skipped: skipped.slice(0, maxListedPaths), skippedCount: skipped.length,
      })
    } catch (error) {
      this.failed(run, task, error)
    } finally {
      task.currentFile = null
    }
  }

  private async runRestore(run: Run, work: Extract<RunWork, { kind: 'restore' }>, signal: AbortSignal): Promise<void> {
    const task = run.tasks[0]!
    Object.assign(task, { state: 'running', bytesDone: 0, bytesTotal: 0 })
    try {
      const verdict = await restoreDestination(work.destination, work.selection, work.guards)
      if (!verdict.ok) throw new MediaError({ kind: 'internal', file: work.destination, reason: verdict.reason })
      const readers = await Promise.all(work.chain.map((ref) => this.stores.store(ref.store).openJob(ref)))
      const result = await restoreChain(readers, verdict.resolved, {
        signal, progressIntervalMs: 50, onProgress: this.tracker(task), threads: this.threads!, selection: work.selection,
        protectedPaths: [...work.guards.protectedPaths, ...this.stores.folders()],
        ...(run.throttle ? { throttle: run.throttle } : {}), ...(run.pool ? { pool: run.pool } : {}),
      })
      task.state = 'done'
      this.post({
        type: 'restored', runId: run.runId, files: result.files, bytes: result.bytes, symlinks: result.symlinks,
        failed: result.failed.slice(0, maxListedPaths), failedCount: result.failed.length,
        kept: result.kept.slice(0, maxListedPaths), keptCount: result.kept.length,
      })
    } catch (error) {
      this.failed(run, task, error)
    } finally {
      task.currentFile = null
    }
  }

  private postProgress(run: Run): void {
    const now = performance.now()
    const transferred = run.tasks.reduce((sum, task) => sum + task.bytesTransferred, 0)
    run.samples.push({ at: now, bytes: transferred })
    while (run.samples.length > 2 && now - run.samples[1]!.at >= 2000) run.samples.shift()
    const first = run.samples[0]!
    const seconds = (now - first.at) / 1000
    const running = run.tasks.filter((task) => task.state === 'running')
    this.post({
      type: 'progress',
      runId: run.runId,
      bytesDone: run.tasks.reduce((sum, task) => sum + (task.state === 'done' ? task.bytesTotal : task.bytesDone), 0),
      bytesTotal: run.tasks.reduce((sum, task) => sum + task.bytesTotal, 0),
      throughput: seconds > 0 ? Math.max(0, Math.round((transferred - first.bytes) / seconds)) : 0,
      currentJobIds: running.flatMap((task) => (task.backupJobId === null ? [] : [task.backupJobId])),
      currentFile: running.find((task) => task.currentFile)?.currentFile ?? null,
    })
  }
}

function internal(reason: string): MediaFailure {
  return { kind: 'internal', file: '', reason }
}

/** The typed failure of an error: a `MediaError`'s own, anything else as `internal`. */
function failureOf(error: unknown): MediaFailure {
  if (error instanceof MediaError) return error.failure
  return internal(error instanceof Error ? error.message : String(error))
}
