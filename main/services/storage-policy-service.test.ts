import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandName } from '../../app/ipc/contract'
import { autocopyPolicyName } from '../../app/model/schedule'
import type { PushedEvent } from '../event-bus'
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

async function refusal(command: CommandName, input: unknown) {
  const result = await dispatch(backend!.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted`)
  return result.error
}

// The demo's SP_Finance (id 2): Primary (copy 2, DiskLib01) and Copy_2 (copy 3, DiskLib02); subclient finance is id 2.
const finance = 2
const primaryId = 2
const copy2Id = 3

const statesOn = async (copyId: number) =>
  new Map((await call('node:jobs', { nodeId: `copy:${copyId}`, limit: 10_000, offset: 0 })).rows.map((row) => [row.cells.jobId as number, row.cells.status]))
const finished = async (jobId: number) => (await waitForJob(backend!, jobId)).status
const auxCopy = (copyId: number) =>
  call('auxcopy:run', { storagePolicyId: 2, copyId, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
const backup = async (backupType: 'Full' | 'Incremental') => (await call('backup:run', { subclientId: finance, backupType })).jobId
const copyNames = async () => (await call('node:contents', { nodeId: 'storagePolicy:2' })).rows.map((row) => `${row.cells.precedence as number} ${row.cells.name as string} ${row.cells.type as string}`)

/** Restores a job (by copy precedence when `copyId` is null) and answers the bytes restored and the copy each job came from. */
async function restore(backupJobId: number, copyId: number | null, folder: string, name: string) {
  const destination = join(backend!.dataDir, 'restored', name)
  const { jobId } = await call('restore:run', { backupJobId, copyId, destination })
  expect(await finished(jobId)).toBe('Completed')
  const { items } = await call('jobs:details', { jobId })
  return { files: checksums(join(destination, ...folder.split('/').filter(Boolean))), from: items.map((item) => `${item.backupJobId} ${item.copy}`) }
}

describe('Promote to Primary', () => {
  it('makes Copy_2 the primary: the next backup lands on it and restores from it, the former primary gets it To Be Copied and an aux copy copies it', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const folder = join(backend.dataDir, 'content', 'finance')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'ledger.db'), Buffer.alloc(400_000, 'a'))
    await call('subclients:update', { subclientId: finance, content: [folder] })
    const full = await backup('Full')
    expect(await finished(full)).toBe('Completed')
    expect(await finished((await auxCopy(copy2Id)).jobId)).toBe('Completed')
    // An incremental that Copy_2 has not received yet: Copy_2 will lack it as the primary.
    writeFileSync(join(folder, 'journal.txt'), 'posted')
    const incremental = await backup('Incremental')
    expect(await finished(incremental)).toBe('Completed')
    const atIncremental = checksums(folder)

    // The confirmation's content: asking changes nothing.
    const before = backend.catalog.fingerprint()
    const preview = await call('copies:promote', { copyId: copy2Id, confirm: false })
    expect(preview).toMatchObject({
      promoted: false, policy: 'SP_Finance', copy: 'Copy_2', formerPrimary: 'Primary', resourced: [], schedules: [autocopyPolicyName],
      missingCount: 1, fullsNext: ['localhost / File System / finance'],
    })
    expect(preview.missing).toEqual([
      { jobId: incremental, subclient: 'localhost / File System / finance', backupType: 'Incremental', startTime: expect.any(Number), state: 'To Be Copied' },
    ])
    expect(backend.catalog.fingerprint()).toBe(before)

    const pushed: PushedEvent[] = []
    backend.bus.subscribe((event) => pushed.push(event))
    expect(await call('copies:promote', { copyId: copy2Id, confirm: true })).toMatchObject({ promoted: true, missingCount: 1 })
    expect(await call('copies:get', { copyId: copy2Id })).toMatchObject({ copyType: 'primary', precedence: 1, sourceCopyId: null, backupsOnAfter: null, schedules: [] })
    expect(await call('copies:get', { copyId: primaryId })).toMatchObject({ copyType: 'synchronous', precedence: 2, sourceCopyId: copy2Id, schedules: [autocopyPolicyName] })
    expect(await copyNames()).toEqual(['1 Copy_2 Primary', '2 Primary Synchronous'])
    expect((await call('tree:children', { nodeId: 'storagePolicy:2' })).nodes.map((node) => node.name)).toEqual(['Copy_2', 'Primary'])
    expect(pushed.some((event) => event.event === 'tree:changed' && event.payload.nodeIds.includes('storagePolicy:2'))).toBe(true)
    const events = (await call('events:list', { limit: 20, beforeId: null })).events
    expect(events.some((event) => event.description.startsWith('Copy Copy_2 promoted to the primary copy of storage policy SP_Finance'))).toBe(true)

    // Job states: the new primary lists what it holds; the former primary keeps every job it held, Available.
    const onCopy2 = await statesOn(copy2Id)
    expect(onCopy2.get(full)).toBe('Available')
    expect(onCopy2.has(incremental)).toBe(false)
    const onPrimary = await statesOn(primaryId)
    expect([onPrimary.get(full), onPrimary.get(incremental)]).toEqual(['Available', 'Available'])
    expect(new Set(onPrimary.values())).toEqual(new Set(['Available']))

    // The next backup lands on Copy_2, as a Full: the incremental it would build on is not on the new primary.
    writeFileSync(join(folder, 'journal.txt'), 'posted twice')
    const next = await backup('Incremental')
    expect(await finished(next)).toBe('Completed')
    expect((await call('jobs:details', { jobId: next })).job).toMatchObject({ backupType: 'Full', copy: 'Copy_2' })
    expect((await statesOn(copy2Id)).get(next)).toBe('Available')
    expect((await statesOn(primaryId)).get(next)).toBe('To Be Copied')

    // Restores by copy precedence: the new job from Copy_2, the incremental Copy_2 lacks from Primary.
    const latest = await restore(next, null, folder, 'latest')
    expect(latest.files).toEqual(checksums(folder))
    expect(latest.from).toEqual([`${next} Copy_2`])
    const older = await restore(incremental, null, folder, 'older')
    expect(older.files).toEqual(atIncremental)
    expect(older.from).toEqual([`${full} Copy_2`, `${incremental} Primary`])

    // An aux copy copies the new backup from Copy_2 to the former primary, which then restores it.
    const aux = await auxCopy(primaryId)
    expect(await finished(aux.jobId)).toBe('Completed')
    expect((await call('jobs:details', { jobId: aux.jobId })).items.map((item) => `${item.backupJobId} ${item.copy}`)).toEqual([`${next} Primary`])
    expect((await statesOn(primaryId)).get(next)).toBe('Available')
    expect((await restore(next, primaryId, folder, 'from-primary')).files).toEqual(checksums(folder))
  })

  it('sources the other copies from the promoted copy, keeps precedences dense, and says what they will not receive', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const disk2 = (await call('policies:form', {})).libraries.find((library) => library.name === 'DiskLib02')!
    const copy3 = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_3', libraryId: disk2.id, mediaAgentId: disk2.mediaAgents[0]!.id, drivePoolId: null, scratchPoolId: null,
      active: true, dedup: null, sourceCopyId: primaryId, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30,
      retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    const onPrimary = await statesOn(primaryId)
    expect(onPrimary.size).toBeGreaterThan(20)
    const preview = await call('copies:promote', { copyId: copy3.id, confirm: false })
    // Copy_3 holds nothing yet: every job of Primary is missing there, and Copy_2 would receive none of them.
    expect(preview).toMatchObject({ formerPrimary: 'Primary', missingCount: onPrimary.size, resourced: [{ name: 'Copy_2', lostToBeCopied: onPrimary.size }] })
    expect(preview.missing).toHaveLength(50)
    expect(preview.fullsNext).toEqual(expect.arrayContaining(['localhost / File System / finance', 'localhost / SQL Server / FinanceDB']))

    await call('copies:promote', { copyId: copy3.id, confirm: true })
    expect(await copyNames()).toEqual(['1 Copy_3 Primary', '2 Primary Synchronous', '3 Copy_2 Synchronous'])
    expect((await call('copies:get', { copyId: copy2Id })).sourceCopyId).toBe(copy3.id)
    expect((await call('copies:get', { copyId: primaryId })).sourceCopyId).toBe(copy3.id)
    // No job is lost from the catalog's view: the former primary still lists every one Available.
    const after = await statesOn(primaryId)
    expect(after.size).toBe(onPrimary.size)
    expect(new Set(after.values())).toEqual(new Set(['Available']))
    expect((await statesOn(copy3.id)).size).toBe(0)
  })

  it('refuses the primary copy and a copy on tape, changing nothing', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const { resources, policies } = backend.catalog
    const tape = resources.libraries().find((library) => library.kind === 'tape')!
    const tapeCopy = policies.addCopy(
      {
        storagePolicyId: 2, name: 'Tape_Copy', copyType: 'synchronous', active: true, precedence: 3, libraryId: tape.id, mediaAgentId: tape.mediaAgentIds[0]!,
        drivePoolId: resources.drivePools(tape.id)[0]!.id, scratchPoolId: resources.scratchPools(tape.id)[0]!.id, dedup: false, ddbMediaAgentId: null,
        ddbPath: null, dedupBlocks: null, sourceCopyId: primaryId, backupsOnAfter: null, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
        selective: null, deferDays: 0, encryption: null,
      },
      Date.now(),
    )
    const before = backend.catalog.fingerprint()
    expect(await refusal('copies:promote', { copyId: primaryId, confirm: true })).toEqual({
      code: 'invalid_input', field: 'copyId', message: 'Primary is already the primary copy.',
    })
    const onTape = await refusal('copies:promote', { copyId: tapeCopy.id, confirm: false })
    expect(onTape).toMatchObject({ code: 'conflict', field: 'copyId' })
    expect(onTape.message).toBe(
      'Tape_Copy cannot be promoted to primary: TapeLib01 is a tape library, and backups write to disk libraries: choose a disk library for the primary copy (tape holds secondary copies).',
    )
    expect(backend.catalog.fingerprint()).toBe(before)
  })

  it('refuses while a job of the policy has not ended, naming it, and promotes once it ended', async () => {
    backend = tempBackend('demo', { throttle: 2_000_000 })
    await backend.ready
    const folder = join(backend.dataDir, 'content', 'finance')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'big.bin'), Buffer.alloc(8_000_000, 'b'))
    await call('subclients:update', { subclientId: finance, content: [folder] })
    const running = await backup('Full')
    await call('jobs:control', { jobId: running, action: 'suspend' })
    await waitForJob(backend, running, (row) => row.status === 'Suspended')
    const before = backend.catalog.fingerprint()
    const busy = await refusal('copies:promote', { copyId: copy2Id, confirm: true })
    expect(busy).toEqual({
      code: 'conflict', field: 'copyId',
      message: `Job ${running} (Backup, Suspended) of this storage policy has not ended; promote Copy_2 after it ends.`,
    })
    expect(backend.catalog.fingerprint()).toBe(before)
    await call('jobs:control', { jobId: running, action: 'kill' })
    expect(await finished(running)).toBe('Killed')
    expect((await call('copies:promote', { copyId: copy2Id, confirm: true })).promoted).toBe(true)
  })
})

describe('Storage Policy Properties', () => {
  it('saves Device Streams and a new copy precedence order together; the copy list and tree show it at once', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const disk2 = (await call('policies:form', {})).libraries.find((library) => library.name === 'DiskLib02')!
    const copy3 = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_3', libraryId: disk2.id, mediaAgentId: disk2.mediaAgents[0]!.id, drivePoolId: null, scratchPoolId: null,
      active: true, dedup: null, sourceCopyId: primaryId, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30,
      retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    const opened = await call('policies:get', { storagePolicyId: 2 })
    expect(opened).toMatchObject({ name: 'SP_Finance', deviceStreams: 50 })
    expect(opened.copies.map((copy) => `${copy.precedence} ${copy.name}`)).toEqual(['1 Primary', '2 Copy_2', '3 Copy_3'])
    const pushed: PushedEvent[] = []
    backend.bus.subscribe((event) => pushed.push(event))
    const saved = await call('policies:update', { storagePolicyId: 2, deviceStreams: 7, copyOrder: [primaryId, copy3.id, copy2Id] })
    expect(saved.copies.map((copy) => `${copy.precedence} ${copy.name}`)).toEqual(['1 Primary', '2 Copy_3', '3 Copy_2'])
    expect(await copyNames()).toEqual(['1 Primary Primary', '2 Copy_3 Synchronous', '3 Copy_2 Synchronous'])
    expect((await call('tree:children', { nodeId: 'storagePolicy:2' })).nodes.map((node) => node.name)).toEqual(['Primary', 'Copy_3', 'Copy_2'])
    expect((await call('node:contents', { nodeId: 'storagePolicies' })).rows.find((row) => row.cells.name === 'SP_Finance')?.cells.deviceStreams).toBe(7)
    expect(pushed.some((event) => event.event === 'tree:changed' && event.payload.nodeIds.includes('storagePolicy:2'))).toBe(true)
  })

  it('refuses a bad Device Streams or an order that moves the primary or misses a copy, naming the field, and changes nothing', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const before = backend.catalog.fingerprint()
    const streams = async (deviceStreams: unknown) => refusal('policies:update', { storagePolicyId: 2, deviceStreams, copyOrder: [primaryId, copy2Id] })
    expect(await streams(0)).toEqual({ code: 'invalid_input', field: 'deviceStreams', message: 'Device Streams must be at least 1.' })
    expect(await streams(1001)).toEqual({ code: 'invalid_input', field: 'deviceStreams', message: 'Device Streams must be at most 1000.' })
    expect(await streams(2.5)).toEqual({ code: 'invalid_input', field: 'deviceStreams', message: 'Device Streams must be a whole number.' })
    expect(await refusal('policies:update', { storagePolicyId: 2, deviceStreams: 5, copyOrder: [copy2Id, primaryId] })).toEqual({
      code: 'invalid_input', field: 'copyOrder', message: 'The primary copy Primary is always copy precedence 1.',
    })
    expect(await refusal('policies:update', { storagePolicyId: 2, deviceStreams: 5, copyOrder: [primaryId] })).toEqual({
      code: 'invalid_input', field: 'copyOrder', message: 'Copy Precedence must list each copy of the storage policy once.',
    })
    // A copy of another storage policy (SP_Default's Primary is copy 1).
    expect((await refusal('policies:update', { storagePolicyId: 2, deviceStreams: 5, copyOrder: [primaryId, 1] })).field).toBe('copyOrder')
    expect(backend.catalog.fingerprint()).toBe(before)
  })
})
