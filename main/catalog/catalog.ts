import type { CommCellInfo, InstallKind } from '../../app/model/commcell'
import { AgingRepository } from './aging-repository'
import { systemClock, type Clock } from '../clock'
import { AlertRepository } from './alert-repository'
import { BrowseIndexRepository } from './browse-index-repository'
import { ClientRepository } from './client-repository'
import { openCatalogDb, queryPlans, type CatalogDb } from './database'
import { EventRepository } from './event-repository'
import { JobRepository } from './job-repository'
import { KeyRepository } from './key-repository'
import { LagRepository } from './lag-repository'
import { LeaseRepository } from './lease-repository'
import { PolicyRepository } from './policy-repository'
import { relocateDataDir, type Relocation } from './relocation'
import { ResourceRepository } from './resource-repository'
import { ScheduleRepository } from './schedule-repository'
import { TapeRepository } from './tape-repository'

/** The CommCell row. */
export type CommCellRow = Pick<CommCellInfo, 'name' | 'commServe' | 'installKind'>

/** The catalog (CommServe database): one connection and a repository per aggregate. */
export class Catalog {
  readonly resources: ResourceRepository
  readonly clients: ClientRepository
  readonly policies: PolicyRepository
  readonly jobs: JobRepository
  readonly leases: LeaseRepository
  readonly schedules: ScheduleRepository
  readonly events: EventRepository
  readonly tape: TapeRepository
  readonly aging: AgingRepository
  readonly alerts: AlertRepository
  readonly lag: LagRepository
  readonly browseIndex: BrowseIndexRepository
  readonly keys: KeyRepository

  private constructor(private readonly db: CatalogDb, clock: Clock) {
    this.resources = new ResourceRepository(db)
    this.clients = new ClientRepository(db)
    this.policies = new PolicyRepository(db)
    this.jobs = new JobRepository(db, clock)
    this.leases = new LeaseRepository(db)
    this.schedules = new ScheduleRepository(db)
    this.events = new EventRepository(db)
    this.keys = new KeyRepository(db)
    this.tape = new TapeRepository(db)
    this.aging = new AgingRepository(db)
    this.alerts = new AlertRepository(db)
    this.lag = new LagRepository(db)
    this.browseIndex = new BrowseIndexRepository(db)
  }

  /**
   * Opens the catalog file, migrating it to the current schema. `clock` is the CommServe's: what a copy takes can
   * depend on the time (a selective copy's last full of a period, once the period has ended).
   */
  static open(file: string, clock: Clock = systemClock): Catalog {
    return new Catalog(openCatalogDb(file), clock)
  }

  /** Runs `work` in one transaction: all of it is written, or none. */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)()
  }

  /** The CommCell row, or undefined before the catalog is seeded. */
  commCell(): CommCellRow | undefined {
    return this.db.prepare('SELECT name, commserve AS commServe, install_kind AS installKind FROM commcell').get() as
      | CommCellRow
      | undefined
  }

  /** Writes the CommCell row (once, when the catalog is first seeded). */
  createCommCell(input: { name: string; commServe: string; installKind: InstallKind }, now: number): void {
    this.db
      .prepare('INSERT INTO commcell (id, name, commserve, install_kind, created_at) VALUES (1, ?, ?, ?, ?)')
      .run(input.name, input.commServe, input.installKind, now)
  }

  /**
   * A digest of every table's contents, for tests that check a refused command changed nothing. Cheap enough for
   * test catalogs; never used on a hot path.
   */
  fingerprint(): string {
    const tables = this.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all() as { name: string }[]
    return JSON.stringify(tables.map(({ name }) => [name, this.db.prepare(`SELECT * FROM "${name}"`).all()]))
  }

  /**
   * Records the (absolute) data folder the catalog is opened in; paths it keeps under the folder it was last opened in
   * follow to this one. Returns what moved, or undefined when the folder has not changed.
   */
  relocate(dataDir: string): Relocation | undefined {
    return relocateDataDir(this.db, dataDir)
  }

  /** How SQLite plans every statement the repositories prepared so far (tests check list queries use indexes). */
  queryPlans(): { readonly sql: string; readonly plan: readonly string[] }[] {
    return queryPlans(this.db)
  }

  /** Closes the connection (checkpointing the WAL). */
  close(): void {
    if (this.db.open) this.db.close()
  }
}
