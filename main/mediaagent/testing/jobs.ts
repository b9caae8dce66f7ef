import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { backupToLibrary } from '../backup'
import { type JobManifest, jobFolderPath } from '../job-folder'
import { generateDataset } from './dataset'

/** Generates `bytes` of data under `<temp>/src<jobId>` and backs it up as a Full into `<library>`; returns the job folder. */
export async function backedUpJob(temp: string, library: string, jobId: number, bytes: number, chunkSize: number): Promise<{ readonly dir: string; readonly manifest: JobManifest; readonly src: string }> {
  const src = join(temp, `src${jobId}`)
  await generateDataset(src, bytes, Math.max(chunkSize * 3, 64 * 1024))
  const dir = jobFolderPath(library, 1, 1, jobId)
  const { manifest } = await backupToLibrary({ jobId, backupType: 'Full', contents: [src], jobDir: dir, chunkSize })
  return { dir, manifest, src }
}

/** The final-named chunk files in a folder with their inode and mtime (to prove they were not rewritten). */
export async function chunkStamps(dir: string): Promise<Map<string, string>> {
  const stamps = new Map<string, string>()
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names.filter((n) => n.endsWith('.chk')).sort()) {
    const stats = await stat(join(dir, name)).catch(() => null)
    if (stats) stamps.set(name, `${stats.ino}:${stats.mtimeMs}`)
  }
  return stamps
}

/** Polls until `dir` holds at least `count` final chunk files (or the timeout passes). */
export async function waitForChunks(dir: string, count: number, timeoutMs = 20_000): Promise<number> {
  const started = Date.now()
  for (;;) {
    const names = await readdir(dir).catch(() => [] as string[])
    const chunks = names.filter((name) => name.endsWith('.chk')).length
    if (chunks >= count || Date.now() - started > timeoutMs) return chunks
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}
