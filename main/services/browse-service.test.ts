import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { BrowseResult } from '../../app/model/browse'
import { callerOf, tempBackend } from '../testing/temp-backend'
import { hasEnded, waitForJob } from '../testing/job-waits'
import { chunkFileName, jobFolderPath } from '../mediaagent/job-folder'
import { indexRows } from './browse-service'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})
const call = callerOf(() => backend!)

/** A stored path as the backup keeps it (the absolute path without its root). */
const stored = (path: string) => path.split('/').filter(Boolean).join('/')
const names = (result: BrowseResult) => result.entries.map((entry) => `${entry.kind === 'folder' ? 'd' : entry.kind === 'link' ? 'l' : 'f'} ${entry.name}`)

/**
 * A test-clock demo backend whose finance subclient (id 2) backs up a new folder holding `files` (relative path →
 * text); returns the folder.
 */
async function financeFolder(files: Record<string, string>): Promise<string> {
  backend = tempBackend('demo', { demoData: true, testClock: true })
  await backend.ready
  const folder = join(backend.dataDir, 'content', 'finance')
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true })
    writeFileSync(join(folder, name), text)
  }
  await call('subclients:update', { subclientId: 2, content: [folder] })
  return folder
}

/** Runs a backup of the demo's finance subclient (id 2) and waits for it to complete; returns its job id. */
async function backup(backupType: 'Full' | 'Incremental' | 'Differential'): Promise<number> {
  const { jobId } = await call('backup:run', { subclientId: 2, backupType })
  expect((await waitForJob(backend!, jobId)).status).toBe('Completed')
  return jobId
}

describe('Browse and Restore', () => {
  it('browses the content as each backup saw it and restores one file out of place with its bytes, mode and time of then', async () => {
    const folder = await financeFolder({ 'ledger.txt': 'ledger as of Monday', 'old.txt': 'deleted on Tuesday', 'reports/q1.csv': 'q1' })
    chmodSync(join(folder, 'ledger.txt'), 0o640)
    utimesSync(join(folder, 'ledger.txt'), new Date('2026-01-05T10:00:00Z'), new Date('2026-01-05T10:00:00Z'))
    const monday = await backup('Full')
    const { now: mondayTime } = await call('commcell:info', {})

    await call('test:advanceClock', { minutes: 20 })
    writeFileSync(join(folder, 'ledger.txt'), 'ledger as of Tuesday, longer')
    rmSync(join(folder, 'old.txt'))
    writeFileSync(join(folder, 'reports', 'q2.csv'), 'q2')
    const tuesday = await backup('Incremental')

    // Latest Data: Tuesday's view (the deleted file gone, the new one there, the changed one at its new size).
    const latest = await call('restore:browse', { subclientId: 2, at: null, copyId: null, folder: stored(folder) })
    expect(latest).toMatchObject({ backupJobId: tuesday, backupType: 'Incremental', copyName: null })
    expect(names(latest)).toEqual(['d reports', 'f ledger.txt'])
    expect(latest.entries.find((entry) => entry.name === 'ledger.txt')!.size).toBe('ledger as of Tuesday, longer'.length)
    const reports = await call('restore:browse', { subclientId: 2, at: null, copyId: null, folder: stored(join(folder, 'reports')) })
    // q1.csv was unchanged on Tuesday: its row is Monday's version.
    expect(reports.entries.map((entry) => [entry.name, entry.size])).toEqual([['q1.csv', 2], ['q2.csv', 2]])

    // A Browse Date between the two backups: Monday's view, the deleted file there and the ledger of then.
    const between = await call('restore:browse', { subclientId: 2, at: mondayTime + 10 * 60_000, copyId: null, folder: stored(folder) })
    expect(between.backupJobId).toBe(monday)
    expect(names(between)).toEqual(['d reports', 'f ledger.txt', 'f old.txt'])
    const ledger = between.entries.find((entry) => entry.name === 'ledger.txt')!
    expect(ledger).toMatchObject({ size: 'ledger as of Monday'.length, mtimeMs: Date.parse('2026-01-05T10:00:00Z') })
    // The root lists the way down to the content folder.
    expect(names(await call('restore:browse', { subclientId: 2, at: null, copyId: null, folder: '' }))).toEqual([`d ${stored(folder).split('/')[0]}`])

    // Restore Monday's ledger out of place: its bytes, mode and modified time of then, nothing else.
    const destination = join(backend!.dataDir, 'restored')
    const { jobId } = await call('restore:run', { backupJobId: monday, copyId: null, destination, paths: [ledger.path], overwrite: 'never' })
    expect((await waitForJob(backend!, jobId)).status).toBe('Completed')
    const restored = join(destination, ...ledger.path.split('/'))
    expect(readFileSync(restored, 'utf8')).toBe('ledger as of Monday')
    expect(statSync(restored).mode & 0o777).toBe(0o640)
    expect(statSync(restored).mtimeMs).toBe(Date.parse('2026-01-05T10:00:00Z'))
    expect(() => statSync(join(destination, ...stored(folder).split('/'), 'old.txt'))).toThrow()

    // A Browse Date before any backup of the subclient finds nothing to restore, naming the field.
    const before = await call('restore:browse', { subclientId: 2, at: Date.UTC(1999, 0, 1), copyId: null, folder: '' }).catch((error: unknown) => error)
    expect(before).toMatchObject({ code: 'invalid_input', field: 'at' })
  })

  it('restores in place with each overwrite option: never and only-if-newer keep a newer file, unconditionally replaces it', async () => {
    const folder = await financeFolder({ 'a.txt': 'backed up a', 'b.txt': 'backed up b' })
    const full = await backup('Full')
    // After the backup: a.txt changes (newer on disk than in the backup), b.txt is deleted.
    writeFileSync(join(folder, 'a.txt'), 'newer on disk')
    utimesSync(join(folder, 'a.txt'), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000))
    rmSync(join(folder, 'b.txt'))
    const paths = [stored(join(folder, 'a.txt')), stored(join(folder, 'b.txt'))]

    for (const overwrite of ['never', 'ifNewer'] as const) {
      rmSync(join(folder, 'b.txt'), { force: true })
      const { jobId } = await call('restore:run', { backupJobId: full, copyId: null, destination: null, paths, overwrite })
      const row = await waitForJob(backend!, jobId, hasEnded)
      expect(row.status).toBe('Completed')
      expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('newer on disk')
      expect(readFileSync(join(folder, 'b.txt'), 'utf8')).toBe('backed up b')
      const details = await call('jobs:details', { jobId })
      expect(details.job.reason).toContain('1 file was already there and kept as they were')
      expect(details.job.reason).toContain(join(folder, 'a.txt'))
    }
    const { jobId } = await call('restore:run', { backupJobId: full, copyId: null, destination: null, paths, overwrite: 'always' })
    expect((await waitForJob(backend!, jobId)).status).toBe('Completed')
    expect(readFileSync(join(folder, 'a.txt'), 'utf8')).toBe('backed up a')
  })

  it('a restore whose chunk is gone ends Completed w/ one or more errors naming each file it could not bring back', async () => {
    const folder = await financeFolder({ 'a.txt': 'first file', 'b.txt': 'second file' })
    const full = await backup('Full')
    const mountPath = backend!.catalog.resources.mountPaths().find((each) => each.id === backend!.catalog.jobs.location(full, 2)!.mountPathId)!.path
    rmSync(join(jobFolderPath(mountPath, 2, 2, full), chunkFileName(1)))

    const destination = join(backend!.dataDir, 'restored')
    const { jobId } = await call('restore:run', { backupJobId: full, copyId: null, destination })
    expect((await waitForJob(backend!, jobId)).status).toBe('Completed w/ one or more errors')
    const details = await call('jobs:details', { jobId })
    expect(details.errors.map((error) => error.file).sort()).toEqual([join(destination, stored(folder), 'a.txt'), join(destination, stored(folder), 'b.txt')].sort())
    expect(details.errors.every((error) => error.reason.startsWith('not restored: chunk 1 holding it: its data is missing'))).toBe(true)
    // Every item of the job reaches a final status.
    expect(details.items.map((item) => item.status)).toEqual(['Restored (some files failed, see Errors)'])
  })

  it('refuses a selection that is not a stored path, naming the field, and changes nothing', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const before = backend.catalog.fingerprint()
    for (const paths of [['/etc/passwd'], ['a/../b'], []]) {
      const error = await call('restore:run', { backupJobId: 2, copyId: null, destination: '/tmp/x', paths }).catch((caught: unknown) => caught)
      expect(error).toMatchObject({ code: 'invalid_input', field: expect.stringMatching(/^paths/) })
    }
    expect(backend.catalog.fingerprint()).toBe(before)
  })
})

describe('indexRows', () => {
  it('lists the folders above the content folders the backup walked, without a time', () => {
    const rows = indexRows({ files: [{ path: 'srv/data/a.txt', size: 3, mtimeMs: 5 }], symlinks: [], directories: [{ path: 'srv/data', mtimeMs: 7 }] }, ['srv/data/x/old.txt'])
    expect([...rows.values()]).toEqual([
      { folder: 'srv', name: 'data', kind: 'folder', size: 0, mtimeMs: 7 },
      { folder: 'srv/data', name: 'a.txt', kind: 'file', size: 3, mtimeMs: 5 },
      { folder: '', name: 'srv', kind: 'folder', size: 0, mtimeMs: null },
      { folder: 'srv/data', name: 'x', kind: 'folder', size: 0, mtimeMs: null },
    ])
  })
})
