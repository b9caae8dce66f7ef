/**
 * Writes one job's data stream into a deduplicated store: the stream is cut into blocks (cuts restart at each file),
 * each block is hashed (SHA-256, on the hashing threads, many at once), and only blocks the store lacks are appended
 * to its open container. What it keeps is the job's recipe: every block's hash and length, in stream order.
 *
 * Bytes are gathered in a batch buffer so that each block lies whole in it; when the batch fills, its complete blocks
 * are hashed and looked up together, and the runs of new blocks are appended with one write each. There are three
 * batches: one fills (the stream is read and cut into it) while the one before it is hashed and the one before that
 * is looked up and appended; batches are looked up in stream order, so the recipe is too.
 */
import type { BlockKind } from '../../../app/media/media-protocol'
import { type BlockCutter, blockCutter, blockLimits } from '../block-cutter'
import type { CopyThreads } from '../copy-threads'
import type { RecipeEntry } from './recipe'

/** What the writer needs of its store. */
export interface BlockSink {
  readonly blocks: BlockKind
  /** Whether the store holds (or is writing) a good copy of a block; claims it for `owner` when it does not. */
  claim(hash: Buffer, owner: object): boolean
  /** Appends new blocks lying back to back in `data` to the store's open container. */
  append(data: Buffer, blocks: readonly { readonly hash: Buffer; readonly length: number }[]): Promise<void>
}

/** What a job's stream came to. */
export interface WrittenStream {
  readonly recipe: RecipeEntry[]
  readonly bytes: number
  readonly blocksWritten: number
  readonly blocksFound: number
  readonly bytesWritten: number
}

/** The batch: big enough for many blocks, and always for one of the largest. */
const batchBytes = 8 * 1024 * 1024

/** Batches handed on and not yet written, at most: one hashing while the one before it is looked up and appended. */
const batchesInFlight = 2

/** Cuts, hashes and deduplicates one job's stream. */
export class BlockWriter {
  /** The batch filling now. */
  private batch: Buffer
  /** Batches free to fill next. */
  private readonly free: Buffer[] = []
  /**
   * Batches handed on, oldest first, each done once hashed, looked up and appended (a failure is thrown by the next
   * `write` or `finish`). Each is looked up only after the one before it: the recipe stays in stream order.
   */
  private readonly flushing: { readonly batch: Buffer; readonly done: Promise<void> }[] = []
  /** Bytes in the batch; complete blocks end at `blockStart`, the open block's bytes follow it. */
  private used = 0
  private blockStart = 0
  private readonly complete: number[] = []
  private cutter: BlockCutter | null = null
  private readonly result: { recipe: RecipeEntry[]; bytes: number; blocksWritten: number; blocksFound: number; bytesWritten: number } = {
    recipe: [], bytes: 0, blocksWritten: 0, blocksFound: 0, bytesWritten: 0,
  }

  constructor(
    private readonly sink: BlockSink,
    private readonly threads: CopyThreads,
    /** Who the blocks it claims are claimed for (the job's writer, which gives them back if it fails). */
    private readonly owner: object,
  ) {
    if (blockLimits.max > batchBytes / 2) throw new Error('the batch must hold the largest block twice')
    this.batch = threads.allocate(batchBytes)
    for (let each = 0; each < batchesInFlight; each += 1) this.free.push(threads.allocate(batchBytes))
  }

  /** A file (or a stretch of the stream between files) begins: cuts restart here. */
  startSegment(): void {
    if (this.cutter !== null) throw new Error('a segment is open')
    this.cutter = blockCutter(this.sink.blocks)
  }

  /** The next bytes of the open segment. */
  async write(bytes: Uint8Array): Promise<void> {
    const cutter = this.cutter
    if (cutter === null) throw new Error('no segment is open')
    let at = 0
    while (at < bytes.length) {
      if (this.used === this.batch.length) await this.handOn()
      const take = Math.min(bytes.length - at, this.batch.length - this.used)
      const piece = bytes.subarray(at, at + take)
      this.batch.set(piece, this.used)
      this.used += take
      at += take
      for (const length of cutter.push(piece)) this.endBlock(length)
    }
  }

  /** The open segment ended (its last, maybe short, block is complete). */
  endSegment(): void {
    const cutter = this.cutter
    if (cutter === null) return
    const last = cutter.end()
    if (last > 0) this.endBlock(last)
    this.cutter = null
  }

  /** Ends the stream: every block hashed, looked up, and the new ones appended; resolves the recipe and figures. */
  async finish(): Promise<WrittenStream> {
    this.endSegment()
    await this.handOn()
    while (this.flushing.length > 0) await this.settleOldest()
    return this.result
  }

  /** The stream failed or stopped: resolves once no batch of this writer is being hashed or written (its claims are all made). */
  async stop(): Promise<void> {
    await Promise.all(this.flushing.map((each) => each.done.catch(() => undefined)))
    this.flushing.length = 0
  }

  private endBlock(length: number): void {
    this.complete.push(this.blockStart, length)
    this.blockStart += length
  }

  /**
   * Hands the batch's complete blocks on to be hashed and written, and goes on filling a free batch (waiting for the
   * oldest handed on when none is), the open block's bytes moved to its start: a block always lies whole in one batch.
   */
  private async handOn(): Promise<void> {
    while (this.free.length === 0) await this.settleOldest()
    const full = this.batch
    const next = this.free.pop()!
    const ranges = this.complete.splice(0)
    const open = this.used - this.blockStart
    if (open > 0) next.set(full.subarray(this.blockStart, this.used), 0)
    this.batch = next
    this.used = open
    this.blockStart = 0
    if (ranges.length === 0) {
      this.free.push(full)
      return
    }
    const before = this.flushing.at(-1)?.done ?? Promise.resolve()
    const done = this.flush(full, ranges, before)
    // Seen now, thrown by whoever awaits it next: a failed flush is never an unhandled rejection.
    done.catch(() => undefined)
    this.flushing.push({ batch: full, done })
  }

  /** Waits for the oldest batch handed on (throwing its failure) and frees it. */
  private async settleOldest(): Promise<void> {
    const oldest = this.flushing[0]!
    await oldest.done
    this.flushing.shift()
    this.free.push(oldest.batch)
  }

  /**
   * Hashes a batch's complete blocks (`ranges`: start, length, ...), then, once the batch `before` it is done, looks
   * them up and appends the new ones.
   */
  private async flush(batch: Buffer, ranges: readonly number[], before: Promise<void>): Promise<void> {
    const digests = await this.threads.hashBlocks(batch, ranges)
    await before
    // Runs of consecutive new blocks are appended with one write each.
    let run: { start: number; end: number; blocks: { hash: Buffer; length: number }[] } | null = null
    for (let index = 0; index < ranges.length; index += 2) {
      const start = ranges[index]!
      const length = ranges[index + 1]!
      const hash = Buffer.from(digests.subarray(index * 16, index * 16 + 32))
      this.result.recipe.push({ hash, length })
      this.result.bytes += length
      if (!this.sink.claim(hash, this.owner)) {
        this.result.blocksFound += 1
        continue
      }
      this.result.blocksWritten += 1
      this.result.bytesWritten += length
      if (run !== null && run.end === start) {
        run.end += length
        run.blocks.push({ hash, length })
      } else {
        if (run !== null) await this.sink.append(batch.subarray(run.start, run.end), run.blocks)
        run = { start, end: start + length, blocks: [{ hash, length }] }
      }
    }
    if (run !== null) await this.sink.append(batch.subarray(run.start, run.end), run.blocks)
  }
}
