/**
 * The CommCell's Job History: what the Job History Filter offers, and the jobs a filter matches (every Job Manager
 * job: backups, auxiliary copies, restores, verifications), newest first, a page at a time.
 */
import { notFound } from '../../app/ipc/errors'
import type { ContentsTable } from '../../app/model/contents'
import type { JobHistoryFilter, JobHistoryFormData } from '../../app/model/job-history'
import { nodeId } from '../../app/model/tree'
import { historyTimeBounds, jobHistoryTitle } from '../../app/rules/job-history'
import type { Catalog } from '../catalog/catalog'
import type { Clock } from '../clock'
import { col, row } from './contents-cells'

/** The columns of the Job History list. */
const historyColumns = [
  col('jobId', 'Job ID', 'number'), col('operation', 'Operation'), col('client', 'Client'), col('storagePolicy', 'Storage Policy'),
  col('copy', 'Copy'), col('backupType', 'Backup Type'), col('status', 'Status'), col('startTime', 'Start Time', 'datetime'),
  col('endTime', 'End Time', 'datetime'), col('size', 'Size', 'bytes'), col('schedule', 'Schedule'), col('reason', 'Reason'),
]

/** The columns of a subclient's Backup History. */
const backupHistoryColumns = [
  col('jobId', 'Job ID', 'number'), col('backupType', 'Backup Type'), col('status', 'Status'), col('storagePolicy', 'Storage Policy'),
  col('startTime', 'Start Time', 'datetime'), col('endTime', 'End Time', 'datetime'), col('size', 'Size', 'bytes'), col('schedule', 'Schedule'),
  col('reason', 'Reason'),
]

/** Job History's reads. */
export class JobHistoryService {
  constructor(
    private readonly catalog: Catalog,
    private readonly clock: Clock,
  ) {}

  /** What the Job History Filter offers: every storage policy and client computer by name, and the CommServe's time. */
  form(): JobHistoryFormData {
    return {
      storagePolicies: this.catalog.policies.policies().map(({ id, name }) => ({ id, name })),
      clients: this.catalog.clients.clients().map(({ id, name }) => ({ id, name })),
      now: this.clock.now(),
    }
  }

  /**
   * The jobs the filter matches, newest first (by start time), `limit` of them after `offset`; a relative Time Range
   * (Last 24 Hours, Last Week, Last Month) is counted back from the CommServe's clock.
   */
  history(filter: JobHistoryFilter, limit: number, offset: number): ContentsTable {
    if (filter.storagePolicyId !== null && this.catalog.policies.policy(filter.storagePolicyId) === undefined) {
      throw notFound(`Storage policy ${filter.storagePolicyId}`, 'storagePolicyId')
    }
    if (filter.clientId !== null && this.catalog.clients.client(filter.clientId) === undefined) {
      throw notFound(`Client ${filter.clientId}`, 'clientId')
    }
    const { from, to } = historyTimeBounds(filter, this.clock.now())
    // One row more than asked tells whether more follow.
    const jobs = this.catalog.jobs.historyJobs(
      { operation: filter.operation, storagePolicyId: filter.storagePolicyId, clientId: filter.clientId, status: filter.status, from, to },
      { limit: limit + 1, offset },
    )
    return {
      nodeId: 'commcell',
      title: jobHistoryTitle(filter),
      columns: historyColumns,
      rows: jobs.slice(0, limit).map((job) => row(job.id, null, {
        jobId: job.id, operation: job.operation, client: job.client, storagePolicy: job.storagePolicy, copy: job.copy,
        backupType: job.backupType, status: job.status, startTime: job.startTime, endTime: job.endTime,
        size: job.operation === 'Backup' ? job.sizeBytes : job.bytesDone, schedule: job.schedule, reason: job.reason,
      })),
      more: jobs.length > limit,
    }
  }

  /** A subclient's Backup History: its backup jobs, newest first, `limit` of them after `offset`. */
  backupHistory(subclientId: number, limit: number, offset: number): ContentsTable {
    const subclient = this.catalog.clients.subclient(subclientId)
    if (subclient === undefined) throw notFound(`Subclient ${subclientId}`, 'nodeId')
    const jobs = this.catalog.jobs.historyJobs(
      { operation: 'Backup', storagePolicyId: null, clientId: null, subclientId, status: null, from: null, to: null },
      { limit: limit + 1, offset },
    )
    return {
      nodeId: nodeId('subclient', subclientId),
      title: `Backup History of ${subclient.name}`,
      columns: backupHistoryColumns,
      rows: jobs.slice(0, limit).map((job) => row(job.id, null, {
        jobId: job.id, backupType: job.backupType, status: job.status, storagePolicy: job.storagePolicy, startTime: job.startTime,
        endTime: job.endTime, size: job.sizeBytes, schedule: job.schedule, reason: job.reason,
      })),
      more: jobs.length > limit,
    }
  }
}
