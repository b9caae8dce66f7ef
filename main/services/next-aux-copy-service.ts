/**
 * What the next auxiliary copy would copy (`auxcopy:estimate`): for each copy it covers, the jobs and bytes the aux
 * copy planner would select now, and how long that should take from the latest aux copies to the copy
 * (`app/rules/aux-copy-estimate.ts`). Auxiliary Copy Job Options shows it before OK, and a copy's view above its list.
 */
import type { NextAuxCopyPlan } from '../../app/model/next-aux-copy'
import { auxCopyEstimate, estimateRunCount } from '../../app/rules/aux-copy-estimate'
import type { Catalog } from '../catalog/catalog'
import type { AuxCopyPlanner } from '../jobs/aux-copy-planner'

/** The next aux copy's figures, copy by copy. */
export class NextAuxCopyService {
  constructor(
    private readonly catalog: Catalog,
    private readonly auxCopies: Pick<AuxCopyPlanner, 'targets' | 'nextJobs'>,
  ) {}

  /** What an aux copy of the policy to all its active secondary copies (copyId null), or to one, would copy now. */
  plan(input: { readonly storagePolicyId: number; readonly copyId: number | null }): NextAuxCopyPlan {
    return {
      copies: this.auxCopies.targets(input).map((copy) => {
        const { selected, deferred } = this.auxCopies.nextJobs(copy)
        const bytes = selected.reduce((sum, { job }) => sum + job.sizeBytes, 0)
        return {
          copyId: copy.id,
          copy: copy.name,
          jobs: selected.length,
          bytes,
          deferredJobs: deferred?.count ?? 0,
          deferredUntil: deferred?.until ?? null,
          estimate: auxCopyEstimate(bytes, this.catalog.jobs.auxCopyRuns(copy.id, estimateRunCount)),
        }
      }),
    }
  }
}
