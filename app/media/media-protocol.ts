/**
 * The media protocol: the one seam between the CommServe side (catalog, Job Manager, scheduler: it decides) and the
 * MediaAgent side (it moves and keeps bytes). Two discriminated unions, `ToMediaAgent` and `FromMediaAgent`, checked
 * with zod on arrival, so the transport (a worker thread today, a TCP connection to a MediaAgent on another host
 * later) carries plain JSON-shaped data. A connection starts with `hello`; a MediaAgent speaking another version
 * answers `refused` and nothing else crosses.
 *
 * What crosses is references: a job's data on a copy is a {@link JobRef} (a store of the MediaAgent, the copy and the
 * job), never a folder. Only `configure` names where a store lies (the MediaAgent's own configuration of its mount
 * paths), and the client's folders (backup content, restore destination, DDB path) cross as the client's data.
 */
import { z } from 'zod'
import { BackupType } from '../model/entities'

/** The protocol version both sides must speak; bump it when a message changes shape. */
export const mediaProtocolVersion = 6

const id = z.number().int().positive()
const count = z.number().int().nonnegative()
const path = z.string().min(1).max(4096)

/** How a deduplication database cuts files into blocks, chosen once when it is created. */
export const BlockKind = z.enum(['fixed', 'variable'])
/** How a deduplication database cuts files into blocks. */
export type BlockKind = z.infer<typeof BlockKind>

/**
 * A store of a MediaAgent: a disk library's mount path holding chunk files and manifests, a deduplicated store
 * (unique blocks in containers on a mount path, indexed by a deduplication database, `ddbId`), or a tape library
 * (emulated media, each a tape image file in the library's folder).
 */
export const StoreRef = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('disk'), mountPathId: id }),
  z.strictObject({ kind: z.literal('dedup'), mountPathId: id, ddbId: id }),
  z.strictObject({ kind: z.literal('tape'), libraryId: id }),
])
/** A store of a MediaAgent. */
export type StoreRef = z.infer<typeof StoreRef>

const sha256 = z.string().regex(/^[0-9a-f]{64}$/)

/** A tape medium as the CommServe knows it: its capacity and where its valid data ends (after its last closed segment). */
export const MediumRef = z.strictObject({ barcode: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), capacity: id, endOfData: count })
/** A tape medium as the CommServe knows it. */
export type MediumRef = z.infer<typeof MediumRef>

/** One closed segment of a job on tape: on which medium, where, and which part of the job's stream it holds. */
export const TapeSegmentRef = z.strictObject({
  barcode: z.string(),
  sequence: id,
  startOffset: count,
  /** The medium's end of valid data once this segment closed. */
  endOfData: count,
  streamStart: count,
  bytes: count,
  sha256,
})
/** One closed segment of a job on tape. */
export type TapeSegmentRef = z.infer<typeof TapeSegmentRef>

/**
 * The key of an encrypted copy (Re-encrypt data), sent only inside the work or request that reads or writes the job
 * (never in `configure`, never stored by the MediaAgent, never logged).
 */
export const CopyEncryption = z.strictObject({ cipher: z.literal('AES-256-GCM'), key: z.string().regex(/^[0-9a-f]{64}$/, { error: 'not a 256-bit key' }) })
/** The key of an encrypted copy. */
export type CopyEncryption = z.infer<typeof CopyEncryption>

/**
 * A backup job's data on one copy: which store holds it, and whose it is. On tape, `tape` lists the job's closed
 * segments in order and the media holding them (to read the job, or, on a target, to go on after them). An
 * encrypted copy's job carries the copy's key in `encryption` where the data is read or written.
 */
export const JobRef = z.strictObject({
  store: StoreRef,
  storagePolicyId: id,
  copyId: id,
  jobId: id,
  tape: z.strictObject({ segments: z.array(TapeSegmentRef), media: z.array(MediumRef) }).optional(),
  encryption: CopyEncryption.optional(),
})
/** A backup job's data on one copy. */
export type JobRef = z.infer<typeof JobRef>

/** The mount path a store lies on (null for a tape library, whose media are not mount paths). */
export function mountPathOf(store: StoreRef): number | null {
  return store.kind === 'tape' ? null : store.mountPathId
}

/** Why a job failed; `file` is the path at fault (a chunk, a restored file, a folder), `reason` is for people. */
export const MediaFailure = z.discriminatedUnion('kind', [
  /** Data does not match its SHA-256 or CRC-32: `chunk` is set for a library chunk, `files` are the backed-up files in it. */
  z.strictObject({ kind: z.literal('checksum'), file: z.string(), reason: z.string(), chunk: count.nullable(), files: z.array(z.string()) }),
  /** Source data is missing or short (a chunk, a manifest, a content folder). */
  z.strictObject({ kind: z.literal('sourceMissing'), file: z.string(), reason: z.string(), errno: z.string().nullable() }),
  /** A manifest that does not parse or does not hold together. */
  z.strictObject({ kind: z.literal('manifestInvalid'), file: z.string(), reason: z.string() }),
  /** The target (mount path, destination) is missing, unwritable or full: the job goes Pending and retries later. */
  z.strictObject({ kind: z.literal('targetUnavailable'), file: z.string(), reason: z.string(), errno: z.string() }),
  /** Anything else (a bug, a crashed worker or hashing thread, a job folder that already holds another job). */
  z.strictObject({ kind: z.literal('internal'), file: z.string(), reason: z.string() }),
])
/** Why a job failed. */
export type MediaFailure = z.infer<typeof MediaFailure>
/** The kinds of failure. */
export type FailureKind = MediaFailure['kind']

/** A failure tied to the backup job it concerns (null when it concerns no one job, such as a crash). */
export const JobError = z.strictObject({ backupJobId: id.nullable(), failure: MediaFailure })
/** A failure tied to the backup job it concerns. */
export type JobError = z.infer<typeof JobError>

/** A path a backup skipped, or a file a restore could not bring back, and why. */
export const SkippedPath = z.strictObject({ path: z.string(), reason: z.string() })
/** A path a backup skipped, or a file a restore could not bring back. */
export type SkippedPath = z.infer<typeof SkippedPath>

/**
 * The console's own data, which client folders must keep out of: the data folder itself (as a whole: its demo
 * content may be backed up and restored), and the catalog folder, libraries, mount paths and DDBs inside or outside it.
 */
export const PathGuards = z.strictObject({ dataDir: path, protectedPaths: z.array(path) })
/** The console's own data, which client folders must keep out of. */
export type PathGuards = z.infer<typeof PathGuards>

/**
 * What a restore brings back and how: the stored paths selected (a folder brings everything under it; none: the
 * whole job), what to do with a file already there, and In Place (each to the path it was backed up from; the
 * destination is then `/`) or under the destination folder.
 */
export const RestoreSelection = z.strictObject({
  paths: z.array(z.string()),
  overwrite: z.enum(['always', 'ifNewer', 'never']),
  inPlace: z.boolean(),
})
/** What a restore brings back and how. */
export type RestoreSelection = z.infer<typeof RestoreSelection>

/** A whole job, over whatever is there (a restore into a new folder; a restore job of an earlier version). */
export const wholeJob: RestoreSelection = { paths: [], overwrite: 'always', inPlace: false }

/** One backup job an auxiliary copy copies: from its data on the source copy to the target copy. */
export const CopyTask = z.strictObject({
  backupJobId: id,
  source: JobRef,
  target: JobRef,
  /** The job's size as the catalog knows it (progress uses the manifest's figure once read). */
  bytes: count,
  /** The job is Bad on the target: whatever the target holds is checked again, chunk by chunk, and replaced. */
  repair: z.boolean(),
})
/** One backup job an auxiliary copy copies. */
export type CopyTask = z.infer<typeof CopyTask>

/** One backup job a Data Verification re-reads. */
export const VerifyTask = z.strictObject({ backupJobId: id, ref: JobRef, bytes: count })
/** One backup job a Data Verification re-reads. */
export type VerifyTask = z.infer<typeof VerifyTask>

/** The long operations a MediaAgent runs, each as one run with progress. */
export const RunWork = z.discriminatedUnion('kind', [
  /** Backs up `contents` into `target`; Incremental/Differential compare with `baseline` (oldest first). */
  z.strictObject({
    kind: z.literal('backup'),
    backupType: BackupType,
    contents: z.array(path).min(1),
    target: JobRef,
    baseline: z.array(JobRef),
    /** Folders never backed up even inside the content (the console's data folder, libraries, DDBs). */
    exclude: z.array(path),
    /** Largest chunk file in bytes; default 32 MiB (tests use small ones). */
    chunkSize: id.optional(),
  }),
  /** Copies each task's job; up to `streams` jobs at once. `verifyTarget` re-reads each written chunk. */
  z.strictObject({ kind: z.literal('auxCopy'), tasks: z.array(CopyTask), streams: id, verifyTarget: z.boolean() }),
  /** Restores a chain (a Full, then the jobs it needs, oldest first) under `destination`. */
  z.strictObject({ kind: z.literal('restore'), chain: z.array(JobRef).min(1), destination: path, guards: PathGuards, selection: RestoreSelection }),
  /** Re-reads and re-hashes every chunk of each job. */
  z.strictObject({ kind: z.literal('verify'), tasks: z.array(VerifyTask) }),
])
/** The long operations a MediaAgent runs. */
export type RunWork = z.infer<typeof RunWork>
/** The kind of a run. */
export type RunKind = RunWork['kind']

/** What a client folder is for, which decides what is asked of it. */
export const PathPurpose = z.enum(['content', 'destination', 'ddb'])
/** What a client folder is for. */
export type PathPurpose = z.infer<typeof PathPurpose>

/** One demo subclient's history for the `demoHistory` request. */
export const DemoSubclient = z.strictObject({
  name: z.string(),
  folder: path,
  jobs: z.array(
    z.strictObject({ jobId: id, backupType: BackupType, startTime: z.number().int(), cycle: count, target: JobRef, baseline: z.array(id) }),
  ),
})
/** One demo subclient's history. */
export type DemoSubclient = z.infer<typeof DemoSubclient>

/** Short questions and actions, answered at once with a `reply`. */
export const MediaRequest = z.discriminatedUnion('kind', [
  /**
   * Is this folder fit for its purpose? Symlinks are resolved first; a path in a pseudo file system, or one the
   * guards keep out, is refused. Content must exist; a destination must be creatable and writable; a DDB path must be
   * an empty or new folder. Nothing is created.
   */
  z.strictObject({ kind: z.literal('checkPath'), path, purpose: PathPurpose, guards: PathGuards }),
  /**
   * Would restoring this chain under `destination` write into a protected path (the console's own data, when the
   * content held it)? Reads the manifests only.
   */
  z.strictObject({ kind: z.literal('checkRestore'), chain: z.array(JobRef).min(1), destination: path, guards: PathGuards, selection: RestoreSelection }),
  /**
   * What a job holds, for the CommServe's browse index: the files it wrote (size, mode, mtime), its links and
   * folders, and the paths it found unchanged (their versions are an earlier job's). Reads the manifest only.
   */
  z.strictObject({ kind: z.literal('jobIndex'), ref: JobRef }),
  /** Creates a DDB folder (checked as `checkPath` does first). */
  z.strictObject({ kind: z.literal('createDdb'), path, guards: PathGuards }),
  /** Removes a DDB folder this MediaAgent created, if it is still empty (a copy that was not created after all). */
  z.strictObject({ kind: z.literal('removeDdb'), path }),
  /** Creates a mount path folder (a new disk library's first mount path). */
  z.strictObject({ kind: z.literal('createMountPath'), mountPathId: id }),
  /** Whether each store is there, with its space. */
  z.strictObject({ kind: z.literal('storeStats'), stores: z.array(StoreRef) }),
  /** A deduplication database's figures. */
  z.strictObject({ kind: z.literal('ddbStats'), ddbId: id }),
  /** Removes a job's data from a store (a job whose data must go: a failed backup's leftovers, an aged job). */
  z.strictObject({ kind: z.literal('prune'), refs: z.array(JobRef) }),
  /**
   * A deleted copy's data, all of it: its job folders on each mount path it used and, for a deduplicated copy, its
   * containers there and its DDB (closed first; the DDB path's folder goes once empty).
   */
  z.strictObject({
    kind: z.literal('removeCopyData'),
    storagePolicyId: id,
    copyId: id,
    mountPathIds: z.array(id),
    ddb: z.strictObject({ id, path }).nullable(),
  }),
  /**
   * Demo CommCells only, once: makes the demo's job history real. For each demo subclient, oldest job first, changes
   * its content folder as that day's work would and backs it up as that job (`baseline`: earlier jobs of the list).
   */
  z.strictObject({ kind: z.literal('demoHistory'), subclients: z.array(DemoSubclient) }),
])
/** Short questions and actions. */
export type MediaRequest = z.infer<typeof MediaRequest>

/** A store's state, as `storeStats` answers. */
export const StoreStats = z.strictObject({
  store: StoreRef,
  online: z.boolean(),
  /** Why it is offline (missing, not a folder, unreadable). */
  reason: z.string(),
  totalBytes: count,
  freeBytes: count,
})
/** A store's state. */
export type StoreStats = z.infer<typeof StoreStats>

/** A deduplication database's figures: what its jobs hold, and what it keeps to hold them. */
export const DdbStats = z.strictObject({
  blocks: BlockKind,
  /** Jobs with a committed recipe, and the bytes of their data (the application size). */
  jobs: count,
  applicationBytes: count,
  /** Unique blocks indexed, and those still referenced by a job. */
  uniqueBlocks: count,
  liveBlocks: count,
  /** Bytes of the live blocks, and of the sealed containers on disk (with dead blocks not yet reclaimed). */
  liveBytes: count,
  containerBytes: count,
  containers: count,
  /** Bytes of the committed recipes, and of the index itself. */
  recipeBytes: count,
  indexBytes: count,
})
/** A deduplication database's figures. */
export type DdbStats = z.infer<typeof DdbStats>

/** The answer to each request kind. */
export const MediaReplyValue = z.discriminatedUnion('kind', [
  /** `ok` false: `reason` says what is wrong, for the dialog field that named the path. */
  z.strictObject({ kind: z.literal('checkPath'), ok: z.boolean(), reason: z.string(), resolved: z.string() }),
  z.strictObject({ kind: z.literal('checkRestore'), ok: z.boolean(), reason: z.string() }),
  z.strictObject({
    kind: z.literal('jobIndex'),
    files: z.array(z.strictObject({ path: z.string(), size: count, mode: count, mtimeMs: z.number() })),
    symlinks: z.array(z.strictObject({ path: z.string(), target: z.string() })),
    directories: z.array(z.strictObject({ path: z.string(), mode: count, mtimeMs: z.number() })),
    unchanged: z.array(z.string()),
  }),
  z.strictObject({ kind: z.literal('createDdb'), ok: z.boolean(), reason: z.string(), created: z.boolean() }),
  z.strictObject({ kind: z.literal('removeDdb'), removed: z.boolean() }),
  z.strictObject({ kind: z.literal('createMountPath'), ok: z.boolean(), reason: z.string() }),
  z.strictObject({ kind: z.literal('storeStats'), stores: z.array(StoreStats) }),
  z.strictObject({ kind: z.literal('ddbStats'), stats: DdbStats }),
  z.strictObject({ kind: z.literal('prune'), removed: count }),
  /** What could not be removed (folders named with the reason); empty when everything went. */
  z.strictObject({ kind: z.literal('removeCopyData'), left: z.array(z.string()) }),
  z.strictObject({ kind: z.literal('demoHistory'), jobs: z.array(z.strictObject({ jobId: id, bytes: count })) }),
])
/** The answer to a request. */
export type MediaReplyValue = z.infer<typeof MediaReplyValue>

/** Where the MediaAgent's stores lie: its own configuration, sent after `hello` and whenever it changes. */
export const MediaAgentConfig = z.strictObject({
  mountPaths: z.array(z.strictObject({ id, path })),
  /** The deduplication databases this MediaAgent hosts: the folder of each, and how it cuts blocks. */
  ddbs: z.array(z.strictObject({ id, path, blocks: BlockKind })),
  /** The tape libraries this MediaAgent drives: the folder holding each one's media (a tape image file per barcode). */
  tapeLibraries: z.array(z.strictObject({ id, path })),
  /** Test consoles only (`--test-throttle`): runs move at most this many bytes a second; null in a normal start. */
  throttleBytesPerSecond: id.nullable(),
})
/** Where the MediaAgent's stores lie. */
export type MediaAgentConfig = z.infer<typeof MediaAgentConfig>

/** Messages from the CommServe to a MediaAgent. */
export const ToMediaAgent = z.discriminatedUnion('type', [
  /** The first message of a connection. */
  z.strictObject({ type: z.literal('hello'), version: z.number().int() }),
  z.strictObject({ type: z.literal('configure'), config: MediaAgentConfig }),
  z.strictObject({ type: z.literal('request'), requestId: id, request: MediaRequest }),
  /** Starts a run; its events carry `runId`. */
  z.strictObject({ type: z.literal('start'), runId: id, work: RunWork }),
  /** Stops at the next buffer boundary, keeping what is durable; the MediaAgent keeps the run for `resume`. */
  z.strictObject({ type: z.literal('suspend'), runId: id }),
  /** Continues a suspended run without re-copying durable chunks. */
  z.strictObject({ type: z.literal('resume'), runId: id }),
  /** Stops the run for good; durable jobs stay durable, a partial job stays resumable by a later run. */
  z.strictObject({ type: z.literal('kill'), runId: id }),
  /** The answer to `mediumWanted`: the medium to mount (now Active for the job), or none with the reason. */
  z.strictObject({ type: z.literal('mediumGiven'), runId: id, askId: id, medium: MediumRef.nullable(), reason: z.string() }),
])
/** Messages from the CommServe to a MediaAgent. */
export type ToMediaAgent = z.infer<typeof ToMediaAgent>

/**
 * How a run (or, for `suspended`, one phase of it) ended. `pending`: a target was unavailable, retry later;
 * `failed`: a backup or restore failed, or the MediaAgent stopped under it (the caller may retry with a new run).
 */
export const RunOutcome = z.enum(['completed', 'completedWithErrors', 'failed', 'killed', 'suspended', 'pending'])
/** How a run ended. */
export type RunOutcome = z.infer<typeof RunOutcome>

/** Messages from a MediaAgent to the CommServe. */
export const FromMediaAgent = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('welcome'), version: z.number().int(), mediaAgent: z.string() }),
  /** The MediaAgent does not speak the client's version; the connection is of no use. */
  z.strictObject({ type: z.literal('refused'), version: z.number().int(), reason: z.string() }),
  /** The answer to a request; `error` when the request could not be carried out at all. */
  z.strictObject({ type: z.literal('reply'), requestId: id, value: MediaReplyValue.nullable(), error: z.string() }),
  /** A message the MediaAgent could not take (it broke the protocol) and dropped: the CommServe records why. */
  z.strictObject({ type: z.literal('problem'), reason: z.string() }),
  /** Several times a second while a run is active; `throughput` is bytes per second over the last two seconds. */
  z.strictObject({
    type: z.literal('progress'),
    runId: id,
    bytesDone: count,
    bytesTotal: count,
    throughput: count,
    currentJobIds: z.array(id),
    currentFile: z.string().nullable(),
  }),
  /**
   * A job's data is all there on the target and its manifest fsynced (its folders too): an aux copy's target, or the
   * primary copy for a backup. `verified`: every chunk was re-read from the target and matched (its CRC-32, or its
   * SHA-256 in a job written before chunks had one).
   */
  z.strictObject({
    type: z.literal('jobDurable'),
    runId: id,
    backupJobId: id,
    /** The job's data size (sum of its files). */
    bytes: count,
    files: count,
    /** Bytes read from the source by this run (a DASH copy reads only the blocks the target lacked). */
    bytesRead: count,
    /** Bytes written by this run (less than `bytes` when durable chunks of an earlier run were kept, or blocks were found). */
    bytesWritten: count,
    chunksWritten: count,
    /** Chunks kept from an earlier, interrupted run, each after it was checked again. */
    chunksReused: count,
    verified: z.boolean(),
    /** Deduplicated targets: blocks written anew, and blocks the DDB already held (not written again). */
    blocksWritten: count,
    blocksFound: count,
    /** Backups: what was skipped and why (at most `maxListedPaths`; `skippedCount` is the whole number). */
    skipped: z.array(SkippedPath),
    skippedCount: count,
  }),
  /** Data Verification read every chunk of a job and each matched its SHA-256. */
  z.strictObject({ type: z.literal('jobVerified'), runId: id, backupJobId: id, bytes: count, chunks: count }),
  /** A restore finished writing: what it brought back and what it could not (missing or bad files). */
  z.strictObject({
    type: z.literal('restored'),
    runId: id,
    files: count,
    bytes: count,
    symlinks: count,
    failed: z.array(SkippedPath),
    failedCount: count,
    /** Files left as they were because one was already there and the overwrite option said to keep it. */
    kept: z.array(SkippedPath),
    keptCount: count,
  }),
  /** One job failed; the run goes on with the others. */
  z.strictObject({ type: z.literal('jobFailed'), runId: id, backupJobId: id, failure: MediaFailure }),
  /** The run ended (or, with outcome `suspended`, paused until `resume`). */
  z.strictObject({ type: z.literal('runEnded'), runId: id, outcome: RunOutcome, errors: z.array(JobError) }),
  /**
   * A tape stream needs a medium to write a job on: its first, or (`spanning`) the next one because the last had no
   * room. The CommServe answers `mediumGiven`.
   */
  z.strictObject({ type: z.literal('mediumWanted'), runId: id, askId: id, backupJobId: id, copyId: id, spanning: z.boolean() }),
  /** A segment of a job on tape closed and is durable (trailer, tape mark, fsync): the CommServe records it. */
  z.strictObject({ type: z.literal('segmentClosed'), runId: id, backupJobId: id, copyId: id, segment: TapeSegmentRef }),
  /** A tape stream unmounted a medium: `full` when it had no room for more (it is Full), else it stays Appendable. */
  z.strictObject({ type: z.literal('mediumLeft'), runId: id, barcode: z.string(), full: z.boolean() }),
])
/** Messages from a MediaAgent to the CommServe. */
export type FromMediaAgent = z.infer<typeof FromMediaAgent>

/** The `runEnded` message. */
export type RunEnded = Extract<FromMediaAgent, { type: 'runEnded' }>
/** The `progress` message. */
export type RunProgress = Extract<FromMediaAgent, { type: 'progress' }>
/** Messages about one run. */
export type RunEvent = Extract<FromMediaAgent, { runId: number }>

/** At most this many skipped or failed paths are listed in one message (the count says how many there were). */
export const maxListedPaths = 1000
