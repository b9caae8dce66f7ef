import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type CopyThreads, CopyThreadPool, InlineCopyThreads } from '../copy-threads'
import { restoredPath, toStoredPath } from '../job-folder'
import type { JobReader } from '../job-reader'
import { MediaError } from '../media-error'
import { restoreChain } from '../restore'
import { snapshotTree } from '../testing/dataset'
import { segmentFormat } from './segment'
import { sealedRecordOverhead } from './sealed-records'
import { TapeJobReader } from './tape-reader'
import { TapeWriter, type TapeWriterOptions } from './tape-writer'
import { TapeShelf, copyToTape, diskJob, json, parseSimh, streamOf } from './testing/tape-shelf'

const inline = new InlineCopyThreads()
const pool = new CopyThreadPool()
/** A string of the backed-up data that would show through in any medium holding it plain. */
const marker = 'PLAIN-TEXT-MARKER-of-the-tape-payroll-2026'
let root: string
let content: string
let disk: JobReader
let stream: Buffer
let temp: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tape-sealed-'))
  content = join(root, 'content')
  await mkdir(join(content, 'docs'), { recursive: true })
  await writeFile(join(content, 'docs', 'small.txt'), `${marker}\n`)
  await writeFile(join(content, 'docs', 'ledger.txt'), `${marker} line\n`.repeat(40_000))
  await writeFile(join(content, 'random.bin'), randomBytes(300 * 1024 + 5))
  await mkdir(join(root, 'lib1'))
  disk = await diskJob(join(root, 'lib1'), content, 7)
  stream = await streamOf(disk, inline)
})
afterAll(async () => {
  await pool.close()
  await rm(root, { recursive: true, force: true })
})
beforeEach(async () => {
  temp = await mkdtemp(join(root, 'media-'))
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})

const job = { storagePolicyId: 3, copyId: 4, jobId: 7 }
const recordSize = 64 * 1024
const key = randomBytes(32)
/** Small media: the job (about 2 MiB) spans two of them. */
const capacity = 1536 * 1024

function options(shelf: TapeShelf, spare: readonly string[], more: Partial<TapeWriterOptions> = {}): TapeWriterOptions {
  return {
    job, manifestBytes: disk.manifestBytes, medium: null, nextMedium: shelf.scratch(spare), noSpareMedia: { file: 'TapeLib01', reason: 'No spare media in ScratchPool01' },
    threads: shelf.threads, recordSize, onSegmentClosed: shelf.record, key, ...more,
  }
}

async function readAll(reader: JobReader, threads: CopyThreads = inline): Promise<Buffer> {
  const pieces: Buffer[] = []
  await reader.read({ threads, pieceSize: 100_000, onPiece: (piece) => void pieces.push(Buffer.from(piece)) })
  return Buffer.concat(pieces)
}

async function failureOf(promise: Promise<unknown>): Promise<MediaError['failure']> {
  const error = await promise.then(() => null, (caught: unknown) => caught)
  if (!(error instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(error)}`)
  return error.failure
}

async function holdsMarker(shelf: TapeShelf, barcodes: Iterable<string>): Promise<boolean> {
  for (const barcode of barcodes) if ((await readFile(shelf.path(barcode))).includes(marker)) return true
  return false
}

describe('a job on an encrypted tape copy', () => {
  it('spans two media with every data record sealed; restores identical, verifies, and no medium shows the data', async () => {
    const shelf = new TapeShelf(temp, capacity, pool)
    const { segments, bytes } = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003']))
    expect(segments.map((segment) => segment.barcode)).toEqual(['T00001', 'T00002'])
    expect(bytes).toBe(stream.length)

    let streamAt = 0
    for (const segment of segments) {
      const items = await parseSimh(shelf.path(segment.barcode))
      expect(json(items[2])).toEqual({ format: segmentFormat, ...job, sequence: segment.sequence, streamStart: segment.streamStart, recordSize, manifestBytes: segment.sequence === 1 ? disk.manifestBytes.length : 0, sealed: 'AES-256-GCM' })
      let body = items.slice(3, -2)
      if (segment.sequence === 1) body = body.slice(Math.ceil(disk.manifestBytes.length / recordSize))
      const lengths = body.map((item) => (item.kind === 'record' ? item.length : -1))
      // Each record holds its plain bytes plus a nonce and a tag; full records are the record size on tape.
      expect(lengths.slice(0, -1).every((length) => length === recordSize)).toBe(true)
      expect(lengths.reduce((sum, length) => sum + length - sealedRecordOverhead, 0)).toBe(segment.bytes)
      const onTape = Buffer.concat(body.map((item) => (item.kind === 'record' ? item.bytes : Buffer.alloc(0))))
      expect(onTape.includes(stream.subarray(streamAt, streamAt + 4096))).toBe(false)
      streamAt += segment.bytes
    }
    expect(await holdsMarker(shelf, ['T00001', 'T00002'])).toBe(false)

    const reader = await TapeJobReader.open(segments, shelf.read, key)
    expect((await readAll(reader, pool)).equals(stream)).toBe(true)
    expect(await reader.verifySegments({ threads: pool })).toEqual([])
    const dest = join(temp, 'restored')
    const restored = await restoreChain([reader], dest, { threads: pool })
    expect(restored.failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(content)))).toEqual(await snapshotTree(content))
  })

  it('the same job written plain does show the marker (the grep above would see it)', async () => {
    const shelf = new TapeShelf(temp, capacity, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003'], { key: undefined }))
    expect(await holdsMarker(shelf, segments.map((segment) => segment.barcode))).toBe(true)
  })

  it('is refused without the key, fails with another key, and a plain job is refused with a key', async () => {
    const shelf = new TapeShelf(temp, capacity, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002']))
    expect(await failureOf(TapeJobReader.open(segments, shelf.read))).toMatchObject({ kind: 'internal', reason: 'segment 1 of job 7 is encrypted and no key came with the request' })

    const wrong = await TapeJobReader.open(segments, shelf.read, randomBytes(32))
    expect(await failureOf(readAll(wrong))).toMatchObject({ kind: 'checksum', file: shelf.path('T00001') })
    const failures = await wrong.verifySegments({ threads: inline })
    expect(failures.map(({ barcode, failure }) => [barcode, failure.kind])).toEqual([['T00001', 'checksum'], ['T00002', 'checksum']])
    expect(failures[0]!.failure.reason).toBe('data record 1 of segment 1 of job 7 fails its AES-GCM authentication (a wrong key, or damaged data)')

    const plainShelf = new TapeShelf(join(temp, 'plain'), capacity, inline)
    await mkdir(plainShelf.folder)
    const plain = await copyToTape(stream, options(plainShelf, ['T00001', 'T00002'], { key: undefined }))
    expect(await failureOf(TapeJobReader.open(plain.segments, plainShelf.read, key))).toMatchObject({ kind: 'internal', reason: 'the copy is encrypted but segment 1 of job 7 holds plain records' })
  })

  it('a flipped byte or two records swapped fail authentication, named by medium and segment, and fail the read', async () => {
    const shelf = new TapeShelf(temp, capacity, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002']))
    const items = (await parseSimh(shelf.path('T00002'))).slice(3, -2)
    // Two full records of segment 2 change places: each is intact, but sealed for the other's place.
    const [a, b] = [items[0]!, items[1]!]
    if (a.kind !== 'record' || b.kind !== 'record') throw new Error('records expected')
    const handle = await open(shelf.path('T00002'), 'r+')
    const [first, second] = [Buffer.from(a.bytes), Buffer.from(b.bytes)]
    await handle.write(second, 0, second.length, a.position + 4)
    await handle.write(first, 0, first.length, b.position + 4)
    await handle.close()

    const reader = await TapeJobReader.open(segments, shelf.read, key)
    const failures = await reader.verifySegments({ threads: inline })
    expect(failures).toEqual([{ barcode: 'T00002', sequence: 2, failure: expect.objectContaining({ kind: 'checksum', file: shelf.path('T00002') }) }])
    expect(failures[0]!.failure.kind === 'checksum' && failures[0]!.failure.files.length).toBeGreaterThan(0)
    expect(await failureOf(readAll(reader))).toMatchObject({ kind: 'checksum', file: shelf.path('T00002') })

    const handle1 = await open(shelf.path('T00001'), 'r+')
    const record = (await parseSimh(shelf.path('T00001'))).at(-3)!
    const byte = Buffer.alloc(1)
    await handle1.read(byte, 0, 1, record.position + 20)
    byte[0] = byte[0]! ^ 0xff
    await handle1.write(byte, 0, 1, record.position + 20)
    await handle1.close()
    expect((await reader.verifySegments({ threads: inline })).map((each) => each.barcode)).toEqual(['T00001', 'T00002'])
  })

  it('with no spare medium the job stops after its closed segment and resumes sealed after it', async () => {
    const shelf = new TapeShelf(temp, capacity, inline)
    const writer = await TapeWriter.start(options(shelf, ['T00001']))
    let failed = false
    for (let at = 0; at < stream.length && !failed; at += 100_000) {
      failed = await writer.write(stream.subarray(at, at + 100_000)).then(() => false, () => true)
    }
    expect(failed).toBe(true)
    expect(writer.segments.map((segment) => segment.barcode)).toEqual(['T00001'])

    const resumed = await copyToTape(stream, options(shelf, ['T00002'], { resume: writer.segments }), writer.durableBytes)
    expect(resumed.segments.map((segment) => segment.barcode)).toEqual(['T00001', 'T00002'])
    const reader = await TapeJobReader.open(resumed.segments, shelf.read, key)
    expect((await readAll(reader)).equals(stream)).toBe(true)
    expect(await reader.verifySegments({ threads: inline })).toEqual([])
    expect(await holdsMarker(shelf, ['T00001', 'T00002'])).toBe(false)
  })
})
