import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import type { JobDetails, RestoreFormData } from '../../app/model/jobs'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) {
    chmodSync(join(dir, 'content', 'locked'), 0o755)
    rmSync(dir, { recursive: true, force: true })
  }
})

const repoRoot = join(import.meta.dirname, '..', '..')
const child = join(repoRoot, 'main', 'testing', 'backup-child.ts')
/** Root reads every file: as root the console runs as `nobody`, as anyone else as itself. */
const asRoot = process.getuid?.() === 0

it('a backup of a folder holding an unreadable file and folder ends Completed w/ one or more errors naming each', () => {
  const temp = mkdtempSync(join(tmpdir(), 'commcell-skipped-'))
  dirs.push(temp)
  chmodSync(temp, 0o777)
  const content = join(temp, 'content')
  mkdirSync(join(content, 'locked'), { recursive: true })
  writeFileSync(join(content, 'readable.txt'), 'kept')
  writeFileSync(join(content, 'secret.txt'), 'no one may read this')
  writeFileSync(join(content, 'locked', 'inside.txt'), 'hidden')
  chmodSync(join(content, 'secret.txt'), 0o000)
  chmodSync(join(content, 'locked'), 0o000)
  const dataDir = join(temp, 'data')
  const result = spawnSync(process.execPath, ['--import', 'tsx', child, dataDir, content], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    ...(asRoot ? { uid: 65534, gid: 65534, env: { ...process.env, HOME: temp } } : {}),
  })
  expect(result.status, result.stderr).toBe(0)
  const { details, restorable } = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as { details: JobDetails; restorable: RestoreFormData }
  expect(details.job).toMatchObject({ operation: 'Backup', status: 'Completed w/ one or more errors' })
  expect(details.errors).toEqual([
    { backupJobId: details.job.jobId, file: join(content, 'locked'), reason: 'skipped: permission denied (EACCES)' },
    { backupJobId: details.job.jobId, file: join(content, 'secret.txt'), reason: 'skipped: permission denied (EACCES)' },
  ])
  // What could be read is backed up and restorable.
  expect(restorable.jobs.find((job) => job.backupJobId === details.job.jobId)).toMatchObject({ bytes: 'kept'.length, copies: [{ name: 'Primary' }] })
})
