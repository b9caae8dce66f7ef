import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import type { CommandError } from '../../app/ipc/errors'
import { catalogFile } from '../backend'
import { dispatch } from '../ipc/dispatch'
import { backupToLibrary } from '../mediaagent/backup'
import { jobFolderPath } from '../mediaagent/job-folder'
import { tempBackend } from '../testing/temp-backend'

/**
 * The inputs that harmed data in the previous version, each refused with a clear error naming the field, with
 * nothing written: the catalog's rows, the libraries' files and the live catalog file are the same after.
 */
let backend: ReturnType<typeof tempBackend>
let mountPath01: string
beforeAll(async () => {
  backend = tempBackend('demo', { demoData: true, throttle: 2_000_000 })
  await backend.ready
  mountPath01 = join(backend.dataDir, 'libraries', 'DiskLib01', 'MountPath01')
}, 60_000)
afterAll(async () => {
  await backend.dispose()
})

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend.handlers, command, input)
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
  return result.value as CommandOutput<C>
}

/** Every file under the libraries with its size and modification time. */
function libraries(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else {
        const stats = statSync(path)
        out.push(`${path} ${stats.size} ${stats.mtimeMs}`)
      }
    }
  }
  walk(join(backend.dataDir, 'libraries'))
  return out.sort()
}

const catalogBytes = () => createHash('sha256').update(readFileSync(catalogFile(backend.dataDir))).digest('hex')

/** Sends a command that must be refused; checks nothing changed; returns the error. */
async function refused(command: CommandName, input: unknown): Promise<CommandError> {
  const rows = backend.catalog.fingerprint()
  const files = libraries()
  const result = await dispatch(backend.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted: ${JSON.stringify(result.value)}`)
  expect(result.error.message.length).toBeGreaterThan(10)
  expect(backend.catalog.fingerprint()).toBe(rows)
  expect(libraries()).toEqual(files)
  return result.error
}

const ended = (status: string) => !['Running', 'Pending', 'Waiting', 'Suspended'].includes(status)
async function finished(jobId: number) {
  for (;;) {
    const { job } = await call('jobs:details', { jobId })
    if (ended(job.status)) return job
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('restore destinations', () => {
  it('refuses to restore into / a backup that held the live catalog, which would replace it', async () => {
    // A backup made by an earlier version of a subclient whose content held the data folder (this version leaves
    // the data folder out of every backup): its files include the live catalog's path.
    const jobId = backend.catalog.transaction(() => {
      const job = backend.catalog.jobs.addBackupJob(
        { subclientId: 2, storagePolicyId: 2, backupType: 'Full', status: 'Completed', startTime: Date.now() - 1000, endTime: Date.now(), sizeBytes: 0, cycle: 9 },
        [],
      )
      return job.id
    })
    const { manifest } = await backupToLibrary({ jobId, backupType: 'Full', contents: [join(backend.dataDir, 'catalog')], jobDir: jobFolderPath(mountPath01, 2, 2, jobId) })
    backend.catalog.transaction(() => {
      backend.catalog.jobs.finishBackup(jobId, { status: 'Completed', sizeBytes: manifest.totals.bytes, endTime: Date.now() })
      backend.catalog.jobs.setOnCopy({ backupJobId: jobId, copyId: 2, status: 'Available', bytesCopied: manifest.totals.bytes, mountPathId: 1 })
    })
    const before = catalogBytes()
    const error = await refused('restore:run', { backupJobId: jobId, copyId: null, destination: '/' })
    expect(error).toMatchObject({ code: 'invalid_input', field: 'destination' })
    expect(error.message).toContain("would overwrite the console's own data")
    expect(error.message).toContain(join(backend.dataDir, 'catalog'))
    // In Place, every file overwritten where it was (the selected catalog file, Unconditionally): refused alike.
    const inPlace = await refused('restore:run', {
      backupJobId: jobId, copyId: null, destination: null, paths: [join(backend.dataDir, 'catalog').slice(1)], overwrite: 'always',
    })
    expect(inPlace).toMatchObject({ code: 'invalid_input', field: 'destination' })
    expect(inPlace.message).toContain("In Place: restoring here would overwrite the console's own data")
    expect(catalogBytes()).toBe(before)
  })

  it('refuses the data folder, its catalog folder, a mount path, and a link that leads into a mount path', async () => {
    const link = join(backend.dataDir, 'to-library')
    symlinkSync(mountPath01, link)
    for (const destination of [backend.dataDir, join(backend.dataDir, 'catalog'), join(mountPath01, 'restore'), join(link, 'restore'), `${link}/`]) {
      const error = await refused('restore:run', { backupJobId: 2, copyId: null, destination })
      expect(error, destination).toMatchObject({ code: 'invalid_input', field: 'destination' })
      expect(error.message, destination).toMatch(/^Destination folder /)
    }
    const error = await refused('restore:run', { backupJobId: 2, copyId: null, destination: join(link, 'restore') })
    expect(error.message).toContain(`leads to ${join(mountPath01, 'restore')}`)
  })

  it('refuses /proc, /sys and /dev at once, without touching them', async () => {
    for (const destination of ['/proc/self/restore', '/sys/fs/x', '/dev/shm/restore']) {
      const error = await refused('restore:run', { backupJobId: 2, copyId: null, destination })
      expect(error).toMatchObject({ field: 'destination', message: expect.stringContaining('pseudo file system') })
    }
  })
})

describe('subclient content and DDB paths', () => {
  it('refuses content in the data folder, its catalog or a library, and in a pseudo file system', async () => {
    for (const content of [backend.dataDir, join(backend.dataDir, 'catalog'), join(backend.dataDir, 'libraries'), mountPath01, '/proc', '/sys/kernel']) {
      const error = await refused('subclients:update', { subclientId: 2, content: [content] })
      expect(error, content).toMatchObject({ code: 'invalid_input', field: 'content.0', message: expect.stringMatching(/^Content cannot/) })
    }
    // A second folder at fault is named by its place in the list.
    const error = await refused('subclients:update', { subclientId: 2, content: ['/tmp', join(backend.dataDir, 'catalog', 'x')] })
    expect(error.field).toBe('content.1')
  })

  it('refuses a DDB path in the catalog folder, a mount path or /proc, and creates no folder', async () => {
    const form = await call('copies:form', { storagePolicyId: 2 })
    for (const path of [join(backend.dataDir, 'catalog', 'ddb'), join(mountPath01, 'DDB'), '/proc/1/ddb', join(backend.dataDir, 'libraries', 'DDB')]) {
      const error = await refused('copies:create', {
        storagePolicyId: 2, name: form.suggestedName, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
        dedup: { mediaAgentId: 1, path, blocks: 'fixed' }, sourceCopyId: 2, backupPeriod: { kind: 'allBackups' }, agingEnabled: true,
        retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
      })
      expect(error, path).toMatchObject({ code: 'invalid_input', field: 'dedup.path', message: expect.stringMatching(/^DDB path cannot/) })
    }
  })

  it('a DDB path freed by deleting its copy takes a new copy; a folder holding another DDB is refused, not taken over', async () => {
    const path = join(backend.dataDir, 'ddb', 'SP_Finance')
    const input = {
      storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
      dedup: { mediaAgentId: 1, path, blocks: 'fixed' as const }, sourceCopyId: 2, backupPeriod: { kind: 'allBackups' as const }, agingEnabled: true,
      retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    }
    const first = await call('copies:create', input)
    // The DDB is made by the first aux copy to the copy: ask its figures, which opens it.
    await call('copies:dedup', { copyId: first.id })
    expect(existsSync(join(path, 'ddb.sqlite'))).toBe(true)
    // Delete removes the copy's DDB with its data: the path is free again.
    await call('copies:delete', { copyId: first.id })
    expect(existsSync(path)).toBe(false)
    const second = await call('copies:create', input)
    await call('copies:dedup', { copyId: second.id })
    // Another copy's DDB is not taken over, nor a folder holding files (a DDB some other console left).
    expect(await refused('copies:create', { ...input, name: 'Copy_4' })).toMatchObject({
      code: 'conflict', field: 'dedup.path', message: 'DDB path is already used by SP_Finance / Copy_3; choose another folder.',
    })
    const leftover = join(backend.dataDir, 'ddb', 'left-by-another')
    mkdirSync(leftover, { recursive: true })
    writeFileSync(join(leftover, 'ddb.sqlite'), 'not ours')
    expect(await refused('copies:create', { ...input, name: 'Copy_4', dedup: { ...input.dedup, path: leftover } })).toMatchObject({
      code: 'invalid_input', field: 'dedup.path', message: 'DDB path must be an empty or new folder.',
    })
    await call('copies:delete', { copyId: second.id })
  })
})

describe('dates and names', () => {
  const create = (extra: Record<string, unknown>) => ({
    storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true, dedup: null,
    sourceCopyId: 2, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
    confirmAllBackups: true, auxCopySchedule: null, ...extra,
  })

  it('refuses a Backups On and After date outside the date range', async () => {
    for (const date of [9007199254740991, 8.64e15 + 1, -5]) {
      const error = await refused('copies:create', create({ backupPeriod: { kind: 'onAndAfter', date } }))
      expect(error, String(date)).toMatchObject({ code: 'invalid_input', field: 'backupPeriod.date', message: expect.stringContaining('Backups On and After') })
    }
  })

  it('refuses names made only of dots', async () => {
    for (const name of ['.', '..', '...', '. .']) {
      expect(await refused('copies:create', create({ name }))).toMatchObject({ field: 'name', message: 'Copy Name cannot be made only of dots.' })
      expect(
        await refused('policies:create', {
          name, libraryId: 1, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, deviceStreams: 10, agingEnabled: true, retentionDays: 30, retentionCycles: 1, dedup: null,
        }),
      ).toMatchObject({ field: 'name', message: 'Storage Policy Name cannot be made only of dots.' })
      expect(
        await refused('schedulePolicies:save', {
          schedulePolicyId: null, name, description: '', policyType: 'Auxiliary Copy', associations: [],
          schedules: [{ name: 'S', pattern: { kind: 'daily', time: '02:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' }, options: { streams: null, startNewMedia: false, markMediaFull: false } }],
        }),
      ).toMatchObject({ field: 'name', message: 'Name cannot be made only of dots.' })
    }
  })
})

describe('backups that did not complete', () => {
  it('a backup killed part way is never Available: not restorable, not copied, and its data is pruned', async () => {
    const folder = join(backend.dataDir, 'content', 'big')
    mkdirSync(folder, { recursive: true })
    for (let index = 0; index < 4; index++) writeFileSync(join(folder, `f${index}.bin`), Buffer.alloc(2_000_000, index))
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const { jobId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    // Held to 2 MB/s, the 8 MB backup is still running: restoring it is refused.
    const running = await refused('restore:run', { backupJobId: jobId, copyId: null, destination: '/tmp/commcell-never' })
    expect(running).toMatchObject({ field: 'backupJobId', message: `Job ${jobId} is still Running; only a backup that completed can be restored.` })
    await call('jobs:control', { jobId, action: 'kill' })
    expect((await finished(jobId)).status).toBe('Killed')
    const killed = await refused('restore:run', { backupJobId: jobId, copyId: null, destination: '/tmp/commcell-never' })
    expect(killed).toMatchObject({ field: 'backupJobId', message: `Job ${jobId} ended Killed; only a backup that completed can be restored.` })
    const onPrimary = (await call('node:jobs', { nodeId: 'copy:2', limit: 10_000, offset: 0 })).rows.find((row) => row.cells.jobId === jobId)
    expect(onPrimary).toBeUndefined()
    expect((await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 })).rows.some((row) => row.cells.jobId === jobId)).toBe(false)
    // What it wrote is removed (soon after: the prune is asked of the MediaAgent as the job ends).
    const jobDir = jobFolderPath(mountPath01, 2, 2, jobId)
    await expect.poll(() => readdirSync(join(mountPath01, 'CV_JOBS', 'SP2_C2')).includes(`J${jobId}`)).toBe(false)
    expect(jobDir).toContain(`J${jobId}`)
  })
})
