/**
 * Numbered catalog migrations. Each runs once, in order, inside a transaction; `PRAGMA user_version` records the
 * last one applied. Never edit a migration that has shipped: add the next number. A migration is SQL, or a function
 * for what SQL alone cannot do (turning stored folders into references).
 */
import type Database from 'better-sqlite3'
import { join, resolve } from 'node:path'

/**
 * One migration: SQL to run, or a function given the connection, or a table rebuild (SQLite cannot change a CHECK
 * constraint in place): its SQL runs with foreign keys off, as SQLite's documented twelve-step procedure requires, so
 * dropping the old table cascades to nothing, and every foreign key is checked before it commits.
 */
export type Migration = string | ((db: Database.Database) => void) | { readonly rebuild: string }

export const migrations: readonly Migration[] = [
  // 1: the CommCell, storage resources, clients, policies, copies, jobs, schedules, events.
  `
  CREATE TABLE commcell (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT NOT NULL,
    commserve     TEXT NOT NULL,
    install_kind  TEXT NOT NULL CHECK (install_kind IN ('new', 'upgraded')),
    created_at    INTEGER NOT NULL
  );

  CREATE TABLE media_agents (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    host_name  TEXT NOT NULL,
    os         TEXT NOT NULL
  );

  CREATE TABLE libraries (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind        TEXT NOT NULL CHECK (kind IN ('disk', 'tape')),
    created_at  INTEGER NOT NULL
  );

  -- Which MediaAgents have a data path to a library (disk: through its mount paths; tape: its drives).
  CREATE TABLE library_media_agents (
    library_id      INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    media_agent_id  INTEGER NOT NULL REFERENCES media_agents (id),
    PRIMARY KEY (library_id, media_agent_id)
  ) WITHOUT ROWID;

  CREATE TABLE mount_paths (
    id              INTEGER PRIMARY KEY,
    library_id      INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    media_agent_id  INTEGER NOT NULL REFERENCES media_agents (id),
    path            TEXT NOT NULL,
    UNIQUE (library_id, path)
  );

  CREATE TABLE drive_pools (
    id              INTEGER PRIMARY KEY,
    library_id      INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    media_agent_id  INTEGER NOT NULL REFERENCES media_agents (id),
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE
  );

  CREATE TABLE drives (
    id             INTEGER PRIMARY KEY,
    drive_pool_id  INTEGER NOT NULL REFERENCES drive_pools (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    serial         TEXT NOT NULL UNIQUE
  );

  CREATE TABLE scratch_pools (
    id          INTEGER PRIMARY KEY,
    library_id  INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE
  );

  CREATE TABLE media (
    id               INTEGER PRIMARY KEY,
    library_id       INTEGER NOT NULL REFERENCES libraries (id) ON DELETE CASCADE,
    scratch_pool_id  INTEGER NOT NULL REFERENCES scratch_pools (id),
    barcode          TEXT NOT NULL UNIQUE,
    status           TEXT NOT NULL CHECK (status IN ('Spare', 'Active', 'Appendable', 'Full', 'Bad')),
    capacity_bytes   INTEGER NOT NULL CHECK (capacity_bytes > 0),
    used_bytes       INTEGER NOT NULL DEFAULT 0 CHECK (used_bytes >= 0)
  );
  CREATE INDEX media_by_pool ON media (scratch_pool_id);

  CREATE TABLE clients (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    host_name  TEXT NOT NULL,
    os         TEXT NOT NULL
  );

  CREATE TABLE agents (
    id         INTEGER PRIMARY KEY,
    client_id  INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    UNIQUE (client_id, name)
  );

  CREATE TABLE storage_policies (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    type            TEXT NOT NULL DEFAULT 'iDataAgent Backup',
    device_streams  INTEGER NOT NULL DEFAULT 50 CHECK (device_streams > 0),
    created_at      INTEGER NOT NULL
  );

  CREATE TABLE subclients (
    id                 INTEGER PRIMARY KEY,
    agent_id           INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    name               TEXT NOT NULL,
    storage_policy_id  INTEGER REFERENCES storage_policies (id),
    -- JSON array of content folders.
    content            TEXT NOT NULL DEFAULT '[]',
    UNIQUE (agent_id, name)
  );

  CREATE TABLE copies (
    id                  INTEGER PRIMARY KEY,
    storage_policy_id   INTEGER NOT NULL REFERENCES storage_policies (id) ON DELETE CASCADE,
    name                TEXT NOT NULL COLLATE NOCASE,
    copy_type           TEXT NOT NULL CHECK (copy_type IN ('primary', 'synchronous', 'selective')),
    active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    precedence          INTEGER NOT NULL CHECK (precedence > 0),
    library_id          INTEGER NOT NULL REFERENCES libraries (id),
    media_agent_id      INTEGER NOT NULL REFERENCES media_agents (id),
    drive_pool_id       INTEGER REFERENCES drive_pools (id),
    scratch_pool_id     INTEGER REFERENCES scratch_pools (id),
    dedup               INTEGER NOT NULL DEFAULT 0 CHECK (dedup IN (0, 1)),
    ddb_media_agent_id  INTEGER REFERENCES media_agents (id),
    ddb_path            TEXT,
    source_copy_id      INTEGER REFERENCES copies (id),
    -- Epoch ms of the Backups On and After date; NULL means All Backups.
    backups_on_after    INTEGER,
    aging_enabled       INTEGER NOT NULL DEFAULT 1 CHECK (aging_enabled IN (0, 1)),
    retention_days      INTEGER NOT NULL DEFAULT 30 CHECK (retention_days >= 0),
    retention_cycles    INTEGER NOT NULL DEFAULT 1 CHECK (retention_cycles >= 0),
    created_at          INTEGER NOT NULL,
    UNIQUE (storage_policy_id, name),
    UNIQUE (storage_policy_id, precedence),
    CHECK ((dedup = 0) = (ddb_path IS NULL)),
    CHECK ((copy_type = 'primary') = (source_copy_id IS NULL))
  );
  CREATE UNIQUE INDEX one_primary_per_policy ON copies (storage_policy_id) WHERE copy_type = 'primary';

  -- Every job the Job Manager ran: backups, auxiliary copies, restores. Backup columns are NULL for the others.
  CREATE TABLE jobs (
    id                 INTEGER PRIMARY KEY,
    operation          TEXT NOT NULL CHECK (operation IN ('Backup', 'Auxiliary Copy', 'Restore', 'Data Verification')),
    status             TEXT NOT NULL,
    start_time         INTEGER NOT NULL,
    end_time           INTEGER,
    subclient_id       INTEGER REFERENCES subclients (id),
    storage_policy_id  INTEGER REFERENCES storage_policies (id),
    backup_type        TEXT CHECK (backup_type IN ('Full', 'Incremental', 'Differential', 'Transaction Log', 'Archive')),
    cycle              INTEGER,
    size_bytes         INTEGER NOT NULL DEFAULT 0,
    description        TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX jobs_by_policy ON jobs (storage_policy_id, start_time);
  CREATE INDEX jobs_by_subclient ON jobs (subclient_id, start_time);

  -- Each backup job's state on each copy of its policy. start_time and size_bytes repeat the job's so that the
  -- 14-day / 10-TB check on a source copy is one index scan.
  CREATE TABLE job_copies (
    job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    copy_id       INTEGER NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    status        TEXT NOT NULL CHECK (status IN ('To Be Copied', 'Partially Copied', 'Available', 'Do Not Copy', 'Bad', 'Aged')),
    start_time    INTEGER NOT NULL,
    size_bytes    INTEGER NOT NULL,
    bytes_copied  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, copy_id)
  ) WITHOUT ROWID;
  CREATE INDEX job_copies_by_copy ON job_copies (copy_id, status, start_time);

  CREATE TABLE schedule_policies (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    policy_type     TEXT NOT NULL CHECK (policy_type IN ('Auxiliary Copy')),
    description     TEXT NOT NULL DEFAULT '',
    system_created  INTEGER NOT NULL DEFAULT 0 CHECK (system_created IN (0, 1))
  );

  -- A schedule belongs to a schedule policy or, for storage-policy-level schedules, to one storage policy.
  CREATE TABLE schedules (
    id                  INTEGER PRIMARY KEY,
    schedule_policy_id  INTEGER REFERENCES schedule_policies (id) ON DELETE CASCADE,
    storage_policy_id   INTEGER REFERENCES storage_policies (id) ON DELETE CASCADE,
    name                TEXT NOT NULL,
    -- JSON: the pattern (daily, repeat interval, time zone ...).
    pattern             TEXT NOT NULL,
    -- JSON: the auxiliary copy options (streams, start new media, mark media full).
    options             TEXT NOT NULL,
    all_copies          INTEGER NOT NULL DEFAULT 0 CHECK (all_copies IN (0, 1)),
    CHECK ((schedule_policy_id IS NULL) <> (storage_policy_id IS NULL))
  );

  -- What a schedule policy or a storage-policy schedule covers: a whole storage policy (current and future copies)
  -- or one copy.
  CREATE TABLE schedule_associations (
    id                  INTEGER PRIMARY KEY,
    schedule_policy_id  INTEGER REFERENCES schedule_policies (id) ON DELETE CASCADE,
    schedule_id         INTEGER REFERENCES schedules (id) ON DELETE CASCADE,
    storage_policy_id   INTEGER REFERENCES storage_policies (id) ON DELETE CASCADE,
    copy_id             INTEGER REFERENCES copies (id) ON DELETE CASCADE,
    CHECK ((schedule_policy_id IS NULL) <> (schedule_id IS NULL)),
    CHECK ((storage_policy_id IS NULL) <> (copy_id IS NULL))
  );
  CREATE INDEX associations_by_copy ON schedule_associations (copy_id);

  CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    time         INTEGER NOT NULL,
    severity     TEXT NOT NULL CHECK (severity IN ('Information', 'Minor', 'Major', 'Critical')),
    program      TEXT NOT NULL,
    computer     TEXT NOT NULL,
    job_id       INTEGER,
    description  TEXT NOT NULL
  );
  `,
  // 2: each copy's Available bytes and jobs kept by triggers, so the 14-day / 10-TB check on a source copy is two
  // index look-ups however many jobs the catalog holds.
  `
  CREATE TABLE copy_usage (
    copy_id          INTEGER PRIMARY KEY REFERENCES copies (id) ON DELETE CASCADE,
    available_bytes  INTEGER NOT NULL DEFAULT 0,
    available_jobs   INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO copy_usage (copy_id, available_bytes, available_jobs)
    SELECT copy_id, sum(size_bytes), count(*) FROM job_copies WHERE status = 'Available' GROUP BY copy_id;

  CREATE TRIGGER job_copies_usage_insert AFTER INSERT ON job_copies WHEN NEW.status = 'Available'
  BEGIN
    INSERT INTO copy_usage (copy_id, available_bytes, available_jobs) VALUES (NEW.copy_id, NEW.size_bytes, 1)
      ON CONFLICT (copy_id) DO UPDATE SET available_bytes = available_bytes + NEW.size_bytes,
                                          available_jobs = available_jobs + 1;
  END;
  CREATE TRIGGER job_copies_usage_delete AFTER DELETE ON job_copies WHEN OLD.status = 'Available'
  BEGIN
    UPDATE copy_usage SET available_bytes = available_bytes - OLD.size_bytes, available_jobs = available_jobs - 1
      WHERE copy_id = OLD.copy_id;
  END;
  CREATE TRIGGER job_copies_usage_update AFTER UPDATE OF status, size_bytes ON job_copies
    WHEN (OLD.status = 'Available') OR (NEW.status = 'Available')
  BEGIN
    UPDATE copy_usage SET available_bytes = available_bytes - OLD.size_bytes, available_jobs = available_jobs - 1
      WHERE copy_id = OLD.copy_id AND OLD.status = 'Available';
    INSERT INTO copy_usage (copy_id, available_bytes, available_jobs)
      SELECT NEW.copy_id, NEW.size_bytes, 1 WHERE NEW.status = 'Available'
      ON CONFLICT (copy_id) DO UPDATE SET available_bytes = available_bytes + NEW.size_bytes,
                                          available_jobs = available_jobs + 1;
  END;
  `,
  // 3: Job Controller jobs (backups, auxiliary copies, restores) with their phase, progress, options and errors;
  // where each job's data lies on each copy; the backup jobs an auxiliary copy or restore handled.
  `
  ALTER TABLE jobs ADD COLUMN phase TEXT NOT NULL DEFAULT '';
  ALTER TABLE jobs ADD COLUMN copy_id INTEGER REFERENCES copies (id) ON DELETE SET NULL;
  ALTER TABLE jobs ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE jobs ADD COLUMN bytes_total INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN bytes_done INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE jobs ADD COLUMN errors TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE jobs ADD COLUMN reason TEXT NOT NULL DEFAULT '';
  ALTER TABLE jobs ADD COLUMN schedule_id INTEGER REFERENCES schedules (id) ON DELETE SET NULL;
  CREATE INDEX jobs_by_status ON jobs (status, end_time);

  -- The folder holding a job's data on a copy (its manifest and chunks), once written there.
  ALTER TABLE job_copies ADD COLUMN data_dir TEXT;

  -- The backup jobs an auxiliary copy (per target copy) or a restore handled, for Details and resume.
  CREATE TABLE job_items (
    job_id         INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    backup_job_id  INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    copy_id        INTEGER NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    bytes          INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (job_id, backup_job_id, copy_id)
  ) WITHOUT ROWID;
  `,
  // 4: when the scheduler last looked at each schedule (runs missed while the console was closed run once).
  `
  CREATE TABLE schedule_state (
    schedule_id   INTEGER PRIMARY KEY REFERENCES schedules (id) ON DELETE CASCADE,
    last_checked  INTEGER NOT NULL
  );
  `,
  // 5: the MediaAgent split. Where a job's data lies on a copy is a reference (the mount path holding it), not a
  // folder; when each job was last verified there, and why a job is Bad; one writer per copy as a lease; indexes on
  // the foreign keys deletes follow and on what the Job Controller lists.
  (db) => {
    db.exec(`
      ALTER TABLE job_copies ADD COLUMN mount_path_id INTEGER REFERENCES mount_paths (id);
      ALTER TABLE job_copies ADD COLUMN verified_at INTEGER;
      ALTER TABLE job_copies ADD COLUMN bad_reason TEXT NOT NULL DEFAULT '';
    `)
    referencesFromDataDirs(db)
    db.exec(`
      ALTER TABLE job_copies DROP COLUMN data_dir;

      -- A backup that did not finish is not restorable nor copyable, even where an earlier version had marked its data
      -- Available on the primary copy before it was killed.
      UPDATE job_copies SET status = 'Bad',
        bad_reason = 'The backup ended ' || (SELECT status FROM jobs WHERE id = job_copies.job_id) || ' before it finished.'
      WHERE status = 'Available'
        AND job_id IN (SELECT id FROM jobs WHERE operation = 'Backup' AND status IN ('Failed', 'Killed'));
      CREATE INDEX job_copies_by_mount_path ON job_copies (mount_path_id) WHERE mount_path_id IS NOT NULL;

      -- One writer per copy, across processes: the Job Controller job holding it and the console instance running it.
      CREATE TABLE copy_leases (
        copy_id     INTEGER PRIMARY KEY REFERENCES copies (id) ON DELETE CASCADE,
        job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
        holder      TEXT NOT NULL,
        renewed_at  INTEGER NOT NULL
      );
      CREATE INDEX copy_leases_by_job ON copy_leases (job_id);

      CREATE INDEX jobs_by_copy ON jobs (copy_id) WHERE copy_id IS NOT NULL;
      CREATE INDEX jobs_by_schedule ON jobs (schedule_id) WHERE schedule_id IS NOT NULL;
      CREATE INDEX jobs_by_end ON jobs (end_time) WHERE end_time IS NOT NULL;
      CREATE INDEX jobs_by_operation ON jobs (operation, id);
      CREATE INDEX job_items_by_backup_job ON job_items (backup_job_id);
      CREATE INDEX job_items_by_copy ON job_items (copy_id);
      CREATE INDEX copies_by_source ON copies (source_copy_id) WHERE source_copy_id IS NOT NULL;
      CREATE INDEX schedule_associations_by_policy ON schedule_associations (schedule_policy_id);
      CREATE INDEX schedule_associations_by_schedule ON schedule_associations (schedule_id);
      CREATE INDEX schedule_associations_by_storage_policy ON schedule_associations (storage_policy_id);
      CREATE INDEX schedules_by_policy ON schedules (schedule_policy_id);
      CREATE INDEX schedules_by_storage_policy ON schedules (storage_policy_id);
      CREATE INDEX subclients_by_policy ON subclients (storage_policy_id);
      CREATE INDEX events_by_job ON events (job_id) WHERE job_id IS NOT NULL;
    `)
  },
  // 6: deduplicated copies for real: how each DDB cuts blocks (fixed at creation; copies made before cut fixed
  // 128 KB blocks, the product default), and each job's figures (a DASH copy's blocks written and found).
  `
  ALTER TABLE copies ADD COLUMN dedup_blocks TEXT CHECK (dedup_blocks IN ('fixed', 'variable'));
  UPDATE copies SET dedup_blocks = 'fixed' WHERE dedup = 1;
  ALTER TABLE jobs ADD COLUMN figures TEXT NOT NULL DEFAULT '{}';
  `,
  // 7: tape for real. Each medium's copy (NULL while Spare in its scratch pool) and end of valid data (after its last
  // closed segment: mounting it cuts what lies past); each job's segments on a copy, in order across media; the drive
  // each job holds and the medium mounted in it; the capacity of a tape library's emulated media.
  `
  ALTER TABLE libraries ADD COLUMN media_capacity_bytes INTEGER CHECK (media_capacity_bytes > 0);
  UPDATE libraries SET media_capacity_bytes = coalesce((SELECT max(capacity_bytes) FROM media WHERE library_id = libraries.id), 4294967296)
    WHERE kind = 'tape';
  ALTER TABLE media ADD COLUMN copy_id INTEGER REFERENCES copies (id) ON DELETE SET NULL;
  ALTER TABLE media ADD COLUMN end_of_data INTEGER NOT NULL DEFAULT 0 CHECK (end_of_data >= 0);
  CREATE INDEX media_by_copy ON media (copy_id) WHERE copy_id IS NOT NULL;
  CREATE INDEX media_by_library ON media (library_id, barcode);
  ALTER TABLE drives ADD COLUMN job_id INTEGER REFERENCES jobs (id) ON DELETE SET NULL;
  ALTER TABLE drives ADD COLUMN barcode TEXT;
  CREATE INDEX drives_by_job ON drives (job_id) WHERE job_id IS NOT NULL;

  CREATE TABLE tape_segments (
    copy_id       INTEGER NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    sequence      INTEGER NOT NULL CHECK (sequence > 0),
    media_id      INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    start_offset  INTEGER NOT NULL,
    end_of_data   INTEGER NOT NULL,
    stream_start  INTEGER NOT NULL,
    bytes         INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    PRIMARY KEY (copy_id, job_id, sequence)
  ) WITHOUT ROWID;
  CREATE INDEX tape_segments_by_media ON tape_segments (media_id, job_id);
  CREATE INDEX tape_segments_by_job ON tape_segments (job_id);
  `,
  // 8: Job History lists every job newest first, or those started in a time range: read in start-time order through
  // an index (the rowid it ends with orders jobs that started at the same time), never sorted from a scan of them all.
  `
  CREATE INDEX jobs_by_start ON jobs (start_time);
  `,
  // 9: a copy's life. Jobs of operation Data Aging and schedule policies of type Data Aging (both tables rebuilt for
  // their CHECK, indexes as they were); a job held on a copy by hand (Retain Job Until, epoch ms); a selective copy's
  // rule (which fulls, first or last of the period, the week's first day); Defer Auxiliary Copy for N days; the
  // fallen-behind alert's thresholds and the alerts raised (one open alert per copy and kind).
  {
    rebuild: `
  CREATE TABLE jobs_new (
    id                 INTEGER PRIMARY KEY,
    operation          TEXT NOT NULL CHECK (operation IN ('Backup', 'Auxiliary Copy', 'Restore', 'Data Verification', 'Data Aging')),
    status             TEXT NOT NULL,
    start_time         INTEGER NOT NULL,
    end_time           INTEGER,
    subclient_id       INTEGER REFERENCES subclients (id),
    storage_policy_id  INTEGER REFERENCES storage_policies (id),
    backup_type        TEXT CHECK (backup_type IN ('Full', 'Incremental', 'Differential', 'Transaction Log', 'Archive')),
    cycle              INTEGER,
    size_bytes         INTEGER NOT NULL DEFAULT 0,
    description        TEXT NOT NULL DEFAULT '',
    phase              TEXT NOT NULL DEFAULT '',
    copy_id            INTEGER REFERENCES copies (id) ON DELETE SET NULL,
    options            TEXT NOT NULL DEFAULT '{}',
    bytes_total        INTEGER NOT NULL DEFAULT 0,
    bytes_done         INTEGER NOT NULL DEFAULT 0,
    errors             TEXT NOT NULL DEFAULT '[]',
    reason             TEXT NOT NULL DEFAULT '',
    schedule_id        INTEGER REFERENCES schedules (id) ON DELETE SET NULL,
    figures            TEXT NOT NULL DEFAULT '{}'
  );
  INSERT INTO jobs_new (id, operation, status, start_time, end_time, subclient_id, storage_policy_id, backup_type, cycle,
                        size_bytes, description, phase, copy_id, options, bytes_total, bytes_done, errors, reason,
                        schedule_id, figures)
    SELECT id, operation, status, start_time, end_time, subclient_id, storage_policy_id, backup_type, cycle, size_bytes,
           description, phase, copy_id, options, bytes_total, bytes_done, errors, reason, schedule_id, figures FROM jobs;
  DROP TABLE jobs;
  ALTER TABLE jobs_new RENAME TO jobs;
  CREATE INDEX jobs_by_policy ON jobs (storage_policy_id, start_time);
  CREATE INDEX jobs_by_subclient ON jobs (subclient_id, start_time);
  CREATE INDEX jobs_by_status ON jobs (status, end_time);
  CREATE INDEX jobs_by_copy ON jobs (copy_id) WHERE copy_id IS NOT NULL;
  CREATE INDEX jobs_by_schedule ON jobs (schedule_id) WHERE schedule_id IS NOT NULL;
  CREATE INDEX jobs_by_end ON jobs (end_time) WHERE end_time IS NOT NULL;
  CREATE INDEX jobs_by_operation ON jobs (operation, id);
  CREATE INDEX jobs_by_start ON jobs (start_time);

  CREATE TABLE schedule_policies_new (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    policy_type     TEXT NOT NULL CHECK (policy_type IN ('Auxiliary Copy', 'Data Aging')),
    description     TEXT NOT NULL DEFAULT '',
    system_created  INTEGER NOT NULL DEFAULT 0 CHECK (system_created IN (0, 1))
  );
  INSERT INTO schedule_policies_new (id, name, policy_type, description, system_created)
    SELECT id, name, policy_type, description, system_created FROM schedule_policies;
  DROP TABLE schedule_policies;
  ALTER TABLE schedule_policies_new RENAME TO schedule_policies;

  ALTER TABLE job_copies ADD COLUMN retain_until INTEGER;
  CREATE INDEX job_copies_retained ON job_copies (copy_id) WHERE retain_until IS NOT NULL;

  ALTER TABLE copies ADD COLUMN selective_frequency TEXT CHECK (selective_frequency IN ('All Fulls', 'Hourly Fulls',
    'Daily Fulls', 'Weekly Fulls', 'Monthly Fulls', 'Quarterly Fulls', 'Half Yearly Fulls', 'Yearly Fulls'));
  UPDATE copies SET selective_frequency = 'All Fulls' WHERE copy_type = 'selective';
  ALTER TABLE copies ADD COLUMN selective_pick TEXT NOT NULL DEFAULT 'first' CHECK (selective_pick IN ('first', 'last'));
  ALTER TABLE copies ADD COLUMN selective_week_start TEXT NOT NULL DEFAULT 'Friday' CHECK (selective_week_start IN
    ('Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'));
  ALTER TABLE copies ADD COLUMN defer_days INTEGER NOT NULL DEFAULT 0 CHECK (defer_days >= 0);
  ALTER TABLE copies ADD COLUMN alert_enabled INTEGER NOT NULL DEFAULT 0 CHECK (alert_enabled IN (0, 1));
  ALTER TABLE copies ADD COLUMN alert_days INTEGER CHECK (alert_days > 0);
  ALTER TABLE copies ADD COLUMN alert_tb REAL CHECK (alert_tb > 0);

  CREATE TABLE alerts (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('Auxiliary Copy Fallen Behind')),
    copy_id     INTEGER NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    raised_at   INTEGER NOT NULL,
    cleared_at  INTEGER
  );
  CREATE UNIQUE INDEX alerts_open ON alerts (copy_id, kind) WHERE cleared_at IS NULL;
  CREATE INDEX alerts_by_time ON alerts (raised_at);
  `,
  },
  // 10: the data folder the catalog was last opened in, so a folder copied or moved elsewhere has the paths under it
  // (mount paths, subclient content, DDBs) follow it instead of pointing into the folder it came from.
  `ALTER TABLE commcell ADD COLUMN data_dir TEXT;`,
  // 11: copy lag. The CommServe samples each secondary copy's backlog (jobs and bytes To Be Copied) at every
  // scheduler tick, kept thinned with age (app/rules/copy-lag.ts); a copy's chart reads its samples by time and the
  // auxiliary copy runs of its storage policy by end time (a running one has none), never the policy's other jobs.
  `
  CREATE TABLE copy_lag_samples (
    copy_id  INTEGER NOT NULL REFERENCES copies (id) ON DELETE CASCADE,
    at       INTEGER NOT NULL,
    jobs     INTEGER NOT NULL CHECK (jobs >= 0),
    bytes    INTEGER NOT NULL CHECK (bytes >= 0),
    PRIMARY KEY (copy_id, at)
  ) WITHOUT ROWID;
  CREATE INDEX copy_lag_samples_by_time ON copy_lag_samples (at);
  CREATE INDEX jobs_aux_copy_runs ON jobs (storage_policy_id, end_time) WHERE operation = 'Auxiliary Copy';
  `,
  // 12: each Job Controller job's throughput over time (Job Details): its samples as one compact JSON array of
  // [end ms after the job's start, length ms, bytes moved, phase], at most 600, and how long its next interval lasts.
  `
  CREATE TABLE job_throughput (
    job_id       INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    interval_ms  INTEGER NOT NULL CHECK (interval_ms > 0),
    samples      TEXT NOT NULL DEFAULT '[]'
  );
  `,
  // 13: backup schedules. Schedule policies of type Data Protection (the table rebuilt for its CHECK), and what such a
  // policy covers: a client, an agent or a subclient, each covering the subclients under it, those added later too.
  {
    rebuild: `
  CREATE TABLE schedule_policies_new (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    policy_type     TEXT NOT NULL CHECK (policy_type IN ('Auxiliary Copy', 'Data Aging', 'Data Protection')),
    description     TEXT NOT NULL DEFAULT '',
    system_created  INTEGER NOT NULL DEFAULT 0 CHECK (system_created IN (0, 1))
  );
  INSERT INTO schedule_policies_new (id, name, policy_type, description, system_created)
    SELECT id, name, policy_type, description, system_created FROM schedule_policies;
  DROP TABLE schedule_policies;
  ALTER TABLE schedule_policies_new RENAME TO schedule_policies;

  CREATE TABLE backup_associations (
    id                  INTEGER PRIMARY KEY,
    schedule_policy_id  INTEGER NOT NULL REFERENCES schedule_policies (id) ON DELETE CASCADE,
    client_id           INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    agent_id            INTEGER REFERENCES agents (id) ON DELETE CASCADE,
    subclient_id        INTEGER REFERENCES subclients (id) ON DELETE CASCADE,
    CHECK ((client_id IS NOT NULL) + (agent_id IS NOT NULL) + (subclient_id IS NOT NULL) = 1)
  );
  CREATE INDEX backup_associations_by_policy ON backup_associations (schedule_policy_id);
  CREATE INDEX backup_associations_by_client ON backup_associations (client_id) WHERE client_id IS NOT NULL;
  CREATE INDEX backup_associations_by_agent ON backup_associations (agent_id) WHERE agent_id IS NOT NULL;
  CREATE INDEX backup_associations_by_subclient ON backup_associations (subclient_id) WHERE subclient_id IS NOT NULL;
  `,
  },
  // 14: the browse index (Browse and Restore). Each indexed backup job lists every file, link and folder of its
  // subclient's content as of that job (those an Incremental found unchanged carry their earlier version's size and
  // time), keyed by folder, so opening a folder of a point in time is one index range, never a read of job data.
  `
  CREATE TABLE browse_index (
    job_id    INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    folder    TEXT NOT NULL,
    name      TEXT NOT NULL,
    kind      TEXT NOT NULL CHECK (kind IN ('file', 'folder', 'link')),
    size      INTEGER NOT NULL,
    mtime_ms  INTEGER,
    PRIMARY KEY (job_id, folder, name)
  ) WITHOUT ROWID;
  CREATE TABLE browse_indexed_jobs (
    job_id   INTEGER PRIMARY KEY REFERENCES jobs (id) ON DELETE CASCADE,
    entries  INTEGER NOT NULL
  );
  `,
  // 15: encryption on copies (Re-encrypt data). A copy's cipher and its key, sealed: AES-256-GCM under a key derived
  // with scrypt from the CommServe's passphrase, whose salt and a sealed check value (to tell a wrong passphrase) are
  // the one row of key_protection. No key is ever stored in clear.
  `
  ALTER TABLE copies ADD COLUMN encryption TEXT CHECK (encryption IN ('AES-256'));
  ALTER TABLE copies ADD COLUMN sealed_key TEXT CHECK ((sealed_key IS NULL) = (encryption IS NULL));
  CREATE TABLE key_protection (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    kdf          TEXT NOT NULL,
    salt         TEXT NOT NULL,
    check_value  TEXT NOT NULL,
    set_at       INTEGER NOT NULL
  );
  `,
]

/** The job folder layout every earlier version wrote: `<mount path>/CV_JOBS/SP<policy>_C<copy>/J<job>`. */
const layout = /^(.*)[\\/]CV_JOBS[\\/]SP(\d+)_C(\d+)[\\/]J(\d+)$/

/**
 * Migration 5's data step: each stored job folder becomes the id of the mount path holding it. A folder under a mount
 * path the catalog does not list (moved by hand) gets that mount path added to the copy's library, so no job is lost;
 * a folder that does not follow the layout at all keeps no reference (its job reads as having no data there).
 */
function referencesFromDataDirs(db: Database.Database): void {
  const rows = db
    .prepare(
      `SELECT jc.job_id AS jobId, jc.copy_id AS copyId, jc.data_dir AS dataDir, c.library_id AS libraryId,
              c.media_agent_id AS mediaAgentId
       FROM job_copies jc JOIN copies c ON c.id = jc.copy_id WHERE jc.data_dir IS NOT NULL`,
    )
    .all() as { jobId: number; copyId: number; dataDir: string; libraryId: number; mediaAgentId: number }[]
  const mountPaths = db.prepare('SELECT id, library_id AS libraryId, path FROM mount_paths').all() as { id: number; libraryId: number; path: string }[]
  const byPath = new Map(mountPaths.map((mountPath) => [resolve(mountPath.path), mountPath.id]))
  const addMountPath = db.prepare('INSERT INTO mount_paths (library_id, media_agent_id, path) VALUES (?, ?, ?)')
  const setReference = db.prepare('UPDATE job_copies SET mount_path_id = ? WHERE job_id = ? AND copy_id = ?')
  for (const row of rows) {
    const match = layout.exec(resolve(row.dataDir))
    if (match === null) continue
    const [, root, policy, copy, job] = match
    if (Number(copy) !== row.copyId || Number(job) !== row.jobId) continue
    const mountPath = resolve(root!)
    let id = byPath.get(mountPath)
    if (id === undefined) {
      id = Number(addMountPath.run(row.libraryId, row.mediaAgentId, mountPath).lastInsertRowid)
      byPath.set(mountPath, id)
    }
    // The folder must be where the layout puts it for this mount path, policy, copy and job.
    if (resolve(join(mountPath, 'CV_JOBS', `SP${policy}_C${copy}`, `J${job}`)) !== resolve(row.dataDir)) continue
    setReference.run(id, row.jobId, row.copyId)
  }
}
