import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { ServiceError, notFound } from '../app/ipc/errors'
import { Catalog } from './catalog/catalog'
import { ensureDataAgingSchedule, seedCommCell, type DemoProfile } from './catalog/demo-commcell'
import { ManualClock, systemClock, type Clock } from './clock'
import { EventBus } from './event-bus'
import type { CommandHandlers } from './ipc/dispatch'
import { AgingPlanner } from './jobs/aging-planner'
import { AuxCopyPlanner } from './jobs/aux-copy-planner'
import { BackupPlanner } from './jobs/backup-planner'
import { JobManager, type JobManagerOptions } from './jobs/job-manager'
import { JobQueries } from './jobs/job-queries'
import { MediaPaths, tapeLibraryFolder } from './jobs/media-paths'
import { RestorePlanner } from './jobs/restore-planner'
import { BrowseService } from './services/browse-service'
import { VerificationPlanner } from './jobs/verification-planner'
import { acquireDataDirLock, type DataDirLock } from './launcher/data-dir-lock'
import { MediaAgentClient } from './media-link/media-agent-client'
import { workerTransports } from './media-link/worker-transport'
import { Scheduler } from './scheduler/scheduler'
import { AlertService } from './services/alert-service'
import { CopyDataService } from './services/copy-data-service'
import { CopyJobsService } from './services/copy-jobs-service'
import { menuFacts } from './services/menu-facts'
import { CopyLagService } from './services/copy-lag-service'
import { ContentsService } from './services/contents-service'
import { CopyService } from './services/copy-service'
import { fillDemoData } from './services/demo-data'
import { EventService } from './services/event-service'
import { JobHistoryService } from './services/job-history-service'
import { MediaService } from './services/media-service'
import { NextAuxCopyService } from './services/next-aux-copy-service'
import { ScheduleService } from './services/schedule-service'
import { StoragePolicyService } from './services/storage-policy-service'
import { StorageUseService } from './services/storage-use-service'
import { TreeService } from './services/tree-service'
import { KeyRing } from './services/key-ring'

/** How a host wants its backend. */
export interface BackendOptions {
  /** The data folder: catalog, libraries' mount paths, DDBs. */
  readonly dataDir: string
  /** What a new catalog is seeded with: the demo CommCell, the demo as upgraded, or only CommServe + ma01 + DiskLib01. */
  readonly profile: DemoProfile
  /** Which host serves the console (shown in the status bar). */
  readonly host: 'electron' | 'browser'
  readonly clock?: Clock
  /** The CommServe's host name (defaults to this machine's). */
  readonly hostName?: string
  /** Start the CommServe clock at the wall-clock time (or `testClockAt`) and move it only by `test:advanceClock` (tests). */
  readonly testClock?: boolean
  /**
   * Where the test clock starts instead of the wall clock's time (`--test-clock-at`); preparing a data folder, the
   * time its demo history is written as of.
   */
  readonly testClockAt?: number | null
  /** Write the demo job history's data into the library on first start (default true; unit tests may skip it). */
  readonly demoData?: boolean
  /** The MediaAgent worker's entry (tests); by default found beside the bundle or the sources. */
  readonly workerPath?: string
  /** Job Manager tuning (tests: short Pending and retry delays). */
  readonly jobManager?: JobManagerOptions
  /** Test consoles only: the MediaAgent moves data at most this many bytes a second (`--test-throttle`). */
  readonly testThrottleBytesPerSecond?: number | null
  /** Prepare the data folder only (`--prepare-data-dir`): no recovery of interrupted jobs, no scheduler. */
  readonly prepareOnly?: boolean
  /**
   * The CommServe passphrase given at start (`--key-file`: the file's contents), so nobody types it: it opens the
   * copies' keys, or, on a CommServe without one yet, becomes its passphrase. A wrong one is said in the Event Viewer
   * and the keys stay locked.
   */
  readonly passphrase?: string
  /**
   * Whether the scheduler looks again every 30 seconds of real time (default true). Unit tests turn it off: a look
   * samples copy lag and may start a scheduled backup, so a test that straddled one would see writes of its own.
   */
  readonly schedulerInterval?: boolean
}

/** The backend a host serves: the command handlers, the event bus, and a clean shutdown. */
export interface Backend {
  readonly handlers: CommandHandlers
  readonly bus: EventBus
  readonly catalog: Catalog
  readonly jobs: JobManager
  readonly auxCopies: AuxCopyPlanner
  readonly mediaAgent: MediaAgentClient
  readonly scheduler: Scheduler
  /** Resolves when the backend can serve: the demo's job history written to its library, interrupted jobs resumed. */
  readonly ready: Promise<void>
  /** Stops the services and closes the catalog; nothing is left half-written. */
  close(): Promise<void>
}

/** The catalog file inside a data folder. */
export function catalogFile(dataDir: string): string {
  return join(dataDir, 'catalog', 'commserve.db')
}

/**
 * Builds the backend once per host: catalog (seeded on first start), services, handlers. Takes the data folder's
 * lock first, so a second console on the same folder throws `DataDirInUseError` before touching the catalog.
 */
export function createBackend(options: BackendOptions): Backend {
  const lock = acquireDataDirLock(options.dataDir, { host: options.host })
  try {
    return openBackend(options, lock)
  } catch (error) {
    lock.release()
    throw error
  }
}

/** The backend on a data folder whose lock we hold; `close()` releases the lock last. */
function openBackend(options: BackendOptions, lock: DataDirLock): Backend {
  const startsAt = options.testClockAt ?? Date.now()
  const manualClock = options.testClock ? new ManualClock(startsAt) : undefined
  // A data folder prepared as of a chosen time is written on a clock standing there.
  const preparingAt = options.prepareOnly === true && options.testClockAt != null ? new ManualClock(startsAt) : undefined
  const clock = options.clock ?? manualClock ?? preparingAt ?? systemClock
  const catalog = Catalog.open(catalogFile(options.dataDir), clock)
  // One console per data folder: no job of an earlier start still holds a drive or a mounted medium.
  catalog.tape.releaseAll()
  const bus = new EventBus()
  const commServe = options.hostName ?? hostname()
  const seeded = catalog.commCell() === undefined
  if (seeded) {
    seedCommCell(catalog, { dataDir: options.dataDir, profile: options.profile, commServe, now: clock.now() })
  }
  // A data folder copied or moved here: the paths the catalog keeps under it follow (before the MediaAgent reads them).
  const relocation = catalog.relocate(resolve(options.dataDir))
  // Every CommCell has its System Created Data Aging schedule, those made by earlier versions too.
  ensureDataAgingSchedule(catalog)
  const events = new EventService(catalog, bus, clock)
  if (relocation !== undefined) {
    const { from, to, mountPaths, contentFolders, ddbPaths } = relocation
    events.record({
      severity: 'Information',
      program: 'CommServe',
      description: `The data folder moved from ${from} to ${to}: ${mountPaths} mount path(s), ${contentFolders} subclient content folder(s) and ${ddbPaths} DDB path(s) under it now point there.`,
    })
  }
  const mediaAgent = new MediaAgentClient(
    workerTransports(options.workerPath),
    () => ({
      mountPaths: catalog.resources.mountPaths().map(({ id, path }) => ({ id, path })),
      // Each deduplicated copy's DDB, by the copy's id.
      ddbs: catalog.policies.copies().flatMap((copy) => (copy.ddbPath === null ? [] : [{ id: copy.id, path: copy.ddbPath, blocks: copy.dedupBlocks ?? 'fixed' }])),
      tapeLibraries: catalog.resources
        .libraries()
        .filter((library) => library.kind === 'tape')
        .map((library) => ({ id: library.id, path: tapeLibraryFolder(options.dataDir, library.name) })),
      throttleBytesPerSecond: options.testThrottleBytesPerSecond ?? null,
    }),
    (problem) => events.record({ severity: 'Major', program: 'MediaAgent', description: problem }),
  )
  const keys = new KeyRing(catalog, () => clock.now())
  const paths = new MediaPaths(catalog, mediaAgent, options.dataDir, keys)
  const jobs = new JobManager(catalog, mediaAgent, bus, events, clock, options.jobManager)
  const backups = new BackupPlanner(catalog, jobs, mediaAgent, paths)
  const auxCopies = new AuxCopyPlanner(catalog, jobs, paths)
  const restores = new RestorePlanner(catalog, jobs, mediaAgent, paths)
  const verifications = new VerificationPlanner(catalog, jobs, paths)
  const aging = new AgingPlanner(catalog, jobs, mediaAgent, paths)
  for (const planner of [backups, auxCopies, restores, verifications, aging]) jobs.register(planner)
  const queries = new JobQueries(catalog, jobs)
  const tree = new TreeService(catalog)
  const copyData = new CopyDataService(catalog, mediaAgent)
  const copyJobs = new CopyJobsService(catalog, events, mediaAgent, paths, clock)
  const history = new JobHistoryService(catalog, clock)
  const contents = new ContentsService(catalog, tree, mediaAgent, copyData, history, (copy) => aging.verdicts(copy), clock)
  const alerts = new AlertService(catalog, bus, events, clock)
  const lag = new CopyLagService(catalog)
  const copies = new CopyService(catalog, bus, events, clock, paths, mediaAgent, (copyId) => auxCopies.isBeingWritten(copyId), alerts, keys)
  const scheduler = new Scheduler(
    catalog,
    {
      isBeingWritten: (copyId) => auxCopies.isBeingWritten(copyId),
      runScheduledAuxCopy: (...args) => auxCopies.runScheduled(...args),
      runScheduledDataAging: (scheduleId) => aging.run(scheduleId),
      runScheduledBackup: (subclientId, backupType, scheduleId) => backups.backup({ subclientId, backupType }, scheduleId),
    },
    events,
    clock,
    [
      { name: 'The Auxiliary Copy Fallen Behind alert', run: () => alerts.evaluate() },
      { name: 'Copy lag', run: (now) => lag.sample(now) },
    ],
  )
  // A backup adds to its policy's copies' backlog and an aux copy takes from it: their alerts are looked at when it ends.
  jobs.onJobEnded((job) => {
    if ((job.operation !== 'Backup' && job.operation !== 'Auxiliary Copy') || job.storagePolicyId === null) return
    try {
      alerts.evaluate({ storagePolicyId: job.storagePolicyId })
    } catch (error) {
      events.record({ severity: 'Major', program: 'CommServe', description: `The Auxiliary Copy Fallen Behind alert could not be checked after job ${job.id}: ${error instanceof Error ? error.message : String(error)}` })
    }
  })
  const browsing = new BrowseService(catalog, mediaAgent, paths, events)
  // An aged job's browse index goes with its data.
  jobs.onJobEnded((job) => {
    if (job.operation === 'Data Aging') browsing.dropAged()
  })
  const schedules = new ScheduleService(catalog, bus, events)
  const storagePolicies = new StoragePolicyService(catalog, bus, events)
  const media = new MediaService(catalog, bus, events, () => jobs.retryPending())
  const storageUse = new StorageUseService(catalog, mediaAgent, copyData)
  const nextAuxCopy = new NextAuxCopyService(catalog, auxCopies)
  const subclient = (subclientId: number) => {
    const found = catalog.clients.subclient(subclientId)
    if (found === undefined) throw notFound(`Subclient ${subclientId}`, 'subclientId')
    const policy = found.storagePolicyId === null ? undefined : catalog.policies.policy(found.storagePolicyId)
    return { id: found.id, name: found.name, content: [...found.content], storagePolicy: policy?.name ?? 'Not Assigned', schedules: schedules.subclientSchedules(found.id) }
  }
  const version = '11.0 (CommCell Browser 0.1)'

  const handlers: CommandHandlers = {
    'commcell:info': () => {
      const commCell = catalog.commCell()!
      return { ...commCell, version, dataDir: options.dataDir, host: options.host, testClock: manualClock !== undefined, now: clock.now() }
    },
    'keys:state': () => ({ state: keys.state() }),
    'keys:unlock': async ({ passphrase }) => {
      const state = await keys.unlock(passphrase)
      events.record({ severity: 'Information', program: 'CommServe', description: 'The encryption keys were unlocked: jobs of encrypted copies can run.' })
      // Jobs that waited for the keys go on now, not at their next look.
      jobs.retryPending()
      return { state }
    },
    'tree:children': ({ nodeId }) => ({ nodes: tree.children(nodeId) }),
    'node:contents': ({ nodeId }) => contents.contents(nodeId),
    'node:menu': ({ nodeId }) => menuFacts(catalog, nodeId),
    'node:properties': ({ nodeId }) => contents.properties(nodeId),
    'node:jobs': ({ nodeId, limit, offset, filter }) => contents.jobs(nodeId, limit, offset, filter),
    'copies:form': ({ storagePolicyId }) => copies.form(storagePolicyId),
    'copies:check': ({ sourceCopyId }) => copies.check(sourceCopyId),
    'copies:create': (input) => copies.create(input),
    'copies:get': ({ copyId }) => copies.details(copyId),
    'copies:update': (input) => copies.update(input),
    'copies:delete': ({ copyId }) => copies.delete(copyId),
    'copies:verification': ({ copyId, limit, offset }) => queries.copyVerification(copyId, limit, offset),
    'copies:lag': (input) => lag.copyLag(input),
    'policies:lag': (input) => lag.policyLag(input),
    'copies:dedup': ({ copyId }) => copyData.dedupDetails(copyId),
    'copies:deleteJob': (input) => copyJobs.deleteJobs(input),
    'copies:markJobs': (input) => copyJobs.markJobs(input),
    'copies:promote': ({ copyId, confirm }) => storagePolicies.promote(copyId, confirm),
    'copies:media': ({ copyId }) => media.copyMedia(copyId),
    'media:get': ({ mediumId }) => media.medium(mediumId),
    'media:contents': ({ mediumId }) => media.contents(mediumId),
    'media:setStatus': (input) => media.setStatus(input),
    'media:add': (input) => media.add(input),
    'libraries:get': ({ libraryId }) => media.library(libraryId),
    'libraries:setMediaCapacity': (input) => media.setMediaCapacity(input),
    'libraries:usage': ({ libraryId }) => storageUse.usage(libraryId),
    'policies:form': () => copies.policyForm(),
    'policies:create': (input) => copies.createPolicy(input),
    'policies:get': ({ storagePolicyId }) => storagePolicies.properties(storagePolicyId),
    'policies:update': (input) => storagePolicies.update(input),
    'jobs:list': ({ limit, beforeId }) => ({ jobs: queries.list(limit, beforeId) }),
    'jobs:details': ({ jobId }) => queries.details(jobId),
    'jobs:throughput': ({ jobId }) => queries.throughput(jobId),
    'jobs:control': ({ jobId, action }) => jobs.row(jobs.control(jobId, action)),
    'jobs:historyForm': () => history.form(),
    'jobs:history': ({ limit, offset, ...filter }) => history.history(filter, limit, offset),
    'backup:run': (input) => backups.backup(input),
    'subclients:get': ({ subclientId }) => subclient(subclientId),
    'subclients:update': async ({ subclientId, content }) => {
      subclient(subclientId)
      // Each folder is checked on the MediaAgent: it exists, and it is no part of the console's own data.
      for (const [index, path] of content.entries()) await paths.check(path, 'content', `content.${index}`)
      catalog.clients.updateContent(subclientId, content)
      events.record({ severity: 'Information', program: 'CommServe', description: `Content of subclient ${subclient(subclientId).name} set to ${content.join(', ')}.` })
      return subclient(subclientId)
    },
    'auxcopy:form': ({ storagePolicyId }) => auxCopies.form(storagePolicyId),
    'auxcopy:estimate': (input) => nextAuxCopy.plan(input),
    'auxcopy:run': (input) => auxCopies.run(input),
    'verification:form': ({ storagePolicyId }) => verifications.form(storagePolicyId),
    'verification:run': (input) => verifications.run(input),
    'dataAging:run': () => aging.run(),
    'restore:form': ({ subclientId }) => restores.form(subclientId),
    'restore:run': (input) => restores.restore(input),
    'restore:browse': (input) => browsing.browse(input),
    'schedulePolicies:get': ({ schedulePolicyId }) => schedules.details(schedulePolicyId),
    'schedulePolicies:save': (input) => schedules.save(input),
    'schedulePolicies:delete': ({ schedulePolicyId, confirm }) => schedules.delete(schedulePolicyId, confirm),
    'schedulePolicies:clients': () => schedules.backupAssociationClients(),
    'policySchedules:list': ({ storagePolicyId }) => ({ schedules: schedules.policySchedules(storagePolicyId) }),
    'policySchedules:save': (input) => schedules.savePolicySchedule(input),
    'schedules:runNow': async ({ schedulePolicyId }) => {
      const policy = catalog.schedules.schedulePolicy(schedulePolicyId)
      if (policy === undefined) throw notFound(`Schedule policy ${schedulePolicyId}`, 'schedulePolicyId')
      const jobIds = [...scheduler.runNow(schedulePolicyId), ...(await scheduler.backupsStarted())]
      events.record({ severity: 'Information', program: 'Scheduler', description: `${policy.name} run immediately: ${jobIds.length === 0 ? 'nothing to run' : `job(s) ${jobIds.join(', ')}`}.` })
      return { jobIds }
    },
    'test:advanceClock': ({ minutes }) => {
      if (manualClock === undefined) throw new ServiceError('forbidden', 'The clock can be moved only on a console started with --test-clock.', 'minutes')
      const now = manualClock.advance(minutes * 60_000)
      const jobIds = scheduler.tick(now)
      // Scheduled backups check their content on the MediaAgent before they start: answer once they have.
      if (!scheduler.hasStartingBackups()) return { now, jobIds }
      return scheduler.backupsStarted().then((backups) => ({ now, jobIds: [...jobIds, ...backups] }))
    },
    'alerts:list': ({ limit, offset }) => alerts.list(limit, offset),
    'events:list': ({ limit, beforeId }) => ({ events: events.list(limit, beforeId) }),
  }

  if (options.prepareOnly !== true) events.record({ severity: 'Information', program: 'CommServe', description: `Console services started (${options.host} host).` })
  const ready = (async () => {
    if (options.passphrase !== undefined) await unlockAtStart(keys, options.passphrase, events)
    if (seeded) {
      // New libraries' mount paths are folders the MediaAgent makes (the main thread never touches library folders).
      for (const mountPath of catalog.resources.mountPaths()) {
        const made = await mediaAgent.request({ kind: 'createMountPath', mountPathId: mountPath.id })
        if (!made.ok) events.record({ severity: 'Major', program: 'MediaAgent', description: `Mount path ${mountPath.path} could not be created: ${made.reason}` })
      }
      // A demo CommCell's history gets real bytes in its library the first time its data folder is opened.
      if (options.profile !== 'empty' && options.demoData !== false) await fillDemoData(catalog, mediaAgent)
    }
    if (options.prepareOnly === true) return
    jobs.recover()
    // The test clock moves only by test:advanceClock, which ticks the scheduler itself.
    if (manualClock === undefined && options.schedulerInterval !== false) scheduler.start()
    else scheduler.tick()
  })()

  let closing: Promise<void> | undefined
  return {
    handlers,
    bus,
    catalog,
    jobs,
    auxCopies,
    mediaAgent,
    scheduler,
    ready,
    close: () => {
      closing ??= (async () => {
        await ready.catch(() => undefined)
        scheduler.stop()
        jobs.close()
        auxCopies.close()
        await mediaAgent.close()
        catalog.close()
        lock.release()
      })()
      return closing
    },
  }
}

/** Opens the keys with the passphrase given at start, or sets it on a CommServe that has none yet. */
async function unlockAtStart(keys: KeyRing, passphrase: string, events: EventService): Promise<void> {
  try {
    if (keys.state() === 'none') (await keys.preparePassphrase(passphrase, 'passphrase')).commit()
    else await keys.unlock(passphrase)
  } catch (error) {
    events.record({
      severity: 'Major', program: 'CommServe',
      description: `The passphrase given at start did not open the encryption keys (${error instanceof Error ? error.message : String(error)}); they stay locked until it is entered.`,
    })
  }
}

/**
 * `--prepare-data-dir`: creates (or migrates) a data folder with its catalog, library folders and, for the demo, its
 * job history's data, then closes it; no job is recovered and no schedule looked at, so a console later started on it,
 * or on a copy of it, begins as on a fresh folder, without the wait for the demo's data.
 */
export async function prepareDataDir(options: Pick<BackendOptions, 'dataDir' | 'profile' | 'hostName' | 'workerPath' | 'testClockAt'>): Promise<void> {
  const backend = createBackend({ ...options, host: 'browser', prepareOnly: true })
  try {
    await backend.ready
  } finally {
    await backend.close()
  }
}
