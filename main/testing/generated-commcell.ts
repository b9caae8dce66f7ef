import { join } from 'node:path'
import { Catalog } from '../catalog/catalog'
import { CommCellBuilder } from '../catalog/commcell-builder'
import { seedCommCell } from '../catalog/demo-commcell'
import { catalogFile } from '../backend'

/**
 * Writes a large CommCell into a fresh data folder, for benchmarks: the empty CommCell plus DiskLib02 and
 * `policies` storage policies of `copiesEach` copies (Primary on DiskLib01, secondaries on DiskLib02).
 */
export function generateCommCell(dataDir: string, input: { policies: number; copiesEach: number; now?: number }): void {
  const now = input.now ?? Date.now()
  const catalog = Catalog.open(catalogFile(dataDir))
  try {
    seedCommCell(catalog, { dataDir, profile: 'empty', commServe: 'bench-commserve', now })
    catalog.transaction(() => {
      const build = new CommCellBuilder(catalog, now)
      const [ma01] = catalog.resources.mediaAgents()
      const [diskLib01] = catalog.resources.libraries()
      const diskLib02 = build.diskLibrary('DiskLib02', ma01!.id, join(dataDir, 'libraries', 'DiskLib02', 'MountPath01'))
      const width = String(input.policies).length
      for (let n = 1; n <= input.policies; n++) {
        const { policy, primary } = build.storagePolicy(`SP_${String(n).padStart(width, '0')}`, {
          libraryId: diskLib01!.id,
          mediaAgentId: ma01!.id,
        })
        for (let copy = 2; copy <= input.copiesEach; copy++) {
          build.secondaryCopy({
            policyId: policy.id, name: `Copy_${copy}`, sourceCopyId: primary.id, libraryId: diskLib02.id, mediaAgentId: ma01!.id, precedence: copy,
          })
        }
      }
    })
  } finally {
    catalog.close()
  }
}

/**
 * Adds `count` completed backup jobs, one per minute back from `now`, to a policy's primary copy (for benchmarks of
 * the 14-day / 10-TB check and of copy creation on a large catalog). Returns the primary copy's id.
 */
export function addJobHistory(dataDir: string, input: { policyName: string; count: number; now?: number }): number {
  const now = input.now ?? Date.now()
  const catalog = Catalog.open(catalogFile(dataDir))
  try {
    const policy = catalog.policies.policies().find((candidate) => candidate.name === input.policyName)
    if (policy === undefined) throw new Error(`No storage policy ${input.policyName}`)
    const primary = catalog.policies.copies(policy.id).find((copy) => copy.copyType === 'primary')!
    const agentClient = catalog.clients.addClient({ name: `bench-${policy.id}`, hostName: 'bench', os: 'Linux' })
    const agent = catalog.clients.addAgent({ clientId: agentClient.id, name: 'File System' })
    const subclient = catalog.clients.addSubclient({ agentId: agent.id, name: 'default', storagePolicyId: policy.id, content: [] })
    const build = new CommCellBuilder(catalog, now)
    const batch = 50_000
    for (let done = 0; done < input.count; done += batch) {
      catalog.transaction(() => {
        for (let n = done; n < Math.min(input.count, done + batch); n++) {
          build.backupJob({
            subclientId: subclient.id, storagePolicyId: policy.id, primaryCopyId: primary.id,
            backupType: n % 7 === 0 ? 'Full' : 'Incremental', startTime: now - (input.count - n) * 60_000, durationMs: 30_000,
            sizeBytes: 64 * 1024 * 1024, cycle: Math.floor(n / 7) + 1,
          })
        }
      })
    }
    return primary.id
  } finally {
    catalog.close()
  }
}
