import { mkdirSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { JobRow } from '../../app/model/jobs'
import { retainIndefinitely } from '../../app/model/copy-jobs'
import { waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const call = callerOf(() => backend!)
const finished = (jobId: number): Promise<JobRow> => waitForJob(backend!, jobId)

/** SP_Finance's copies in the demo CommCell. */
const primary = 2
const copy2 = 3
/** The demo's finance file system subclient (SP_Finance). */
const finance = 2

/** Bytes of every file under a folder (0 when it is not there). */
function bytesUnder(dir: string): number {
  if (!existsSync(dir)) return 0
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    total += entry.isDirectory() ? bytesUnder(path) : statSync(path).size
  }
  return total
}

/** A copy's View Jobs rows by Job ID: status and the Data Aging column. */
async function viewJobs(copyId: number): Promise<Map<number, { status: string; aging: string }>> {
  const { rows } = await call('node:jobs', { nodeId: `copy:${copyId}`, limit: 10_000, offset: 0 })
  return new Map(rows.map((row) => [row.cells.jobId as number, { status: row.cells.status as string, aging: row.cells.aging as string }]))
}

describe('Data Aging', () => {
  it('ages the cycles past retention and prunes their bytes, keeping what a dependent copy still needs and what is retained', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const details = await call('copies:get', { copyId: primary })
    await call('copies:update', {
      copyId: primary, name: details.name, active: details.active, libraryId: details.libraryId, mediaAgentId: details.mediaAgentId,
      drivePoolId: null, scratchPoolId: null, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 0, retentionCycles: 1,
    })
    // Copy_2 takes the three weeks of demo history, so Primary's old cycles are no longer needed by it.
    const aux = await call('auxcopy:run', { storagePolicyId: 2, copyId: copy2, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    expect((await finished(aux.jobId)).status).toBe('Completed')

    const history = [...backend.catalog.jobs.completedBackups(finance)].reverse() // oldest first
    const fulls = history.filter((job) => job.backupType === 'Full')
    expect(fulls).toHaveLength(3)
    const [firstFull, secondFull] = fulls as [typeof fulls[number], typeof fulls[number]]
    const firstCycle = history.filter((job) => job.cycle === firstFull.cycle)
    const secondCycle = history.filter((job) => job.cycle === secondFull.cycle)
    expect(secondCycle.length).toBeGreaterThan(1)
    // The first cycle's Full is retained by hand (View Jobs > Retain Job), which keeps its whole cycle.
    await call('copies:markJobs', { copyId: primary, jobIds: [firstFull.id], action: 'retain', retainUntil: retainIndefinitely })

    // Two new Fulls: the first of them is a cycle of its own that Copy_2 has not copied yet; the second is the latest.
    const folder = join(backend.dataDir, 'content', 'finance-new')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'ledger.db'), Buffer.alloc(300_000, 'l'))
    await call('subclients:update', { subclientId: finance, content: [folder] })
    const uncopied = await call('backup:run', { subclientId: finance, backupType: 'Full' })
    expect((await finished(uncopied.jobId)).status).toBe('Completed')
    const latest = await call('backup:run', { subclientId: finance, backupType: 'Full' })
    expect((await finished(latest.jobId)).status).toBe('Completed')

    const primaryJobs = join(backend.dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', 'SP2_C2')
    const folderOf = (jobId: number) => join(primaryJobs, `J${jobId}`)
    for (const job of secondCycle) expect(existsSync(folderOf(job.id))).toBe(true)
    const before = bytesUnder(primaryJobs)
    const secondCycleBytes = secondCycle.reduce((sum, job) => sum + bytesUnder(folderOf(job.id)), 0)

    const view = await viewJobs(primary)
    expect(view.get(secondFull.id)).toEqual({ status: 'Available', aging: 'Ages at the next Data Aging.' })
    expect(view.get(firstFull.id)!.aging).toBe('It is retained indefinitely (Retain Job).')
    expect(view.get(uncopied.jobId)!.aging).toBe('Copy_2 copies from this copy and has not copied it yet (To Be Copied there).')
    expect(view.get(latest.jobId)!.aging).toBe('It is in the latest cycle of its subclient, which never ages.')

    const { jobId } = await call('dataAging:run', {})
    expect(await finished(jobId)).toMatchObject({ operation: 'Data Aging', status: 'Completed' })
    const aged = (await call('jobs:details', { jobId })).items
    const agedIds = new Set(aged.map((item) => item.backupJobId))
    // The second cycle aged on Primary, whole; nothing on Copy_2 (30 days), nothing retained, needed or latest.
    for (const job of secondCycle) expect(agedIds.has(job.id)).toBe(true)
    expect(aged.every((item) => item.copy === 'Primary' && item.status === 'Aged')).toBe(true)
    for (const job of [...firstCycle, { id: uncopied.jobId }, { id: latest.jobId }]) expect(agedIds.has(job.id)).toBe(false)

    // Its bytes left the library; the kept jobs' did not.
    for (const job of secondCycle) expect(existsSync(folderOf(job.id))).toBe(false)
    expect(before - bytesUnder(primaryJobs)).toBeGreaterThanOrEqual(secondCycleBytes)
    for (const id of [firstFull.id, uncopied.jobId, latest.jobId]) expect(existsSync(folderOf(id))).toBe(true)
    const after = await viewJobs(primary)
    expect(after.get(secondFull.id)).toEqual({ status: 'Aged', aging: '' })
    expect((await viewJobs(copy2)).get(secondFull.id)!.status).toBe('Available')
    // An aged job is restored from the copy that still has it.
    const restorable = (await call('restore:form', { subclientId: finance })).jobs.find((job) => job.backupJobId === secondFull.id)!
    expect(restorable.copies.map((copy) => copy.name)).toEqual(['Copy_2'])

    // Once Copy_2 has the uncopied Full, the next Data Aging ages it on Primary.
    expect((await finished((await call('auxcopy:run', { storagePolicyId: 2, copyId: copy2, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })).jobId)).status).toBe('Completed')
    const again = await call('dataAging:run', {})
    expect((await finished(again.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: again.jobId })).items.map((item) => item.backupJobId)).toContain(uncopied.jobId)
    expect(existsSync(folderOf(uncopied.jobId))).toBe(false)
    const events = (await call('events:list', { limit: 50, beforeId: null })).events
    expect(events.some((event) => event.description.startsWith(`Data Aging job ${again.jobId} aged`))).toBe(true)
  })

  it('on a tape copy returns media whose every job aged to the scratch pool as Spare, and on a deduplicated copy reclaims blocks no job uses', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const { catalog } = backend
    const tapeLibrary = catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
    catalog.tape.setMediaCapacity(tapeLibrary.id, 4 * 1024 * 1024)
    const scratchPoolId = catalog.resources.scratchPools(tapeLibrary.id)[0]!.id
    catalog.tape.addMedia({ libraryId: tapeLibrary.id, scratchPoolId, barcodes: ['CV0101L6', 'CV0102L6', 'CV0103L6', 'CV0104L6'], capacityBytes: 4 * 1024 * 1024 })
    const common = {
      storagePolicyId: 2, mediaAgentId: 1, active: true, sourceCopyId: primary, backupPeriod: { kind: 'allBackups' as const },
      agingEnabled: true, retentionDays: 0, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    }
    const tape = await call('copies:create', {
      ...common, name: 'Copy_3', libraryId: tapeLibrary.id, drivePoolId: catalog.resources.drivePools(tapeLibrary.id)[0]!.id,
      scratchPoolId, dedup: null,
    })
    const dedup = await call('copies:create', {
      ...common, name: 'Copy_4', libraryId: 2, drivePoolId: null, scratchPoolId: null,
      dedup: { mediaAgentId: 1, path: join(backend.dataDir, 'ddb', 'SP_Finance_Copy_4'), blocks: 'fixed' },
    })
    const auxCopy = async (startNewMedia: boolean) => {
      const aux = await call('auxcopy:run', { storagePolicyId: 2, copyId: null, streams: 2, startNewMedia, markMediaFull: false, verifyCopiedData: false, description: '' })
      expect((await finished(aux.jobId)).status).toBe('Completed')
    }
    await auxCopy(false)
    const history = catalog.tape.mediaOfCopy(tape.id)
    expect(history.length).toBeGreaterThan(1)
    // Two new Fulls of each subclient with cycles, copied to new media: the history's cycles are no longer the latest.
    for (const subclientId of [finance, 3]) {
      for (let full = 0; full < 2; full++) expect((await finished((await call('backup:run', { subclientId, backupType: 'Full' })).jobId)).status).toBe('Completed')
    }
    await auxCopy(true)
    const mediaBefore = catalog.tape.mediaOfCopy(tape.id)
    expect(mediaBefore.length).toBeGreaterThan(history.length)
    const dedupBefore = (await call('copies:dedup', { copyId: dedup.id })).figures!

    const { jobId } = await call('dataAging:run', {})
    await finished(jobId)
    const first = await call('jobs:details', { jobId })
    if (first.errors.length > 0) {
      // Seen once in CI on a starved machine (cause not found yet): data the MediaAgent could not remove is named, left
      // Aged with its reference, and removed by the next Data Aging, which must then end clean.
      expect(first.errors.every((error) => error.reason.includes('the next Data Aging tries again'))).toBe(true)
      const again = await call('dataAging:run', {})
      await finished(again.jobId)
      expect(await call('jobs:details', { jobId: again.jobId })).toMatchObject({ job: { status: 'Completed' }, errors: [] })
    } else {
      expect(first.job.status).toBe('Completed')
    }
    expect(catalog.aging.agedWithData()).toEqual([])
    const agedOn = (copyId: number) => catalog.jobs.jobsOnCopy(catalog.policies.copy(copyId)!).filter((job) => job.copyStatus === 'Aged')
    expect(agedOn(tape.id).length).toBeGreaterThan(10)
    expect(agedOn(dedup.id).length).toBe(agedOn(tape.id).length)

    // Tape: the media holding only aged jobs are Spare in ScratchPool01 again, blank; the others still hold live jobs.
    const recycled = mediaBefore.filter((medium) => catalog.tape.medium(medium.id)!.copyId === null)
    // Every medium of the history (its cycles all aged) is among them.
    expect(recycled.map((medium) => medium.barcode)).toEqual(expect.arrayContaining(history.map((medium) => medium.barcode)))
    for (const medium of recycled) expect(catalog.tape.medium(medium.id)).toMatchObject({ status: 'Spare', usedBytes: 0, endOfData: 0, jobs: 0 })
    const kept = catalog.tape.mediaOfCopy(tape.id)
    expect(kept.length).toBe(mediaBefore.length - recycled.length)
    for (const medium of kept) expect(catalog.tape.jobsOnMedium(medium.id).some((job) => job.status === 'Available')).toBe(true)
    // The latest Full still restores from tape.
    const latestFull = (await call('restore:form', { subclientId: finance })).jobs.find((job) => job.backupType === 'Full' && job.copies.some((each) => each.id === tape.id))!
    const restore = await call('restore:run', { backupJobId: latestFull.backupJobId, copyId: tape.id, destination: join(backend.dataDir, 'restored-tape') })
    expect((await finished(restore.jobId)).status).toBe('Completed')

    // Deduplicated: the aged jobs' references are gone and the blocks only they used reclaimed.
    const dedupAfter = (await call('copies:dedup', { copyId: dedup.id })).figures!
    expect(dedupAfter.jobs).toBe(dedupBefore.jobs - agedOn(dedup.id).length)
    expect(dedupAfter.applicationBytes).toBeLessThan(dedupBefore.applicationBytes)
    expect(dedupAfter.dataWrittenBytes).toBeLessThan(dedupBefore.dataWrittenBytes)
    expect(dedupAfter.uniqueBlocks).toBeLessThan(dedupBefore.uniqueBlocks)
  }, 120_000)
})
