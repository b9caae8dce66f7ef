import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JobRow } from '../../app/model/jobs'
import { checksums, waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const call = callerOf(() => backend!)

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
async function jobRowUntil(jobId: number, accept: (row: JobRow) => boolean, timeoutMs = 60_000): Promise<JobRow> {
  for (let waited = 0; waited < timeoutMs; waited += 100) {
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
  it('an aux copy spans media, leaves Full and Appendable media with their jobs, restores byte-identical, feeds a disk copy, and Data Verification finds a flipped byte', async () => {
    const { copyId, library, folder } = await financeWithTapeCopy(2 * MiB)
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
    const drives = backend!.catalog.resources.drives(backend!.catalog.resources.drivePools(library.id)[0]!.id)
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

    // Data Verification re-reads every segment; a flipped byte on a medium makes its job Bad, named with the medium.
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
    // Another job ending (a backup of the default subclient) wakes the Waiting copy at once: its next retry of its
    // own is a minute away, and the state below is asked for within 20 s.
    const backup = await call('backup:run', { subclientId: 1, backupType: 'Incremental' })
    await jobRowUntil(backup.jobId, (row) => row.status === 'Completed')
    const pending = await jobRowUntil(jobId, (row) => row.status === 'Pending', 20_000)
    expect(pending.reason).toBe(`No spare media in ${scratch.name}.`)
    const partial = await statuses(copyId)
    expect([...partial.values()].filter((status) => status === 'Available').length).toBeGreaterThan(0)
    // Once the job is Pending, a medium may still be closing (one CI run saw it not yet Full): its end state is Full.
    await expect.poll(() => media(copyId).every((medium) => medium.status === 'Full'), { timeout: 20_000 }).toBe(true)

    catalog.tape.addMedia({ libraryId: library.id, scratchPoolId: scratch.id, barcodes: ['CV0101L6', 'CV0102L6', 'CV0103L6', 'CV0104L6', 'CV0105L6', 'CV0106L6'], capacityBytes: 2 * MiB })
    backend!.jobs.retryPending()
    expect((await finished(jobId)).status).toBe('Completed')
    expect([...(await statuses(copyId)).values()].every((status) => status === 'Available')).toBe(true)
  })

  it('two streams write two media in the two drives of the pool; Suspend unmounts them, Kill gives the drives back and leaves no medium Active', async () => {
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
    let drives = catalog.resources.drives(pool.id)
    for (let waited = 0; drives.some((drive) => drive.barcode === null) && waited < 30_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      drives = catalog.resources.drives(pool.id)
    }
    // Four streams asked for, two drives in the pool: two streams, each with its own medium in its own drive.
    expect(drives.map((drive) => drive.jobId)).toEqual([jobId, jobId])
    expect(new Set(drives.map((drive) => drive.barcode)).size).toBe(2)
    expect(catalog.tape.mediaOfCopy(copy.id).filter((medium) => medium.status === 'Active').map((medium) => medium.barcode).sort()).toEqual(
      drives.map((drive) => drive.barcode).sort(),
    )
    // Suspended, the job keeps its drives but unmounts its media (Appendable, or Spare when nothing was written on them).
    await call('jobs:control', { jobId, action: 'suspend' })
    await jobRowUntil(jobId, (row) => row.status === 'Suspended')
    expect(catalog.resources.drives(pool.id).map((drive) => [drive.jobId, drive.barcode])).toEqual([[jobId, null], [jobId, null]])
    expect(catalog.tape.mediaOfLibrary(library.id).some((medium) => medium.status === 'Active')).toBe(false)
    await call('jobs:control', { jobId, action: 'resume' })
    await jobRowUntil(jobId, () => catalog.resources.drives(pool.id).some((drive) => drive.barcode !== null))
    await call('jobs:control', { jobId, action: 'kill' })
    expect((await finished(jobId)).status).toBe('Killed')
    expect(catalog.resources.drives(pool.id).every((drive) => drive.jobId === null && drive.barcode === null)).toBe(true)
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
