import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { JobRow } from '../../app/model/jobs'
import { createBackend, type Backend } from '../backend'
import { checksums, waitForJob } from '../testing/job-waits'
import { callerOf } from '../testing/temp-backend'

let backend: Backend | undefined
const call = callerOf(() => backend!)
const MiB = 1024 * 1024
const finished = (jobId: number): Promise<JobRow> => waitForJob(backend!, jobId, undefined, 120_000)

describe('a host killed in the middle of an aux copy to tape', () => {
  it('cuts the medium back to its last closed segment, resumes after it, and restores identical; nothing was Available early', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'commcell-tape-kill-'))
    let host: { close(): Promise<void> } | undefined
    try {
      // Seed: a 64 MiB Full of SP_Finance and a tape copy whose media hold 24 MiB, so the copy spans media.
      const seed = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' })
      host = seed
      await seed.ready
      const folder = join(dataDir, 'content', 'big')
      mkdirSync(folder, { recursive: true })
      for (let n = 0; n < 4; n++) writeFileSync(join(folder, `f${n}.bin`), randomBytes(16 * MiB))
      backend = seed
      await call('subclients:update', { subclientId: 2, content: [folder] })
      const backup = await call('backup:run', { subclientId: 2, backupType: 'Full' })
      expect((await finished(backup.jobId)).status).toBe('Completed')
      const library = seed.catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
      seed.catalog.tape.setMediaCapacity(library.id, 24 * MiB)
      const copy = await call('copies:create', {
        storagePolicyId: 2, name: 'Copy_3', libraryId: library.id, mediaAgentId: 1, drivePoolId: seed.catalog.resources.drivePools(library.id)[0]!.id,
        scratchPoolId: seed.catalog.resources.scratchPools(library.id)[0]!.id, active: true, dedup: null, sourceCopyId: 2,
        backupPeriod: { kind: 'onAndAfter', date: seed.catalog.jobs.backupJob(backup.jobId)!.startTime },
        agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
      })
      backend = undefined
      host = undefined
      await seed.close()

      const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'testing', 'aux-copy-child.ts'), dataDir, String(copy.id), String(8_000_000)], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (data: Buffer) => {
          const match = /progress (\d+)/.exec(data.toString())
          // Past the first medium (24 MiB), well before the job's end (64 MiB, 5 s later at 8 MB/s).
          if (match && Number(match[1]) > 28 * MiB) resolve()
        })
        child.once('exit', (code) => reject(new Error(`child exited ${code} before copying`)))
      })
      child.kill('SIGKILL')
      await new Promise((resolve) => child.once('exit', resolve))

      const restarted = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' })
      host = restarted
      backend = restarted
      // At the kill: the big job is not Available; its closed segments are recorded, the medium written last holds
      // more than its recorded end of data (the segment the kill cut short).
      expect(restarted.catalog.jobs.location(backup.jobId, copy.id)?.status).not.toBe('Available')
      const closed = restarted.catalog.tape.segments(copy.id, backup.jobId)
      expect(closed.length).toBeGreaterThan(0)
      const tail = restarted.catalog.tape.mediaOfLibrary(library.id).find((medium) => existsSync(join(dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)) && statSync(join(dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)).size > medium.endOfData)
      const onShelf = restarted.catalog.tape.mediaOfLibrary(library.id).map((medium) => {
        const file = join(dataDir, 'libraries', 'TapeLib01', `${medium.barcode}.tap`)
        return `${medium.barcode} ${medium.status} end ${medium.endOfData} size ${existsSync(file) ? statSync(file).size : 'none'}`
      })
      expect(tail, onShelf.join('; ')).toBeDefined()
      await restarted.ready
      const interrupted = (await call('jobs:list', { limit: 1000, beforeId: null })).jobs.find((job) => job.operation === 'Auxiliary Copy')!
      expect((await finished(interrupted.jobId)).status).toBe('Completed')
      expect(restarted.catalog.jobs.location(backup.jobId, copy.id)?.status).toBe('Available')
      // The closed segments were kept: the resumed run went on after them.
      expect(restarted.catalog.tape.segments(copy.id, backup.jobId).slice(0, closed.length)).toEqual(closed)
      const verification = await call('verification:run', { storagePolicyId: 2, copyId: copy.id, since: null })
      expect((await finished(verification.jobId)).status).toBe('Completed')
      const destination = join(dataDir, 'restored')
      const restore = await call('restore:run', { backupJobId: backup.jobId, copyId: copy.id, destination })
      expect((await finished(restore.jobId)).status).toBe('Completed')
      // A restore keeps each file's full path under the destination.
      const restored = checksums(join(destination, folder))
      expect(Object.keys(restored).length).toBe(4)
      expect(restored).toEqual(checksums(folder))
    } finally {
      backend = undefined
      await host?.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 240_000)
})
