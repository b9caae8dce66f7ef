/**
 * The demo CommCell's job history made real, on the MediaAgent (it alone touches content folders and libraries):
 * for each demo backup job, oldest first, the subclient's content folder changes as a day of work would (new and
 * modified files, a database file and its transaction logs, files to archive), and the job is backed up into its
 * store with its real size.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { DemoSubclient, JobRef } from '../../app/media/media-protocol'
import type { BackupType } from '../../app/model/entities'
import { buildBaselineIndex } from './backup'
import type { Stores } from './disk-store'

const KiB = 1024

/** Writes `bytes` random bytes to a file and dates it to `time` (so incrementals see it as changed then). */
async function writeDated(path: string, bytes: number, time: number): Promise<void> {
  await writeFile(path, randomBytes(bytes))
  await utimes(path, new Date(time), new Date(time))
}

/** Backs up each demo subclient's history (subclients in parallel: the time goes to fsync latency, which overlaps). */
export async function fillDemoHistory(stores: Stores, subclients: readonly DemoSubclient[]): Promise<{ jobId: number; bytes: number }[]> {
  const results: { jobId: number; bytes: number }[] = []
  await Promise.all(
    subclients.map(async (subclient) => {
      const refs = new Map<number, JobRef>()
      for (const job of subclient.jobs) {
        const contents = await prepareContent(subclient.name, subclient.folder, job)
        const manifests = []
        for (const id of job.baseline) {
          const ref = refs.get(id)
          if (ref) manifests.push((await stores.store(ref.store).openJob(ref)).manifest)
        }
        const { manifest } = await stores.store(job.target.store).backup(job.target, {
          backupType: job.backupType,
          contents,
          ...(manifests.length > 0 ? { baseline: buildBaselineIndex(manifests) } : {}),
        })
        refs.set(job.jobId, job.target)
        results.push({ jobId: job.jobId, bytes: manifest.totals.bytes })
      }
    }),
  )
  return results
}

/**
 * Changes a demo subclient's content as of the job's start and returns what the job backs up: File System
 * subclients get new and modified files; the database gets its data file (Full, Differential) or a new
 * transaction log file; the archiver gets a folder of files to archive.
 */
async function prepareContent(subclient: string, folder: string, job: { jobId: number; backupType: BackupType; startTime: number; cycle: number }): Promise<string[]> {
  const at = job.startTime
  await mkdir(folder, { recursive: true })
  switch (job.backupType satisfies BackupType) {
    case 'Transaction Log': {
      const logs = join(folder, 'logs')
      await mkdir(logs, { recursive: true })
      const file = join(logs, `${subclient}_${job.jobId}.trn`)
      await writeDated(file, 48 * KiB, at)
      return [file]
    }
    case 'Archive': {
      const batch = join(folder, `batch_${job.jobId}`)
      await mkdir(batch, { recursive: true })
      for (let n = 1; n <= 3; n++) await writeDated(join(batch, `invoice_${job.jobId}_${n}.pdf`), (40 + n * 20) * KiB, at)
      return [batch]
    }
    default:
      break
  }
  if (subclient === 'FinanceDB') {
    await writeDated(join(folder, `${subclient}.mdf`), (job.backupType === 'Full' ? 768 : 256) * KiB, at)
    return [join(folder, `${subclient}.mdf`)]
  }
  // File System: the first job creates the tree; each later job modifies two files and adds one.
  const documents = join(folder, 'documents')
  const reports = join(folder, 'reports')
  await mkdir(documents, { recursive: true })
  await mkdir(reports, { recursive: true })
  const seed = job.jobId
  if (job.cycle === 1 && job.backupType === 'Full') {
    for (let n = 1; n <= 8; n++) await writeDated(join(n % 2 ? documents : reports, `file_${n}.dat`), (24 + ((seed * n) % 7) * 16) * KiB, at)
  }
  await writeDated(join(documents, `file_${1 + (seed % 8)}.dat`), 40 * KiB, at)
  await writeDated(join(reports, `report_${job.jobId}.csv`), 12 * KiB, at)
  return [folder]
}
