import { describe, expect, it } from 'vitest'
import type { BackupType, JobCopyStatus } from '../model/entities'
import { type CandidateJob, auxCopySelection, nextAuxCopyJobs } from './aux-copy-plan'

const job = (id: number, backupType: BackupType, startTime: number, copyStatus: JobCopyStatus): CandidateJob => ({ id, backupType, startTime, copyStatus })

describe('auxCopySelection', () => {
  it('takes To Be Copied, Partially Copied and Bad jobs, fulls first, then oldest first', () => {
    const jobs = [
      job(1, 'Incremental', 300, 'To Be Copied'),
      job(2, 'Full', 400, 'To Be Copied'),
      job(3, 'Full', 100, 'Partially Copied'),
      job(4, 'Differential', 200, 'Bad'),
      job(5, 'Incremental', 50, 'Available'),
      job(6, 'Incremental', 60, 'Do Not Copy'),
      job(7, 'Incremental', 70, 'Aged'),
    ]
    const selected = auxCopySelection(jobs)
    expect(selected.map((each) => each.job.id)).toEqual([3, 2, 4, 1])
    // Bad jobs are copied again with their target data checked and replaced.
    expect(selected.map((each) => each.repair)).toEqual([false, false, true, false])
  })
  it('takes nothing from a copy that holds every job', () => {
    expect(auxCopySelection([job(1, 'Full', 1, 'Available')])).toEqual([])
  })
})

describe('nextAuxCopyJobs', () => {
  const day = 24 * 60 * 60 * 1000
  const pending = (id: number, startTime: number, status = 'Completed', copyStatus: JobCopyStatus = 'To Be Copied') => ({
    ...job(id, 'Incremental', startTime, copyStatus),
    status,
  })

  it('takes the selection of finished backups, less those Defer Auxiliary Copy still holds back', () => {
    const now = 10 * day
    const jobs = [
      pending(1, 1 * day),
      pending(2, 2 * day, 'Failed'),
      pending(3, 8 * day),
      pending(4, 9 * day),
      pending(5, 3 * day, 'Completed w/ one or more errors'),
      pending(6, 4 * day, 'Completed', 'Available'),
    ]
    const next = nextAuxCopyJobs(jobs, 3, now)
    expect(next.selected.map((each) => each.job.id)).toEqual([1, 5])
    // Jobs 3 and 4 wait: the first of them may be copied 3 days after job 3 started.
    expect(next.deferred).toEqual({ count: 2, until: 11 * day })
  })

  it('defers nothing on a copy that does not defer, and leaves out what `skip` names', () => {
    const next = nextAuxCopyJobs([pending(1, 5), pending(2, 6)], 0, 7, (candidate) => candidate.id === 2)
    expect(next.selected.map((each) => each.job.id)).toEqual([1])
    expect(next.deferred).toBeNull()
  })
})
