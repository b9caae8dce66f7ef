/**
 * The deduplicated store: a copy whose data is unique blocks in containers on a mount path, indexed by its
 * deduplication database (DDB), each job a recipe of blocks beside its manifest:
 *
 *   <mountPath>/CV_DEDUP/D<ddb>/containers/K00000001.ctr ...
 *   <mountPath>/CV_DEDUP/D<ddb>/jobs/J<job>/recipe.rcp, manifest.json
 *
 * A job is written in this order, each step durable before the next: its new blocks' containers (written, fsynced,
 * renamed, folder fsynced), their blocks in the index, the recipe file, the recipe committed with its blocks'
 * references raised (one transaction), the manifest. Only then is the job durable, and the CommServe told. After a
 * crash: unsealed containers go; a sealed container the index does not know is read back from its own list and its
 * blocks reused; a recipe is only trusted once committed, and a committed recipe always resolves.
 *
 * Reading a job rebuilds its chunk stream from the recipe (the manifest's chunks and their SHA-256 hold for it as
 * for a disk job), so restore, verification and copies to plain copies read it through the one stream reader.
 */
import { type FileHandle, mkdir, open, readdir, rm, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import type { BlockKind, DdbStats, JobRef, MediaFailure, StoreRef, StoreStats } from '../../../app/media/media-protocol'
import { type BackupResult, type ChunkSink, type WalkedFile, addExtent, backupToLibrary, openToPack } from '../backup'
import type { CopyResult } from '../copy-job'
import type { CopyThreads } from '../copy-threads'
import { fsyncDir, mkdirDurable, throttle, writeFileDurably } from '../durable-fs'
import type { StoreBackupInput, StoreCopyInput, Store } from '../disk-store'
import { type ChunkEntry, ChunkSums, type Extent, type FileEntry, type JobManifest, chunkStarts, manifestName, readManifestBytes } from '../job-folder'
import { ChunkReader, type ChunkSource, type JobReader } from '../job-reader'
import { MediaError, ignore, sourceError, targetError, throwIfAborted, fsReason } from '../media-error'
import { type CopyKey, copyKeyOf } from '../sealed-chunks'
import { isMountPathOnline, mountPathOffline, mountPathStats } from '../mount-path'
import type { Throttle } from '../throttle'
import type { SkippedPath } from '../../../app/media/media-protocol'
import { BlockWriter, type BlockSink } from './block-writer'
import { ContainerWriter, containerIdOf, containerName, containersFolder, containerTargetBytes, readContainerEntries } from './container'
import { type Ddb } from './ddb'
import { type RecipeEntry, encodeRecipe, readRecipe } from './recipe'
import { openBlock, sealBlocks, sealingOf } from './sealed-blocks'
import { createHash } from 'node:crypto'

const recipeName = 'recipe.rcp'

/** The folder of a job in a deduplicated store. */
export function dedupJobFolder(mountPath: string, ddbId: number, jobId: number): string {
  return join(mountPath, 'CV_DEDUP', `D${ddbId}`, 'jobs', `J${jobId}`)
}

/** A promise and what resolves it. */
function signal(): { readonly promise: Promise<void>; readonly resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

/** The shared state of one DDB on this MediaAgent: its index, its open container, the blocks being written. */
export class DedupStoreState implements BlockSink {
  private open: ContainerWriter | null = null
  private openMountPath = 0
  /**
   * Blocks appended to the open container, or claimed by a writer about to append them, not yet indexed: by the
   * writer that claimed each (a writer that fails gives back the claims it did not append).
   */
  private readonly pending = new Map<string, object>()
  private chain: Promise<void> = Promise.resolve()
  /** Resolves at the next change of `pending` (an append, a seal, a release), for writers waiting on others' blocks. */
  private changed = signal()
  /** Writers at work: reclaiming waits until there are none. */
  writers = 0
  private reclaimAsked = false
  private recovered = false

  constructor(
    readonly ddbId: number,
    readonly ddb: Ddb,
    readonly blocks: BlockKind,
    readonly mountPathOf: (id: number) => string,
    private readonly threads: () => CopyThreads,
  ) {}

  /** Puts the index right with the containers on disk (once): unsealed ones go, unknown sealed ones are indexed. */
  async recover(mountPathId: number): Promise<void> {
    if (this.recovered) return
    this.recovered = true
    const folder = containersFolder(this.mountPathOf(mountPathId), this.ddbId)
    const names = await readdir(folder).catch(() => [] as string[])
    const known = this.ddb.containerIds()
    for (const name of names) {
      if (name.endsWith('.tmp')) {
        await unlink(join(folder, name)).catch(ignore)
        continue
      }
      const id = containerIdOf(name)
      if (id === null || known.has(id)) continue
      // Sealed before a crash took the index step: its own list says what it holds.
      const path = join(folder, name)
      const entries = await readContainerEntries(path).catch(() => null)
      if (entries === null) continue
      const { size } = await stat(path)
      this.ddb.addContainer({ id, mountPathId, bytes: size, entries })
    }
  }

  /**
   * Checks that a request reading the store comes with the key its blocks are sealed under (none for plain blocks):
   * an encrypted copy's blocks are never read without the key, and a plain one's never taken for sealed ones.
   */
  checkKey(key: CopyKey | null): void {
    const stored = this.ddb.sealing()
    if (stored === undefined || stored === sealingOf(key)) return
    const reason =
      stored === 'plain'
        ? 'the copy is encrypted but its DDB holds plain blocks'
        : key === null
          ? 'the copy\'s blocks are encrypted and no key came with the request'
          : 'the key does not open this DDB\'s blocks (they are sealed under another key)'
    throw new MediaError({ kind: 'internal', file: this.ddb.folder, reason })
  }

  /**
   * Readies the store for a request writing with `key` (null: plain): the first write records how its blocks are
   * stored. A copy changes Re-encrypt data only while it holds no job, so blocks of the other kind left without a
   * committed recipe (a copy that failed part way) go, index first, files next, the new setting last (a crash
   * between leaves the old setting, and the next write clears again); with a committed recipe, the request is refused.
   */
  useKey(key: CopyKey | null, mountPathId: number): Promise<void> {
    const wanted = sealingOf(key)
    return this.serially(async () => {
      const stored = this.ddb.sealing()
      if (stored === wanted) return
      if (stored !== undefined) {
        if (this.ddb.committedJobs().length > 0) this.checkKey(key)
        if (this.writers > 0 || this.open !== null || this.pending.size > 0) {
          throw new MediaError({ kind: 'internal', file: this.ddb.folder, reason: 'another job is writing this DDB\'s blocks with the copy\'s former encryption setting' })
        }
        const containers = this.ddb.containers()
        this.ddb.clearBlocks()
        for (const container of containers) {
          await unlink(join(containersFolder(this.mountPathOf(container.mountPathId), this.ddbId), containerName(container.id))).catch(ignore)
        }
        await fsyncDir(containersFolder(this.mountPathOf(mountPathId), this.ddbId)).catch(ignore)
      }
      this.ddb.setSealing(wanted)
    })
  }

  /** The sink of one writer: blocks it appends are sealed with `key` (the DDB's, checked by `useKey`). */
  sinkFor(key: CopyKey | null): BlockSink {
    return { blocks: this.blocks, claim: (hash, owner) => this.claim(hash, owner), append: (data, blocks) => this.append(data, blocks, key) }
  }

  /**
   * Whether a good copy of the block is held or being written; when not, claims it for `owner`, who must append it
   * (or give the claim back with `release`).
   */
  claim(hash: Buffer, owner: object): boolean {
    const key = hash.toString('hex')
    if (this.pending.has(key)) return false
    const known = this.ddb.lookup(hash)
    if (known !== undefined && !known.bad) return false
    this.pending.set(key, owner)
    return true
  }

  /**
   * Appends plain blocks to the open container (one append at a time across writers), sealing it when full; with a
   * key, each block is sealed first (after deduplication: the blocks claimed are the new ones only).
   */
  append(plain: Buffer, plainBlocks: readonly { readonly hash: Buffer; readonly length: number }[], key: CopyKey | null = null): Promise<void> {
    const { data, blocks } = key === null ? { data: plain, blocks: plainBlocks } : sealBlocks(key, plain, plainBlocks)
    return this.serially(async () => {
      if (this.open !== null && this.open.bytes + data.length > containerTargetBytes) await this.sealOpen()
      if (this.open === null) {
        const folder = containersFolder(this.mountPathOf(this.openMountPath), this.ddbId)
        await mkdirDurable(folder, this.mountPathOf(this.openMountPath)).catch((error: unknown) => Promise.reject(targetError(error, folder)))
        const names = await readdir(folder).catch(() => [] as string[])
        const id = this.ddb.nextContainerId(names.map(containerIdOf).filter((each): each is number => each !== null))
        this.open = new ContainerWriter(id, join(folder, containerName(id)))
      }
      try {
        await this.open.append(data, blocks)
      } catch (error) {
        // A container that failed a write is not trusted: it goes, with every block in it (their writers fail).
        await this.dropOpen()
        throw error
      } finally {
        this.notify()
      }
    })
  }

  /** Seals the open container (if any) so every block appended so far is durable and indexed. */
  seal(): Promise<void> {
    return this.serially(() => this.sealOpen())
  }

  /**
   * Makes every block of a recipe durable and indexed: seals the open container, and waits for blocks other writers
   * claimed and have not appended yet (a block found "being written" is only durable once its writer's container is
   * sealed). A block whose writer failed is neither pending nor indexed: the recipe cannot be committed, and
   * `commitRecipe` refuses it (the job is retried by its next run).
   */
  async settle(recipe: readonly RecipeEntry[]): Promise<void> {
    for (;;) {
      const changed = this.changed.promise
      await this.seal()
      if (this.pending.size === 0 || !recipe.some((entry) => this.pending.has(entry.hash.toString('hex')))) return
      await changed
    }
  }

  /** A writer failed or stopped: the blocks it claimed and did not append are no longer being written. */
  release(owner: object): Promise<void> {
    return this.serially(() => {
      const appended = new Set(this.open?.blocks.map((block) => block.hash.toString('hex')))
      for (const [key, claimant] of this.pending) if (claimant === owner && !appended.has(key)) this.pending.delete(key)
      this.notify()
      return Promise.resolve()
    })
  }

  private notify(): void {
    this.changed.resolve()
    this.changed = signal()
  }

  /** Chooses the mount path new containers go to (the job's; an open container stays where it is). */
  useMountPath(mountPathId: number): void {
    if (this.open === null || this.openMountPath === 0) this.openMountPath = mountPathId
  }

  private async sealOpen(): Promise<void> {
    const container = this.open
    if (container === null) return
    if (container.blocks.length === 0) {
      this.open = null
      await container.abandon()
      return
    }
    try {
      await container.seal(this.threads())
      const { size } = await stat(container.path)
      this.open = null
      this.ddb.addContainer({ id: container.id, mountPathId: this.openMountPath, bytes: size, entries: container.blocks })
      for (const block of container.blocks) this.pending.delete(block.hash.toString('hex'))
    } catch (error) {
      await this.dropOpen()
      throw error
    } finally {
      this.notify()
    }
  }

  /** Drops the open container and the claims on its blocks (after a write to it failed). */
  private async dropOpen(): Promise<void> {
    const container = this.open
    this.open = null
    if (container === null) return
    for (const block of container.blocks) this.pending.delete(block.hash.toString('hex'))
    await container.abandon()
  }

  /** Asks for unreferenced blocks to be reclaimed once no writer is at work. */
  askReclaim(run: () => Promise<void>): Promise<void> {
    if (this.writers > 0) {
      this.reclaimAsked = true
      return Promise.resolve()
    }
    return this.serially(run)
  }

  /** A writer ended; a reclaim asked meanwhile runs now. */
  writerDone(run: () => Promise<void>): Promise<void> {
    this.writers -= 1
    if (this.writers > 0 || !this.reclaimAsked) return Promise.resolve()
    this.reclaimAsked = false
    return this.serially(run)
  }

  private serially(work: () => Promise<void>): Promise<void> {
    const next = this.chain.then(work)
    this.chain = next.catch(ignore)
    return next
  }
}

/** A deduplicated store, as the MediaAgent's stores are used: one job's reference at a time. */
export class DedupStore implements Store {
  constructor(
    readonly ref: Extract<StoreRef, { kind: 'dedup' }>,
    private readonly state: DedupStoreState,
    private readonly threads: () => CopyThreads,
  ) {}

  private get mountPath(): string {
    return this.state.mountPathOf(this.ref.mountPathId)
  }

  private dir(job: JobRef): string {
    return dedupJobFolder(this.state.mountPathOf(onMountPath(job.store)), this.state.ddbId, job.jobId)
  }

  /** Opens a committed job: its manifest and recipe. */
  async openJob(job: JobRef): Promise<DedupJobReader> {
    await this.online()
    await this.state.recover(this.ref.mountPathId)
    const key = keyOf(job)
    this.state.checkKey(key)
    const dir = this.dir(job)
    const { manifest, bytes } = await readManifestBytes(dir)
    if (this.state.ddb.recipe(job.jobId) === undefined) {
      throw new MediaError({ kind: 'sourceMissing', file: join(dir, recipeName), errno: null, reason: 'the recipe is not committed in the DDB: the job is incomplete' })
    }
    const recipe = await readRecipe(join(dir, recipeName))
    return new DedupJobReader(dir, manifest, bytes, recipe, this.state, key)
  }

  async backup(job: JobRef, input: StoreBackupInput): Promise<BackupResult> {
    await this.online()
    await this.state.recover(this.ref.mountPathId)
    this.state.useMountPath(this.ref.mountPathId)
    // The store seals whatever it writes with the copy's key (the CommServe sends none for a primary copy's backups).
    const key = keyOf(job)
    await this.state.useKey(key, this.ref.mountPathId)
    const dir = this.dir(job)
    const threads = this.threads()
    // A backup that committed its recipe and then stopped before its manifest starts again: its references go first.
    if (this.state.ddb.recipe(job.jobId) !== undefined) {
      this.state.ddb.dropRecipe(job.jobId, await readRecipe(join(dir, recipeName)).catch(() => []))
    }
    this.state.writers += 1
    try {
      return await backupToLibrary({
        ...input, jobId: job.jobId, jobDir: dir, mountPath: this.mountPath,
        sink: (jobDir, chunkSize) => new DedupPacker(this.state, threads, jobDir, job, chunkSize, key),
      })
    } finally {
      await this.state.writerDone(() => this.reclaim())
    }
  }

  async copyIn(source: JobReader, job: JobRef, input: StoreCopyInput): Promise<CopyResult> {
    await this.online()
    await this.state.recover(this.ref.mountPathId)
    this.state.useMountPath(this.ref.mountPathId)
    const key = keyOf(job)
    await this.state.useKey(key, this.ref.mountPathId)
    const dir = this.dir(job)
    const { manifest, manifestBytes } = source
    const bytesTotal = manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
    try {
      await mkdirDurable(dir, this.mountPath)
    } catch (error) {
      throw targetError(error, dir)
    }
    if (input.repair) await unlink(join(dir, manifestName)).then(() => fsyncDir(dir), ignore)
    // Complete already: the same manifest, and a committed recipe.
    const existing = await readManifestBytes(dir).catch(() => null)
    if (existing !== null && existing.bytes.equals(manifestBytes) && this.state.ddb.recipe(job.jobId) !== undefined && !input.verifyTarget) {
      input.onProgress?.({ bytesDone: bytesTotal, bytesTotal, bytesTransferred: 0, currentFile: null })
      return { manifest, bytesRead: 0, bytesWritten: 0, chunksWritten: 0, chunksReused: manifest.chunks.length, alreadyDurable: true, verified: false, blocksWritten: 0, blocksFound: 0 }
    }
    if (existing !== null && !existing.bytes.equals(manifestBytes)) {
      throw new MediaError({ kind: 'internal', file: join(dir, manifestName), reason: 'the target folder holds a different job' })
    }
    const threads = input.threads ?? this.threads()
    let bytesTransferred = 0
    let current: string | null = null
    const progress = throttle(input.progressIntervalMs ?? 100, () =>
      input.onProgress?.({ bytesDone: bytesTransferred, bytesTotal, bytesTransferred, currentFile: current }),
    )
    this.state.writers += 1
    // What this copy claims to write, given back if it fails.
    const owner = {}
    try {
      const written =
        source instanceof DedupJobReader && source.blocks === this.state.blocks
          ? await this.copyBlocks(source, threads, input, owner, key, (bytes, file) => {
              bytesTransferred += bytes
              current = file
              progress.tick()
            })
          : await this.cutStream(source, threads, input, owner, key, (bytes, file) => {
              bytesTransferred += bytes
              current = file
              progress.tick()
            })
      await this.commit(job, dir, written.recipe, manifestBytes)
      let verified = false
      if (input.verifyTarget) {
        // Read the job back from the target: every chunk rebuilt from its blocks must match (its CRC-32, as the copy
        // checked the source).
        const reader = await this.openJob(job)
        await reader.read({ threads, quickCheck: true, ...(input.signal ? { signal: input.signal } : {}), ...(input.pool ? { pool: input.pool } : {}) })
        verified = true
      }
      current = null
      progress.flush()
      return {
        manifest, bytesRead: bytesTransferred, bytesWritten: written.bytesWritten, chunksWritten: 0, chunksReused: 0, alreadyDurable: false, verified,
        blocksWritten: written.blocksWritten, blocksFound: written.blocksFound,
      }
    } catch (error) {
      await this.state.release(owner)
      throw error
    } finally {
      await this.state.writerDone(() => this.reclaim())
    }
  }

  /**
   * The DASH copy: from a deduplicated source cutting blocks the same way, walks its recipe and copies only the
   * blocks this store lacks, each checked against its hash as read; data the target already holds is never read.
   * Blocks are carried plain between the two stores: a sealed source's are opened (tag checked) before the hash check,
   * and the target seals them under its own key, if any; sealed bytes never pass from one store to the other.
   */
  private async copyBlocks(source: DedupJobReader, threads: CopyThreads, input: StoreCopyInput, owner: object, key: CopyKey | null, onBytes: (bytes: number, file: string) => void) {
    const result = { recipe: source.recipe, bytes: 0, blocksWritten: 0, blocksFound: 0, bytesWritten: 0 }
    const batchSize = 8 * 1024 * 1024
    // Two batches: one fills (its blocks read in parallel, a run of blocks lying back to back in a container with one
    // read) while the one before it is hashed, checked and appended. A sealed source's blocks are opened into a plain
    // batch of their own (a plain block is never longer than its sealed bytes).
    const batches = [threads.allocate(batchSize), threads.allocate(batchSize)]
    const sourceKey = source.key
    const plainBatches = sourceKey === null ? null : [threads.allocate(batchSize), threads.allocate(batchSize)]
    let slot = 0
    let used = 0
    let queued: { hash: Buffer; length: number; start: number; stored: number }[] = []
    let reads: Promise<void>[] = []
    let run: { path: string; handle: FileHandle; offset: number; start: number; length: number } | null = null
    let writing: Promise<void> = Promise.resolve()
    const readRun = () => {
      if (run === null) return
      const { path, handle, offset, start, length } = run
      const into = batches[slot]!.subarray(start, start + length)
      reads.push(
        handle.read(into, 0, length, offset).then(({ bytesRead }) => {
          if (bytesRead !== length) throw new MediaError({ kind: 'sourceMissing', file: path, errno: null, reason: 'a block ends past the container' })
        }),
      )
      run = null
    }
    /** Hands the filled batch on to be hashed, checked and appended (once the one before it is), and fills the other. */
    const handOn = async () => {
      readRun()
      const batch = batches[slot]!
      const plainBatch = plainBatches?.[slot] ?? null
      const blocks = queued
      const bytes = used
      const filled = Promise.all(reads)
      filled.catch(ignore)
      await writing
      writing = (async () => {
        await filled
        let plain = batch.subarray(0, bytes)
        let ranges = blocks.flatMap((block) => [block.start, block.length])
        if (sourceKey !== null && plainBatch !== null) {
          let at = 0
          ranges = []
          for (const block of blocks) {
            const opened = openBlock(sourceKey, batch.subarray(block.start, block.start + block.stored), block.hash)
            if (opened === null || opened.length !== block.length) {
              throw new MediaError({ kind: 'checksum', file: source.location, reason: `block ${block.hash.toString('hex').slice(0, 16)} read from the source fails its AES-GCM authentication`, chunk: null, files: [] })
            }
            opened.copy(plainBatch, at)
            ranges.push(at, block.length)
            at += block.length
          }
          plain = plainBatch.subarray(0, at)
        }
        const digests = await threads.hashBlocks(plain, ranges)
        blocks.forEach((block, index) => {
          if (!digests.subarray(index * 32, index * 32 + 32).equals(block.hash)) {
            throw new MediaError({ kind: 'checksum', file: source.location, reason: `block ${block.hash.toString('hex').slice(0, 16)} read from the source does not match its hash`, chunk: null, files: [] })
          }
        })
        await this.state.append(plain, blocks.map(({ hash, length }) => ({ hash, length })), key)
      })()
      writing.catch(ignore)
      slot = 1 - slot
      used = 0
      queued = []
      reads = []
    }
    try {
      for (const entry of source.recipe) {
        throwIfAborted(input.signal)
        result.bytes += entry.length
        if (!this.state.claim(entry.hash, owner)) {
          result.blocksFound += 1
          continue
        }
        const at = await source.locateBlock(entry)
        // The bytes stored in the source: the plain block, or its sealed form.
        const stored = sourceKey === null ? entry.length : at.length
        if (used + stored > batchSize && queued.length > 0) await handOn()
        if (run !== null && run.handle === at.handle && run.offset + run.length === at.offset) run.length += stored
        else {
          readRun()
          run = { path: at.path, handle: at.handle, offset: at.offset, start: used, length: stored }
        }
        queued.push({ hash: entry.hash, length: entry.length, start: used, stored })
        used += stored
        result.blocksWritten += 1
        result.bytesWritten += entry.length
        onBytes(entry.length, at.path)
        await input.throttle?.take(entry.length, input.signal)
      }
      if (queued.length > 0) await handOn()
      await writing
    } finally {
      // No read or append into the batches is under way once this returns or throws.
      readRun()
      await Promise.all([...reads.map((read) => read.catch(ignore)), writing.catch(ignore)])
      await source.closeContainers()
    }
    return result
  }

  /** From any other source: reads its chunk stream (verified chunk by chunk) and cuts it into blocks, file by file. */
  private async cutStream(source: JobReader, threads: CopyThreads, input: StoreCopyInput, owner: object, key: CopyKey | null, onBytes: (bytes: number, file: string) => void) {
    const writer = new BlockWriter(this.state.sinkFor(key), threads, owner)
    const boundaries = fileBoundaries(source.manifest)
    const streamStarts = chunkStarts(source.manifest.chunks)
    let next = 0
    let segmentOpen = false
    try {
      await source.read({
        threads,
        quickCheck: true,
        ...(input.signal ? { signal: input.signal } : {}),
        ...(input.throttle ? { throttle: input.throttle } : {}),
        ...(input.pool ? { pool: input.pool } : {}),
        onPiece: async (piece, chunk, offset) => {
          let at = streamStarts[chunk.number - 1]! + offset
          let rest = piece
          while (rest.length > 0) {
            // Cuts restart at each file: a boundary inside the piece ends one segment and starts the next.
            while (next < boundaries.length && boundaries[next]! <= at) {
              if (segmentOpen) writer.endSegment()
              writer.startSegment()
              segmentOpen = true
              next += 1
            }
            if (!segmentOpen) {
              writer.startSegment()
              segmentOpen = true
            }
            const until = next < boundaries.length ? boundaries[next]! : Number.POSITIVE_INFINITY
            const take = Math.min(rest.length, until - at)
            await writer.write(rest.subarray(0, take))
            rest = rest.subarray(take)
            at += take
          }
          onBytes(piece.length, source.chunkFile(chunk.number) ?? source.location)
        },
      })
      return await writer.finish()
    } catch (error) {
      // Its last batch may still be claiming and appending: the copy's claims are given back only once it is done.
      await writer.stop()
      throw error
    }
  }

  /** The job's blocks durable, then its recipe, then the recipe committed, then its manifest. */
  private async commit(job: JobRef, dir: string, recipe: readonly RecipeEntry[], manifestBytes: Buffer): Promise<void> {
    await this.state.settle(recipe)
    const recipePath = join(dir, recipeName)
    const previous = this.state.ddb.recipe(job.jobId) === undefined ? null : await readRecipe(recipePath).catch(() => null)
    try {
      await writeFileDurably(recipePath, encodeRecipe(recipe), dir)
    } catch (error) {
      throw targetError(error, recipePath)
    }
    this.state.ddb.commitRecipe(job.jobId, onMountPath(job.store), recipe, previous, Date.now())
    const manifestPath = join(dir, manifestName)
    try {
      await writeFileDurably(manifestPath, manifestBytes, dir)
    } catch (error) {
      throw targetError(error, manifestPath)
    }
  }

  /** Removes a job: its references lowered (one transaction), its recipe and manifest gone; then reclaims. */
  async prune(job: JobRef): Promise<boolean> {
    await this.state.recover(this.ref.mountPathId)
    const dir = this.dir(job)
    const existed = await stat(dir).then(() => true, () => false)
    if (this.state.ddb.recipe(job.jobId) !== undefined) {
      const recipe = await readRecipe(join(dir, recipeName))
      this.state.ddb.dropRecipe(job.jobId, recipe)
    }
    if (existed) {
      await rm(dir, { recursive: true, force: true })
      await fsyncDir(join(dir, '..'))
    }
    await this.state.askReclaim(() => this.reclaim())
    return existed
  }

  /**
   * Reclaims blocks no job uses: candidates are blocks without references, confirmed by a mark pass over every
   * committed recipe (a block a recipe names is never reclaimed). Containers left empty go; those left mostly dead
   * are rewritten, the new one durable and indexed before the old one goes.
   */
  async reclaim(): Promise<void> {
    const { ddb } = this.state
    const candidates = ddb.unreferenced()
    if (candidates.length > 0) {
      const marked = new Set<string>()
      for (const { jobId, mountPathId } of ddb.committedJobs()) {
        // An unreadable committed recipe stops the reclaim: what it names cannot be known, so nothing goes.
        const recipe = await readRecipe(join(dedupJobFolder(this.state.mountPathOf(mountPathId), this.state.ddbId, jobId), recipeName))
        for (const entry of recipe) marked.add(entry.hash.toString('hex'))
      }
      ddb.forget(candidates.filter((hash) => !marked.has(hash.toString('hex'))))
    }
    for (const container of ddb.containers()) {
      const live = ddb.blocksOf(container.id)
      const path = join(containersFolder(this.state.mountPathOf(container.mountPathId), this.state.ddbId), containerName(container.id))
      if (live.length === 0) {
        ddb.dropContainer(container.id)
        await unlink(path).catch(ignore)
        continue
      }
      const liveBytes = live.reduce((sum, block) => sum + block.length, 0)
      if (liveBytes >= container.bytes / 2) continue
      await this.rewriteContainer(container.id, container.mountPathId, path, live)
    }
  }

  /** Copies a container's live blocks to a new container, then moves them in the index and removes the old file. */
  private async rewriteContainer(id: number, mountPathId: number, path: string, live: readonly { readonly hash: Buffer; readonly offset: number; readonly length: number }[]): Promise<void> {
    const threads = this.threads()
    const folder = containersFolder(this.state.mountPathOf(mountPathId), this.state.ddbId)
    const names = await readdir(folder).catch(() => [] as string[])
    const newId = this.state.ddb.nextContainerId(names.map(containerIdOf).filter((each): each is number => each !== null))
    const writer = new ContainerWriter(newId, join(folder, containerName(newId)))
    const handle = await open(path, 'r')
    try {
      for (const block of live) {
        const data = Buffer.allocUnsafe(block.length)
        await handle.read(data, 0, block.length, block.offset)
        await writer.append(data, [{ hash: block.hash, length: block.length }])
      }
    } finally {
      await handle.close()
    }
    await writer.seal(threads)
    const { size } = await stat(writer.path)
    this.state.ddb.moveContainer(id, { id: newId, mountPathId, bytes: size, entries: writer.blocks })
    await unlink(path).catch(ignore)
  }

  stats(): Promise<StoreStats> {
    return mountPathStats(this.ref, this.mountPath)
  }

  /**
   * Data Verification of jobs on this store: reads the containers in order and checks each live block once against
   * its hash; a block that does not match is flagged bad (lookups treat it as missing from then on, so the next copy
   * writes it again, which repairs every job using it). Then each job is judged by its recipe: Bad (naming the
   * container and the files) when it uses a bad or missing block. Resolves each job's failure, or null when good.
   */
  async verifyJobs(
    jobs: readonly JobRef[],
    input: { readonly threads: CopyThreads; readonly signal?: AbortSignal; readonly throttle?: Throttle; readonly onBytes: (bytes: number, file: string) => void },
  ): Promise<Map<number, MediaFailure | null>> {
    await this.online()
    await this.state.recover(this.ref.mountPathId)
    // A sealed store's blocks are checked twice: their AES-GCM tag as opened, then the SHA-256 of the plain bytes.
    const key = jobs[0] === undefined ? null : keyOf(jobs[0])
    this.state.checkKey(key)
    const { ddb } = this.state
    const badIn = new Map<string, string>()
    /** Sealed blocks whose AES-GCM tag failed (named so in the verdict, rather than as a hash mismatch). */
    const tagFailed = new Set<string>()
    // Containers with live blocks, in order; each is read (pieces in parallel) while the one before it is hashed.
    const toRead = ddb.containers().flatMap((container) => {
      const live = ddb.blocksOf(container.id).filter((block) => block.refs > 0 && !block.bad)
      if (live.length === 0) return []
      const path = join(containersFolder(this.state.mountPathOf(container.mountPathId), this.state.ddbId), containerName(container.id))
      return [{ path, live, end: Math.max(...live.map((block) => block.offset + block.length)) }]
    })
    const buffers: Buffer[] = []
    const bufferFor = (slot: number, size: number): Buffer => {
      const buffer = buffers[slot]
      if (buffer !== undefined && buffer.length >= size) return buffer
      return (buffers[slot] = input.threads.allocate(Math.max(size, containerTargetBytes)))
    }
    // The opened blocks of a sealed container, back to back for the hashing threads (slot 2 beside the two reads).
    const opened = (data: Buffer, live: readonly { readonly hash: Buffer; readonly offset: number; readonly length: number }[]) => {
      if (key === null) return { plain: data, ranges: live.flatMap((block) => [block.offset, block.length]), open: live.map(() => true) }
      const plain = bufferFor(2, data.length)
      const ranges: number[] = []
      let at = 0
      const open = live.map((block) => {
        const bytes = openBlock(key, data.subarray(block.offset, block.offset + block.length), block.hash)
        if (bytes === null) return false
        bytes.copy(plain, at)
        ranges.push(at, bytes.length)
        at += bytes.length
        return true
      })
      return { plain, ranges, open }
    }
    const readInto = (index: number) => {
      const { path, end } = toRead[index]!
      const data = bufferFor(index % 2, end).subarray(0, end)
      return readWhole(path, data).then((readable) => ({ data, readable }))
    }
    let reading = toRead.length > 0 ? readInto(0) : null
    for (let index = 0; index < toRead.length; index += 1) {
      throwIfAborted(input.signal)
      const { path, live, end } = toRead[index]!
      const { data, readable } = await reading!
      reading = index + 1 < toRead.length ? readInto(index + 1) : null
      try {
        const blocks = readable ? opened(data, live) : null
        const digests = blocks === null ? null : blocks.ranges.length === 0 ? Buffer.alloc(0) : await input.threads.hashBlocks(blocks.plain, blocks.ranges)
        let digest = 0
        live.forEach((block, index) => {
          // A block that does not open (its tag) has no digest; the others' digests follow in order.
          if (digests !== null && blocks!.open[index]) {
            const good = digests.subarray(digest * 32, digest * 32 + 32).equals(block.hash)
            digest += 1
            if (good) return
          }
          ddb.markBad(block.hash)
          badIn.set(block.hash.toString('hex'), path)
          if (blocks !== null && !blocks.open[index]) tagFailed.add(block.hash.toString('hex'))
        })
        input.onBytes(end, path)
        await input.throttle?.take(end, input.signal)
      } catch (error) {
        // The next container's read settles before its buffer is given up.
        await reading?.catch(ignore)
        throw error
      }
    }
    const verdicts = new Map<number, MediaFailure | null>()
    for (const job of jobs) {
      const dir = this.dir(job)
      try {
        const { manifest } = await readManifestBytes(dir)
        if (ddb.recipe(job.jobId) === undefined) throw new MediaError({ kind: 'sourceMissing', file: join(dir, recipeName), errno: null, reason: 'the recipe is not committed in the DDB' })
        const recipe = await readRecipe(join(dir, recipeName))
        const streamBytes = manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0)
        if (recipe.reduce((sum, entry) => sum + entry.length, 0) !== streamBytes) {
          throw new MediaError({ kind: 'manifestInvalid', file: join(dir, recipeName), reason: 'the recipe does not hold as many bytes as the manifest' })
        }
        verdicts.set(job.jobId, badBlocksOf(manifest, recipe, (hash) => {
          const known = ddb.lookup(hash)
          if (known === undefined) return join(dir, recipeName)
          return known.bad ? (badIn.get(hash.toString('hex')) ?? containerName(known.container)) : null
        }, (hash) => tagFailed.has(hash.toString('hex'))))
      } catch (error) {
        if (!(error instanceof MediaError)) throw error
        verdicts.set(job.jobId, error.failure)
      }
    }
    return verdicts
  }

  /** The DDB's figures. */
  ddbStats(): DdbStats {
    return this.state.ddb.stats()
  }

  /** A missing mount path is an offline store (retry later), not missing jobs. */
  private async online(): Promise<void> {
    if (!(await isMountPathOnline(this.mountPath))) throw mountPathOffline(this.mountPath)
  }

  /** The state this store shares with others of its DDB (verification walks it). */
  get shared(): DedupStoreState {
    return this.state
  }
}

/** How much of a container each read asks for; several are in flight at once (a cold disk reads them in parallel). */
const containerReadPiece = 4 * 1024 * 1024

/** Reads a file's first `data.length` bytes into `data`, in pieces read in parallel; false when it cannot (missing, short). */
async function readWhole(path: string, data: Buffer): Promise<boolean> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch {
    return false
  }
  try {
    const reads: Promise<boolean>[] = []
    for (let at = 0; at < data.length; at += containerReadPiece) {
      const length = Math.min(containerReadPiece, data.length - at)
      reads.push(readFully(handle, data.subarray(at, at + length), at))
    }
    return (await Promise.all(reads)).every(Boolean)
  } catch {
    return false
  } finally {
    await handle.close().catch(ignore)
  }
}

/** Fills `into` from `position` (a short read goes on where it stopped); false at the end of the file. */
async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<boolean> {
  let done = 0
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done)
    if (bytesRead === 0) return false
    done += bytesRead
  }
  return true
}

/**
 * The failure of a job whose recipe uses a bad or missing block (`where` names the container holding a bad block,
 * the recipe for a missing one, null for a good block; `tagFailed`, a sealed block that did not open): the first such
 * block's place, and the files its bytes are part of. Null when every block is good.
 */
function badBlocksOf(manifest: JobManifest, recipe: readonly RecipeEntry[], where: (hash: Buffer) => string | null, tagFailed: (hash: Buffer) => boolean): MediaFailure | null {
  const streamStarts = chunkStarts(manifest.chunks)
  let at = 0
  let failure: { file: string; from: number; to: number; hash: Buffer } | null = null
  const ranges: { from: number; to: number }[] = []
  for (const entry of recipe) {
    const place = where(entry.hash)
    if (place !== null) {
      failure ??= { file: place, from: at, to: at + entry.length, hash: entry.hash }
      ranges.push({ from: at, to: at + entry.length })
    }
    at += entry.length
  }
  if (failure === null) return null
  const files = manifest.files
    .filter((file) => file.extents.some((extent) => {
      const from = streamStarts[extent.chunk - 1]! + extent.offset
      const to = from + extent.length
      return ranges.some((range) => range.from < to && from < range.to)
    }))
    .map((file) => file.path)
  return {
    kind: 'checksum', file: failure.file, chunk: null, files,
    reason: `block ${failure.hash.toString('hex').slice(0, 16)} ${
      failure.file.endsWith(recipeName) ? 'is missing from the DDB' : tagFailed(failure.hash) ? 'fails its AES-GCM authentication' : 'does not match its SHA-256'
    }`,
  }
}

/** Stream offsets where a file starts or ends (cuts restart at each): files lie back to back in a job's chunks. */
function fileBoundaries(manifest: JobManifest): number[] {
  const starts = chunkStarts(manifest.chunks)
  const points = new Set<number>()
  for (const file of manifest.files) {
    const first = file.extents[0]
    const last = file.extents.at(-1)
    if (!first || !last) continue
    points.add(starts[first.chunk - 1]! + first.offset)
    points.add(starts[last.chunk - 1]! + last.offset + last.length)
  }
  return [...points].sort((a, b) => a - b)
}

/** A committed job of a deduplicated store: its chunks rebuilt from its recipe's blocks. */
export class DedupJobReader extends ChunkReader {
  private readonly blockStarts: Float64Array
  private readonly chunkStarts: number[]
  private readonly handles = new Map<number, Promise<FileHandle>>()
  private readonly paths = new Map<number, string>()
  /** The block opened last (sealed blocks only): pieces of a chunk smaller than a block decrypt it once. */
  private opened: { readonly hash: Buffer; readonly plain: Promise<Buffer> } | null = null

  constructor(
    location: string,
    manifest: JobManifest,
    manifestBytes: Buffer,
    readonly recipe: readonly RecipeEntry[],
    private readonly state: DedupStoreState,
    /** The copy's key when its blocks are sealed (checked against the DDB when the job was opened). */
    readonly key: CopyKey | null = null,
  ) {
    super(location, manifest, manifestBytes)
    this.blockStarts = new Float64Array(recipe.length + 1)
    recipe.forEach((entry, index) => (this.blockStarts[index + 1] = this.blockStarts[index]! + entry.length))
    this.chunkStarts = chunkStarts(manifest.chunks)
  }

  /** How the recipe's blocks were cut (a DASH copy needs the same on both sides). */
  get blocks(): BlockKind {
    return this.state.blocks
  }

  chunkFile(): null {
    return null
  }

  /** Where a block of the recipe lies: its container (open until `closeContainers`), offset and stored (maybe sealed) length. */
  locateBlock(entry: RecipeEntry): Promise<{ path: string; handle: FileHandle; offset: number; length: number }> {
    return this.locate(entry.hash)
  }

  /** A sealed block's plain bytes, checked against its tag and its recipe length. */
  openSealed(key: CopyKey, entry: RecipeEntry): Promise<Buffer> {
    if (this.opened?.hash.equals(entry.hash)) return this.opened.plain
    const plain = (async () => {
      const { path, handle, offset, length } = await this.locate(entry.hash)
      const sealed = Buffer.allocUnsafe(length)
      const { bytesRead } = await handle.read(sealed, 0, length, offset)
      if (bytesRead !== length) throw new MediaError({ kind: 'sourceMissing', file: path, errno: null, reason: 'a block ends past the container' })
      const opened = openBlock(key, sealed, entry.hash)
      if (opened === null || opened.length !== entry.length) {
        throw new MediaError({
          kind: 'checksum', file: path, chunk: null, files: [],
          reason: `block ${entry.hash.toString('hex').slice(0, 16)} fails its AES-GCM authentication (a wrong key, or damaged data)`,
        })
      }
      return opened
    })()
    plain.catch(ignore)
    this.opened = { hash: entry.hash, plain }
    return plain
  }

  /** Where a container lies (looked up once per container, not per block). */
  private containerPath(id: number): string {
    let path = this.paths.get(id)
    if (path === undefined) {
      const mountPathId = this.state.ddb.containerMountPath(id) ?? 0
      path = join(containersFolder(this.state.mountPathOf(mountPathId), this.state.ddbId), containerName(id))
      this.paths.set(id, path)
    }
    return path
  }

  private async locate(hash: Buffer): Promise<{ path: string; handle: FileHandle; offset: number; length: number }> {
    const found = this.state.ddb.lookup(hash)
    if (found === undefined) {
      throw new MediaError({ kind: 'sourceMissing', file: this.location, errno: null, reason: `block ${hash.toString('hex').slice(0, 16)} is not in the DDB` })
    }
    const path = this.containerPath(found.container)
    if (found.bad) {
      throw new MediaError({ kind: 'checksum', file: path, reason: `block ${hash.toString('hex').slice(0, 16)} was found bad by a verification`, chunk: null, files: [] })
    }
    let handle = this.handles.get(found.container)
    if (handle === undefined) {
      handle = open(path, 'r')
      handle.catch(ignore)
      this.handles.set(found.container, handle)
    }
    try {
      return { path, handle: await handle, offset: found.offset, length: found.length }
    } catch (error) {
      this.handles.delete(found.container)
      throw sourceError(error, path, 'container missing')
    }
  }

  protected openChunk(chunk: ChunkEntry): Promise<ChunkSource> {
    const chunkStart = this.chunkStarts[chunk.number - 1]!
    const total = this.blockStarts[this.blockStarts.length - 1]!
    return Promise.resolve({
      path: this.location,
      size: () => Promise.resolve(Math.max(0, Math.min(chunk.size, total - chunkStart))),
      read: async (buffer, length, position) => {
        let done = 0
        let at = chunkStart + position
        let index = this.blockAt(at)
        while (done < length && index < this.recipe.length) {
          const entry = this.recipe[index]!
          const inBlock = at - this.blockStarts[index]!
          const take = Math.min(length - done, entry.length - inBlock)
          if (this.key !== null) {
            const plain = await this.openSealed(this.key, entry)
            plain.copy(buffer, done, inBlock, inBlock + take)
          } else {
            const { path, handle, offset } = await this.locate(entry.hash)
            const { bytesRead } = await handle.read(buffer, done, take, offset + inBlock)
            if (bytesRead !== take) throw new MediaError({ kind: 'sourceMissing', file: path, errno: null, reason: 'a block ends past the container' })
          }
          done += take
          at += take
          index += 1
        }
        return done
      },
      close: async () => {
        // Container handles stay open for the next chunks; the reader's end closes them.
      },
    })
  }

  override async read(options: Parameters<ChunkReader['read']>[0]): Promise<void> {
    try {
      await super.read(options)
    } finally {
      await this.closeContainers()
    }
  }

  /** Closes the containers opened by reads so far (a later read opens them again). */
  async closeContainers(): Promise<void> {
    this.opened = null
    const handles = [...this.handles.values()]
    this.handles.clear()
    for (const handle of handles) await handle.then((each) => each.close(), ignore)
  }

  /** The index of the block holding stream offset `at`. */
  private blockAt(at: number): number {
    let low = 0
    let high = this.recipe.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (this.blockStarts[middle]! <= at) low = middle
      else high = middle - 1
    }
    return low
  }
}

/**
 * A backup's packed stream into a deduplicated store: the same manifest as a disk job (chunks of the stream with
 * their SHA-256, files' extents in them), with the bytes going to blocks instead of chunk files.
 */
class DedupPacker implements ChunkSink {
  bytesPacked = 0
  bytesWritten = 0
  blocksWritten = 0
  blocksFound = 0
  private readonly writer: BlockWriter
  private readonly chunks: ChunkEntry[] = []
  private chunkSums = new ChunkSums()
  private chunkBytes = 0
  private readonly buffer = Buffer.allocUnsafe(1024 * 1024)

  constructor(
    private readonly state: DedupStoreState,
    threads: CopyThreads,
    private readonly jobDir: string,
    private readonly job: JobRef,
    private readonly chunkSize: number,
    key: CopyKey | null,
  ) {
    this.writer = new BlockWriter(state.sinkFor(key), threads, this)
  }

  async appendFile(file: WalkedFile, skipped: SkippedPath[], signal: AbortSignal | undefined, tick: () => void, throttleRate?: Throttle): Promise<FileEntry | null> {
    const handle = await openToPack(file, skipped)
    if (handle === null) return null
    const hash = createHash('sha256')
    const extents: Extent[] = []
    let position = 0
    this.writer.startSegment()
    try {
      while (position < file.size) {
        throwIfAborted(signal)
        const room = Math.min(this.buffer.length, this.chunkSize - this.chunkBytes, file.size - position)
        let bytesRead: number
        try {
          ;({ bytesRead } = await handle.read(this.buffer, 0, room, position))
        } catch (error) {
          // The bytes already packed stay in the stream unreferenced; the file is listed as skipped.
          skipped.push({ path: file.absolute, reason: fsReason(error) })
          return null
        }
        if (bytesRead === 0) break
        const view = this.buffer.subarray(0, bytesRead)
        hash.update(view)
        this.chunkSums.update(view)
        await this.writer.write(view)
        addExtent(extents, this.chunks.length + 1, this.chunkBytes, bytesRead)
        this.chunkBytes += bytesRead
        this.bytesPacked += bytesRead
        position += bytesRead
        tick()
        await throttleRate?.take(bytesRead, signal)
        if (this.chunkBytes === this.chunkSize) this.closeChunk()
      }
    } finally {
      this.writer.endSegment()
      await handle.close()
    }
    return { path: file.path, size: position, mode: file.mode, mtimeMs: file.mtimeMs, sha256: hash.digest('hex'), extents }
  }

  private closeChunk(): void {
    this.chunks.push(this.chunkSums.entry(this.chunks.length + 1, this.chunkBytes))
    this.chunkSums = new ChunkSums()
    this.chunkBytes = 0
  }

  /** Blocks durable, recipe durable and committed: the manifest may follow. */
  async finish(): Promise<readonly ChunkEntry[]> {
    if (this.chunkBytes > 0) this.closeChunk()
    const { recipe, blocksWritten, blocksFound, bytesWritten } = await this.writer.finish()
    this.bytesWritten = bytesWritten
    this.blocksWritten = blocksWritten
    this.blocksFound = blocksFound
    await this.state.settle(recipe)
    const recipePath = join(this.jobDir, recipeName)
    try {
      await mkdir(this.jobDir, { recursive: true })
      await writeFileDurably(recipePath, encodeRecipe(recipe), this.jobDir)
    } catch (error) {
      throw targetError(error, recipePath)
    }
    this.state.ddb.commitRecipe(this.job.jobId, onMountPath(this.job.store), recipe, null, Date.now())
    return this.chunks
  }

  async abandon(): Promise<void> {
    // Its last batch may still be claiming and appending: the claims are given back once it is done.
    await this.writer.stop()
    await this.state.release(this)
  }
}

/** The key a job's reference carries for an encrypted copy, or null. */
function keyOf(job: JobRef): CopyKey | null {
  return job.encryption === undefined ? null : copyKeyOf(job.encryption.key)
}

/** The mount path a job of a deduplicated store lies on (its reference names this store, never a tape library). */
function onMountPath(store: StoreRef): number {
  if (store.kind === 'tape') throw new MediaError({ kind: 'internal', file: '', reason: 'a tape library is not a deduplicated store' })
  return store.mountPathId
}
