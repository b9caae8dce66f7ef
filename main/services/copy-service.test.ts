import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import type { CreateCopyInput } from '../../app/model/copy-input'
import { backupsNotOnTape, dataPathProblems } from '../../app/rules/copy-form'
import type { TreeNode } from '../../app/model/tree'
import type { PushedEvent } from '../event-bus'
import { dispatch } from '../ipc/dispatch'
import { tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const day = 24 * 60 * 60 * 1000

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
  return result.value as CommandOutput<C>
}

async function refusal<C extends CommandName>(command: C, input: unknown) {
  const result = await dispatch(backend!.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted`)
  return result.error
}

async function policyId(name: string): Promise<number> {
  const { nodes } = await call('tree:children', { nodeId: 'storagePolicies' })
  return Number(nodes.find((node: TreeNode) => node.name === name)!.id.split(':')[1])
}

async function library(name: string) {
  const form = await call('policies:form', {})
  return form.libraries.find((candidate) => candidate.name === name)!
}

/** A Create New Copy input as the dialog sends it after OK, on SP_Finance (source Primary) by default. */
async function createInput(overrides: Partial<CreateCopyInput> = {}, policy = 'SP_Finance'): Promise<CreateCopyInput> {
  const form = await call('copies:form', { storagePolicyId: await policyId(policy) })
  const disk2 = form.libraries.find((candidate) => candidate.name === 'DiskLib02')!
  return {
    storagePolicyId: form.storagePolicyId,
    name: form.suggestedName,
    libraryId: disk2.id,
    mediaAgentId: disk2.mediaAgents[0]!.id,
    drivePoolId: null,
    scratchPoolId: null,
    active: true,
    dedup: null,
    sourceCopyId: form.copies.find((copy) => copy.copyType === 'primary')!.id,
    backupPeriod: { kind: 'allBackups' },
    agingEnabled: true,
    retentionDays: 30,
    retentionCycles: 1,
    confirmAllBackups: true,
    auxCopySchedule: null,
    ...overrides,
  }
}

describe('Create New Copy', () => {
  it('suggests Copy_3 on SP_Finance and Copy_2 on SP_Default, and creates the copy with the next precedence', async () => {
    backend = tempBackend('demo')
    expect((await call('copies:form', { storagePolicyId: await policyId('SP_Default') })).suggestedName).toBe('Copy_2')
    const input = await createInput()
    expect(input.name).toBe('Copy_3')
    const pushed: PushedEvent[] = []
    backend.bus.subscribe((event) => pushed.push(event))
    const copy = await call('copies:create', input)
    expect(copy).toMatchObject({ name: 'Copy_3', precedence: 3, copyType: 'synchronous', dedup: false })
    const { nodes } = await call('tree:children', { nodeId: `storagePolicy:${input.storagePolicyId}` })
    expect(nodes.map((node) => node.name)).toEqual(['Primary', 'Copy_2', 'Copy_3'])
    expect(pushed.some((event) => event.event === 'tree:changed' && event.payload.nodeIds.includes(`storagePolicy:${input.storagePolicyId}`))).toBe(true)
    expect(pushed.some((event) => event.event === 'events:new' && event.payload.description.includes('Copy_3 created'))).toBe(true)
  })

  it('makes every job on the source copy To Be Copied for an All Backups copy', async () => {
    backend = tempBackend('demo')
    const input = await createInput()
    const copy = await call('copies:create', input)
    const primaryJobs = await call('node:jobs', { nodeId: `copy:${input.sourceCopyId}`, limit: 10_000, offset: 0 })
    const copyJobs = await call('node:jobs', { nodeId: `copy:${copy.id}`, limit: 10_000, offset: 0 })
    expect(copyJobs.rows).toHaveLength(primaryJobs.rows.length)
    expect(new Set(copyJobs.rows.map((row) => row.cells.status))).toEqual(new Set(['To Be Copied']))
  })

  it('admits only jobs on and after the chosen date for a Backups On and After copy', async () => {
    backend = tempBackend('demo')
    const since = Date.now() - 7 * day
    const copy = await call('copies:create', await createInput({ backupPeriod: { kind: 'onAndAfter', date: since }, confirmAllBackups: false }))
    const rows = (await call('node:jobs', { nodeId: `copy:${copy.id}`, limit: 10_000, offset: 0 })).rows
    expect(rows.length).toBeGreaterThan(0)
    const midnight = new Date(since)
    midnight.setHours(0, 0, 0, 0)
    expect(Math.min(...rows.map((row) => row.cells.startTime as number))).toBeGreaterThanOrEqual(midnight.getTime())
    expect(copy.backupsOnAfter).toBe(midnight.getTime())
  })

  it('refuses All Backups without confirmation when the source holds data older than 14 days', async () => {
    backend = tempBackend('demo')
    // Its start writes the catalog (recovery, the scheduler's first look): the fingerprint is taken after it.
    await backend.ready
    const input = await createInput({ confirmAllBackups: false })
    const check = await call('copies:check', { sourceCopyId: input.sourceCopyId })
    expect(check).toMatchObject({ olderThan14Days: true, moreThan10TB: false })
    const before = backend.catalog.fingerprint()
    const error = await refusal('copies:create', input)
    expect(error).toMatchObject({ code: 'conflict', field: 'backupPeriod' })
    expect(error.message).toContain('older than 14 days')
    expect(backend.catalog.fingerprint()).toBe(before)
  })

  it('does not ask on a policy whose source copy holds only recent data', async () => {
    backend = tempBackend('empty')
    const form = await call('policies:form', {})
    const disk1 = form.libraries[0]!
    await call('policies:create', {
      name: 'SP_New', libraryId: disk1.id, mediaAgentId: disk1.mediaAgents[0]!.id, drivePoolId: null, scratchPoolId: null,
      deviceStreams: 10, agingEnabled: true, retentionDays: 30, retentionCycles: 1, dedup: null,
    })
    const copyForm = await call('copies:form', { storagePolicyId: await policyId('SP_New') })
    const check = await call('copies:check', { sourceCopyId: copyForm.copies[0]!.id })
    expect(check).toMatchObject({ olderThan14Days: false, moreThan10TB: false, question: null })
    const copy = await call('copies:create', {
      storagePolicyId: copyForm.storagePolicyId, name: copyForm.suggestedName, libraryId: disk1.id,
      mediaAgentId: disk1.mediaAgents[0]!.id, drivePoolId: null, scratchPoolId: null, active: true, dedup: null,
      sourceCopyId: copyForm.copies[0]!.id, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30,
      retentionCycles: 1, confirmAllBackups: false, auxCopySchedule: null,
    })
    expect(copy.name).toBe('Copy_2')
  })

  it('refuses a duplicate name with the dialog message, naming the field', async () => {
    backend = tempBackend('demo')
    const error = await refusal('copies:create', await createInput({ name: ' copy_2 ' }))
    expect(error).toEqual({ code: 'invalid_input', field: 'name', message: 'A copy named copy_2 already exists in this storage policy.' })
  })

  it('requires Drive Pool and Scratch Pool for a tape library and creates the tape copy with them; refuses pools for disk', async () => {
    backend = tempBackend('demo')
    const tape = await library('TapeLib01')
    const onTape = await createInput({ libraryId: tape.id, mediaAgentId: tape.mediaAgents[0]!.id })
    expect(dataPathProblems(onTape, [tape], 'secondary')).toEqual({
      drivePoolId: 'Drive Pool is required for a tape library.',
      scratchPoolId: 'Scratch Pool is required for a tape library.',
    })
    expect(await refusal('copies:create', onTape)).toMatchObject({ code: 'invalid_input', field: 'drivePoolId' })
    const withPools = { ...onTape, drivePoolId: tape.drivePools[0]!.id, scratchPoolId: tape.scratchPools[0]!.id }
    const created = await call('copies:create', withPools)
    expect(created).toMatchObject({ libraryId: tape.id, drivePoolId: tape.drivePools[0]!.id, scratchPoolId: tape.scratchPools[0]!.id })
    expect((await call('tree:children', { nodeId: 'storagePolicy:2' })).nodes.map((node) => node.name)).toEqual(['Primary', 'Copy_2', created.name])
    const onDisk = await createInput({ name: 'Disk', drivePoolId: tape.drivePools[0]!.id })
    expect(await refusal('copies:create', onDisk)).toMatchObject({ field: 'drivePoolId', message: 'Drive Pool applies only to tape libraries.' })
  })

  it('refuses a MediaAgent without a data path to the library', async () => {
    backend = tempBackend('demo')
    const error = await refusal('copies:create', await createInput({ mediaAgentId: 999 }))
    expect(error).toMatchObject({ field: 'mediaAgentId' })
  })

  it('allows the primary copy library for a secondary copy', async () => {
    backend = tempBackend('demo')
    const disk1 = await library('DiskLib01')
    const copy = await call('copies:create', await createInput({ libraryId: disk1.id }))
    expect(copy.libraryId).toBe(disk1.id)
  })

  it('enables deduplication only at creation, only on disk, and creates the DDB folder', async () => {
    backend = tempBackend('demo')
    const tape = await library('TapeLib01')
    const ddbPath = join(backend.dataDir, 'ddb', 'Copy_3')
    const onTape = await createInput({
      libraryId: tape.id, mediaAgentId: tape.mediaAgents[0]!.id, drivePoolId: tape.drivePools[0]!.id,
      scratchPoolId: tape.scratchPools[0]!.id, dedup: { mediaAgentId: tape.mediaAgents[0]!.id, path: ddbPath, blocks: 'fixed' },
    })
    expect(await refusal('copies:create', onTape)).toMatchObject({ field: 'dedup', message: 'Deduplication is available only for disk libraries.' })
    expect(existsSync(ddbPath)).toBe(false)

    const input = await createInput({ dedup: { mediaAgentId: 1, path: ddbPath, blocks: 'fixed' } })
    const copy = await call('copies:create', input)
    expect(copy).toMatchObject({ dedup: true, ddbPath, ddbMediaAgentId: 1 })
    expect(existsSync(ddbPath)).toBe(true)

    const { schedules: _schedules, ...current } = copy
    const update = {
      copyId: copy.id, name: current.name, active: current.active, libraryId: current.libraryId, mediaAgentId: current.mediaAgentId,
      drivePoolId: null, scratchPoolId: null, backupPeriod: { kind: 'allBackups' as const }, agingEnabled: true,
      retentionDays: 30, retentionCycles: 1,
    }
    expect(await refusal('copies:update', { ...update, dedup: false })).toMatchObject({ code: 'invalid_input', field: 'dedup' })
    expect(await call('copies:update', { ...update, dedup: true, retentionDays: 60 })).toMatchObject({ dedup: true, retentionDays: 60 })
  })

  it('leaves nothing behind when the DDB folder is already used', async () => {
    backend = tempBackend('demo')
    // Its start writes the catalog (recovery, the scheduler's first look): the fingerprint is taken after it.
    await backend.ready
    const ddbPath = join(backend.dataDir, 'ddb', 'used')
    mkdirSync(ddbPath, { recursive: true })
    writeFileSync(join(ddbPath, 'other.db'), 'x')
    const before = backend.catalog.fingerprint()
    expect(await refusal('copies:create', await createInput({ dedup: { mediaAgentId: 1, path: ddbPath, blocks: 'fixed' } }))).toMatchObject({ field: 'dedup.path' })
    expect(backend.catalog.fingerprint()).toBe(before)
  })
})

describe('schedules of a new copy', () => {
  it('joins the System Created Autocopy schedule on a new CommCell, and the schedule policy lists it', async () => {
    backend = tempBackend('demo')
    const copy = await call('copies:create', await createInput())
    expect(copy.schedules).toEqual(['System Created Autocopy schedule'])
    const { nodes } = await call('tree:children', { nodeId: 'schedulePolicies' })
    const autocopy = nodes.find((node) => node.name === 'System Created Autocopy schedule')!
    const associations = await call('node:contents', { nodeId: autocopy.id })
    expect(associations.rows.map((row) => `${row.cells.storagePolicy} / ${row.cells.copy}`)).toEqual(['SP_Finance / Copy_2', 'SP_Finance / Copy_3'])
  })

  it('joins a storage policy schedule created with All Copies on an upgraded CommCell, after the Auxiliary Copy Schedule dialog', async () => {
    backend = tempBackend('upgraded')
    const form = await call('copies:form', { storagePolicyId: await policyId('SP_Finance') })
    expect(form).toMatchObject({ installKind: 'upgraded', autocopyPolicy: null, allCopiesSchedules: ['SP_Finance auxiliary copy'] })
    expect(await refusal('copies:create', await createInput())).toMatchObject({ field: 'auxCopySchedule' })
    const copy = await call('copies:create', await createInput({ auxCopySchedule: form.defaultAuxCopySchedule }))
    expect(copy.schedules.sort()).toEqual(['SP_Finance auxiliary copy', 'SP_Finance auxiliary copy schedule'].sort())
  })

  it('has no schedule dialog on a new CommCell', async () => {
    backend = tempBackend('demo')
    const form = await call('copies:form', { storagePolicyId: await policyId('SP_Finance') })
    expect(await refusal('copies:create', await createInput({ auxCopySchedule: form.defaultAuxCopySchedule }))).toMatchObject({ field: 'auxCopySchedule' })
  })
})

describe('Copy Properties and Delete', () => {
  it('renames, deactivates and changes retention of a secondary copy', async () => {
    backend = tempBackend('demo')
    const copy2 = await call('copies:get', { copyId: 3 })
    const updated = await call('copies:update', {
      copyId: 3, name: 'Offsite', active: false, libraryId: copy2.libraryId, mediaAgentId: copy2.mediaAgentId,
      drivePoolId: null, scratchPoolId: null, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 90, retentionCycles: 4,
    })
    expect(updated).toMatchObject({ name: 'Offsite', active: false, retentionDays: 90, retentionCycles: 4 })
    const contents = await call('node:contents', { nodeId: 'storagePolicy:2' })
    expect(contents.rows[1]!.cells).toMatchObject({ name: 'Offsite', active: false, retention: '90 days, 4 cycles' })
  })

  it('moves Backups On and After later and the earlier jobs are no longer To Be Copied', async () => {
    backend = tempBackend('demo')
    const copy2 = await call('copies:get', { copyId: 3 })
    const all = (await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 })).rows.length
    const since = Date.now() - 3 * day
    await call('copies:update', {
      copyId: 3, name: copy2.name, active: true, libraryId: copy2.libraryId, mediaAgentId: copy2.mediaAgentId,
      drivePoolId: null, scratchPoolId: null, backupPeriod: { kind: 'onAndAfter', date: since }, agingEnabled: true,
      retentionDays: 30, retentionCycles: 1,
    })
    const rows = (await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 })).rows
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(all)
    const midnight = new Date(since)
    midnight.setHours(0, 0, 0, 0)
    expect(rows.every((row) => (row.cells.startTime as number) >= midnight.getTime())).toBe(true)
  })

  it('refuses to delete the primary copy and deletes a secondary one with its job states', async () => {
    backend = tempBackend('demo')
    expect(await refusal('copies:delete', { copyId: 2 })).toMatchObject({ field: 'copyId', message: 'The primary copy cannot be deleted.' })
    await call('copies:delete', { copyId: 3 })
    const { nodes } = await call('tree:children', { nodeId: 'storagePolicy:2' })
    expect(nodes.map((node) => node.name)).toEqual(['Primary'])
    expect((await refusal('copies:get', { copyId: 3 })).code).toBe('not_found')
  })
})

describe('New Storage Policy', () => {
  it('refuses a primary copy on tape with the reason, and a name already taken', async () => {
    backend = tempBackend('demo')
    const tape = await library('TapeLib01')
    expect(await refusal('policies:create', {
      name: 'SP_Tape', libraryId: tape.id, mediaAgentId: tape.mediaAgents[0]!.id, drivePoolId: tape.drivePools[0]!.id,
      scratchPoolId: tape.scratchPools[0]!.id, deviceStreams: 2, agingEnabled: true, retentionDays: 90, retentionCycles: 2, dedup: null,
    })).toEqual({ code: 'invalid_input', field: 'libraryId', message: backupsNotOnTape('TapeLib01') })
    expect(await refusal('policies:create', {
      name: 'sp_finance', libraryId: 1, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, deviceStreams: 2,
      agingEnabled: true, retentionDays: 90, retentionCycles: 2, dedup: null,
    })).toMatchObject({ field: 'name', message: 'A storage policy named sp_finance already exists.' })
  })

})
