import { mkdir, mkdtemp, open, readFile, rm, stat, truncate, unlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { CopyThreadPool, InlineCopyThreads } from '../copy-threads'
import { restoredPath, toStoredPath } from '../job-folder'
import type { JobReader } from '../job-reader'
import { JobAbortedError, MediaError } from '../media-error'
import { restoreChain } from '../restore'
import { snapshotTree } from '../testing/dataset'
import { type TapeSegment, segmentFormat, trailerFormat } from './segment'
import { TapeJobReader } from './tape-reader'
import { TapeWriter, type TapeWriterOptions } from './tape-writer'
import { TapeShelf, copyToTape, diskJob, json, parseSimh, streamOf, writeContent } from './testing/tape-shelf'

const inline = new InlineCopyThreads()
const pool = new CopyThreadPool()
let root: string
let content: string
let disk: JobReader
let stream: Buffer
let temp: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tape-job-'))
  content = join(root, 'content')
  await writeContent(content)
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
const noSpareMedia = { file: 'TapeLib01', reason: 'No spare media in ScratchPool01' }

/** Writer options for the job on `shelf`, spanning to `spare` media. */
function options(shelf: TapeShelf, spare: readonly string[], more: Partial<TapeWriterOptions> = {}): TapeWriterOptions {
  return {
    job, manifestBytes: disk.manifestBytes, medium: null, nextMedium: shelf.scratch(spare), noSpareMedia,
    threads: shelf.threads, recordSize, onSegmentClosed: shelf.record, ...more,
  }
}

/** Reads a tape job whole through the stream reader; resolves its stream and the chunks it checked. */
async function readBack(shelf: TapeShelf, segments: readonly TapeSegment[]): Promise<{ reader: TapeJobReader; bytes: Buffer; checked: number[] }> {
  const reader = await TapeJobReader.open(segments, shelf.read)
  const pieces: Buffer[] = []
  const checked: number[] = []
  await reader.read({ threads: shelf.threads, pieceSize: 100_000, onPiece: (piece) => void pieces.push(Buffer.from(piece)), onChunk: (chunk) => void checked.push(chunk.number) })
  return { reader, bytes: Buffer.concat(pieces), checked }
}

/** The failure a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<MediaError['failure']> {
  const error = await promise.then(() => null, (caught: unknown) => caught)
  if (!(error instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(error)}`)
  return error.failure
}

async function flipByte(path: string, at: number): Promise<void> {
  const handle = await open(path, 'r+')
  const byte = Buffer.alloc(1)
  await handle.read(byte, 0, 1, at)
  byte[0] = byte[0]! ^ 0xff
  await handle.write(byte, 0, 1, at)
  await handle.close()
}

describe('a job on tape', () => {
  it('spans media and reads back byte for byte through the stream reader; a restore from it is identical', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, pool)
    const result = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003', 'T00004', 'T00005', 'T00006'], { recordSize: undefined }))
    expect(stream.length).toBeGreaterThan(3 * 1024 * 1024)
    expect(result.segments.length).toBeGreaterThanOrEqual(4)
    expect(result.bytes).toBe(stream.length)
    expect(result.segments.map((segment) => segment.sequence)).toEqual(result.segments.map((_, index) => index + 1))
    expect(new Set(result.segments.map((segment) => segment.barcode)).size).toBe(result.segments.length)
    expect(result.filledMedia).toEqual(result.segments.slice(0, -1).map((segment) => segment.barcode))
    let streamStart = 0
    for (const segment of result.segments) {
      expect(segment.streamStart).toBe(streamStart)
      streamStart += segment.bytes
      expect(segment.endOfData).toBeLessThanOrEqual(shelf.capacity)
      expect(shelf.endOfData.get(segment.barcode)).toBe(segment.endOfData)
      expect((await stat(shelf.path(segment.barcode))).size).toBe(segment.endOfData)
    }

    const { reader, bytes, checked } = await readBack(shelf, result.segments)
    expect(reader.manifestBytes.equals(disk.manifestBytes)).toBe(true)
    expect(checked).toEqual(disk.manifest.chunks.map((chunk) => chunk.number))
    expect(bytes.equals(stream)).toBe(true)
    expect(await reader.verifySegments({ threads: pool })).toEqual([])

    const dest = join(temp, 'restored')
    const restored = await restoreChain([reader], dest, { threads: pool })
    expect(restored.failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(content)))).toEqual(await snapshotTree(content))
  })

  it('each medium is an exact SIMH image: label, mark, then header, manifest, data records, trailer, mark', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003', 'T00004', 'T00005']))
    let streamAt = 0
    for (const segment of segments) {
      const items = await parseSimh(shelf.path(segment.barcode))
      expect(json(items[0])).toEqual({ format: 'cv-tape/1', barcode: segment.barcode })
      expect(items[1]?.kind).toBe('mark')
      expect(items.at(-1)).toEqual({ kind: 'mark', position: segment.endOfData - 4 })
      const header = items[2]!
      expect(header.position).toBe(segment.startOffset)
      expect(json(header)).toEqual({ format: segmentFormat, ...job, sequence: segment.sequence, streamStart: segment.streamStart, recordSize, manifestBytes: segment.sequence === 1 ? disk.manifestBytes.length : 0 })
      expect(json(items.at(-2))).toEqual({ format: trailerFormat, jobId: 7, sequence: segment.sequence, bytes: segment.bytes, sha256: segment.sha256 })
      let body = items.slice(3, -2)
      if (segment.sequence === 1) {
        const records = Math.ceil(disk.manifestBytes.length / recordSize)
        const manifest = Buffer.concat(body.slice(0, records).map((item) => (item.kind === 'record' ? item.bytes : Buffer.alloc(0))))
        expect(manifest.equals(disk.manifestBytes)).toBe(true)
        body = body.slice(records)
      }
      const lengths = body.map((item) => (item.kind === 'record' ? item.length : -1))
      expect(lengths.slice(0, -1).every((length) => length === recordSize)).toBe(true)
      expect(lengths.at(-1)).toBeLessThanOrEqual(recordSize)
      const data = Buffer.concat(body.map((item) => (item.kind === 'record' ? item.bytes : Buffer.alloc(0))))
      expect(data.equals(stream.subarray(streamAt, streamAt + segment.bytes))).toBe(true)
      streamAt += segment.bytes
    }
    expect(streamAt).toBe(stream.length)
  })

  it('a medium cut back after a crash is appended to where its recorded data ends', async () => {
    const shelf = new TapeShelf(temp, 16 * 1024 * 1024, inline)
    const first = await copyToTape(stream, options(shelf, ['T00001']))
    const recorded = shelf.endOfData.get('T00001')!
    expect(first.segments).toHaveLength(1)

    // A second job starts on the same medium and the MediaAgent dies mid-segment.
    const other = { ...job, jobId: 8 }
    const crashed = await TapeWriter.start(options(shelf, [], { job: other, medium: await shelf.mount('T00001') }))
    await crashed.write(stream.subarray(0, 1024 * 1024))
    await crashed.abandon()
    expect((await stat(shelf.path('T00001'))).size).toBeGreaterThan(recorded)
    expect(shelf.endOfData.get('T00001')).toBe(recorded)

    const second = await copyToTape(stream, options(shelf, [], { job: other, medium: await shelf.mount('T00001') }))
    expect(second.segments).toEqual([expect.objectContaining({ barcode: 'T00001', sequence: 1, startOffset: recorded })])
    expect((await stat(shelf.path('T00001'))).size).toBe(second.segments[0]!.endOfData)
    const marks = (await parseSimh(shelf.path('T00001'))).filter((item) => item.kind === 'mark')
    expect(marks).toHaveLength(3) // label, job 7, job 8: nothing of the crashed segment is left
    for (const segments of [first.segments, second.segments]) {
      const { reader, bytes } = await readBack(shelf, segments)
      expect(bytes.equals(stream)).toBe(true)
      expect(await reader.verifySegments({ threads: inline })).toEqual([])
    }
  })

  it('Start New Media starts on a spare medium; without it the job appends to the mounted one', async () => {
    const shelf = new TapeShelf(temp, 16 * 1024 * 1024, inline)
    await copyToTape(stream, options(shelf, ['T00001']))
    const recorded = shelf.endOfData.get('T00001')!

    const fresh = await copyToTape(stream, options(shelf, ['T00002'], { job: { ...job, jobId: 8 }, medium: await shelf.mount('T00001'), startNewMedia: true }))
    expect(fresh.segments.map((segment) => segment.barcode)).toEqual(['T00002'])
    expect(fresh.filledMedia).toEqual([])
    expect((await stat(shelf.path('T00001'))).size).toBe(recorded)

    const appended = await copyToTape(stream, options(shelf, [], { job: { ...job, jobId: 9 }, medium: await shelf.mount('T00001') }))
    expect(appended.segments).toEqual([expect.objectContaining({ barcode: 'T00001', startOffset: recorded })])
    expect((await readBack(shelf, fresh.segments)).bytes.equals(stream)).toBe(true)
    expect((await readBack(shelf, appended.segments)).bytes.equals(stream)).toBe(true)
  })

  it("with no spare medium the job fails with the caller's reason, its closed segments intact, and resumes after them", async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const closed: TapeSegment[] = []
    const first = options(shelf, ['T00001', 'T00002'], { onSegmentClosed: (segment) => void (shelf.record(segment), closed.push(segment)) })
    const writer = await TapeWriter.start(first)
    let failure: MediaError['failure'] | null = null
    for (let at = 0; at < stream.length && failure === null; at += 100_000) {
      failure = await writer.write(stream.subarray(at, at + 100_000)).then(() => null, (error: unknown) => (error as MediaError).failure)
    }
    expect(failure).toEqual({ kind: 'targetUnavailable', file: 'TapeLib01', errno: 'ENOSPC', reason: 'No spare media in ScratchPool01' })
    expect(writer.segments).toEqual(closed)
    expect(closed.map((segment) => segment.barcode)).toEqual(['T00001', 'T00002'])
    for (const segment of closed) {
      expect((await stat(shelf.path(segment.barcode))).size).toBe(segment.endOfData)
      expect((await parseSimh(shelf.path(segment.barcode))).at(-1)).toEqual({ kind: 'mark', position: segment.endOfData - 4 })
    }

    // Media added: the job goes on after its last closed segment.
    const resumed = await copyToTape(stream, options(shelf, ['T00003', 'T00004'], { resume: writer.segments }), writer.durableBytes)
    expect(resumed.segments.slice(0, 2)).toEqual(closed)
    expect(resumed.segments.map((segment) => segment.barcode)).toEqual(['T00001', 'T00002', 'T00003', 'T00004'].slice(0, resumed.segments.length))
    const { reader, bytes } = await readBack(shelf, resumed.segments)
    expect(bytes.equals(stream)).toBe(true)
    expect(await reader.verifySegments({ threads: inline })).toEqual([])
  })

  it('a write that fails while records are in flight fails the job naming the medium; the medium is left and later cut back', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, pool)
    const left: string[] = []
    const writer = await TapeWriter.start(options(shelf, ['T00001', 'T00002', 'T00003'], { threads: pool, onMediumLeft: (barcode) => void left.push(barcode) }))
    await writer.write(stream.subarray(0, 1200 * 1024))
    expect(writer.segments.map((segment) => segment.barcode)).toEqual(['T00001'])
    // The disk under T00002 fails its next write (EIO) while later records are already on their way.
    const handle = await open(join(temp, 'probe'), 'w')
    const proto = Object.getPrototypeOf(handle) as { writev: (...args: unknown[]) => Promise<unknown> }
    await handle.close()
    const writev = vi.spyOn(proto, 'writev').mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, writev'), { code: 'EIO' }))
    try {
      const failure = await writer.write(stream.subarray(1200 * 1024, 1800 * 1024)).then(() => null, (error: unknown) => error)
      expect(failure).toBeInstanceOf(MediaError)
      expect((failure as MediaError).failure).toMatchObject({ kind: 'targetUnavailable', file: shelf.path('T00002'), errno: 'EIO' })
    } finally {
      writev.mockRestore()
    }
    await expect(writer.finish()).rejects.toThrow('the tape writer has failed')
    expect(left).toEqual(['T00001', 'T00002'])
    // Only the closed segment counts: T00002 mounts again at its label, the failed records cut away.
    expect(writer.segments.map((segment) => segment.barcode)).toEqual(['T00001'])
    const again = await shelf.mount('T00002')
    expect(again.end).toBe(again.labelEnd)
    await again.close()
  })

  it('a kill stops the writer at a record boundary: closed segments stay, the open one is cut at the next mount', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const kill = new AbortController()
    const writer = await TapeWriter.start(options(shelf, ['T00001', 'T00002', 'T00003'], { signal: kill.signal }))
    await writer.write(stream.subarray(0, 1536 * 1024))
    kill.abort()
    await expect(writer.write(stream.subarray(1536 * 1024, 1600 * 1024))).rejects.toBeInstanceOf(JobAbortedError)
    await expect(writer.finish()).rejects.toThrow('the tape writer has failed')
    expect(writer.segments.map((segment) => segment.barcode)).toEqual(['T00001'])
    const open = await shelf.mount('T00002')
    expect(open.end).toBe(shelf.endOfData.get('T00002') ?? open.labelEnd)
    await open.close()
  })

  it('verification names the medium and segment holding a flipped data byte, and the read fails that chunk', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003', 'T00004', 'T00005']))
    const second = segments[1]!
    const firstData = (await parseSimh(shelf.path('T00002')))[3]!
    await flipByte(shelf.path('T00002'), firstData.position + 4 + 1000)

    const reader = await TapeJobReader.open(segments, shelf.read)
    const failures = await reader.verifySegments({ threads: inline })
    expect(failures).toEqual([{ barcode: 'T00002', sequence: 2, failure: expect.objectContaining({ kind: 'checksum', file: shelf.path('T00002') }) }])
    expect(failures[0]!.failure.reason).toBe('segment 2 of job 7 on medium T00002: its data does not match its SHA-256')
    expect(failures[0]!.failure.kind === 'checksum' && failures[0]!.failure.files.length).toBeGreaterThan(0)

    const badAt = second.streamStart + 1000
    const bad = disk.manifest.chunks.find((_, index) => disk.manifest.chunks.slice(0, index + 1).reduce((sum, chunk) => sum + chunk.size, 0) > badAt)!
    const readFailure = await failureOf(reader.read({ threads: inline }))
    expect(readFailure).toMatchObject({ kind: 'checksum', chunk: bad.number })
  })

  it('a broken record length is reported naming the medium, by verification and by a read', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003', 'T00004', 'T00005']))
    const data = (await parseSimh(shelf.path('T00003')))[4]!
    await flipByte(shelf.path('T00003'), data.position + 1)

    const reader = await TapeJobReader.open(segments, shelf.read)
    const failures = await reader.verifySegments({ threads: inline })
    expect(failures.map(({ barcode, sequence, failure }) => ({ barcode, sequence, kind: failure.kind, file: failure.file }))).toEqual([
      { barcode: 'T00003', sequence: 3, kind: 'manifestInvalid', file: shelf.path('T00003') },
    ])
    expect(failures[0]!.failure.reason).toContain(`medium T00003, byte ${data.position}: data record 2 of segment 3 is framed as`)
    expect(await failureOf(reader.read({ threads: inline }))).toMatchObject({ kind: 'manifestInvalid', file: shelf.path('T00003') })
  })

  it('a truncated or missing medium is sourceMissing naming its file', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const { segments } = await copyToTape(stream, options(shelf, ['T00001', 'T00002', 'T00003', 'T00004', 'T00005']))
    const reader = await TapeJobReader.open(segments, shelf.read)
    await truncate(shelf.path('T00002'), 100_000)
    const failure = await failureOf(reader.read({ threads: inline }))
    expect(failure).toMatchObject({ kind: 'sourceMissing', file: shelf.path('T00002') })
    expect(failure.reason).toContain('medium T00002 is truncated')
    expect((await reader.verifySegments({ threads: inline })).map((each) => [each.barcode, each.failure.kind])).toEqual([['T00002', 'sourceMissing']])

    await unlink(shelf.path('T00001'))
    expect(await failureOf(TapeJobReader.open(segments, shelf.read))).toMatchObject({ kind: 'sourceMissing', file: shelf.path('T00001'), errno: 'ENOENT' })
    expect((await readFile(shelf.path('T00003'))).length).toBe(segments[2]!.endOfData)
  })

  it('a job with no data is one segment of header, manifest and trailer, and reads back', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const nothing = join(temp, 'nothing')
    await mkdir(nothing)
    const emptyJob = await diskJob(join(root, 'lib1'), nothing, 9)
    const empty = await copyToTape(Buffer.alloc(0), options(shelf, ['T00001'], { job: { ...job, jobId: 9 }, manifestBytes: emptyJob.manifestBytes }))
    expect(empty.segments).toEqual([expect.objectContaining({ sequence: 1, bytes: 0, sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })])
    const { reader, bytes, checked } = await readBack(shelf, empty.segments)
    expect([bytes.length, checked]).toEqual([0, []])
    expect(reader.manifest.jobId).toBe(9)
    expect(await reader.verifySegments({ threads: inline })).toEqual([])
  })

  it('a stream and a manifest that disagree are refused when opened, not misread', async () => {
    const shelf = new TapeShelf(temp, 1024 * 1024, inline)
    const { segments } = await copyToTape(stream.subarray(0, 1000), options(shelf, ['T00001']))
    const failure = await failureOf(TapeJobReader.open(segments, shelf.read))
    expect(failure).toMatchObject({ kind: 'manifestInvalid', reason: `the segments hold 1000 bytes, the manifest's chunks ${stream.length}` })
  })
})
