import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CommandInput } from '../../app/ipc/contract'
import type { ContentsRow } from '../../app/model/contents'
import type { JobStatus, Operation } from '../../app/model/jobs'
import { unfilteredHistory } from '../../app/rules/job-history'
import { dispatch } from '../ipc/dispatch'
import { hasEnded, waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

const hour = 60 * 60 * 1000
const day = 24 * hour

type TempBackend = ReturnType<typeof tempBackend>
type HistoryInput = CommandInput<'jobs:history'>

/** The demo's SP_Finance, its Copy_2, and the client localhost. */
const finance = 2
const copy2 = 3
const localhost = 1

const all: HistoryInput = { ...unfilteredHistory, limit: 10_000, offset: 0 }
const cell = (row: ContentsRow, key: string) => row.cells[key]
const ids = (rows: readonly ContentsRow[]) => rows.map((row) => row.cells.jobId as number)

describe('Job History through its filter, on the demo history', () => {
  let backend: TempBackend
  const call = callerOf(() => backend)
  const history = (filter: Partial<HistoryInput>) => call('jobs:history', { ...all, ...filter })
  let now: number
  /** Jobs of other operations than the demo's backups, added as the Job Manager records them: id by name. */
  const added = new Map<string, number>()

  beforeAll(async () => {
    backend = tempBackend('demo', { testClock: true })
    await backend.ready
    now = (await call('commcell:info', {})).now
    const { jobs } = backend.catalog
    const addJob = (name: string, job: { operation: Operation; status: JobStatus; startTime: number; subclientId?: number; copyId?: number }) => {
      const id = jobs.addOperationJob({
        operation: job.operation, status: 'Running', phase: '', startTime: job.startTime, subclientId: job.subclientId ?? null,
        storagePolicyId: finance, copyId: job.copyId ?? null, backupType: null, cycle: null, options: {}, description: '', scheduleId: null,
        bytesTotal: 0,
      })
      jobs.updateOperationJob(id, { status: job.status, endTime: job.startTime + 10 * 60_000 })
      added.set(name, id)
    }
    addJob('aux copy 2 hours ago', { operation: 'Auxiliary Copy', status: 'Completed', startTime: now - 2 * hour, copyId: copy2 })
    addJob('aux copy 3 days ago', { operation: 'Auxiliary Copy', status: 'Killed', startTime: now - 3 * day })
    addJob('verification 10 days ago', { operation: 'Data Verification', status: 'Failed', startTime: now - 10 * day, copyId: copy2 })
    addJob('restore an hour ago', { operation: 'Restore', status: 'Completed w/ one or more errors', startTime: now - hour, subclientId: 2 })
  })
  afterAll(async () => {
    await backend.dispose()
  })

  it('lists every job of every operation newest first without a filter, as the CommCell Job History did', async () => {
    const table = await history({})
    expect(table.title).toBe('Job History')
    expect(table.more).toBe(false)
    expect(new Set(table.rows.map((row) => cell(row, 'operation')))).toEqual(new Set(['Backup', 'Auxiliary Copy', 'Restore', 'Data Verification']))
    const starts = table.rows.map((row) => cell(row, 'startTime') as number)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    expect(await call('node:jobs', { nodeId: 'commcell', limit: 10_000, offset: 0 })).toEqual(table)
  })

  it('finds the auxiliary copies of SP_Finance by Operation and Storage Policy, and says the list is filtered', async () => {
    const table = await history({ operation: 'Auxiliary Copy', storagePolicyId: finance })
    expect(table.title).toBe('Job History (filtered)')
    expect(ids(table.rows)).toEqual([added.get('aux copy 2 hours ago'), added.get('aux copy 3 days ago')])
    expect(table.rows[0]?.cells).toMatchObject({ operation: 'Auxiliary Copy', storagePolicy: 'SP_Finance', copy: 'Copy_2', status: 'Completed' })
    // SP_Default has none.
    expect((await history({ operation: 'Auxiliary Copy', storagePolicyId: 1 })).rows).toEqual([])
  })

  it('lists Data Verification jobs under their operation', async () => {
    expect(ids((await history({ operation: 'Data Verification' })).rows)).toEqual([added.get('verification 10 days ago')])
  })

  it("finds a client's jobs (its subclients' backups and restores), never the CommServe's aux copies", async () => {
    const everything = (await history({})).rows
    const table = await history({ clientId: localhost })
    expect(ids(table.rows)).toEqual(ids(everything.filter((row) => (cell(row, 'client') as string).startsWith('localhost / '))))
    expect(new Set(table.rows.map((row) => cell(row, 'operation')))).toEqual(new Set(['Backup', 'Restore']))
  })

  it('finds jobs by the status they ended with', async () => {
    expect(ids((await history({ status: 'Failed' })).rows)).toEqual([added.get('verification 10 days ago')])
    expect(ids((await history({ status: 'Killed' })).rows)).toEqual([added.get('aux copy 3 days ago')])
    expect(ids((await history({ status: 'Completed w/ one or more errors' })).rows)).toEqual([added.get('restore an hour ago')])
    const completed = (await history({ status: 'Completed' })).rows
    expect(completed.length).toBeGreaterThan(100)
    expect(new Set(completed.map((row) => cell(row, 'status')))).toEqual(new Set(['Completed']))
  })

  it("takes Last 24 Hours, Last Week and Last Month back from the CommServe's clock", async () => {
    const everything = (await history({})).rows
    const startedSince = (from: number) => ids(everything.filter((row) => (cell(row, 'startTime') as number) >= from))
    const last24Hours = ids((await history({ timeRange: 'last24Hours' })).rows)
    expect(last24Hours).toEqual(startedSince(now - day))
    expect(last24Hours).toEqual(expect.arrayContaining([added.get('aux copy 2 hours ago'), added.get('restore an hour ago')]))
    expect(ids((await history({ timeRange: 'lastWeek' })).rows)).toEqual(startedSince(now - 7 * day))
    expect(ids((await history({ timeRange: 'lastMonth' })).rows)).toEqual(startedSince(now - 30 * day))
    expect(ids((await history({ timeRange: 'lastWeek', operation: 'Auxiliary Copy' })).rows)).toEqual([
      added.get('aux copy 2 hours ago'), added.get('aux copy 3 days ago'),
    ])
  })

  it('takes a specified time range with both ends included', async () => {
    const auxStart = now - 2 * hour
    const only = await history({ timeRange: 'specify', startTime: auxStart, endTime: auxStart, operation: 'Auxiliary Copy' })
    expect(ids(only.rows)).toEqual([added.get('aux copy 2 hours ago')])
    const week = await history({ timeRange: 'specify', startTime: now - 4 * day, endTime: now - 90 * 60_000, storagePolicyId: finance })
    expect(ids(week.rows)).toContain(added.get('aux copy 2 hours ago'))
    expect(ids(week.rows)).toContain(added.get('aux copy 3 days ago'))
    expect(ids(week.rows)).not.toContain(added.get('restore an hour ago'))
    for (const row of week.rows) expect(cell(row, 'storagePolicy')).toBe('SP_Finance')
  })

  it('pages a filtered list newest first, each job once, and says when more follow', async () => {
    const whole = ids((await history({ storagePolicyId: finance })).rows)
    const seen: number[] = []
    for (let offset = 0; ; ) {
      const page = await history({ storagePolicyId: finance, limit: 40, offset })
      seen.push(...ids(page.rows))
      if (!page.more) break
      expect(page.rows).toHaveLength(40)
      offset += page.rows.length
    }
    expect(seen).toEqual(whole)
  })

  it('refuses an End Time before the Start Time, naming End Time, and an unknown storage policy or client', async () => {
    const refused = async (input: unknown) => {
      const result = await dispatch(backend.handlers, 'jobs:history', input)
      return result.ok ? undefined : result.error
    }
    expect(await refused({ ...all, timeRange: 'specify', startTime: now, endTime: now - 1 })).toEqual({
      code: 'invalid_input', message: 'End Time cannot be before Start Time.', field: 'endTime',
    })
    expect(await refused({ ...all, timeRange: 'specify', startTime: now, endTime: null })).toMatchObject({ code: 'invalid_input', field: 'endTime' })
    expect(await refused({ ...all, timeRange: 'lastWeek', startTime: now, endTime: null })).toMatchObject({ code: 'invalid_input', field: 'startTime' })
    expect(await refused({ ...all, operation: 'Defragment' })).toMatchObject({ code: 'invalid_input', field: 'operation' })
    expect(await refused({ ...all, status: 'Running' })).toMatchObject({ code: 'invalid_input', field: 'status' })
    expect(await refused({ ...all, storagePolicyId: 999 })).toEqual({ code: 'not_found', message: 'Storage policy 999 does not exist.', field: 'storagePolicyId' })
    expect(await refused({ ...all, clientId: 999 })).toEqual({ code: 'not_found', message: 'Client 999 does not exist.', field: 'clientId' })
  })

  it('offers every storage policy and client computer, and the CommServe time', async () => {
    expect(await call('jobs:historyForm', {})).toEqual({
      storagePolicies: [{ id: 1, name: 'SP_Default' }, { id: finance, name: 'SP_Finance' }],
      clients: [{ id: localhost, name: 'localhost' }],
      now,
    })
  })
})

describe('Job History of a job that left the Job Controller', () => {
  it('finds an aux copy an hour after it ended by Operation and Storage Policy, and its Details list the jobs it copied', async () => {
    const backend = tempBackend('demo', { testClock: true, demoData: true })
    const call = callerOf(() => backend)
    try {
      await backend.ready
      const { jobId: auxId } = await call('auxcopy:run', {
        storagePolicyId: finance, copyId: copy2, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '',
      })
      expect((await waitForJob(backend, auxId, hasEnded)).status).toBe('Completed')
      await call('test:advanceClock', { minutes: 60 })
      expect((await call('jobs:list', { limit: 1000, beforeId: null })).jobs.map((job) => job.jobId)).not.toContain(auxId)

      const found = await call('jobs:history', { ...all, operation: 'Auxiliary Copy', storagePolicyId: finance, timeRange: 'last24Hours' })
      expect(ids(found.rows)).toContain(auxId)
      const details = await call('jobs:details', { jobId: auxId })
      expect(details.job).toMatchObject({ jobId: auxId, operation: 'Auxiliary Copy', status: 'Completed' })
      expect(details.items.length).toBeGreaterThan(10)
      for (const item of details.items) expect(item.copy).toBe('Copy_2')
    } finally {
      await backend.dispose()
    }
  }, 120_000)
})
