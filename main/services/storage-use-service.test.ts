/**
 * A library's storage use (`libraries:usage`) through the contract: a disk library's mount paths with the space the
 * MediaAgent reports (as the library's list shows it), offline ones named; its deduplicated copies' application size
 * against data written (as Copy Properties > Deduplication shows it); a tape library's media by state.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { callerOf, tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend>
const call = callerOf(() => backend)
beforeAll(async () => {
  backend = tempBackend('demo', { testClock: true })
  await backend.ready
})
afterAll(async () => {
  await backend.dispose()
})

/** A library's id by name. */
const libraryId = (name: string): number => backend.catalog.resources.libraries().find((library) => library.name === name)!.id

describe('libraries:usage', () => {
  it("shows a disk library's mount paths with the total, free and used space its list shows", async () => {
    const usage = await call('libraries:usage', { libraryId: libraryId('DiskLib01') })
    const list = await call('node:contents', { nodeId: `library:${libraryId('DiskLib01')}` })
    if (usage.kind !== 'disk') throw new Error('DiskLib01 is a disk library')
    expect(usage.library).toBe('DiskLib01')
    expect(usage.mountPaths.map((mountPath) => mountPath.path)).toEqual(list.rows.map((row) => row.cells.path))
    expect(usage.mountPaths.length).toBeGreaterThan(0)
    for (const [index, mountPath] of usage.mountPaths.entries()) {
      const cells = list.rows[index]!.cells
      expect(mountPath.totalBytes).toBe(cells.total)
      expect(mountPath.totalBytes).toBeGreaterThan(0)
      // Free space moves with whatever else writes to the disk: the two answers agree to within 1 %.
      expect(Math.abs(mountPath.freeBytes! - (cells.free as number))).toBeLessThan(mountPath.totalBytes! / 100)
      expect(mountPath.usedBytes! + mountPath.freeBytes!).toBe(mountPath.totalBytes)
      expect(mountPath.offlineReason).toBe('')
    }
    expect(usage.dedupCopies).toEqual([])
  })

  it("shows a deduplicated copy's application size against data written, as Copy Properties > Deduplication does", async () => {
    const created = await call('copies:create', {
      storagePolicyId: 2, name: 'Dedup_Copy', libraryId: libraryId('DiskLib02'), mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
      active: true, dedup: { mediaAgentId: 1, path: join(backend.dataDir, 'ddb-usage'), blocks: 'fixed' }, sourceCopyId: 2,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    })
    const usage = await call('libraries:usage', { libraryId: libraryId('DiskLib02') })
    if (usage.kind !== 'disk') throw new Error('DiskLib02 is a disk library')
    const { figures } = await call('copies:dedup', { copyId: created.id })
    expect(usage.dedupCopies).toEqual([{ copyId: created.id, copy: 'SP_Finance / Dedup_Copy', figures, reason: '' }])
    expect(figures).toMatchObject({ applicationBytes: 0, savingsPercent: null })
  })

  it('names a mount path its MediaAgent finds offline, without sizes', async () => {
    const id = libraryId('DiskLib02')
    const [mountPath] = backend.catalog.resources.mountPaths(id)
    rmSync(mountPath!.path, { recursive: true, force: true })
    const usage = await call('libraries:usage', { libraryId: id })
    if (usage.kind !== 'disk') throw new Error('DiskLib02 is a disk library')
    expect(usage.mountPaths[0]).toMatchObject({ path: mountPath!.path, usedBytes: null, freeBytes: null, totalBytes: null })
    expect(usage.mountPaths[0]!.offlineReason).not.toBe('')
  })

  it("counts a tape library's media in every state, a medium marked Bad among them", async () => {
    const id = libraryId('TapeLib01')
    const before = await call('libraries:usage', { libraryId: id })
    if (before.kind !== 'tape') throw new Error('TapeLib01 is a tape library')
    expect(before.media.map(({ status, media }) => [status, media])).toEqual([['Spare', 8], ['Active', 0], ['Appendable', 0], ['Full', 0], ['Bad', 0]])
    const [medium] = backend.catalog.tape.mediaOfLibrary(id)
    await call('media:setStatus', { mediumId: medium!.id, status: 'Bad' })
    const after = await call('libraries:usage', { libraryId: id })
    if (after.kind !== 'tape') throw new Error('TapeLib01 is a tape library')
    expect(after.media.map(({ status, media }) => [status, media])).toEqual([['Spare', 7], ['Active', 0], ['Appendable', 0], ['Full', 0], ['Bad', 1]])
    expect(after.media[0]!.capacityBytes).toBe(7 * medium!.capacityBytes)
  })
})
