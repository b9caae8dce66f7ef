/**
 * What the Job Manager's planners and the services ask of the MediaAgent about places: the store a copy writes to,
 * references to a job's data, and the checks of client folders (content, destination, DDB path), which run on the
 * MediaAgent since only it touches those folders.
 */
import { join } from 'node:path'
import { ServiceError } from '../../app/ipc/errors'
import type { JobRef, MediumRef, PathGuards, PathPurpose, TapeSegmentRef } from '../../app/media/media-protocol'
import type { PolicyCopy } from '../../app/model/entities'
import { dataPathProblem } from '../../app/rules/data-paths'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { KeyRing } from '../services/key-ring'

/** The labels the dialogs give each kind of client folder. */
const labels: Readonly<Record<PathPurpose, string>> = { content: 'Content', destination: 'Destination folder', ddb: 'DDB path' }

/** The folder holding a tape library's emulated media (a tape image file per barcode), in the data folder. */
export function tapeLibraryFolder(dataDir: string, libraryName: string): string {
  return join(dataDir, 'libraries', libraryName)
}

/** Places, as the CommServe knows them, and their checks on the MediaAgent. */
export class MediaPaths {
  constructor(
    private readonly catalog: Catalog,
    private readonly mediaAgent: MediaAgentClient,
    private readonly dataDir: string,
    /** The copies' keys (none: no copy can be encrypted, e.g. in tests that do not need it). */
    private readonly keys: KeyRing | null = null,
  ) {}

  /** Why a job touching these copies must wait (an encrypted one while the keys are locked), or null. */
  lockedFor(copies: readonly (Pick<PolicyCopy, 'encryption'> | undefined)[]): string | null {
    return this.keys?.lockedFor(copies) ?? null
  }

  /** A job reference with the copy's key for the request that reads or writes it (unchanged for a plain copy). */
  private keyed(copy: Pick<PolicyCopy, 'id' | 'encryption'>, ref: JobRef): JobRef {
    if (copy.encryption === null || this.keys === null) return ref
    return { ...ref, encryption: this.keys.copyKey(copy) }
  }

  /**
   * The reference to write a job to a copy's mount path, with the copy's key when it is encrypted; throws
   * `KeysLockedError` while the keys are locked (planners ask `lockedFor` first and wait).
   */
  writeRef(copy: Pick<PolicyCopy, 'id' | 'storagePolicyId' | 'dedup' | 'encryption'>, jobId: number, mountPathId: number): JobRef {
    return this.keyed(copy, this.ref(copy, jobId, mountPathId))
  }

  /** The console's own data, which client folders keep out of: the data folder, its catalog and libraries, every mount path and DDB. */
  guards(): PathGuards {
    return {
      dataDir: this.dataDir,
      protectedPaths: [
        join(this.dataDir, 'catalog'),
        join(this.dataDir, 'libraries'),
        ...this.catalog.resources.mountPaths().map((mountPath) => mountPath.path),
        ...this.catalog.policies.copies().flatMap((copy) => (copy.ddbPath === null ? [] : [copy.ddbPath])),
      ],
    }
  }

  /**
   * Checks a client folder for its purpose: the pure rules at once, then the MediaAgent's check with symbolic links
   * resolved. Throws `invalid_input` naming `field`; returns the resolved path.
   */
  async check(path: string, purpose: PathPurpose, field: string): Promise<string> {
    const guards = this.guards()
    const problem = dataPathProblem(path, guards, labels[purpose])
    if (problem !== undefined) throw new ServiceError('invalid_input', problem, field)
    const verdict = await this.mediaAgent.request({ kind: 'checkPath', path, purpose, guards }).catch((error: unknown) => {
      throw new ServiceError('unavailable', `The MediaAgent could not check ${labels[purpose]} ${path}: ${error instanceof Error ? error.message : String(error)}`, field)
    })
    if (!verdict.ok) throw new ServiceError('invalid_input', verdict.reason, field)
    return verdict.resolved
  }

  /**
   * The mount path a backup writes to: its primary copy's library's first. Throws `invalid_input` naming `field`
   * for a tape library (backups write to disk libraries; tape holds secondary copies) or a library without a mount path.
   */
  targetMountPath(copy: PolicyCopy, field: string): { readonly id: number; readonly path: string; readonly library: string } {
    const library = this.catalog.resources.library(copy.libraryId)!
    if (library.kind !== 'disk') {
      throw new ServiceError('invalid_input', `${copy.name} is on tape library ${library.name}; backups write to disk libraries (tape holds secondary copies).`, field)
    }
    const mountPath = this.catalog.resources.mountPaths(library.id)[0]
    if (mountPath === undefined) throw new ServiceError('invalid_input', `${library.name} has no mount path.`, field)
    return { id: mountPath.id, path: mountPath.path, library: library.name }
  }

  /** Whether a mount path is there, asked of the MediaAgent; the reason when it is not. */
  async mountPathOffline(mountPathId: number): Promise<string | null> {
    const [stats] = (await this.mediaAgent.request({ kind: 'storeStats', stores: [{ kind: 'disk', mountPathId }] })).stores
    return stats === undefined || stats.online ? null : stats.reason || 'unavailable'
  }

  /**
   * The reference to a job Available on a copy, to read it: in its mount path, or on tape with its segments and
   * their media (either with the copy's key when it is encrypted and the keys are open); null when the copy does not
   * hold it (or the catalog records no data for it there).
   */
  heldOn(copy: PolicyCopy, jobId: number): JobRef | null {
    const location = this.catalog.jobs.location(jobId, copy.id)
    if (location?.status !== 'Available') return null
    let ref: JobRef
    if (location.mountPathId !== null) {
      ref = this.ref(copy, jobId, location.mountPathId)
    } else {
      // On tape: where its segments lie, whatever library the copy writes to now.
      const segments = this.catalog.tape.segments(copy.id, jobId)
      const first = segments[0] && this.catalog.tape.mediumByBarcode(segments[0].barcode)
      if (first === undefined) return null
      ref = this.tapeRef(copy, jobId, first.libraryId, segments)
    }
    return this.lockedFor([copy]) === null ? this.keyed(copy, ref) : ref
  }

  /** Whether a copy is on a tape library. */
  isTape(copy: Pick<PolicyCopy, 'libraryId'>): boolean {
    return this.catalog.resources.library(copy.libraryId)?.kind === 'tape'
  }

  /**
   * A job to write on a tape copy: the segments an earlier run closed (none for a new one, it goes on after them) and
   * their media, with the copy's key when it is encrypted; throws `KeysLockedError` while the keys are locked
   * (planners ask `lockedFor` first and wait).
   */
  onTape(copy: Pick<PolicyCopy, 'id' | 'storagePolicyId' | 'libraryId' | 'encryption'>, jobId: number): JobRef {
    return this.keyed(copy, this.tapeRef(copy, jobId, copy.libraryId, this.catalog.tape.segments(copy.id, jobId)))
  }

  /** A job on a tape library: its segments and the media holding them (capacity and recorded end of data). */
  private tapeRef(copy: Pick<PolicyCopy, 'id' | 'storagePolicyId'>, jobId: number, libraryId: number, segments: TapeSegmentRef[]): JobRef {
    const media: MediumRef[] = [...new Set(segments.map((segment) => segment.barcode))].map((barcode) => {
      const medium = this.catalog.tape.mediumByBarcode(barcode)!
      return { barcode, capacity: medium.capacityBytes, endOfData: medium.endOfData }
    })
    return { store: { kind: 'tape', libraryId }, storagePolicyId: copy.storagePolicyId, copyId: copy.id, jobId, tape: { segments, media } }
  }

  /**
   * The reference to a job's data on a copy, in a mount path: the disk store, or for a deduplicated copy its DDB's
   * store (the DDB is the copy's own, named by the copy's id).
   */
  ref(copy: Pick<PolicyCopy, 'id' | 'storagePolicyId' | 'dedup'>, jobId: number, mountPathId: number): JobRef {
    const store: JobRef['store'] = copy.dedup ? { kind: 'dedup', mountPathId, ddbId: copy.id } : { kind: 'disk', mountPathId }
    return { store, storagePolicyId: copy.storagePolicyId, copyId: copy.id, jobId }
  }
}
