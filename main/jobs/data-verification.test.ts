import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../app/ipc/contract'
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

const finished = (jobId: number): Promise<JobRow> => waitForJob(backend!, jobId)

const statusOn = async (nodeId: string, jobId: number) => (await call('node:jobs', { nodeId, limit: 10_000, offset: 0 })).rows.find((row) => row.cells.jobId === jobId)?.cells.status
const auxCopy = (copyId: number | null) =>
  call('auxcopy:run', { storagePolicyId: 2, copyId, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })

describe('Data Verification', () => {
  it('finds a flipped byte on Copy_2, marks that job Bad with the file and reason, the next aux copy copies it again, and Copy_2 restores it whole', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const folder = join(backend.dataDir, 'content', 'finance')
    mkdirSync(join(folder, 'sub'), { recursive: true })
    writeFileSync(join(folder, 'ledger.db'), Buffer.alloc(700_000, 'l'))
    writeFileSync(join(folder, 'sub', 'notes.txt'), 'quarter close')
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const { jobId: backupId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(backupId)).status).toBe('Completed')
    expect((await finished((await auxCopy(3)).jobId)).status).toBe('Completed')
    expect(await statusOn('copy:3', backupId)).toBe('Available')

    // Flip one byte in a chunk of the job on Copy_2.
    const jobDir = join(backend.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', 'SP2_C3', `J${backupId}`)
    const chunk = join(jobDir, 'C000001.chk')
    const bytes = readFileSync(chunk)
    bytes[1234] = bytes[1234]! ^ 0x01
    writeFileSync(chunk, bytes)

    const form = await call('verification:form', { storagePolicyId: 2 })
    expect(form.copies.map((copy) => copy.name)).toEqual(['Primary', 'Copy_2'])
    const first = await call('verification:run', { storagePolicyId: 2, copyId: 3, since: null })
    const row = await finished(first.jobId)
    expect(row).toMatchObject({ operation: 'Data Verification', status: 'Completed w/ one or more errors', copy: 'Copy_2' })
    const details = await call('jobs:details', { jobId: first.jobId })
    expect(details.errors).toEqual([{ backupJobId: backupId, file: chunk, reason: 'checksum mismatch' }])
    expect(details.items.find((item) => item.backupJobId === backupId)?.status).toBe('Bad: checksum mismatch')
    // Every other Available job of Copy_2 was read and verified.
    const verifiedItems = details.items.filter((item) => item.status === 'Verified')
    expect(verifiedItems.length).toBeGreaterThan(10)
    expect(details.availability).toContain('re-read chunk by chunk')
    expect(await statusOn('copy:3', backupId)).toBe('Bad')
    const events = (await call('events:list', { limit: 50, beforeId: null })).events
    expect(events.some((event) => event.severity === 'Major' && event.description.includes(`Job ${backupId} is Bad on Copy_2: ${chunk}: checksum mismatch`))).toBe(true)
    // Copy Properties shows when each job was last verified, and why the bad one is Bad.
    const verification = await call('copies:verification', { copyId: 3, limit: 1000, offset: 0 })
    expect(verification.jobs.find((job) => job.jobId === backupId)).toMatchObject({ status: 'Bad', badReason: `${chunk}: checksum mismatch` })
    expect(verification.jobs.filter((job) => job.verifiedAt !== null).length).toBe(verifiedItems.length)
    // The bad job is no restore source on Copy_2 any more.
    const restorable = (await call('restore:form', { subclientId: 2 })).jobs.find((job) => job.backupJobId === backupId)!
    expect(restorable.copies.map((copy) => copy.name)).toEqual(['Primary'])

    // The next aux copy copies the Bad job again, from the source.
    const again = await auxCopy(3)
    expect((await finished(again.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: again.jobId })).items.map((item) => item.backupJobId)).toEqual([backupId])
    expect(await statusOn('copy:3', backupId)).toBe('Available')

    const second = await call('verification:run', { storagePolicyId: 2, copyId: 3, since: null })
    expect((await finished(second.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: second.jobId })).errors).toEqual([])

    const destination = join(backend.dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: backupId, copyId: 3, destination })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: restore.jobId })).items.map((item) => item.status)).toEqual(['Restored'])
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  })

  it('a Bad job on the primary copy makes the next backup of its subclient a Full, and says why', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const folder = join(backend.dataDir, 'content', 'finance')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'a.txt'), 'first')
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const full = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    await finished(full.jobId)
    const primaryDir = join(backend.dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', 'SP2_C2', `J${full.jobId}`)
    writeFileSync(join(primaryDir, 'C000001.chk'), 'garbage')

    const since = (await call('commcell:info', {})).now - 60_000
    const verification = await call('verification:run', { storagePolicyId: 2, copyId: 2, since })
    await finished(verification.jobId)
    const details = await call('jobs:details', { jobId: verification.jobId })
    // Only jobs since the date were read: the new Full alone.
    expect(details.items.map((item) => item.backupJobId)).toEqual([full.jobId])
    expect(details.errors).toEqual([{ backupJobId: full.jobId, file: join(primaryDir, 'C000001.chk'), reason: expect.stringContaining('chunk is 7 bytes') }])
    expect(await statusOn('copy:2', full.jobId)).toBe('Bad')

    writeFileSync(join(folder, 'b.txt'), 'second')
    const next = await call('backup:run', { subclientId: 2, backupType: 'Incremental' })
    const row = await finished(next.jobId)
    expect(row).toMatchObject({ backupType: 'Full', status: 'Completed' })
    const events = (await call('events:list', { limit: 20, beforeId: null })).events
    expect(events.some((event) => event.description.includes(`it runs as a Full because a job it would build on is not Available on the primary copy`))).toBe(true)
  })

  it('refuses a copy of another storage policy and a date in the future, naming the field', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const refusal = async (input: CommandInput<'verification:run'>) => {
      const result = await dispatch(backend!.handlers, 'verification:run', input)
      return result.ok ? null : result.error
    }
    expect(await refusal({ storagePolicyId: 1, copyId: 3, since: null })).toMatchObject({ code: 'not_found', field: 'copyId' })
    const now = (await call('commcell:info', {})).now
    expect(await refusal({ storagePolicyId: 2, copyId: 3, since: now + 86_400_000 })).toMatchObject({ code: 'invalid_input', field: 'since', message: 'Jobs since cannot be in the future.' })
  })
})
