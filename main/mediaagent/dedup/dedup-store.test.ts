import Database from 'better-sqlite3'
import { createHash, randomBytes } from 'node:crypto'
import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BlockKind, JobRef, MediaAgentConfig } from '../../../app/media/media-protocol'
import { backupToLibrary } from '../backup'
import { CopyThreadPool } from '../copy-threads'
import { Stores } from '../disk-store'
import { chunkFileName, jobFolderPath, manifestName, restoredPath, toStoredPath } from '../job-folder'
import { verifyJobFolder } from '../job-reader'
import { restoreChain } from '../restore'
import { generateDataset, snapshotTree } from '../testing/dataset'
import { containerName, containersFolder } from './container'
import { ddbFileName } from './ddb'
import { DedupJobReader, type DedupStore, dedupJobFolder } from './dedup-store'

let temp: string
const threads = new CopyThreadPool()
const open: Stores[] = []
afterAll(() => threads.close())
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'dedup-'))
  for (const folder of ['lib1', 'lib2', 'ddb2', 'ddb3']) await mkdir(join(temp, folder))
})
afterEach(async () => {
  for (const stores of open.splice(0)) stores.close()
  await rm(temp, { recursive: true, force: true })
})

/** A MediaAgent's stores: mount paths 1 (lib1) and 2 (lib2), DDBs 2 and 3 on lib2 cutting `blocks`. */
function stores(blocks: BlockKind = 'fixed', other: BlockKind = blocks): Stores {
  const config: MediaAgentConfig = {
    mountPaths: [{ id: 1, path: join(temp, 'lib1') }, { id: 2, path: join(temp, 'lib2') }],
    ddbs: [{ id: 2, path: join(temp, 'ddb2'), blocks }, { id: 3, path: join(temp, 'ddb3'), blocks: other }],
    tapeLibraries: [], throttleBytesPerSecond: null,
  }
  const made = new Stores(() => threads)
  made.configure(config)
  open.push(made)
  return made
}
const plain = (jobId: number): JobRef => ({ store: { kind: 'disk', mountPathId: 1 }, storagePolicyId: 1, copyId: 1, jobId })
const dedup = (ddbId: number, jobId: number): JobRef => ({ store: { kind: 'dedup', mountPathId: 2, ddbId }, storagePolicyId: 1, copyId: ddbId, jobId })
const restoreTo = async (all: Stores, refs: JobRef[], dest: string) =>
  restoreChain(await Promise.all(refs.map((ref) => all.store(ref.store).openJob(ref))), dest, { threads })

/** Every file under a folder, recursively. */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) if (entry.isFile()) out.push(join(entry.parentPath, entry.name))
  return out
}

describe('the deduplicated store', () => {
  it('backs up into containers and a recipe, restores byte for byte, and a Full of unchanged data writes no block', async () => {
    const all = stores('fixed')
    const src = join(temp, 'src')
    await generateDataset(src, 6 * 1024 * 1024, 700 * 1024)
    const store = all.store(dedup(2, 1).store)
    const first = await store.backup(dedup(2, 1), { backupType: 'Full', contents: [src], chunkSize: 1024 * 1024 })
    expect(first.blocksWritten).toBeGreaterThan(40)
    const files = await filesUnder(join(temp, 'lib2'))
    expect(files.some((file) => file.endsWith('.chk'))).toBe(false)
    expect(files.filter((file) => file.endsWith('.ctr')).length).toBeGreaterThan(0)
    expect(files.some((file) => file.endsWith('recipe.rcp'))).toBe(true)

    const second = await store.backup(dedup(2, 2), { backupType: 'Full', contents: [src], chunkSize: 1024 * 1024 })
    expect(second).toMatchObject({ blocksWritten: 0 })
    expect(second.blocksFound).toBe(first.blocksWritten)
    const dest = join(temp, 'restored')
    const result = await restoreTo(all, [dedup(2, 2)], dest)
    expect(result.failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
    const stats = all.dedupStore(2).ddb.stats()
    expect(stats).toMatchObject({ jobs: 2, applicationBytes: 2 * first.manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0) })
    expect(stats.liveBytes).toBeLessThan(stats.applicationBytes / 1.9)
  })

  it.each<BlockKind>(['fixed', 'variable'])('copies a plain job in (%s blocks), writes nothing the second time, and copies back out to chunk files byte for byte', async (blocks) => {
    const all = stores(blocks)
    const src = join(temp, 'src')
    await generateDataset(src, 5 * 1024 * 1024, 600 * 1024)
    await backupToLibrary({ jobId: 7, backupType: 'Full', contents: [src], jobDir: jobFolderPath(join(temp, 'lib1'), 1, 1, 7), chunkSize: 1024 * 1024 })
    const source = await all.store(plain(7).store).openJob(plain(7))
    const target = all.store(dedup(2, 7).store)
    const copied = await target.copyIn(source, dedup(2, 7), { threads })
    expect(copied.blocksWritten).toBeGreaterThan(0)
    expect(copied.bytesWritten).toBeLessThanOrEqual(source.manifest.chunks.reduce((sum, chunk) => sum + chunk.size, 0))
    // The same data again, as another job: nothing new is written.
    const again = await target.copyIn(await all.store(plain(7).store).openJob(plain(7)), dedup(2, 8), { threads })
    expect(again).toMatchObject({ blocksWritten: 0, bytesWritten: 0 })
    // Back out to a plain copy: the chunk files are the source's, byte for byte.
    const back = jobFolderPath(join(temp, 'lib1'), 1, 9, 7)
    const reader = await target.openJob(dedup(2, 7))
    expect(reader).toBeInstanceOf(DedupJobReader)
    await all.store(plain(7).store).copyIn(reader, { ...plain(7), copyId: 9 }, { threads })
    expect(await verifyJobFolder(back)).toMatchObject({ ok: true })
    const sourceDir = jobFolderPath(join(temp, 'lib1'), 1, 1, 7)
    let compared = 0
    for (const chunk of source.manifest.chunks) {
      const [rebuilt, original] = await Promise.all([readFile(join(back, chunkFileName(chunk.number))), readFile(join(sourceDir, chunkFileName(chunk.number)))])
      expect(rebuilt.equals(original), `chunk ${chunk.number} rebuilt byte for byte`).toBe(true)
      compared += 1
    }
    expect(compared).toBe(source.manifest.chunks.length)
    expect(await readFile(join(back, manifestName))).toEqual(await readFile(join(sourceDir, manifestName)))
  })

  it('a DASH copy between deduplicated stores reads only the blocks the target lacks', async () => {
    const all = stores('variable')
    const src = join(temp, 'src')
    await generateDataset(src, 4 * 1024 * 1024, 500 * 1024)
    const a = all.store(dedup(2, 1).store)
    await a.backup(dedup(2, 1), { backupType: 'Full', contents: [src] })
    // A second Full after a small edit: most of its blocks are those of the first.
    const edited = (await filesUnder(src))[0]!
    await appendFile(edited, 'a small edit at the end of one file')
    await a.backup(dedup(2, 2), { backupType: 'Full', contents: [src] })
    const b = all.store(dedup(3, 1).store)
    const reads = vi.spyOn(DedupJobReader.prototype, 'locateBlock')
    const first = await b.copyIn(await a.openJob(dedup(2, 1)), dedup(3, 1), { threads })
    expect(reads).toHaveBeenCalledTimes(first.blocksWritten)
    reads.mockClear()
    const second = await b.copyIn(await a.openJob(dedup(2, 2)), dedup(3, 2), { threads })
    expect(second.blocksWritten).toBeGreaterThan(0)
    expect(second.blocksWritten).toBeLessThanOrEqual(3)
    // Only the new blocks were read from the source; the others the target held were never read again.
    expect(reads).toHaveBeenCalledTimes(second.blocksWritten)
    reads.mockRestore()
    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [dedup(3, 2)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
  })

  it('a DASH copy that reads a rotten block from its source fails naming it, commits nothing, and a later copy writes the block', async () => {
    const all = stores('fixed')
    const src = join(temp, 'src')
    await generateDataset(src, 3 * 1024 * 1024, 400 * 1024)
    await all.store(dedup(2, 1).store).backup(dedup(2, 1), { backupType: 'Full', contents: [src] })
    const [container] = (await readdir(containersFolder(join(temp, 'lib2'), 2))).map((name) => join(containersFolder(join(temp, 'lib2'), 2), name))
    const bytes = await readFile(container!)
    bytes[1000] = bytes[1000]! ^ 0xff
    await writeFile(container!, bytes)
    const b = all.store(dedup(3, 1).store) as DedupStore
    await expect(b.copyIn(await all.store(dedup(2, 1).store).openJob(dedup(2, 1)), dedup(3, 1), { threads })).rejects.toMatchObject({
      failure: { kind: 'checksum', reason: expect.stringMatching(/^block [0-9a-f]{16} read from the source does not match its hash$/) },
    })
    expect(b.shared.ddb.recipe(1)).toBeUndefined()
    // The claims of the failed copy were given back: a copy of the same data from a plain job writes every block.
    await backupToLibrary({ jobId: 1, backupType: 'Full', contents: [src], jobDir: jobFolderPath(join(temp, 'lib1'), 1, 1, 1) })
    const again = await b.copyIn(await all.store(plain(1).store).openJob(plain(1)), dedup(3, 1), { threads })
    expect(again.blocksFound).toBe(0)
    expect(b.ddbStats().uniqueBlocks).toBe(again.blocksWritten)
  })

  it('after a crash, an unsealed container goes and a sealed one the index lost is read back from its own list and reused', async () => {
    const src = join(temp, 'src')
    await generateDataset(src, 3 * 1024 * 1024, 400 * 1024)
    const first = stores('fixed')
    await first.store(dedup(2, 1).store).backup(dedup(2, 1), { backupType: 'Full', contents: [src] })
    first.close()
    // The crash's leftovers: the index step of the container was lost, and a half-written container lies beside it.
    const db = new Database(join(temp, 'ddb2', ddbFileName))
    db.exec('DELETE FROM blocks; DELETE FROM containers; DELETE FROM recipes')
    db.close()
    const folder = containersFolder(join(temp, 'lib2'), 2)
    await writeFile(join(folder, `${containerName(99)}.tmp`), 'half a container')
    await rm(dedupJobFolder(join(temp, 'lib2'), 2, 1), { recursive: true })

    const restarted = stores('fixed')
    const again = await restarted.store(dedup(2, 1).store).backup(dedup(2, 1), { backupType: 'Full', contents: [src] })
    expect(again.blocksWritten).toBe(0)
    expect((await readdir(folder)).some((name) => name.endsWith('.tmp'))).toBe(false)
    const dest = join(temp, 'restored')
    expect((await restoreTo(restarted, [dedup(2, 1)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
  })

  it('verification flags a flipped byte in a container and names the jobs and files; a repair copy writes that block alone', async () => {
    const all = stores('fixed')
    const src = join(temp, 'src')
    await generateDataset(src, 3 * 1024 * 1024, 400 * 1024)
    await backupToLibrary({ jobId: 5, backupType: 'Full', contents: [src], jobDir: jobFolderPath(join(temp, 'lib1'), 1, 1, 5) })
    const target = all.store(dedup(2, 5).store) as DedupStore
    await target.copyIn(await all.store(plain(5).store).openJob(plain(5)), dedup(2, 5), { threads })
    await target.copyIn(await all.store(plain(5).store).openJob(plain(5)), dedup(2, 6), { threads })
    const folder = containersFolder(join(temp, 'lib2'), 2)
    const [name] = (await readdir(folder)).filter((each) => each.endsWith('.ctr'))
    const bytes = await readFile(join(folder, name!))
    bytes[1000] = bytes[1000]! ^ 0x20
    await writeFile(join(folder, name!), bytes)

    const verdicts = await target.verifyJobs([dedup(2, 5), dedup(2, 6)], { threads, onBytes: () => undefined })
    for (const jobId of [5, 6]) {
      expect(verdicts.get(jobId)).toMatchObject({ kind: 'checksum', file: join(folder, name!), reason: expect.stringContaining('does not match its SHA-256') })
      const verdict = verdicts.get(jobId)
      expect(verdict?.kind === 'checksum' ? verdict.files.length : 0).toBeGreaterThan(0)
    }
    // Reading a job that uses the bad block fails; a repair copy writes the one bad block again.
    await expect(verifyDedup(all, dedup(2, 5))).rejects.toThrow(/found bad by a verification/)
    const repaired = await target.copyIn(await all.store(plain(5).store).openJob(plain(5)), dedup(2, 5), { threads, repair: true })
    expect(repaired.blocksWritten).toBe(1)
    const after = await target.verifyJobs([dedup(2, 5), dedup(2, 6)], { threads, onBytes: () => undefined })
    expect([...after.values()]).toEqual([null, null])
    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [dedup(2, 6)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
  })

  it('a DASH copy stopped part way gives back the blocks it claimed: the next copy in the same process writes them', async () => {
    const all = stores('variable')
    const src = join(temp, 'src')
    await generateDataset(src, 4 * 1024 * 1024, 500 * 1024)
    const source = all.store(dedup(2, 1).store)
    await source.backup(dedup(2, 1), { backupType: 'Full', contents: [src] })
    const target = all.store(dedup(3, 1).store)
    const stop = new AbortController()
    const stopped = target.copyIn(await source.openJob(dedup(2, 1)), dedup(3, 1), {
      threads, signal: stop.signal, progressIntervalMs: 0,
      onProgress: ({ bytesTransferred }) => {
        if (bytesTransferred > 1024 * 1024) stop.abort()
      },
    })
    await expect(stopped).rejects.toThrow()
    const resumed = await target.copyIn(await source.openJob(dedup(2, 1)), dedup(3, 1), { threads })
    expect(resumed.blocksWritten).toBeGreaterThan(0)
    await verifyDedup(all, dedup(3, 1))
  })

  it('a job whose blocks another writer is still writing commits only once they are sealed; a writer that failed gives its claims back', async () => {
    const state = stores('fixed').dedupStore(2)
    state.useMountPath(2)
    await state.recover(2)
    const block = Buffer.alloc(4096, 7)
    const hash = createHash('sha256').update(block).digest()
    const [writer, other] = [{}, {}]
    expect(state.claim(hash, writer)).toBe(true)
    expect(state.claim(hash, other)).toBe(false) // being written: the other job's recipe names it without writing it
    let settled = false
    const settling = state.settle([{ hash, length: block.length }]).then(() => (settled = true))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(settled).toBe(false)
    await state.append(block, [{ hash, length: block.length }])
    await settling
    expect(state.ddb.lookup(hash)).toMatchObject({ length: block.length, bad: false })
    state.ddb.commitRecipe(1, 2, [{ hash, length: block.length }], null, Date.now())

    const lost = createHash('sha256').update('never appended').digest()
    expect(state.claim(lost, writer)).toBe(true)
    await state.release(writer)
    expect(state.claim(lost, other)).toBe(true) // no longer held by the writer that failed
  })

  it('pruning a job lowers references, and reclaim removes only blocks no committed recipe names', async () => {
    const all = stores('fixed')
    const src = join(temp, 'src')
    await generateDataset(src, 3 * 1024 * 1024, 400 * 1024)
    const store = all.store(dedup(2, 1).store)
    await store.backup(dedup(2, 1), { backupType: 'Full', contents: [src] })
    const other = join(temp, 'other')
    await generateDataset(other, 2 * 1024 * 1024, 300 * 1024)
    await store.backup(dedup(2, 2), { backupType: 'Full', contents: [src, other] })
    const before = all.dedupStore(2).ddb.stats()
    expect(await store.prune(dedup(2, 2))).toBe(true)
    const after = all.dedupStore(2).ddb.stats()
    expect(after.jobs).toBe(1)
    expect(after.uniqueBlocks).toBeLessThan(before.uniqueBlocks)
    expect(after.containerBytes).toBeLessThan(before.containerBytes)
    // The job still held restores whole.
    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [dedup(2, 1)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
    // Pruning the last job leaves nothing behind.
    await store.prune(dedup(2, 1))
    expect(all.dedupStore(2).ddb.stats()).toMatchObject({ jobs: 0, uniqueBlocks: 0, containers: 0 })
    expect((await readdir(containersFolder(join(temp, 'lib2'), 2))).filter((name) => name.endsWith('.ctr'))).toEqual([])
  })

  it('a container left less than half live is rewritten with its live blocks only, and what it held still restores and verifies', async () => {
    const all = stores('fixed')
    const kept = join(temp, 'kept')
    const dropped = join(temp, 'dropped')
    await generateDataset(kept, 1024 * 1024, 256 * 1024)
    await generateDataset(dropped, 3 * 1024 * 1024, 512 * 1024)
    const store = all.store(dedup(2, 1).store)
    // Job 1 writes both folders into one container; job 2 holds only the first (its blocks all found).
    await store.backup(dedup(2, 1), { backupType: 'Full', contents: [kept, dropped] })
    expect((await store.backup(dedup(2, 2), { backupType: 'Full', contents: [kept] })).blocksWritten).toBe(0)
    const folder = containersFolder(join(temp, 'lib2'), 2)
    const before = (await readdir(folder)).filter((name) => name.endsWith('.ctr'))
    expect(before).toHaveLength(1)
    const stats = all.dedupStore(2).ddb.stats()

    // Job 1 goes: three quarters of the container are dead, so it is copied out and the old file removed.
    expect(await store.prune(dedup(2, 1))).toBe(true)
    const after = (await readdir(folder)).filter((name) => name.endsWith('.ctr'))
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(before[0])
    const rewritten = all.dedupStore(2).ddb.stats()
    expect(rewritten).toMatchObject({ jobs: 1, containers: 1, liveBlocks: rewritten.uniqueBlocks })
    expect(rewritten.containerBytes).toBeLessThan(stats.containerBytes / 2)
    expect(rewritten.containerBytes).toBeGreaterThanOrEqual(rewritten.liveBytes)
    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [dedup(2, 2)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(kept)))).toEqual(await snapshotTree(kept))
    const verdicts = await (store as DedupStore).verifyJobs([dedup(2, 2)], { threads, onBytes: () => undefined })
    expect(verdicts.get(2)).toBeNull()
  })
})

/** Reads a deduplicated job whole through the stream reader. */
async function verifyDedup(all: Stores, ref: JobRef): Promise<void> {
  const reader = await all.store(ref.store).openJob(ref)
  await reader.read({ threads })
}

describe('an encrypted deduplicated store (Re-encrypt data)', () => {
  const known = 'KNOWN-PLAIN-TEXT: the quarterly figures of the finance department'
  const keyA = randomBytes(32).toString('hex')
  const keyB = randomBytes(32).toString('hex')
  const sealed = (ref: JobRef, key: string): JobRef => ({ ...ref, encryption: { cipher: 'AES-256-GCM', key } })

  /** Files holding a known text many times over, among random bytes (so some blocks repeat and some do not). */
  async function knownData(folder: string): Promise<void> {
    await mkdir(folder, { recursive: true })
    for (let index = 0; index < 6; index += 1) {
      const text = Buffer.from(`${known} #${index}\n`.repeat(4000))
      await writeFile(join(folder, `file${index}.txt`), Buffer.concat([text, randomBytes(300 * 1024), text]))
    }
  }

  /** Whether any file under a folder holds the known text. */
  async function holdsKnown(folder: string): Promise<boolean> {
    for (const file of await filesUnder(folder)) if ((await readFile(file)).includes(known)) return true
    return false
  }

  it('seals blocks after deduplication: a second Full writes no block, restore is identical, no library file shows the data, verification checks tag and hash', async () => {
    const all = stores('fixed')
    const src = join(temp, 'src')
    await knownData(src)
    const store = all.store(dedup(2, 1).store) as DedupStore
    const first = await store.backup(sealed(dedup(2, 1), keyA), { backupType: 'Full', contents: [src], chunkSize: 1024 * 1024 })
    expect(first.blocksWritten).toBeGreaterThan(5)
    const second = await store.backup(sealed(dedup(2, 2), keyA), { backupType: 'Full', contents: [src], chunkSize: 1024 * 1024 })
    expect(second).toMatchObject({ blocksWritten: 0, bytesWritten: 0 })
    expect(await holdsKnown(src)).toBe(true)
    expect(await holdsKnown(join(temp, 'lib2'))).toBe(false)
    // The index keys stay the plain SHA-256s; the containers hold each block sealed (nonce, ciphertext, tag).
    const stats = all.dedupStore(2).ddb.stats()
    expect(stats.liveBytes).toBe(stats.uniqueBlocks * 28 + first.bytesWritten)

    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [sealed(dedup(2, 2), keyA)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
    expect(await store.verifyJobs([sealed(dedup(2, 1), keyA), sealed(dedup(2, 2), keyA)], { threads, onBytes: () => undefined })).toEqual(new Map([[1, null], [2, null]]))

    // Without the key, or with another one, nothing is read.
    await expect(store.openJob(dedup(2, 1))).rejects.toThrow(/encrypted and no key came/)
    await expect(store.openJob(sealed(dedup(2, 1), keyB))).rejects.toThrow(/sealed under another key/)
    await expect(store.backup(dedup(2, 3), { backupType: 'Full', contents: [src] })).rejects.toThrow(/no key came/)

    // A flipped byte inside a sealed block: its tag fails; verification names the container and the jobs' files.
    const folder = containersFolder(join(temp, 'lib2'), 2)
    const [name] = (await readdir(folder)).filter((each) => each.endsWith('.ctr'))
    const bytes = await readFile(join(folder, name!))
    bytes[1000] = bytes[1000]! ^ 0x01
    await writeFile(join(folder, name!), bytes)
    await expect(verifyDedup(all, sealed(dedup(2, 1), keyA))).rejects.toThrow(/fails its AES-GCM authentication/)
    const verdicts = await store.verifyJobs([sealed(dedup(2, 1), keyA), sealed(dedup(2, 2), keyA)], { threads, onBytes: () => undefined })
    for (const jobId of [1, 2]) {
      const verdict = verdicts.get(jobId)
      expect(verdict).toMatchObject({ kind: 'checksum', file: join(folder, name!), reason: expect.stringContaining('fails its AES-GCM authentication') })
      expect(verdict?.kind === 'checksum' ? verdict.files.length : 0).toBeGreaterThan(0)
    }
  })

  it.each<BlockKind>(['fixed', 'variable'])('aux copies (%s blocks) decrypt and re-seal: encrypted to plain, plain to encrypted, between two keys, and out to chunk files', async (blocks) => {
    const all = stores(blocks)
    const src = join(temp, 'src')
    await knownData(src)
    await backupToLibrary({ jobId: 4, backupType: 'Full', contents: [src], jobDir: jobFolderPath(join(temp, 'lib1'), 1, 1, 4), chunkSize: 1024 * 1024 })
    // Plain disk copy -> encrypted dedup copy (DDB 2, key A).
    const a = all.store(dedup(2, 4).store) as DedupStore
    await a.copyIn(await all.store(plain(4).store).openJob(plain(4)), sealed(dedup(2, 4), keyA), { threads, verifyTarget: true })
    expect(await holdsKnown(containersFolder(join(temp, 'lib2'), 2))).toBe(false)
    // Encrypted dedup -> plain dedup (DDB 3): the DASH copy opens each block; the plain store holds plain blocks.
    const b = all.store(dedup(3, 4).store) as DedupStore
    const reads = vi.spyOn(DedupJobReader.prototype, 'locateBlock')
    const toPlain = await b.copyIn(await a.openJob(sealed(dedup(2, 4), keyA)), dedup(3, 4), { threads, verifyTarget: true })
    expect(reads).toHaveBeenCalledTimes(toPlain.blocksWritten)
    reads.mockRestore()
    expect(await holdsKnown(containersFolder(join(temp, 'lib2'), 3))).toBe(true)
    expect(await b.verifyJobs([dedup(3, 4)], { threads, onBytes: () => undefined })).toEqual(new Map([[4, null]]))
    // Out to a plain disk copy: the chunk files are the source's, byte for byte.
    const back = jobFolderPath(join(temp, 'lib1'), 1, 9, 4)
    await all.store(plain(4).store).copyIn(await a.openJob(sealed(dedup(2, 4), keyA)), { ...plain(4), copyId: 9 }, { threads })
    expect(await verifyJobFolder(back)).toMatchObject({ ok: true })
    const sourceDir = jobFolderPath(join(temp, 'lib1'), 1, 1, 4)
    for (const chunk of (await all.store(plain(4).store).openJob(plain(4))).manifest.chunks) {
      expect((await readFile(join(back, chunkFileName(chunk.number)))).equals(await readFile(join(sourceDir, chunkFileName(chunk.number))))).toBe(true)
    }
    // The plain dedup copy -> back to an encrypted dedup copy under another key (DDB 2 emptied first).
    await a.prune(dedup(2, 4))
    const reseal = await a.copyIn(await b.openJob(dedup(3, 4)), sealed(dedup(2, 5), keyA), { threads })
    expect(reseal.blocksWritten).toBe(toPlain.blocksWritten)
    expect(await holdsKnown(containersFolder(join(temp, 'lib2'), 2))).toBe(false)
    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [sealed(dedup(2, 5), keyA)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
  })

  it('a copy between two encrypted stores re-seals under the target key; a rotten sealed source block fails the copy and commits nothing', async () => {
    const all = stores('variable')
    const src = join(temp, 'src')
    await knownData(src)
    const a = all.store(dedup(2, 1).store) as DedupStore
    await a.backup(sealed(dedup(2, 1), keyA), { backupType: 'Full', contents: [src] })
    const b = all.store(dedup(3, 1).store) as DedupStore
    await b.copyIn(await a.openJob(sealed(dedup(2, 1), keyA)), sealed(dedup(3, 1), keyB), { threads })
    await expect(b.openJob(sealed(dedup(3, 1), keyA))).rejects.toThrow(/another key/)
    expect(await b.verifyJobs([sealed(dedup(3, 1), keyB)], { threads, onBytes: () => undefined })).toEqual(new Map([[1, null]]))
    const dest = join(temp, 'restored')
    expect((await restoreTo(all, [sealed(dedup(3, 1), keyB)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(src)))).toEqual(await snapshotTree(src))
    expect(await holdsKnown(join(temp, 'lib2'))).toBe(false)

    const folder = containersFolder(join(temp, 'lib2'), 2)
    const [name] = (await readdir(folder)).filter((each) => each.endsWith('.ctr'))
    const bytes = await readFile(join(folder, name!))
    bytes[500] = bytes[500]! ^ 0x80
    await writeFile(join(folder, name!), bytes)
    await b.prune(dedup(3, 1))
    await expect(b.copyIn(await a.openJob(sealed(dedup(2, 1), keyA)), sealed(dedup(3, 2), keyB), { threads })).rejects.toMatchObject({
      failure: { kind: 'checksum', reason: expect.stringMatching(/fails its AES-GCM authentication$/) },
    })
    expect(b.shared.ddb.recipe(2)).toBeUndefined()
  })

  it('reclaim rewrites a container with its blocks still sealed, and the index is rebuilt from sealed containers after a crash', async () => {
    const all = stores('fixed')
    const kept = join(temp, 'kept')
    const dropped = join(temp, 'dropped')
    await mkdir(kept)
    await writeFile(join(kept, 'known.txt'), Buffer.concat([Buffer.from(`${known}\n`.repeat(3000)), randomBytes(200 * 1024)]))
    await generateDataset(dropped, 3 * 1024 * 1024, 512 * 1024)
    const store = all.store(dedup(2, 1).store) as DedupStore
    await store.backup(sealed(dedup(2, 1), keyA), { backupType: 'Full', contents: [kept, dropped] })
    expect((await store.backup(sealed(dedup(2, 2), keyA), { backupType: 'Full', contents: [kept] })).blocksWritten).toBe(0)
    const folder = containersFolder(join(temp, 'lib2'), 2)
    const before = (await readdir(folder)).filter((name) => name.endsWith('.ctr'))
    expect(await store.prune(dedup(2, 1))).toBe(true)
    const after = (await readdir(folder)).filter((name) => name.endsWith('.ctr'))
    expect(after).toHaveLength(1)
    expect(after[0]).not.toBe(before[0])
    expect(await holdsKnown(folder)).toBe(false)
    expect(await store.verifyJobs([sealed(dedup(2, 2), keyA)], { threads, onBytes: () => undefined })).toEqual(new Map([[2, null]]))
    all.close()

    // The crash: the index lost its blocks and containers; the sealed containers' own lists bring them back.
    const db = new Database(join(temp, 'ddb2', ddbFileName))
    db.exec('DELETE FROM blocks; DELETE FROM containers')
    db.close()
    const restarted = stores('fixed')
    const again = await restarted.store(dedup(2, 3).store).backup(sealed(dedup(2, 3), keyA), { backupType: 'Full', contents: [kept] })
    expect(again.blocksWritten).toBe(0)
    const dest = join(temp, 'restored')
    expect((await restoreTo(restarted, [sealed(dedup(2, 3), keyA)], dest)).failed).toEqual([])
    expect(await snapshotTree(restoredPath(dest, toStoredPath(kept)))).toEqual(await snapshotTree(kept))
  })

  it('a copy turned encrypted while empty drops the plain blocks a failed copy left, never reusing them; with a job held, the other setting is refused', async () => {
    const all = stores('fixed')
    const src = join(temp, 'src')
    await knownData(src)
    const state = all.dedupStore(2)
    state.useMountPath(2)
    await state.recover(2)
    await state.useKey(null, 2)
    // A plain block sealed in a container, no recipe committed (a copy that failed part way).
    const block = Buffer.from(`${known}\n`.repeat(1000))
    const hash = createHash('sha256').update(block).digest()
    expect(state.claim(hash, {})).toBe(true)
    await state.append(block, [{ hash, length: block.length }])
    await state.seal()
    expect(await holdsKnown(join(temp, 'lib2'))).toBe(true)

    const store = all.store(dedup(2, 1).store) as DedupStore
    await store.backup(sealed(dedup(2, 1), keyA), { backupType: 'Full', contents: [src] })
    expect(state.ddb.lookup(hash)).toBeUndefined()
    expect(await holdsKnown(join(temp, 'lib2'))).toBe(false)
    await expect(store.backup(dedup(2, 2), { backupType: 'Full', contents: [src] })).rejects.toThrow(/no key came/)
    await expect(store.backup(sealed(dedup(2, 2), keyB), { backupType: 'Full', contents: [src] })).rejects.toThrow(/another key/)
  })
})
