import { randomBytes } from 'node:crypto'
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BackupType } from '../../app/model/entities'
import type { Catalog } from '../catalog/catalog'
import type { BackupJob } from '../catalog/job-repository'
import { backupToLibrary, buildBaselineIndex } from '../engine/backup'
import { jobFolderPath, readManifest } from '../engine/job-store'
import { baselineJobs } from './backup-chain'

const KiB = 1024

/** Writes `bytes` random bytes to a file and dates it to `time` (so incrementals see it as changed then). */
function writeDated(path: string, bytes: number, time: number): void {
  writeFileSync(path, randomBytes(bytes))
  utimesSync(path, new Date(time), new Date(time))
}

/**
 * Makes the demo CommCell's job history real: for each demo backup job, oldest first, changes the subclient's
 * content folder as a day of work would (new and modified files, a database file and its transaction logs, files
 * to archive), backs it up with the engine into the primary copy's mount path, and records the job Available there
 * with its real size. Runs once, when a demo data folder is first opened; jobs that already have data are skipped.
 */
export async function fillDemoData(catalog: Catalog): Promise<void> {
  const work: Promise<void>[] = []
  for (const policy of catalog.policies.policies()) {
    const primary = catalog.policies.copies(policy.id).find((copy) => copy.copyType === 'primary')
    const mountPath = primary && catalog.resources.mountPaths(primary.libraryId)[0]
    if (primary === undefined || mountPath === undefined) continue
    for (const subclient of catalog.clients.subclientsOfPolicy(policy.id)) {
      const folder = subclient.content[0]
      if (folder === undefined) continue
      // Subclients in parallel (each one's jobs in order): the time goes to fsync latency, which overlaps.
      work.push((async () => {
      const history = [...catalog.jobs.completedBackups(subclient.id)].reverse() // oldest first
      const done: BackupJob[] = []
      for (const job of history) {
        const existing = catalog.jobs.dataDirOn(job.id, primary.id)
        if (existing !== null) {
          done.unshift(job)
          continue
        }
        const contents = prepareContent(subclient.name, folder, job)
        const baseline = job.backupType === 'Incremental' || job.backupType === 'Differential' ? baselineJobs(done, job.backupType) : []
        const baselineManifests = await Promise.all(
          baseline.map((previous) => readManifest(catalog.jobs.dataDirOn(previous.id, primary.id)!)),
        )
        const jobDir = jobFolderPath(mountPath.path, policy.id, primary.id, job.id)
        const result = await backupToLibrary({
          jobId: job.id,
          backupType: job.backupType,
          contents,
          jobDir,
          ...(baselineManifests.length > 0 ? { baseline: buildBaselineIndex(baselineManifests) } : {}),
        })
        catalog.transaction(() => {
          catalog.jobs.setOnCopy({ backupJobId: job.id, copyId: primary.id, status: 'Available', bytesCopied: result.manifest.totals.bytes, dataDir: jobDir })
          catalog.jobs.finishBackup(job.id, { status: job.status, sizeBytes: result.manifest.totals.bytes, endTime: job.endTime ?? job.startTime })
        })
        done.unshift({ ...job, sizeBytes: result.manifest.totals.bytes })
      }
      })())
    }
  }
  await Promise.all(work)
}

/**
 * Changes a demo subclient's content as of the job's start and returns what the job backs up: File System
 * subclients get new and modified files; the database gets its data file (Full, Differential) or a new
 * transaction log file; the archiver gets a folder of files to archive.
 */
function prepareContent(subclient: string, folder: string, job: BackupJob): string[] {
  const at = job.startTime
  mkdirSync(folder, { recursive: true })
  switch (job.backupType satisfies BackupType) {
    case 'Transaction Log': {
      const logs = join(folder, 'logs')
      mkdirSync(logs, { recursive: true })
      const file = join(logs, `${subclient}_${job.id}.trn`)
      writeDated(file, 48 * KiB, at)
      return [file]
    }
    case 'Archive': {
      const batch = join(folder, `batch_${job.id}`)
      mkdirSync(batch, { recursive: true })
      for (let n = 1; n <= 3; n++) writeDated(join(batch, `invoice_${job.id}_${n}.pdf`), (40 + n * 20) * KiB, at)
      return [batch]
    }
    default:
      break
  }
  if (subclient === 'FinanceDB') {
    writeDated(join(folder, `${subclient}.mdf`), (job.backupType === 'Full' ? 768 : 256) * KiB, at)
    return [join(folder, `${subclient}.mdf`)]
  }
  // File System: the first job creates the tree; each later job modifies two files and adds one.
  const documents = join(folder, 'documents')
  const reports = join(folder, 'reports')
  mkdirSync(documents, { recursive: true })
  mkdirSync(reports, { recursive: true })
  const seed = job.id
  if (job.cycle === 1 && job.backupType === 'Full') {
    for (let n = 1; n <= 8; n++) writeDated(join(n % 2 ? documents : reports, `file_${n}.dat`), (24 + ((seed * n) % 7) * 16) * KiB, at)
  }
  writeDated(join(documents, `file_${1 + (seed % 8)}.dat`), 40 * KiB, at)
  writeDated(join(reports, `report_${job.id}.csv`), 12 * KiB, at)
  return [folder]
}
