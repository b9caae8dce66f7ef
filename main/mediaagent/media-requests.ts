/**
 * The MediaAgent's short requests (`request` → `reply`): client folder checks, DDB and mount path folders, store
 * space, prunes, the demo's history. Each answers from the stores it is given; runs are `media-agent.ts`'s.
 */
import { mkdir, rm, rmdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { MediaReplyValue, MediaRequest } from '../../app/media/media-protocol'
import { assertNever } from '../../app/model/assert'
import { containersFolder } from './dedup/container'
import { ddbFileName } from './dedup/ddb'
import { fillDemoHistory } from './demo-history'
import type { Stores } from './disk-store'
import { jobFolderPath } from './job-folder'
import { MediaError, fsReason } from './media-error'
import { checkPath, createDdb, removeDdb, restoreDestination } from './path-checks'
import { planRestore } from './restore'

/** Carries out one request against the MediaAgent's stores; throws when it cannot be carried out at all. */
export async function carryOut(stores: Stores, request: MediaRequest): Promise<MediaReplyValue> {
  switch (request.kind) {
    case 'checkPath': {
      const verdict = await checkPath(request.path, request.purpose, request.guards)
      return { kind: 'checkPath', ...verdict }
    }
    case 'checkRestore': {
      const verdict = await restoreDestination(request.destination, request.selection, request.guards)
      if (!verdict.ok) return { kind: 'checkRestore', ok: false, reason: verdict.reason }
      try {
        const readers = await Promise.all(request.chain.map((ref) => stores.store(ref.store).openJob(ref)))
        planRestore(readers, verdict.resolved, [...request.guards.protectedPaths, ...stores.folders()], request.selection.paths)
        return { kind: 'checkRestore', ok: true, reason: '' }
      } catch (error) {
        if (!(error instanceof MediaError)) throw error
        const { failure } = error
        return { kind: 'checkRestore', ok: false, reason: failure.file ? `${failure.reason}: ${failure.file}` : failure.reason }
      }
    }
    case 'jobIndex': {
      const { manifest } = await stores.store(request.ref.store).openJob(request.ref)
      return {
        kind: 'jobIndex',
        files: manifest.files.map(({ path, size, mode, mtimeMs }) => ({ path, size, mode, mtimeMs })),
        symlinks: [...manifest.symlinks],
        directories: [...manifest.directories],
        unchanged: [...manifest.unchanged],
      }
    }
    case 'createDdb':
      return { kind: 'createDdb', ...(await createDdb(request.path, request.guards)) }
    case 'removeDdb':
      return { kind: 'removeDdb', removed: await removeDdb(request.path) }
    case 'createMountPath': {
      try {
        await mkdir(stores.mountPathOf(request.mountPathId), { recursive: true })
        return { kind: 'createMountPath', ok: true, reason: '' }
      } catch (error) {
        return { kind: 'createMountPath', ok: false, reason: error instanceof Error ? error.message : String(error) }
      }
    }
    case 'storeStats':
      return { kind: 'storeStats', stores: await Promise.all(request.stores.map((ref) => stores.store(ref).stats())) }
    case 'prune': {
      let removed = 0
      for (const ref of request.refs) if (await stores.store(ref.store).prune(ref)) removed += 1
      return { kind: 'prune', removed }
    }
    case 'removeCopyData':
      return { kind: 'removeCopyData', left: await removeCopyData(stores, request) }
    case 'ddbStats': {
      const store = stores.dedupStore(request.ddbId)
      return { kind: 'ddbStats', stats: store.ddb.stats() }
    }
    case 'demoHistory':
      return { kind: 'demoHistory', jobs: await fillDemoHistory(stores, request.subclients) }
    default:
      return assertNever(request, 'media request')
  }
}

/**
 * Removes a deleted copy's data: its job folders on each mount path (`CV_JOBS/SP<policy>_C<copy>`), and for a
 * deduplicated copy its store there (`CV_DEDUP/D<ddb>`: containers, recipes, manifests) and its DDB (closed first;
 * the DDB files go, then the folder if nothing else is in it). Resolves what could not be removed, with the reason.
 */
async function removeCopyData(stores: Stores, request: Extract<MediaRequest, { kind: 'removeCopyData' }>): Promise<string[]> {
  const left: string[] = []
  const remove = async (path: string) => {
    await rm(path, { recursive: true, force: true }).catch((error: unknown) => left.push(`${path}: ${fsReason(error)}`))
  }
  for (const mountPathId of request.mountPathIds) {
    let mountPath: string
    try {
      mountPath = stores.mountPathOf(mountPathId)
    } catch {
      left.push(`mount path ${mountPathId}: not configured on this MediaAgent`)
      continue
    }
    await remove(dirname(jobFolderPath(mountPath, request.storagePolicyId, request.copyId, 1)))
    if (request.ddb !== null) await remove(dirname(containersFolder(mountPath, request.ddb.id)))
  }
  if (request.ddb !== null) {
    stores.forgetDdb(request.ddb.id)
    for (const name of [ddbFileName, `${ddbFileName}-wal`, `${ddbFileName}-shm`]) await remove(join(request.ddb.path, name))
    // The folder was empty or new when the copy was created; anything else someone put there stays.
    await rmdir(request.ddb.path).catch(() => undefined)
  }
  return left
}
