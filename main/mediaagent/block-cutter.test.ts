import { createCipheriv, createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { blockCutter, blockLimits, type BlockKind } from './block-cutter'

const { fixed, min, average, max } = blockLimits
const MiB = 1024 * 1024

/** Every kind, once: a new kind without a row does not compile, and then gets the split and sum tests too. */
const kinds = { fixed: 'fixed', variable: 'variable' } as const satisfies Record<BlockKind, BlockKind>

/** Random-looking bytes, the same for a seed on every machine and every run (AES-128-CTR over zeros). */
function randomFile(size: number, seed: string): Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16)
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(size))
}

/** A PRNG for the split points (xorshift32), so a failure can be replayed. */
function splitPoints(seed: number): (bound: number) => number {
  let x = seed | 0 || 1
  return (bound) => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) % bound
  }
}

/** The block lengths of a file fed as `pieces` (one piece when none given). */
function cut(kind: BlockKind, pieces: readonly Uint8Array[]): number[] {
  const cutter = blockCutter(kind)
  const lengths = pieces.flatMap((piece) => cutter.push(piece))
  const last = cutter.end()
  return last > 0 ? [...lengths, last] : lengths
}

/** The file in pieces of random sizes up to `largest` bytes, empty pieces included. */
function randomPieces(file: Uint8Array, seed: number, largest: number): Uint8Array[] {
  const next = splitPoints(seed)
  const pieces: Uint8Array[] = []
  for (let offset = 0; offset < file.length; ) {
    const size = Math.min(next(largest + 1), file.length - offset)
    pieces.push(file.subarray(offset, offset + size))
    offset += size
  }
  return pieces
}

/** The SHA-256 of each block: what the deduplication database would look up. */
function blockDigests(file: Uint8Array, lengths: readonly number[]): string[] {
  let offset = 0
  return lengths.map((length) => {
    const digest = createHash('sha256').update(file.subarray(offset, offset + length)).digest('hex')
    offset += length
    return digest
  })
}

/** The share of the edited file's blocks that the database already holds from the original. */
function sharedAfterEdit(kind: BlockKind, original: Uint8Array, edited: Uint8Array): { blocks: number; shared: number } {
  const before = new Set(blockDigests(original, cut(kind, [original])))
  const after = blockDigests(edited, cut(kind, [edited]))
  return { blocks: after.length, shared: after.filter((digest) => before.has(digest)).length }
}

function sum(lengths: readonly number[]): number {
  return lengths.reduce((total, length) => total + length, 0)
}

const file = randomFile(20 * MiB, 'block-cutter')

describe('fixed blocks', () => {
  it('are 128 KiB each, the last one shorter', () => {
    const lengths = cut('fixed', [file.subarray(0, 3 * fixed + 1000)])
    expect(fixed).toBe(128 * 1024)
    expect(lengths).toEqual([fixed, fixed, fixed, 1000])
  })

  it('leave no open block when the file ends on a cut or is empty', () => {
    const cutter = blockCutter('fixed')
    expect(cutter.push(file.subarray(0, 2 * fixed))).toEqual([fixed, fixed])
    expect(cutter.end()).toBe(0)
    const empty = blockCutter('fixed')
    expect(empty.push(new Uint8Array(0))).toEqual([])
    expect(empty.end()).toBe(0)
  })

  it('all change after a few bytes inserted near the start (why deduplication databases offer variable blocks)', () => {
    const edited = Buffer.concat([file.subarray(0, 1000), Buffer.from('hello'), file.subarray(1000)])
    const { blocks, shared } = sharedAfterEdit('fixed', file, edited)
    expect(blocks).toBe(161)
    expect(shared).toBe(0)
  })
})

describe('variable blocks', () => {
  it('are between the minimum and the maximum, except a shorter last block', () => {
    expect(blockLimits).toEqual({ fixed: 128 * 1024, min: 32 * 1024, average: 128 * 1024, max: 512 * 1024 })
    const lengths = cut('variable', [file])
    expect(lengths.length).toBeGreaterThan(100)
    expect(sum(lengths)).toBe(file.length)
    for (const length of lengths.slice(0, -1)) {
      expect(length).toBeGreaterThanOrEqual(min)
      expect(length).toBeLessThanOrEqual(max)
    }
    expect(lengths.at(-1)).toBeLessThanOrEqual(max)
  })

  it('end at the maximum where no fingerprint matches: a run of zeros, a short repeated sentence', () => {
    // Such data has only a few fingerprints (one per position in the pattern), and here none matches a mask.
    expect(cut('variable', [new Uint8Array(5 * MiB + 123)])).toEqual([...Array<number>(10).fill(max), 123])
    const sentence = Buffer.from('The backup ran at 02:00. '.repeat(200_000))
    expect(cut('variable', [sentence])).toEqual([...Array<number>(9).fill(max), sentence.length - 9 * max])
  })

  it('make a file shorter than the minimum one block, and an empty file none', () => {
    expect(cut('variable', [file.subarray(0, min - 1)])).toEqual([min - 1])
    expect(cut('variable', [file.subarray(0, 1)])).toEqual([1])
    expect(cut('variable', [new Uint8Array(0)])).toEqual([])
  })

  it('average within 25 % of 128 KiB on random data', () => {
    const large = randomFile(128 * MiB, 'average')
    const lengths = cut('variable', [large])
    expect(lengths.length).toBeGreaterThan(500)
    const mean = sum(lengths) / lengths.length
    expect(mean).toBeGreaterThan(average * 0.75)
    expect(mean).toBeLessThan(average * 1.25)
  })

  it.each([
    { edit: 'insert 5 bytes', edited: Buffer.concat([file.subarray(0, 10 * MiB + 12345), Buffer.from('hello'), file.subarray(10 * MiB + 12345)]) },
    { edit: 'delete 7 bytes', edited: Buffer.concat([file.subarray(0, 10 * MiB + 12345), file.subarray(10 * MiB + 12352)]) },
    { edit: 'insert 5 bytes near the start', edited: Buffer.concat([file.subarray(0, 1000), Buffer.from('hello'), file.subarray(1000)]) },
  ])('mostly stay the same after an edit of 20 MiB: $edit', ({ edited }) => {
    const { blocks, shared } = sharedAfterEdit('variable', file, edited)
    expect(blocks).toBeGreaterThan(100)
    expect(shared / blocks).toBeGreaterThan(0.9)
    // Only the blocks around the edit change.
    expect(blocks - shared).toBeLessThanOrEqual(2)
  })

  it('cut as every earlier version did (the cuts are part of every database: see block-cutter.ts)', () => {
    expect(cut('variable', [file.subarray(0, 4 * MiB)])).toEqual([
      152168, 143576, 51062, 144753, 135542, 97030, 145881, 176887, 204775, 111784, 163842, 172956, 134842, 141153, 180314,
      202131, 163559, 196724, 139951, 50968, 194365, 65380, 85578, 56299, 143495, 132890, 133177, 148990, 151959, 172273,
    ])
  })
})

describe.each(Object.values(kinds))('%s blocks', (kind) => {
  it('do not depend on how the file is split into pushes', () => {
    const whole = cut(kind, [file])
    expect(whole.length).toBeGreaterThan(100)
    expect(sum(whole)).toBe(file.length)
    for (const [seed, largest] of [[1, 4 * MiB], [2, 200_000], [3, 5000], [4, 300]] as const) {
      expect(cut(kind, randomPieces(file, seed, largest)), `seed ${seed}`).toEqual(whole)
    }
    // A plain Uint8Array view cuts as the Buffer does.
    expect(cut(kind, [new Uint8Array(file.buffer, file.byteOffset, file.length)])).toEqual(whole)
  })

  it('do not change when pushes end one byte short of a size limit, on random data and on zeros', () => {
    for (const data of [file.subarray(0, 6 * MiB), new Uint8Array(6 * MiB)]) {
      const whole = cut(kind, [data])
      for (const limit of [fixed, min, average, max]) {
        const pieces: Uint8Array[] = []
        for (let offset = 0; offset < data.length; offset += limit - 1) pieces.push(data.subarray(offset, offset + limit - 1))
        expect(cut(kind, pieces), `pieces of ${limit - 1}`).toEqual(whole)
      }
    }
  })

  it('do not change when the file is fed byte by byte', () => {
    const part = file.subarray(0, 2 * MiB + 777)
    const bytes: Uint8Array[] = []
    for (let offset = 0; offset < part.length; offset++) bytes.push(part.subarray(offset, offset + 1))
    const whole = cut(kind, [part])
    expect(whole.length).toBeGreaterThan(5)
    expect(cut(kind, bytes)).toEqual(whole)
  })
})
