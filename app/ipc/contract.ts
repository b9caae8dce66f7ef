/**
 * The one IPC contract between the renderer and the main process. Every command (`noun:verb`) has a zod input and
 * output schema and every pushed event a payload schema; both hosts (Electron and browser mode) validate against
 * these, and nothing else declares a channel.
 */
import { z } from 'zod'
import { AlertRecord } from '../model/alerts'
import { CommCellInfo } from '../model/commcell'
import { CopyLagChart, CopyLagInput, PolicyLagInput } from '../model/copy-lag'
import { BackupPeriodCheck, CopyDetails, CopyFormData, PolicyFormData } from '../model/copy-forms'
import { CreateCopyInput, CreatePolicyInput, UpdateCopyInput, idField } from '../model/copy-input'
import { BackupAssociationClients, PolicyScheduleDetails, SavePolicyScheduleInput, SaveSchedulePolicyInput, SchedulePolicyDetails, SubclientSchedule } from '../model/schedule'
import { ContentsTable, PropertySheet } from '../model/contents'
import { BrowseInput, BrowseResult } from '../model/browse'
import { DeleteJobInput, DeleteJobResult, MarkJobsInput, MarkJobsResult, ViewJobsFilter } from '../model/copy-jobs'
import { DedupDetails } from '../model/dedup'
import { EventRecord } from '../model/events'
import { JobHistoryFormData, JobHistoryInput } from '../model/job-history'
import { KeyState } from '../model/keys'
import { MenuFacts } from '../model/menu-facts'
import { AddMediaInput, LibraryDetails, MediumDetails, SetMediaCapacityInput, SetMediaStatusInput } from '../model/media'
import {
  AuxCopyFormData,
  CopyVerificationData,
  JobAction,
  JobDetails,
  JobRow,
  JobThroughput,
  RestoreFormData,
  RunAuxCopyInput,
  RunBackupInput,
  RunRestoreInput,
  RunVerificationInput,
  UpdateSubclientInput,
  VerificationFormData,
} from '../model/jobs'
import { NextAuxCopyPlan } from '../model/next-aux-copy'
import { PolicyProperties, PromoteCopyInput, PromotionResult, UpdatePolicyInput } from '../model/policy-properties'
import { LibraryUsage } from '../model/storage-use'
import { NodeId, TreeNode } from '../model/tree'
import type { CommandError } from './errors'

/** How many rows one page of a list holds at most. */
const pageLimit = z
  .number({ error: 'Limit must be a whole number.' })
  .int({ error: 'Limit must be a whole number.' })
  .min(1, { error: 'Limit must be at least 1.' })
  .max(1000, { error: 'Limit must be at most 1000.' })

/** A subclient as Subclient Properties shows it: content folders, storage policy, the schedules covering it. */
const SubclientInfo = z.object({ id: z.number().int(), name: z.string(), content: z.array(z.string()), storagePolicy: z.string(), schedules: z.array(SubclientSchedule) })

/** The commands the renderer may invoke, with their input and output schemas. */
export const commands = {
  /** The CommCell this console is connected to (status bar, title). */
  'commcell:info': {
    input: z.strictObject({}),
    output: CommCellInfo,
  },
  /** The CommServe's encryption keys: none set, locked (the console asks for the passphrase at start), or unlocked. */
  'keys:state': {
    input: z.strictObject({}),
    output: z.object({ state: KeyState }),
  },
  /** Opens the copies' keys with the CommServe passphrase (once per start); a wrong one is refused on `passphrase`. */
  'keys:unlock': {
    input: z.strictObject({
      passphrase: z.string({ error: 'Passphrase is required.' }).min(1, { error: 'Passphrase is required.' }).max(1024, { error: 'The passphrase must be at most 1024 characters.' }),
    }),
    output: z.object({ state: KeyState }),
  },
  /** The children of a tree node; `null` asks for the top level (the CommCell root). */
  'tree:children': {
    input: z.strictObject({ nodeId: NodeId.nullable() }),
    output: z.object({ nodes: z.array(TreeNode) }),
  },
  /** The selected node's contents for the right pane's list. */
  'node:contents': {
    input: z.strictObject({ nodeId: NodeId }),
    output: ContentsTable,
  },
  /** What a node's context menu needs beyond its kind (one request per right-click). */
  'node:menu': {
    input: z.strictObject({ nodeId: NodeId }),
    output: MenuFacts,
  },
  /** A node's Properties dialog content. */
  'node:properties': {
    input: z.strictObject({ nodeId: NodeId }),
    output: PropertySheet,
  },
  /**
   * The backup jobs of a storage policy or of one copy, with each job's state on the copies (View Jobs), or the
   * CommCell's Job History: newest first, `limit` rows after `offset`. A copy's View Jobs takes a `filter` (job type,
   * status on the copy, time range).
   */
  'node:jobs': {
    input: z.strictObject({
      nodeId: NodeId,
      filter: ViewJobsFilter.optional(),
      limit: z.number({ error: 'Limit must be a whole number.' }).int({ error: 'Limit must be a whole number.' }).min(1, { error: 'Limit must be at least 1.' }).max(10_000, { error: 'Limit must be at most 10000.' }),
      offset: z.number({ error: 'Offset must be a whole number.' }).int({ error: 'Offset must be a whole number.' }).min(0, { error: 'Offset cannot be negative.' }),
    }),
    output: ContentsTable,
  },
  /** What the Copy Properties dialog needs to create a copy in a storage policy. */
  'copies:form': {
    input: z.strictObject({ storagePolicyId: idField('Storage Policy') }),
    output: CopyFormData,
  },
  /** The 14-day / 10-TB check on a source copy, asked on OK before a copy is created with All Backups. */
  'copies:check': {
    input: z.strictObject({ sourceCopyId: idField('Source Copy') }),
    output: BackupPeriodCheck,
  },
  /** Create New Copy: validated like the dialog, created whole in one transaction or not at all. */
  'copies:create': {
    input: CreateCopyInput,
    output: CopyDetails,
  },
  /** An existing copy for its Copy Properties dialog. */
  'copies:get': {
    input: z.strictObject({ copyId: idField('Copy') }),
    output: CopyDetails,
  },
  /** Saves Copy Properties of an existing copy (deduplication and the primary flag cannot change). */
  'copies:update': {
    input: UpdateCopyInput,
    output: CopyDetails,
  },
  /** Deletes a secondary copy (never the primary) with its job states and schedule associations. */
  'copies:delete': {
    input: z.strictObject({ copyId: idField('Copy') }),
    output: z.object({ deleted: z.literal(true) }),
  },
  /**
   * All Tasks > Promote to Primary on a secondary copy: it becomes the primary copy (precedence 1, new backups go to
   * it), the former primary a synchronous copy sourced from it. `confirm` false only says what would happen.
   */
  'copies:promote': {
    input: PromoteCopyInput,
    output: PromotionResult,
  },
  /** Copy Properties > Deduplication of a deduplicated copy: its DDB and live figures from the MediaAgent. */
  'copies:dedup': {
    input: z.strictObject({ copyId: idField('Copy') }),
    output: DedupDetails,
  },
  /**
   * View Jobs > Delete on a secondary copy: the jobs and the later jobs of their cycles there that restore through
   * them. `confirm` false only lists them; true removes them (Do Not Copy on the copy) and prunes their data.
   */
  'copies:deleteJob': {
    input: DeleteJobInput,
    output: DeleteJobResult,
  },
  /**
   * View Jobs > Do Not Copy, Copy Again, Retain Job, Do Not Retain Job or Mark Job Bad on jobs of a copy: every job
   * in a state the action takes, or none is changed. The next aux copy follows the marks.
   */
  'copies:markJobs': {
    input: MarkJobsInput,
    output: MarkJobsResult,
  },
  /** View Media of a copy on a tape library: the media assigned to it. */
  'copies:media': {
    input: z.strictObject({ copyId: idField('Copy') }),
    output: ContentsTable,
  },
  /** A medium with its state, for its menu (the marks it can take) and Properties. */
  'media:get': {
    input: z.strictObject({ mediumId: idField('Medium') }),
    output: MediumDetails,
  },
  /** View Contents of a medium: the jobs with data on it. */
  'media:contents': {
    input: z.strictObject({ mediumId: idField('Medium') }),
    output: ContentsTable,
  },
  /** Mark Full (an Appendable medium) or Mark Bad (any medium not Bad already; never written again). */
  'media:setStatus': {
    input: SetMediaStatusInput,
    output: MediumDetails,
  },
  /** Add Media to a scratch pool: Spare media at the library's media capacity, barcodes unique in the CommCell. */
  'media:add': {
    input: AddMediaInput,
    output: z.object({ barcodes: z.array(z.string()) }),
  },
  /** A library for its Properties dialog (a tape library's media capacity). */
  'libraries:get': {
    input: z.strictObject({ libraryId: idField('Library') }),
    output: LibraryDetails,
  },
  /** Library Properties of a tape library: the media capacity new media, and Spare media never written, take. */
  'libraries:setMediaCapacity': {
    input: SetMediaCapacityInput,
    output: LibraryDetails,
  },
  /**
   * A library's storage use for its chart: a disk library's mount paths (space from the MediaAgent) and deduplicated
   * copies (savings from their DDBs), a tape library's media by state.
   */
  'libraries:usage': {
    input: z.strictObject({ libraryId: idField('Library') }),
    output: LibraryUsage,
  },
  /** What the New Storage Policy wizard needs. */
  'policies:form': {
    input: z.strictObject({}),
    output: PolicyFormData,
  },
  /** Storage Policy Properties: Device Streams and the copies in copy precedence order. */
  'policies:get': {
    input: z.strictObject({ storagePolicyId: idField('Storage Policy') }),
    output: PolicyProperties,
  },
  /** Saves Storage Policy Properties (Device Streams, copy precedence order) in one transaction. */
  'policies:update': {
    input: UpdatePolicyInput,
    output: PolicyProperties,
  },
  /** New Storage Policy with its primary copy. */
  'policies:create': {
    input: CreatePolicyInput,
    output: z.object({ storagePolicyId: z.number().int(), nodeId: NodeId }),
  },
  /** The Job Controller: running jobs and those that ended in the last 5 minutes, newest first; `beforeId` pages back. */
  'jobs:list': {
    input: z.strictObject({ limit: pageLimit, beforeId: idField('Job').nullable() }),
    output: z.object({ jobs: z.array(JobRow) }),
  },
  /** A job's Details: the backup jobs it copied or restored, its errors and figures. */
  'jobs:details': {
    input: z.strictObject({ jobId: idField('Job') }),
    output: JobDetails,
  },
  /** A job's throughput over time with its phases (Job Details' chart), in one request however long the job ran. */
  'jobs:throughput': {
    input: z.strictObject({ jobId: idField('Job') }),
    output: JobThroughput,
  },
  /** Suspend, Resume or Kill a running job. */
  'jobs:control': {
    input: z.strictObject({ jobId: idField('Job'), action: JobAction }),
    output: JobRow,
  },
  /** What the Job History Filter offers: the storage policies, the client computers and the CommServe's time. */
  'jobs:historyForm': {
    input: z.strictObject({}),
    output: JobHistoryFormData,
  },
  /**
   * The CommCell's Job History through the Job History Filter (operation, storage policy, client, job status, time
   * range; null is All): the matching jobs of every kind, newest first, `limit` rows after `offset`.
   */
  'jobs:history': {
    input: JobHistoryInput,
    output: ContentsTable,
  },
  /** Backs up a subclient (Full, Incremental or Differential) to its storage policy's primary copy. */
  'backup:run': {
    input: RunBackupInput,
    output: z.object({ jobId: z.number().int() }),
  },
  /** A subclient's content folders, storage policy and the Data Protection schedules covering it (Subclient Properties). */
  'subclients:get': {
    input: z.strictObject({ subclientId: idField('Subclient') }),
    output: SubclientInfo,
  },
  /** Saves a subclient's content folders. */
  'subclients:update': {
    input: UpdateSubclientInput,
    output: SubclientInfo,
  },
  /** What the Auxiliary Copy Job Options dialog offers; `storagePolicyId` null lists every policy with secondary copies. */
  'auxcopy:form': {
    input: z.strictObject({ storagePolicyId: idField('Storage Policy').nullable() }),
    output: AuxCopyFormData,
  },
  /**
   * What an auxiliary copy of the policy would copy now to each active secondary copy (or to one), exactly as the aux
   * copy planner selects it, with an estimate of its time from the latest aux copies to that copy (before OK).
   */
  'auxcopy:estimate': {
    input: z.strictObject({ storagePolicyId: idField('Storage Policy'), copyId: idField('Copy').nullable() }),
    output: NextAuxCopyPlan,
  },
  /** Runs an auxiliary copy now (Auxiliary Copy Job Options). */
  'auxcopy:run': {
    input: RunAuxCopyInput,
    output: z.object({ jobId: z.number().int() }),
  },
  /** What the Data Verification dialog offers for a storage policy: its copies. */
  'verification:form': {
    input: z.strictObject({ storagePolicyId: idField('Storage Policy') }),
    output: VerificationFormData,
  },
  /** Data Verification: re-reads every chunk of a copy's Available jobs (all, or since a date); bad jobs become Bad. */
  'verification:run': {
    input: RunVerificationInput,
    output: z.object({ jobId: z.number().int() }),
  },
  /**
   * Right-click the CommCell > All Tasks > Data Aging: ages now the jobs of every copy whose retention has passed and
   * prunes their data (one Data Aging job at a time).
   */
  'dataAging:run': {
    input: z.strictObject({}),
    output: z.object({ jobId: z.number().int() }),
  },
  /** A copy's jobs with their state there and when each was last verified (Copy Properties), newest first, paged. */
  'copies:verification': {
    input: z.strictObject({
      copyId: idField('Copy'),
      limit: pageLimit,
      offset: z.number({ error: 'Offset must be a whole number.' }).int({ error: 'Offset must be a whole number.' }).min(0, { error: 'Offset cannot be negative.' }),
    }),
    output: CopyVerificationData,
  },
  /**
   * A secondary copy's lag from `from` to `to` (CommServe time): its backlog samples (jobs and bytes To Be Copied at
   * each scheduler tick, at most a chart's worth) and the auxiliary copy runs that wrote to it. A primary copy has
   * no lag: no series.
   */
  'copies:lag': {
    input: CopyLagInput,
    output: CopyLagChart,
  },
  /** A storage policy's secondary copies' lag side by side, one series per copy (as `copies:lag`). */
  'policies:lag': {
    input: PolicyLagInput,
    output: CopyLagChart,
  },
  /** Browse and Restore: a subclient's restorable jobs and the copies holding each. */
  'restore:form': {
    input: z.strictObject({ subclientId: idField('Subclient') }),
    output: RestoreFormData,
  },
  /**
   * Browse and Restore: one folder of a subclient's content as of `Latest Data` or a `Browse Date` (the newest backup
   * started by then whose cycle can be read from the copy, or by copy precedence), from the browse index.
   */
  'restore:browse': {
    input: BrowseInput,
    output: BrowseResult,
  },
  /**
   * Restores a backup job (with the jobs of its cycle it builds on) from a copy or by copy precedence: whole or the
   * selected files and folders, In Place or under a folder, with an overwrite option.
   */
  'restore:run': {
    input: RunRestoreInput,
    output: z.object({ jobId: z.number().int() }),
  },
  /** A schedule policy's Properties: its schedules (with their patterns) and associations. */
  'schedulePolicies:get': {
    input: z.strictObject({ schedulePolicyId: idField('Schedule Policy') }),
    output: SchedulePolicyDetails,
  },
  /** New Schedule Policy (schedulePolicyId null) or its Properties: schedules and associations, saved whole. */
  'schedulePolicies:save': {
    input: SaveSchedulePolicyInput,
    output: SchedulePolicyDetails,
  },
  /** The client computers, agents and subclients a Data Protection schedule policy can be associated with. */
  'schedulePolicies:clients': {
    input: z.strictObject({}),
    output: BackupAssociationClients,
  },
  /** Deletes a schedule policy; refused until `confirm` when copies depend on it (the message names them). */
  'schedulePolicies:delete': {
    input: z.strictObject({ schedulePolicyId: idField('Schedule Policy'), confirm: z.boolean({ error: 'confirm must be true or false.' }) }),
    output: z.object({ deleted: z.literal(true) }),
  },
  /** A storage policy's own auxiliary copy schedules (those created with All Copies included). */
  'policySchedules:list': {
    input: z.strictObject({ storagePolicyId: idField('Storage Policy') }),
    output: z.object({ schedules: z.array(PolicyScheduleDetails) }),
  },
  /** Saves one of a storage policy's own schedules. */
  'policySchedules:save': {
    input: SavePolicyScheduleInput,
    output: PolicyScheduleDetails,
  },
  /** Run Immediately: runs every schedule of a schedule policy now. */
  'schedules:runNow': {
    input: z.strictObject({ schedulePolicyId: idField('Schedule Policy') }),
    output: z.object({ jobIds: z.array(z.number().int()) }),
  },
  /** Test consoles only (`--test-clock`): moves the CommServe clock forward and runs what became due. */
  'test:advanceClock': {
    input: z.strictObject({
      minutes: z
        .number({ error: 'Minutes must be a whole number.' })
        .int({ error: 'Minutes must be a whole number.' })
        .min(1, { error: 'Minutes must be at least 1.' })
        .max(60 * 24 * 31, { error: 'Minutes must be at most 44640 (31 days).' }),
    }),
    output: z.object({ now: z.number().int(), jobIds: z.array(z.number().int()) }),
  },
  /**
   * The Alerts view: every open alert and those cleared in the last 24 hours of CommServe time, newest raised first
   * (at most 1000).
   */
  /** The Alerts view, a page at a time: open alerts and those cleared in the last 24 hours, newest raised first. */
  'alerts:list': {
    input: z.strictObject({
      limit: pageLimit,
      offset: z.number({ error: 'Offset must be a whole number.' }).int({ error: 'Offset must be a whole number.' }).min(0, { error: 'Offset cannot be negative.' }),
    }),
    /** `more`: older alerts follow this page. */
    output: z.object({ alerts: z.array(AlertRecord), more: z.boolean() }),
  },
  /** Event Viewer entries, newest first; `beforeId` pages back. */
  'events:list': {
    input: z.strictObject({
      limit: pageLimit,
      beforeId: z.number().int().positive().nullable(),
    }),
    output: z.object({ events: z.array(EventRecord) }),
  },
} as const

/** The events the main process pushes to every renderer. */
export const events = {
  /** The children of these nodes changed; a loaded tree reloads them. */
  'tree:changed': z.object({ nodeIds: z.array(NodeId) }),
  /** A service recorded an Event Viewer entry. */
  'events:new': EventRecord,
  /** Alerts raised or cleared (their rows as the Alerts view lists them). */
  'alerts:changed': z.object({ alerts: z.array(AlertRecord) }),
  /** Job Controller rows that changed (pushed several times a second while jobs run). */
  'jobs:progress': z.object({ jobs: z.array(JobRow) }),
} as const

/** A command's name. */
export type CommandName = keyof typeof commands
/** An event's name. */
export type EventName = keyof typeof events
/** What a command takes. */
export type CommandInput<C extends CommandName> = z.infer<(typeof commands)[C]['input']>
/** What a command answers. */
export type CommandOutput<C extends CommandName> = z.infer<(typeof commands)[C]['output']>
/** What an event carries. */
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>

/** Every command name, for hosts and tests. */
export const commandNames = Object.keys(commands) as CommandName[]
/** Every event name. */
export const eventNames = Object.keys(events) as EventName[]

/** Whether a string names a command. */
export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name)
}

/** A command's answer as it crosses a transport: a value, or a structured error. */
export type CommandResult<C extends CommandName> =
  | { readonly ok: true; readonly value: CommandOutput<C> }
  | { readonly ok: false; readonly error: CommandError }

/**
 * The console api the renderer sees as `window.commcell`, provided by the Electron preload or the browser-mode
 * preload. `invoke` rejects with a {@link CommandError}-shaped `ConsoleApiError`.
 */
export interface ConsoleApi {
  invoke<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>>
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
}
