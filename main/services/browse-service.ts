/**
 * Browse and Restore's browse: a subclient's content as the last backup started by a time saw it (or the latest
 * backup), one folder at a time, from the browse index in the catalog. A job is indexed the first time it is browsed,
 * from its manifest (asked of the MediaAgent: no job data is read), after the jobs of its cycle it builds on: the
 * files an Incremental found unchanged take their earlier version's row.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import { splitStoredPath, type BrowseInput, type BrowseResult } from '../../app/model/browse'
import type { PolicyCopy } from '../../app/model/entities'
import { restoreChain } from '../../app/rules/backup-chain'
import type { Catalog } from '../catalog/catalog'
import type { IndexRow } from '../catalog/browse-index-repository'
import type { BackupJob } from '../catalog/job-repository'
import type { MediaPaths } from '../jobs/media-paths'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { EventService } from './event-service'

/** What the MediaAgent lists of a job (the `jobIndex` reply). */
interface JobListing {
  readonly files: readonly { readonly path: string; readonly size: number; readonly mtimeMs: number }[]
  readonly symlinks: readonly { readonly path: string }[]
  readonly directories: readonly { readonly path: string; readonly mtimeMs: number }[]
}

/**
 * A job's own index rows: its folders, files and links, and every folder above them that the backup did not walk
 * (above its content folders), so the root lists the way down.
 */
export function indexRows(listing: JobListing, unchanged: readonly string[]): Map<string, IndexRow> {
  const rows = new Map<string, IndexRow>()
  const put = (path: string, row: Omit<IndexRow, 'folder' | 'name'>) => {
    const [folder, name] = splitStoredPath(path)
    rows.set(path, { folder, name, ...row })
  }
  for (const directory of listing.directories) if (directory.path !== '') put(directory.path, { kind: 'folder', size: 0, mtimeMs: directory.mtimeMs })
  for (const file of listing.files) put(file.path, { kind: 'file', size: file.size, mtimeMs: file.mtimeMs })
  for (const link of listing.symlinks) put(link.path, { kind: 'link', size: 0, mtimeMs: null })
  for (const path of [...rows.keys(), ...unchanged]) {
    for (let folder = splitStoredPath(path)[0]; folder !== '' && !rows.has(folder); folder = splitStoredPath(folder)[0]) {
      put(folder, { kind: 'folder', size: 0, mtimeMs: null })
    }
  }
  return rows
}

/** Browses subclients' backups through the browse index. */
export class BrowseService {
  /** Jobs being indexed now, so two browses of one job index it once. */
  private readonly indexing = new Map<number, Promise<void>>()

  constructor(
    private readonly catalog: Catalog,
    private readonly mediaAgent: MediaAgentClient,
    private readonly paths: MediaPaths,
    private readonly events: EventService,
  ) {}

  /** One folder of a subclient's content as of the chosen time, read from a copy or by copy precedence. */
  async browse(input: BrowseInput): Promise<BrowseResult> {
    const subclient = this.catalog.clients.subclient(input.subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${input.subclientId}`, 'subclientId')
    const copies = subclient.storagePolicyId === null ? [] : [...this.catalog.policies.copies(subclient.storagePolicyId)].sort((a, b) => a.precedence - b.precedence)
    const copy = input.copyId === null ? null : copies.find((candidate) => candidate.id === input.copyId)
    if (copy === undefined) throw notFound(`Copy ${input.copyId} of ${subclient.name}'s storage policy`, 'copyId')
    const holders = copy === null ? copies : [copy]
    const history = this.catalog.jobs.completedBackups(subclient.id)
    const held = (job: BackupJob) => holders.some((holder) => this.paths.heldOn(holder, job.id) !== null)
    // The newest backup started by then whose whole chain can be read (from the copy, or from some copy).
    const target = history.find((job) => (input.at === null || job.startTime <= input.at) && restoreChain(history, job.id).every(held))
    if (target === undefined) {
      const from = copy === null ? '' : ` from ${copy.name}`
      if (input.at === null) throw new ServiceError('invalid_input', `${subclient.name} has no completed backup that can be restored${from}.`, copy === null ? 'subclientId' : 'copyId')
      throw new ServiceError('invalid_input', `${subclient.name} has no completed backup started by the Browse Date that can be restored${from}.`, 'at')
    }
    const chain = restoreChain(history, target.id)
    for (const [position, job] of chain.entries()) await this.index(job, position === 0 ? null : chain[position - 1]!, copies)
    if (!this.catalog.browseIndex.hasFolder(target.id, input.folder)) {
      throw new ServiceError('invalid_input', `Folder /${input.folder} is not in backup job ${target.id} of ${subclient.name}.`, 'folder')
    }
    return {
      subclient: subclient.name,
      backupJobId: target.id,
      backupType: target.backupType,
      backupTime: target.startTime,
      copyName: copy?.name ?? null,
      folder: input.folder,
      entries: this.catalog.browseIndex.list(target.id, input.folder).map((row) => ({
        name: row.name,
        path: row.folder === '' ? row.name : `${row.folder}/${row.name}`,
        kind: row.kind,
        size: row.size,
        mtimeMs: row.mtimeMs,
      })),
    }
  }

  /** Drops the indexes of jobs no copy holds any more (after Data Aging). */
  dropAged(): void {
    this.catalog.browseIndex.dropUnheld()
  }

  /** Indexes a job (once), `base` being the job of its chain before it (indexed already), null for the first. */
  private index(job: BackupJob, base: BackupJob | null, copies: readonly PolicyCopy[]): Promise<void> {
    if (this.catalog.browseIndex.isIndexed(job.id)) return Promise.resolve()
    let running = this.indexing.get(job.id)
    if (running === undefined) {
      running = this.build(job, base, copies).finally(() => this.indexing.delete(job.id))
      this.indexing.set(job.id, running)
    }
    return running
  }

  private async build(job: BackupJob, base: BackupJob | null, copies: readonly PolicyCopy[]): Promise<void> {
    // Its manifest from a disk copy first (a tape copy would mount a medium), lowest precedence first.
    const ordered = [...copies].sort((a, b) => Number(this.paths.isTape(a)) - Number(this.paths.isTape(b)) || a.precedence - b.precedence)
    const ref = ordered.map((copy) => this.paths.heldOn(copy, job.id)).find((candidate) => candidate !== null)
    if (ref == null) throw new ServiceError('invalid_input', `Job ${job.id} is no longer available on any copy.`, 'copyId')
    const listing = await this.mediaAgent.request({ kind: 'jobIndex', ref }).catch((error: unknown) => {
      throw new ServiceError('unavailable', `The MediaAgent could not read the index of job ${job.id}: ${error instanceof Error ? error.message : String(error)}`, 'copyId')
    })
    if (this.catalog.browseIndex.isIndexed(job.id)) return
    const rows = indexRows(listing, listing.unchanged)
    const unchanged = base === null ? null : { baseJobId: base.id, paths: listing.unchanged.map(splitStoredPath) }
    const notInBase = this.catalog.browseIndex.write(job.id, rows.values(), unchanged)
    const lost = notInBase + (base === null ? listing.unchanged.length : 0)
    if (lost > 0) {
      this.events.record({
        severity: 'Major', program: 'Browse', jobId: job.id,
        description: `Job ${job.id} lists ${lost} file${lost === 1 ? '' : 's'} as unchanged that no earlier job of its cycle holds; Browse and Restore does not show ${lost === 1 ? 'it' : 'them'}.`,
      })
    }
  }
}
