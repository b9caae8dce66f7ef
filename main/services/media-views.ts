/**
 * How tape drives and media read in every list, Properties sheet and dialog that shows them: one set of columns
 * each, byte sizes in the `bytes` format the console formats everywhere.
 */
import type { ContentsColumn, ContentsRow, PropertyField } from '../../app/model/contents'
import type { Drive } from '../../app/model/entities'
import type { MediumDetails } from '../../app/model/media'
import { nodeId } from '../../app/model/tree'
import type { Catalog } from '../catalog/catalog'
import type { MediumJobRow, MediumRow } from '../catalog/tape-repository'
import { col, field, row } from './contents-cells'

/** A list of drives: what each holds now. */
export const driveColumns: readonly ContentsColumn[] = [
  col('name', 'Drive'),
  col('serial', 'Serial Number'),
  col('status', 'Status'),
  col('jobId', 'Job ID', 'number'),
  col('medium', 'Medium'),
]

/** A drive's row: Idle, or In use by the job holding it with the medium mounted in it. */
export function driveRow(drive: Drive): ContentsRow {
  return row(drive.id, nodeId('drive', drive.id), {
    name: drive.name,
    serial: drive.serial,
    status: drive.jobId === null ? 'Idle' : 'In use',
    jobId: drive.jobId,
    medium: drive.barcode,
  })
}

/** A list of media (a scratch pool, Assigned Media). */
export const mediaColumns: readonly ContentsColumn[] = [
  col('barcode', 'Barcode'),
  col('status', 'Status'),
  col('used', 'Used', 'bytes'),
  col('capacity', 'Capacity', 'bytes'),
  col('storagePolicy', 'Storage Policy'),
  col('copy', 'Copy'),
  col('jobs', 'Jobs', 'number'),
]

/** A copy's View Media: its media, without the policy and copy every row would repeat. */
export const copyMediaColumns: readonly ContentsColumn[] = mediaColumns.filter((column) => column.key !== 'storagePolicy' && column.key !== 'copy')

/** A medium's row (a tree node: its menu opens on right click). */
export function mediumRow(medium: MediumRow): ContentsRow {
  return row(medium.id, nodeId('media', medium.id), {
    barcode: medium.barcode,
    status: medium.status,
    used: medium.usedBytes,
    capacity: medium.capacityBytes,
    storagePolicy: medium.storagePolicyName,
    copy: medium.copyName,
    jobs: medium.jobs,
  })
}

/** A medium's View Contents: the jobs with data on it. */
export const mediumJobColumns: readonly ContentsColumn[] = [
  col('jobId', 'Job ID', 'number'),
  col('storagePolicy', 'Storage Policy'),
  col('copy', 'Copy'),
  col('backupType', 'Backup Type'),
  col('startTime', 'Start Time', 'datetime'),
  col('size', 'Size', 'bytes'),
  col('segments', 'Segments', 'number'),
  col('status', 'Status'),
]

/** A job's row in a medium's View Contents (its data on this medium only). */
export function mediumJobRow(job: MediumJobRow): ContentsRow {
  return row(`${job.jobId}:${job.copyId}`, null, {
    jobId: job.jobId,
    storagePolicy: job.storagePolicyName,
    copy: job.copyName,
    backupType: job.backupType,
    startTime: job.startTime,
    size: job.bytes,
    segments: job.segments,
    status: job.status,
  })
}

/** A medium with the names of its library and scratch pool. */
export function mediumDetails(catalog: Catalog, medium: MediumRow): MediumDetails {
  return {
    id: medium.id,
    barcode: medium.barcode,
    status: medium.status,
    library: catalog.resources.library(medium.libraryId)?.name ?? '',
    scratchPool: catalog.resources.scratchPool(medium.scratchPoolId)?.name ?? '',
    storagePolicy: medium.storagePolicyName,
    copy: medium.copyName,
    usedBytes: medium.usedBytes,
    capacityBytes: medium.capacityBytes,
    jobs: medium.jobs,
  }
}

/** A medium's Properties fields. */
export function mediumFields(medium: MediumDetails): PropertyField[] {
  return [
    field('Barcode', medium.barcode),
    field('Status', medium.status),
    field('Library', medium.library),
    field('Scratch Pool', medium.scratchPool),
    field('Storage Policy', medium.storagePolicy ?? 'Not assigned'),
    field('Copy', medium.copy ?? 'Not assigned'),
    field('Used', medium.usedBytes, 'bytes'),
    field('Capacity', medium.capacityBytes, 'bytes'),
    field('Jobs', medium.jobs, 'number'),
  ]
}
