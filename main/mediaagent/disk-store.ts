/**
 * The MediaAgent's stores behind one interface. A store keeps jobs' data and answers for it by reference (a
 * `JobRef`); how it lays bytes out is its own business: the disk store keeps each job as chunk files and a manifest
 * on a mount path (`job-folder.ts`); the deduplicated store keeps unique blocks in containers, indexed by its DDB
 * (`dedup/dedup-store.ts`); the tape store keeps each job as segments across a tape library's media
 * (`tape/tape-store.ts`).
 */
import { rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { JobRef, MediaAgentConfig, StoreRef, StoreStats } from '../../app/media/media-protocol'
import { assertNever } from '../../app/model/assert'
import { type BackupInput, type BackupResult, backupToLibrary } from './backup'
import { type CopyJobInput, type CopyResult, copyJob } from './copy-job'
import { fsyncDir } from './durable-fs'
import { MediaError } from './media-error'
import { mountPathStats } from './mount-path'
import { jobFolderPath } from './job-folder'
import { type JobReader, openJobFolder } from './job-reader'
import type { CopyThreads } from './copy-threads'
import { Ddb } from './dedup/ddb'
import { DedupStore, DedupStoreState } from './dedup/dedup-store'
import { type TapeLink, TapeStore } from './tape/tape-store'
import { type CopyKey, copyKeyOf } from './sealed-chunks'

/** What writing a job into a store takes (the store decides where it goes). */
export type StoreBackupInput = Omit<BackupInput, 'jobDir' | 'mountPath' | 'jobId'>
/** What copying a job into a store takes; a tape store also needs its line to the CommServe, which gives it media. */
export type StoreCopyInput = Omit<CopyJobInput, 'source' | 'targetDir' | 'mountPath'> & { readonly tape?: TapeLink }

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
  private ddbs = new Map<number, MediaAgentConfig['ddbs'][number]>()
  private tapeLibraries = new Map<number, string>()
  /** Each DDB's shared state, opened on first use and kept (its open container, its index). */
  private readonly dedup = new Map<number, DedupStoreState>()
  /** A test console's brake on every run (null in a normal start). */
  throttleBytesPerSecond: number | null = null

  /** `threads`: the MediaAgent's hashing and fsync threads (started when first asked for). */
  constructor(private readonly threads: () => CopyThreads) {}

  /** Takes the MediaAgent's configuration (sent after `hello` and whenever it changes). */
  configure(config: MediaAgentConfig): void {
    this.mountPaths = new Map(config.mountPaths.map((mountPath) => [mountPath.id, mountPath.path]))
    this.ddbs = new Map(config.ddbs.map((ddb) => [ddb.id, ddb]))
    this.tapeLibraries = new Map(config.tapeLibraries.map((library) => [library.id, library.path]))
    this.throttleBytesPerSecond = config.throttleBytesPerSecond
  }

  /** The store a reference names; `internal` when this MediaAgent does not know it. */
  store(ref: StoreRef): Store {
    switch (ref.kind) {
      case 'disk':
        return new DiskStore(ref, this.mountPathOf(ref.mountPathId))
      case 'dedup':
        return new DedupStore(ref, this.dedupState(ref.ddbId), this.threads)
      case 'tape': {
        const folder = this.tapeLibraries.get(ref.libraryId)
        if (folder === undefined) throw new MediaError({ kind: 'internal', file: '', reason: `tape library ${ref.libraryId} is not configured on this MediaAgent` })
        return new TapeStore(ref, folder, this.threads)
      }
      default:
        return assertNever(ref, 'store kind')
    }
  }

  /** A DDB's shared state, opening the DDB on first use. */
  dedupStore(ddbId: number): DedupStoreState {
    return this.dedupState(ddbId)
  }

  private dedupState(ddbId: number): DedupStoreState {
    let state = this.dedup.get(ddbId)
    if (state === undefined) {
      const config = this.ddbs.get(ddbId)
      if (config === undefined) throw new MediaError({ kind: 'internal', file: '', reason: `DDB ${ddbId} is not configured on this MediaAgent` })
      let ddb: Ddb
      try {
        ddb = Ddb.open(config.path, config.blocks)
      } catch (error) {
        throw new MediaError({ kind: 'targetUnavailable', file: config.path, errno: 'EIO', reason: `the DDB cannot be opened: ${error instanceof Error ? error.message : String(error)}` })
      }
      state = new DedupStoreState(ddbId, ddb, config.blocks, (id) => this.mountPathOf(id), this.threads)
      this.dedup.set(ddbId, state)
    }
    return state
  }

  /** Every folder of a configured store (mount paths, DDBs), for keeping them out of backups and restores. */
  folders(): string[] {
    return [...this.mountPaths.values(), ...[...this.ddbs.values()].map((ddb) => ddb.path), ...this.tapeLibraries.values()]
  }

  /** Closes the DDBs (the MediaAgent is ending). */
  close(): void {
    for (const state of this.dedup.values()) state.ddb.close()
    this.dedup.clear()
  }

  /** Closes a DDB whose copy was deleted (its files are about to go); a later use would open it anew. */
  forgetDdb(ddbId: number): void {
    this.dedup.get(ddbId)?.ddb.close()
    this.dedup.delete(ddbId)
  }

  /** Where a configured mount path lies. */
  mountPathOf(id: number): string {
    const path = this.mountPaths.get(id)
    if (path === undefined) throw new MediaError({ kind: 'internal', file: '', reason: `mount path ${id} is not configured on this MediaAgent` })
    return path
  }
}

/** The key a job's reference carries for an encrypted copy, or null. */
function keyOf(job: JobRef): CopyKey | null {
  return job.encryption === undefined ? null : copyKeyOf(job.encryption.key)
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
    return openJobFolder(this.dir(job), this.mountPath, keyOf(job))
  }

  backup(job: JobRef, input: StoreBackupInput): Promise<BackupResult> {
    // Backups write primary copies, which are never encrypted (the CommServe refuses Re-encrypt data on them).
    if (job.encryption !== undefined) throw new MediaError({ kind: 'internal', file: this.dir(job), reason: 'backups do not write encrypted copies' })
    return backupToLibrary({ ...input, jobId: job.jobId, jobDir: this.dir(job), mountPath: this.mountPath })
  }

  copyIn(source: JobReader, job: JobRef, input: StoreCopyInput): Promise<CopyResult> {
    return copyJob({ ...input, source, targetDir: this.dir(job), mountPath: this.mountPath, key: keyOf(job) })
  }


  async prune(job: JobRef): Promise<boolean> {
    const dir = this.dir(job)
    const existed = await stat(dir).then(() => true, () => false)
    if (!existed) return false
    await rm(dir, { recursive: true, force: true })
    await fsyncDir(dirname(dir))
    return true
  }

  stats(): Promise<StoreStats> {
    return mountPathStats(this.ref, this.mountPath)
  }
}
