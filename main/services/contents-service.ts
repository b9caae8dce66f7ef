import { ServiceError } from '../../app/ipc/errors'
import { assertNever } from '../../app/model/assert'
import type { CellValue, ContentsColumn, ContentsRow, ContentsTable, PropertySheet, PropertyTab } from '../../app/model/contents'
import type { ViewJobsFilter } from '../../app/model/copy-jobs'
import { retainIndefinitely } from '../../app/model/copy-jobs'
import type { PolicyCopy } from '../../app/model/entities'
import { copyTypeLabel, retentionText } from '../../app/rules/copy-labels'
import { SchedulePattern } from '../../app/model/schedule'
import { patternText } from '../../app/rules/schedule-time'
import { historyTimeBounds, unfilteredHistory } from '../../app/rules/job-history'
import { deferredUntil, isDeferred, selectiveRuleText } from '../../app/rules/selective-copy'
import { kindLabel, nodeId, type NodeRef } from '../../app/model/tree'
import type { AgingVerdict } from '../../app/rules/data-aging'
import type { Catalog } from '../catalog/catalog'
import { anyJobOnCopy, type CopyJobsQuery } from '../catalog/job-repository'
import type { Clock } from '../clock'
import type { MediaAgentClient } from '../media-link/media-agent-client'
import { col, field, row, tab } from './contents-cells'
import type { CopyDataService } from './copy-data-service'
import type { JobHistoryService } from './job-history-service'
import { mountPathStates } from './storage-use-service'
import { driveColumns, driveRow, mediaColumns, mediumDetails, mediumFields, mediumRow } from './media-views'
import { withAlert, type TreeService } from './tree-service'

/** Free and total bytes of a mount path, or null when it is offline. */
type Space = { readonly free: number; readonly total: number } | null
/** The space of each mount path a view shows, asked of the MediaAgent before the view is built. */
type SpaceOf = (mountPathId: number) => Space

/** The right pane's lists, the Properties sheets and View Jobs, one shape per node kind. */
export class ContentsService {
  constructor(
    private readonly catalog: Catalog,
    private readonly tree: TreeService,
    private readonly mediaAgent: MediaAgentClient,
    private readonly copyData: CopyDataService,
    private readonly history: JobHistoryService,
    /** Why each Available job of a copy ages at the next Data Aging, or not. */
    private readonly agingOf: (copy: PolicyCopy) => ReadonlyMap<number, AgingVerdict>,
    /** The CommServe's clock (View Jobs says until when Defer Auxiliary Copy holds a job back). */
    private readonly clock: Clock,
  ) {}

  /**
   * The space of the mount paths a node shows (a disk library's, or one mount path), from the MediaAgent: the main
   * thread never calls the file system on a library folder (a hung mount would freeze the console).
   */
  private async spaces(ref: NodeRef): Promise<SpaceOf> {
    const ids =
      ref.kind === 'library' ? this.catalog.resources.mountPaths(ref.id).map((mountPath) => mountPath.id) : ref.kind === 'mountPath' ? [ref.id] : []
    const states = await mountPathStates(this.mediaAgent, ids)
    return (mountPathId) => {
      const state = states.get(mountPathId)
      return state?.online === true ? { free: state.free, total: state.total } : null
    }
  }

  /** The list the right pane shows for a node: columns that fit the node and one row per item. */
  async contents(id: string): Promise<ContentsTable> {
    const ref = this.tree.resolve(id)
    // A storage policy's copies list shows each deduplicated copy's savings, asked of the MediaAgent first.
    const savings = ref.kind === 'storagePolicy' ? await this.copyData.savings(this.catalog.policies.copies(ref.id)) : new Map<number, null>()
    return this.contentsOf(id, ref, await this.spaces(ref), (copyId) => savings.get(copyId)?.savingsPercent ?? null)
  }

  /** A node's Properties sheet: tabs of fields, some with a table. */
  async properties(id: string): Promise<PropertySheet> {
    const ref = this.tree.resolve(id)
    return this.propertiesOf(id, ref, await this.spaces(ref))
  }

  private contentsOf(id: string, ref: NodeRef, diskSpace: SpaceOf, savingsOf: (copyId: number) => number | null): ContentsTable {
    const table = (title: string, columns: ContentsColumn[], rows: ContentsRow[]): ContentsTable => ({ nodeId: id, title, columns, rows, more: false })
    const { resources, clients, policies, schedules, jobs, tape } = this.catalog
    switch (ref.kind) {
      case 'commcell':
      case 'storageResources':
      case 'policies': {
        const children = this.tree.children(id)
        return table(kindLabel(ref.kind), [col('name', 'Name'), col('type', 'Type')],
          children.map((child) => row(child.id, child.id, { name: child.name, type: kindLabel(child.kind) })))
      }
      case 'clients':
        return table('Client Computers', [col('name', 'Client Name'), col('hostName', 'Host Name'), col('os', 'OS'), col('agents', 'Agents', 'number')],
          clients.clients().map((client) => row(client.id, nodeId('client', client.id), {
            name: client.name, hostName: client.hostName, os: client.os, agents: clients.agents(client.id).length,
          })))
      case 'client':
        return table(clients.client(ref.id)!.name, [col('name', 'Agent'), col('subclients', 'Subclients', 'number')],
          clients.agents(ref.id).map((agent) => row(agent.id, nodeId('agent', agent.id), {
            name: agent.name, subclients: clients.subclients(agent.id).length,
          })))
      case 'agent':
        return table(clients.agent(ref.id)!.name,
          [col('name', 'Subclient Name'), col('storagePolicy', 'Storage Policy'), col('content', 'Content')],
          clients.subclients(ref.id).map((subclient) => row(subclient.id, nodeId('subclient', subclient.id), {
            name: subclient.name,
            storagePolicy: subclient.storagePolicyId === null ? 'Not Assigned' : policies.policy(subclient.storagePolicyId)?.name ?? '',
            content: subclient.content.join(', '),
          })))
      case 'subclient': {
        const subclient = clients.subclient(ref.id)!
        return table(`Job History of ${subclient.name}`,
          [col('jobId', 'Job ID', 'number'), col('backupType', 'Backup Type'), col('startTime', 'Start Time', 'datetime'),
            col('endTime', 'End Time', 'datetime'), col('size', 'Size', 'bytes'), col('cycle', 'Cycle', 'number'), col('status', 'Status')],
          jobs.jobsOfSubclient(ref.id).map((job) => row(job.id, null, {
            jobId: job.id, backupType: job.backupType, startTime: job.startTime, endTime: job.endTime,
            size: job.sizeBytes, cycle: job.cycle, status: job.status,
          })))
      }
      case 'libraries':
        return table('Libraries',
          [col('name', 'Library Name'), col('type', 'Type'), col('mediaAgents', 'MediaAgents'), col('devices', 'Mount Paths / Drives', 'number')],
          resources.libraries().map((library) => row(library.id, nodeId('library', library.id), {
            name: library.name,
            type: library.kind === 'disk' ? 'Disk Library' : 'Tape Library',
            mediaAgents: library.mediaAgentIds.map((maId) => resources.mediaAgent(maId)?.name ?? '').join(', '),
            devices: library.kind === 'disk'
              ? resources.mountPaths(library.id).length
              : resources.drivePools(library.id).reduce((sum, pool) => sum + resources.drives(pool.id).length, 0),
          })))
      case 'library': {
        const library = resources.library(ref.id)!
        if (library.kind === 'disk') {
          return table(library.name,
            [col('path', 'Mount Path'), col('mediaAgent', 'MediaAgent'), col('status', 'Status'), col('free', 'Free Space', 'bytes'), col('total', 'Total Capacity', 'bytes')],
            resources.mountPaths(library.id).map((mountPath) => {
              const space = diskSpace(mountPath.id)
              return row(mountPath.id, nodeId('mountPath', mountPath.id), {
                path: mountPath.path,
                mediaAgent: resources.mediaAgent(mountPath.mediaAgentId)?.name ?? '',
                status: space === null ? 'Offline (folder missing)' : 'Ready',
                free: space?.free ?? null,
                total: space?.total ?? null,
              })
            }))
        }
        return table(library.name, [col('name', 'Name'), col('type', 'Type'), col('count', 'Drives / Media', 'number')], [
          ...resources.drivePools(library.id).map((pool) => row(`dp${pool.id}`, nodeId('drivePool', pool.id), {
            name: pool.name, type: 'Drive Pool', count: resources.drives(pool.id).length,
          })),
          ...resources.scratchPools(library.id).map((pool) => row(`sp${pool.id}`, nodeId('scratchPool', pool.id), {
            name: pool.name, type: 'Scratch Pool', count: tape.mediaInScratch(pool.id).length,
          })),
          row('assigned', nodeId('assignedMedia', library.id), {
            name: kindLabel('assignedMedia'), type: 'Media Group', count: tape.assignedMedia(library.id).length,
          }),
        ])
      }
      case 'drivePool':
        return table(resources.drivePool(ref.id)!.name, [...driveColumns], resources.drives(ref.id).map(driveRow))
      case 'scratchPool':
        return table(resources.scratchPool(ref.id)!.name, [...mediaColumns], tape.mediaInScratch(ref.id).map(mediumRow))
      case 'assignedMedia':
        return table(`Assigned Media of ${resources.library(ref.id)!.name}`, [...mediaColumns], tape.assignedMedia(ref.id).map(mediumRow))
      case 'mediaAgents':
        return table('MediaAgents', [col('name', 'MediaAgent'), col('hostName', 'Host Name'), col('os', 'OS'), col('libraries', 'Libraries')],
          resources.mediaAgents().map((agent) => row(agent.id, nodeId('mediaAgent', agent.id), {
            name: agent.name,
            hostName: agent.hostName,
            os: agent.os,
            libraries: resources.libraries().filter((library) => library.mediaAgentIds.includes(agent.id)).map((library) => library.name).join(', '),
          })))
      case 'schedulePolicies':
        return table('Schedule Policies',
          [col('name', 'Name'), col('type', 'Type'), col('description', 'Description'), col('associations', 'Associations')],
          schedules.schedulePolicies().map((policy) => row(policy.id, nodeId('schedulePolicy', policy.id), {
            name: policy.name, type: policy.policyType, description: policy.description,
            associations: policy.policyType === 'Data Aging' ? 'Entire CommCell' : this.associationNames(policy.id).join(', '),
          })))
      case 'schedulePolicy': {
        const policy = schedules.schedulePolicy(ref.id)!
        if (policy.policyType === 'Data Protection') {
          const kinds = { client: 'Client', agent: 'Agent', subclient: 'Subclient' } as const
          return table(`Associations of ${policy.name}`, [col('name', 'Associated With'), col('level', 'Level')],
            schedules.backupAssociationsOfPolicy(ref.id).map((association) =>
              row(association.id, nodeId(association.level, association.entityId), { name: association.name, level: kinds[association.level] })))
        }
        if (policy.policyType === 'Data Aging') {
          // Data Aging covers every storage policy copy of the CommCell.
          return table(`Associations of ${policy.name}`, [col('storagePolicy', 'Storage Policy'), col('copy', 'Copy')],
            policies.policies().map((each) => row(each.id, nodeId('storagePolicy', each.id), { storagePolicy: each.name, copy: 'All Copies' })))
        }
        return table(`Associations of ${policy.name}`,
          [col('storagePolicy', 'Storage Policy'), col('copy', 'Copy')],
          schedules.associationsOfPolicy(ref.id).map((association) => {
            const copy = association.copyId === null ? undefined : policies.copy(association.copyId)
            const policyId = copy?.storagePolicyId ?? association.storagePolicyId
            return row(association.id, copy ? nodeId('copy', copy.id) : policyId ? nodeId('storagePolicy', policyId) : null, {
              storagePolicy: policyId === null ? '' : policies.policy(policyId)?.name ?? '',
              copy: copy?.name ?? 'All Copies',
            })
          }))
      }
      case 'storagePolicies': {
        const alerts = this.tree.policyAlerts()
        return table('Storage Policies',
          [col('name', 'Storage Policy'), col('copies', 'No. of Copies', 'number'), col('library', 'Primary Library'),
            col('mediaAgent', 'MediaAgent'), col('deviceStreams', 'Device Streams', 'number'), col('type', 'Type')],
          policies.summaries().map((policy) => ({
            ...row(policy.id, nodeId('storagePolicy', policy.id), {
              name: policy.name, copies: policy.copies, library: policy.primaryLibrary, mediaAgent: policy.primaryMediaAgent,
              deviceStreams: policy.deviceStreams, type: policy.type,
            }),
            ...withAlert(alerts.get(policy.id)),
          })))
      }
      case 'storagePolicy': {
        const alerts = this.tree.copyAlerts()
        return table(policies.policy(ref.id)!.name,
          [col('name', 'Copy Name'), col('type', 'Type'), col('library', 'Library'), col('mediaAgent', 'MediaAgent'),
            col('active', 'Active', 'yesNo'), col('precedence', 'Copy Precedence', 'number'), col('retention', 'Retention'),
            col('savings', 'Savings', 'percent')],
          policies.copies(ref.id).map((copy) => ({
            ...row(copy.id, nodeId('copy', copy.id), {
              name: copy.name,
              type: copyTypeLabel(copy.copyType),
              library: resources.library(copy.libraryId)?.name ?? '',
              mediaAgent: resources.mediaAgent(copy.mediaAgentId)?.name ?? '',
              active: copy.active,
              precedence: copy.precedence,
              retention: retentionText(copy),
              // Deduplicated copies only: 100 × (1 − data written / application size), empty while it holds nothing.
              savings: copy.dedup ? savingsOf(copy.id) : null,
            }),
            ...withAlert(alerts.get(copy.id)),
          })))
      }
      case 'copy': {
        const copy = policies.copy(ref.id)!
        return table(`Data Paths of ${copy.name}`,
          [col('library', 'Library'), col('mediaAgent', 'MediaAgent'), col('drivePool', 'Drive Pool'), col('scratchPool', 'Scratch Pool'), col('default', 'Default', 'yesNo')],
          [row(copy.id, null, { ...this.dataPath(copy), default: true })])
      }
      case 'mountPath':
      case 'drive':
      case 'media':
      case 'mediaAgent': {
        // A leaf shows itself as a one-row list of its properties, each column in its own format (sizes in bytes).
        const sheet = this.propertiesOf(id, ref, diskSpace)
        const fields = sheet.tabs[0]!.fields
        return table(sheet.title, fields.map((entry, index) => col(`p${index}`, entry.label, entry.format)),
          [row(id, id, Object.fromEntries(fields.map((entry, index) => [`p${index}`, entry.value])))])
      }
      default:
        return assertNever(ref, 'node')
    }
  }

  /** A node's Properties dialog: title and tabs of read-only fields. */
  private propertiesOf(id: string, ref: NodeRef, diskSpace: SpaceOf): PropertySheet {
    const sheet = (title: string, tabs: PropertyTab[]): PropertySheet => ({ nodeId: id, title, tabs })
    const { resources, clients, policies, schedules } = this.catalog
    switch (ref.kind) {
      case 'commcell': {
        const commCell = this.catalog.commCell()!
        return sheet('CommCell Properties', [tab('General', [
          field('CommCell Name', commCell.name),
          field('CommServe', commCell.commServe),
          field('Installation', commCell.installKind === 'new' ? 'New install' : 'Upgraded from a previous version'),
        ])])
      }
      case 'client': {
        const client = clients.client(ref.id)!
        return sheet(`Client Computer Properties: ${client.name}`, [tab('General', [
          field('Client Name', client.name), field('Host Name', client.hostName), field('OS', client.os),
          field('Agents', clients.agents(client.id).map((agent) => agent.name).join(', ')),
        ])])
      }
      case 'subclient': {
        const subclient = clients.subclient(ref.id)!
        const policy = subclient.storagePolicyId === null ? undefined : policies.policy(subclient.storagePolicyId)
        return sheet(`Subclient Properties: ${subclient.name}`, [
          tab('General', [field('Subclient Name', subclient.name), field('Agent', clients.agent(subclient.agentId)?.name ?? '')]),
          tab('Content', [], { columns: [col('path', 'Content')], rows: subclient.content.map((path, index) => row(index, null, { path })) }),
          tab('Storage Device', [field('Storage Policy', policy?.name ?? 'Not Assigned')]),
        ])
      }
      case 'library': {
        const library = resources.library(ref.id)!
        const general = tab('General', [
          field('Library Name', library.name),
          field('Library Type', library.kind === 'disk' ? 'Disk Library' : 'Tape Library'),
          field('MediaAgents', library.mediaAgentIds.map((maId) => resources.mediaAgent(maId)?.name ?? '').join(', ')),
          ...(library.kind === 'tape' ? [field('Media Capacity', this.catalog.tape.mediaCapacity(library.id), 'bytes')] : []),
        ])
        if (library.kind === 'disk') {
          return sheet(`Library Properties: ${library.name}`, [general, tab('Mount Paths', [], {
            columns: [col('path', 'Mount Path'), col('mediaAgent', 'MediaAgent'), col('free', 'Free Space', 'bytes')],
            rows: resources.mountPaths(library.id).map((mountPath) => row(mountPath.id, nodeId('mountPath', mountPath.id), {
              path: mountPath.path, mediaAgent: resources.mediaAgent(mountPath.mediaAgentId)?.name ?? '', free: diskSpace(mountPath.id)?.free ?? null,
            })),
          })])
        }
        return sheet(`Library Properties: ${library.name}`, [general, tab('Drive Pools', [], {
          columns: [col('name', 'Drive Pool'), col('mediaAgent', 'MediaAgent'), col('drives', 'Drives', 'number')],
          rows: resources.drivePools(library.id).map((pool) => row(pool.id, nodeId('drivePool', pool.id), {
            name: pool.name, mediaAgent: resources.mediaAgent(pool.mediaAgentId)?.name ?? '', drives: resources.drives(pool.id).length,
          })),
        })])
      }
      case 'mountPath': {
        const mountPath = resources.mountPath(ref.id)!
        const space = diskSpace(mountPath.id)
        return sheet('Mount Path Properties', [tab('General', [
          field('Mount Path', mountPath.path),
          field('Library', resources.library(mountPath.libraryId)?.name ?? ''),
          field('MediaAgent', resources.mediaAgent(mountPath.mediaAgentId)?.name ?? ''),
          field('Status', space === null ? 'Offline (folder missing)' : 'Ready'),
          field('Free Space', space?.free ?? null, 'bytes'),
          field('Total Capacity', space?.total ?? null, 'bytes'),
        ])])
      }
      case 'drivePool': {
        const pool = resources.drivePool(ref.id)!
        return sheet(`Drive Pool Properties: ${pool.name}`, [tab('General', [
          field('Drive Pool', pool.name), field('Library', resources.library(pool.libraryId)?.name ?? ''),
          field('MediaAgent', resources.mediaAgent(pool.mediaAgentId)?.name ?? ''), field('Drives', resources.drives(pool.id).length, 'number'),
        ])])
      }
      case 'drive': {
        const drive = resources.drive(ref.id)!
        return sheet(`Drive Properties: ${drive.name}`, [tab('General', [
          field('Drive', drive.name), field('Serial Number', drive.serial), field('Drive Pool', resources.drivePool(drive.drivePoolId)?.name ?? ''),
          field('Status', drive.jobId === null ? 'Idle' : 'In use'), field('Job ID', drive.jobId, 'number'), field('Medium', drive.barcode),
        ])])
      }
      case 'scratchPool': {
        const pool = resources.scratchPool(ref.id)!
        const media = this.catalog.tape.mediaInScratch(pool.id)
        return sheet(`Scratch Pool Properties: ${pool.name}`, [tab('General', [
          field('Group Name', pool.name), field('Library', resources.library(pool.libraryId)?.name ?? ''),
          field('Media', media.length, 'number'), field('Spare Media', media.filter((medium) => medium.status === 'Spare').length, 'number'),
        ])])
      }
      case 'media': {
        const medium = mediumDetails(this.catalog, this.catalog.tape.medium(ref.id)!)
        return sheet(`Media Properties: ${medium.barcode}`, [tab('General', mediumFields(medium))])
      }
      case 'mediaAgent': {
        const agent = resources.mediaAgent(ref.id)!
        return sheet(`MediaAgent Properties: ${agent.name}`, [tab('General', [
          field('MediaAgent', agent.name), field('Host Name', agent.hostName), field('OS', agent.os),
        ])])
      }
      case 'schedulePolicy': {
        const policy = schedules.schedulePolicy(ref.id)!
        return sheet(`Schedule Policy Properties: ${policy.name}`, [
          tab('General', [
            field('Name', policy.name), field('Type', policy.policyType), field('Description', policy.description),
            field('System Created', policy.systemCreated, 'yesNo'),
          ], {
            columns: [col('name', 'Schedule Name'), col('pattern', 'Pattern')],
            rows: schedules.schedulesOfPolicy(policy.id).map((schedule) => row(schedule.id, null, { name: schedule.name, pattern: describePattern(schedule.pattern) })),
          }),
          tab('Associations', [], {
            columns: [col('name', 'Associated With')],
            rows: this.associationNames(policy.id).map((name, index) => row(index, null, { name })),
          }),
        ])
      }
      case 'storagePolicy': {
        const policy = policies.policy(ref.id)!
        const copies = policies.copies(policy.id)
        return sheet(`Storage Policy Properties: ${policy.name}`, [
          tab('General', [
            field('Storage Policy Name', policy.name), field('Storage Policy Type', policy.type),
            field('No. of Copies', copies.length, 'number'), field('Device Streams', policy.deviceStreams, 'number'),
          ]),
          tab('Copy Precedence', [], {
            columns: [col('precedence', 'Copy Precedence', 'number'), col('name', 'Copy Name'), col('type', 'Type')],
            rows: copies.map((copy) => row(copy.id, nodeId('copy', copy.id), { precedence: copy.precedence, name: copy.name, type: copyTypeLabel(copy.copyType) })),
          }),
        ])
      }
      case 'copy': {
        const copy = policies.copy(ref.id)!
        const path = this.dataPath(copy)
        const source = copy.sourceCopyId === null ? undefined : policies.copy(copy.sourceCopyId)
        return sheet('Copy Properties', [
          tab('General', [
            field('Copy Name', copy.name), field('Primary Copy', copy.copyType === 'primary', 'yesNo'),
            field('Active', copy.active, 'yesNo'), field('Selective Copy', copy.selective !== null, 'yesNo'), field('Copy Type', copyTypeLabel(copy.copyType)),
            field('Library', path.library), field('MediaAgent', path.mediaAgent), field('Drive Pool', path.drivePool), field('Scratch Pool', path.scratchPool),
            field('Deduplication', copy.dedup, 'yesNo'),
            field('Re-encrypt data', copy.encryption ?? 'No'),
          ]),
          tab('Copy Policy', [
            field('Source Copy', source?.name ?? 'Not applicable (primary copy)'),
            field('Backup Period', copy.backupsOnAfter === null ? 'All Backups' : 'Backups On and After'),
            field('Backups On and After', copy.backupsOnAfter, 'datetime'),
            field('Defer Auxiliary Copy for (days)', copy.deferDays > 0 ? copy.deferDays : 'Not deferred', copy.deferDays > 0 ? 'number' : 'text'),
          ]),
          ...(copy.selective === null ? [] : [tab('Selective Copy', [field('Automatically select Full Backups at frequency', selectiveRuleText(copy.selective))])]),
          tab('Retention', [
            field('Enable Data Aging', copy.agingEnabled, 'yesNo'),
            field('Retain for (days)', copy.retentionDays, 'number'), field('Retain for (cycles)', copy.retentionCycles, 'number'),
          ]),
        ])
      }
      case 'clients':
      case 'agent':
      case 'storageResources':
      case 'libraries':
      case 'assignedMedia':
      case 'mediaAgents':
      case 'policies':
      case 'schedulePolicies':
      case 'storagePolicies':
        throw new ServiceError('invalid_input', `${kindLabel(ref.kind)} has no Properties.`, 'nodeId')
      default:
        return assertNever(ref, 'node')
    }
  }

  /**
   * View Jobs: a storage policy's backup jobs with their state on each copy, or one copy's jobs (through its View
   * Jobs filter when given: job type, status there, start time range); the CommCell's Job History.
   */
  jobs(id: string, limit: number, offset: number, filter?: ViewJobsFilter): ContentsTable {
    const ref = this.tree.resolve(id)
    if (filter !== undefined && ref.kind !== 'copy') {
      throw new ServiceError('invalid_input', `The View Jobs filter applies to a copy's jobs, not to ${kindLabel(ref.kind)}.`, 'filter')
    }
    // One row more than asked tells whether more follow.
    const page = { limit: limit + 1, offset }
    const paged = <T>(rows: T[]): { rows: T[]; more: boolean } => ({ rows: rows.slice(0, limit), more: rows.length > limit })
    const { policies, jobs, clients } = this.catalog
    const subclientName = new Map<number, string>()
    const nameOf = (subclientId: number) => {
      let name = subclientName.get(subclientId)
      if (name === undefined) {
        const subclient = clients.subclient(subclientId)
        const agent = subclient && clients.agent(subclient.agentId)
        const client = agent && clients.client(agent.clientId)
        name = subclient ? `${client?.name ?? ''} / ${agent?.name ?? ''} / ${subclient.name}` : ''
        subclientName.set(subclientId, name)
      }
      return name
    }
    const baseColumns = [
      col('jobId', 'Job ID', 'number'), col('subclient', 'Client / Agent / Subclient'), col('backupType', 'Backup Type'),
      col('startTime', 'Start Time', 'datetime'), col('size', 'Size', 'bytes'), col('cycle', 'Cycles/Sequence', 'number'),
    ]
    if (ref.kind === 'copy') {
      const copy = policies.copy(ref.id)!
      const policy = policies.policy(copy.storagePolicyId)!
      const { rows, more } = paged(jobs.jobsOnCopy(copy, page, filter === undefined ? anyJobOnCopy : this.copyJobsQuery(filter)))
      const aging = this.agingOf(copy)
      // Only Available jobs can age; the others' Status says it all.
      const agingText = (jobId: number) => {
        const verdict = aging.get(jobId)
        if (verdict === undefined) return ''
        return verdict.ages ? 'Ages at the next Data Aging.' : verdict.reason
      }
      // A copy that defers auxiliary copies says until when each job it has not copied yet waits.
      const now = this.clock.now()
      const waiting = (job: (typeof rows)[number]) =>
        ['To Be Copied', 'Partially Copied', 'Bad'].includes(job.copyStatus) && isDeferred(job.startTime, copy.deferDays, now)
      return {
        nodeId: id,
        title: `Jobs for ${policy.name} / ${copy.name}`,
        columns: [
          ...baseColumns, col('status', 'Status'),
          ...(copy.deferDays > 0 ? [col('deferredUntil', 'Deferred Until', 'datetime')] : []),
          col('retainUntil', 'Retained Until', 'datetime'), col('aging', 'Data Aging'),
        ],
        rows: rows.map((job) => row(job.id, null, {
          jobId: job.id, subclient: nameOf(job.subclientId), backupType: job.backupType, startTime: job.startTime,
          size: job.sizeBytes, cycle: job.cycle, status: job.copyStatus, aging: agingText(job.id),
          retainUntil: job.retainUntil === retainIndefinitely ? 'Indefinitely' : job.retainUntil,
          ...(copy.deferDays > 0 ? { deferredUntil: waiting(job) ? deferredUntil(job.startTime, copy.deferDays) : null } : {}),
        })),
        more,
      }
    }
    // The CommCell's Job History, unfiltered: every Job Manager job, newest first.
    if (ref.kind === 'commcell') return this.history.history(unfilteredHistory, limit, offset)
    // A subclient's Backup History: its backup jobs, as Job History lists them.
    if (ref.kind === 'subclient') return this.history.backupHistory(ref.id, limit, offset)
    if (ref.kind === 'storagePolicy') {
      const policy = policies.policy(ref.id)!
      const copies: PolicyCopy[] = policies.copies(policy.id)
      const byJob = new Map<number, Record<string, CellValue>>()
      // Each copy's newest jobs up to this page's end, merged by job: a page of the policy's jobs.
      for (const copy of copies) {
        for (const job of jobs.jobsOnCopy(copy, { limit: page.limit + page.offset, offset: 0 })) {
          const cells = byJob.get(job.id) ?? {
            jobId: job.id, subclient: nameOf(job.subclientId), backupType: job.backupType, startTime: job.startTime,
            size: job.sizeBytes, cycle: job.cycle,
          }
          cells[`copy${copy.id}`] = job.copyStatus
          byJob.set(job.id, cells)
        }
      }
      const merged = [...byJob.entries()].sort((a, b) => (b[1].startTime as number) - (a[1].startTime as number) || b[0] - a[0])
      const { rows, more } = paged(merged.slice(offset))
      return {
        nodeId: id,
        title: `Jobs for ${policy.name}`,
        columns: [...baseColumns, ...copies.map((copy) => col(`copy${copy.id}`, copy.name))],
        rows: rows.map(([jobId, cells]) => row(jobId, null, cells)),
        more,
      }
    }
    throw new ServiceError('invalid_input', `Jobs are listed for the CommCell, storage policies, copies and subclients, not for ${kindLabel(ref.kind)}.`, 'nodeId')
  }

  /** The jobs a View Jobs filter keeps, its time range read at the CommServe's time. */
  private copyJobsQuery(filter: ViewJobsFilter): CopyJobsQuery {
    const { from, to } = historyTimeBounds(filter, this.clock.now())
    return { backupType: filter.backupType, status: filter.status, from, to }
  }

  private dataPath(copy: PolicyCopy): { library: string; mediaAgent: string; drivePool: string; scratchPool: string } {
    const { resources } = this.catalog
    return {
      library: resources.library(copy.libraryId)?.name ?? '',
      mediaAgent: resources.mediaAgent(copy.mediaAgentId)?.name ?? '',
      drivePool: copy.drivePoolId === null ? 'Not Applicable' : resources.drivePool(copy.drivePoolId)?.name ?? '',
      scratchPool: copy.scratchPoolId === null ? 'Not Applicable' : resources.scratchPool(copy.scratchPoolId)?.name ?? '',
    }
  }

  private associationNames(schedulePolicyId: number): string[] {
    const { policies } = this.catalog
    const backups = this.catalog.schedules.backupAssociationsOfPolicy(schedulePolicyId)
    if (backups.length > 0) return backups.map((association) => association.name)
    return this.catalog.schedules.associationsOfPolicy(schedulePolicyId).map((association) => {
      if (association.copyId !== null) {
        const copy = policies.copy(association.copyId)
        return copy ? `${policies.policy(copy.storagePolicyId)?.name ?? ''} / ${copy.name}` : ''
      }
      return `${policies.policy(association.storagePolicyId ?? 0)?.name ?? ''} (all copies)`
    })
  }
}

/** A stored schedule pattern as the lists show it. */
function describePattern(stored: unknown): string {
  const pattern = SchedulePattern.safeParse(stored)
  return pattern.success ? patternText(pattern.data) : 'Not a valid pattern'
}
