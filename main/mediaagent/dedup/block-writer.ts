/**
 * Writes one job's data stream into a deduplicated store: the stream is cut into blocks (cuts restart at each file),
 * each block is hashed (SHA-256, on the hashing threads, many at once), and only blocks the store lacks are appended
 * to its open container. What it keeps is the job's recipe: every block's hash and length, in stream order.
 *
 * Bytes are gathered in a batch buffer so that each block lies whole in it; when the batch fills, its complete blocks
 * are hashed and looked up together, and the runs of new blocks are appended with one write each.
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

/** Cuts, hashes and deduplicates one job's stream. */
export class BlockWriter {
  private readonly batch: Buffer
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
      if (this.used === this.batch.length) await this.flush()
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
    await this.flush()
    return this.result
  }

  private endBlock(length: number): void {
    this.complete.push(this.blockStart, length)
    this.blockStart += length
  }

  /** Hashes the batch's complete blocks, appends the new ones, and keeps the open block's bytes at its start. */
  private async flush(): Promise<void> {
    const ranges = this.complete.splice(0)
    if (ranges.length > 0) {
      const digests = await this.threads.hashBlocks(this.batch, ranges)
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
          if (run !== null) await this.sink.append(this.batch.subarray(run.start, run.end), run.blocks)
          run = { start, end: start + length, blocks: [{ hash, length }] }
        }
      }
      if (run !== null) await this.sink.append(this.batch.subarray(run.start, run.end), run.blocks)
    }
    // The open block's bytes move to the front: a block always lies whole in the batch.
    const open = this.used - this.blockStart
    if (open > 0 && this.blockStart > 0) this.batch.copyWithin(0, this.blockStart, this.used)
    this.used = open
    this.blockStart = 0
  }
}
