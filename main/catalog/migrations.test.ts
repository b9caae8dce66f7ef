import Database from 'better-sqlite3'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { catalogFile, createBackend } from '../backend'
import { dispatch } from '../ipc/dispatch'
import { restoredPath } from '../mediaagent/job-folder'
import { openJobFolder } from '../mediaagent/job-reader'
import { addJobHistory } from '../testing/generated-commcell'
import { tempBackend } from '../testing/temp-backend'
import { migrate, openCatalogDb } from './database'
import { migrations } from './migrations'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A catalog file at schema `version`, built by the migrations of that time. */
function catalogAt(version: number): { db: Database.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-migrations-'))
  dirs.push(dir)
  const file = join(dir, 'commserve.db')
  const db = new Database(file)
  for (const migration of migrations.slice(0, version)) {
    if (typeof migration === 'string') db.exec(migration)
    else if (typeof migration === 'function') migration(db)
    else db.exec(migration.rebuild)
  }
  db.pragma(`user_version = ${version}`)
  return { db, file }
}

/**
 * The CommCell every schema can hold: ma01, DiskLib01 with its mount path, SP_Finance with Primary and Copy_2, a
 * finance subclient with a completed Full, a killed Incremental, and the Full Available on both copies.
 */
function fill(db: Database.Database, version: number): { mountPath: string } {
  const mountPath = '/data/cc/libraries/DiskLib01/MountPath01'
  db.exec(`
    INSERT INTO commcell (id, name, commserve, install_kind, created_at) VALUES (1, 'cs', 'cs', 'new', 0);
    INSERT INTO media_agents VALUES (1, 'ma01', 'cs', 'Linux');
    INSERT INTO libraries (id, name, kind, created_at) VALUES (1, 'DiskLib01', 'disk', 0);
    INSERT INTO library_media_agents VALUES (1, 1);
    INSERT INTO mount_paths VALUES (1, 1, 1, '${mountPath}');
    INSERT INTO clients VALUES (1, 'localhost', 'localhost', 'Linux');
    INSERT INTO agents VALUES (1, 1, 'File System');
    INSERT INTO storage_policies (id, name, created_at) VALUES (2, 'SP_Finance', 0);
    INSERT INTO subclients (id, agent_id, name, storage_policy_id, content) VALUES (2, 1, 'finance', 2, '["/srv/finance"]');
    INSERT INTO copies (id, storage_policy_id, name, copy_type, precedence, library_id, media_agent_id, created_at)
      VALUES (2, 2, 'Primary', 'primary', 1, 1, 1, 0);
    INSERT INTO copies (id, storage_policy_id, name, copy_type, precedence, library_id, media_agent_id, source_copy_id, created_at)
      VALUES (3, 2, 'Copy_2', 'synchronous', 2, 1, 1, 2, 0);
    INSERT INTO jobs (id, operation, status, start_time, end_time, subclient_id, storage_policy_id, backup_type, cycle, size_bytes)
      VALUES (10, 'Backup', 'Completed', 1000, 2000, 2, 2, 'Full', 1, 500),
             (11, 'Backup', 'Killed', 3000, 4000, 2, 2, 'Incremental', 1, 70);
    INSERT INTO job_copies (job_id, copy_id, status, start_time, size_bytes, bytes_copied)
      VALUES (10, 2, 'Available', 1000, 500, 500), (10, 3, 'Available', 1000, 500, 500), (11, 2, 'Available', 3000, 70, 70);
  `)
  if (version >= 5) {
    // Schema 5 holds mount path references, and the killed job's data is already Bad.
    db.exec(`
      INSERT INTO mount_paths VALUES (2, 1, 1, '/mnt/moved/MountPath01');
      UPDATE job_copies SET mount_path_id = 1 WHERE copy_id = 2;
      UPDATE job_copies SET mount_path_id = 2 WHERE copy_id = 3;
      UPDATE job_copies SET status = 'Bad', bad_reason = 'The backup ended Killed before it finished.' WHERE job_id = 11;
    `)
  } else if (version >= 3) {
    const dir = (copy: number, job: number) => `${mountPath}/CV_JOBS/SP2_C${copy}/J${job}`
    const set = db.prepare('UPDATE job_copies SET data_dir = ? WHERE job_id = ? AND copy_id = ?')
    set.run(dir(2, 10), 10, 2)
    // Copy_2's job lies under a mount path the catalog does not list (moved by hand): it gets one, nothing is lost.
    set.run(`/mnt/moved/MountPath01/CV_JOBS/SP2_C3/J10`, 10, 3)
    set.run(dir(2, 11), 11, 2)
  }
  return { mountPath }
}

describe('catalog migrations', () => {
  it.each(Array.from({ length: migrations.length - 1 }, (_, index) => index + 1))(
    'a catalog at schema %i with data opens at the current schema with every row kept',
    (version) => {
      const { db } = catalogAt(version)
      fill(db, version)
      migrate(db)
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
      const rows = db.prepare('SELECT job_id AS jobId, copy_id AS copyId, status, mount_path_id AS mountPathId, bad_reason AS badReason FROM job_copies ORDER BY job_id, copy_id').all()
      const mountPaths = db.prepare('SELECT id, library_id AS libraryId, path FROM mount_paths ORDER BY id').all() as { id: number; path: string }[]
      if (version >= 3) {
        // Stored folders became references: the listed mount path, and one added for the moved folder.
        expect(mountPaths).toEqual([
          { id: 1, libraryId: 1, path: '/data/cc/libraries/DiskLib01/MountPath01' },
          { id: 2, libraryId: 1, path: '/mnt/moved/MountPath01' },
        ])
        expect(rows).toEqual([
          { jobId: 10, copyId: 2, status: 'Available', mountPathId: 1, badReason: '' },
          { jobId: 10, copyId: 3, status: 'Available', mountPathId: 2, badReason: '' },
          { jobId: 11, copyId: 2, status: 'Bad', mountPathId: 1, badReason: 'The backup ended Killed before it finished.' },
        ])
      } else {
        expect(mountPaths).toHaveLength(1)
        expect(rows).toEqual([
          { jobId: 10, copyId: 2, status: 'Available', mountPathId: null, badReason: '' },
          { jobId: 10, copyId: 3, status: 'Available', mountPathId: null, badReason: '' },
          { jobId: 11, copyId: 2, status: 'Bad', mountPathId: null, badReason: 'The backup ended Killed before it finished.' },
        ])
      }
      // The copy usage kept by triggers follows the killed job's new state.
      expect(db.prepare('SELECT copy_id AS copyId, available_jobs AS jobs, available_bytes AS bytes FROM copy_usage ORDER BY copy_id').all()).toEqual([
        { copyId: 2, jobs: 1, bytes: 500 },
        { copyId: 3, jobs: 1, bytes: 500 },
      ])
      const columns = (db.prepare("SELECT name FROM pragma_table_info('job_copies')").all() as { name: string }[]).map((column) => column.name)
      expect(columns).not.toContain('data_dir')
      // The rebuilt jobs table kept its rows and takes Data Aging jobs; foreign keys are enforced again after it.
      expect(db.prepare('SELECT id, operation, status FROM jobs ORDER BY id').all()).toEqual([
        { id: 10, operation: 'Backup', status: 'Completed' },
        { id: 11, operation: 'Backup', status: 'Killed' },
      ])
      db.prepare("INSERT INTO jobs (id, operation, status, start_time) VALUES (12, 'Data Aging', 'Completed', 5000)").run()
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(() => db.prepare("INSERT INTO job_copies (job_id, copy_id, status, start_time, size_bytes) VALUES (99, 2, 'Available', 0, 0)").run()).toThrow(/FOREIGN KEY/)
      db.close()
    },
  )

  it('refuses a catalog written by a newer version, and leaves it as it was', () => {
    const { db, file } = catalogAt(migrations.length)
    db.pragma(`user_version = ${migrations.length + 1}`)
    db.close()
    expect(() => openCatalogDb(file)).toThrow(`The catalog was written by a newer version of the console (schema ${migrations.length + 1}, this one knows ${migrations.length}).`)
    const again = new Database(file)
    expect(again.pragma('user_version', { simple: true })).toBe(migrations.length + 1)
    again.close()
  })
})

describe('the catalog at size', () => {
  it('every list the console shows reads jobs and job states through an index, never a scan of the table', async () => {
    const backend = tempBackend('demo')
    try {
      await backend.ready
      const call = async <C extends CommandName>(command: C, input: CommandInput<C>) => {
        const result = await dispatch(backend.handlers, command, input)
        if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
      }
      await call('jobs:list', { limit: 100, beforeId: null })
      await call('jobs:details', { jobId: 2 })
      await call('events:list', { limit: 100, beforeId: null })
      await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 })
      await call('node:jobs', { nodeId: 'copy:2', limit: 10_000, offset: 0 })
      await call('node:jobs', { nodeId: 'storagePolicy:2', limit: 10_000, offset: 0 })
      // A copy's View Jobs through its filter: by job type, each kind of status (stored, derived), time range.
      const anyJob = { backupType: null, status: null, timeRange: 'all', startTime: null, endTime: null } as const
      for (const nodeId of ['copy:2', 'copy:3']) {
        await call('node:jobs', { nodeId, limit: 100, offset: 0, filter: { ...anyJob, backupType: 'Full' } })
        await call('node:jobs', { nodeId, limit: 100, offset: 0, filter: { ...anyJob, status: 'Available' } })
        await call('node:jobs', { nodeId, limit: 100, offset: 0, filter: { ...anyJob, status: 'To Be Copied', backupType: 'Incremental' } })
        await call('node:jobs', { nodeId, limit: 100, offset: 0, filter: { ...anyJob, timeRange: 'specify', startTime: Date.UTC(2020, 0, 1), endTime: Date.UTC(2040, 0, 1) } })
      }
      await call('node:contents', { nodeId: 'subclient:2' })
      await call('node:contents', { nodeId: 'storagePolicies' })
      await call('copies:verification', { copyId: 3, limit: 100, offset: 0 })
      await call('auxcopy:form', { storagePolicyId: null })
      await call('auxcopy:estimate', { storagePolicyId: 2, copyId: null })
      await call('restore:form', { subclientId: 2 })
      await call('verification:form', { storagePolicyId: 2 })
      await call('copies:check', { sourceCopyId: 2 })
      // Copy lag charts: the samples by copy and time, the aux copy runs by end time (the tick sampled at start).
      await call('copies:lag', { copyId: 3, from: Date.UTC(2020, 0, 1), to: Date.UTC(2020, 2, 1) })
      await call('policies:lag', { storagePolicyId: 2, from: Date.UTC(2020, 0, 1), to: Date.UTC(2020, 2, 1) })
      // Job History: unfiltered, and by each condition of its filter alone and together.
      const everything = { operation: null, storagePolicyId: null, clientId: null, status: null, timeRange: 'all', startTime: null, endTime: null, limit: 100, offset: 0 } as const
      await call('node:jobs', { nodeId: 'commcell', limit: 100, offset: 0 })
      await call('jobs:history', { ...everything, operation: 'Auxiliary Copy' })
      await call('jobs:history', { ...everything, storagePolicyId: 2 })
      await call('jobs:history', { ...everything, clientId: 1 })
      await call('jobs:history', { ...everything, status: 'Failed' })
      await call('jobs:history', { ...everything, timeRange: 'last24Hours' })
      await call('jobs:history', { ...everything, timeRange: 'specify', startTime: Date.UTC(2020, 0, 1), endTime: Date.UTC(2040, 0, 1) })
      await call('jobs:history', { operation: 'Backup', storagePolicyId: 2, clientId: 1, status: 'Completed', timeRange: 'lastWeek', startTime: null, endTime: null, limit: 100, offset: 100 })
      const plans = backend.catalog.queryPlans().filter(({ sql }) => /\b(jobs|job_copies|job_items|events|copy_lag_samples)\b/.test(sql))
      expect(plans.length).toBeGreaterThan(10)
      const scans = plans.flatMap(({ sql, plan }) =>
        plan.filter((step) => /^SCAN (j|jc|s|t|i|jobs|job_copies|job_items|events)\b/.test(step) && !/USING (INTEGER PRIMARY KEY|COVERING INDEX|INDEX)/.test(step)).map((step) => `${step} in ${sql.replace(/\s+/g, ' ').slice(0, 160)}`),
      )
      expect(scans).toEqual([])
    } finally {
      await backend.dispose()
    }
  })
})

describe('View Jobs at size', () => {
  it('pages through a copy of 5,000 jobs newest first, each page once, and says when more follow', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-pages-'))
    dirs.push(dir)
    await createBackend({ dataDir: dir, profile: 'demo', host: 'browser', hostName: 'commserve01', demoData: false }).close()
    addJobHistory(dir, { policyName: 'SP_Finance', count: 5000 })
    const backend = createBackend({ dataDir: dir, profile: 'demo', host: 'browser', hostName: 'commserve01', demoData: false })
    try {
      await backend.ready
      const page = async (nodeId: string, offset: number) => {
        const result = await dispatch(backend.handlers, 'node:jobs', { nodeId, limit: 2000, offset })
        if (!result.ok) throw new Error(result.error.message)
        return result.value as CommandOutput<'node:jobs'>
      }
      for (const nodeId of ['copy:2', 'copy:3', 'storagePolicy:2']) {
        const seen: number[] = []
        let offset = 0
        let pages = 0
        for (;;) {
          const table = await page(nodeId, offset)
          pages += 1
          seen.push(...table.rows.map((row) => row.cells.jobId as number))
          expect(table.rows.length).toBeLessThanOrEqual(2000)
          if (!table.more) break
          offset += table.rows.length
        }
        expect(pages, nodeId).toBe(3)
        expect(new Set(seen).size, nodeId).toBe(seen.length)
        expect(seen.length, nodeId).toBe(5085)
      }
    } finally {
      await backend.close()
    }
  }, 60_000)
})

describe('migration 7 (tape)', () => {
  it('gives each tape library the capacity of its media, and its media no copy and no data yet', () => {
    const { db } = catalogAt(6)
    fill(db, 6)
    db.exec(`
      INSERT INTO libraries VALUES (2, 'TapeLib01', 'tape', 0);
      INSERT INTO scratch_pools VALUES (1, 2, 'ScratchPool01');
      INSERT INTO media (library_id, scratch_pool_id, barcode, status, capacity_bytes) VALUES (2, 1, 'CV0001L6', 'Spare', 4096), (2, 1, 'CV0002L6', 'Spare', 8192);
    `)
    migrate(db)
    expect(db.prepare('SELECT name, media_capacity_bytes AS capacity FROM libraries ORDER BY id').all()).toEqual([
      { name: 'DiskLib01', capacity: null },
      { name: 'TapeLib01', capacity: 8192 },
    ])
    expect(db.prepare('SELECT barcode, status, copy_id AS copyId, end_of_data AS endOfData FROM media ORDER BY barcode').all()).toEqual([
      { barcode: 'CV0001L6', status: 'Spare', copyId: null, endOfData: 0 },
      { barcode: 'CV0002L6', status: 'Spare', copyId: null, endOfData: 0 },
    ])
    db.close()
  })
})

describe('a data folder made by the previous version', () => {
  it('opens, and every job restores from every copy with the bytes its manifest recorded', async () => {
    // The previous version's data folder: the same job folders, and a catalog at schema 4 that kept each job's
    // folder as a path (made here by writing a demo folder and turning its catalog back into schema 4's shape).
    const seeded = tempBackend('demo', { demoData: true })
    await seeded.ready
    const dataDir = seeded.dataDir
    await seeded.close()
    const db = new Database(catalogFile(dataDir))
    db.exec(`
      ALTER TABLE job_copies ADD COLUMN data_dir TEXT;
      UPDATE job_copies SET data_dir = (SELECT path FROM mount_paths WHERE id = job_copies.mount_path_id)
        || '/CV_JOBS/SP' || (SELECT storage_policy_id FROM copies WHERE id = job_copies.copy_id) || '_C' || copy_id || '/J' || job_id
        WHERE mount_path_id IS NOT NULL;
      DROP INDEX job_copies_by_mount_path;
      ALTER TABLE job_copies DROP COLUMN mount_path_id;
      ALTER TABLE job_copies DROP COLUMN verified_at;
      ALTER TABLE job_copies DROP COLUMN bad_reason;
      DROP TABLE copy_leases;
      ALTER TABLE copies DROP COLUMN dedup_blocks;
      ALTER TABLE jobs DROP COLUMN figures;
      DROP TABLE tape_segments;
      DROP INDEX media_by_copy; DROP INDEX media_by_library; DROP INDEX drives_by_job;
      ALTER TABLE media DROP COLUMN copy_id;
      ALTER TABLE media DROP COLUMN end_of_data;
      ALTER TABLE drives DROP COLUMN job_id;
      ALTER TABLE drives DROP COLUMN barcode;
      ALTER TABLE libraries DROP COLUMN media_capacity_bytes;
      DROP INDEX jobs_by_copy; DROP INDEX jobs_by_schedule; DROP INDEX jobs_by_end; DROP INDEX jobs_by_operation;
      DROP INDEX job_items_by_backup_job; DROP INDEX job_items_by_copy; DROP INDEX copies_by_source;
      DROP INDEX schedule_associations_by_policy; DROP INDEX schedule_associations_by_schedule;
      DROP INDEX schedule_associations_by_storage_policy; DROP INDEX schedules_by_policy;
      DROP INDEX schedules_by_storage_policy; DROP INDEX subclients_by_policy; DROP INDEX events_by_job;
      DROP INDEX jobs_by_start;
      DROP TABLE alerts; DROP INDEX job_copies_retained;
      DROP TABLE job_throughput;
      ALTER TABLE job_copies DROP COLUMN retain_until;
      ALTER TABLE copies DROP COLUMN selective_frequency; ALTER TABLE copies DROP COLUMN selective_pick;
      ALTER TABLE copies DROP COLUMN selective_week_start; ALTER TABLE copies DROP COLUMN defer_days;
      ALTER TABLE copies DROP COLUMN alert_enabled; ALTER TABLE copies DROP COLUMN alert_days; ALTER TABLE copies DROP COLUMN alert_tb;
      ALTER TABLE commcell DROP COLUMN data_dir;
      DROP TABLE copy_lag_samples;
      DROP TABLE backup_associations; DELETE FROM schedule_policies WHERE policy_type = 'Data Protection';
      DROP TABLE browse_index; DROP TABLE browse_indexed_jobs;
      ALTER TABLE copies DROP COLUMN sealed_key; ALTER TABLE copies DROP COLUMN encryption; DROP TABLE key_protection;
      PRAGMA user_version = 4;
    `)
    const stored = (db.prepare('SELECT count(*) AS n FROM job_copies WHERE data_dir IS NOT NULL').get() as { n: number }).n
    db.close()
    expect(stored).toBeGreaterThan(100)

    const reopened = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' })
    try {
      await reopened.ready
      const call = async <C extends CommandName>(command: C, input: CommandInput<C>) => {
        const result = await dispatch(reopened.handlers, command, input)
        if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
        return result.value as CommandOutput<C>
      }
      // Copy_2 gets its jobs first, so both copies are restored from.
      const aux = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: true, description: '' })
      const ended = async (jobId: number) => {
        for (;;) {
          const { job, errors } = await call('jobs:details', { jobId })
          if (!['Running', 'Pending', 'Waiting', 'Suspended'].includes(job.status)) return { job, errors }
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
      expect((await ended(aux.jobId)).job.status).toBe('Completed')
      let restores = 0
      let files = 0
      const wanted: { subclientId: number; backupJobId: number; copy: { id: number; name: string } }[] = []
      for (const subclientId of [1, 2, 3, 4]) {
        for (const job of (await call('restore:form', { subclientId })).jobs) {
          for (const copy of job.copies) wanted.push({ subclientId, backupJobId: job.backupJobId, copy })
        }
      }
      /** Restores one job from one copy and checks every file against its manifest. */
      const restoreAndCheck = async ({ subclientId, backupJobId, copy }: (typeof wanted)[number]) => {
        const destination = join(dataDir, 'restored', `${backupJobId}-${copy.id}`)
        const restore = await call('restore:run', { backupJobId, copyId: copy.id, destination })
        const { job: row, errors } = await ended(restore.jobId)
        expect(row.status, JSON.stringify(errors)).toBe('Completed')
        const library = copy.name === 'Primary' ? 'DiskLib01' : 'DiskLib02'
        const policy = subclientId === 1 ? 1 : 2
        const reader = await openJobFolder(join(dataDir, 'libraries', library, 'MountPath01', 'CV_JOBS', `SP${policy}_C${copy.id}`, `J${backupJobId}`))
        for (const file of reader.manifest.files) {
          expect(createHash('sha256').update(readFileSync(restoredPath(destination, file.path))).digest('hex')).toBe(file.sha256)
          files += 1
        }
        restores += 1
      }
      // Eight restores at a time (the Job Manager runs them side by side, as an admin's would be).
      for (let start = 0; start < wanted.length; start += 8) await Promise.all(wanted.slice(start, start + 8).map(restoreAndCheck))
      expect(restores).toBe(stored + 85)
      expect(files).toBeGreaterThan(restores)
    } finally {
      await reopened.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000)
})
