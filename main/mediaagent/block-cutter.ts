/**
 * Cuts a file's bytes into the blocks a deduplication database stores, fed in order, one cutter per file.
 *
 * `fixed` cuts every 128 KiB. One byte inserted near the start of a file then moves every later cut, so no later
 * block matches what the database holds. `variable` cuts where the content says, so an edit changes only the
 * blocks around it: FastCDC (Xia et al., "FastCDC: a Fast and Efficient Content-Defined Chunking Approach for Data
 * Deduplication", USENIX ATC 2016). A gear hash rolls over the bytes, `fp = (fp << 1) + gear[byte]` in 32 bits,
 * so the fingerprint after a byte depends on the last 32 bytes only, and a block ends after the byte whose
 * fingerprint has all the bits of a mask clear. As in the paper, the first `min` bytes of a block are skipped
 * (never hashed: no cut can fall there), and a block ends at `max` bytes whatever its content.
 *
 * Normalized chunking (the paper's "NC level 2"): a plain 17-bit mask (2^17 = 128 KiB) would give block sizes
 * spread out exponentially. Instead, before the block reaches the average (normal) size the mask has 2 bits more
 * (19: a cut is 4 times less likely), and after it 2 bits fewer (15: 4 times more likely), so sizes gather around
 * the average. The mean lands above the normal size (about 146 KiB on random data: the skipped minimum plus the
 * rarely cut stretch before 128 KiB), as in the paper. The mask bits are spread over the whole 32-bit word (the
 * paper pads its masks with zero bits likewise) so each cut depends on a window of 32 bytes, not on the last few.
 *
 * Everything that decides a cut (the gear table and how it is generated, the masks, the three sizes, the skip and
 * the cut-after-the-matching-byte rule) is part of every existing database's format: changing any of it moves the
 * cuts, and no new block would match a stored one. Never change them; a different cutter is a new `BlockKind`.
 */
import { assertNever } from '../../app/model/assert'

/** How a deduplication database cuts files into blocks; fixed at its creation. */
export type BlockKind = 'fixed' | 'variable'

/** Cuts one file's bytes into blocks as they are fed in order. */
export interface BlockCutter {
  /** Feeds the next bytes of the file; returns the lengths of the blocks that ended within them, in order (a block may span earlier pushes: its length counts all its bytes). */
  push(bytes: Uint8Array): number[]
  /** The file ended: the length of its last block if one is open (0 when the file ended on a cut or was empty). */
  end(): number
}

/** Block size limits, exported for the engine's buffers and the tests. */
export const blockLimits: { readonly fixed: number; readonly min: number; readonly average: number; readonly max: number } =
  Object.freeze({ fixed: 128 * 1024, min: 32 * 1024, average: 128 * 1024, max: 512 * 1024 })
// The same sizes as module constants, which the compiler folds into the loop.
const minSize = 32 * 1024
const normalSize = 128 * 1024
const maxSize = 512 * 1024

/** A new cutter for one file. */
export function blockCutter(kind: BlockKind): BlockCutter {
  switch (kind) {
    case 'fixed':
      return new FixedCutter(blockLimits.fixed)
    case 'variable':
      return new VariableCutter()
    default:
      return assertNever(kind, 'block kind')
  }
}

class FixedCutter implements BlockCutter {
  /** Bytes of the open block. */
  private length = 0

  constructor(private readonly size: number) {}

  push(bytes: Uint8Array): number[] {
    const lengths: number[] = []
    let left = bytes.length
    while (left > 0) {
      const take = Math.min(this.size - this.length, left)
      this.length += take
      left -= take
      if (this.length === this.size) {
        lengths.push(this.size)
        this.length = 0
      }
    }
    return lengths
  }

  end(): number {
    const last = this.length
    this.length = 0
    return last
  }
}

/** The mask before the normal size: 19 bits (17 + 2), bits 31,30,28,26,25,23,21,20,18,16,15,13,11,10,8,6,5,3,1. */
const maskSmall = 0xd6b5ad6a | 0
/** The mask from the normal size on: 15 bits (17 − 2), bits 31,29,27,25,23,21,19,17,14,12,10,8,6,4,2. */
const maskLarge = 0xaaaa5554 | 0

/**
 * The gear table: 256 random-looking 32-bit words, one per byte value. Entry i is MurmurHash3's 32-bit finalizer
 * (fmix32) of (i + 1) × 0x9E3779B9 (the golden-ratio constant) mod 2^32: a formula any language can reproduce,
 * rather than 1 KiB of literals. Part of the format (see the file comment): never change it.
 */
const gear = ((): Int32Array => {
  // Kept as signed 32-bit words (the same bits): a Uint32Array entry above 2^31 is read as a double, which costs the
  // loop below a conversion per byte; an Int32Array entry stays a small integer (the cutter runs about 1.2x faster).
  const table = new Int32Array(256)
  for (let i = 0; i < 256; i++) {
    let h = Math.imul(i + 1, 0x9e3779b9)
    h ^= h >>> 16
    h = Math.imul(h, 0x85ebca6b)
    h ^= h >>> 13
    h = Math.imul(h, 0xc2b2ae35)
    h ^= h >>> 16
    table[i] = h
  }
  return table
})()

class VariableCutter implements BlockCutter {
  /** Bytes of the open block. */
  private length = 0
  /** The gear fingerprint of the open block's hashed bytes (0 until the first byte after the minimum). */
  private fingerprint = 0

  push(bytes: Uint8Array): number[] {
    const table = gear
    const lengths: number[] = []
    const n = bytes.length
    let i = 0
    let length = this.length
    let fp = this.fingerprint
    while (i < n) {
      if (length < minSize) {
        const skip = Math.min(minSize - length, n - i)
        length += skip
        i += skip
        continue
      }
      // Hash up to the next size where the rule changes: the normal size (the mask loosens) or the maximum.
      const small = length < normalSize
      const mask = small ? maskSmall : maskLarge
      const stop = Math.min(n, i + (small ? normalSize : maxSize) - length)
      let j = i
      let cut = false
      // Four bytes a turn, each still checked for a cut (the same cuts, one loop test per four bytes: about 1.4x
      // faster), then the last few bytes one by one.
      const stop4 = stop - 3
      while (j < stop4) {
        fp = ((fp << 1) + table[bytes[j]!]!) | 0
        if ((fp & mask) === 0) {
          j += 1
          cut = true
          break
        }
        fp = ((fp << 1) + table[bytes[j + 1]!]!) | 0
        if ((fp & mask) === 0) {
          j += 2
          cut = true
          break
        }
        fp = ((fp << 1) + table[bytes[j + 2]!]!) | 0
        if ((fp & mask) === 0) {
          j += 3
          cut = true
          break
        }
        fp = ((fp << 1) + table[bytes[j + 3]!]!) | 0
        j += 4
        if ((fp & mask) === 0) {
          cut = true
          break
        }
      }
      while (!cut && j < stop) {
        fp = ((fp << 1) + table[bytes[j]!]!) | 0
        j++
        if ((fp & mask) === 0) cut = true
      }
      length += j - i
      i = j
      if (cut || length === maxSize) {
        lengths.push(length)
        length = 0
        fp = 0
      }
    }
    this.length = length
    this.fingerprint = fp
    return lengths
  }

  end(): number {
    const last = this.length
    this.length = 0
    this.fingerprint = 0
    return last
  }
}
