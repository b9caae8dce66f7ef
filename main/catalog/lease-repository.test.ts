import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Catalog } from './catalog'
import { seedCommCell } from './demo-commcell'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A demo catalog (rows only) and two aux copy jobs of SP_Finance, both running. */
function catalogWithJobs(): { catalog: Catalog; first: number; second: number } {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-leases-'))
  dirs.push(dir)
  const catalog = Catalog.open(join(dir, 'commserve.db'))
  seedCommCell(catalog, { dataDir: dir, profile: 'demo', commServe: 'cs', now: 0 })
  const job = () =>
    catalog.jobs.addOperationJob({
      operation: 'Auxiliary Copy', status: 'Running', phase: '', startTime: 0, subclientId: null, storagePolicyId: 2, copyId: 3,
      backupType: null, cycle: null, options: {}, description: '', scheduleId: null, bytesTotal: 0,
    })
  return { catalog, first: job(), second: job() }
}

describe('one writer per copy, as a lease in the catalog', () => {
  it('a live lease of another console blocks a second writer; the same job takes its own lease over', () => {
    const { catalog, first, second } = catalogWithJobs()
    expect(catalog.leases.acquire({ copyId: 3, jobId: first, holder: 'console-a', now: 1000, staleBefore: 0 })).toBeUndefined()
    expect(catalog.leases.acquire({ copyId: 3, jobId: second, holder: 'console-b', now: 1500, staleBefore: 900 })).toMatchObject({ jobId: first, holder: 'console-a' })
    // After a restart, the interrupted job takes its lease back under the new console's name.
    expect(catalog.leases.acquire({ copyId: 3, jobId: first, holder: 'console-a2', now: 1600, staleBefore: 1000 })).toBeUndefined()
    expect(catalog.leases.live(3, 1000)).toMatchObject({ jobId: first, holder: 'console-a2' })
    catalog.close()
  })

  it('a lease no one renewed, or whose job ended, is free to take', () => {
    const { catalog, first, second } = catalogWithJobs()
    catalog.leases.acquire({ copyId: 3, jobId: first, holder: 'console-a', now: 1000, staleBefore: 0 })
    // console-a died: its lease was last renewed at 1000, and leases older than 61000 are dead by now.
    expect(catalog.leases.acquire({ copyId: 3, jobId: second, holder: 'console-b', now: 121_000, staleBefore: 61_000 })).toBeUndefined()
    expect(catalog.leases.live(3, 61_000)).toMatchObject({ jobId: second })
    // Renewing keeps it live; once its job ends it blocks no one.
    catalog.leases.renew('console-b', 200_000)
    expect(catalog.leases.live(3, 150_000)).toMatchObject({ jobId: second })
    catalog.jobs.updateOperationJob(second, { status: 'Completed' })
    expect(catalog.leases.live(3, 150_000)).toBeUndefined()
    catalog.leases.release(second)
    expect(catalog.leases.acquire({ copyId: 3, jobId: first, holder: 'console-c', now: 200_001, staleBefore: 150_000 })).toBeUndefined()
    catalog.close()
  })
})
