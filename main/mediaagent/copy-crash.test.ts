import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { backupToLibrary } from './backup'
import { copyJob } from './copy-job'
import { jobFolderPath, manifestName } from './job-folder'
import { verifyJobFolder } from './job-reader'
import { backedUpJob, chunkStamps, waitForChunks } from './testing/jobs'

let temp: string
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'engine-crash-'))
})
afterEach(async () => {
  await rm(temp, { recursive: true, force: true })
})

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const childScript = fileURLToPath(new URL('./testing/copy-job-child.ts', import.meta.url))

it('a copy whose process is SIGKILLed mid-way resumes from its durable chunks and never had a manifest early', async () => {
  const lib1 = join(temp, 'lib1')
  const lib2 = join(temp, 'lib2')
  await mkdir(lib1)
  await mkdir(lib2)
  const source = await backedUpJob(temp, lib1, 1, 32 * 1024 * 1024, 128 * 1024)
  const target = jobFolderPath(lib2, 1, 2, 1)

  const child = spawn(process.execPath, ['--import', 'tsx', childScript, source.dir, target], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (data: Buffer) => (output += data.toString()))
  child.stderr.on('data', (data: Buffer) => (output += data.toString()))
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
  await waitForChunks(target, 20)
  child.kill('SIGKILL')
  expect(await exited).toBe('SIGKILL')
  expect(output).not.toContain('done')

  const names = await readdir(target)
  expect(names).not.toContain(manifestName)
  const kept = await chunkStamps(target)
  expect(kept.size).toBeGreaterThanOrEqual(20)
  expect(kept.size).toBeLessThan(source.manifest.chunks.length)
  // Every final-named chunk is whole: renamed only after fsync.
  for (const name of kept.keys()) {
    const number = Number(name.slice(1, 7))
    const sha = createHash('sha256').update(await readFile(join(target, name))).digest('hex')
    expect(sha).toBe(source.manifest.chunks[number - 1]!.sha256)
  }

  const result = await copyJob({ source: source.dir, targetDir: target })
  expect(result.chunksReused).toBe(kept.size)
  const after = await chunkStamps(target)
  for (const [name, stamp] of kept) expect(after.get(name)).toBe(stamp)
  expect((await readdir(target)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  expect(await verifyJobFolder(target)).toMatchObject({ ok: true })
})

it('a crash while the manifest is written leaves a job that reads as incomplete, and the next run completes it', async () => {
  const lib1 = join(temp, 'lib1')
  const lib2 = join(temp, 'lib2')
  await mkdir(lib1)
  await mkdir(lib2)
  const source = await backedUpJob(temp, lib1, 1, 2 * 1024 * 1024, 128 * 1024)
  const target = jobFolderPath(lib2, 1, 2, 1)
  await copyJob({ source: source.dir, targetDir: target })
  // The state a crash in the middle of the manifest's write leaves: every chunk, and half a temp manifest.
  const manifest = await readFile(join(target, manifestName))
  await rm(join(target, manifestName))
  await writeFile(join(target, `${manifestName}.tmp`), manifest.subarray(0, manifest.length >> 1))
  const stamps = await chunkStamps(target)
  expect(await verifyJobFolder(target)).toMatchObject({ ok: false, failure: { kind: 'sourceMissing', reason: expect.stringContaining('no manifest') } })

  const resumed = await copyJob({ source: source.dir, targetDir: target })
  expect(resumed).toMatchObject({ alreadyDurable: false, chunksWritten: 0, chunksReused: source.manifest.chunks.length })
  expect(await readdir(target)).not.toContain(`${manifestName}.tmp`)
  expect(await chunkStamps(target)).toEqual(stamps)
  expect(await readFile(join(target, manifestName))).toEqual(manifest)
  expect(await verifyJobFolder(target)).toMatchObject({ ok: true })

  // A backup whose manifest write was cut starts again into the same folder, and completes.
  const backupDir = jobFolderPath(lib1, 1, 1, 9)
  await backupToLibrary({ jobId: 9, backupType: 'Full', contents: [source.src], jobDir: backupDir, chunkSize: 128 * 1024 })
  const written = await readFile(join(backupDir, manifestName))
  await rm(join(backupDir, manifestName))
  await writeFile(join(backupDir, `${manifestName}.tmp`), written.subarray(0, 100))
  await backupToLibrary({ jobId: 9, backupType: 'Full', contents: [source.src], jobDir: backupDir, chunkSize: 128 * 1024 })
  expect(await readdir(backupDir)).not.toContain(`${manifestName}.tmp`)
  expect(await verifyJobFolder(backupDir)).toMatchObject({ ok: true })
})
