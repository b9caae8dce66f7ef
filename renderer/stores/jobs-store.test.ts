import { describe, expect, test, vi } from 'vitest'
import type { JobRow } from '../../app/model/jobs'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { countJobs, createJobsStore, endedJobVisibleMs, mergeJobRows, replaceJobRows, visibleJobs } from './jobs-store'

const now = new Date(2026, 10, 25, 12, 0, 0).getTime()

function job(jobId: number, change: Partial<JobRow> = {}): JobRow {
  return {
    jobId,
    operation: 'Auxiliary Copy',
    client: 'vm',
    storagePolicy: 'SP_Finance',
    copy: 'Copy_2',
    backupType: null,
    status: 'Running',
    phase: 'Copying to Copy_2',
    progress: 10,
    bytesDone: 1000,
    bytesTotal: 10_000,
    throughput: 500,
    startTime: now - 60_000,
    endTime: null,
    reason: '',
    description: '',
    schedule: '',
    ...change,
  }
}

describe('jobs store: live rows', () => {
  test('pushed rows replace the known row of the same job and add new jobs', () => {
    const merged = mergeJobRows({ 5: job(5) }, [job(5, { progress: 40 }), job(6)])
    expect(merged[5]?.progress).toBe(40)
    expect(Object.keys(merged)).toEqual(['5', '6'])
  })

  test('a job seen ended never comes back to life from a late row', () => {
    const ended = job(5, { status: 'Completed', progress: 100, endTime: now })
    expect(mergeJobRows({ 5: ended }, [job(5, { progress: 90 })])[5]).toBe(ended)
    expect(replaceJobRows({ 5: ended }, [job(5, { progress: 90 })])[5]).toBe(ended)
  })

  test('the list replaces what was known: jobs it no longer holds are dropped', () => {
    const rows = replaceJobRows({ 5: job(5), 6: job(6) }, [job(6, { progress: 70 })])
    expect(Object.keys(rows)).toEqual(['6'])
    expect(rows[6]?.progress).toBe(70)
  })

  test('ended jobs show for 5 minutes after their end, running jobs always', () => {
    const jobs = {
      1: job(1),
      2: job(2, { status: 'Completed', endTime: now - endedJobVisibleMs + 1000 }),
      3: job(3, { status: 'Killed', endTime: now - endedJobVisibleMs - 1 }),
    }
    expect(visibleJobs(jobs, now).map((row) => row.jobId)).toEqual([1, 2])
  })

  test('the status line counts running, pending, waiting and suspended jobs', () => {
    const rows = [job(1), job(2, { status: 'Pending', reason: 'Mount path missing.' }), job(3, { status: 'Suspended' }), job(4, { status: 'Failed' })]
    expect(countJobs(rows)).toEqual({ total: 4, running: 1, pending: 1, waiting: 0, suspended: 1 })
  })

  test('load fills the list; progress merges; pruning forgets jobs ended long ago', async () => {
    const api = fakeConsoleApi({ 'jobs:list': () => ({ jobs: [job(7), job(3, { status: 'Completed', endTime: now - 1000 })] }) })
    const jobs = createJobsStore(api, vi.fn())
    expect(jobs.getState().wasLoaded()).toBe(false)
    await jobs.getState().load()
    expect(jobs.getState().wasLoaded()).toBe(true)
    expect(jobs.getState().status).toBe('ready')
    jobs.getState().applyProgress([job(7, { progress: 55 })])
    expect(jobs.getState().jobs[7]?.progress).toBe(55)
    jobs.getState().prune(now + endedJobVisibleMs)
    expect(Object.keys(jobs.getState().jobs)).toEqual(['7'])
  })
})

describe('jobs store: row menu, Kill and Details', () => {
  test('Suspend calls jobs:control and shows the answer at once; a refusal is reported', async () => {
    const report = vi.fn()
    const api = fakeConsoleApi({
      'jobs:control': ({ jobId, action }) => {
        if (jobId === 9) throw { code: 'conflict', message: 'Job 9 has ended (Completed); only running jobs can be controlled.', field: 'jobId' }
        return job(jobId, { status: action === 'suspend' ? 'Suspended' : 'Running' })
      },
    })
    const jobs = createJobsStore(api, report)
    jobs.getState().applyProgress([job(5)])
    jobs.getState().openMenu(5, { top: 1, left: 1 }, false)
    jobs.getState().runMenuAction('suspend', 5)
    expect(jobs.getState().menu).toBeNull()
    await settle()
    expect(jobs.getState().jobs[5]?.status).toBe('Suspended')
    await jobs.getState().control(9, 'resume')
    expect(report).toHaveBeenCalledWith(expect.objectContaining({ code: 'conflict' }))
  })

  test('Kill asks first; Cancel kills nothing, Kill sends the kill', async () => {
    const api = fakeConsoleApi({ 'jobs:control': ({ jobId }) => job(jobId, { status: 'Killed', endTime: now }) })
    const jobs = createJobsStore(api, vi.fn())
    jobs.getState().applyProgress([job(5)])
    jobs.getState().runMenuAction('kill', 5)
    expect(jobs.getState().killPrompt).toEqual({ jobId: 5, busy: false, error: null })
    jobs.getState().cancelKill()
    expect(api.calls).toHaveLength(0)
    jobs.getState().runMenuAction('kill', 5)
    await jobs.getState().confirmKill()
    expect(api.calls).toEqual([{ command: 'jobs:control', input: { jobId: 5, action: 'kill' } }])
    expect(jobs.getState().killPrompt).toBeNull()
    expect(jobs.getState().jobs[5]?.status).toBe('Killed')
  })

  test('a Kill refused stays on the question with the reason', async () => {
    const api = fakeConsoleApi({
      'jobs:control': () => {
        throw { code: 'conflict', message: 'Job 5 has ended (Completed); only running jobs can be controlled.', field: 'jobId' }
      },
    })
    const jobs = createJobsStore(api, vi.fn())
    jobs.getState().runMenuAction('kill', 5)
    await jobs.getState().confirmKill()
    expect(jobs.getState().killPrompt).toMatchObject({ jobId: 5, busy: false, error: expect.stringContaining('has ended') })
  })

  test('Details load the items, and reload them when the job ends', async () => {
    let ended = false
    const api = fakeConsoleApi({
      'jobs:details': ({ jobId }) => ({
        job: job(jobId, ended ? { status: 'Completed', endTime: now } : {}),
        items: ended ? [{ backupJobId: 2, copy: 'Copy_2', backupType: 'Full', bytes: 100, status: 'Copied' }] : [],
        errors: [],
        availability: 'Available on Copy_2 means: every chunk was read from the source copy and matched its SHA-256.',
        figures: null,
        deduplicated: false,
      }),
    })
    const jobs = createJobsStore(api, vi.fn())
    jobs.getState().applyProgress([job(5)])
    await jobs.getState().openDetails(5)
    expect(jobs.getState().details?.details?.items).toEqual([])
    ended = true
    jobs.getState().applyProgress([job(5, { status: 'Completed', endTime: now, progress: 100 })])
    await settle()
    expect(jobs.getState().details?.details?.items).toHaveLength(1)
    jobs.getState().closeDetails()
    expect(jobs.getState().details).toBeNull()
  })
})
