/**
 * The MediaAgent's stores behind one interface. A store keeps jobs' data and answers for it by reference (a
 * `JobRef`); how it lays bytes out is its own business. Today's one kind is the disk store: a disk library's mount
 * path holding each job as chunk files and a manifest (`job-folder.ts`). Deduplicated and tape stores come beside it.
 */
import { rm, stat, statfs } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { JobRef, MediaAgentConfig, StoreRef, StoreStats } from '../../app/media/media-protocol'
import { assertNever } from '../../app/model/assert'
import { type BackupInput, type BackupResult, backupToLibrary } from './backup'
import { type CopyJobInput, type CopyResult, copyJob } from './copy-job'
import { fsyncDir } from './durable-fs'
import { MediaError, fsReason } from './media-error'
import { jobFolderPath } from './job-folder'
import { type JobReader, openJobFolder } from './job-reader'

/** What writing a job into a store takes (the store decides where it goes). */
export type StoreBackupInput = Omit<BackupInput, 'jobDir' | 'mountPath' | 'jobId'>
/** What copying a job into a store takes. */
export type StoreCopyInput = Omit<CopyJobInput, 'source' | 'targetDir' | 'mountPath'>

/** One store of a MediaAgent. */
export interface Store {
  readonly ref: StoreRef
  /** Opens a job for reading; `targetUnavailable` when the store is offline, `sourceMissing` when the job is not there. */
  openJob(job: JobRef): Promise<JobReader>
  /** Backs a client's content up into the store as `job`. */
  backup(job: JobRef, input: StoreBackupInput): Promise<BackupResult>
  /** Copies a job read from another store into this one as `job`, resuming what an earlier run left. */
  copyIn(source: JobReader, job: JobRef, input: StoreCopyInput): Promise<CopyResult>
  /** Removes a job's data; false when there was none. */
  prune(job: JobRef): Promise<boolean>
  /** Whether the store is there, and its space. */
  stats(): Promise<StoreStats>
}

/** The stores a MediaAgent is configured with, found by reference. */
export class Stores {
  private mountPaths = new Map<number, string>()
  /** A test console's brake on every run (null in a normal start). */
  throttleBytesPerSecond: number | null = null

  /** Takes the MediaAgent's configuration (sent after `hello` and whenever it changes). */
  configure(config: MediaAgentConfig): void {
    this.mountPaths = new Map(config.mountPaths.map((mountPath) => [mountPath.id, mountPath.path]))
    this.throttleBytesPerSecond = config.throttleBytesPerSecond
  }

  /** The store a reference names; `internal` when this MediaAgent does not know it. */
  store(ref: StoreRef): Store {
    switch (ref.kind) {
      case 'disk':
        return new DiskStore(ref, this.mountPathOf(ref.mountPathId))
      default:
        return assertNever(ref.kind, 'store kind')
    }
  }

  /** Every folder of a configured store (mount paths), for keeping them out of backups and restores. */
  folders(): string[] {
    return [...this.mountPaths.values()]
  }

  /** Where a configured mount path lies. */
  mountPathOf(id: number): string {
    const path = this.mountPaths.get(id)
    if (path === undefined) throw new MediaError({ kind: 'internal', file: '', reason: `mount path ${id} is not configured on this MediaAgent` })
    return path
  }
}

/** A disk library's mount path: `<mountPath>/CV_JOBS/SP<policy>_C<copy>/J<job>/` per job. */
class DiskStore implements Store {
  constructor(
    readonly ref: StoreRef,
    private readonly mountPath: string,
  ) {}

  private dir(job: JobRef): string {
    return jobFolderPath(this.mountPath, job.storagePolicyId, job.copyId, job.jobId)
  }

  openJob(job: JobRef): Promise<JobReader> {
    return openJobFolder(this.dir(job), this.mountPath)
  }

  backup(job: JobRef, input: StoreBackupInput): Promise<BackupResult> {
    return backupToLibrary({ ...input, jobId: job.jobId, jobDir: this.dir(job), mountPath: this.mountPath })
  }

  copyIn(source: JobReader, job: JobRef, input: StoreCopyInput): Promise<CopyResult> {
    return copyJob({ ...input, source, targetDir: this.dir(job), mountPath: this.mountPath })
  }

  async prune(job: JobRef): Promise<boolean> {
    const dir = this.dir(job)
    const existed = await stat(dir).then(() => true, () => false)
    if (!existed) return false
    await rm(dir, { recursive: true, force: true })
    await fsyncDir(dirname(dir))
    return true
  }

  async stats(): Promise<StoreStats> {
    try {
      const stats = await stat(this.mountPath)
      if (!stats.isDirectory()) return { store: this.ref, online: false, reason: 'the mount path is not a folder', totalBytes: 0, freeBytes: 0 }
      const fs = await statfs(this.mountPath)
      return { store: this.ref, online: true, reason: '', totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize }
    } catch (error) {
      return { store: this.ref, online: false, reason: fsReason(error), totalBytes: 0, freeBytes: 0 }
    }
  }
}
