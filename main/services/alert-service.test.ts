import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../app/ipc/contract'
import type { FallenBehindAlert } from '../../app/model/alerts'
import type { PushedEvent } from '../event-bus'
import { dispatch } from '../ipc/dispatch'
import { waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const call = callerOf(() => backend!)
const day = 24 * 60

/** SP_Finance's Copy_2 (the demo's secondary copy, copy 3) with its Copy Properties as they are, and `alert` set. */
async function saveCopy2(alert: FallenBehindAlert | undefined, copyId = 3): Promise<CommandInput<'copies:update'>> {
  const copy = await call('copies:get', { copyId })
  const input: CommandInput<'copies:update'> = {
    copyId, name: copy.name, active: copy.active, libraryId: copy.libraryId, mediaAgentId: copy.mediaAgentId,
    drivePoolId: copy.drivePoolId, scratchPoolId: copy.scratchPoolId, backupPeriod: { kind: 'allBackups' },
    agingEnabled: copy.agingEnabled, retentionDays: copy.retentionDays, retentionCycles: copy.retentionCycles,
    ...(alert === undefined ? {} : { fallenBehindAlert: alert }),
  }
  await call('copies:update', input)
  return input
}

const treeAlert = async (parent: string, name: string) =>
  (await call('tree:children', { nodeId: parent })).nodes.find((node) => node.name === name)?.alert
const rowAlert = async (nodeId: string, name: string) =>
  (await call('node:contents', { nodeId })).rows.find((row) => row.cells.name === name)?.alert
const eventsMatching = async (text: string) =>
  (await call('events:list', { limit: 200, beforeId: null })).events.filter((event) => event.description.includes(text))

describe('the Auxiliary Copy Fallen Behind alert', () => {
  it('a copy left behind past "jobs older than N days" raises one alert at the tick (icons, Major event, Alerts view); an aux copy that copies everything clears it', async () => {
    backend = tempBackend('demo', { demoData: true, testClock: true })
    await backend.ready
    // No automatic copy in this story: the administrator runs it.
    await call('schedulePolicies:delete', { schedulePolicyId: 1, confirm: true })
    // The demo's oldest jobs are 21 days old and none is copied to Copy_2: not past 30 days yet.
    await saveCopy2({ enabled: true, daysOld: 30, toBeCopiedTB: null })
    expect((await call('copies:get', { copyId: 3 })).fallenBehindAlert).toEqual({ enabled: true, daysOld: 30, toBeCopiedTB: null })
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts).toEqual([])
    expect(await treeAlert('storagePolicy:2', 'Copy_2')).toBeUndefined()

    const pushed: PushedEvent[] = []
    backend.bus.subscribe((event) => pushed.push(event))
    await call('test:advanceClock', { minutes: 10 * day })

    // Raised by the tick: the reason names the old jobs and the oldest of them.
    const [alert, ...others] = (await call('alerts:list', { limit: 100, offset: 0 })).alerts
    expect(others).toEqual([])
    expect(alert).toMatchObject({ kind: 'Auxiliary Copy Fallen Behind', storagePolicy: 'SP_Finance', copy: 'Copy_2', nodeId: 'copy:3', clearedAt: null })
    expect(alert!.reason).toMatch(/^\d+ jobs older than 30 days are not yet copied \(oldest: job \d+, started \d{4}-\d\d-\d\d \d\d:\d\d\)$/)
    expect(await treeAlert('storagePolicy:2', 'Copy_2')).toBe(alert!.reason)
    expect(await treeAlert('storagePolicies', 'SP_Finance')).toBe(`Copy_2: ${alert!.reason}`)
    expect(await treeAlert('storagePolicies', 'SP_Default')).toBeUndefined()
    expect(await rowAlert('storagePolicy:2', 'Copy_2')).toBe(alert!.reason)
    expect(await rowAlert('storagePolicy:2', 'Primary')).toBeUndefined()
    expect(await rowAlert('storagePolicies', 'SP_Finance')).toBeDefined()
    const [raisedEvent] = await eventsMatching('Auxiliary Copy Fallen Behind alert on SP_Finance / Copy_2:')
    expect(raisedEvent).toMatchObject({ severity: 'Major' })
    expect(pushed.some((event) => event.event === 'alerts:changed' && event.payload.alerts[0]?.id === alert!.id)).toBe(true)
    const changedNodes = pushed.flatMap((event) => (event.event === 'tree:changed' ? event.payload.nodeIds : []))
    expect(changedNodes).toEqual(expect.arrayContaining(['copy:3', 'storagePolicy:2', 'storagePolicies']))

    // Still behind at the next tick: still the one alert, no second event.
    await call('test:advanceClock', { minutes: 30 })
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts.map((entry) => entry.id)).toEqual([alert!.id])
    expect(await eventsMatching('Auxiliary Copy Fallen Behind alert on SP_Finance / Copy_2:')).toHaveLength(1)

    // Run Auxiliary Copy copies every job: the alert clears when it ends.
    const { jobId } = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    expect((await waitForJob(backend, jobId, undefined, 120_000)).status).toBe('Completed')
    const [cleared] = (await call('alerts:list', { limit: 100, offset: 0 })).alerts
    expect(cleared).toMatchObject({ id: alert!.id, clearedAt: expect.any(Number) })
    expect(await treeAlert('storagePolicy:2', 'Copy_2')).toBeUndefined()
    expect(await treeAlert('storagePolicies', 'SP_Finance')).toBeUndefined()
    expect(await rowAlert('storagePolicy:2', 'Copy_2')).toBeUndefined()
    expect(await eventsMatching('alert on SP_Finance / Copy_2 cleared: the copy caught up')).toEqual([expect.objectContaining({ severity: 'Information' })])

    // A cleared alert leaves the view after 24 hours.
    await call('test:advanceClock', { minutes: day + 1 })
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts).toEqual([])
  }, 180_000)

  it('a tiny TB threshold raises at Create New Copy; the alert clears when disabled, and when its copy is deleted', async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
    const created = await call('copies:create', {
      storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
      dedup: null, sourceCopyId: 2, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
      confirmAllBackups: true, auxCopySchedule: null, fallenBehindAlert: { enabled: true, daysOld: null, toBeCopiedTB: 0.000001 },
    })
    expect(created.fallenBehindAlert).toEqual({ enabled: true, daysOld: null, toBeCopiedTB: 0.000001 })
    const [raised] = (await call('alerts:list', { limit: 100, offset: 0 })).alerts
    expect(raised).toMatchObject({ copy: 'Copy_3', clearedAt: null, reason: expect.stringMatching(/^[\d.]+ TB to be copied, more than 0\.000001 TB$/) })

    // Turned off in Copy Properties: cleared at once.
    await saveCopy2({ enabled: false, daysOld: null, toBeCopiedTB: 0.000001 }, created.id)
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts).toEqual([expect.objectContaining({ id: raised!.id, clearedAt: expect.any(Number) })])
    expect(await eventsMatching('alert on SP_Finance / Copy_3 cleared: the alert was disabled')).toHaveLength(1)

    // On again, raised again; the copy deleted: its alert goes with it, and the Event Viewer says so.
    await saveCopy2({ enabled: true, daysOld: 1, toBeCopiedTB: null }, created.id)
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts.filter((entry) => entry.clearedAt === null)).toHaveLength(1)
    const pushed: PushedEvent[] = []
    backend.bus.subscribe((event) => pushed.push(event))
    await call('copies:delete', { copyId: created.id })
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts.filter((entry) => entry.clearedAt === null)).toEqual([])
    expect(await eventsMatching('alert on SP_Finance / Copy_3 cleared: the copy was deleted')).toHaveLength(1)
    expect(pushed.some((event) => event.event === 'alerts:changed' && event.payload.alerts[0]?.clearedAt !== null)).toBe(true)
    expect(await treeAlert('storagePolicies', 'SP_Finance')).toBeUndefined()
  })

  it('refuses incomplete or out-of-range settings naming the field, and the alert on a primary copy', async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
    const base = await saveCopy2(undefined)
    const refusal = async (fallenBehindAlert: unknown, copyId = 3) => {
      const result = await dispatch(backend!.handlers, 'copies:update', { ...base, copyId, fallenBehindAlert })
      if (result.ok) throw new Error('accepted')
      return result.error
    }
    expect(await refusal({ enabled: true, daysOld: null, toBeCopiedTB: null })).toMatchObject({
      field: 'fallenBehindAlert', message: expect.stringContaining('Jobs older than N days not yet copied'),
    })
    expect(await refusal({ enabled: true, daysOld: 1.5, toBeCopiedTB: null })).toMatchObject({ field: 'fallenBehindAlert.daysOld', message: 'Jobs older than (days) must be a whole number.' })
    expect(await refusal({ enabled: true, daysOld: 0, toBeCopiedTB: null })).toMatchObject({ field: 'fallenBehindAlert.daysOld', message: 'Jobs older than (days) must be at least 1.' })
    expect(await refusal({ enabled: true, daysOld: null, toBeCopiedTB: 0 })).toMatchObject({ field: 'fallenBehindAlert.toBeCopiedTB', message: 'More than (TB) must be more than 0.' })
    expect(await refusal({ enabled: true, daysOld: null, toBeCopiedTB: 'lots' })).toMatchObject({ field: 'fallenBehindAlert.toBeCopiedTB' })
    expect(await refusal({ enabled: true, daysOld: 1 })).toMatchObject({ field: 'fallenBehindAlert.toBeCopiedTB' })
    // The primary copy (copy 2) takes backups; its settings stay off.
    const primary = await call('copies:get', { copyId: 2 })
    const primaryInput = { ...base, copyId: 2, name: primary.name, libraryId: primary.libraryId, mediaAgentId: primary.mediaAgentId }
    const onPrimary = await dispatch(backend.handlers, 'copies:update', { ...primaryInput, fallenBehindAlert: { enabled: true, daysOld: 1, toBeCopiedTB: null } })
    expect(onPrimary).toMatchObject({ ok: false, error: { field: 'fallenBehindAlert' } })
    expect((await call('copies:get', { copyId: 3 })).fallenBehindAlert.enabled).toBe(false)
    expect((await call('alerts:list', { limit: 100, offset: 0 })).alerts).toEqual([])
  })

  it('reads a copy\'s backlog with one aggregate through the job_copies index, never a scan', async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
    await saveCopy2({ enabled: true, daysOld: 1, toBeCopiedTB: 25 })
    const [plan] = backend.catalog.queryPlans().filter(({ sql }) => sql.includes('oldestJobId'))
    expect(plan).toBeDefined()
    expect(plan!.plan.filter((step) => /^SCAN (s|t|job_copies)\b/.test(step) && !/USING (COVERING )?INDEX/.test(step))).toEqual([])
    expect(plan!.plan.some((step) => /job_copies_by_copy/.test(step))).toBe(true)
  })
})
