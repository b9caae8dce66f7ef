/**
 * The deduplicated store's figures (`npm run bench`, BENCH_ONLY=dedup; not a test: nothing asserts), each beside its
 * peer measured in the same run, all through the media protocol and the MediaAgent worker:
 *
 * 1. The first dedup aux copy of a plain primary job (BENCH_DEDUP_MIB, default 1 GiB of random mixed-size files) to a
 *    deduplicated copy, variable blocks (content-defined, as restic cuts) and fixed blocks, against `restic copy` of
 *    the same data between two repositories with the same chunker parameters, and against `cp -r` + sync of the
 *    dataset to the same mount path (what the disk allows). All timed from a cold page cache, `sync` included; the
 *    DDB and the restic target are new each round.
 * 2. What a DDB keeps (containers + recipes + index, from `ddbStats`) over the unique data: (a) fixed blocks, files of
 *    whole 128 KiB blocks a known share of which repeat earlier ones (the unique bytes are exact); (b) variable
 *    blocks, the 1 GiB Full, then a few files edited (insertions that shift the content, bytes appended), then a
 *    second Full (unique bytes: the first Full plus the bytes inserted and appended, an approximation).
 * 3. A second Full of unchanged data copied into a DDB that holds it: bytes the DDB grew by over the Full's size.
 * 4. The DASH copy (dedup to dedup, a second DDB cutting the same way), Data Verification and restore of the dedup
 *    copy, each against the plain copy's equivalent (or cp -r + sync); the main thread's event-loop delay p99 during
 *    the dedup copies against the same during restic's copy (the main thread idle, the machine as busy).
 *
 * Rounds (BENCH_RUNS) alternate the two sides; each timed figure is the best round (the machine may be noisy).
 */
import { createCipheriv } from 'node:crypto'
import { spawn } from 'node:child_process'
import { mkdir, open, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks'
import { type BlockKind, type DdbStats, type JobRef, type MediaAgentConfig, type RunEvent, type RunWork, wholeJob } from '../../app/media/media-protocol'
import { MediaAgentClient } from '../../main/media-link/media-agent-client'
import { workerTransports } from '../../main/media-link/worker-transport'
import { generateDataset } from '../../main/mediaagent/testing/dataset'
import { mb, run, settle, timed, workerRunner } from './media-bench'
import { report, round } from './stats'

/** Knobs of the dedup bench. */
export interface DedupBenchOptions {
  /** Rounds of each timed step (best round counts). */
  readonly rounds: number
  /** The main dataset (default 1 GiB); the fixed-block dataset is a quarter of it. */
  readonly bytes?: number
  readonly scratchDir?: string
  readonly dropCaches?: boolean
}

type JobDurable = Extract<RunEvent, { type: 'jobDurable' }>

const fixedBlock = 128 * 1024
const password = 'dedup-bench'
const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000
const best = (samples: readonly number[]) => Math.max(...samples)
const kept = (stats: DdbStats) => stats.containerBytes + stats.recipeBytes + stats.indexBytes
const percent = (part: number, whole: number) => Math.round((part / whole) * 1e5) / 1e3
const p99 = (histogram: IntervalHistogram) => Math.round(histogram.percentile(99) / 1e4) / 100

/** The dataset's files, largest first (ties by path). */
async function filesOf(root: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true })
  const files = await Promise.all(
    entries.filter((entry) => entry.isFile()).map(async (entry) => {
      const path = join(entry.parentPath, entry.name)
      return { path, size: (await stat(path)).size }
    }),
  )
  return files.sort((a, b) => b.size - a.size || a.path.localeCompare(b.path))
}

/**
 * Files of whole 128 KiB blocks (1 to 64 each) totalling about `bytes`, where each block repeats an earlier one
 * (any file) with probability `repeatShare`, else is new. A block's bytes are AES-128-CTR of zeros under its number,
 * so repeats are regenerated rather than kept. Resolves the bytes written and the unique bytes among them (exact).
 */
async function generateBlockDataset(root: string, bytes: number, repeatShare: number): Promise<{ bytes: number; unique: number; files: number }> {
  const key = Buffer.alloc(16, 7)
  const zeros = Buffer.alloc(fixedBlock)
  const blockBytes = (index: number) => {
    const iv = Buffer.alloc(16)
    iv.writeUInt32BE(index, 0)
    return createCipheriv('aes-128-ctr', key, iv).update(zeros)
  }
  let fresh = 0
  let written = 0
  let files = 0
  await mkdir(root, { recursive: true })
  while (written < bytes) {
    const blocks = Math.min(1 + Math.floor(Math.random() * 64), Math.ceil((bytes - written) / fixedBlock))
    const handle = await open(join(root, `f${files}.bin`), 'w')
    try {
      for (let at = 0; at < blocks; at += 1) {
        const repeat = fresh > 0 && Math.random() < repeatShare
        await handle.write(blockBytes(repeat ? Math.floor(Math.random() * fresh) : fresh++), 0, fixedBlock, at * fixedBlock)
      }
    } finally {
      await handle.close()
    }
    written += blocks * fixedBlock
    files += 1
  }
  return { bytes: written, unique: fresh * fixedBlock, files }
}

/**
 * Edits `count` of the dataset's large files as a user's week would: three runs of new bytes inserted at random
 * places (the rest of the file shifts) and a few bytes appended. Resolves the bytes inserted and appended.
 */
async function editFiles(root: string, count: number): Promise<{ files: number; bytes: number }> {
  const files = (await filesOf(root)).filter((file) => file.size >= 1024 * 1024)
  const chosen = files.filter((_, index) => index % Math.max(1, Math.floor(files.length / count)) === 0).slice(0, count)
  let added = 0
  for (const file of chosen) {
    let data = await readFile(file.path)
    for (const length of [100, 1000, 4000]) {
      const at = Math.floor(Math.random() * data.length)
      const insert = Buffer.alloc(length, `inserted ${length} bytes at ${at}; `)
      data = Buffer.concat([data.subarray(0, at), insert, data.subarray(at)])
      added += length
    }
    const tail = Buffer.from(`appended ${Date.now()}\n`)
    data = Buffer.concat([data, tail])
    added += tail.length
    await writeFile(file.path, data)
  }
  return { files: chosen.length, bytes: added }
}

/** `restic version`'s line, or null when restic cannot be run here. */
function resticVersion(): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn('restic', ['version'], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    child.stdout.on('data', (data: Buffer) => (out += data.toString()))
    child.on('error', () => resolve(null))
    child.on('exit', (code) => resolve(code === 0 ? out.trim() : null))
  })
}

/** Runs the dedup bench and prints its figures. */
export async function dedupBench(options: DedupBenchOptions): Promise<void> {
  const rounds = Math.max(1, options.rounds)
  const bytes = options.bytes ?? 1024 * 1024 * 1024
  const drop = options.dropCaches ?? true
  const root = join(options.scratchDir ?? tmpdir(), `dedup-bench-${process.pid}-${Date.now()}`)
  const lib1 = join(root, 'lib1')
  const lib2 = join(root, 'lib2')
  // DDBs: 10 + round variable and 20 + round fixed (first copies), 30 fixed (the block dataset), 40 + round variable
  // (DASH targets). Each is opened by the worker on first use.
  const ddbIds: { id: number; blocks: BlockKind }[] = [{ id: 30, blocks: 'fixed' }]
  for (let each = 0; each < rounds; each += 1) ddbIds.push({ id: 10 + each, blocks: 'variable' }, { id: 20 + each, blocks: 'fixed' }, { id: 40 + each, blocks: 'variable' })
  const config: MediaAgentConfig = {
    mountPaths: [{ id: 1, path: lib1 }, { id: 2, path: lib2 }],
    ddbs: ddbIds.map(({ id, blocks }) => ({ id, path: join(root, 'ddb', `D${id}`), blocks })),
    tapeLibraries: [], throttleBytesPerSecond: null,
  }
  const client = new MediaAgentClient(workerTransports(), () => config)
  const inWorker = workerRunner(client)
  const plain = (jobId: number): JobRef => ({ store: { kind: 'disk', mountPathId: 1 }, storagePolicyId: 1, copyId: 1, jobId })
  const dedup = (ddbId: number, jobId: number): JobRef => ({ store: { kind: 'dedup', mountPathId: 2, ddbId }, storagePolicyId: 1, copyId: ddbId, jobId })
  const ddbFolderOnLib2 = (ddbId: number) => join(lib2, 'CV_DEDUP', `D${ddbId}`)
  const ddbStats = async (ddbId: number) => (await client.request({ kind: 'ddbStats', ddbId })).stats
  const durable = (events: readonly RunEvent[]): JobDurable => {
    const found = events.find((event) => event.type === 'jobDurable')
    if (found?.type !== 'jobDurable') throw new Error('the run reported no durable job')
    return found
  }
  const copyRun = (source: JobRef, target: JobRef, size: number): RunWork => ({
    kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [{ backupJobId: source.jobId, source, target, bytes: size, repair: false }],
  })
  const guards = { dataDir: join(root, 'console-data'), protectedPaths: [lib1, lib2, join(root, 'ddb')] }
  let cold = true
  const cooled = async () => {
    cold = (await settle(drop)) && cold
  }
  /** Times an action from a cold page cache, `sync` included; `delay` (if given) monitors the main thread meanwhile. */
  const coldTimed = async (action: () => Promise<unknown>, delay?: IntervalHistogram) => {
    await cooled()
    delay?.enable()
    try {
      return await timed(async () => {
        await action()
        await run('sync', [])
      })
    } finally {
      delay?.disable()
    }
  }
  const copyDelay = monitorEventLoopDelay({ resolution: 10 })
  const peerDelay = monitorEventLoopDelay({ resolution: 10 })
  /** Runs a dedup copy with the event-loop delay monitored; resolves its time (sync included) and its events. */
  const dedupCopy = async (work: RunWork) => {
    let events: readonly RunEvent[] = []
    const ms = await coldTimed(async () => (events = await inWorker(work)), copyDelay)
    return { ms, job: durable(events) }
  }
  const fig = (figure: string, unit: string, value: number, extra: Record<string, unknown> = {}) => report({ figure: `dedup: ${figure}`, unit, value, ...extra })

  try {
    for (const ddb of config.ddbs) await mkdir(ddb.path, { recursive: true })
    await mkdir(lib1, { recursive: true })
    await mkdir(lib2, { recursive: true })
    const data = join(root, 'data')
    const dataset = await generateDataset(data, bytes)
    await client.request({ kind: 'storeStats', stores: [{ kind: 'disk', mountPathId: 1 }] })
    await inWorker({ kind: 'backup', backupType: 'Full', contents: [data], target: plain(1), baseline: [], exclude: [] })
    fig('dataset (random, mixed file sizes)', 'bytes', dataset.bytes, { files: dataset.files })

    // restic: the dataset in a source repository (untimed); each round, a new target repository with the same chunker
    // parameters, and `restic copy` into it timed.
    const restic = await resticVersion()
    const resticSrc = join(root, 'restic-src')
    const resticDst = join(root, 'restic-dst')
    const passwordFile = join(root, 'restic-password')
    const resticEnv = { RESTIC_PASSWORD: password }
    if (restic !== null) {
      await writeFile(passwordFile, password)
      await run('restic', ['-r', resticSrc, '--no-cache', '-q', 'init'], resticEnv)
      await run('restic', ['-r', resticSrc, '--no-cache', '-q', 'backup', data], resticEnv)
    }

    const resticRounds: number[] = []
    const cpDataRounds: number[] = []
    const variableRounds: number[] = []
    const fixedRounds: number[] = []
    const containersCpRounds: number[] = []
    const dashRounds: number[] = []
    const verifyPlainRounds: number[] = []
    const verifyDedupRounds: number[] = []
    const restorePlainRounds: number[] = []
    const restoreDedupRounds: number[] = []
    const restored = join(root, 'restored')
    const copied = join(root, 'cp')
    let firstVariable: JobDurable | undefined
    let dash: JobDurable | undefined
    const rate = (ms: number) => mb(dataset.bytes, ms)
    for (let each = 0; each < rounds; each += 1) {
      const variable = 10 + each
      if (restic !== null) {
        await rm(resticDst, { recursive: true, force: true })
        const from = ['--from-repo', resticSrc, '--from-password-file', passwordFile]
        await run('restic', ['-r', resticDst, '--no-cache', '-q', 'init', '--copy-chunker-params', ...from], resticEnv)
        resticRounds.push(rate(await coldTimed(() => run('restic', ['-r', resticDst, '--no-cache', '-q', 'copy', ...from], resticEnv), peerDelay)))
      }
      // What the disk allows: the same bytes copied by cp -r to the dedup copy's mount path, sync included.
      cpDataRounds.push(rate(await coldTimed(() => run('cp', ['-r', data, join(lib2, 'cp-data')]))))
      await rm(join(lib2, 'cp-data'), { recursive: true, force: true })
      const first = await dedupCopy(copyRun(plain(1), dedup(variable, 1), dataset.bytes))
      firstVariable = first.job
      variableRounds.push(rate(first.ms))
      fixedRounds.push(rate((await dedupCopy(copyRun(plain(1), dedup(20 + each, 1), dataset.bytes))).ms))
      await rm(ddbFolderOnLib2(20 + each), { recursive: true, force: true })
      // DASH: from this round's variable DDB to a new one; its peer copies the same containers with cp.
      containersCpRounds.push(rate(await coldTimed(() => run('cp', ['-r', ddbFolderOnLib2(variable), copied]))))
      await rm(copied, { recursive: true, force: true })
      const dashed = await dedupCopy(copyRun(dedup(variable, 1), dedup(40 + each, 1), dataset.bytes))
      dash = dashed.job
      dashRounds.push(rate(dashed.ms))
      await rm(ddbFolderOnLib2(40 + each), { recursive: true, force: true })
      verifyPlainRounds.push(rate(await coldTimed(() => inWorker({ kind: 'verify', tasks: [{ backupJobId: 1, ref: plain(1), bytes: dataset.bytes }] }))))
      verifyDedupRounds.push(rate(await coldTimed(() => inWorker({ kind: 'verify', tasks: [{ backupJobId: 1, ref: dedup(variable, 1), bytes: dataset.bytes }] }))))
      for (const [ref, samples] of [[plain(1), restorePlainRounds], [dedup(variable, 1), restoreDedupRounds]] as const) {
        samples.push(rate(await coldTimed(() => inWorker({ kind: 'restore', chain: [ref], destination: restored, guards, selection: wholeJob }))))
        await rm(restored, { recursive: true, force: true })
      }
      // The last round's variable DDB stays for the figures below.
      if (each > 0) await rm(ddbFolderOnLib2(variable - 1), { recursive: true, force: true })
    }
    const lastVariable = 10 + rounds - 1
    if (firstVariable === undefined || dash === undefined) throw new Error('no round ran')

    // 1. First dedup aux copy against restic copy.
    const variable = best(variableRounds)
    const fixed = best(fixedRounds)
    if (restic !== null) {
      const peer = best(resticRounds)
      fig('restic copy between repositories with the same chunker parameters, sync included (best round)', 'MB/s', peer, { samples: resticRounds, version: restic })
      fig('first dedup aux copy from the plain primary, variable blocks, sync included (best round)', 'MB/s', variable, {
        samples: variableRounds, baseline: 'restic copy (best round)', baselineValue: peer, ratio: ratio(variable, peer), target: 'ratio >= 3',
      })
      fig('first dedup aux copy from the plain primary, fixed blocks, sync included (best round)', 'MB/s', fixed, {
        samples: fixedRounds, baseline: 'restic copy (best round)', baselineValue: peer, ratio: ratio(fixed, peer), target: 'ratio >= 3',
      })
    } else {
      fig('restic copy: not measured, restic is not installed here (apt-get install restic)', 'MB/s', 0)
      fig('first dedup aux copy from the plain primary, variable blocks, sync included (best round)', 'MB/s', variable, { samples: variableRounds })
      fig('first dedup aux copy from the plain primary, fixed blocks, sync included (best round)', 'MB/s', fixed, { samples: fixedRounds })
    }
    const cpData = best(cpDataRounds)
    fig('first dedup aux copy from the plain primary, variable blocks, against cp -r + sync of the dataset (best rounds)', 'ratio', ratio(variable, cpData), {
      baseline: 'cp -r + sync of the dataset to the same mount path (best round): what the disk allows', baselineValue: cpData, samples: cpDataRounds,
      fixedBlocksRatio: ratio(fixed, cpData),
    })
    fig('first dedup aux copy (variable): bytes read from the source / job size', 'ratio', ratio(firstVariable.bytesRead, firstVariable.bytes), {
      bytesRead: firstVariable.bytesRead, bytesWritten: firstVariable.bytesWritten, blocksWritten: firstVariable.blocksWritten, blocksFound: firstVariable.blocksFound,
    })

    // 4. DASH copy, verification and restore of the dedup copy, each beside its peer.
    const containersCp = best(containersCpRounds)
    const dashBest = best(dashRounds)
    fig('DASH copy dedup -> dedup (variable to variable, a new DDB), sync included (best round)', 'MB/s', dashBest, {
      samples: dashRounds, baseline: "cp -r + sync of the source DDB's containers (best round)", baselineValue: containersCp, ratio: ratio(dashBest, containersCp),
      blocksWritten: dash.blocksWritten, blocksFound: dash.blocksFound, bytesRead: dash.bytesRead,
    })
    fig('DASH copy / first dedup aux copy from the plain primary (variable)', 'ratio', ratio(dashBest, variable))
    const verifyPlain = best(verifyPlainRounds)
    const verifyDedup = best(verifyDedupRounds)
    fig(`Data Verification of the dedup copy (${cold ? 'cold' : 'warm'} page cache, best round)`, 'MB/s', verifyDedup, {
      samples: verifyDedupRounds, baseline: 'Data Verification of the plain primary copy (best round)', baselineValue: verifyPlain, ratio: ratio(verifyDedup, verifyPlain),
    })
    const restorePlain = best(restorePlainRounds)
    const restoreDedup = best(restoreDedupRounds)
    fig('restore from the dedup copy, sync included (best round)', 'MB/s', restoreDedup, {
      samples: restoreDedupRounds, baseline: 'restore from the plain primary copy, sync included (best round)', baselineValue: restorePlain, ratio: ratio(restoreDedup, restorePlain),
    })

    // 2a. Fixed blocks: a dataset of whole 128 KiB blocks, a quarter of them repeats.
    const blockData = join(root, 'blocks')
    const repeatShare = 0.25
    const generated = await generateBlockDataset(blockData, Math.max(fixedBlock, Math.round(bytes / 4 / fixedBlock) * fixedBlock), repeatShare)
    await inWorker({ kind: 'backup', backupType: 'Full', contents: [blockData], target: plain(2), baseline: [], exclude: [] })
    const blocksJob = durable(await inWorker(copyRun(plain(2), dedup(30, 2), generated.bytes)))
    const fixedStats = await ddbStats(30)
    fig(`fixed blocks: DDB containers + recipes + index / unique data (files of whole 128 KiB blocks, ${repeatShare * 100}% repeats)`, 'ratio', ratio(kept(fixedStats), generated.unique), {
      bytesKept: kept(fixedStats), baseline: 'unique bytes (exact, from the generator)', baselineValue: generated.unique, target: 'ratio <= 1.05',
      datasetBytes: generated.bytes, files: generated.files, containerBytes: fixedStats.containerBytes, recipeBytes: fixedStats.recipeBytes, indexBytes: fixedStats.indexBytes,
      blocksWritten: blocksJob.blocksWritten, blocksFound: blocksJob.blocksFound,
    })

    // 3 (fixed). A second Full of the same blocks.
    await inWorker({ kind: 'backup', backupType: 'Full', contents: [blockData], target: plain(5), baseline: [], exclude: [] })
    const againFixed = durable(await inWorker(copyRun(plain(5), dedup(30, 5), generated.bytes)))
    const fixedGrowth = kept(await ddbStats(30)) - kept(fixedStats)
    fig('fixed blocks: second Full of unchanged data, DDB growth (containers + recipes + index) / its size', '%', percent(fixedGrowth, generated.bytes), {
      bytesGrown: fixedGrowth, baseline: 'the Full\'s size', baselineValue: generated.bytes, target: '< 1%', blocksWritten: againFixed.blocksWritten, bytesWritten: againFixed.bytesWritten,
    })

    // 2b. Variable blocks: the Full held by the last variable DDB, a few files edited, a second Full.
    const before = await ddbStats(lastVariable)
    const edits = await editFiles(data, 8)
    await inWorker({ kind: 'backup', backupType: 'Full', contents: [data], target: plain(3), baseline: [], exclude: [] })
    const editedBytes = dataset.bytes + edits.bytes
    const edited = await dedupCopy(copyRun(plain(3), dedup(lastVariable, 3), editedBytes))
    const variableStats = await ddbStats(lastVariable)
    const unique = dataset.bytes + edits.bytes
    fig(`variable blocks: DDB containers + recipes + index / unique data (a Full, ${edits.files} files edited, a second Full)`, 'ratio', ratio(kept(variableStats), unique), {
      bytesKept: kept(variableStats), baseline: 'unique bytes (approximate: the first Full + the bytes inserted and appended)', baselineValue: unique, target: 'ratio <= 1.05',
      editBytes: edits.bytes, containerBytes: variableStats.containerBytes, recipeBytes: variableStats.recipeBytes, indexBytes: variableStats.indexBytes,
      keptAfterFirstFull: kept(before), secondFullBlocksWritten: edited.job.blocksWritten, secondFullBytesWritten: edited.job.bytesWritten,
    })
    fig('variable blocks: dedup aux copy of the edited second Full, sync included (one round)', 'MB/s', mb(editedBytes, edited.ms), {
      baseline: 'first dedup aux copy, variable blocks (best round)', baselineValue: variable, ratio: ratio(mb(editedBytes, edited.ms), variable),
    })

    // 3 (variable). A second Full of the same (edited) data.
    await inWorker({ kind: 'backup', backupType: 'Full', contents: [data], target: plain(4), baseline: [], exclude: [] })
    const again = await dedupCopy(copyRun(plain(4), dedup(lastVariable, 4), editedBytes))
    const variableGrowth = kept(await ddbStats(lastVariable)) - kept(variableStats)
    fig('variable blocks: second Full of unchanged data, DDB growth (containers + recipes + index) / its size', '%', percent(variableGrowth, editedBytes), {
      bytesGrown: variableGrowth, baseline: 'the Full\'s size', baselineValue: editedBytes, target: '< 1%', blocksWritten: again.job.blocksWritten, bytesWritten: again.job.bytesWritten,
    })
    fig('variable blocks: dedup aux copy of the unchanged second Full, sync included (one round)', 'MB/s', mb(editedBytes, again.ms), {
      baseline: 'first dedup aux copy, variable blocks (best round)', baselineValue: variable, ratio: ratio(mb(editedBytes, again.ms), variable),
    })

    fig('main event-loop delay p99 during the dedup copies', 'ms', p99(copyDelay), {
      baseline: restic !== null ? 'the same during restic copy (the main thread idle)' : 'none (restic not installed)', baselineValue: restic !== null ? p99(peerDelay) : null,
    })
    fig('page cache dropped before each timed step (1: yes, 0: not allowed here)', 'ratio', cold ? 1 : 0)
    fig('rounds', 'count', rounds, { note: `each timed figure is the best of ${rounds}; ${round(dataset.bytes / 2 ** 20)} MiB dataset` })
  } finally {
    await client.close()
    await rm(root, { recursive: true, force: true })
  }
}
