/**
 * The worker's side of the protocol, free of `worker_threads` so it can be tested in-process: takes `ToWorker`
 * commands, runs aux copies (up to N jobs at once), backups and restores, and posts `FromWorker` events.
 */
import type { CopyTask, EngineFailure, FromWorker, JobError, RunOperation, ToWorker } from '../../app/engine/worker-protocol'
import { decideRunOutcome, type RunStop } from '../../app/engine/run-outcome'
import { assertNever } from '../../app/model/assert'
import { backupToLibrary, buildBaselineIndex } from './backup'
import { copyJob } from './copy-job'
import { EngineError, JobAbortedError } from './engine-error'
import { type CopyThreads, CopyThreadPool } from './copy-threads'
import { type JobManifest, type Progress, readManifest } from './job-store'
import { restoreChain } from './restore'

/** Tuning for the runs (tests use small intervals). */
export interface EngineRunsOptions {
  /** How often a run posts progress (default 150 ms). */
  readonly progressIntervalMs?: number
  /** Where copies hash and fsync (default: a `CopyThreadPool` started on first use). */
  readonly threads?: CopyThreads
}

type TaskState = 'queued' | 'running' | 'durable' | 'failed'

interface TaskRun {
  readonly task: CopyTask
  state: TaskState
  bytesTotal: number
  bytesDone: number
  bytesTransferred: number
  currentFile: string | null
}

type RunCommand = Extract<ToWorker, { type: 'startAuxCopy' | 'startBackup' | 'startRestore' }>

interface Run {
  readonly runId: number
  readonly operation: RunOperation
  readonly command: RunCommand
  readonly tasks: TaskRun[]
  readonly errors: JobError[]
  readonly durableJobIds: number[]
  /** Set while a phase runs; absent while suspended. */
  controller: AbortController | null
  stop: RunStop
  samples: { readonly at: number; readonly bytes: number }[]
}

/** Runs the commands of one worker; `post` sends events to the main process. */
export class EngineRuns {
  private readonly runs = new Map<number, Run>()
  private readonly progressIntervalMs: number
  private threads: CopyThreads | undefined

  constructor(
    private readonly post: (message: FromWorker) => void,
    options: EngineRunsOptions = {},
  ) {
    this.progressIntervalMs = options.progressIntervalMs ?? 150
    this.threads = options.threads
  }

  /** Handles one command. */
  handle(command: ToWorker): void {
    switch (command.type) {
      case 'startAuxCopy':
      case 'startBackup':
      case 'startRestore':
        this.start(command)
        return
      case 'suspend':
        this.stopPhase(command.runId, 'suspend')
        return
      case 'kill':
        this.kill(command.runId)
        return
      case 'resume':
        this.resume(command.runId)
        return
      default:
        assertNever(command, 'worker command')
    }
  }

  private start(command: RunCommand): void {
    // The host refuses a start that reuses an active run's id; this is only a backstop.
    if (this.runs.has(command.runId)) return
    const operation: RunOperation = command.type === 'startAuxCopy' ? 'auxCopy' : command.type === 'startBackup' ? 'backup' : 'restore'
    const tasks: TaskRun[] =
      command.type === 'startAuxCopy'
        ? command.tasks.map((task) => ({ task, state: 'queued', bytesTotal: task.bytes, bytesDone: 0, bytesTransferred: 0, currentFile: null }))
        : []
    const run: Run = { runId: command.runId, operation, command, tasks, errors: [], durableJobIds: [], controller: null, stop: 'none', samples: [] }
    this.runs.set(run.runId, run)
    void this.runPhase(run)
  }

  private resume(runId: number): void {
    const run = this.runs.get(runId)
    if (!run) {
      this.post({ type: 'runEnded', runId, operation: 'auxCopy', outcome: 'failed', errors: [{ backupJobId: null, failure: internal('no suspended run with this id') }], durableJobIds: [] })
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
    this.post({ type: 'runEnded', runId, operation: run.operation, outcome: 'killed', errors: run.errors, durableJobIds: run.durableJobIds })
  }

  private async runPhase(run: Run): Promise<void> {
    const controller = new AbortController()
    run.controller = controller
    run.samples = []
    this.postProgress(run)
    const timer = setInterval(() => this.postProgress(run), this.progressIntervalMs)
    try {
      switch (run.command.type) {
        case 'startAuxCopy':
          await this.runCopies(run, run.command.streams, controller.signal)
          break
        case 'startBackup':
          await this.runBackup(run, run.command, controller.signal)
          break
        case 'startRestore':
          await this.runRestore(run, run.command, controller.signal)
          break
        default:
          assertNever(run.command, 'run command')
      }
    } catch (error) {
      run.errors.push({ backupJobId: null, failure: failureOf(error) })
    } finally {
      clearInterval(timer)
    }
    run.controller = null
    this.postProgress(run)
    // A stop that came as the last job finished stopped nothing: the run completed.
    const unfinished = run.tasks.some((task) => task.state === 'queued' || task.state === 'running')
    const outcome = decideRunOutcome(run.operation, unfinished ? run.stop : 'none', run.errors.map((error) => error.failure))
    if (outcome !== 'suspended') this.runs.delete(run.runId)
    this.post({ type: 'runEnded', runId: run.runId, operation: run.operation, outcome, errors: [...run.errors], durableJobIds: [...run.durableJobIds] })
  }

  private async runCopies(run: Run, streams: number, signal: AbortSignal): Promise<void> {
    const queue = run.tasks.filter((task) => task.state === 'queued')
    const stream = async (): Promise<void> => {
      for (let next = queue.shift(); next && !signal.aborted; next = queue.shift()) await this.copyOne(run, next, signal)
    }
    await Promise.all(Array.from({ length: Math.max(1, Math.min(streams, queue.length)) }, stream))
  }

  private async copyOne(run: Run, taskRun: TaskRun, signal: AbortSignal): Promise<void> {
    const { task } = taskRun
    taskRun.state = 'running'
    const before = { transferred: taskRun.bytesTransferred }
    const onProgress = (progress: Progress) => {
      taskRun.bytesTotal = progress.bytesTotal
      taskRun.bytesDone = progress.bytesDone
      taskRun.bytesTransferred = before.transferred + progress.bytesTransferred
      taskRun.currentFile = progress.currentFile
    }
    try {
      this.threads ??= new CopyThreadPool()
      const result = await copyJob({ sourceDir: task.sourceDir, targetDir: task.targetDir, signal, onProgress, progressIntervalMs: 50, threads: this.threads })
      taskRun.state = 'durable'
      taskRun.bytesDone = taskRun.bytesTotal
      run.durableJobIds.push(task.backupJobId)
      this.post({
        type: 'jobDurable',
        runId: run.runId,
        backupJobId: task.backupJobId,
        bytes: result.manifest.totals.bytes,
        files: result.manifest.totals.files,
        bytesWritten: result.bytesWritten,
        chunksWritten: result.chunksWritten,
        chunksReused: result.chunksReused,
      })
    } catch (error) {
      if (error instanceof JobAbortedError) {
        taskRun.state = 'queued' // resumable: its durable chunks stay
        return
      }
      taskRun.state = 'failed'
      const failure = failureOf(error)
      run.errors.push({ backupJobId: task.backupJobId, failure })
      this.post({ type: 'jobFailed', runId: run.runId, backupJobId: task.backupJobId, failure })
    } finally {
      taskRun.currentFile = null
    }
  }

  private async runBackup(run: Run, command: Extract<RunCommand, { type: 'startBackup' }>, signal: AbortSignal): Promise<void> {
    const task: TaskRun = { task: { backupJobId: command.jobId, sourceDir: '', targetDir: command.jobDir, bytes: 0 }, state: 'running', bytesTotal: 0, bytesDone: 0, bytesTransferred: 0, currentFile: null }
    run.tasks.splice(0, run.tasks.length, task)
    try {
      const manifests: JobManifest[] = []
      for (const dir of command.baselineJobDirs) manifests.push(await readManifest(dir))
      const { manifest } = await backupToLibrary({
        jobId: command.jobId,
        backupType: command.backupType,
        contents: command.contents,
        jobDir: command.jobDir,
        baseline: buildBaselineIndex(manifests),
        ...(command.chunkSize ? { chunkSize: command.chunkSize } : {}),
        signal,
        progressIntervalMs: 50,
        onProgress: (progress) => Object.assign(task, progress),
      })
      task.state = 'durable'
      run.durableJobIds.push(command.jobId)
      const bytes = manifest.totals.bytes
      this.post({ type: 'jobDurable', runId: run.runId, backupJobId: command.jobId, bytes, files: manifest.totals.files, bytesWritten: bytes, chunksWritten: manifest.totals.chunks, chunksReused: 0 })
    } catch (error) {
      if (error instanceof JobAbortedError) return // a backup restarts from the beginning on resume
      task.state = 'failed'
      const failure = failureOf(error)
      run.errors.push({ backupJobId: command.jobId, failure })
      this.post({ type: 'jobFailed', runId: run.runId, backupJobId: command.jobId, failure })
    } finally {
      task.currentFile = null
    }
  }

  private async runRestore(run: Run, command: Extract<RunCommand, { type: 'startRestore' }>, signal: AbortSignal): Promise<void> {
    const task: TaskRun = { task: { backupJobId: 0, sourceDir: '', targetDir: command.destination, bytes: 0 }, state: 'running', bytesTotal: 0, bytesDone: 0, bytesTransferred: 0, currentFile: null }
    run.tasks.splice(0, run.tasks.length, task)
    try {
      await restoreChain(command.jobDirs, command.destination, { signal, progressIntervalMs: 50, onProgress: (progress) => Object.assign(task, progress) })
      task.state = 'durable'
    } catch (error) {
      if (error instanceof JobAbortedError) return
      task.state = 'failed'
      run.errors.push({ backupJobId: null, failure: failureOf(error) })
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
      operation: run.operation,
      bytesDone: run.tasks.reduce((sum, task) => sum + (task.state === 'durable' ? task.bytesTotal : task.bytesDone), 0),
      bytesTotal: run.tasks.reduce((sum, task) => sum + task.bytesTotal, 0),
      throughput: seconds > 0 ? Math.round((transferred - first.bytes) / seconds) : 0,
      currentJobIds: running.map((task) => task.task.backupJobId).filter((id) => id !== 0),
      currentFile: running.find((task) => task.currentFile)?.currentFile ?? null,
    })
  }
}

function internal(reason: string): EngineFailure {
  return { kind: 'internal', file: '', reason }
}

/** The typed failure of an error: an `EngineError`'s own, anything else as `internal`. */
function failureOf(error: unknown): EngineFailure {
  if (error instanceof EngineError) return error.failure
  return internal(error instanceof Error ? error.message : String(error))
}
