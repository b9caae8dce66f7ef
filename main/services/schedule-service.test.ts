import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { dispatch } from '../ipc/dispatch'
import { tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
  return result.value as CommandOutput<C>
}

async function refusal(command: CommandName, input: unknown) {
  const result = await dispatch(backend!.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted`)
  return result.error
}

const daily = { kind: 'daily' as const, time: '02:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' }
const options = { streams: 2, startNewMedia: false, markMediaFull: false }
const newPolicy = (overrides: Record<string, unknown> = {}) => ({
  schedulePolicyId: null, name: 'Nightly', description: '', policyType: 'Auxiliary Copy' as const, schedules: [{ name: 'Nightly', pattern: daily, options }],
  associations: [{ storagePolicyId: 2, copyId: null }], ...overrides,
})

describe('schedule policies', () => {
  it('creates a policy with its schedule and association, listed under Schedule Policies', async () => {
    backend = tempBackend('demo')
    const saved = await call('schedulePolicies:save', newPolicy())
    expect(saved.schedules[0]).toMatchObject({ name: 'Nightly', patternText: 'Daily at 02:00 (UTC)' })
    expect(saved.associations).toEqual([{ storagePolicyId: 2, storagePolicy: 'SP_Finance', copyId: null, copy: 'All Copies' }])
    const list = await call('node:contents', { nodeId: 'schedulePolicies' })
    expect(list.rows.map((row) => row.cells.name)).toEqual(['localhost Backups', 'Nightly', 'System Created Autocopy schedule', 'System Created Data Aging'])
    expect(list.columns.map((column) => column.label)).toEqual(['Name', 'Type', 'Description', 'Associations'])
  })

  it('refuses bad patterns beside the field that is wrong', async () => {
    backend = tempBackend('demo')
    const withPattern = (pattern: unknown) => newPolicy({ schedules: [{ name: 'Nightly', pattern, options }] })
    expect(await refusal('schedulePolicies:save', withPattern({ ...daily, repeatEveryMinutes: 0 }))).toMatchObject({
      field: 'schedules.0.pattern.repeatEveryMinutes', message: 'Repeat every (minutes) must be at least 1.',
    })
    expect(await refusal('schedulePolicies:save', withPattern({ ...daily, repeatEveryMinutes: -30 }))).toMatchObject({ field: 'schedules.0.pattern.repeatEveryMinutes' })
    expect(await refusal('schedulePolicies:save', withPattern({ ...daily, time: '24:00' }))).toMatchObject({
      field: 'schedules.0.pattern.time', message: 'Start Time must be a time inside the day, as HH:MM (00:00 to 23:59).',
    })
    expect(await refusal('schedulePolicies:save', withPattern({ ...daily, timeZone: 'Mars/Olympus' }))).toMatchObject({
      field: 'schedules.0.pattern.timeZone', message: 'Time Zone does not exist; choose one from the list.',
    })
    expect(await refusal('schedulePolicies:save', newPolicy({ name: 'system created autocopy schedule' }))).toMatchObject({ field: 'name' })
  })

  it('asks before deleting a policy copies depend on, naming them', async () => {
    backend = tempBackend('demo')
    const error = await refusal('schedulePolicies:delete', { schedulePolicyId: 1, confirm: false })
    expect(error).toMatchObject({ code: 'conflict', field: 'confirm' })
    expect(error.message).toContain('SP_Finance / Copy_2')
    await call('schedulePolicies:delete', { schedulePolicyId: 1, confirm: true })
    expect((await call('tree:children', { nodeId: 'schedulePolicies' })).nodes.map((node) => node.name)).toEqual(['localhost Backups', 'System Created Data Aging'])
  })

  it('keeps the System Created Data Aging schedule: daily at 12:00, no associations, never deleted, its time can change', async () => {
    backend = tempBackend('demo')
    const policy = (await call('tree:children', { nodeId: 'schedulePolicies' })).nodes.find((node) => node.name === 'System Created Data Aging')!
    const schedulePolicyId = Number(policy.id.split(':')[1])
    const details = await call('schedulePolicies:get', { schedulePolicyId })
    expect(details).toMatchObject({ policyType: 'Data Aging', systemCreated: true, associations: [] })
    expect(details.schedules).toMatchObject([{ name: 'Data Aging', options: null }])
    expect(details.schedules[0]!.patternText).toMatch(/^Daily at 12:00/)
    expect(await refusal('schedulePolicies:delete', { schedulePolicyId, confirm: true })).toMatchObject({ field: 'schedulePolicyId' })
    const save = { schedulePolicyId, name: details.name, description: details.description, policyType: 'Data Aging' as const, schedules: [{ name: 'Data Aging', pattern: daily, options }], associations: [] }
    expect(await refusal('schedulePolicies:save', { ...save, associations: [{ storagePolicyId: 2, copyId: null }] })).toMatchObject({ field: 'associations' })
    const saved = await call('schedulePolicies:save', save)
    expect(saved.schedules).toMatchObject([{ patternText: 'Daily at 02:00 (UTC)', options: null }])
  })

  it('lists and edits the storage policy schedules created with All Copies', async () => {
    backend = tempBackend('upgraded')
    const { schedules } = await call('policySchedules:list', { storagePolicyId: 2 })
    expect(schedules).toEqual([expect.objectContaining({ name: 'SP_Finance auxiliary copy', allCopies: true, copies: ['Copy_2'] })])
    const saved = await call('policySchedules:save', {
      scheduleId: schedules[0]!.id, name: 'SP_Finance nightly', pattern: { kind: 'weekly', days: [1, 4], time: '21:30', timeZone: 'UTC' }, options,
    })
    expect(saved).toMatchObject({ name: 'SP_Finance nightly', patternText: 'Weekly on Monday, Thursday at 21:30 (UTC)' })
  })
})
