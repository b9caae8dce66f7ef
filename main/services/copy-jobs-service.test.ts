import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../app/ipc/contract'
import { retainIndefinitely, type ViewJobsFilter } from '../../app/model/copy-jobs'
import { dispatch } from '../ipc/dispatch'
import { waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})
const call = callerOf(() => backend!)
const day = 24 * 60 * 60 * 1000

/**
 * SP_Marks on DiskLib01 with its own small subclient and three backups (Full, Incremental, Full), and Copy_2 on
 * DiskLib02 taking all of them from the primary copy.
 */
async function marksPolicy(options: { throttle?: number } = {}) {
  backend = tempBackend('demo', options)
  await backend.ready
  const { storagePolicyId } = await call('policies:create', {
    name: 'SP_Marks', libraryId: 1, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, deviceStreams: 2, agingEnabled: true,
    retentionDays: 30, retentionCycles: 1, dedup: null,
  })
  const folder = join(backend.dataDir, 'content', 'marks')
  mkdirSync(folder, { recursive: true })
  writeFileSync(join(folder, 'a.bin'), randomBytes(300_000))
  const agentId = backend.catalog.clients.subclient(2)!.agentId
  const subclient = backend.catalog.clients.addSubclient({ agentId, name: 'marks', storagePolicyId, content: [folder] })
  const backup = async (backupType: 'Full' | 'Incremental') => {
    const { jobId } = await call('backup:run', { subclientId: subclient.id, backupType })
    expect((await waitForJob(backend!, jobId)).status).toBe('Completed')
    return jobId
  }
  const full = await backup('Full')
  writeFileSync(join(folder, 'b.bin'), randomBytes(200_000))
  const incremental = await backup('Incremental')
  const secondFull = await backup('Full')
  const primaryId = backend.catalog.policies.copies(storagePolicyId)[0]!.id
  const copy = await call('copies:create', {
    storagePolicyId, name: 'Copy_2', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true, dedup: null,
    sourceCopyId: primaryId, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
    confirmAllBackups: true, auxCopySchedule: null,
  })
  const jobFolder = (jobId: number) => join(backend!.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', `SP${storagePolicyId}_C${copy.id}`, `J${jobId}`)
  return { storagePolicyId, primaryId, copyId: copy.id, subclientId: subclient.id, full, incremental, secondFull, jobFolder }
}

/** Runs an aux copy of SP_Marks to the copy; answers the backup jobs it copied. */
async function auxCopy(storagePolicyId: number, copyId: number): Promise<number[]> {
  const { jobId } = await call('auxcopy:run', { storagePolicyId, copyId, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
  expect((await waitForJob(backend!, jobId)).status).toBe('Completed')
  return (await call('jobs:details', { jobId })).items.map((item) => item.backupJobId).sort((a, b) => a - b)
}

/** The copy's View Jobs: each job's Status and Retained Until there. */
async function viewJobs(copyId: number, filter?: ViewJobsFilter) {
  const table = await call('node:jobs', { nodeId: `copy:${copyId}`, limit: 100, offset: 0, ...(filter ? { filter } : {}) })
  return new Map(table.rows.map((row) => [row.cells.jobId as number, { status: row.cells.status, retainUntil: row.cells.retainUntil }]))
}

const statusOf = async (copyId: number, jobId: number) => (await viewJobs(copyId)).get(jobId)?.status
const mark = (input: Omit<CommandInput<'copies:markJobs'>, 'retainUntil'> & { retainUntil?: number | null }) =>
  call('copies:markJobs', { retainUntil: null, ...input })
const refusal = async (input: CommandInput<'copies:markJobs'>) => {
  const result = await dispatch(backend!.handlers, 'copies:markJobs', input)
  if (result.ok) throw new Error('expected a refusal')
  return result.error
}
const eventTexts = async () => (await call('events:list', { limit: 50, beforeId: null })).events.map((event) => `${event.severity}: ${event.description}`)

describe("a copy's View Jobs actions", () => {
  it('Do Not Copy keeps two To Be Copied jobs out of the next aux copy; Copy Again puts one back, and the next aux copy takes it', async () => {
    const { storagePolicyId, copyId, full, incremental, secondFull } = await marksPolicy()
    expect(await statusOf(copyId, incremental)).toBe('To Be Copied')

    const marked = await mark({ copyId, jobIds: [incremental, secondFull], action: 'doNotCopy' })
    expect(marked.jobs).toEqual([
      { jobId: incremental, status: 'Do Not Copy', retainUntil: null },
      { jobId: secondFull, status: 'Do Not Copy', retainUntil: null },
    ])
    expect(await eventTexts()).toContain(`Information: Jobs ${incremental}, ${secondFull} marked Do Not Copy on copy Copy_2 of storage policy SP_Marks by the administrator.`)
    expect(await auxCopy(storagePolicyId, copyId)).toEqual([full])
    expect(await statusOf(copyId, secondFull)).toBe('Do Not Copy')

    await mark({ copyId, jobIds: [secondFull], action: 'copyAgain' })
    expect(await statusOf(copyId, secondFull)).toBe('To Be Copied')
    expect(await auxCopy(storagePolicyId, copyId)).toEqual([secondFull])
    const after = await viewJobs(copyId)
    expect([after.get(full)?.status, after.get(incremental)?.status, after.get(secondFull)?.status]).toEqual(['Available', 'Do Not Copy', 'Available'])
  })

  it('Copy Again of an Available job removes its data from the copy; the next aux copy writes it whole again', async () => {
    const { storagePolicyId, copyId, full, incremental, secondFull, jobFolder } = await marksPolicy()
    expect(await auxCopy(storagePolicyId, copyId)).toEqual([full, incremental, secondFull])
    expect(existsSync(join(jobFolder(full), 'manifest.json'))).toBe(true)

    await mark({ copyId, jobIds: [full], action: 'copyAgain' })
    expect(await statusOf(copyId, full)).toBe('To Be Copied')
    expect(existsSync(jobFolder(full))).toBe(false)

    const { jobId } = await call('auxcopy:run', { storagePolicyId, copyId, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: true, description: '' })
    expect((await waitForJob(backend!, jobId)).status).toBe('Completed')
    const details = await call('jobs:details', { jobId })
    expect(details.items.map((item) => [item.backupJobId, item.status])).toEqual([[full, 'Copied and verified']])
    expect(details.figures!.bytesWritten).toBeGreaterThan(250_000)
    expect(existsSync(join(jobFolder(full), 'manifest.json'))).toBe(true)
    expect(await statusOf(copyId, full)).toBe('Available')
  })

  it('Mark Job Bad on a secondary copy: the job is Bad there with the reason, and the next aux copy copies it again', async () => {
    const { storagePolicyId, copyId, subclientId, full, incremental, secondFull } = await marksPolicy()
    await auxCopy(storagePolicyId, copyId)
    await mark({ copyId, jobIds: [incremental], action: 'markBad' })
    const verification = await call('copies:verification', { copyId, limit: 10, offset: 0 })
    expect(verification.jobs.find((job) => job.jobId === incremental)).toMatchObject({ status: 'Bad', badReason: 'Marked bad by the administrator.' })
    expect((await call('restore:form', { subclientId })).jobs.find((job) => job.backupJobId === incremental)!.copies.map((each) => each.name)).not.toContain('Copy_2')
    expect(await auxCopy(storagePolicyId, copyId)).toEqual([incremental])
    expect(await statusOf(copyId, incremental)).toBe('Available')
    expect([await statusOf(copyId, full), await statusOf(copyId, secondFull)]).toEqual(['Available', 'Available'])
  })

  it('Mark Job Bad on the primary copy: the job is no longer restored nor To Be Copied on the secondary copy', async () => {
    const { storagePolicyId, primaryId, copyId, subclientId, full, secondFull } = await marksPolicy()
    await mark({ copyId: primaryId, jobIds: [secondFull], action: 'markBad' })
    expect(await statusOf(primaryId, secondFull)).toBe('Bad')
    const holding = new Map((await call('restore:form', { subclientId })).jobs.map((job) => [job.backupJobId, job.copies.map((each) => each.name)]))
    expect(holding.get(full)).toEqual(['Primary'])
    expect(holding.get(secondFull)).toEqual([])
    const restore = await dispatch(backend!.handlers, 'restore:run', { backupJobId: secondFull, copyId: null, destination: join(backend!.dataDir, 'restored') })
    expect(restore).toMatchObject({ ok: false })
    expect((await viewJobs(copyId)).has(secondFull)).toBe(false)
    expect(await auxCopy(storagePolicyId, copyId)).not.toContain(secondFull)
    expect(await eventTexts()).toContain(
      `Information: Job ${secondFull} marked bad on copy Primary of storage policy SP_Marks by the administrator; it is no longer restored or copied from it.`,
    )
  })

  it('Delete of two jobs lists both with the Incremental that restores through the first, and removes all three', async () => {
    const { storagePolicyId, copyId, full, incremental, secondFull, jobFolder } = await marksPolicy()
    await auxCopy(storagePolicyId, copyId)
    const asked = await call('copies:deleteJob', { copyId, backupJobIds: [secondFull, full], confirm: false })
    expect(asked.jobs).toEqual([
      { jobId: full, backupType: 'Full', dependent: false },
      { jobId: incremental, backupType: 'Incremental', dependent: true },
      { jobId: secondFull, backupType: 'Full', dependent: false },
    ])
    expect(await statusOf(copyId, full)).toBe('Available')
    await call('copies:deleteJob', { copyId, backupJobIds: [secondFull, full], confirm: true })
    const after = await viewJobs(copyId)
    for (const jobId of [full, incremental, secondFull]) {
      expect(after.get(jobId)?.status).toBe('Do Not Copy')
      expect(existsSync(jobFolder(jobId))).toBe(false)
    }
    expect(await auxCopy(storagePolicyId, copyId)).toEqual([])
  })

  it('Retain Job sets until a date or indefinitely, View Jobs shows it, Do Not Retain Job clears it', async () => {
    const { storagePolicyId, primaryId, copyId, full, incremental } = await marksPolicy()
    await auxCopy(storagePolicyId, copyId)
    const until = Date.now() + 30 * day
    const retained = await mark({ copyId, jobIds: [full, incremental], action: 'retain', retainUntil: until })
    expect(retained.jobs.map((job) => job.retainUntil)).toEqual([until, until])
    await mark({ copyId: primaryId, jobIds: [full], action: 'retain', retainUntil: retainIndefinitely })
    expect((await viewJobs(copyId)).get(full)).toEqual({ status: 'Available', retainUntil: until })
    expect((await viewJobs(primaryId)).get(full)).toEqual({ status: 'Available', retainUntil: 'Indefinitely' })
    expect(backend!.catalog.jobs.location(full, primaryId)?.retainUntil).toBe(retainIndefinitely)
    expect((await eventTexts()).some((text) => text.includes(`Job ${full} retained on copy Primary of storage policy SP_Marks indefinitely`))).toBe(true)

    await mark({ copyId, jobIds: [incremental], action: 'doNotRetain' })
    expect((await viewJobs(copyId)).get(incremental)?.retainUntil).toBeNull()
    expect((await viewJobs(copyId)).get(full)?.retainUntil).toBe(until)
    expect(await refusal({ copyId, jobIds: [incremental], action: 'doNotRetain', retainUntil: null })).toMatchObject({
      code: 'invalid_input', field: 'jobIds', message: `Job ${incremental} is not retained on Copy_2.`,
    })
    expect(await refusal({ copyId, jobIds: [incremental], action: 'retain', retainUntil: Date.now() - day })).toMatchObject({ code: 'invalid_input', field: 'retainUntil' })
    expect(await refusal({ copyId, jobIds: [incremental], action: 'retain', retainUntil: null })).toMatchObject({
      code: 'invalid_input', field: 'retainUntil', message: 'Retain Job Until is required to retain a job.',
    })
  })

  it('refuses a job in a state the action does not take, all or nothing; a job of another policy; a copy in use', async () => {
    const { storagePolicyId, copyId, full, incremental } = await marksPolicy({ throttle: 200_000 })
    const { jobId: copying } = await call('auxcopy:run', { storagePolicyId, copyId, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await waitForJob(backend!, copying, (row) => row.status === 'Running')
    expect(await refusal({ copyId, jobIds: [incremental], action: 'doNotCopy', retainUntil: null })).toEqual({
      code: 'conflict', field: 'copyId', message: `Job ${copying} (Auxiliary Copy) is using Copy_2; Do Not Copy after it ends.`,
    })
    await call('jobs:control', { jobId: copying, action: 'kill' })
    await waitForJob(backend!, copying)

    // Nothing copied whole yet: the Full is To Be Copied or Partially Copied, never Available, so Copy Again is refused.
    const before = await viewJobs(copyId)
    const problem = await refusal({ copyId, jobIds: [incremental, full], action: 'copyAgain', retainUntil: null })
    expect(problem).toMatchObject({ code: 'invalid_input', field: 'jobIds' })
    expect(problem.message).toMatch(new RegExp(`^Job ${incremental} is (To Be Copied|Partially Copied) on Copy_2; Copy Again applies to Available or Do Not Copy jobs\\.$`))
    expect(await viewJobs(copyId)).toEqual(before)
    expect(await refusal({ copyId, jobIds: [2], action: 'doNotCopy', retainUntil: null })).toMatchObject({ code: 'not_found', field: 'jobIds', message: 'Job 2 of this storage policy does not exist.' })
    expect(await refusal({ copyId, jobIds: [full, full], action: 'doNotCopy', retainUntil: null })).toMatchObject({ code: 'invalid_input', field: 'jobIds', message: 'Each job can be listed only once.' })
    expect(await refusal({ copyId, jobIds: [], action: 'doNotCopy', retainUntil: null })).toMatchObject({ field: 'jobIds', message: 'Choose at least one job.' })
  })

  it('the View Jobs filter keeps the jobs of a type, a status on the copy and a start time range', async () => {
    const { storagePolicyId, copyId, full, incremental, secondFull } = await marksPolicy()
    await mark({ copyId, jobIds: [incremental], action: 'doNotCopy' })
    const all = { backupType: null, status: null, timeRange: 'all', startTime: null, endTime: null } as const
    expect([...(await viewJobs(copyId, { ...all, backupType: 'Full' })).keys()]).toEqual([secondFull, full])
    expect([...(await viewJobs(copyId, { ...all, status: 'Do Not Copy' })).keys()]).toEqual([incremental])
    expect([...(await viewJobs(copyId, { ...all, status: 'To Be Copied' })).keys()]).toEqual([secondFull, full])
    expect([...(await viewJobs(copyId, { ...all, status: 'To Be Copied', backupType: 'Incremental' })).keys()]).toEqual([])
    const start = backend!.catalog.jobs.backupJob(secondFull)!.startTime
    expect([...(await viewJobs(copyId, { ...all, timeRange: 'specify', startTime: start, endTime: start + day })).keys()]).toEqual([secondFull])
    expect([...(await viewJobs(copyId, { ...all, timeRange: 'specify', startTime: start - 10 * day, endTime: start - 5 * day })).keys()]).toEqual([])
    await auxCopy(storagePolicyId, copyId)
    expect([...(await viewJobs(copyId, { ...all, status: 'Available' })).keys()]).toEqual([secondFull, full])

    const refused = await dispatch(backend!.handlers, 'node:jobs', { nodeId: `storagePolicy:${storagePolicyId}`, limit: 10, offset: 0, filter: all })
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'filter' } })
    const badRange = await dispatch(backend!.handlers, 'node:jobs', { nodeId: `copy:${copyId}`, limit: 10, offset: 0, filter: { ...all, timeRange: 'specify', startTime: start, endTime: start - day } })
    expect(badRange).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'filter.endTime', message: 'End Time cannot be before Start Time.' } })
  })
})
