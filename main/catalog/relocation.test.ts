import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createBackend, type Backend } from '../backend'
import { callerOf, tempBackend } from '../testing/temp-backend'
import { checksums, waitForJob } from '../testing/job-waits'
import { relocatedPath } from './relocation'

describe('relocatedPath', () => {
  it('moves paths under the old folder (and the folder itself), and leaves the others', () => {
    expect(relocatedPath('/srv/a/libraries/DiskLib01/MountPath01', '/srv/a', '/data/b')).toBe('/data/b/libraries/DiskLib01/MountPath01')
    expect(relocatedPath('/srv/a', '/srv/a', '/data/b')).toBe('/data/b')
    expect(relocatedPath('/srv/ab/libraries', '/srv/a', '/data/b')).toBeUndefined()
    expect(relocatedPath('/mnt/tape', '/srv/a', '/data/b')).toBeUndefined()
    expect(relocatedPath('/srv/a/..shadow', '/srv/a', '/data/b')).toBe('/data/b/..shadow')
  })
})

describe('a data folder copied elsewhere', () => {
  const folders: string[] = []
  let moved: Backend | undefined
  afterEach(async () => {
    await moved?.close()
    moved = undefined
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
  })

  it('opens with its mount paths, content and DDBs under the new folder, says so, and backs up there, never into the original', async () => {
    const original = tempBackend('demo')
    await original.ready
    folders.push(original.dataDir)
    const outside = mkdtempSync(join(tmpdir(), 'commcell-outside-'))
    folders.push(outside)
    // A mount path outside the data folder (another disk), which must stay where it is.
    original.catalog.resources.addMountPath({ libraryId: 1, mediaAgentId: 1, path: join(outside, 'MountPath02') })
    await original.close()
    const before = checksums(join(original.dataDir, 'libraries'))

    const copy = mkdtempSync(join(tmpdir(), 'commcell-copy-'))
    folders.push(copy)
    cpSync(original.dataDir, copy, { recursive: true })
    moved = createBackend({ dataDir: copy, profile: 'demo', host: 'browser', hostName: 'commserve01', demoData: false })
    await moved.ready
    const call = callerOf(() => moved!)

    const mountPaths = moved.catalog.resources.mountPaths().map((mountPath) => mountPath.path)
    const inside = mountPaths.filter((path) => path.startsWith(copy))
    expect(inside.length).toBeGreaterThan(1)
    expect(mountPaths.filter((path) => path.startsWith(original.dataDir))).toEqual([])
    expect(mountPaths).toContain(join(outside, 'MountPath02'))
    const { events } = await call('events:list', { limit: 50, beforeId: null })
    expect(events.map((event) => event.description)).toContainEqual(
      expect.stringMatching(new RegExp(`^The data folder moved from ${original.dataDir} to ${copy}: ${inside.length} mount path\\(s\\), [1-9]\\d* subclient content folder\\(s\\)`)),
    )

    const content = join(copy, 'content', 'finance')
    mkdirSync(content, { recursive: true })
    writeFileSync(join(content, 'ledger.txt'), 'moved with its folder')
    await call('subclients:update', { subclientId: 2, content: [content] })
    const backup = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await waitForJob(moved, backup.jobId)).status).toBe('Completed')
    expect(Object.keys(checksums(join(copy, 'libraries'))).some((file) => file.includes(`J${backup.jobId}`))).toBe(true)
    expect(checksums(join(original.dataDir, 'libraries'))).toEqual(before)
  })
})
