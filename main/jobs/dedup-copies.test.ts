import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DedupBlocks } from '../../app/model/dedup'
import type { JobRow } from '../../app/model/jobs'
import { dispatch } from '../ipc/dispatch'
import { checksums, waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const call = callerOf(() => backend!)

const finished = (jobId: number): Promise<JobRow> => waitForJob(backend!, jobId, undefined, 120_000)
const auxCopy = async (copyId: number) => {
  const { jobId } = await call('auxcopy:run', { storagePolicyId: 2, copyId, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
  return { jobId, row: await finished(jobId), details: await call('jobs:details', { jobId }) }
}
const statuses = async (copyId: number) =>
  new Map((await call('node:jobs', { nodeId: `copy:${copyId}`, limit: 10_000, offset: 0 })).rows.map((row) => [row.cells.jobId as number, row.cells.status as string]))

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

/** SP_Finance (demo, with its real job history) with a deduplicated Copy_3 on DiskLib02 cutting `blocks`. */
async function financeWithDedupCopy(blocks: DedupBlocks) {
  backend = tempBackend('demo', { demoData: true })
  await backend.ready
  const copy = await call('copies:create', {
    storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
    dedup: { mediaAgentId: 1, path: join(backend.dataDir, 'ddb', 'SP_Finance_Copy_3'), blocks }, sourceCopyId: 2,
    backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
  })
  return { copyId: copy.id, mountPath: join(backend.dataDir, 'libraries', 'DiskLib02', 'MountPath01') }
}

describe('deduplicated copies, end to end', () => {
  it('an aux copy to a deduplicated copy writes containers and recipes, shows its savings, and restores a Full + Incremental chain byte for byte', async () => {
    const { copyId, mountPath } = await financeWithDedupCopy('variable')
    const first = await auxCopy(copyId)
    expect(first.row.status).toBe('Completed')
    const held = await statuses(copyId)
    expect(held.size).toBeGreaterThan(20)
    expect([...held.values()].every((status) => status === 'Available')).toBe(true)

    // The mount path holds containers and recipes for the copy, and no chunk file.
    const files = filesUnder(join(mountPath, 'CV_DEDUP'))
    expect(files.filter((file) => file.endsWith('.ctr')).length).toBeGreaterThan(0)
    expect(files.filter((file) => file.endsWith('recipe.rcp')).length).toBe(held.size)
    expect(files.some((file) => file.endsWith('.chk'))).toBe(false)
    expect(existsSync(join(mountPath, 'CV_JOBS', `SP2_C${copyId}`))).toBe(false)

    // Job Details: what was read, what was written, the blocks found already in the DDB.
    expect(first.details.deduplicated).toBe(true)
    expect(first.details.availability).toContain('DDB')
    const figures = first.details.figures!
    expect(figures.blocksWritten).toBeGreaterThan(0)
    expect(figures.blocksFound).toBeGreaterThan(0)
    expect(figures.bytesWritten).toBeLessThan(figures.bytesRead)

    // Copy Properties > Deduplication and the policy's Savings column.
    const dedup = await call('copies:dedup', { copyId })
    expect(dedup).toMatchObject({ copy: 'Copy_3', mediaAgent: expect.any(String), blocks: 'variable', reason: '' })
    expect(dedup.figures).toMatchObject({ jobs: held.size })
    expect(dedup.figures!.savingsPercent).toBeGreaterThan(10)
    const list = await call('node:contents', { nodeId: 'storagePolicy:2' })
    expect(list.columns.map((column) => column.label)).toContain('Savings')
    const savings = new Map(list.rows.map((row) => [row.cells.name, row.cells.savings]))
    expect(savings.get('Copy_3')).toBeCloseTo(dedup.figures!.savingsPercent!, 5)
    expect(savings.get('Copy_2')).toBeNull()

    // The newest Incremental restores from the deduplicated copy exactly as from the primary.
    const history = (await call('restore:form', { subclientId: 2 })).jobs
    const incremental = history.find((job) => job.backupType === 'Incremental' && job.copies.some((each) => each.id === copyId))!
    expect(incremental).toBeDefined()
    const fromPrimary = join(backend!.dataDir, 'restored-primary')
    const fromDedup = join(backend!.dataDir, 'restored-dedup')
    for (const [copy, destination] of [[2, fromPrimary], [copyId, fromDedup]] as const) {
      const { jobId } = await call('restore:run', { backupJobId: incremental.backupJobId, copyId: copy, destination })
      expect((await finished(jobId)).status).toBe('Completed')
      const items = (await call('jobs:details', { jobId })).items
      expect(items.length).toBeGreaterThan(1) // the Full and the jobs after it
      expect(items.every((item) => item.status === 'Restored')).toBe(true)
    }
    const restored = checksums(fromDedup)
    expect(Object.keys(restored).length).toBeGreaterThan(0)
    expect(restored).toEqual(checksums(fromPrimary))
  })

  it('a new Full of unchanged content copies writing under 1 % of its size; a flipped container byte is found, repaired with that one block, and the restore is whole', async () => {
    const { copyId, mountPath } = await financeWithDedupCopy('fixed')
    const folder = join(backend!.dataDir, 'content', 'finance-dedup')
    mkdirSync(join(folder, 'ledgers'), { recursive: true })
    for (let index = 0; index < 12; index++) writeFileSync(join(folder, 'ledgers', `ledger-${index}.db`), randomBytes(300_000 + index * 1000))
    writeFileSync(join(folder, 'notes.txt'), 'quarter close')
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const full = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(full.jobId)).status).toBe('Completed')
    expect((await auxCopy(copyId)).row.status).toBe('Completed')

    const again = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(again.jobId)).status).toBe('Completed')
    const second = await auxCopy(copyId)
    expect(second.details.items.map((item) => item.backupJobId)).toEqual([again.jobId])
    const figures = second.details.figures!
    expect(figures.bytesRead).toBeGreaterThan(3_000_000)
    expect(figures.bytesWritten).toBeLessThan(figures.bytesRead / 100)
    expect(figures.blocksWritten).toBe(0)

    // Flip one byte in the container holding a block of both Fulls (a stretch of ledger-5.db).
    const stretch = readFileSync(join(folder, 'ledgers', 'ledger-5.db')).subarray(150_000, 150_064)
    const containers = filesUnder(join(mountPath, 'CV_DEDUP')).filter((file) => file.endsWith('.ctr'))
    const container = containers.find((file) => readFileSync(file).includes(stretch))!
    expect(container).toBeDefined()
    const bytes = readFileSync(container)
    const at = bytes.indexOf(stretch)
    bytes[at] = bytes[at]! ^ 0x01
    writeFileSync(container, bytes)
    const verification = await call('verification:run', { storagePolicyId: 2, copyId, since: null })
    expect((await finished(verification.jobId)).status).toBe('Completed w/ one or more errors')
    const found = await call('jobs:details', { jobId: verification.jobId })
    expect(found.availability).toContain('containers were read in order')
    expect(found.errors.map((error) => error.backupJobId).sort()).toEqual([full.jobId, again.jobId])
    for (const error of found.errors) expect(error.file).toBe(container)
    expect((await statuses(copyId)).get(full.jobId)).toBe('Bad')

    // The next aux copy writes the bad block again, once, for every job using it.
    const repair = await auxCopy(copyId)
    expect(repair.row.status).toBe('Completed')
    expect(repair.details.items.map((item) => item.backupJobId)).toEqual(expect.arrayContaining([full.jobId, again.jobId]))
    expect(repair.details.figures!.blocksWritten).toBe(1)
    const clean = await call('verification:run', { storagePolicyId: 2, copyId, since: null })
    expect((await finished(clean.jobId)).status).toBe('Completed')
    const destination = join(backend!.dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: full.jobId, copyId, destination })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  })

  it('a storage policy created with deduplication backs up into its DDB: a second Full of unchanged content writes no block, and restores whole', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const { storagePolicyId } = await call('policies:create', {
      name: 'SP_Dedup', libraryId: 1, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, deviceStreams: 10, agingEnabled: true,
      retentionDays: 30, retentionCycles: 1, dedup: { mediaAgentId: 1, path: join(backend.dataDir, 'ddb', 'SP_Dedup'), blocks: 'variable' },
    })
    const folder = join(backend.dataDir, 'content', 'dedup-primary')
    mkdirSync(folder, { recursive: true })
    for (let index = 0; index < 6; index++) writeFileSync(join(folder, `file-${index}.bin`), randomBytes(500_000))
    const agentId = backend.catalog.clients.subclient(2)!.agentId
    const subclient = backend.catalog.clients.addSubclient({ agentId, name: 'dedup', storagePolicyId, content: [folder] })
    const first = await call('backup:run', { subclientId: subclient.id, backupType: 'Full' })
    expect((await finished(first.jobId)).status).toBe('Completed')
    const primary = backend.catalog.policies.copies(storagePolicyId)[0]!
    expect((await call('jobs:details', { jobId: first.jobId })).figures).toMatchObject({ bytesRead: 3_000_000, blocksFound: 0 })
    const second = await call('backup:run', { subclientId: subclient.id, backupType: 'Full' })
    expect((await finished(second.jobId)).status).toBe('Completed')
    const details = await call('jobs:details', { jobId: second.jobId })
    expect(details).toMatchObject({ deduplicated: true, figures: { bytesRead: 3_000_000, bytesWritten: 0, blocksWritten: 0 } })
    expect(details.figures!.blocksFound).toBeGreaterThan(10)
    expect(details.availability).toContain('deduplication database')
    expect((await call('copies:dedup', { copyId: primary.id })).figures).toMatchObject({ jobs: 2, applicationBytes: 6_000_000 })
    const files = filesUnder(join(backend.dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_DEDUP'))
    expect(files.some((file) => file.endsWith('.ctr'))).toBe(true)
    const destination = join(backend.dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: second.jobId, copyId: primary.id, destination })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  })

  it('View Jobs > Delete removes a Full with the Incrementals that restore through it, and its unshared blocks', async () => {
    const { copyId } = await financeWithDedupCopy('fixed')
    const folder = join(backend!.dataDir, 'content', 'finance-delete')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'a.db'), randomBytes(900_000))
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const full = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    await finished(full.jobId)
    writeFileSync(join(folder, 'b.db'), randomBytes(400_000))
    const incremental = await call('backup:run', { subclientId: 2, backupType: 'Incremental' })
    await finished(incremental.jobId)
    expect((await auxCopy(copyId)).row.status).toBe('Completed')
    const before = (await call('copies:dedup', { copyId })).figures!

    const asked = await call('copies:deleteJob', { copyId, backupJobIds: [full.jobId], confirm: false })
    expect(asked).toEqual({ deleted: false, copy: 'Copy_3', jobs: [{ jobId: full.jobId, backupType: 'Full', dependent: false }, { jobId: incremental.jobId, backupType: 'Incremental', dependent: true }] })
    expect((await statuses(copyId)).get(full.jobId)).toBe('Available') // asking changes nothing

    const done = await call('copies:deleteJob', { copyId, backupJobIds: [full.jobId], confirm: true })
    expect(done.deleted).toBe(true)
    const after = await statuses(copyId)
    expect(after.get(full.jobId)).toBe('Do Not Copy')
    expect(after.get(incremental.jobId)).toBe('Do Not Copy')
    const figures = (await call('copies:dedup', { copyId })).figures!
    expect(figures.jobs).toBe(before.jobs - 2)
    expect(figures.dataWrittenBytes).toBeLessThan(before.dataWrittenBytes - 1_000_000)
    // Not restorable from Copy_3 any more; the next aux copy leaves them alone.
    expect((await call('restore:form', { subclientId: 2 })).jobs.find((job) => job.backupJobId === full.jobId)!.copies.map((each) => each.id)).not.toContain(copyId)
    expect((await auxCopy(copyId)).details.items).toEqual([])
    // Every job still held restores whole: Data Verification reads them all.
    const verification = await call('verification:run', { storagePolicyId: 2, copyId, since: null })
    expect((await finished(verification.jobId)).status).toBe('Completed')

    const refusal = await dispatch(backend!.handlers, 'copies:deleteJob', { copyId, backupJobIds: [full.jobId], confirm: true })
    expect(refusal).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'backupJobIds', message: `Job ${full.jobId} has no data on Copy_3 (it is Do Not Copy there).` } })
    const primary = await dispatch(backend!.handlers, 'copies:deleteJob', { copyId: 2, backupJobIds: [full.jobId], confirm: false })
    expect(primary).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'copyId' } })
  })
  it('deleting a deduplicated copy removes its containers, recipes and DDB; a new copy that gets its id adopts nothing and copies everything again', async () => {
    const { copyId, mountPath } = await financeWithDedupCopy('fixed')
    const ddbPath = join(backend!.dataDir, 'ddb', 'SP_Finance_Copy_3')
    const first = await auxCopy(copyId)
    expect(first.row.status).toBe('Completed')
    const store = join(mountPath, 'CV_DEDUP', `D${copyId}`)
    expect(filesUnder(store).filter((file) => file.endsWith('.ctr')).length).toBeGreaterThan(0)
    expect(existsSync(join(ddbPath, 'ddb.sqlite'))).toBe(true)

    await call('copies:delete', { copyId })
    expect(existsSync(store)).toBe(false)
    expect(existsSync(ddbPath)).toBe(false)
    const events = await call('events:list', { limit: 50, beforeId: null })
    expect(events.events.map((event) => event.description).filter((text) => text.includes('could not all be removed'))).toEqual([])

    // The next copy created takes the same id (and the same DDB path): it starts empty and writes every block anew.
    const again = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
      dedup: { mediaAgentId: 1, path: ddbPath, blocks: 'fixed' }, sourceCopyId: 2,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    expect(again.id).toBe(copyId)
    expect((await call('copies:dedup', { copyId })).figures).toMatchObject({ jobs: 0, uniqueBlocks: 0 })
    const second = await auxCopy(copyId)
    expect(second.row.status).toBe('Completed')
    expect(second.details.figures!.blocksWritten).toBe(first.details.figures!.blocksWritten)
    expect(second.details.figures!.blocksFound).toBe(first.details.figures!.blocksFound)
  })

  it('deleting a plain copy removes its job folders from the mount path', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    await auxCopy(3)
    const folder = join(backend.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', 'SP2_C3')
    expect(readdirSync(folder).length).toBeGreaterThan(20)
    await call('copies:delete', { copyId: 3 })
    expect(existsSync(folder)).toBe(false)
  })
})
