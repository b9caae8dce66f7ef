import { type FileHandle, mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import { relative, sep } from 'node:path'
import { errnoOf, ignore } from './media-error'

/** Flushes a folder's entries (renames, creations) to disk; a no-op where folders cannot be opened (Windows). */
export async function fsyncDir(path: string): Promise<void> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if (process.platform === 'win32') return
    throw error
  }
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Writes all of `length` bytes of `buffer` at `position`, looping over short writes. */
export async function writeAll(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0
  while (done < length) {
    const { bytesWritten } = await handle.write(buffer, done, length - done, position + done)
    done += bytesWritten
  }
}

/** Writes a file atomically and durably: temp file, fsync, rename, fsync of the folder. */
export async function writeFileDurably(path: string, data: Buffer, folder: string): Promise<void> {
  const temp = `${path}.tmp`
  const handle = await open(temp, 'w')
  try {
    await writeAll(handle, data, data.length, 0)
    await handle.sync()
  } catch (error) {
    await handle.close().catch(ignore)
    await unlink(temp).catch(ignore)
    throw error
  }
  await handle.close()
  await rename(temp, path)
  await fsyncDir(folder)
}

/** Calls `emit` at most once per `intervalMs`; `flush` emits now regardless. */
export function throttle(intervalMs: number, emit: () => void): { tick(): void; flush(): void } {
  let last = 0
  return {
    tick() {
      const now = performance.now()
      if (now - last >= intervalMs) {
        last = now
        emit()
      }
    },
    flush() {
      last = performance.now()
      emit()
    },
  }
}

/**
 * Creates `path` and any missing folders between it and `root` (which must exist: a missing mount path is an
 * unmounted disk, not a folder to create), fsyncing each new folder's parent so the new entry itself is durable:
 * a job folder whose parents' entries were never flushed could vanish in a power cut with its manifest inside.
 */
export async function mkdirDurable(path: string, root: string): Promise<void> {
  const rootStats = await stat(root)
  if (!rootStats.isDirectory()) throw Object.assign(new Error(`${root} is not a folder`), { code: 'ENOTDIR' })
  const rest = relative(root, path)
  if (rest === '') return
  if (rest.startsWith('..')) throw new Error(`${path} is not below ${root}`)
  let current = root
  for (const segment of rest.split(sep)) {
    const parent = current
    current = `${current}${current.endsWith(sep) ? '' : sep}${segment}`
    try {
      await mkdir(current)
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') continue
      throw error
    }
    await fsyncDir(parent)
  }
}
