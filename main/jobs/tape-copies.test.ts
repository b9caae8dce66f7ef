import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import type { JobRow } from '../../app/model/jobs'
import { createBackend } from '../backend'
import { dispatch } from '../ipc/dispatch'
import { checksums, waitForJob } from '../testing/job-waits'
import { tempBackend } from '../testing/temp-backend'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw Object.assign(new Error(`${command}: ${result.error.message}`), result.error)
  return result.value as CommandOutput<C>
}

const MiB = 1024 * 1024
const finished = (jobId: number): Promise<JobRow> => waitForJob(backend!, jobId, undefined, 120_000)
const auxCopy = async (copyId: number, options: { streams?: number; startNewMedia?: boolean; markMediaFull?: boolean } = {}) =>
  call('auxcopy:run', {
    storagePolicyId: 2, copyId, streams: options.streams ?? 2, startNewMedia: options.startNewMedia ?? false, markMediaFull: options.markMediaFull ?? false,
    verifyCopiedData: false, description: '',
  })
const statuses = async (copyId: number) =>
  new Map((await call('node:jobs', { nodeId: `copy:${copyId}`, limit: 10_000, offset: 0 })).rows.map((row) => [row.cells.jobId as number, row.cells.status as string]))

/** Polls the Job Controller row of a job until `accept` holds. */
async function jobRowUntil(jobId: number, accept: (row: JobRow) => boolean): Promise<JobRow> {
  for (let waited = 0; waited < 60_000; waited += 100) {
    const row = (await call('jobs:list', { limit: 500, beforeId: null })).jobs.find((each) => each.jobId === jobId)
    if (row && accept(row)) return row
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`job ${jobId} never reached the state asked for`)
}

/** SP_Finance (demo, with its real job history) with Copy_3 on TapeLib01, DrivePool01, ScratchPool01, media of `capacity` bytes. */
async function financeWithTapeCopy(capacity: number) {
  backend = tempBackend('demo', { demoData: true, jobManager: { pendingRetryMs: 60_000 } })
  await backend.ready
  const { catalog } = backend
  const library = catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
  catalog.tape.setMediaCapacity(library.id, capacity)
  const copy = await call('copies:create', {
    storagePolicyId: 2, name: 'Copy_3', libraryId: library.id, mediaAgentId: 1, drivePoolId: catalog.resources.drivePools(library.id)[0]!.id,
    scratchPoolId: catalog.resources.scratchPools(library.id)[0]!.id, active: true, dedup: null, sourceCopyId: 2,
    backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
  })
  return { copyId: copy.id, library, folder: join(backend.dataDir, 'libraries', 'TapeLib01') }
}

const media = (copyId: number) => backend!.catalog.tape.mediaOfCopy(copyId)

describe('tape copies, end to end', () => {
  it('an aux copy spans media, leaves Full and Appendable media with their jobs, and a restore from tape is byte-identical', async () => {
    const { copyId, library } = await financeWithTapeCopy(2 * MiB)
    const { jobId } = await auxCopy(copyId)
    const row = await finished(jobId)
    expect(row.status).toBe('Completed')
    const held = await statuses(copyId)
    expect(held.size).toBeGreaterThan(20)
    expect([...held.values()].every((status) => status === 'Available')).toBe(true)

    // More data than one medium holds: several media, all but the ones written last Full, each holding jobs.
    const used = media(copyId)
    expect(used.length).toBeGreaterThan(2)
    expect(used.filter((medium) => medium.status === 'Full').length).toBeGreaterThan(0)
    expect(used.filter((medium) => medium.status === 'Appendable').length).toBeGreaterThan(0)
    expect(used.every((medium) => medium.jobs > 0 && medium.usedBytes <= medium.capacityBytes)).toBe(true)
    expect(used.every((medium) => statSync(join(backend!.dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)).size === medium.endOfData)).toBe(true)
    const spanning = [...held.keys()].find((id) => new Set(backend!.catalog.tape.segments(copyId, id).map((segment) => segment.barcode)).size > 1)
    expect(spanning).toBeDefined()
    // The drives are idle again, no medium stays Active.
    const drives = backend!.catalog.tape.drives(backend!.catalog.resources.drivePools(library.id)[0]!.id)
    expect(drives.every((drive) => drive.jobId === null && drive.barcode === null)).toBe(true)
    expect(backend!.catalog.tape.mediaOfLibrary(library.id).some((medium) => medium.status === 'Active')).toBe(false)

    // The newest Incremental restores from tape exactly as from the primary (a chain read across media).
    const history = (await call('restore:form', { subclientId: 2 })).jobs
    const incremental = history.find((job) => job.backupType === 'Incremental' && job.copies.some((each) => each.id === copyId))!
    const fromPrimary = join(backend!.dataDir, 'restored-primary')
    const fromTape = join(backend!.dataDir, 'restored-tape')
    for (const [copy, destination] of [[2, fromPrimary], [copyId, fromTape]] as const) {
      const restore = await call('restore:run', { backupJobId: incremental.backupJobId, copyId: copy, destination })
      expect((await finished(restore.jobId)).status).toBe('Completed')
    }
    const restored = checksums(fromTape)
    expect(Object.keys(restored).length).toBeGreaterThan(0)
    expect(restored).toEqual(checksums(fromPrimary))

    // A disk copy may take a tape copy as its source.
    const fromTapeCopy = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_4', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true, dedup: null,
      sourceCopyId: copyId, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true,
      auxCopySchedule: null,
    })
    expect((await finished((await auxCopy(fromTapeCopy.id)).jobId)).status).toBe('Completed')
    expect([...(await statuses(fromTapeCopy.id)).values()].every((status) => status === 'Available')).toBe(true)
  })

  it('Data Verification re-reads every segment; a flipped byte on a medium makes its job Bad, named with the medium and segment', async () => {
    const { copyId, folder } = await financeWithTapeCopy(4 * MiB)
    expect((await finished((await auxCopy(copyId)).jobId)).status).toBe('Completed')
    const clean = await call('verification:run', { storagePolicyId: 2, copyId, since: null })
    expect((await finished(clean.jobId)).status).toBe('Completed')

    const medium = media(copyId)[0]!
    const victim = backend!.catalog.tape.jobsOnMedium(medium.id).at(-1)!
    const segment = backend!.catalog.tape.segments(copyId, victim.jobId).find((each) => each.barcode === medium.barcode)!
    expect(segment.bytes).toBeGreaterThan(0)
    // A byte inside the segment's data records (past its header and manifest, before its trailer).
    const at = segment.endOfData - 600 - Math.floor(segment.bytes / 2)
    const file = openSync(join(folder, `${medium.barcode}.tap`), 'r+')
    const byte = Buffer.alloc(1)
    readSync(file, byte, 0, 1, at)
    byte[0] = byte[0]! ^ 0x5a
    writeSync(file, byte, 0, 1, at)
    closeSync(file)

    const found = await call('verification:run', { storagePolicyId: 2, copyId, since: null })
    expect((await finished(found.jobId)).status).toBe('Completed w/ one or more errors')
    const details = await call('jobs:details', { jobId: found.jobId })
    expect(details.errors.map((error) => error.backupJobId)).toContain(victim.jobId)
    expect(details.errors.find((error) => error.backupJobId === victim.jobId)!.reason).toContain(medium.barcode)
    expect((await statuses(copyId)).get(victim.jobId)).toBe('Bad')
  })

  it('waits for a drive when every drive is held, goes Pending with no spare media, and completes after media are added', async () => {
    const { copyId, library } = await financeWithTapeCopy(2 * MiB)
    const { catalog } = backend!
    const pool = catalog.resources.drivePools(library.id)[0]!
    const scratch = catalog.resources.scratchPools(library.id)[0]!
    // Another job holds both drives.
    const holder = catalog.jobs.completedBackups(2)[0]!.id
    catalog.tape.reserveDrives(pool.id, holder, 2)
    const { jobId } = await auxCopy(copyId)
    const waiting = await jobRowUntil(jobId, (row) => row.status === 'Waiting')
    expect(waiting.reason).toContain(`Every drive of ${pool.name} is in use (job ${holder})`)

    // The drives come free; only two spare media are left (the others are Bad).
    for (const medium of catalog.tape.mediaOfPool(scratch.id).slice(2)) catalog.tape.setStatus(medium.id, 'Bad')
    catalog.tape.releaseDrives(holder)
    backend!.jobs.retryPending()
    const pending = await jobRowUntil(jobId, (row) => row.status === 'Pending')
    expect(pending.reason).toBe(`No spare media in ${scratch.name}.`)
    const partial = await statuses(copyId)
    expect([...partial.values()].filter((status) => status === 'Available').length).toBeGreaterThan(0)
    expect(media(copyId).every((medium) => medium.status === 'Full')).toBe(true)

    catalog.tape.addMedia({ libraryId: library.id, scratchPoolId: scratch.id, barcodes: ['CV0101L6', 'CV0102L6', 'CV0103L6', 'CV0104L6', 'CV0105L6', 'CV0106L6'], capacityBytes: 2 * MiB })
    backend!.jobs.retryPending()
    expect((await finished(jobId)).status).toBe('Completed')
    expect([...(await statuses(copyId)).values()].every((status) => status === 'Available')).toBe(true)
  })

  it('two streams write two media in the two drives of the pool; Kill gives the drives back and leaves no medium Active', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 2_000_000 })
    await backend.ready
    const { catalog } = backend
    const library = catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
    catalog.tape.setMediaCapacity(library.id, 64 * MiB)
    const pool = catalog.resources.drivePools(library.id)[0]!
    const copy = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_3', libraryId: library.id, mediaAgentId: 1, drivePoolId: pool.id,
      scratchPoolId: catalog.resources.scratchPools(library.id)[0]!.id, active: true, dedup: null, sourceCopyId: 2,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    const { jobId } = await auxCopy(copy.id, { streams: 4 })
    let drives = catalog.tape.drives(pool.id)
    for (let waited = 0; drives.some((drive) => drive.barcode === null) && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      drives = catalog.tape.drives(pool.id)
    }
    // Four streams asked for, two drives in the pool: two streams, each with its own medium in its own drive.
    expect(drives.map((drive) => drive.jobId)).toEqual([jobId, jobId])
    expect(new Set(drives.map((drive) => drive.barcode)).size).toBe(2)
    expect(catalog.tape.mediaOfCopy(copy.id).filter((medium) => medium.status === 'Active').map((medium) => medium.barcode).sort()).toEqual(
      drives.map((drive) => drive.barcode).sort(),
    )
    await call('jobs:control', { jobId, action: 'kill' })
    expect((await finished(jobId)).status).toBe('Killed')
    expect(catalog.tape.drives(pool.id).every((drive) => drive.jobId === null && drive.barcode === null)).toBe(true)
    expect(catalog.tape.mediaOfLibrary(library.id).some((medium) => medium.status === 'Active')).toBe(false)
  })

  it('Start New Media starts on a spare medium; Mark Media Full on Success marks the media the job wrote Full', async () => {
    const { copyId } = await financeWithTapeCopy(64 * MiB)
    expect((await finished((await auxCopy(copyId, { streams: 1 })).jobId)).status).toBe('Completed')
    const first = media(copyId)
    expect(first.map((medium) => medium.status)).toEqual(['Appendable'])

    // A new backup, copied without Start New Media, appends to the Appendable medium.
    const folder = join(backend!.dataDir, 'demo-content')
    const backup = async () => {
      const { jobId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
      expect((await finished(jobId)).status).toBe('Completed')
      return jobId
    }
    void folder
    const appended = await backup()
    expect((await finished((await auxCopy(copyId, { streams: 1 })).jobId)).status).toBe('Completed')
    expect(backend!.catalog.tape.segments(copyId, appended).map((segment) => segment.barcode)).toEqual([first[0]!.barcode])

    // With Start New Media, the next job goes to a spare medium; Mark Media Full on Success marks it Full after.
    const fresh = await backup()
    expect((await finished((await auxCopy(copyId, { streams: 1, startNewMedia: true, markMediaFull: true })).jobId)).status).toBe('Completed')
    const [segment] = backend!.catalog.tape.segments(copyId, fresh)
    expect(segment!.barcode).not.toBe(first[0]!.barcode)
    const after = new Map(media(copyId).map((medium) => [medium.barcode, medium.status]))
    expect(after.get(segment!.barcode)).toBe('Full')
    expect(after.get(first[0]!.barcode)).toBe('Appendable')
  })
})

describe('the System Created Autocopy schedule', () => {
  it('copies to a tape copy like any other, and Job Details say what Available on tape means', async () => {
    backend = tempBackend('demo', { demoData: true, testClock: true })
    await backend.ready
    const { catalog } = backend
    const library = catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
    catalog.tape.setMediaCapacity(library.id, 4 * MiB)
    const form = await call('copies:form', { storagePolicyId: 2 })
    expect(form.autocopyPolicy).not.toBeNull()
    const copy = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_3', libraryId: library.id, mediaAgentId: 1, drivePoolId: catalog.resources.drivePools(library.id)[0]!.id,
      scratchPoolId: catalog.resources.scratchPools(library.id)[0]!.id, active: true, dedup: null, sourceCopyId: 2,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    expect(copy.schedules).toContain(form.autocopyPolicy)
    expect([...(await statuses(copy.id)).values()].every((status) => status === 'To Be Copied')).toBe(true)
    const { jobIds } = await call('test:advanceClock', { minutes: 30 })
    // One scheduled aux copy of SP_Finance, to Copy_2 and the tape copy.
    const job = (await call('jobs:list', { limit: 500, beforeId: null })).jobs.find((row) => jobIds.includes(row.jobId) && row.storagePolicy === 'SP_Finance')
    expect(job).toMatchObject({ operation: 'Auxiliary Copy' })
    expect((await finished(job!.jobId)).status).toBe('Completed')
    const held = await statuses(copy.id)
    expect(held.size).toBeGreaterThan(20)
    expect([...held.values()].every((status) => status === 'Available')).toBe(true)
    expect((await call('jobs:details', { jobId: job!.jobId })).availability).toContain('written to tape in segments')
  })
})

describe('a host killed in the middle of an aux copy to tape', () => {
  it('cuts the medium back to its last closed segment, resumes after it, and restores identical; nothing was Available early', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'commcell-tape-kill-'))
    let host: { close(): Promise<void> } | undefined
    try {
      // Seed: a 64 MiB Full of SP_Finance and a tape copy whose media hold 24 MiB, so the copy spans media.
      const seed = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' })
      host = seed
      await seed.ready
      const folder = join(dataDir, 'content', 'big')
      mkdirSync(folder, { recursive: true })
      for (let n = 0; n < 4; n++) writeFileSync(join(folder, `f${n}.bin`), randomBytes(16 * MiB))
      backend = seed as TempBackend
      await call('subclients:update', { subclientId: 2, content: [folder] })
      const backup = await call('backup:run', { subclientId: 2, backupType: 'Full' })
      expect((await finished(backup.jobId)).status).toBe('Completed')
      const library = seed.catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
      seed.catalog.tape.setMediaCapacity(library.id, 24 * MiB)
      const copy = await call('copies:create', {
        storagePolicyId: 2, name: 'Copy_3', libraryId: library.id, mediaAgentId: 1, drivePoolId: seed.catalog.resources.drivePools(library.id)[0]!.id,
        scratchPoolId: seed.catalog.resources.scratchPools(library.id)[0]!.id, active: true, dedup: null, sourceCopyId: 2,
        backupPeriod: { kind: 'onAndAfter', date: seed.catalog.jobs.backupJob(backup.jobId)!.startTime },
        agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
      })
      backend = undefined
      host = undefined
      await seed.close()

      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'testing', 'aux-copy-child.ts'), dataDir, String(copy.id), String(8_000_000)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (data: Buffer) => {
          const match = /progress (\d+)/.exec(data.toString())
          // Past the first medium (24 MiB), well before the job's end (64 MiB, 5 s later at 8 MB/s).
          if (match && Number(match[1]) > 28 * MiB) resolve()
        })
        child.once('exit', (code) => reject(new Error(`child exited ${code} before copying`)))
      })
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))

      const restarted = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' })
      host = restarted
      backend = restarted as TempBackend
      // At the kill: the big job is not Available; its closed segments are recorded, the medium written last holds
      // more than its recorded end of data (the segment the kill cut short).
      expect(restarted.catalog.jobs.location(backup.jobId, copy.id)?.status).not.toBe('Available')
      const closed = restarted.catalog.tape.segments(copy.id, backup.jobId)
      expect(closed.length).toBeGreaterThan(0)
      const tail = restarted.catalog.tape.mediaOfLibrary(library.id).find((medium) => existsSync(join(dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)) && statSync(join(dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)).size > medium.endOfData)
      const onShelf = restarted.catalog.tape.mediaOfLibrary(library.id).map((medium) => {
        const file = join(dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)
        return `${medium.barcode} ${medium.status} end ${medium.endOfData} size ${existsSync(file) ? statSync(file).size : 'none'}`
      })
      expect(tail, onShelf.join('; ')).toBeDefined()
      await restarted.ready
      const interrupted = (await call('jobs:list', { limit: 1000, beforeId: null })).jobs.find((job) => job.operation === 'Auxiliary Copy')!
      expect((await finished(interrupted.jobId)).status).toBe('Completed')
      expect(restarted.catalog.jobs.location(backup.jobId, copy.id)?.status).toBe('Available')
      // The closed segments were kept: the resumed run went on after them.
      expect(restarted.catalog.tape.segments(copy.id, backup.jobId).slice(0, closed.length)).toEqual(closed)
      const verification = await call('verification:run', { storagePolicyId: 2, copyId: copy.id, since: null })
      expect((await finished(verification.jobId)).status).toBe('Completed')
      const destination = join(dataDir, 'restored')
      const restore = await call('restore:run', { backupJobId: backup.jobId, copyId: copy.id, destination })
      expect((await finished(restore.jobId)).status).toBe('Completed')
      // A restore keeps each file's full path under the destination.
      const restored = checksums(join(destination, folder))
      expect(Object.keys(restored).length).toBe(4)
      expect(restored).toEqual(checksums(folder))
    } finally {
      backend = undefined
      await host?.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 240_000)
})
