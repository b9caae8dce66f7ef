import type {
  Drive,
  DrivePool,
  Library,
  LibraryKind,
  Media,
  MediaAgent,
  MediaStatus,
  MountPath,
  ScratchPool,
} from '../../app/model/entities'
import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

interface LibraryRow {
  id: number
  name: string
  kind: LibraryKind
  mediaAgentIds: string | null
}

const librarySelect = `
  SELECT l.id, l.name, l.kind,
         (SELECT group_concat(media_agent_id) FROM library_media_agents WHERE library_id = l.id) AS mediaAgentIds
  FROM libraries l`

function toLibrary(row: LibraryRow): Library {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    mediaAgentIds: row.mediaAgentIds === null ? [] : row.mediaAgentIds.split(',').map(Number),
  }
}

/** Storage resources: MediaAgents, libraries, mount paths, drive pools, drives, scratch pools and media. */
export class ResourceRepository {
  private readonly sql: (sql: string) => Statement

  constructor(private readonly db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** Every MediaAgent, by name. */
  mediaAgents(): MediaAgent[] {
    return this
      .sql('SELECT id, name, host_name AS hostName, os FROM media_agents ORDER BY name')
      .all() as MediaAgent[]
  }

  /** One MediaAgent, or undefined. */
  mediaAgent(id: number): MediaAgent | undefined {
    return this.sql('SELECT id, name, host_name AS hostName, os FROM media_agents WHERE id = ?').get(id) as
      | MediaAgent
      | undefined
  }

  /** Adds a MediaAgent. */
  addMediaAgent(input: Omit<MediaAgent, 'id'>): MediaAgent {
    const info = this
      .sql('INSERT INTO media_agents (name, host_name, os) VALUES (?, ?, ?)')
      .run(input.name, input.hostName, input.os)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** Every library, by name. */
  libraries(): Library[] {
    return (this.sql(`${librarySelect} ORDER BY l.name`).all() as LibraryRow[]).map(toLibrary)
  }

  /** One library, or undefined. */
  library(id: number): Library | undefined {
    const row = this.sql(`${librarySelect} WHERE l.id = ?`).get(id) as LibraryRow | undefined
    return row && toLibrary(row)
  }

  /** Adds a library reached by the given MediaAgents. */
  addLibrary(input: { name: string; kind: LibraryKind; mediaAgentIds: readonly number[] }, now: number): Library {
    const info = this
      .sql('INSERT INTO libraries (name, kind, created_at) VALUES (?, ?, ?)')
      .run(input.name, input.kind, now)
    const id = Number(info.lastInsertRowid)
    const link = this.sql('INSERT INTO library_media_agents (library_id, media_agent_id) VALUES (?, ?)')
    for (const mediaAgentId of input.mediaAgentIds) link.run(id, mediaAgentId)
    return { id, name: input.name, kind: input.kind, mediaAgentIds: [...input.mediaAgentIds] }
  }

  /** A disk library's mount paths (all mount paths when no library is given). */
  mountPaths(libraryId?: number): MountPath[] {
    const sql = `SELECT id, library_id AS libraryId, media_agent_id AS mediaAgentId, path FROM mount_paths
                 ${libraryId === undefined ? '' : 'WHERE library_id = ?'} ORDER BY id`
    const statement = this.sql(sql)
    return (libraryId === undefined ? statement.all() : statement.all(libraryId)) as MountPath[]
  }

  /** One mount path, or undefined. */
  mountPath(id: number): MountPath | undefined {
    return this
      .sql('SELECT id, library_id AS libraryId, media_agent_id AS mediaAgentId, path FROM mount_paths WHERE id = ?')
      .get(id) as MountPath | undefined
  }

  /** Adds a mount path folder to a disk library. */
  addMountPath(input: Omit<MountPath, 'id'>): MountPath {
    const info = this
      .sql('INSERT INTO mount_paths (library_id, media_agent_id, path) VALUES (?, ?, ?)')
      .run(input.libraryId, input.mediaAgentId, input.path)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** Drive pools of a library (all when no library is given). */
  drivePools(libraryId?: number): DrivePool[] {
    const sql = `SELECT id, library_id AS libraryId, media_agent_id AS mediaAgentId, name FROM drive_pools
                 ${libraryId === undefined ? '' : 'WHERE library_id = ?'} ORDER BY name`
    const statement = this.sql(sql)
    return (libraryId === undefined ? statement.all() : statement.all(libraryId)) as DrivePool[]
  }

  /** One drive pool, or undefined. */
  drivePool(id: number): DrivePool | undefined {
    return this
      .sql('SELECT id, library_id AS libraryId, media_agent_id AS mediaAgentId, name FROM drive_pools WHERE id = ?')
      .get(id) as DrivePool | undefined
  }

  /** Adds a drive pool. */
  addDrivePool(input: Omit<DrivePool, 'id'>): DrivePool {
    const info = this
      .sql('INSERT INTO drive_pools (library_id, media_agent_id, name) VALUES (?, ?, ?)')
      .run(input.libraryId, input.mediaAgentId, input.name)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** The drives of a drive pool. */
  drives(drivePoolId: number): Drive[] {
    return this
      .sql('SELECT id, drive_pool_id AS drivePoolId, name, serial, job_id AS jobId, barcode FROM drives WHERE drive_pool_id = ? ORDER BY name')
      .all(drivePoolId) as Drive[]
  }

  /** One drive, or undefined. */
  drive(id: number): Drive | undefined {
    return this
      .sql('SELECT id, drive_pool_id AS drivePoolId, name, serial, job_id AS jobId, barcode FROM drives WHERE id = ?')
      .get(id) as Drive | undefined
  }

  /** Adds a drive to a drive pool. */
  addDrive(input: Omit<Drive, 'id' | 'jobId' | 'barcode'>): Drive {
    const info = this
      .sql('INSERT INTO drives (drive_pool_id, name, serial) VALUES (?, ?, ?)')
      .run(input.drivePoolId, input.name, input.serial)
    return { id: Number(info.lastInsertRowid), ...input, jobId: null, barcode: null }
  }

  /** Scratch pools of a library (all when no library is given). */
  scratchPools(libraryId?: number): ScratchPool[] {
    const sql = `SELECT id, library_id AS libraryId, name FROM scratch_pools
                 ${libraryId === undefined ? '' : 'WHERE library_id = ?'} ORDER BY name`
    const statement = this.sql(sql)
    return (libraryId === undefined ? statement.all() : statement.all(libraryId)) as ScratchPool[]
  }

  /** One scratch pool, or undefined. */
  scratchPool(id: number): ScratchPool | undefined {
    return this
      .sql('SELECT id, library_id AS libraryId, name FROM scratch_pools WHERE id = ?')
      .get(id) as ScratchPool | undefined
  }

  /** Adds a scratch pool. */
  addScratchPool(input: Omit<ScratchPool, 'id'>): ScratchPool {
    const info = this
      .sql('INSERT INTO scratch_pools (library_id, name) VALUES (?, ?)')
      .run(input.libraryId, input.name)
    return { id: Number(info.lastInsertRowid), ...input }
  }

  /** The media of a scratch pool, by barcode. */
  media(scratchPoolId: number): Media[] {
    return this
      .sql(
        `SELECT id, library_id AS libraryId, scratch_pool_id AS scratchPoolId, barcode, status,
                capacity_bytes AS capacityBytes, used_bytes AS usedBytes, copy_id AS copyId
         FROM media WHERE scratch_pool_id = ? ORDER BY barcode`,
      )
      .all(scratchPoolId) as Media[]
  }

  /** One medium, or undefined. */
  medium(id: number): Media | undefined {
    return this
      .sql(
        `SELECT id, library_id AS libraryId, scratch_pool_id AS scratchPoolId, barcode, status,
                capacity_bytes AS capacityBytes, used_bytes AS usedBytes, copy_id AS copyId
         FROM media WHERE id = ?`,
      )
      .get(id) as Media | undefined
  }

  /** Adds a blank medium to a scratch pool. */
  addMedia(input: { libraryId: number; scratchPoolId: number; barcode: string; capacityBytes: number; status: MediaStatus }): Media {
    const info = this
      .sql(
        'INSERT INTO media (library_id, scratch_pool_id, barcode, status, capacity_bytes) VALUES (?, ?, ?, ?, ?)',
      )
      .run(input.libraryId, input.scratchPoolId, input.barcode, input.status, input.capacityBytes)
    return { id: Number(info.lastInsertRowid), usedBytes: 0, copyId: null, ...input }
  }
}
