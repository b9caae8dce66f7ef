import { defaultSelectivePick, defaultWeekStart, type BackupType, type CopyType, type Library, type PolicyCopy, type SelectiveRule, type StoragePolicy } from '../../app/model/entities'
import type { Catalog } from './catalog'

/**
 * Builders for CommCell contents, used by the demo CommCell and by tests so that both speak one vocabulary.
 * Each writes plain catalog rows; callers wrap them in a transaction.
 */
export class CommCellBuilder {
  constructor(
    private readonly catalog: Catalog,
    private readonly now: number,
  ) {}

  /** A disk library with one mount path reached through a MediaAgent (the MediaAgent creates its folder). */
  diskLibrary(name: string, mediaAgentId: number, mountPath: string): Library {
    const library = this.catalog.resources.addLibrary({ name, kind: 'disk', mediaAgentIds: [mediaAgentId] }, this.now)
    this.catalog.resources.addMountPath({ libraryId: library.id, mediaAgentId, path: mountPath })
    return library
  }

  /** A tape library with one drive pool of `drives` drives and one scratch pool of blank media. */
  tapeLibrary(input: {
    name: string
    mediaAgentId: number
    drivePool: string
    drives: number
    scratchPool: string
    barcodes: readonly string[]
    capacityBytes: number
  }): Library {
    const { resources } = this.catalog
    const library = resources.addLibrary({ name: input.name, kind: 'tape', mediaAgentIds: [input.mediaAgentId] }, this.now)
    const pool = resources.addDrivePool({ libraryId: library.id, mediaAgentId: input.mediaAgentId, name: input.drivePool })
    for (let n = 1; n <= input.drives; n++) {
      resources.addDrive({ drivePoolId: pool.id, name: `Drive ${n}`, serial: `${input.name}-D${String(n).padStart(2, '0')}` })
    }
    this.catalog.tape.setMediaCapacity(library.id, input.capacityBytes)
    const scratch = resources.addScratchPool({ libraryId: library.id, name: input.scratchPool })
    for (const barcode of input.barcodes) {
      resources.addMedia({ libraryId: library.id, scratchPoolId: scratch.id, barcode, status: 'Spare', capacityBytes: input.capacityBytes })
    }
    return library
  }

  /** A storage policy with its primary copy (`Primary`, precedence 1; by default 30 days / 1 cycle, no dedup). */
  storagePolicy(
    name: string,
    primary: { libraryId: number; mediaAgentId: number; drivePoolId?: number; scratchPoolId?: number },
    settings: {
      deviceStreams?: number
      agingEnabled?: boolean
      retentionDays?: number
      retentionCycles?: number
      ddb?: { mediaAgentId: number; path: string; blocks: 'fixed' | 'variable' } | null
    } = {},
  ): { policy: StoragePolicy; primary: PolicyCopy } {
    const policy = this.catalog.policies.addPolicy(
      { name, type: 'iDataAgent Backup', deviceStreams: settings.deviceStreams ?? 50 },
      this.now,
    )
    const copy = this.catalog.policies.addCopy(
      {
        storagePolicyId: policy.id,
        name: 'Primary',
        copyType: 'primary',
        active: true,
        precedence: 1,
        libraryId: primary.libraryId,
        mediaAgentId: primary.mediaAgentId,
        drivePoolId: primary.drivePoolId ?? null,
        scratchPoolId: primary.scratchPoolId ?? null,
        dedup: Boolean(settings.ddb),
        ddbMediaAgentId: settings.ddb?.mediaAgentId ?? null,
        ddbPath: settings.ddb?.path ?? null,
        dedupBlocks: settings.ddb?.blocks ?? null,
        sourceCopyId: null,
        backupsOnAfter: null,
        agingEnabled: settings.agingEnabled ?? true,
        retentionDays: settings.retentionDays ?? 30,
        retentionCycles: settings.retentionCycles ?? 1,
        selective: null,
        deferDays: 0,
        encryption: null,
      },
      this.now,
    )
    return { policy, primary: copy }
  }

  /** A secondary copy with the given settings and the next copy precedence. */
  secondaryCopy(input: {
    policyId: number
    name: string
    sourceCopyId: number
    libraryId: number
    mediaAgentId: number
    copyType?: CopyType
    precedence: number
    /** A selective copy's rule (All Fulls, first full, week from Friday when a selective copy names none). */
    selective?: SelectiveRule
    deferDays?: number
  }): PolicyCopy {
    const copyType = input.selective === undefined ? (input.copyType ?? 'synchronous') : 'selective'
    return this.catalog.policies.addCopy(
      {
        storagePolicyId: input.policyId,
        name: input.name,
        copyType,
        active: true,
        precedence: input.precedence,
        libraryId: input.libraryId,
        mediaAgentId: input.mediaAgentId,
        drivePoolId: null,
        scratchPoolId: null,
        dedup: false,
        ddbMediaAgentId: null,
        ddbPath: null,
        dedupBlocks: null,
        sourceCopyId: input.sourceCopyId,
        backupsOnAfter: null,
        agingEnabled: true,
        retentionDays: 30,
        retentionCycles: 1,
        selective: copyType === 'selective' ? (input.selective ?? { frequency: 'All Fulls', pick: defaultSelectivePick, weekStart: defaultWeekStart }) : null,
        deferDays: input.deferDays ?? 0,
        encryption: null,
      },
      this.now,
    )
  }

  /** A completed backup job, Available on its policy's primary copy (its secondaries derive To Be Copied from that). */
  backupJob(input: {
    subclientId: number
    storagePolicyId: number
    primaryCopyId: number
    backupType: BackupType
    startTime: number
    durationMs: number
    sizeBytes: number
    cycle: number
  }): number {
    const job = this.catalog.jobs.addBackupJob(
      {
        subclientId: input.subclientId,
        storagePolicyId: input.storagePolicyId,
        backupType: input.backupType,
        status: 'Completed',
        startTime: input.startTime,
        endTime: input.startTime + input.durationMs,
        sizeBytes: input.sizeBytes,
        cycle: input.cycle,
      },
      [{ copyId: input.primaryCopyId, status: 'Available' }],
    )
    return job.id
  }
}
