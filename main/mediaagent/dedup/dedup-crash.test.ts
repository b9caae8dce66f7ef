/**
 * SIGKILL at any instant of a copy into a deduplicated store, restart, and the copy goes on without writing a sealed
 * container again; no job is Available with data missing; every committed recipe resolves.
 *
 * A child process copies a plain job into the store and stops dead at a chosen step (`testing/dedup-copy-child.ts`
 * blocks its thread there and says so), and only then is it killed: each instant is exact, never a race with the
 * copy. Containers are lowered to 256 KiB in the children so that a few MiB fill several of them. The children run
 * all at once before the tests, each in folders of its own; each test then looks at what its kill left, restarts
 * (new `Stores` on the same folders), copies again, and checks the outcome against a clean run.
 */
import Database from 'better-sqlite3'
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import type { JobRef, MediaAgentConfig } from '../../../app/media/media-protocol'
import { backupToLibrary } from '../backup'
import { CopyThreadPool } from '../copy-threads'
import { Stores } from '../disk-store'
import { chunkFileName, jobFolderPath, manifestName } from '../job-folder'
import { verifyJobFolder } from '../job-reader'
import { MediaError } from '../media-error'
import { generateDataset } from '../testing/dataset'
import { containerIdOf, containersFolder, readContainerEntries } from './container'
import { ddbFileName } from './ddb'
import { dedupJobFolder } from './dedup-store'
import { readRecipe } from './recipe'

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const childScript = fileURLToPath(new URL('../testing/dedup-copy-child.ts', import.meta.url))
const containerBytes = 256 * 1024

const jobId = 7
const plainRef: JobRef = { store: { kind: 'disk', mountPathId: 1 }, storagePolicyId: 1, copyId: 1, jobId }
const dedupRef: JobRef = { store: { kind: 'dedup', mountPathId: 2, ddbId: 2 }, storagePolicyId: 1, copyId: 2, jobId }
const outRef: JobRef = { store: { kind: 'disk', mountPathId: 3 }, storagePolicyId: 1, copyId: 9, jobId }
/** The same target, an encrypted copy (Re-encrypt data): its blocks are sealed under this key. */
const keyedRef: JobRef = { ...dedupRef, encryption: { cipher: 'AES-256-GCM', key: 'a5'.repeat(32) } }

const threads = new CopyThreadPool()
const children = new Set<ChildProcess>()
const opened: Stores[] = []
let temp: string
let lib1: string
let sourceDir: string
/** The clean run's outcome: every block's references and how many blocks. */
let clean: { refs: Record<string, number>; uniqueBlocks: number }

/**
 * Where each child is killed, each in folders of its own (a second step: a second child, restarted on what the first
 * left, killed in turn). They run all at once, before the tests look at what each left.
 */
const kills = {
  appendFirst: ['append:1'],
  appendMiddle: ['append:4'],
  sealedFirst: ['sealed:1'],
  sealedLast: ['sealed:last'],
  indexedFirst: ['indexed:1'],
  recipe: ['recipe:1'],
  committed: ['committed:1'],
  twice: ['sealed:2', 'append:1'],
  keyed: ['sealed:2'],
} as const
type Kill = keyof typeof kills
/** What a kill left: its folders, how many times each child had passed its step, the sealed containers after each kill. */
interface Killed {
  readonly run: Run
  readonly passes: number[]
  readonly sealed: Awaited<ReturnType<typeof sealedContainers>>[]
}
const killed = new Map<Kill, PromiseSettledResult<Killed>>()

async function kill(name: Kill): Promise<Killed> {
  const run = await newRun(name)
  const passes: number[] = []
  const sealed: Killed['sealed'] = []
  for (const hold of kills[name]) {
    passes.push(await runChild(run, hold, name === 'keyed' ? keyedRef : dedupRef))
    sealed.push(await sealedContainers(run))
  }
  return { run, passes, sealed }
}

function afterChild(name: Kill): Killed {
  const result = killed.get(name)
  if (result === undefined) throw new Error(`no child was killed for ${name}`)
  if (result.status === 'rejected') throw result.reason
  return result.value
}

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'dedup-crash-'))
  lib1 = join(temp, 'lib1')
  await mkdir(lib1)
  // A few MiB of random files, each large or medium one followed by a copy of itself: the copies' blocks are found
  // (they count twice in the references), and they split the new blocks into several appends, so several containers.
  const src = join(temp, 'src')
  await generateDataset(src, 3 * 1024 * 1024, 512 * 1024)
  for (const folder of ['large', 'medium']) {
    for (const name of await readdir(join(src, folder, 'd0'))) await copyFile(join(src, folder, 'd0', name), join(src, folder, 'd0', `${name}.again`))
  }
  sourceDir = jobFolderPath(lib1, 1, 1, jobId)
  await backupToLibrary({ jobId, backupType: 'Full', contents: [src], jobDir: sourceDir, chunkSize: 1024 * 1024 })

  // The children, all at once; each stops at its step and is killed there.
  const crashes = Promise.all(
    (Object.keys(kills) as Kill[]).map(async (name) => {
      const [result] = await Promise.allSettled([kill(name)])
      killed.set(name, result)
    }),
  )
  // Meanwhile the clean run, uninterrupted (here, with full-size containers: what it counts does not depend on them).
  const run = await newRun('clean')
  const stores = restart(run)
  const copied = await stores.store(dedupRef.store).copyIn(await stores.store(plainRef.store).openJob(plainRef), dedupRef, { threads })
  stores.close()
  const state = ddbState(run)
  clean = { refs: state.refs, uniqueBlocks: state.uniqueBlocks }
  await crashes
  expect(copied.blocksWritten).toBe(clean.uniqueBlocks)
  // Blocks that count more than once (the copies of files), and none unreferenced.
  expect(Object.values(clean.refs).some((refs) => refs > 1)).toBe(true)
  expect(Object.values(clean.refs).every((refs) => refs > 0)).toBe(true)
}, 60_000)

afterEach(() => {
  for (const stores of opened.splice(0)) stores.close()
})

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL')
  await threads.close()
  await rm(temp, { recursive: true, force: true })
})

/** One run's folders: the plain source on mount path 1, the deduplicated store on 2 (DDB 2), a plain copy out on 3. */
interface Run {
  readonly config: MediaAgentConfig
  readonly lib2: string
  readonly ddbDir: string
  readonly out: string
  readonly containers: string
  readonly jobDir: string
}

async function newRun(name: string): Promise<Run> {
  const root = join(temp, name)
  const lib2 = join(root, 'lib2')
  const ddbDir = join(root, 'ddb2')
  const out = join(root, 'out')
  for (const folder of [lib2, ddbDir, out]) await mkdir(folder, { recursive: true })
  const config: MediaAgentConfig = {
    mountPaths: [{ id: 1, path: lib1 }, { id: 2, path: lib2 }, { id: 3, path: out }],
    ddbs: [{ id: 2, path: ddbDir, blocks: 'fixed' }],
    tapeLibraries: [], throttleBytesPerSecond: null,
  }
  return { config, lib2, ddbDir, out, containers: containersFolder(lib2, 2), jobDir: dedupJobFolder(lib2, 2, jobId) }
}

/**
 * Runs the copy in a child told to stop dead at `hold` (`<step>:<n>`, see `testing/dedup-copy-child.ts`); once it
 * says it is there (and not before), SIGKILLs it. Resolves how many times it had passed that step.
 */
async function runChild(run: Run, hold: string, target: JobRef): Promise<number> {
  const args = ['--import', 'tsx', childScript, JSON.stringify(run.config), JSON.stringify(plainRef), JSON.stringify(target), hold]
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, COMMCELL_TEST_CONTAINER_BYTES: String(containerBytes) },
  })
  children.add(child)
  let output = ''
  const closed = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)))
  // Its first word: `held …` at the step, or `done …` if it never got there (a failure, shown with its output).
  const line = await new Promise<string | null>((resolve) => {
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString()
      const said = /^((?:held|done) [^\n]*)\n/m.exec(output)
      if (said) resolve(said[1]!)
    })
    child.stderr.on('data', (data: Buffer) => (output += data.toString()))
    void closed.then(() => resolve(null))
  })
  const held = line === null ? null : new RegExp(`^held ${hold} (\\d+)$`).exec(line)
  if (held === null) throw new Error(`the child did not stop at ${hold}: ${output}`)
  child.kill('SIGKILL')
  expect(await closed).toBe('SIGKILL')
  children.delete(child)
  return Number(held[1])
}

/** The sealed containers on disk, as a crash left them: a stamp of each (inode, mtime, size, SHA-256) and the blocks they hold. */
async function sealedContainers(run: Run): Promise<{ stamps: Map<string, string>; blocks: Set<string>; temps: string[] }> {
  const names = (await readdir(run.containers).catch(() => [] as string[])).sort()
  const stamps = new Map<string, string>()
  const blocks = new Set<string>()
  for (const name of names.filter((each) => containerIdOf(each) !== null)) {
    const path = join(run.containers, name)
    const stats = await stat(path)
    const sha = createHash('sha256').update(await readFile(path)).digest('hex')
    stamps.set(name, `${stats.ino}:${stats.mtimeMs}:${stats.size}:${sha}`)
    for (const entry of await readContainerEntries(path)) {
      const key = entry.hash.toString('hex')
      // No block is written twice: a block of a sealed container is never in another one.
      expect(blocks.has(key), `block ${key} in two containers`).toBe(false)
      blocks.add(key)
    }
  }
  return { stamps, blocks, temps: names.filter((name) => name.endsWith('.tmp')) }
}

/** The DDB as a restart finds it (read with a connection of its own): references, indexed containers, committed recipes. */
function ddbState(run: Run): { refs: Record<string, number>; uniqueBlocks: number; containers: number[]; recipes: number[] } {
  const db = new Database(join(run.ddbDir, ddbFileName))
  try {
    const refs: Record<string, number> = {}
    for (const row of db.prepare('SELECT hash, refs FROM blocks').all() as { hash: Buffer; refs: number }[]) refs[row.hash.toString('hex')] = row.refs
    const containers = (db.prepare('SELECT id FROM containers ORDER BY id').all() as { id: number }[]).map((row) => row.id)
    const recipes = (db.prepare('SELECT job_id AS jobId FROM recipes ORDER BY job_id').all() as { jobId: number }[]).map((row) => row.jobId)
    return { refs, uniqueBlocks: Object.keys(refs).length, containers, recipes }
  } finally {
    db.close()
  }
}

/**
 * Every committed recipe resolves: each block it names is in the index, in an indexed container, and the bytes
 * there match its SHA-256. Resolves how many recipes were checked.
 */
async function committedRecipesResolve(run: Run): Promise<number> {
  const db = new Database(join(run.ddbDir, ddbFileName))
  const containerFiles = new Map<number, Buffer>()
  try {
    const recipes = db.prepare('SELECT job_id AS jobId, mount_path_id AS mountPathId, blocks, bytes FROM recipes').all() as { jobId: number; mountPathId: number; blocks: number; bytes: number }[]
    const lookup = db.prepare('SELECT container, offset, length, bad FROM blocks WHERE hash = ?')
    const container = db.prepare('SELECT mount_path_id AS mountPathId FROM containers WHERE id = ?')
    for (const recipe of recipes) {
      expect(recipe.mountPathId).toBe(2)
      const entries = await readRecipe(join(dedupJobFolder(run.lib2, 2, recipe.jobId), 'recipe.rcp'))
      expect(entries.length).toBe(recipe.blocks)
      expect(entries.reduce((sum, entry) => sum + entry.length, 0)).toBe(recipe.bytes)
      for (const entry of entries) {
        const where = lookup.get(entry.hash) as { container: number; offset: number; length: number; bad: number } | undefined
        expect(where, `block ${entry.hash.toString('hex')} of job ${recipe.jobId} in the index`).toBeDefined()
        expect(where).toMatchObject({ length: entry.length, bad: 0 })
        expect(container.get(where!.container), `container ${where!.container} in the index`).toEqual({ mountPathId: 2 })
        let bytes = containerFiles.get(where!.container)
        if (bytes === undefined) {
          bytes = await readFile(join(run.containers, `K${String(where!.container).padStart(8, '0')}.ctr`))
          containerFiles.set(where!.container, bytes)
        }
        const digest = createHash('sha256').update(bytes.subarray(where!.offset, where!.offset + where!.length)).digest()
        expect(digest.equals(entry.hash), `block ${entry.hash.toString('hex')} reads back`).toBe(true)
      }
    }
    return recipes.length
  } finally {
    db.close()
  }
}

function restart(run: Run): Stores {
  const stores = new Stores(() => threads)
  stores.configure(run.config)
  opened.push(stores)
  return stores
}

/** What a kill left, checked before any restart: the job is not Available, and whatever recipe is committed resolves. */
async function afterKill(run: Run): Promise<Awaited<ReturnType<typeof sealedContainers>> & { committed: number }> {
  const sealed = await sealedContainers(run)
  expect(await readdir(run.jobDir).catch(() => [] as string[])).not.toContain(manifestName)
  const committed = await committedRecipesResolve(run)
  return { ...sealed, committed }
}

/**
 * Restarts on the same folders and copies again: the copy completes, writing exactly the blocks no sealed container
 * held, without touching one sealed container; the job then reads back whole and copies out byte for byte, and the
 * DDB is the clean run's, reference for reference.
 */
async function restartAndFinish(run: Run, before: { stamps: Map<string, string>; blocks: Set<string> }): Promise<void> {
  const stores = restart(run)
  const target = stores.store(dedupRef.store)
  // Not Available before the copy finishes: the job cannot be opened.
  const early = await target.openJob(dedupRef).then(() => null, (error: unknown) => error)
  expect(early).toBeInstanceOf(MediaError)
  expect((early as MediaError).failure.kind).toBe('sourceMissing')

  const resumed = await target.copyIn(await stores.store(plainRef.store).openJob(plainRef), dedupRef, { threads })
  expect(resumed.alreadyDurable).toBe(false)
  expect(resumed.blocksWritten).toBe(clean.uniqueBlocks - before.blocks.size)
  expect(resumed.blocksWritten + resumed.blocksFound).toBe(Object.values(clean.refs).reduce((sum, refs) => sum + refs, 0))

  const after = await sealedContainers(run)
  for (const [name, stamp] of before.stamps) expect(after.stamps.get(name), `${name} untouched`).toBe(stamp)
  expect(after.temps).toEqual([])
  expect((await readdir(run.jobDir)).filter((name) => name.endsWith('.tmp'))).toEqual([])
  expect(after.blocks.size).toBe(clean.uniqueBlocks)

  const state = ddbState(run)
  expect(state.refs).toEqual(clean.refs)
  expect(state.recipes).toEqual([jobId])
  // Every sealed container on disk is indexed (the ones a crash hid from the index were read back from their lists).
  expect(state.containers).toEqual([...after.stamps.keys()].map((name) => containerIdOf(name)))
  expect(stores.dedupStore(2).ddb.stats()).toMatchObject({ jobs: 1, uniqueBlocks: clean.uniqueBlocks, liveBlocks: clean.uniqueBlocks })
  expect(await committedRecipesResolve(run)).toBe(1)

  // The job reads back whole (every chunk's SHA-256 checked) and copies out to chunk files byte for byte.
  const reader = await target.openJob(dedupRef)
  await reader.read({ threads })
  await stores.store(outRef.store).copyIn(await target.openJob(dedupRef), outRef, { threads })
  const outDir = jobFolderPath(run.out, 1, 9, jobId)
  expect(await verifyJobFolder(outDir)).toMatchObject({ ok: true })
  for (const chunk of reader.manifest.chunks) {
    const [copied, original] = await Promise.all([readFile(join(outDir, chunkFileName(chunk.number))), readFile(join(sourceDir, chunkFileName(chunk.number)))])
    expect(copied.equals(original), `chunk ${chunk.number} byte for byte`).toBe(true)
  }
  expect(await readFile(join(outDir, manifestName))).toEqual(await readFile(join(sourceDir, manifestName)))

  // Once durable, a third run finds the job complete and writes nothing.
  const again = await target.copyIn(await stores.store(plainRef.store).openJob(plainRef), dedupRef, { threads })
  expect(again).toMatchObject({ alreadyDurable: true, blocksWritten: 0 })
}

it('killed while its first container is half written: the .tmp goes, and every block is written afresh', async () => {
  const { run } = afterChild('appendFirst')
  const left = await afterKill(run)
  expect(left).toMatchObject({ committed: 0, stamps: new Map() })
  expect(left.temps).toHaveLength(1)
  await restartAndFinish(run, left)
})

it('killed with some containers sealed and indexed and the next one half written: the sealed ones are kept, not written again', async () => {
  const { run } = afterChild('appendMiddle')
  const left = await afterKill(run)
  expect(left.committed).toBe(0)
  expect(left.temps).toHaveLength(1)
  expect(left.stamps.size).toBeGreaterThanOrEqual(2)
  expect(ddbState(run).containers).toHaveLength(left.stamps.size)
  await restartAndFinish(run, left)
})

it('killed after a container is sealed but before the index heard of it: it is read back from its own list and reused', async () => {
  const { run } = afterChild('sealedFirst')
  const left = await afterKill(run)
  expect(left).toMatchObject({ committed: 0, temps: [] })
  expect([...left.stamps.keys()]).toHaveLength(1)
  expect(ddbState(run)).toMatchObject({ containers: [], uniqueBlocks: 0 })
  expect(left.blocks.size).toBeGreaterThan(0)
  await restartAndFinish(run, left)
})

it('killed after the last container is sealed, unindexed: nothing is written again', async () => {
  const { run, passes: [sealed] } = afterChild('sealedLast')
  const left = await afterKill(run)
  expect(left).toMatchObject({ committed: 0, temps: [] })
  // Several containers (lowered to 256 KiB), each sealed once.
  expect(sealed).toBeGreaterThanOrEqual(4)
  expect(left.stamps.size).toBe(sealed)
  expect(left.blocks.size).toBe(clean.uniqueBlocks)
  expect(ddbState(run).containers).toHaveLength(left.stamps.size - 1)
  await restartAndFinish(run, left)
})

it('killed right after a container\'s blocks are indexed, before the next container: it is kept and its blocks found', async () => {
  const { run } = afterChild('indexedFirst')
  const left = await afterKill(run)
  expect(left).toMatchObject({ committed: 0, temps: [] })
  expect(left.stamps.size).toBe(1)
  expect(ddbState(run)).toMatchObject({ containers: [1], uniqueBlocks: left.blocks.size })
  await restartAndFinish(run, left)
})

it('killed with the recipe durable but not committed: the job is not Available, and the next run commits it once', async () => {
  const { run } = afterChild('recipe')
  const left = await afterKill(run)
  expect(await readdir(run.jobDir)).toContain('recipe.rcp')
  expect(left).toMatchObject({ committed: 0, temps: [] })
  expect(Object.values(ddbState(run).refs).every((refs) => refs === 0)).toBe(true)
  await restartAndFinish(run, left)
})

it('killed between the recipe committed and the manifest: the recipe resolves, and the next run writes the manifest without counting the job twice', async () => {
  const { run } = afterChild('committed')
  const left = await afterKill(run)
  expect(left).toMatchObject({ committed: 1, temps: [] })
  expect(ddbState(run).refs).toEqual(clean.refs)
  // A kill during the manifest's write (the next step) leaves this and half a temp manifest: the run replaces it.
  const manifest = await readFile(join(sourceDir, manifestName))
  await writeFile(join(run.jobDir, `${manifestName}.tmp`), manifest.subarray(0, manifest.length >> 1))
  await restartAndFinish(run, left)
})

it('killed again while recovering from a first kill: the containers of both runs are kept', async () => {
  const { run, sealed: [first] } = afterChild('twice')
  expect(first!.stamps.size).toBe(2)
  // The restarted child indexed the container the first kill hid, then was killed with its own first container half written.
  const left = await afterKill(run)
  for (const [name, stamp] of first!.stamps) expect(left.stamps.get(name), `${name} untouched`).toBe(stamp)
  expect(left).toMatchObject({ committed: 0, temps: [expect.any(String)] })
  expect(ddbState(run).containers).toHaveLength(2)
  await restartAndFinish(run, left)
})

it('an encrypted copy killed after a sealed container, unindexed: the restart reads it back from its list and goes on sealing, nothing plain on disk', async () => {
  const { run } = afterChild('keyed')
  const left = await afterKill(run)
  expect(left).toMatchObject({ committed: 0, temps: [] })
  expect(left.stamps.size).toBe(2)
  const stores = restart(run)
  const target = stores.store(keyedRef.store)
  const resumed = await target.copyIn(await stores.store(plainRef.store).openJob(plainRef), keyedRef, { threads })
  expect(resumed.blocksWritten).toBe(clean.uniqueBlocks - left.blocks.size)
  const after = await sealedContainers(run)
  for (const [name, stamp] of left.stamps) expect(after.stamps.get(name), `${name} untouched`).toBe(stamp)
  expect(after.blocks.size).toBe(clean.uniqueBlocks)
  expect(ddbState(run).refs).toEqual(clean.refs)

  // It reads back whole with the key only, and no container holds a stretch of the source's plain bytes.
  await expect(target.openJob(dedupRef)).rejects.toThrow(/no key came/)
  const reader = await target.openJob(keyedRef)
  await reader.read({ threads })
  const stretches = await Promise.all(reader.manifest.chunks.map(async (chunk) => (await readFile(join(sourceDir, chunkFileName(chunk.number)))).subarray(4096, 4160)))
  for (const name of after.stamps.keys()) {
    const bytes = await readFile(join(run.containers, name))
    for (const stretch of stretches) expect(bytes.includes(stretch), `${name} holds plain data`).toBe(false)
  }
})
