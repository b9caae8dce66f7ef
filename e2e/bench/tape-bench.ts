/**
 * The tape store's figures (`npm run bench`, BENCH_ONLY=tape; not a test: nothing asserts), each beside a baseline
 * measured in the same run, all through the media protocol and the MediaAgent worker, the bench playing the
 * CommServe (it gives the tape stream fresh media as it asks, and records the segments it closes):
 *
 * 1. The aux copy of a backup job (BENCH_TAPE_MIB, default 1 GiB of random mixed-size files, backed up once to a disk
 *    mount path) to emulated media (SIMH tape image files of BENCH_TAPE_MEDIUM_MIB each, default 256 MiB, so the job
 *    spans several), one stream, against `cp -r` + sync of the job folder (the same chunk files the copy reads); its
 *    peer, the same aux copy to a second disk mount path.
 * 2. The restore of that job from tape to a new folder, against `cp -r` + sync of the dataset; its peer, the restore
 *    from the disk copy. The files restored from tape are compared byte for byte with the dataset once (`diff -rq`).
 * 3. What the media hold: media used, bytes on them against the data (framing, headers, the manifest, trailers).
 *
 * Every timed step starts from a flushed and (as root) dropped page cache and ends with `sync`. Rounds (BENCH_RUNS)
 * alternate the steps, each round's output removed before the next; each timed figure is the median of the rounds
 * (every round's value in `samples`): the machine may be shared and noisy.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { type JobRef, type MediaAgentConfig, type MediumRef, type RunEvent, type RunWork, type TapeSegmentRef, wholeJob } from '../../app/media/media-protocol'
import { MediaAgentClient } from '../../main/media-link/media-agent-client'
import { workerTransports } from '../../main/media-link/worker-transport'
import { jobFolderPath } from '../../main/mediaagent/job-folder'
import { generateDataset } from '../../main/mediaagent/testing/dataset'
import { mb, run, settle, timed, workerRunner } from './media-bench'
import { median, report } from './stats'

/** Knobs of the tape bench. */
export interface TapeBenchOptions {
  /** Rounds of each timed step (the median counts). */
  readonly rounds: number
  /** The dataset (default 1 GiB). */
  readonly bytes?: number
  /** Each medium's capacity, framing included (default 256 MiB): the job spans about bytes / capacity media. */
  readonly mediumBytes?: number
  readonly scratchDir?: string
  readonly dropCaches?: boolean
}

const libraryId = 1
const policyId = 1
const jobId = 1
/** Copies: 1 the disk primary (mount path 1), 2 the tape copy, 3 the disk peer (mount path 2). */
const tapeCopyId = 2
const diskCopyId = 3

const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000
const percent = (part: number, whole: number) => Math.round((part / whole) * 1e5) / 1e3

/** A medium as the bench's CommServe keeps it. */
interface MediumState {
  readonly barcode: string
  readonly capacity: number
  endOfData: number
  /** Left for lack of room: never given again. */
  full: boolean
  /** Given to a stream and not yet left. */
  mounted: boolean
}

/**
 * The CommServe's side of a tape library, as much as the bench needs: a scratch pool of fresh media (B00001,
 * B00002, ...) and what it recorded of each (its end of data after each segment closed, whether it was left full).
 * A medium left with room is Appendable and given again (with its end of data) for a job's first segment.
 */
class BenchMediaPool {
  private readonly media = new Map<string, MediumState>()
  private issued = 0

  constructor(private readonly capacity: number) {}

  give(spanning: boolean): MediumRef {
    const appendable = spanning ? undefined : [...this.media.values()].find((medium) => !medium.full && !medium.mounted)
    const medium = appendable ?? this.fresh()
    medium.mounted = true
    return { barcode: medium.barcode, capacity: medium.capacity, endOfData: medium.endOfData }
  }

  segmentClosed(segment: TapeSegmentRef): void {
    const medium = this.media.get(segment.barcode)
    if (medium === undefined) throw new Error(`segment closed on medium ${segment.barcode}, which was never given`)
    medium.endOfData = segment.endOfData
  }

  left(barcode: string, full: boolean): void {
    const medium = this.media.get(barcode)
    if (medium === undefined) throw new Error(`medium ${barcode} left, which was never given`)
    medium.mounted = false
    medium.full = full
  }

  /** The media holding these segments, as a JobRef names them to read the job. */
  refsOf(segments: readonly TapeSegmentRef[]): MediumRef[] {
    return [...new Set(segments.map((segment) => segment.barcode))].map((barcode) => {
      const medium = this.media.get(barcode)!
      return { barcode, capacity: medium.capacity, endOfData: medium.endOfData }
    })
  }

  get used(): readonly MediumState[] {
    return [...this.media.values()]
  }

  private fresh(): MediumState {
    this.issued += 1
    const medium: MediumState = { barcode: `B${String(this.issued).padStart(5, '0')}`, capacity: this.capacity, endOfData: 0, full: false, mounted: false }
    this.media.set(medium.barcode, medium)
    return medium
  }
}

/** Bytes of the files under a folder (recursively). */
async function folderBytes(folder: string): Promise<number> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true })
  const sizes = await Promise.all(entries.filter((entry) => entry.isFile()).map(async (entry) => (await stat(join(entry.parentPath, entry.name))).size))
  return sizes.reduce((sum, size) => sum + size, 0)
}

/** Runs the tape bench and prints its figures; leaves nothing behind in `scratchDir`. */
export async function tapeBench(options: TapeBenchOptions): Promise<void> {
  const rounds = Math.max(1, options.rounds)
  const bytes = options.bytes ?? 1024 * 1024 * 1024
  const mediumBytes = options.mediumBytes ?? 256 * 1024 * 1024
  const drop = options.dropCaches ?? true
  const root = join(options.scratchDir ?? tmpdir(), `tape-bench-${process.pid}-${Date.now()}`)
  const lib1 = join(root, 'lib1')
  const lib2 = join(root, 'lib2')
  const tapeFolder = join(root, 'tape-library')
  const config: MediaAgentConfig = {
    mountPaths: [{ id: 1, path: lib1 }, { id: 2, path: lib2 }],
    ddbs: [],
    tapeLibraries: [{ id: libraryId, path: tapeFolder }],
    throttleBytesPerSecond: null,
  }
  const client = new MediaAgentClient(workerTransports(), () => config)
  const inWorker = workerRunner(client)
  // The bench's CommServe: answers each `mediumWanted` from this round's pool, records segments and media left.
  let pool = new BenchMediaPool(mediumBytes)
  const unsubscribe = client.subscribe((event) => {
    switch (event.type) {
      case 'mediumWanted':
        client.giveMedium(event.runId, event.askId, pool.give(event.spanning), '')
        return
      case 'segmentClosed':
        pool.segmentClosed(event.segment)
        return
      case 'mediumLeft':
        pool.left(event.barcode, event.full)
        return
    }
  })
  const disk = (mountPathId: number, copyId: number): JobRef => ({ store: { kind: 'disk', mountPathId }, storagePolicyId: policyId, copyId, jobId })
  /** The job on the tape copy: its segments and the media holding them (none: a fresh copy's target). */
  const tape = (segments: readonly TapeSegmentRef[]): JobRef => ({
    store: { kind: 'tape', libraryId }, storagePolicyId: policyId, copyId: tapeCopyId, jobId,
    tape: { segments: [...segments], media: pool.refsOf(segments) },
  })
  const guards = { dataDir: join(root, 'console-data'), protectedPaths: [lib1, lib2, tapeFolder] }
  let cold = true
  /** Times an action from a cold page cache, `sync` included. */
  const coldTimed = async (action: () => Promise<unknown>) => {
    cold = (await settle(drop)) && cold
    return timed(async () => {
      await action()
      await run('sync', [])
    })
  }
  const fig = (figure: string, unit: string, value: number, extra: Record<string, unknown> = {}) => report({ figure: `tape: ${figure}`, unit, value, ...extra })

  const loadBefore = loadavg()[0]!
  try {
    await mkdir(lib1, { recursive: true })
    await mkdir(lib2, { recursive: true })
    const data = join(root, 'data')
    const dataset = await generateDataset(data, bytes)
    const rate = (ms: number) => mb(dataset.bytes, ms)
    // Warm the worker so its start is not timed, then the one backup every round copies and restores.
    await client.request({ kind: 'storeStats', stores: [{ kind: 'disk', mountPathId: 1 }] })
    await inWorker({ kind: 'backup', backupType: 'Full', contents: [data], target: disk(1, 1), baseline: [], exclude: [] })
    const source = jobFolderPath(lib1, policyId, 1, jobId)
    const diskTarget = jobFolderPath(lib2, policyId, diskCopyId, jobId)
    const jobFolder = await folderBytes(source)
    const copied = join(root, 'cp')
    const restored = join(root, 'restored')
    // An untimed copy first: on a VM the first touch of never-used memory is slower, and whichever step came first
    // would pay for it.
    await run('cp', ['-r', data, copied])
    await rm(copied, { recursive: true, force: true })
    fig('dataset (random, mixed file sizes)', 'bytes', dataset.bytes, { files: dataset.files, jobFolderBytes: jobFolder, mediumCapacity: mediumBytes })

    const copyTask = (target: JobRef): RunWork => ({
      kind: 'auxCopy', streams: 1, verifyTarget: false, tasks: [{ backupJobId: jobId, source: disk(1, 1), target, bytes: dataset.bytes, repair: false }],
    })
    const restoreRun = (ref: JobRef): RunWork => ({ kind: 'restore', chain: [ref], destination: restored, guards, selection: wholeJob })
    const restoredEvent = (events: readonly RunEvent[]) => {
      const found = events.find((event) => event.type === 'restored')
      if (found?.type !== 'restored') throw new Error('the restore reported nothing restored')
      if (found.failedCount > 0 || found.files !== dataset.files) throw new Error(`the restore brought back ${found.files} of ${dataset.files} files: ${JSON.stringify(found.failed.slice(0, 3))}`)
      return found
    }
    const cpAndSync = async (from: string) => {
      const ms = await coldTimed(() => run('cp', ['-r', from, copied]))
      await rm(copied, { recursive: true, force: true })
      return rate(ms)
    }

    const cpJobRounds: number[] = []
    const toTapeRounds: number[] = []
    const toDiskRounds: number[] = []
    const cpDataRounds: number[] = []
    const fromTapeRounds: number[] = []
    const fromDiskRounds: number[] = []
    let media: readonly MediumState[] = []
    let segments: readonly TapeSegmentRef[] = []
    let onMedia = 0
    let identical = false
    for (let each = 0; each < rounds; each += 1) {
      // A new library each round: no medium of an earlier round is there, or given.
      await rm(tapeFolder, { recursive: true, force: true })
      pool = new BenchMediaPool(mediumBytes)
      cpJobRounds.push(await cpAndSync(source))
      let events: readonly RunEvent[] = []
      toTapeRounds.push(rate(await coldTimed(async () => (events = await inWorker(copyTask(tape([])))))))
      segments = events.flatMap((event) => (event.type === 'segmentClosed' && event.backupJobId === jobId && event.copyId === tapeCopyId ? [event.segment] : []))
      segments = [...segments].sort((a, b) => a.sequence - b.sequence)
      if (!events.some((event) => event.type === 'jobDurable')) throw new Error('the aux copy to tape reported no durable job')
      media = pool.used
      onMedia = await folderBytes(tapeFolder)
      await rm(diskTarget, { recursive: true, force: true })
      toDiskRounds.push(rate(await coldTimed(() => inWorker(copyTask(disk(2, diskCopyId))))))
      await rm(diskTarget, { recursive: true, force: true })

      cpDataRounds.push(await cpAndSync(data))
      let restoreEvents: readonly RunEvent[] = []
      fromTapeRounds.push(rate(await coldTimed(async () => (restoreEvents = await inWorker(restoreRun(tape(segments)))))))
      restoredEvent(restoreEvents)
      if (!identical) {
        // Once: every restored file byte for byte against the dataset (diff exits 1 on any difference).
        await run('diff', ['-rq', data, join(restored, data)])
        identical = true
      }
      await rm(restored, { recursive: true, force: true })
      fromDiskRounds.push(rate(await coldTimed(async () => restoredEvent(await inWorker(restoreRun(disk(1, 1)))))))
      await rm(restored, { recursive: true, force: true })
    }

    const cpJob = median(cpJobRounds)
    const toTape = median(toTapeRounds)
    const toDisk = median(toDiskRounds)
    fig('aux copy disk -> tape, 1 stream, media spanned, sync included (median)', 'MB/s', toTape, {
      samples: toTapeRounds, baseline: 'cp -r + sync of the backup job folder (median)', baselineValue: cpJob, ratio: ratio(toTape, cpJob), baselineSamples: cpJobRounds,
      peer: 'aux copy disk -> disk, same job, 1 stream, sync included (median)', peerValue: toDisk, peerRatio: ratio(toTape, toDisk), peerSamples: toDiskRounds,
    })
    const cpData = median(cpDataRounds)
    const fromTape = median(fromTapeRounds)
    const fromDisk = median(fromDiskRounds)
    fig('restore from tape (all media of the job), sync included (median)', 'MB/s', fromTape, {
      samples: fromTapeRounds, baseline: 'cp -r + sync of the dataset (median)', baselineValue: cpData, ratio: ratio(fromTape, cpData), baselineSamples: cpDataRounds,
      peer: 'restore from the disk primary copy, sync included (median)', peerValue: fromDisk, peerRatio: ratio(fromTape, fromDisk), peerSamples: fromDiskRounds,
      identical: identical ? 'diff -rq: the restored files match the dataset' : 'not checked',
    })
    const endOfData = media.reduce((sum, medium) => sum + medium.endOfData, 0)
    fig('media used by the job (last round)', 'media', media.length, {
      capacity: mediumBytes, full: media.filter((medium) => medium.full).length, segments: segments.length,
      endOfData: media.map((medium) => `${medium.barcode}:${medium.endOfData}${medium.full ? ' full' : ''}`),
    })
    fig('bytes on media / dataset bytes (tape image files, last round)', 'ratio', ratio(onMedia, dataset.bytes), {
      bytesOnMedia: onMedia, recordedEndOfData: endOfData, baseline: 'dataset bytes', baselineValue: dataset.bytes,
      overheadPercent: percent(onMedia - dataset.bytes, dataset.bytes), jobFolderBytes: jobFolder, overheadOverJobFolderPercent: percent(onMedia - jobFolder, jobFolder),
    })
    fig('page cache dropped before each timed step (1: yes, 0: not allowed here)', 'ratio', cold ? 1 : 0)
    fig('rounds', 'count', rounds, {
      note: `each timed figure is the median of ${rounds}; ${Math.round(dataset.bytes / 2 ** 20)} MiB dataset, ${Math.round(mediumBytes / 2 ** 20)} MiB media`,
      // How busy the (shared) machine was: the 1-minute load average before and after the bench.
      loadAverage: [loadBefore, loadavg()[0]!].map((load) => Math.round(load * 100) / 100),
    })
  } finally {
    unsubscribe()
    await client.close()
    await rm(root, { recursive: true, force: true })
  }
}
