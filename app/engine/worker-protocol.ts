/**
 * The one protocol between the main process and the copy worker (a `worker_threads` worker that does all heavy
 * I/O: backups into a library, auxiliary copies between libraries, restores). Two discriminated unions, handled on
 * each side by a `switch` that ends in `assertNever`. Messages are plain data (structured clone), never classes.
 */
import type { BackupType } from '../model/entities'

/** Why a job failed; `file` is the path at fault (a chunk, a restored file, a folder), `reason` is for people. */
export type EngineFailure =
  /** Data does not match its SHA-256: `chunk` is set for a library chunk, `files` are the backed-up files in it. */
  | {
      readonly kind: 'checksum'
      readonly file: string
      readonly reason: string
      readonly chunk: number | null
      readonly files: readonly string[]
    }
  /** Source data is missing or short (a chunk, a manifest, a content folder). */
  | { readonly kind: 'sourceMissing'; readonly file: string; readonly reason: string; readonly errno: string | null }
  /** A manifest that does not parse or does not hold together. */
  | { readonly kind: 'manifestInvalid'; readonly file: string; readonly reason: string }
  /** The target (mount path, destination) is missing, unwritable or full: the job goes Pending and retries later. */
  | { readonly kind: 'targetUnavailable'; readonly file: string; readonly reason: string; readonly errno: string }
  /** Anything else (a bug, a crashed worker, a job folder that already holds another job). */
  | { readonly kind: 'internal'; readonly file: string; readonly reason: string }

/** The kinds of failure. */
export type FailureKind = EngineFailure['kind']

/** One backup job to copy: from its folder on the source copy's mount path to its folder on the target's. */
export interface CopyTask {
  readonly backupJobId: number
  readonly sourceDir: string
  readonly targetDir: string
  /** The job's size as the catalog knows it (progress uses the manifest's figure once read). */
  readonly bytes: number
}

/** What a run does. */
export type RunOperation = 'auxCopy' | 'backup' | 'restore'

/**
 * How a run (or, for `suspended`, one phase of it) ended. `pending`: a target was unavailable, retry later;
 * `failed`: a backup or restore failed, or the worker crashed (the caller retries with a new run).
 */
export type RunOutcome = 'completed' | 'completedWithErrors' | 'failed' | 'killed' | 'suspended' | 'pending'

/** A failure tied to the backup job it concerns (null when it concerns no one job, such as a crash). */
export interface JobError {
  readonly backupJobId: number | null
  readonly failure: EngineFailure
}

/** Commands from the main process to the worker. */
export type ToWorker =
  /** Copies each task's job; up to `streams` jobs at once. */
  | {
      readonly type: 'startAuxCopy'
      readonly runId: number
      readonly tasks: readonly CopyTask[]
      readonly streams: number
    }
  /** Backs up `contents` into `jobDir`; Incremental/Differential compare with the manifests in `baselineJobDirs`. */
  | {
      readonly type: 'startBackup'
      readonly runId: number
      readonly jobId: number
      readonly backupType: BackupType
      readonly contents: readonly string[]
      readonly jobDir: string
      /** Oldest first; later manifests override earlier ones. Empty for a Full. */
      readonly baselineJobDirs: readonly string[]
      /** Largest chunk file in bytes; default 32 MiB. */
      readonly chunkSize?: number
    }
  /** Restores one job, or a chain (a Full then later jobs of the same subclient, oldest first), to `destination`. */
  | { readonly type: 'startRestore'; readonly runId: number; readonly jobDirs: readonly string[]; readonly destination: string }
  /** Stops at the next buffer boundary, keeping what is durable; the worker keeps the run for `resume`. */
  | { readonly type: 'suspend'; readonly runId: number }
  /** Continues a suspended run without re-copying durable chunks. */
  | { readonly type: 'resume'; readonly runId: number }
  /** Stops the run for good; durable jobs stay durable, a partial job stays resumable by a later run. */
  | { readonly type: 'kill'; readonly runId: number }

/** Events from the worker to the main process. */
export type FromWorker =
  /** Several times a second while a run is active. `throughput` is bytes per second over the last two seconds. */
  | {
      readonly type: 'progress'
      readonly runId: number
      readonly operation: RunOperation
      readonly bytesDone: number
      readonly bytesTotal: number
      readonly throughput: number
      readonly currentJobIds: readonly number[]
      readonly currentFile: string | null
    }
  /** A job's data is all there and its manifest fsynced (copy target, or the library for a backup). */
  | {
      readonly type: 'jobDurable'
      readonly runId: number
      readonly backupJobId: number
      /** The job's data size (sum of its files). */
      readonly bytes: number
      readonly files: number
      /** Bytes written by this run (less than `bytes` when durable chunks of an earlier run were kept). */
      readonly bytesWritten: number
      readonly chunksWritten: number
      readonly chunksReused: number
    }
  /** One job failed; the run goes on with the others. */
  | { readonly type: 'jobFailed'; readonly runId: number; readonly backupJobId: number; readonly failure: EngineFailure }
  /** The run ended (or, with outcome `suspended`, paused until `resume`). */
  | {
      readonly type: 'runEnded'
      readonly runId: number
      readonly operation: RunOperation
      readonly outcome: RunOutcome
      readonly errors: readonly JobError[]
      /** Every job made durable by this run (all phases). */
      readonly durableJobIds: readonly number[]
    }

/** The `runEnded` event. */
export type RunEnded = Extract<FromWorker, { type: 'runEnded' }>
/** The `progress` event. */
export type RunProgress = Extract<FromWorker, { type: 'progress' }>
