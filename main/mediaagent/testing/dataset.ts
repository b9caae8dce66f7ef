import { createHash, randomFillSync } from 'node:crypto'
import { lstat, mkdir, open, readdir, readFile, readlink } from 'node:fs/promises'
import { join, relative } from 'node:path'

/** A generated dataset: its files and total size. */
export interface Dataset {
  readonly root: string
  readonly files: number
  readonly bytes: number
}

/**
 * Writes about `totalBytes` of random (incompressible, non-repeating) data under `root` in mixed file sizes: a tenth
 * in small files (1-64 KiB), three tenths in medium ones (256 KiB-4 MiB), the rest in large ones (up to `largest`).
 */
export async function generateDataset(root: string, totalBytes: number, largest = 128 * 1024 * 1024): Promise<Dataset> {
  const block = Buffer.allocUnsafe(8 * 1024 * 1024)
  let files = 0
  let bytes = 0
  const classes = [
    { share: 0.1, min: 1024, max: 64 * 1024, folder: 'small' },
    { share: 0.3, min: 256 * 1024, max: 4 * 1024 * 1024, folder: 'medium' },
    { share: 0.6, min: Math.min(largest, 8 * 1024 * 1024), max: largest, folder: 'large' },
  ]
  for (const { share, min, max, folder } of classes) {
    let left = Math.floor(totalBytes * share)
    let index = 0
    while (left > 0) {
      const size = Math.min(left, min + Math.floor(Math.random() * (max - min)))
      const dir = join(root, folder, `d${Math.floor(index / 100)}`)
      await mkdir(dir, { recursive: true })
      await writeRandomFile(join(dir, `f${index}.bin`), size, block)
      left -= size
      bytes += size
      files += 1
      index += 1
    }
  }
  return { root, files, bytes }
}

async function writeRandomFile(path: string, size: number, block: Buffer): Promise<void> {
  const handle = await open(path, 'w')
  try {
    for (let done = 0; done < size; ) {
      const length = Math.min(block.length, size - done)
      randomFillSync(block, 0, length)
      await handle.write(block, 0, length, done)
      done += length
    }
  } finally {
    await handle.close()
  }
}

/**
 * A file tree as comparable data: relative path to content hash, mode and mtime to the nearest second (or a
 * symlink's target). A restored mtime goes through seconds as a double (about 0.24 us apart at today's times), so it
 * can land a fraction of a microsecond from the original: to the nearest millisecond, an original that close to a
 * half millisecond rounded the other way once in a few thousand files (a CI failure); to the nearest second, once in
 * a few million. Still a check that the time came back, not the time of the restore.
 */
export async function snapshotTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const visit = async (dir: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const path = join(dir, name)
      const stats = await lstat(path)
      const key = relative(root, path)
      if (stats.isSymbolicLink()) out[key] = `link -> ${await readlink(path)}`
      else if (stats.isDirectory()) {
        out[key] = `dir ${(stats.mode & 0o7777).toString(8)}`
        await visit(path)
      } else {
        const sha = createHash('sha256').update(await readFile(path)).digest('hex')
        out[key] = `file ${sha} ${(stats.mode & 0o7777).toString(8)} ${Math.round(stats.mtimeMs / 1000)}`
      }
    }
  }
  await visit(root)
  return out
}
