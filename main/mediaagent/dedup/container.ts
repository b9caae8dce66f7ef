/**
 * Containers of a deduplicated store: unique blocks back to back in one file, sealed at about 32 MiB, each ending
 * with the list of what it holds, so the index can be rebuilt from the containers alone:
 *
 *   [block][block]...[entry × N][footer]
 *   entry:  SHA-256 (32 bytes) · offset (u64 LE) · length (u32 LE)
 *   footer: magic "CVDDCTR1" · N (u32 LE) · trailer offset (u64 LE) · SHA-256 of the entries (32 bytes)
 *
 * A container is written to `<name>.tmp`, fsynced, renamed and its folder fsynced (`seal`): a sealed container is
 * whole; a `.tmp` one is a run that stopped and is removed.
 */
import { createHash } from 'node:crypto'
import { type FileHandle, open, rename, unlink } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { CopyThreads } from '../copy-threads'
import { fsyncDir, writeAll } from '../durable-fs'
import { MediaError, ignore, sourceError, targetError } from '../media-error'

/**
 * The size past which a container is sealed: 32 MiB. Crash tests lower it (read once, here) through
 * COMMCELL_TEST_CONTAINER_BYTES so that a few MiB of data fill several containers; unset, as in any normal start,
 * it has no effect.
 */
export const containerTargetBytes = testContainerBytes() ?? 32 * 1024 * 1024

function testContainerBytes(): number | null {
  const value = process.env['COMMCELL_TEST_CONTAINER_BYTES']
  if (value === undefined || value === '') return null
  const bytes = Number(value)
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new Error(`COMMCELL_TEST_CONTAINER_BYTES must be a positive whole number of bytes, not ${value}`)
  return bytes
}
const magic = Buffer.from('CVDDCTR1')
const entryBytes = 32 + 8 + 4
const footerBytes = magic.length + 4 + 8 + 32

/** One block a container holds. */
export interface ContainerEntry {
  readonly hash: Buffer
  readonly offset: number
  readonly length: number
}

/** The file name of container `id` (`K00000001.ctr`). */
export function containerName(id: number): string {
  return `K${String(id).padStart(8, '0')}.ctr`
}

/** The id of a container file name, or null for any other name. */
export function containerIdOf(name: string): number | null {
  const match = /^K(\d{8})\.ctr$/.exec(name)
  return match ? Number(match[1]) : null
}

/** The list a container ends with. */
function trailer(entries: readonly ContainerEntry[], trailerOffset: number): Buffer {
  const list = Buffer.allocUnsafe(entries.length * entryBytes)
  entries.forEach((entry, index) => {
    const at = index * entryBytes
    entry.hash.copy(list, at)
    list.writeBigUInt64LE(BigInt(entry.offset), at + 32)
    list.writeUInt32LE(entry.length, at + 40)
  })
  const footer = Buffer.allocUnsafe(footerBytes)
  magic.copy(footer, 0)
  footer.writeUInt32LE(entries.length, 8)
  footer.writeBigUInt64LE(BigInt(trailerOffset), 12)
  createHash('sha256').update(list).digest().copy(footer, 20)
  return Buffer.concat([list, footer])
}

/** Reads what a sealed container holds from its own list; throws `MediaError` when the list is damaged. */
export async function readContainerEntries(path: string): Promise<ContainerEntry[]> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    throw sourceError(error, path, 'container missing')
  }
  const invalid = (reason: string) => new MediaError({ kind: 'manifestInvalid', file: path, reason })
  try {
    const { size } = await handle.stat()
    if (size < footerBytes) throw invalid('too short to be a sealed container')
    const footer = Buffer.allocUnsafe(footerBytes)
    await handle.read(footer, 0, footerBytes, size - footerBytes)
    if (!footer.subarray(0, magic.length).equals(magic)) throw invalid('no container footer')
    const count = footer.readUInt32LE(8)
    const trailerOffset = Number(footer.readBigUInt64LE(12))
    if (trailerOffset + count * entryBytes + footerBytes !== size) throw invalid('the footer does not fit the file')
    const list = Buffer.allocUnsafe(count * entryBytes)
    await handle.read(list, 0, list.length, trailerOffset)
    if (!createHash('sha256').update(list).digest().equals(footer.subarray(20))) throw invalid('its list of blocks does not match its checksum')
    const entries: ContainerEntry[] = []
    for (let index = 0; index < count; index++) {
      const at = index * entryBytes
      const offset = Number(list.readBigUInt64LE(at + 32))
      const length = list.readUInt32LE(at + 40)
      if (offset + length > trailerOffset) throw invalid(`block ${index} lies outside the data`)
      entries.push({ hash: Buffer.from(list.subarray(at, at + 32)), offset, length })
    }
    return entries
  } finally {
    await handle.close().catch(ignore)
  }
}

/**
 * A container being filled: blocks are appended to `<name>.tmp` in order; `seal` ends it with its list, makes it
 * durable and gives it its name. `abandon` removes what a stopped run left.
 */
export class ContainerWriter {
  private handle: FileHandle | null = null
  private readonly entries: ContainerEntry[] = []
  private size = 0

  constructor(
    readonly id: number,
    readonly path: string,
  ) {}

  /** Bytes of block data so far. */
  get bytes(): number {
    return this.size
  }

  /** Blocks so far. */
  get blocks(): readonly ContainerEntry[] {
    return this.entries
  }

  /** Appends blocks lying back to back in `data` (the hashes in order); resolves their offsets in the container. */
  async append(data: Buffer, blocks: readonly { readonly hash: Buffer; readonly length: number }[]): Promise<number[]> {
    const temp = `${this.path}.tmp`
    try {
      this.handle ??= await open(temp, 'w')
      await writeAll(this.handle, data, data.length, this.size)
    } catch (error) {
      throw targetError(error, temp)
    }
    const offsets: number[] = []
    let at = this.size
    for (const block of blocks) {
      this.entries.push({ hash: block.hash, offset: at, length: block.length })
      offsets.push(at)
      at += block.length
    }
    this.size = at
    return offsets
  }

  /** Ends the container with its list, fsyncs it, renames it to its name and fsyncs its folder. */
  async seal(threads: Pick<CopyThreads, 'fsync'>): Promise<void> {
    const temp = `${this.path}.tmp`
    try {
      this.handle ??= await open(temp, 'w')
      const end = trailer(this.entries, this.size)
      await writeAll(this.handle, end, end.length, this.size)
      await threads.fsync(this.handle)
      await this.handle.close()
      this.handle = null
      await rename(temp, this.path)
      await fsyncDir(dirname(this.path))
    } catch (error) {
      throw targetError(error, this.path)
    }
  }

  /** Removes the unsealed container (a run that failed or stopped). */
  async abandon(): Promise<void> {
    await this.handle?.close().catch(ignore)
    this.handle = null
    await unlink(`${this.path}.tmp`).catch(ignore)
  }
}

/** The folder of a deduplicated store's containers on a mount path. */
export function containersFolder(mountPath: string, ddbId: number): string {
  return join(mountPath, 'CV_DEDUP', `D${ddbId}`, 'containers')
}
