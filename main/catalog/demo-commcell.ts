import { release, type } from 'node:os'
import { join } from 'node:path'
import type { BackupType } from '../../app/model/entities'
import { autocopyOptions, autocopyPattern, autocopyPolicyName, dataAgingPattern, dataAgingPolicyName } from '../../app/model/schedule'
import type { Catalog } from './catalog'
import { CommCellBuilder } from './commcell-builder'

/** What a new catalog holds: the demo CommCell, the same marked as upgraded, or only CommServe, ma01 and DiskLib01. */
export type DemoProfile = 'demo' | 'upgraded' | 'empty'

const day = 24 * 60 * 60 * 1000
const MiB = 1024 * 1024
/** Days of job history in the demo CommCell: more than 14, so the Create New Copy check has something to find. */
export const demoHistoryDays = 21

/** A small deterministic generator so the demo looks the same on every machine. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The demo's Data Protection schedule policy on localhost. */
export const demoBackupPolicyName = 'localhost Backups'

/** The local time zone of this machine, for schedules. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

/**
 * Adds the System Created Data Aging schedule policy (daily at 12:00 PM, covering the whole CommCell) when the
 * CommCell lacks it: a new one, or one made by a version before Data Aging.
 */
export function ensureDataAgingSchedule(catalog: Catalog): void {
  if (catalog.schedules.dataAgingPolicy() !== undefined) return
  catalog.transaction(() => {
    const policy = catalog.schedules.addSchedulePolicy({
      name: dataAgingPolicyName,
      policyType: 'Data Aging',
      description: 'Runs Data Aging every day: jobs past the retention of their copies are aged and their data pruned.',
      systemCreated: true,
    })
    catalog.schedules.addSchedule({
      schedulePolicyId: policy.id, storagePolicyId: null, name: 'Data Aging', pattern: dataAgingPattern(localTimeZone()), options: {}, allCopies: false,
    })
  })
}

/**
 * Seeds a new catalog, in one transaction. The demo CommCell is what a newcomer explores at once: ma01, two disk
 * libraries with real mount path folders under the data folder, a tape library with drives and blank media, the
 * client `localhost`, SP_Default and SP_Finance (with Copy_2), the System Created Autocopy schedule and three weeks
 * of job history holding every job type.
 */
export function seedCommCell(
  catalog: Catalog,
  input: { dataDir: string; profile: DemoProfile; commServe: string; now: number },
): void {
  const { dataDir, profile, commServe, now } = input
  const libraries = join(dataDir, 'libraries')
  catalog.transaction(() => {
    const build = new CommCellBuilder(catalog, now)
    catalog.createCommCell({ name: commServe, commServe, installKind: profile === 'upgraded' ? 'upgraded' : 'new' }, now)
    const ma01 = catalog.resources.addMediaAgent({ name: 'ma01', hostName: commServe, os: `${type()} ${release()}` })
    const diskLib01 = build.diskLibrary('DiskLib01', ma01.id, join(libraries, 'DiskLib01', 'MountPath01'))

    // A new install has the System Created Autocopy schedule policy; an upgraded CommCell does not (the product
    // creates it only on a new CommServe install).
    const autocopy =
      profile === 'upgraded'
        ? undefined
        : catalog.schedules.addSchedulePolicy({
            name: autocopyPolicyName,
            policyType: 'Auxiliary Copy',
            description: 'Runs an auxiliary copy for the associated copies every day, repeating every 30 minutes.',
            systemCreated: true,
          })
    if (autocopy) {
      catalog.schedules.addSchedule({
        schedulePolicyId: autocopy.id,
        storagePolicyId: null,
        name: 'Autocopy',
        pattern: autocopyPattern(localTimeZone()),
        options: autocopyOptions,
        allCopies: false,
      })
    }
    catalog.events.add({
      time: now,
      severity: 'Information',
      program: 'CommServe',
      computer: commServe,
      jobId: null,
      description:
        profile === 'upgraded'
          ? `CommCell ${commServe} created from the demo profile, marked as upgraded from a previous version.`
          : `CommCell ${commServe} created${profile === 'empty' ? ' empty' : ' with the demo CommCell'}.`,
    })
    if (profile === 'empty') return

    const diskLib02 = build.diskLibrary('DiskLib02', ma01.id, join(libraries, 'DiskLib02', 'MountPath01'))
    build.tapeLibrary({
      name: 'TapeLib01',
      mediaAgentId: ma01.id,
      drivePool: 'DrivePool01',
      drives: 2,
      scratchPool: 'ScratchPool01',
      barcodes: Array.from({ length: 8 }, (_, n) => `CV${String(n + 1).padStart(4, '0')}L6`),
      capacityBytes: 4 * 1024 * MiB,
    })

    const spDefault = build.storagePolicy('SP_Default', { libraryId: diskLib01.id, mediaAgentId: ma01.id })
    const spFinance = build.storagePolicy('SP_Finance', { libraryId: diskLib01.id, mediaAgentId: ma01.id })
    const copy2 = build.secondaryCopy({
      policyId: spFinance.policy.id,
      name: 'Copy_2',
      sourceCopyId: spFinance.primary.id,
      libraryId: diskLib02.id,
      mediaAgentId: ma01.id,
      precedence: 2,
    })
    if (autocopy) {
      catalog.schedules.addAssociation({ schedulePolicyId: autocopy.id, scheduleId: null, storagePolicyId: null, copyId: copy2.id })
    } else {
      // The upgraded profile keeps an older storage-policy schedule created with All Copies: new copies join it.
      const legacy = catalog.schedules.addSchedule({
        schedulePolicyId: null,
        storagePolicyId: spFinance.policy.id,
        name: 'SP_Finance auxiliary copy',
        pattern: { kind: 'daily', time: '22:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: localTimeZone() },
        options: { streams: 2, startNewMedia: false, markMediaFull: false },
        allCopies: true,
      })
      catalog.schedules.addAssociation({ schedulePolicyId: null, scheduleId: legacy.id, storagePolicyId: null, copyId: copy2.id })
    }

    const localhost = catalog.clients.addClient({ name: 'localhost', hostName: 'localhost', os: `${type()} ${release()}` })
    const fileSystem = catalog.clients.addAgent({ clientId: localhost.id, name: 'File System' })
    const sqlServer = catalog.clients.addAgent({ clientId: localhost.id, name: 'SQL Server' })
    const archiver = catalog.clients.addAgent({ clientId: localhost.id, name: 'File Archiver' })
    const content = (name: string) => [join(dataDir, 'demo-content', name)]
    const defaultSubclient = catalog.clients.addSubclient({
      agentId: fileSystem.id, name: 'default', storagePolicyId: spDefault.policy.id, content: content('default'),
    })
    const financeFiles = catalog.clients.addSubclient({
      agentId: fileSystem.id, name: 'finance', storagePolicyId: spFinance.policy.id, content: content('finance'),
    })
    const financeDb = catalog.clients.addSubclient({
      agentId: sqlServer.id, name: 'FinanceDB', storagePolicyId: spFinance.policy.id, content: content('FinanceDB'),
    })
    const archive = catalog.clients.addSubclient({
      agentId: archiver.id, name: 'archive', storagePolicyId: spFinance.policy.id, content: content('archive'),
    })

    // localhost is backed up by a Data Protection schedule policy: an incremental every evening, a full every
    // Saturday. Only a new demo data folder gets it; an existing one is left as its administrator made it.
    if (profile === 'demo') {
      const backups = catalog.schedules.addSchedulePolicy({
        name: demoBackupPolicyName,
        policyType: 'Data Protection',
        description: 'Backs up every subclient of localhost: an incremental every day at 21:00, a full every Saturday at 10:00.',
        systemCreated: false,
      })
      const zone = localTimeZone()
      catalog.schedules.addSchedule({
        schedulePolicyId: backups.id, storagePolicyId: null, name: 'Daily Incremental',
        pattern: { kind: 'daily', time: '21:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: zone }, options: { backupType: 'Incremental' }, allCopies: false,
      })
      catalog.schedules.addSchedule({
        schedulePolicyId: backups.id, storagePolicyId: null, name: 'Weekly Full',
        pattern: { kind: 'weekly', days: [6], time: '10:00', timeZone: zone }, options: { backupType: 'Full' }, allCopies: false,
      })
      catalog.schedules.replaceBackupAssociations(backups.id, [{ level: 'client', id: localhost.id }])
    }

    // Three weeks of history: a weekly full, a mid-week differential, daily incrementals, transaction logs twice a
    // day for the database, a weekly archive job.
    const rand = random(11)
    const firstDay = Math.floor(now / day) * day - demoHistoryDays * day
    const cycles = new Map<number, number>()
    const job = (
      subclientId: number,
      policy: { policy: { id: number }; primary: { id: number } },
      backupType: BackupType,
      startTime: number,
      sizeMiB: number,
    ) => {
      if (backupType === 'Full') cycles.set(subclientId, (cycles.get(subclientId) ?? 0) + 1)
      build.backupJob({
        subclientId,
        storagePolicyId: policy.policy.id,
        primaryCopyId: policy.primary.id,
        backupType,
        startTime,
        durationMs: Math.round((2 + rand() * 10) * 60_000),
        sizeBytes: Math.round(sizeMiB * (0.8 + rand() * 0.4) * MiB),
        cycle: Math.max(1, cycles.get(subclientId) ?? 1),
      })
    }
    for (let d = 0; d < demoHistoryDays; d++) {
      const evening = firstDay + d * day + 20 * 60 * 60 * 1000
      const weekday = d % 7
      const fileType: BackupType = weekday === 0 ? 'Full' : weekday === 3 ? 'Differential' : 'Incremental'
      const fileSize = fileType === 'Full' ? 48 : fileType === 'Differential' ? 12 : 3
      job(defaultSubclient.id, spDefault, fileType, evening, fileSize)
      job(financeFiles.id, spFinance, fileType, evening + 15 * 60_000, fileSize * 1.5)
      job(financeDb.id, spFinance, weekday === 0 ? 'Full' : 'Differential', evening + 30 * 60_000, weekday === 0 ? 64 : 16)
      for (let hour = 6; d > 0 && hour < 24; hour += 12) {
        job(financeDb.id, spFinance, 'Transaction Log', firstDay + d * day + hour * 60 * 60 * 1000, 1)
      }
      if (weekday === 5) job(archive.id, spFinance, 'Archive', evening + 45 * 60_000, 20)
    }
  })
}
