/**
 * Selective copies and Defer Auxiliary Copy through the contract: what a selective copy takes of three weeks of demo
 * history with several fulls a week, what View Jobs and the counts say, what Copy Properties refuses.
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import type { CreateCopyInput } from '../../app/model/copy-input'
import type { SelectiveRule } from '../../app/model/entities'
import { CommCellBuilder } from '../catalog/commcell-builder'
import { demoHistoryDays } from '../catalog/demo-commcell'
import { dispatch } from '../ipc/dispatch'
import { waitForJob } from '../testing/job-waits'
import { tempBackend } from '../testing/temp-backend'
import { fillDemoData } from './demo-data'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const hour = 60 * 60 * 1000
const day = 24 * hour

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw Object.assign(new Error(`${command}: ${result.error.message}`), result.error)
  return result.value as CommandOutput<C>
}

async function refusal(command: CommandName, input: unknown) {
  const result = await dispatch(backend!.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted`)
  return result.error
}

// The demo CommCell: SP_Default (id 1, Primary copy 1) backs up localhost / File System / default (subclient 1).
const spDefault = 1
const spDefaultPrimary = 1
const defaultSubclient = 1

/** Create New Copy on SP_Default, to DiskLib02, All Backups (the 14-day question answered No). */
function createInput(name: string, overrides: Partial<CreateCopyInput> = {}): CreateCopyInput {
  return {
    storagePolicyId: spDefault, name, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true,
    dedup: null, sourceCopyId: spDefaultPrimary, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30,
    retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null, ...overrides,
  }
}

const weekly = (pick: SelectiveRule['pick']): SelectiveRule => ({ frequency: 'Weekly Fulls', pick, weekStart: 'Friday' })

/**
 * Two more fulls of `default` in each week of the demo history (it has one, each Sunday-evening UTC of its day 0, 7
 * and 14): on days 2, 4, 9, 11, 16 and 18 at 10:00 UTC, catalog rows like the demo's own, made real with them.
 */
function addFulls(b: TempBackend): void {
  const existing = b.catalog.jobs.completedBackups(defaultSubclient)
  // The demo's history starts on its first day (UTC) at 20:00 and lasts 21 days; the added fulls sit inside it.
  const firstDay = Math.floor(Math.min(...existing.map((job) => job.startTime)) / day) * day
  expect(existing.length).toBe(demoHistoryDays)
  b.catalog.transaction(() => {
    const build = new CommCellBuilder(b.catalog, firstDay)
    for (const d of [2, 4, 9, 11, 16, 18]) {
      build.backupJob({
        subclientId: defaultSubclient, storagePolicyId: spDefault, primaryCopyId: spDefaultPrimary, backupType: 'Full',
        startTime: firstDay + d * day + 10 * hour, durationMs: 5 * 60_000, sizeBytes: 1, cycle: 1,
      })
    }
  })
}

/**
 * The start of the CommServe's local week (from Friday 00:00) holding a time, by the Date object's local calendar: a
 * different computation from the rule's (which reads wall clocks through Intl), on the same time zone.
 */
function fridayWeekOf(time: number): number {
  const date = new Date(time)
  date.setHours(0, 0, 0, 0)
  date.setDate(date.getDate() - ((date.getDay() - 5 + 7) % 7))
  return date.getTime()
}

async function rowsOf(nodeId: string) {
  return (await call('node:jobs', { nodeId, limit: 10_000, offset: 0 })).rows
}

describe('a selective copy (Weekly Fulls) over three weeks of demo history', () => {
  it('copies exactly one full per week, the first or (once the week has ended) the last, and nothing else', async () => {
    backend = tempBackend('demo', { demoData: false, testClock: true })
    await backend.ready
    addFulls(backend)
    await fillDemoData(backend.catalog, backend.mediaAgent)

    const first = await call('copies:create', createInput('Weekly_First', { selective: weekly('first') }))
    const last = await call('copies:create', createInput('Weekly_Last', { selective: weekly('last') }))
    const deferred = await call('copies:create', createInput('Deferred', { deferDays: 7 }))
    expect(first).toMatchObject({ copyType: 'selective', selective: weekly('first'), deferDays: 0 })
    expect(deferred).toMatchObject({ copyType: 'synchronous', selective: null, deferDays: 7 })

    const { now } = await call('commcell:info', {})
    const history = backend.catalog.jobs.completedBackups(defaultSubclient)
    const fulls = history.filter((job) => job.backupType === 'Full').sort((a, b) => a.startTime - b.startTime)
    const weeks = new Map<number, number[]>()
    for (const full of fulls) weeks.set(fridayWeekOf(full.startTime), [...(weeks.get(fridayWeekOf(full.startTime)) ?? []), full.id])
    // Three weeks of history hold three or four Friday-weeks, each with several fulls, all but the first.
    expect(weeks.size).toBeGreaterThanOrEqual(3)
    expect([...weeks.values()].filter((ids) => ids.length >= 2).length).toBeGreaterThanOrEqual(3)
    const currentWeek = fridayWeekOf(now)
    const firstOfEach = [...weeks.values()].map((ids) => ids[0]!)
    const lastOfEnded = [...weeks.entries()].filter(([week]) => week < currentWeek).map(([, ids]) => ids.at(-1)!)

    // Before the aux copy, each copy lists only the fulls its rule takes, To Be Copied.
    const before = await rowsOf(`copy:${first.id}`)
    expect(before.map((row) => row.cells.jobId).sort()).toEqual([...firstOfEach].sort())
    expect(new Set(before.map((row) => row.cells.status))).toEqual(new Set(['To Be Copied']))
    const form = await call('auxcopy:form', { storagePolicyId: spDefault })
    const toBeCopied = new Map(form.policies[0]!.copies.map((copy) => [copy.id, copy.toBeCopied]))
    expect(toBeCopied.get(first.id)).toBe(firstOfEach.length)
    expect(toBeCopied.get(last.id)).toBe(lastOfEnded.length)
    expect(toBeCopied.get(deferred.id)).toBe(history.length)

    const { jobId } = await call('auxcopy:run', {
      storagePolicyId: spDefault, copyId: null, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '',
    })
    const aux = await waitForJob(backend, jobId)
    expect(aux.status).toBe('Completed')

    // Exactly one full per week became Available on each selective copy, and nothing else is on it.
    for (const [copy, expected] of [[first, firstOfEach], [last, lastOfEnded]] as const) {
      const rows = await rowsOf(`copy:${copy.id}`)
      expect(rows.map((row) => row.cells.jobId).sort(), copy.name).toEqual([...expected].sort())
      expect(rows.every((row) => row.cells.status === 'Available' && row.cells.backupType === 'Full'), copy.name).toBe(true)
      const perWeek = new Map<number, number>()
      for (const row of rows) perWeek.set(fridayWeekOf(row.cells.startTime as number), (perWeek.get(fridayWeekOf(row.cells.startTime as number)) ?? 0) + 1)
      expect([...perWeek.values()].every((count) => count === 1), copy.name).toBe(true)
      expect(backend.catalog.jobs.copyStatusCounts(backend.catalog.policies.copy(copy.id)!)).toEqual(new Map([['Available', expected.length]]))
    }
    // The aux copy's Details list only those fulls and the deferred copy's older jobs.
    const details = await call('jobs:details', { jobId })
    const copiedTo = (name: string) => details.items.filter((item) => item.copy === name).map((item) => item.backupJobId).sort()
    expect(copiedTo('Weekly_First')).toEqual([...firstOfEach].sort())
    expect(copiedTo('Weekly_Last')).toEqual([...lastOfEnded].sort())

    // Defer Auxiliary Copy for 7 days: jobs younger than 7 days stay To Be Copied, with until when, and the job says why.
    const young = history.filter((job) => job.startTime + 7 * day > now)
    expect(young.length).toBeGreaterThan(0)
    expect(copiedTo('Deferred')).toEqual(history.filter((job) => job.startTime + 7 * day <= now).map((job) => job.id).sort())
    const deferredRows = await rowsOf(`copy:${deferred.id}`)
    const waiting = deferredRows.filter((row) => row.cells.status === 'To Be Copied')
    expect(waiting.map((row) => row.cells.jobId).sort()).toEqual(young.map((job) => job.id).sort())
    for (const row of waiting) expect(row.cells.deferredUntil).toBe((row.cells.startTime as number) + 7 * day)
    expect(deferredRows.filter((row) => row.cells.status === 'Available').every((row) => row.cells.deferredUntil === null)).toBe(true)
    expect(aux.reason).toMatch(new RegExp(`^Defer Auxiliary Copy for 7 days: ${young.length} jobs of Deferred wait \\(the next may be copied from .+\\)\\.$`))

    // Selective Copy cannot be cleared now that jobs have been copied to the copy.
    const copied = await refusal('copies:update', {
      copyId: first.id, name: first.name, active: true, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, selective: null,
    })
    expect(copied).toMatchObject({ field: 'selective', message: `Selective Copy can change only while nothing has been copied to Weekly_First; ${firstOfEach.length} jobs have been copied to it.` })
    expect((await call('copies:get', { copyId: first.id })).copiedJobs).toBe(firstOfEach.length)

    // A week later the current week has ended: its last full is To Be Copied on Weekly_Last, and nothing is deferred.
    await call('test:advanceClock', { minutes: 8 * 24 * 60 })
    const lastRows = await rowsOf(`copy:${last.id}`)
    const endedNow = [...weeks.entries()].filter(([week]) => week < fridayWeekOf(now + 8 * day)).map(([, ids]) => ids.at(-1)!)
    expect(lastRows.map((row) => row.cells.jobId).sort()).toEqual([...endedNow].sort())
    expect(lastRows.filter((row) => row.cells.status === 'To Be Copied').length).toBe(endedNow.length - lastOfEnded.length)
    expect((await rowsOf(`copy:${deferred.id}`)).every((row) => row.cells.deferredUntil === null)).toBe(true)
  }, 60_000)
})

describe('Selective Copy and Defer Auxiliary Copy in Create New Copy and Copy Properties', () => {
  it('refuses a selective copy without a frequency and a defer outside 1..9999 days, naming the field, and creates nothing', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const before = backend.catalog.fingerprint()
    expect(await refusal('copies:create', { ...createInput('Copy_2'), selective: { pick: 'first', weekStart: 'Friday' } })).toMatchObject({
      field: 'selective.frequency',
      message: 'Automatically select Full Backups at frequency is required for a Selective Copy: choose a frequency.',
    })
    expect(await refusal('copies:create', { ...createInput('Copy_2'), selective: { frequency: 'Fortnightly Fulls', pick: 'first', weekStart: 'Friday' } })).toMatchObject({
      field: 'selective.frequency',
    })
    expect(await refusal('copies:create', { ...createInput('Copy_2'), selective: { frequency: 'Weekly Fulls', pick: 'middle', weekStart: 'Friday' } })).toMatchObject({
      field: 'selective.pick', message: 'Choose First full backup or Last full backup.',
    })
    expect(await refusal('copies:create', { ...createInput('Copy_2'), selective: { frequency: 'Weekly Fulls', pick: 'first', weekStart: 'Someday' } })).toMatchObject({
      field: 'selective.weekStart', message: 'Week starts on must be a day of the week.',
    })
    for (const days of [0, 10_000, 1.5, '3']) {
      expect(await refusal('copies:create', { ...createInput('Copy_2'), deferDays: days })).toMatchObject({
        field: 'deferDays', message: 'Defer Auxiliary Copy for days must be a whole number from 1 to 9999.',
      })
    }
    expect(backend.catalog.fingerprint()).toBe(before)
  })

  it('lists only the selected fulls To Be Copied on a selective copy, in its View Jobs, the policy view and the counts', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const { now } = await call('commcell:info', {})
    const copy = await call('copies:create', createInput('Copy_2', { selective: { frequency: 'All Fulls', pick: 'first', weekStart: 'Friday' } }))
    const history = backend.catalog.jobs.completedBackups(defaultSubclient)
    const fullIds = history.filter((job) => job.backupType === 'Full').map((job) => job.id).sort()
    expect(fullIds.length).toBe(3)
    expect((await rowsOf(`copy:${copy.id}`)).map((row) => row.cells.jobId).sort()).toEqual(fullIds)
    // The storage policy's View Jobs shows a state on the selective copy for the fulls only.
    const policyRows = await rowsOf(`storagePolicy:${spDefault}`)
    expect(policyRows.length).toBe(history.length)
    expect(policyRows.filter((row) => row.cells[`copy${copy.id}`] === 'To Be Copied').map((row) => row.cells.jobId).sort()).toEqual(fullIds)
    expect(policyRows.filter((row) => row.cells.backupType !== 'Full').every((row) => row.cells[`copy${copy.id}`] === undefined)).toBe(true)

    // Another rule takes other fulls at once (they are derived, not stored): Monthly, first full of each month.
    const update = {
      copyId: copy.id, name: 'Copy_2', active: true, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
    } as const
    const monthly = await call('copies:update', { ...update, selective: { frequency: 'Monthly Fulls', pick: 'first', weekStart: 'Friday' }, deferDays: 3 })
    expect(monthly).toMatchObject({ copyType: 'selective', deferDays: 3, copiedJobs: 0 })
    const months = new Set(history.filter((job) => job.backupType === 'Full').map((job) => `${new Date(job.startTime).getFullYear()}-${new Date(job.startTime).getMonth()}`))
    expect((await rowsOf(`copy:${copy.id}`)).length).toBe(months.size)
    const counts = backend.catalog.jobs.copyStatusCounts(backend.catalog.policies.copy(copy.id)!)
    expect(counts.get('To Be Copied')).toBe(months.size)
    // Defer: View Jobs says until when a job To Be Copied waits (the newest full is within 3 days only if it is young).
    const rows = await rowsOf(`copy:${copy.id}`)
    for (const row of rows) {
      const start = row.cells.startTime as number
      expect(row.cells.deferredUntil).toBe(start + 3 * day > now ? start + 3 * day : null)
    }

    // Nothing has been copied yet: Selective Copy may be cleared (a synchronous copy takes every job again).
    const synchronous = await call('copies:update', { ...update, selective: null, deferDays: null })
    expect(synchronous).toMatchObject({ copyType: 'synchronous', selective: null, deferDays: 0 })
    expect((await rowsOf(`copy:${copy.id}`)).length).toBe(history.length)
    // Absent fields leave the copy as it is.
    expect(await call('copies:update', update)).toMatchObject({ copyType: 'synchronous', deferDays: 0 })

    // The primary copy takes every backup: neither selective nor deferred.
    const primary = { ...update, copyId: spDefaultPrimary, name: 'Primary', libraryId: 1 }
    expect(await refusal('copies:update', { ...primary, selective: { frequency: 'Weekly Fulls', pick: 'first', weekStart: 'Friday' } })).toMatchObject({ field: 'selective' })
    expect(await refusal('copies:update', { ...primary, deferDays: 2 })).toMatchObject({ field: 'deferDays' })
  })

  it('reads a selective copy\'s jobs through indexes', async () => {
    backend = tempBackend('demo')
    await backend.ready
    const copy = await call('copies:create', createInput('Copy_2', { selective: weekly('last') }))
    await rowsOf(`copy:${copy.id}`)
    await call('auxcopy:form', { storagePolicyId: spDefault })
    const plans = backend.catalog.queryPlans().filter(({ sql }) => sql.includes('json_each') || sql.includes("j.backup_type = 'Full'"))
    // View Jobs, the aux copy form's count, the policy's fulls, and the start's copy lag sample of every copy.
    expect(plans.length).toBe(4)
    const scans = plans.flatMap(({ plan }) => plan.filter((step) => /^SCAN (j|jc|s|t|jobs|job_copies)\b/.test(step) && !/USING (INTEGER PRIMARY KEY|COVERING INDEX|INDEX)/.test(step)))
    expect(scans).toEqual([])
  })
})
