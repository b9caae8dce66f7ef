import { type DemoSubclient, mountPathOf } from '../../app/media/media-protocol'
import { baselineJobs } from '../../app/rules/backup-chain'
import type { Catalog } from '../catalog/catalog'
import type { MediaAgentClient } from '../media-link/media-agent-client'

/**
 * Makes the demo CommCell's job history real, once, when a demo data folder is first opened: the MediaAgent writes
 * each demo subclient's day of work into its content folder and backs it up as that job into the primary copy's
 * mount path; each job then records its real size and where its data lies. Jobs that already have data are skipped.
 */
export async function fillDemoData(catalog: Catalog, mediaAgent: MediaAgentClient): Promise<void> {
  const subclients: DemoSubclient[] = []
  for (const policy of catalog.policies.policies()) {
    const primary = catalog.policies.copies(policy.id).find((copy) => copy.copyType === 'primary')
    const mountPath = primary && catalog.resources.mountPaths(primary.libraryId)[0]
    if (primary === undefined || mountPath === undefined) continue
    for (const subclient of catalog.clients.subclientsOfPolicy(policy.id)) {
      const folder = subclient.content[0]
      if (folder === undefined) continue
      const history = [...catalog.jobs.completedBackups(subclient.id)].reverse() // oldest first
      const done: typeof history = []
      const jobs: DemoSubclient['jobs'][number][] = []
      for (const job of history) {
        const stored = catalog.jobs.location(job.id, primary.id)
        if (stored?.mountPathId == null) {
          jobs.push({
            jobId: job.id, backupType: job.backupType, startTime: job.startTime, cycle: job.cycle,
            target: { store: { kind: 'disk', mountPathId: mountPath.id }, storagePolicyId: policy.id, copyId: primary.id, jobId: job.id },
            baseline: baselineJobs(done, job.backupType).map((previous) => previous.id),
          })
        }
        done.unshift(job)
      }
      if (jobs.length > 0) subclients.push({ name: subclient.name, folder, jobs })
    }
  }
  if (subclients.length === 0) return
  const { jobs } = await mediaAgent.request({ kind: 'demoHistory', subclients })
  const targetOf = new Map(subclients.flatMap((subclient) => subclient.jobs.map((job) => [job.jobId, job.target] as const)))
  catalog.transaction(() => {
    for (const { jobId, bytes } of jobs) {
      const target = targetOf.get(jobId)!
      const job = catalog.jobs.backupJob(jobId)!
      catalog.jobs.setOnCopy({ backupJobId: jobId, copyId: target.copyId, status: 'Available', bytesCopied: bytes, mountPathId: mountPathOf(target.store) })
      catalog.jobs.finishBackup(jobId, { status: job.status, sizeBytes: bytes, endTime: job.endTime ?? job.startTime })
    }
  })
}
