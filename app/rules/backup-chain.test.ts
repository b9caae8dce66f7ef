import { describe, expect, it } from 'vitest'
import type { BackupType } from '../model/entities'
import { type ChainJob, backupTypeFor, baselineJobs, restoreChain } from './backup-chain'

/** A history from types, oldest first as written; the rules take it newest first, ids counting from 1. */
function history(...types: BackupType[]): ChainJob[] {
  return types.map((backupType, index) => ({ id: index + 1, backupType })).reverse()
}
const ids = (jobs: readonly ChainJob[]) => jobs.map((job) => job.id)

describe('restoreChain', () => {
  // 1 Full, 2 Inc, 3 Inc, 4 Diff, 5 Inc, 6 Inc, 7 Diff, 8 Full, 9 Inc
  const jobs = history('Full', 'Incremental', 'Incremental', 'Differential', 'Incremental', 'Incremental', 'Differential', 'Full', 'Incremental')

  it('a Full is restored on its own', () => {
    expect(ids(restoreChain(jobs, 1))).toEqual([1])
    expect(ids(restoreChain(jobs, 8))).toEqual([8])
  })
  it('a Differential needs its Full and itself, not the incrementals between', () => {
    expect(ids(restoreChain(jobs, 4))).toEqual([1, 4])
    expect(ids(restoreChain(jobs, 7))).toEqual([1, 7])
  })
  it('an Incremental needs its Full, the last Differential before it, and the incrementals after that', () => {
    expect(ids(restoreChain(jobs, 3))).toEqual([1, 2, 3])
    expect(ids(restoreChain(jobs, 6))).toEqual([1, 4, 5, 6])
    expect(ids(restoreChain(jobs, 9))).toEqual([8, 9])
  })
  it('archive jobs stand alone and never join a chain; a job with no Full before it stands alone', () => {
    const mixed = history('Full', 'Archive', 'Incremental', 'Archive')
    expect(ids(restoreChain(mixed, 3))).toEqual([1, 3])
    expect(ids(restoreChain(mixed, 4))).toEqual([4])
    expect(ids(restoreChain(history('Incremental', 'Incremental'), 2))).toEqual([2])
    expect(restoreChain(jobs, 99)).toEqual([])
  })
  it('transaction logs chain like incrementals after the last Differential', () => {
    const db = history('Full', 'Transaction Log', 'Differential', 'Transaction Log', 'Transaction Log')
    expect(ids(restoreChain(db, 5))).toEqual([1, 3, 4, 5])
  })
})

describe('baselineJobs', () => {
  const jobs = history('Full', 'Incremental', 'Differential', 'Incremental')
  it('a Differential compares with the last Full; an Incremental with the chain of the latest job', () => {
    expect(ids(baselineJobs(jobs, 'Differential'))).toEqual([1])
    expect(ids(baselineJobs(jobs, 'Incremental'))).toEqual([1, 3, 4])
    expect(baselineJobs(jobs, 'Full')).toEqual([])
    expect(baselineJobs(history('Incremental'), 'Incremental')).toEqual([])
  })
})

describe('backupTypeFor', () => {
  const everywhere = () => true
  it('the first backup of a subclient is a Full whatever was asked', () => {
    expect(backupTypeFor('Incremental', [], everywhere)).toEqual({ backupType: 'Full', forced: 'first backup' })
    expect(backupTypeFor('Differential', history('Archive'), everywhere)).toEqual({ backupType: 'Full', forced: 'first backup' })
    expect(backupTypeFor('Full', [], everywhere)).toEqual({ backupType: 'Full', forced: null })
  })
  it('keeps the asked type when its baseline is all on the primary copy', () => {
    expect(backupTypeFor('Incremental', history('Full', 'Incremental'), everywhere)).toEqual({ backupType: 'Incremental', forced: null })
  })
  it('runs a Full when a job it would build on is Bad or gone on the primary copy', () => {
    const jobs = history('Full', 'Incremental', 'Incremental')
    const badSecond = (job: ChainJob) => job.id !== 2
    expect(backupTypeFor('Incremental', jobs, badSecond)).toEqual({ backupType: 'Full', forced: 'baseline not available' })
    // A Differential builds on the Full only: an Incremental gone bad does not matter to it.
    expect(backupTypeFor('Differential', jobs, badSecond)).toEqual({ backupType: 'Differential', forced: null })
    expect(backupTypeFor('Differential', jobs, (job) => job.id !== 1)).toEqual({ backupType: 'Full', forced: 'baseline not available' })
  })
})
