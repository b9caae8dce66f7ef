/**
 * What an administrator does with tape media: Add Media to a scratch pool, Mark Full and Mark Bad, a medium's View
 * Contents, a copy's View Media, and a tape library's media capacity (Library Properties). The rules are
 * `app/rules/media-rules.ts`, the same the menus apply.
 */
import { ServiceError, notFound } from '../../app/ipc/errors'
import type { ContentsTable } from '../../app/model/contents'
import {
  bytesPerMb,
  type AddMediaInput,
  type LibraryDetails,
  type MediumDetails,
  type SetMediaCapacityInput,
  type SetMediaStatusInput,
} from '../../app/model/media'
import { nodeId } from '../../app/model/tree'
import { barcodeSeries, markProblem } from '../../app/rules/media-rules'
import type { Catalog } from '../catalog/catalog'
import type { MediumRow } from '../catalog/tape-repository'
import type { EventBus } from '../event-bus'
import type { EventService } from './event-service'
import { copyMediaColumns, mediumDetails, mediumJobColumns, mediumJobRow, mediumRow } from './media-views'

const program = 'Media Manager'

/** Tape media and a tape library's media capacity. */
export class MediaService {
  constructor(
    private readonly catalog: Catalog,
    private readonly bus: EventBus,
    private readonly events: EventService,
    /** New Spare media are there: jobs Pending for spare media try again at once. */
    private readonly mediaAdded: () => void,
  ) {}

  private mediumRow(mediumId: number): MediumRow {
    const medium = this.catalog.tape.medium(mediumId)
    if (medium === undefined) throw notFound(`Medium ${mediumId}`, 'mediumId')
    return medium
  }

  /** A medium for its menu and Properties. */
  medium(mediumId: number): MediumDetails {
    return mediumDetails(this.catalog, this.mediumRow(mediumId))
  }

  /** View Contents: the jobs with data on a medium. */
  contents(mediumId: number): ContentsTable {
    const medium = this.mediumRow(mediumId)
    return {
      nodeId: nodeId('media', medium.id),
      title: `Contents of ${medium.barcode}`,
      columns: [...mediumJobColumns],
      rows: this.catalog.tape.jobsOnMedium(medium.id).map(mediumJobRow),
      more: false,
    }
  }

  /** Mark Full (an Appendable medium) or Mark Bad (any medium not Bad: never written again). */
  setStatus({ mediumId, status }: SetMediaStatusInput): MediumDetails {
    const medium = this.mediumRow(mediumId)
    const problem = markProblem(medium.barcode, medium.status, status)
    if (problem !== undefined) throw new ServiceError('invalid_input', problem, 'status')
    this.catalog.tape.setStatus(medium.id, status)
    this.events.record({
      severity: status === 'Bad' ? 'Minor' : 'Information',
      program,
      description: `Media ${medium.barcode} marked ${status} (was ${medium.status}).`,
    })
    const parent = medium.copyId === null ? nodeId('scratchPool', medium.scratchPoolId) : nodeId('assignedMedia', medium.libraryId)
    this.bus.emit('tree:changed', { nodeIds: [parent, nodeId('media', medium.id)] })
    return this.medium(medium.id)
  }

  /** Add Media: `count` Spare media in a scratch pool, barcodes counting up from `firstBarcode`, at the library's media capacity. */
  add({ scratchPoolId, firstBarcode, count }: AddMediaInput): { barcodes: string[] } {
    const pool = this.catalog.resources.scratchPool(scratchPoolId)
    if (pool === undefined) throw notFound(`Scratch pool ${scratchPoolId}`, 'scratchPoolId')
    const library = this.catalog.resources.library(pool.libraryId)!
    const capacityBytes = this.catalog.tape.mediaCapacity(library.id)
    if (capacityBytes === null) throw new ServiceError('invalid_input', `${library.name} has no media capacity: set it in its Properties.`, 'scratchPoolId')
    const series = barcodeSeries(firstBarcode, count)
    if ('problem' in series) throw new ServiceError('invalid_input', series.problem, 'firstBarcode')
    const { barcodes } = series
    this.catalog.transaction(() => {
      const taken = barcodes.find((barcode) => this.catalog.tape.barcodeTaken(barcode))
      if (taken !== undefined) {
        throw new ServiceError('invalid_input', `Barcode ${taken} is already in use in this CommCell: choose another Starting barcode.`, 'firstBarcode')
      }
      this.catalog.tape.addMedia({ libraryId: library.id, scratchPoolId: pool.id, barcodes, capacityBytes })
    })
    const named = barcodes.length === 1 ? barcodes[0]! : `${barcodes[0]!} to ${barcodes.at(-1)!}`
    this.events.record({ severity: 'Information', program, description: `${barcodes.length} media added to ${pool.name} of ${library.name}: ${named}.` })
    this.bus.emit('tree:changed', { nodeIds: [nodeId('scratchPool', pool.id), nodeId('library', library.id)] })
    this.mediaAdded()
    return { barcodes }
  }

  /** View Media of a copy on a tape library: the media assigned to it. */
  copyMedia(copyId: number): ContentsTable {
    const copy = this.catalog.policies.copy(copyId)
    if (copy === undefined) throw notFound(`Copy ${copyId}`, 'copyId')
    const library = this.catalog.resources.library(copy.libraryId)
    if (library?.kind !== 'tape') {
      throw new ServiceError('invalid_input', `${copy.name} writes to ${library?.name ?? 'a library'}, a disk library: it has no media.`, 'copyId')
    }
    const policy = this.catalog.policies.policy(copy.storagePolicyId)
    return {
      nodeId: nodeId('copy', copy.id),
      title: `Media of ${policy?.name ?? ''} / ${copy.name}`,
      columns: [...copyMediaColumns],
      rows: this.catalog.tape.mediaOfCopy(copy.id).map(mediumRow),
      more: false,
    }
  }

  /** A library for its Properties dialog (a tape library's media capacity). */
  library(libraryId: number): LibraryDetails {
    const library = this.catalog.resources.library(libraryId)
    if (library === undefined) throw notFound(`Library ${libraryId}`, 'libraryId')
    return {
      id: library.id,
      name: library.name,
      kind: library.kind,
      mediaAgents: library.mediaAgentIds.map((id) => this.catalog.resources.mediaAgent(id)?.name ?? ''),
      mediaCapacityBytes: library.kind === 'tape' ? this.catalog.tape.mediaCapacity(library.id) : null,
    }
  }

  /** Sets a tape library's media capacity: new media, and its Spare media never written, take it. */
  setMediaCapacity({ libraryId, mediaCapacityMb }: SetMediaCapacityInput): LibraryDetails {
    const library = this.library(libraryId)
    if (library.kind !== 'tape') {
      throw new ServiceError('invalid_input', `${library.name} is a disk library: media capacity applies to tape libraries.`, 'libraryId')
    }
    const before = library.mediaCapacityBytes === null ? 'none' : `${Math.round(library.mediaCapacityBytes / bytesPerMb)} MB`
    const blank = this.catalog.tape.mediaOfLibrary(library.id).filter((medium) => medium.status === 'Spare' && medium.endOfData === 0).length
    this.catalog.transaction(() => this.catalog.tape.setMediaCapacity(library.id, mediaCapacityMb * bytesPerMb))
    this.events.record({
      severity: 'Information',
      program,
      description: `Media capacity of ${library.name} set to ${mediaCapacityMb} MB (was ${before}); ${blank} Spare media never written take it.`,
    })
    const pools = this.catalog.resources.scratchPools(library.id).map((pool) => nodeId('scratchPool', pool.id))
    this.bus.emit('tree:changed', { nodeIds: [nodeId('library', library.id), ...pools] })
    return this.library(library.id)
  }
}
