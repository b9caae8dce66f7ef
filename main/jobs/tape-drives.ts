/**
 * What the CommServe decides for a job writing to tape: the drives it holds (from its copy's drive pool), the medium
 * each of its streams writes next, what a closed segment and a medium left mean in the catalog, and, when the job
 * ends, the drives it gives back and (Mark Media Full on Success) the media it marks Full. The MediaAgent asks and
 * reports over the media protocol; the catalog keeps the answers (`TapeRepository`).
 */
import type { MediumRef } from '../../app/media/media-protocol'
import type { PolicyCopy } from '../../app/model/entities'
import { nodeId } from '../../app/model/tree'
import type { Catalog } from '../catalog/catalog'
import type { JobManager, TapeEvent } from './job-manager'

/** A medium for a stream, or why there is none. */
export interface MediumAnswer {
  readonly medium: MediumRef | null
  readonly reason: string
}

/** Drives and media for the jobs that write to tape. */
export class TapeDrives {
  constructor(
    private readonly catalog: Catalog,
    private readonly manager: JobManager,
  ) {}

  /**
   * Reserves drives of a tape copy's drive pool for a job, up to `wanted`: returns how many it holds (one stream
   * each), or why it must wait when none is free.
   */
  reserve(jobId: number, copy: PolicyCopy, wanted: number): number | string {
    const pool = copy.drivePoolId === null ? undefined : this.catalog.resources.drivePool(copy.drivePoolId)
    if (pool === undefined) return `${copy.name} has no drive pool to write with.`
    const held = this.catalog.transaction(() => this.catalog.tape.reserveDrives(pool.id, jobId, wanted))
    this.viewsChanged(copy.libraryId)
    if (held > 0) return held
    const holders = this.catalog.tape.drivesHeldBy(pool.id)
    return `Every drive of ${pool.name} is in use${holders.length > 0 ? ` (job${holders.length > 1 ? 's' : ''} ${holders.join(', ')})` : ''}; waiting for a free drive.`
  }

  /**
   * A tape stream's message: gives it a medium, records a segment closed (with its medium's new end of data), or a
   * medium left (Full, Appendable, or Spare again when nothing was written on it). `written`: the media the job has
   * written on so far (it grows here).
   */
  handle(jobId: number, event: TapeEvent, startNewMedia: boolean, written: Set<string>): void {
    switch (event.type) {
      case 'mediumWanted': {
        const copy = this.catalog.policies.copy(event.copyId)
        let answer: MediumAnswer
        try {
          answer = copy === undefined ? { medium: null, reason: `Copy ${event.copyId} no longer exists.` } : this.mediumFor(jobId, copy, event.spanning, startNewMedia, written)
        } catch (error) {
          // The stream waits for an answer: it always gets one.
          answer = { medium: null, reason: `The CommServe could not give a medium: ${error instanceof Error ? error.message : String(error)}` }
        }
        this.manager.giveMedium(event.runId, event.askId, answer.medium, answer.reason)
        if (copy !== undefined) this.viewsChanged(copy.libraryId, answer.medium?.barcode)
        return
      }
      case 'segmentClosed':
        this.catalog.transaction(() => this.catalog.tape.recordSegment(event.copyId, event.backupJobId, event.segment))
        written.add(event.segment.barcode)
        return
      case 'mediumLeft': {
        this.catalog.transaction(() => this.catalog.tape.leaveMedium(event.barcode, event.full))
        const medium = this.catalog.tape.mediumByBarcode(event.barcode)
        if (medium !== undefined) this.viewsChanged(medium.libraryId, medium.barcode)
        return
      }
    }
  }

  /**
   * The medium a stream writes next: for a job's first segment an Appendable medium of the copy (with Start New
   * Media, only one this job started), else, and when spanning, the first Spare medium of the copy's scratch pool.
   * The medium becomes Active and the copy's, and goes into one of the job's drives.
   */
  private mediumFor(jobId: number, copy: PolicyCopy, spanning: boolean, startNewMedia: boolean, written: Set<string>): MediumAnswer {
    return this.catalog.transaction(() => {
      const appendable = spanning ? [] : this.catalog.tape.appendableMedia(copy.id).filter((medium) => !startNewMedia || written.has(medium.barcode))
      const pool = copy.scratchPoolId === null ? undefined : this.catalog.resources.scratchPool(copy.scratchPoolId)
      const medium = appendable[0] ?? (pool === undefined ? undefined : this.catalog.tape.spareMedium(pool.id))
      if (medium === undefined) return { medium: null, reason: pool === undefined ? `${copy.name} has no scratch pool.` : `No spare media in ${pool.name}.` }
      this.catalog.tape.mountForCopy(medium.id, copy.id)
      this.catalog.tape.loadDrive(jobId, medium.barcode)
      written.add(medium.barcode)
      return { medium: { barcode: medium.barcode, capacity: medium.capacityBytes, endOfData: medium.endOfData }, reason: '' }
    })
  }

  /** The job's run ended (or the job did): its drives go back to their pools, the media in them are unmounted. */
  release(jobId: number, libraryIds: readonly number[]): void {
    this.catalog.transaction(() => this.catalog.tape.releaseDrives(jobId))
    for (const libraryId of libraryIds) this.viewsChanged(libraryId)
    // A job Waiting for a drive takes one now, not at its next retry.
    this.manager.retryPending('Waiting')
  }

  /** Mark Media Full on Success: the media the job wrote take no more data. */
  markFull(barcodes: Iterable<string>): void {
    this.catalog.transaction(() => {
      for (const barcode of barcodes) {
        const medium = this.catalog.tape.mediumByBarcode(barcode)
        if (medium !== undefined && (medium.status === 'Appendable' || medium.status === 'Active')) this.catalog.tape.setStatus(medium.id, 'Full')
      }
    })
  }

  /** Consoles showing a tape library's drives or media (or the medium named) see them change. */
  private viewsChanged(libraryId: number, barcode?: string): void {
    const { resources } = this.catalog
    if (resources.library(libraryId)?.kind !== 'tape') return
    const medium = barcode === undefined ? undefined : this.catalog.tape.mediumByBarcode(barcode)
    this.manager.treeChanged([
      nodeId('library', libraryId), nodeId('assignedMedia', libraryId),
      ...(medium === undefined ? [] : [nodeId('media', medium.id)]),
      ...resources.drivePools(libraryId).map((pool) => nodeId('drivePool', pool.id)),
      ...resources.scratchPools(libraryId).map((pool) => nodeId('scratchPool', pool.id)),
    ])
  }
}
