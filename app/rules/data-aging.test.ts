import { describe, expect, it } from 'vitest'
import type { BackupType } from '../model/entities'
import { type AgingJob, type AgingVerdict, agingVerdicts } from './data-aging'

const day = 24 * 60 * 60 * 1000
const start = Date.UTC(2026, 10, 1)

/** A subclient's jobs, one per letter a day apart from `start`: F Full, I Incremental, D Differential, A Archive. */
function history(pattern: string, subclientId = 1, firstId = 1): AgingJob[] {
  const types: Record<string, BackupType> = { F: 'Full', I: 'Incremental', D: 'Differential', A: 'Archive' }
  return [...pattern].map((letter, index) => ({ id: firstId + index, subclientId, backupType: types[letter]!, startTime: start + index * day }))
}

const aged = (verdicts: readonly AgingVerdict[]) => verdicts.filter((verdict) => verdict.ages).map((verdict) => verdict.jobId)
const reasonOf = (verdicts: readonly AgingVerdict[], jobId: number) => {
  const verdict = verdicts.find((each) => each.jobId === jobId)!
  return verdict.ages ? null : verdict.reason
}
const rules = (retentionDays: number, retentionCycles: number, agingEnabled = true) => ({ agingEnabled, retentionDays, retentionCycles })

describe('data aging', () => {
  it('0 days / 1 cycle: once the second Full has landed the first cycle ages whole, the latest never', () => {
    const jobs = history('FIIFI')
    expect(aged(agingVerdicts(jobs.slice(0, 3), rules(0, 1), start + 10 * day))).toEqual([])
    const verdicts = agingVerdicts(jobs, rules(0, 1), start + 10 * day)
    expect(aged(verdicts)).toEqual([1, 2, 3])
    expect(reasonOf(verdicts, 4)).toBe('It is in the latest cycle of its subclient, which never ages.')
    expect(reasonOf(verdicts, 5)).toBe('It is in the latest cycle of its subclient, which never ages.')
  })

  it('days and cycles must both be past (the product example: 2 cycles, 14 days, weekly Fulls), counted from the start time', () => {
    const jobs = history('FIIIIIIFIIIIIIF')
    // The third Full landed on day 14: two Fulls after the first cycle, but its last job (day 6) is 8 days old.
    const early = agingVerdicts(jobs, rules(14, 2), start + 14 * day)
    expect(aged(early)).toEqual([])
    expect(reasonOf(early, 1)).toBe('Retention is 14 days: its cycle is kept until 2026-11-21.')
    expect(reasonOf(early, 8)).toBe('Retention is 2 cycles: 1 more Full must complete after its cycle.')
    // From day 20 (6 + 14) the first cycle ages; the second needs a fourth Full.
    expect(aged(agingVerdicts(jobs, rules(14, 2), start + 20 * day - 1))).toEqual([])
    expect(aged(agingVerdicts(jobs, rules(14, 2), start + 20 * day))).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('the latest cycle never ages, even with 0 days and 0 cycles; nothing ages with Enable Data Aging cleared', () => {
    const jobs = history('FIFI')
    expect(aged(agingVerdicts(jobs, rules(0, 0), start + 100 * day))).toEqual([1, 2])
    const disabled = agingVerdicts(jobs, rules(0, 0, false), start + 100 * day)
    expect(aged(disabled)).toEqual([])
    expect(reasonOf(disabled, 1)).toBe('Data aging is disabled on this copy.')
  })

  it('a hold keeps the job and its whole cycle, naming the job held and why', () => {
    const jobs = history('FIIFI')
    const holds = new Map([[3, 'Copy_3 (sourced from this copy) still needs it: To Be Copied there.']])
    const verdicts = agingVerdicts(jobs, rules(0, 1), start + 10 * day, holds)
    expect(aged(verdicts)).toEqual([])
    expect(reasonOf(verdicts, 3)).toBe('Copy_3 (sourced from this copy) still needs it: To Be Copied there.')
    expect(reasonOf(verdicts, 1)).toBe('Its cycle is held by job 3: Copy_3 (sourced from this copy) still needs it: To Be Copied there.')
    // A hold on the latest cycle changes nothing for the older one.
    expect(aged(agingVerdicts(jobs, rules(0, 1), start + 10 * day, new Map([[5, 'Retained until 2027-01-01.']])))).toEqual([1, 2, 3])
  })

  it('Archive jobs age by days alone; jobs before the first Full are a cycle of their own', () => {
    const archive = history('AAA')
    const verdicts = agingVerdicts(archive, rules(2, 5), start + 3 * day)
    expect(aged(verdicts)).toEqual([1, 2])
    expect(reasonOf(verdicts, 3)).toBe('Archive jobs are kept 2 days: until 2026-11-05.')
    const orphans = history('IIFI')
    expect(aged(agingVerdicts(orphans, rules(0, 1), start + 10 * day))).toEqual([1, 2])
  })

  it('each subclient has its own cycles, and verdicts come in the order the jobs were given', () => {
    const first = history('FIFI', 1, 1)
    const second = history('FII', 2, 10)
    const jobs = [second[2]!, first[3]!, second[0]!, first[0]!, first[1]!, second[1]!, first[2]!]
    const verdicts = agingVerdicts(jobs, rules(0, 1), start + 10 * day)
    expect(verdicts.map((verdict) => verdict.jobId)).toEqual(jobs.map((job) => job.id))
    expect(aged(verdicts)).toEqual([1, 2])
  })
})
