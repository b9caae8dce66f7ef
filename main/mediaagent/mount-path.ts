/** A mount path as a store sees it: there (a folder) or offline, and its space. */
import { stat, statfs } from 'node:fs/promises'
import type { StoreRef, StoreStats } from '../../app/media/media-protocol'
import { MediaError, fsReason } from './media-error'

/** Whether the mount path is there, with its space (`store` is the store on it, for the answer). */
export async function mountPathStats(store: StoreRef, mountPath: string): Promise<StoreStats> {
  try {
    const stats = await stat(mountPath)
    if (!stats.isDirectory()) return { store, online: false, reason: 'the mount path is not a folder', totalBytes: 0, freeBytes: 0 }
    const fs = await statfs(mountPath)
    return { store, online: true, reason: '', totalBytes: fs.blocks * fs.bsize, freeBytes: fs.bavail * fs.bsize }
  } catch (error) {
    return { store, online: false, reason: fsReason(error), totalBytes: 0, freeBytes: 0 }
  }
}

/** Whether the mount path is there (a folder): a missing one is an offline store, to retry later, not missing jobs. */
export function isMountPathOnline(mountPath: string): Promise<boolean> {
  return stat(mountPath).then((stats) => stats.isDirectory(), () => false)
}

/** The failure of a store whose mount path is missing: `targetUnavailable`, so the job waits and retries. */
export function mountPathOffline(mountPath: string): MediaError {
  return new MediaError({ kind: 'targetUnavailable', file: mountPath, errno: 'ENOENT', reason: 'the mount path is offline (missing)' })
}
