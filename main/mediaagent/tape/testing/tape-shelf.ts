/**
 * Test fixtures for the tape layer: a shelf of media files in a temp folder with the catalog's part played by a
 * map (each medium's recorded end of data), a real disk job to copy, and an independent SIMH parser.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { backupToLibrary } from '../../backup'
import type { CopyThreads } from '../../copy-threads'
import { jobFolderPath } from '../../job-folder'
import { type JobReader, openJobFolder } from '../../job-reader'
import type { TapeSegment } from '../segment'
import { type MediumSpec, TapeMedium, mediumFile } from '../tape-image'
import { type TapeWriteResult, TapeWriter, type TapeWriterOptions } from '../tape-writer'

/** Media in a folder, with the end of data the CommServe would have recorded for each. */
export class TapeShelf {
  /** The catalog: each medium's recorded end of data (absent: a new medium). */
  readonly endOfData = new Map<string, number>()

  constructor(
    readonly folder: string,
    readonly capacity: number,
    readonly threads: CopyThreads,
  ) {}

  spec(barcode: string): MediumSpec {
    return { path: mediumFile(this.folder, barcode), barcode, capacity: this.capacity, endOfData: this.endOfData.get(barcode) ?? 0 }
  }

  path(barcode: string): string {
    return mediumFile(this.folder, barcode)
  }

  /** Mounts a medium to write, as a drive would. */
  mount(barcode: string): Promise<TapeMedium> {
    return TapeMedium.mountForWriting(this.spec(barcode), this.threads)
  }

  /** Mounts a medium to read. */
  readonly read = (barcode: string): Promise<TapeMedium> => TapeMedium.mountForReading(this.spec(barcode))

  /** A scratch pool holding `barcodes`: each call mounts the next one, then none. */
  scratch(barcodes: readonly string[]): () => Promise<TapeMedium | null> {
    const spare = [...barcodes]
    return async () => {
      const next = spare.shift()
      return next === undefined ? null : this.mount(next)
    }
  }

  /** What the CommServe does when a segment closes: records its medium's new end of data. */
  readonly record = (segment: TapeSegment): void => {
    this.endOfData.set(segment.barcode, segment.endOfData)
  }
}

/** A deterministic pseudo-random buffer (xorshift32 from `seed`). */
export function patterned(size: number, seed: number): Buffer {
  const bytes = Buffer.allocUnsafe(size)
  let state = seed >>> 0 || 1
  for (let at = 0; at < size; at++) {
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    bytes[at] = state & 0xff
  }
  return bytes
}

/** Writes a few files of known content (about 3.3 MiB, odd sizes among them) under `root`. */
export async function writeContent(root: string): Promise<void> {
  await mkdir(join(root, 'docs', 'deep'), { recursive: true })
  const files: [string, number][] = [
    ['docs/report.bin', 1536 * 1024 + 7],
    ['docs/deep/ledger.bin', 700 * 1024 + 1],
    ['big.bin', 1024 * 1024 + 3],
    ['small.txt', 10 * 1024],
    ['empty.txt', 0],
  ]
  for (const [index, [name, size]] of files.entries()) await writeFile(join(root, name), patterned(size, index + 11))
}

/** A real disk job (backed up with the disk store's backup) of `content`, opened with the disk reader. */
export async function diskJob(library: string, content: string, jobId: number, chunkSize = 512 * 1024): Promise<JobReader> {
  const jobDir = jobFolderPath(library, 1, 1, jobId)
  await backupToLibrary({ jobId, backupType: 'Full', contents: [content], jobDir, chunkSize, mountPath: library })
  return openJobFolder(jobDir)
}

/** A job's whole stream: its chunks back to back, read through the stream reader. */
export async function streamOf(job: JobReader, threads: CopyThreads): Promise<Buffer> {
  const pieces: Buffer[] = []
  await job.read({ threads, onPiece: (piece) => void pieces.push(Buffer.from(piece)) })
  return Buffer.concat(pieces)
}

/** Copies a job's stream (from byte `from`) to tape through a writer, as an aux copy to tape would. */
export async function copyToTape(stream: Buffer, options: TapeWriterOptions, from = 0, pieceSize = 100_003): Promise<TapeWriteResult> {
  const writer = await TapeWriter.start(options)
  for (let at = from; at < stream.length; at += pieceSize) await writer.write(stream.subarray(at, Math.min(stream.length, at + pieceSize)))
  return writer.finish()
}

/** One item of a SIMH tape image, parsed independently of the code under test. */
export type SimhItem =
  | { readonly kind: 'record'; readonly position: number; readonly length: number; readonly bytes: Buffer }
  | { readonly kind: 'mark'; readonly position: number }

/** Parses a whole SIMH image file: every record and tape mark, checking length words and pad bytes. */
export async function parseSimh(path: string): Promise<SimhItem[]> {
  const image = await readFile(path)
  const items: SimhItem[] = []
  let at = 0
  while (at < image.length) {
    const length = image.readUInt32LE(at)
    if (length === 0xffffffff) break
    if (length === 0) {
      items.push({ kind: 'mark', position: at })
      at += 4
      continue
    }
    const pad = length % 2
    if (pad === 1 && image[at + 4 + length] !== 0) throw new Error(`pad byte at ${at + 4 + length} is not 0`)
    const after = image.readUInt32LE(at + 4 + length + pad)
    if (after !== length) throw new Error(`record at ${at}: ${length} before, ${after} after`)
    items.push({ kind: 'record', position: at, length, bytes: image.subarray(at + 4, at + 4 + length) })
    at += 8 + length + pad
  }
  if (at !== image.length) throw new Error(`image ends at ${image.length}, parse ended at ${at}`)
  return items
}

/** The JSON a record holds. */
export function json(item: SimhItem | undefined): unknown {
  if (item?.kind !== 'record') throw new Error('not a record')
  return JSON.parse(item.bytes.toString())
}
