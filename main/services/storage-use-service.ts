/**
 * A library's storage use for its chart (`libraries:usage`): a disk library's mount paths with their used and free
 * space, asked of the MediaAgent (the main thread never calls the file system on a library folder), and its
 * deduplicated copies' application size against data written, from their DDBs; a tape library's media by state.
 */
import { notFound } from '../../app/ipc/errors'
import { mountPathOf } from '../../app/media/media-protocol'
import { MediaStatus } from '../../app/model/entities'
import type { LibraryUsage, MountPathSpace } from '../../app/model/storage-use'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { CopyDataService } from './copy-data-service'

/** A mount path's space as its MediaAgent reports it: free and total bytes, or why it is offline. */
export type MountPathState = { readonly online: true; readonly free: number; readonly total: number } | { readonly online: false; readonly reason: string }

/** The space of mount paths, in one request to the MediaAgent. */
export async function mountPathStates(mediaAgent: MediaAgentClient, mountPathIds: readonly number[]): Promise<Map<number, MountPathState>> {
  if (mountPathIds.length === 0) return new Map()
  const { stores } = await mediaAgent.request({ kind: 'storeStats', stores: mountPathIds.map((mountPathId) => ({ kind: 'disk' as const, mountPathId })) })
  return new Map(
    stores.flatMap((stats): [number, MountPathState][] => {
      const id = mountPathOf(stats.store)
      if (id === null) return []
      return [[id, stats.online ? { online: true, free: stats.freeBytes, total: stats.totalBytes } : { online: false, reason: stats.reason }]]
    }),
  )
}

/** Libraries' storage use. */
export class StorageUseService {
  constructor(
    private readonly catalog: Catalog,
    private readonly mediaAgent: MediaAgentClient,
    private readonly copyData: CopyDataService,
  ) {}

  /** A library's storage use; one request to the MediaAgent for the space and one per deduplicated copy's DDB, at once. */
  async usage(libraryId: number): Promise<LibraryUsage> {
    const library = this.catalog.resources.library(libraryId)
    if (library === undefined) throw notFound(`Library ${libraryId}`, 'libraryId')
    if (library.kind === 'tape') {
      const found = new Map(this.catalog.tape.mediaByStatus(libraryId).map((row) => [row.status, row]))
      // Every state in the product's order, those without media as zero, so the chart and its figures list them all.
      const media = MediaStatus.options.map((status) => found.get(status) ?? { status, media: 0, usedBytes: 0, capacityBytes: 0 })
      return { kind: 'tape', library: library.name, media }
    }
    const mountPaths = this.catalog.resources.mountPaths(libraryId)
    const dedupCopies = this.catalog.policies.copies().filter((copy) => copy.libraryId === libraryId && copy.dedup)
    const [states, details] = await Promise.all([
      mountPathStates(this.mediaAgent, mountPaths.map((mountPath) => mountPath.id)),
      Promise.all(dedupCopies.map((copy) => this.copyData.dedupDetails(copy.id))),
    ])
    return {
      kind: 'disk',
      library: library.name,
      mountPaths: mountPaths.map((mountPath): MountPathSpace => {
        const state = states.get(mountPath.id) ?? { online: false, reason: 'The MediaAgent did not report it.' }
        return state.online
          ? { mountPathId: mountPath.id, path: mountPath.path, usedBytes: Math.max(0, state.total - state.free), freeBytes: state.free, totalBytes: state.total, offlineReason: '' }
          : { mountPathId: mountPath.id, path: mountPath.path, usedBytes: null, freeBytes: null, totalBytes: null, offlineReason: state.reason }
      }),
      dedupCopies: dedupCopies.map((copy, index) => ({
        copyId: copy.id,
        copy: `${this.catalog.policies.policy(copy.storagePolicyId)?.name ?? ''} / ${copy.name}`,
        figures: details[index]!.figures,
        reason: details[index]!.reason,
      })),
    }
  }
}
