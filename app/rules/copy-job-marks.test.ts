import { describe, expect, test } from 'vitest'
import { JobCopyStatus } from '../model/entities'
import { copyJobActionRefusal, copyJobActionsFor, retainUntilProblem, type CopyJobAction } from './copy-job-marks'

const secondary = { name: 'Copy_2', primary: false }
const primary = { name: 'Primary', primary: true }
const job = (status: JobCopyStatus, retained = false) => ({ jobId: 7, status, retained })

describe('View Jobs actions by the job state on the copy', () => {
  test('each state of a job on a secondary copy offers exactly its actions', () => {
    const expected: Record<JobCopyStatus, CopyJobAction[]> = {
      'To Be Copied': ['doNotCopy'],
      'Partially Copied': ['doNotCopy', 'deleteJob'],
      Available: ['copyAgain', 'retain', 'markBad', 'deleteJob'],
      'Do Not Copy': ['copyAgain'],
      Bad: ['deleteJob'],
      Aged: [],
    }
    for (const status of JobCopyStatus.options) expect(copyJobActionsFor(secondary, [job(status)]), status).toEqual(expected[status])
  })

  test('the primary copy keeps its jobs: only Retain Job and Mark Job Bad, for an Available job', () => {
    for (const status of JobCopyStatus.options) {
      expect(copyJobActionsFor(primary, [job(status)]), status).toEqual(status === 'Available' ? ['retain', 'markBad'] : [])
    }
  })

  test('a retained job can have its retention removed, whatever its state', () => {
    expect(copyJobActionsFor(secondary, [job('Available', true)])).toContain('doNotRetain')
    expect(copyJobActionsFor(primary, [job('Bad', true)])).toEqual(['doNotRetain'])
    expect(copyJobActionsFor(secondary, [job('Available', true), job('Available', false)])).not.toContain('doNotRetain')
  })

  test('several jobs get only what applies to all of them', () => {
    expect(copyJobActionsFor(secondary, [job('To Be Copied'), job('Available')])).toEqual([])
    expect(copyJobActionsFor(secondary, [job('Available'), job('Bad')])).toEqual(['deleteJob'])
  })

  test('a refusal names the job, its state, the copy and the states the action takes', () => {
    expect(copyJobActionRefusal('doNotCopy', secondary, job('Available'))).toBe(
      'Job 7 is Available on Copy_2; Do Not Copy applies to To Be Copied or Partially Copied jobs.',
    )
    expect(copyJobActionRefusal('copyAgain', primary, job('Available'))).toBe('Copy Again applies to secondary copies; Primary is the primary copy.')
    expect(copyJobActionRefusal('doNotRetain', secondary, job('Available'))).toBe('Job 7 is not retained on Copy_2.')
    expect(copyJobActionRefusal('markBad', secondary, job('Available'))).toBeNull()
  })

  test('Retain Job Until is a date later than the CommServe time', () => {
    const now = new Date(2026, 10, 30, 12).getTime()
    expect(retainUntilProblem(null, now)).toBe('Retain Job Until is required to retain a job.')
    expect(retainUntilProblem(Number.NaN, now)).toBe('Retain Job Until must be a date.')
    expect(retainUntilProblem(now, now)).toBe("Retain Job Until must be later than the CommServe's time (2026-11-30).")
    expect(retainUntilProblem(now + 1, now)).toBeUndefined()
  })
})
