import { ServiceError, notFound } from '../../app/ipc/errors'
import type { BackupPeriodCheck, CopyDetails, CopyFormData, PolicyFormData } from '../../app/model/copy-forms'
import type { CreateCopyInput, CreatePolicyInput, DdbLocation, UpdateCopyInput } from '../../app/model/copy-input'
import { alertOff } from '../../app/model/alerts'
import type { PolicyCopy } from '../../app/model/entities'
import { nodeId } from '../../app/model/tree'
import { autocopyOptions, autocopyPattern } from '../../app/model/schedule'
import { backupPeriodPrompt, backupPeriodQuestion } from '../../app/rules/backup-period'
import { copyFormProblems, dataPathProblems, dedupProblems, policyNameProblem, type Choice, type FieldProblems, type LibraryChoice } from '../../app/rules/copy-form'
import { fallenBehindProblems } from '../../app/rules/fallen-behind'
import { defaultCopyName } from '../../app/rules/copy-name'
import { selectiveChangeProblem, selectiveRuleText } from '../../app/rules/selective-copy'
import { encryptionProblem, keysLockedReason, passphraseConfirmProblem } from '../../app/rules/copy-encryption'
import type { Catalog } from '../catalog/catalog'
import { CommCellBuilder } from '../catalog/commcell-builder'
import { localTimeZone } from '../catalog/demo-commcell'
import type { Clock } from '../clock'
import type { EventBus } from '../event-bus'
import type { MediaPaths } from '../jobs/media-paths'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import type { AlertService } from './alert-service'
import type { EventService } from './event-service'
import type { KeyRing } from './key-ring'

/** Throws the first problem of a form as a field error (the same message the dialog shows beside that field). */
function refuse(problems: FieldProblems): void {
  const [field, message] = Object.entries(problems)[0] ?? []
  if (field !== undefined && message !== undefined) throw new ServiceError('invalid_input', message, field)
}

/** Start of the local day of an epoch time, for Backups On and After (a date, not a time). */
function startOfDay(time: number): number {
  const date = new Date(time)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}

/**
 * Create New Copy, Copy Properties, Delete, and New Storage Policy: every rule of the seed page, checked here the
 * same way the dialogs check it, and written in one transaction so nothing half-created is ever left.
 */
export class CopyService {
  constructor(
    private readonly catalog: Catalog,
    private readonly bus: EventBus,
    private readonly events: EventService,
    private readonly clock: Clock,
    private readonly paths: MediaPaths,
    private readonly mediaAgent: MediaAgentClient,
    /** Whether an auxiliary copy is writing a copy now (a copy being written is not deleted under it). */
    private readonly isBeingWritten: (copyId: number) => boolean = () => false,
    /** The fallen-behind alert: evaluated when a copy's settings are saved, cleared when it is deleted. */
    private readonly alerts?: AlertService,
    /** The copies' keys (Re-encrypt data); without one, encryption is refused. */
    private readonly keys?: KeyRing,
  ) {}

  /**
   * Checks Re-encrypt data as wanted on a copy, and readies the key-encryption key the new key is sealed with: the
   * unlocked one, or, with the first encrypted copy, one derived from the passphrase given with it (`commit` records
   * it in the copy's transaction). Throws `invalid_input` naming `encryption`, `passphrase` or `passphraseConfirm`.
   */
  private async encryptionFor(
    target: { readonly name: string; readonly primary: boolean; readonly dedup: boolean; readonly copiedJobs: number },
    input: Pick<CreateCopyInput, 'encryption' | 'passphrase' | 'passphraseConfirm'>,
    current: PolicyCopy['encryption'] | undefined,
  ): Promise<{ readonly wanted: PolicyCopy['encryption']; readonly kek: Buffer | null; commit(): void } | null> {
    const wanted = input.encryption === undefined ? (current ?? null) : input.encryption
    const problem = encryptionProblem(target, wanted !== null, current === undefined ? null : current !== null)
    if (problem !== undefined) throw new ServiceError('invalid_input', problem, 'encryption')
    if (wanted === null || wanted === current) return null
    if (this.keys === undefined) throw new ServiceError('invalid_input', 'This CommServe holds no keys: Re-encrypt data is not available.', 'encryption')
    switch (this.keys.state()) {
      case 'unlocked':
        return { wanted, kek: null, commit: () => undefined }
      case 'locked':
        throw new ServiceError('invalid_input', `${keysLockedReason} before choosing Re-encrypt data.`, 'encryption')
      case 'none': {
        const passphrase = input.passphrase ?? ''
        if (passphrase === '') throw new ServiceError('invalid_input', 'Set the CommServe passphrase: it protects the keys of encrypted copies.', 'passphrase')
        const mismatch = passphraseConfirmProblem(passphrase, input.passphraseConfirm ?? '')
        if (mismatch !== undefined) throw new ServiceError('invalid_input', mismatch, 'passphraseConfirm')
        const prepared = await this.keys.preparePassphrase(passphrase, 'passphrase')
        return { wanted, kek: prepared.kek, commit: () => prepared.commit() }
      }
    }
  }

  /** Libraries with the MediaAgents, drive pools and scratch pools that go with each. */
  libraryChoices(): LibraryChoice[] {
    const { resources } = this.catalog
    const agents = new Map(resources.mediaAgents().map((agent) => [agent.id, agent.name]))
    return resources.libraries().map((library) => ({
      id: library.id,
      name: library.name,
      kind: library.kind,
      mediaAgents: library.mediaAgentIds.map((id) => ({ id, name: agents.get(id) ?? '' })),
      drivePools: resources.drivePools(library.id).map(({ id, name }) => ({ id, name })),
      scratchPools: resources.scratchPools(library.id).map(({ id, name }) => ({ id, name })),
    }))
  }

  private mediaAgentChoices(): Choice[] {
    return this.catalog.resources.mediaAgents().map(({ id, name }) => ({ id, name }))
  }

  private policyOrThrow(storagePolicyId: number) {
    const policy = this.catalog.policies.policy(storagePolicyId)
    if (policy === undefined) throw notFound(`Storage policy ${storagePolicyId}`, 'storagePolicyId')
    return policy
  }

  private copyOrThrow(copyId: number, field = 'copyId'): PolicyCopy {
    const copy = this.catalog.policies.copy(copyId)
    if (copy === undefined) throw notFound(`Copy ${copyId}`, field)
    return copy
  }

  /** What the Copy Properties dialog needs to create a copy in a policy. */
  form(storagePolicyId: number): CopyFormData {
    const policy = this.policyOrThrow(storagePolicyId)
    const copies = this.catalog.policies.copies(policy.id)
    const commCell = this.catalog.commCell()!
    return {
      storagePolicyId: policy.id,
      policyName: policy.name,
      suggestedName: defaultCopyName(copies.map((copy) => copy.name)),
      copies: copies.map(({ id, name, copyType, libraryId }) => ({ id, name, copyType, libraryId })),
      primaryLibraryId: copies.find((copy) => copy.copyType === 'primary')?.libraryId ?? null,
      libraries: this.libraryChoices(),
      mediaAgents: this.mediaAgentChoices(),
      installKind: commCell.installKind,
      keyState: this.keys?.state() ?? 'none',
      autocopyPolicy: commCell.installKind === 'new' ? this.catalog.schedules.systemSchedulePolicy()?.name ?? null : null,
      allCopiesSchedules: this.catalog.schedules.schedulesOfStoragePolicy(policy.id).filter((s) => s.allCopies).map((s) => s.name),
      defaultAuxCopySchedule: {
        name: `${policy.name} auxiliary copy schedule`,
        pattern: autocopyPattern(localTimeZone()),
        options: autocopyOptions,
      },
      now: this.clock.now(),
    }
  }

  /** The 14-day / 10-TB check on a source copy: one index seek and one row look-up. */
  check(sourceCopyId: number): BackupPeriodCheck {
    this.copyOrThrow(sourceCopyId, 'sourceCopyId')
    const data = this.catalog.jobs.sourceCopyData(sourceCopyId)
    const prompt = backupPeriodPrompt(data, this.clock.now())
    return {
      ...data,
      olderThan14Days: prompt?.olderThan14Days ?? false,
      moreThan10TB: prompt?.moreThan10TB ?? false,
      question: prompt === undefined ? null : backupPeriodQuestion(prompt),
    }
  }

  /** An existing copy with the schedules it is associated with. */
  details(copyId: number): CopyDetails {
    const copy = this.copyOrThrow(copyId)
    return {
      ...copy,
      schedules: this.catalog.schedules.scheduleNamesOfCopy(copy.id, copy.storagePolicyId),
      copiedJobs: this.catalog.policies.copiedJobs(copy.id),
      fallenBehindAlert: this.catalog.alerts.settings(copy.id),
    }
  }

  /** Creates a secondary copy, whole or not at all (see the seed page for every rule). */
  async create(input: CreateCopyInput): Promise<CopyDetails> {
    const policy = this.policyOrThrow(input.storagePolicyId)
    const copies = this.catalog.policies.copies(policy.id)
    const now = this.clock.now()
    const backupPeriod = input.backupPeriod.kind === 'onAndAfter'
      ? { kind: 'onAndAfter' as const, date: startOfDay(input.backupPeriod.date) }
      : input.backupPeriod
    refuse(
      copyFormProblems(
        { ...input, backupPeriod },
        {
          otherCopyNames: copies.map((copy) => copy.name),
          libraries: this.libraryChoices(),
          mediaAgents: this.mediaAgentChoices(),
          sourceCopies: copies,
          now,
          primary: false,
        },
      ),
    )
    const fallenBehindAlert = input.fallenBehindAlert ?? alertOff
    refuse(fallenBehindProblems(fallenBehindAlert))
    // The product's questions on OK, in its order: the 14-day / 10-TB one (the dialog shows this conflict's message
    // as the question), then, on an upgraded CommCell, the Auxiliary Copy Schedule to accept.
    if (backupPeriod.kind === 'allBackups' && !input.confirmAllBackups) {
      const check = this.check(input.sourceCopyId)
      if (check.question !== null) throw new ServiceError('conflict', check.question, 'backupPeriod')
    }
    const commCell = this.catalog.commCell()!
    if (commCell.installKind === 'upgraded' && input.auxCopySchedule === null) {
      throw new ServiceError('invalid_input', 'This CommCell was upgraded: accept the schedule in the Auxiliary Copy Schedule dialog.', 'auxCopySchedule')
    }
    if (commCell.installKind === 'new' && input.auxCopySchedule !== null) {
      throw new ServiceError('invalid_input', 'New copies on this CommCell join the System Created Autocopy schedule; no schedule is needed.', 'auxCopySchedule')
    }
    const selective = input.selective ?? null
    const encryption = await this.encryptionFor(
      { name: input.name.trim(), primary: false, dedup: input.dedup !== null, copiedJobs: 0 },
      input,
      undefined,
    )
    const ddb = await this.prepareDdb(input.dedup)
    try {
      const created = this.catalog.transaction(() => {
        const copy = this.catalog.policies.addCopy(
          {
            storagePolicyId: policy.id,
            name: input.name.trim(),
            copyType: selective === null ? 'synchronous' : 'selective',
            active: input.active,
            precedence: this.catalog.policies.nextPrecedence(policy.id),
            libraryId: input.libraryId,
            mediaAgentId: input.mediaAgentId,
            drivePoolId: input.drivePoolId,
            scratchPoolId: input.scratchPoolId,
            dedup: input.dedup !== null,
            ddbMediaAgentId: input.dedup?.mediaAgentId ?? null,
            ddbPath: ddb?.path ?? null,
            dedupBlocks: input.dedup?.blocks ?? null,
            sourceCopyId: input.sourceCopyId,
            backupsOnAfter: backupPeriod.kind === 'onAndAfter' ? backupPeriod.date : null,
            agingEnabled: input.agingEnabled,
            retentionDays: input.retentionDays,
            retentionCycles: input.retentionCycles,
            selective,
            deferDays: input.deferDays ?? 0,
            encryption: null,
          },
          now,
        )
        if (encryption !== null) {
          encryption.commit()
          this.catalog.policies.setEncryption(copy.id, encryption.wanted, this.keys!.sealNewKey(copy.id, encryption.kek))
        }
        this.catalog.alerts.setSettings(copy.id, fallenBehindAlert)
        // A new copy holds no job state yet, so every admitted job of the source is To Be Copied for it (of a
        // selective copy: the fulls its rule selects).
        const admitted = selective === null
          ? this.catalog.jobs.availableSince(input.sourceCopyId, copy.backupsOnAfter)
          : (this.catalog.jobs.copyStatusCounts(copy).get('To Be Copied') ?? 0)
        const schedulePolicyIds = this.associateSchedules(copy, input)
        return { copy, admitted, schedulePolicyIds }
      })
      const details = this.details(created.copy.id)
      // The MediaAgent learns of the new copy's DDB.
      if (details.dedup) this.mediaAgent.reconfigure()
      const sourceName = copies.find((copy) => copy.id === input.sourceCopyId)?.name ?? ''
      this.events.record({
        severity: 'Information',
        program: 'Storage Policy',
        description:
          `Copy ${details.name} created in storage policy ${policy.name} (source ${sourceName}, ` +
          `${backupPeriod.kind === 'allBackups' ? 'All Backups' : `Backups On and After ${new Date(backupPeriod.date).toLocaleDateString()}`}` +
          `${selective === null ? '' : `, Selective Copy: ${selectiveRuleText(selective)}`}` +
          `${details.deferDays > 0 ? `, Defer Auxiliary Copy for ${details.deferDays} days` : ''}` +
          `${details.encryption === null ? '' : `, Re-encrypt data with ${details.encryption}`}); ` +
          `${created.admitted} ${created.admitted === 1 ? 'job is' : 'jobs are'} To Be Copied. ` +
          (details.schedules.length > 0 ? `Associated with ${details.schedules.join(', ')}.` : 'No schedule is associated.'),
      })
      this.bus.emit('tree:changed', {
        nodeIds: [nodeId('storagePolicy', policy.id), 'storagePolicies', 'schedulePolicies',
          ...created.schedulePolicyIds.map((id) => nodeId('schedulePolicy', id))],
      })
      // A copy created behind already (All Backups of an old source) raises its alert at once.
      if (fallenBehindAlert.enabled) this.alerts?.evaluate({ copyId: details.id })
      return details
    } catch (error) {
      await ddb?.undo()
      throw error
    }
  }

  /** Joins the schedules the seed page names; returns the schedule policies that gained an association. */
  private associateSchedules(copy: PolicyCopy, input: CreateCopyInput): number[] {
    const { schedules } = this.catalog
    const touched: number[] = []
    const autocopy = this.catalog.commCell()!.installKind === 'new' ? schedules.systemSchedulePolicy() : undefined
    if (autocopy !== undefined) {
      schedules.addAssociation({ schedulePolicyId: autocopy.id, scheduleId: null, storagePolicyId: null, copyId: copy.id })
      touched.push(autocopy.id)
    }
    // Storage-policy schedules made with All Copies cover new copies through their policy (scheduleNamesOfCopy
    // lists them); an explicit association records that this copy joined.
    for (const schedule of schedules.schedulesOfStoragePolicy(copy.storagePolicyId)) {
      if (schedule.allCopies) schedules.addAssociation({ schedulePolicyId: null, scheduleId: schedule.id, storagePolicyId: null, copyId: copy.id })
    }
    if (input.auxCopySchedule !== null) {
      const schedule = schedules.addSchedule({
        schedulePolicyId: null,
        storagePolicyId: copy.storagePolicyId,
        name: input.auxCopySchedule.name,
        pattern: input.auxCopySchedule.pattern,
        options: input.auxCopySchedule.options,
        allCopies: false,
      })
      schedules.addAssociation({ schedulePolicyId: null, scheduleId: schedule.id, storagePolicyId: null, copyId: copy.id })
    }
    return touched
  }

  /**
   * Checks a DDB location (not in use by another copy, not in the console's catalog, libraries or mount paths, not a
   * pseudo file system, an empty or new folder) and has the MediaAgent create its folder; `undo` removes the folder
   * again if this call made it.
   */
  private async prepareDdb(dedup: DdbLocation | null): Promise<{ path: string; undo(): Promise<void> } | undefined> {
    if (dedup === null) return undefined
    const path = dedup.path
    const owner = this.catalog.policies.copiesWithDdbPath(path)[0]
    if (owner !== undefined) {
      const policy = this.catalog.policies.policy(owner.storagePolicyId)
      throw new ServiceError('conflict', `DDB path is already used by ${policy?.name ?? ''} / ${owner.name}; choose another folder.`, 'dedup.path')
    }
    await this.paths.check(path, 'ddb', 'dedup.path')
    const made = await this.mediaAgent.request({ kind: 'createDdb', path, guards: this.paths.guards() })
    if (!made.ok) throw new ServiceError('invalid_input', made.reason, 'dedup.path')
    return {
      path,
      undo: async () => {
        if (made.created) await this.mediaAgent.request({ kind: 'removeDdb', path }).catch(() => undefined)
      },
    }
  }

  /** Saves Copy Properties of an existing copy. */
  async update(input: UpdateCopyInput): Promise<CopyDetails> {
    const copy = this.copyOrThrow(input.copyId)
    if (input.dedup !== undefined && input.dedup !== copy.dedup) {
      throw new ServiceError(
        'invalid_input',
        'Deduplication cannot be changed after the copy is created; it can be enabled only when the copy is created.',
        'dedup',
      )
    }
    const library = this.catalog.resources.library(input.libraryId)
    if (copy.dedup && library?.kind === 'tape') {
      throw new ServiceError('invalid_input', 'A deduplicated copy stays on a disk library; choose a disk library.', 'libraryId')
    }
    const isPrimary = copy.copyType === 'primary'
    if (isPrimary && !input.active) throw new ServiceError('invalid_input', 'The primary copy is always active.', 'active')
    if (isPrimary && input.backupPeriod.kind !== 'allBackups') {
      throw new ServiceError('invalid_input', 'The primary copy takes every backup; Backups On and After applies to secondary copies.', 'backupPeriod')
    }
    const selective = input.selective === undefined ? copy.selective : input.selective
    if ((selective === null) !== (copy.selective === null)) {
      const problem = selectiveChangeProblem({ name: copy.name, primary: isPrimary, copiedJobs: this.catalog.policies.copiedJobs(copy.id) })
      if (problem !== undefined) throw new ServiceError('invalid_input', problem, 'selective')
    }
    const deferDays = input.deferDays === undefined ? copy.deferDays : (input.deferDays ?? 0)
    if (isPrimary && deferDays > 0) {
      throw new ServiceError('invalid_input', 'The primary copy takes every backup as it runs; Defer Auxiliary Copy applies to secondary copies.', 'deferDays')
    }
    const siblings = this.catalog.policies.copies(copy.storagePolicyId).filter((other) => other.id !== copy.id)
    const backupPeriod = input.backupPeriod.kind === 'onAndAfter'
      ? { kind: 'onAndAfter' as const, date: startOfDay(input.backupPeriod.date) }
      : input.backupPeriod
    refuse(
      copyFormProblems(
        { ...input, dedup: null, sourceCopyId: copy.sourceCopyId ?? 0, backupPeriod },
        {
          otherCopyNames: siblings.map((other) => other.name),
          libraries: this.libraryChoices(),
          mediaAgents: this.mediaAgentChoices(),
          sourceCopies: copy.sourceCopyId === null ? [{ id: 0, name: '' }] : siblings,
          now: this.clock.now(),
          primary: isPrimary,
        },
      ),
    )
    const fallenBehindAlert = input.fallenBehindAlert ?? this.catalog.alerts.settings(copy.id)
    if (isPrimary && fallenBehindAlert.enabled) {
      throw new ServiceError('invalid_input', 'The Auxiliary Copy Fallen Behind Alert applies to secondary copies; the primary copy takes backups.', 'fallenBehindAlert')
    }
    refuse(fallenBehindProblems(fallenBehindAlert))
    const encryption = await this.encryptionFor(
      { name: copy.name, primary: isPrimary, dedup: copy.dedup, copiedJobs: this.catalog.policies.copiedJobs(copy.id) },
      input,
      copy.encryption,
    )
    const encryptionOff = input.encryption === null && copy.encryption !== null
    const backupsOnAfter = backupPeriod.kind === 'onAndAfter' ? backupPeriod.date : null
    const updated: PolicyCopy = {
      ...copy,
      name: input.name.trim(),
      active: input.active,
      libraryId: input.libraryId,
      mediaAgentId: input.mediaAgentId,
      drivePoolId: input.drivePoolId,
      scratchPoolId: input.scratchPoolId,
      backupsOnAfter,
      agingEnabled: input.agingEnabled,
      retentionDays: input.retentionDays,
      retentionCycles: input.retentionCycles,
      copyType: isPrimary ? 'primary' : selective === null ? 'synchronous' : 'selective',
      selective,
      deferDays,
    }
    // Which jobs are To Be Copied follows from the new date and selective rule at once (it is derived, not stored).
    this.catalog.transaction(() => {
      this.catalog.policies.updateCopy(updated)
      this.catalog.alerts.setSettings(copy.id, fallenBehindAlert)
      if (encryption !== null) {
        encryption.commit()
        this.catalog.policies.setEncryption(copy.id, encryption.wanted, this.keys!.sealNewKey(copy.id, encryption.kek))
      } else if (encryptionOff) {
        this.catalog.policies.setEncryption(copy.id, null, null)
      }
    })
    const policy = this.catalog.policies.policy(copy.storagePolicyId)!
    this.events.record({ severity: 'Information', program: 'Storage Policy', description: `Copy Properties of ${policy.name} / ${updated.name} saved.` })
    // The copy's own view (its data paths: library, MediaAgent) shows the change too, not only its policy's list.
    this.bus.emit('tree:changed', { nodeIds: [nodeId('storagePolicy', policy.id), 'storagePolicies', nodeId('copy', copy.id)] })
    // New thresholds, a new date, or the alert turned off: raised or cleared now, not at the next tick.
    this.alerts?.evaluate({ copyId: copy.id })
    return this.details(copy.id)
  }

  /**
   * Deletes a secondary copy (never the primary, nor a copy another copy takes its data from, nor one a job is using)
   * and then its data: its job folders on every mount path it used and, deduplicated, its containers and its DDB. The
   * catalog forgets the copy first, so no job is ever listed on data that is going; what the MediaAgent could not
   * remove is recorded in the Event Viewer.
   */
  async delete(copyId: number): Promise<{ deleted: true }> {
    const copy = this.copyOrThrow(copyId)
    if (copy.copyType === 'primary') throw new ServiceError('invalid_input', 'The primary copy cannot be deleted.', 'copyId')
    const dependent = this.catalog.policies.copiesSourcedFrom(copy.id)[0]
    if (dependent !== undefined) {
      throw new ServiceError('conflict', `${copy.name} is the source copy of ${dependent.name}; change that copy's source first.`, 'copyId')
    }
    if (this.isBeingWritten(copy.id)) {
      throw new ServiceError('conflict', `${copy.name} is being written by an auxiliary copy; kill that job or let it finish first.`, 'copyId')
    }
    const reading = this.catalog.jobs
      .activeJobsOfPolicy(copy.storagePolicyId)
      .find((active) => active.operation !== 'Backup' && active.operation !== 'Auxiliary Copy' && active.copyId === copy.id)
    if (reading !== undefined) throw new ServiceError('conflict', `Job ${reading.id} (${reading.operation}) is reading ${copy.name}; delete after it ends.`, 'copyId')
    const policy = this.catalog.policies.policy(copy.storagePolicyId)!
    const mountPathIds = [
      ...new Set([...this.catalog.jobs.mountPathsOfCopy(copy.id), ...this.catalog.resources.mountPaths(copy.libraryId).map((mountPath) => mountPath.id)]),
    ]
    const ddb = copy.dedup && copy.ddbPath !== null ? { id: copy.id, path: copy.ddbPath } : null
    const openAlert = this.catalog.alerts.openOf(copy.id)
    this.catalog.transaction(() => {
      // Its tape media go back to their scratch pools, blank: their data was the copy's alone.
      this.catalog.tape.freeMediaOfCopy(copy.id)
      this.catalog.policies.deleteCopy(copy.id)
    })
    this.events.record({ severity: 'Information', program: 'Storage Policy', description: `Copy ${copy.name} deleted from storage policy ${policy.name}.` })
    this.bus.emit('tree:changed', { nodeIds: [nodeId('storagePolicy', policy.id), 'storagePolicies', 'schedulePolicies'] })
    this.alerts?.copyDeleted(openAlert)
    const leftBehind = (what: string) =>
      this.events.record({ severity: 'Minor', program: 'Storage Policy', description: `Copy ${copy.name} of storage policy ${policy.name} was deleted, but its data could not all be removed: ${what}` })
    try {
      const { left } = await this.mediaAgent.request({ kind: 'removeCopyData', storagePolicyId: policy.id, copyId: copy.id, mountPathIds, ddb })
      if (left.length > 0) leftBehind(left.join('; '))
    } catch (error) {
      leftBehind(error instanceof Error ? error.message : String(error))
    }
    return { deleted: true }
  }

  /** What the New Storage Policy wizard needs. */
  policyForm(): PolicyFormData {
    return { libraries: this.libraryChoices(), mediaAgents: this.mediaAgentChoices() }
  }

  /** New Storage Policy: the policy and its primary copy, whole or not at all. */
  async createPolicy(input: CreatePolicyInput): Promise<{ storagePolicyId: number; nodeId: string }> {
    const nameProblem = policyNameProblem(input.name, this.catalog.policies.policies().map((policy) => policy.name))
    const libraries = this.libraryChoices()
    refuse({
      ...(nameProblem === undefined ? {} : { name: nameProblem }),
      ...dataPathProblems(input, libraries, 'primary'),
      ...dedupProblems(input.dedup, libraries.find((library) => library.id === input.libraryId), this.mediaAgentChoices()),
    })
    const ddb = await this.prepareDdb(input.dedup)
    const now = this.clock.now()
    try {
      const policy = this.catalog.transaction(() => {
        const build = new CommCellBuilder(this.catalog, now)
        const { policy } = build.storagePolicy(
          input.name.trim(),
          {
            libraryId: input.libraryId,
            mediaAgentId: input.mediaAgentId,
            ...(input.drivePoolId === null ? {} : { drivePoolId: input.drivePoolId }),
            ...(input.scratchPoolId === null ? {} : { scratchPoolId: input.scratchPoolId }),
          },
          {
            deviceStreams: input.deviceStreams,
            agingEnabled: input.agingEnabled,
            retentionDays: input.retentionDays,
            retentionCycles: input.retentionCycles,
            ddb: input.dedup === null ? null : { mediaAgentId: input.dedup.mediaAgentId, path: input.dedup.path, blocks: input.dedup.blocks },
          },
        )
        return policy
      })
      if (input.dedup !== null) this.mediaAgent.reconfigure()
      this.events.record({ severity: 'Information', program: 'Storage Policy', description: `Storage policy ${policy.name} created with its Primary copy.` })
      this.bus.emit('tree:changed', { nodeIds: ['storagePolicies', 'policies'] })
      return { storagePolicyId: policy.id, nodeId: nodeId('storagePolicy', policy.id) }
    } catch (error) {
      await ddb?.undo()
      throw error
    }
  }
}
