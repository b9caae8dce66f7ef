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
