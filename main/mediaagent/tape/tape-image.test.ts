import { copyFile, mkdtemp, open, rm, stat, truncate } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InlineCopyThreads } from '../copy-threads'
import { MediaError } from '../media-error'
import { TapeMedium, largestRecordIn, recordBytes, segmentCloseReserve, tapeFormat } from './tape-image'
import { TapeShelf, json, parseSimh, patterned } from './testing/tape-shelf'

const threads = new InlineCopyThreads()
let temp: string
let shelf: TapeShelf
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'tape-image-'))
  shelf = new TapeShelf(temp, 64 * 1024, threads)
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})

/** The failure a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<MediaError['failure']> {
  const error = await promise.then(() => null, (caught: unknown) => caught)
  if (!(error instanceof MediaError)) throw new Error(`expected a MediaError, got ${String(error)}`)
  return error.failure
}

describe('a tape medium', () => {
  it('a new medium starts with a label naming its barcode, then a tape mark', async () => {
    const medium = await shelf.mount('T00001')
    expect(medium.holdsSegments).toBe(false)
    expect(medium.end).toBe(medium.labelEnd)
    await medium.close()
    const items = await parseSimh(shelf.path('T00001'))
    expect(items.map((item) => item.kind)).toEqual(['record', 'mark'])
    expect(json(items[0])).toEqual({ format: tapeFormat, barcode: 'T00001' })
    expect((await stat(shelf.path('T00001'))).size).toBe(medium.labelEnd)
  })

  it('records are framed as SIMH: a length word before and after, a pad byte after an odd length', async () => {
    const medium = await shelf.mount('T00001')
    const odd = patterned(5, 1)
    const even = patterned(4, 2)
    const oddAt = await medium.writeRecord(odd)
    const evenAt = await medium.writeRecord(even)
    await medium.writeMark()
    await medium.close()
    expect(evenAt - oddAt).toBe(4 + 5 + 1 + 4)
    expect(medium.end - evenAt).toBe(4 + 4 + 4 + 4)
    const items = await parseSimh(shelf.path('T00001'))
    expect(items.map((item) => (item.kind === 'record' ? item.length : 'mark')).slice(2)).toEqual([5, 4, 'mark'])
    expect(items[2]).toMatchObject({ position: oddAt, bytes: odd })
    expect(items[3]).toMatchObject({ position: evenAt, bytes: even })
    const reread = await TapeMedium.mountForReading({ ...shelf.spec('T00001'), endOfData: medium.end })
    expect(await reread.readItem(oddAt, 100)).toEqual({ kind: 'record', bytes: odd, next: evenAt })
    expect(await reread.readItem(evenAt + 12, 100)).toEqual({ kind: 'mark', next: medium.end })
    expect(await reread.readItem(medium.end, 100)).toEqual({ kind: 'end' })
    await reread.close()
  })

  it('mounting for writing cuts what lies past the recorded end of data, and appends there', async () => {
    const first = await shelf.mount('T00001')
    await first.writeRecord(patterned(1000, 3))
    await first.writeMark()
    await first.sync(threads)
    const recorded = first.end
    await first.writeRecord(patterned(3000, 4)) // never closed: a crash
    await first.close()
    expect((await stat(shelf.path('T00001'))).size).toBeGreaterThan(recorded)

    shelf.endOfData.set('T00001', recorded)
    const again = await shelf.mount('T00001')
    expect((await stat(shelf.path('T00001'))).size).toBe(recorded)
    expect(again.end).toBe(recorded)
    expect(again.holdsSegments).toBe(true)
    await again.writeRecord(patterned(7, 5))
    await again.close()
    const lengths = (await parseSimh(shelf.path('T00001'))).map((item) => (item.kind === 'record' ? item.length : 'mark'))
    expect(lengths.slice(1)).toEqual(['mark', 1000, 'mark', 7])
  })

  it('room keeps space to close a segment; a record past the capacity is refused as end of medium', async () => {
    const medium = await shelf.mount('T00001')
    expect(medium.room()).toBe(shelf.capacity - medium.end - segmentCloseReserve)
    const fits = largestRecordIn(medium.room())
    await medium.writeRecord(Buffer.alloc(fits))
    expect(largestRecordIn(medium.room())).toBe(0)
    await medium.writeRecord(Buffer.alloc(largestRecordIn(shelf.capacity - medium.end)))
    const failure = await failureOf(medium.writeRecord(Buffer.alloc(2)))
    expect(failure).toMatchObject({ kind: 'targetUnavailable', errno: 'ENOSPC', file: shelf.path('T00001') })
    await medium.close()
    expect(recordBytes(fits)).toBeLessThanOrEqual(shelf.capacity)
  })

  it('a medium whose label names another barcode is refused', async () => {
    await (await shelf.mount('T00001')).close()
    await copyFile(shelf.path('T00001'), shelf.path('T00002'))
    shelf.endOfData.set('T00002', (await stat(shelf.path('T00002'))).size)
    const failure = await failureOf(shelf.read('T00002'))
    expect(failure).toMatchObject({ kind: 'manifestInvalid', file: shelf.path('T00002') })
    expect(failure.reason).toContain('the label names medium T00001')
  })

  it('a truncated medium is sourceMissing naming its file; a missing one too; neither is changed', async () => {
    const medium = await shelf.mount('T00001')
    await medium.writeRecord(patterned(5000, 6))
    await medium.writeMark()
    await medium.close()
    shelf.endOfData.set('T00001', medium.end)
    await truncate(shelf.path('T00001'), 3000)
    for (const mount of [shelf.read, (barcode: string) => shelf.mount(barcode)]) {
      const failure = await failureOf(mount('T00001'))
      expect(failure).toMatchObject({ kind: 'sourceMissing', file: shelf.path('T00001') })
      expect(failure.reason).toContain('truncated: 3000 bytes')
    }
    expect((await stat(shelf.path('T00001'))).size).toBe(3000)
    shelf.endOfData.set('T00009', 100)
    expect(await failureOf(shelf.read('T00009'))).toMatchObject({ kind: 'sourceMissing', file: shelf.path('T00009'), errno: 'ENOENT' })
  })

  it('recorded data must end with a tape mark, and a broken length word is a framing error naming the medium', async () => {
    const medium = await shelf.mount('T00001')
    const at = await medium.writeRecord(patterned(100, 7))
    await medium.close()
    shelf.endOfData.set('T00001', medium.end)
    expect((await failureOf(shelf.mount('T00001'))).reason).toContain('no tape mark before the recorded end of data')

    const bytes = Buffer.alloc(4)
    bytes.writeUInt32LE(99, 0)
    const handle = await open(shelf.path('T00001'), 'r+')
    await handle.write(bytes, 0, 4, at)
    await handle.close()
    const reread = await shelf.read('T00001')
    const failure = await failureOf(reread.readItem(at, 1000))
    await reread.close()
    expect(failure).toMatchObject({ kind: 'manifestInvalid', file: shelf.path('T00001') })
    expect(failure.reason).toBe(`medium T00001, byte ${at}: a record's length is 99 before it and 100 after it`)
  })
})
