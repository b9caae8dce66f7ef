import { hostname } from 'node:os'
import { join } from 'node:path'
import { Catalog } from './catalog/catalog'
import { seedCommCell, type DemoProfile } from './catalog/demo-commcell'
import { ManualClock, systemClock, type Clock } from './clock'
import { Scheduler } from './scheduler/scheduler'
import { ServiceError } from '../app/ipc/errors'
import { EventBus } from './event-bus'
import type { CommandHandlers } from './ipc/dispatch'
import { ContentsService } from './services/contents-service'
import { CopyService } from './services/copy-service'
import { EventService } from './services/event-service'
import { TreeService } from './services/tree-service'
import { notFound } from '../app/ipc/errors'
import { CopyEngineHost } from './engine/copy-engine-host'
import { fillDemoData } from './services/demo-data'
import { JobService } from './services/job-service'
import { ScheduleService } from './services/schedule-service'

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
  /** Start the CommServe clock at the wall-clock time and move it only by `test:advanceClock` (tests). */
  readonly testClock?: boolean
  /** Write the demo job history's data into the library on first start (default true; unit tests may skip it). */
  readonly demoData?: boolean
  /** The copy worker's entry (tests); by default found beside the bundle or the sources. */
  readonly workerPath?: string
}

/** The backend a host serves: the command handlers, the event bus, and a clean shutdown. */
export interface Backend {
  readonly handlers: CommandHandlers
  readonly bus: EventBus
  readonly catalog: Catalog
  readonly jobs: JobService
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

/** Builds the backend once per host: catalog (seeded on first start), services, handlers. */
export function createBackend(options: BackendOptions): Backend {
  const manualClock = options.testClock ? new ManualClock(Date.now()) : undefined
  const clock = options.clock ?? manualClock ?? systemClock
  const catalog = Catalog.open(catalogFile(options.dataDir))
  const bus = new EventBus()
  const commServe = options.hostName ?? hostname()
  const seeded = catalog.commCell() === undefined
  if (seeded) {
    seedCommCell(catalog, { dataDir: options.dataDir, profile: options.profile, commServe, now: clock.now() })
  }
  const events = new EventService(catalog, bus, clock)
  const tree = new TreeService(catalog)
  const contents = new ContentsService(catalog, tree)
  const engine = new CopyEngineHost(options.workerPath === undefined ? {} : { workerPath: options.workerPath })
  const jobs = new JobService(catalog, engine, bus, events, clock)
  const copies = new CopyService(catalog, bus, events, clock, (copyId) => jobs.isBeingWritten(copyId))
  const scheduler = new Scheduler(catalog, jobs, events, clock)
  const schedules = new ScheduleService(catalog, bus, events)
  const subclient = (subclientId: number) => {
    const found = catalog.clients.subclient(subclientId)
    if (found === undefined) throw notFound(`Subclient ${subclientId}`, 'subclientId')
    const policy = found.storagePolicyId === null ? undefined : catalog.policies.policy(found.storagePolicyId)
    return { id: found.id, name: found.name, content: [...found.content], storagePolicy: policy?.name ?? 'Not Assigned' }
  }
  const version = '11.0 (CommCell Browser 0.1)'

  const handlers: CommandHandlers = {
    'commcell:info': () => {
      const commCell = catalog.commCell()!
      return { ...commCell, version, dataDir: options.dataDir, host: options.host, testClock: manualClock !== undefined, now: clock.now() }
    },
    'tree:children': ({ nodeId }) => ({ nodes: tree.children(nodeId) }),
    'node:contents': ({ nodeId }) => contents.contents(nodeId),
    'node:properties': ({ nodeId }) => contents.properties(nodeId),
    'node:jobs': ({ nodeId }) => contents.jobs(nodeId),
    'copies:form': ({ storagePolicyId }) => copies.form(storagePolicyId),
    'copies:check': ({ sourceCopyId }) => copies.check(sourceCopyId),
    'copies:create': (input) => copies.create(input),
    'copies:get': ({ copyId }) => copies.details(copyId),
    'copies:update': (input) => copies.update(input),
    'copies:delete': ({ copyId }) => copies.delete(copyId),
    'policies:form': () => copies.policyForm(),
    'policies:create': (input) => copies.createPolicy(input),
    'jobs:list': () => ({ jobs: jobs.list() }),
    'jobs:details': ({ jobId }) => jobs.details(jobId),
    'jobs:control': ({ jobId, action }) => jobs.control(jobId, action),
    'backup:run': (input) => jobs.backup(input),
    'subclients:get': ({ subclientId }) => subclient(subclientId),
    'subclients:update': ({ subclientId, content }) => {
      subclient(subclientId)
      catalog.clients.updateContent(subclientId, content)
      events.record({ severity: 'Information', program: 'CommServe', description: `Content of subclient ${subclient(subclientId).name} set to ${content.join(', ')}.` })
      return subclient(subclientId)
    },
    'auxcopy:form': ({ storagePolicyId }) => jobs.auxCopyForm(storagePolicyId),
    'auxcopy:run': (input) => jobs.runAuxCopy(input),
    'restore:form': ({ subclientId }) => jobs.restoreForm(subclientId),
    'restore:run': (input) => jobs.restore(input),
    'schedulePolicies:get': ({ schedulePolicyId }) => schedules.details(schedulePolicyId),
    'schedulePolicies:save': (input) => schedules.save(input),
    'schedulePolicies:delete': ({ schedulePolicyId, confirm }) => schedules.delete(schedulePolicyId, confirm),
    'policySchedules:list': ({ storagePolicyId }) => ({ schedules: schedules.policySchedules(storagePolicyId) }),
    'policySchedules:save': (input) => schedules.savePolicySchedule(input),
    'schedules:runNow': ({ schedulePolicyId }) => {
      const policy = catalog.schedules.schedulePolicy(schedulePolicyId)
      if (policy === undefined) throw notFound(`Schedule policy ${schedulePolicyId}`, 'schedulePolicyId')
      const jobIds = scheduler.runNow(schedulePolicyId)
      events.record({ severity: 'Information', program: 'Scheduler', description: `${policy.name} run immediately: ${jobIds.length === 0 ? 'no copy to write' : `job(s) ${jobIds.join(', ')}`}.` })
      return { jobIds }
    },
    'test:advanceClock': ({ minutes }) => {
      if (manualClock === undefined) throw new ServiceError('forbidden', 'The clock can be moved only on a console started with --test-clock.', 'minutes')
      const now = manualClock.advance(minutes * 60_000)
      return { now, jobIds: scheduler.tick(now) }
    },
    'events:list': ({ limit, beforeId }) => ({ events: events.list(limit, beforeId) }),
  }

  events.record({ severity: 'Information', program: 'CommServe', description: `Console services started (${options.host} host).` })
  const ready = (async () => {
    // A demo CommCell's history gets real bytes in its library the first time its data folder is opened.
    if (seeded && options.profile !== 'empty' && options.demoData !== false) await fillDemoData(catalog)
    jobs.recover()
    // The test clock moves only by test:advanceClock, which ticks the scheduler itself.
    if (manualClock === undefined) scheduler.start()
    else scheduler.tick()
  })()

  let closing: Promise<void> | undefined
  return {
    handlers,
    bus,
    catalog,
    jobs,
    scheduler,
    ready,
    close: () => {
      closing ??= (async () => {
        await ready.catch(() => undefined)
        scheduler.stop()
        jobs.close()
        await engine.close()
        catalog.close()
      })()
      return closing
    },
  }
}
