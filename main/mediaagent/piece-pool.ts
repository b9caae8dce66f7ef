/**
 * The memory a run reads into and hashes from: fixed-size pieces lent for one read (or one read-back) and given back
 * at its end, so the next chunk, job or stream of the run reuses them. A run of 85 small jobs on 16 streams then
 * holds the few pieces its streams use at once, not 85 × 5 fresh 4 MiB buffers that stay allocated until the
 * garbage collectors of the MediaAgent and of every hashing thread (each of which saw them) get round to them.
 *
 * Pieces are carved out of a few large slabs rather than allocated one by one. A slab of 64 MiB is above glibc's
 * largest mmap threshold (32 MiB), so it is always a mapping of its own: its pages become resident only as reads
 * write them (a 100 KiB chunk touches 100 KiB of its 4 MiB piece), and the whole slab goes back to the system
 * when it is freed, instead of staying behind in a thread's malloc arena as separately allocated buffers do.
 */
import type { CopyThreads } from './copy-threads'

/** The default piece: the unit a stream reads and hashes. */
export const defaultPieceSize = 4 * 1024 * 1024
/** The most one slab reserves (see the file comment); it holds at most `maxPiecesPerSlab` pieces. */
const slabBytes = 64 * 1024 * 1024
const maxPiecesPerSlab = 16

/** Pieces of memory the hashing threads can read, lent and given back; one per run phase. */
export class PiecePool {
  private readonly free: Buffer[] = []
  /** Each lent view, with the whole piece it is a view of. */
  private readonly lent = new Map<Buffer, Buffer>()
  private reserved = 0

  /**
   * `threads` allocates the slabs (shared memory for a `CopyThreadPool`); `piecesPerSlab` defaults to as many as
   * fit in 64 MiB, at most 16.
   */
  constructor(
    private readonly threads: Pick<CopyThreads, 'allocate'>,
    readonly pieceSize = defaultPieceSize,
    private readonly piecesPerSlab = Math.max(1, Math.min(maxPiecesPerSlab, Math.floor(slabBytes / pieceSize))),
  ) {}

  /**
   * A piece of `size` bytes (at most `pieceSize`), valid until given back. A larger size gets a buffer of its own,
   * which `give` ignores (it is freed like any buffer).
   */
  take(size: number): Buffer {
    if (size > this.pieceSize) return this.threads.allocate(size)
    if (this.free.length === 0) this.addSlab()
    // The piece given back last: its pages are the ones already resident.
    const piece = this.free.pop()!
    const view = piece.subarray(0, size)
    this.lent.set(view, piece)
    return view
  }

  /** Gives back a piece from `take`; the caller no longer reads or writes it. */
  give(view: Buffer): void {
    const piece = this.lent.get(view)
    if (piece === undefined) return
    this.lent.delete(view)
    this.free.push(piece)
  }

  /** Pieces lent now. */
  get lentCount(): number {
    return this.lent.size
  }

  /** Bytes of the slabs allocated so far (address space; only the pages written are resident). */
  get reservedBytes(): number {
    return this.reserved
  }

  private addSlab(): void {
    const slab = this.threads.allocate(this.piecesPerSlab * this.pieceSize)
    this.reserved += slab.length
    // Pushed last to first, so the first piece is lent first.
    for (let n = this.piecesPerSlab - 1; n >= 0; n--) this.free.push(slab.subarray(n * this.pieceSize, (n + 1) * this.pieceSize))
  }
}
