import { describe, expect, it } from 'vitest'
import type { BackupType, JobCopyStatus } from '../model/entities'
import { type CandidateJob, auxCopySelection } from './aux-copy-plan'

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
