import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { createBackend, type Backend } from '../../main/backend'
import { dispatch } from '../../main/ipc/dispatch'
import { addJobHistory } from '../../main/testing/generated-commcell'
import { median, report, round } from './stats'

async function call<C extends CommandName>(backend: Backend, command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend.handlers, command, input)
  if (!result.ok) throw new Error(result.error.message)
  return result.value as CommandOutput<C>
}

/** Times the 14-day / 10-TB check and Create New Copy on SP_Finance, with `jobs` extra jobs on its primary copy. */
async function measure(jobs: number, runs: number): Promise<{ check: number[]; create: number[]; admitted: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'commcell-copy-bench-'))
  // Seed the demo CommCell first, then add the job history with its own connection.
  await createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'bench' }).close()
  const primaryId = jobs > 0 ? addJobHistory(dataDir, { policyName: 'SP_Finance', count: jobs }) : 2
  const backend = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'bench' })
  try {
    const check: number[] = []
    for (let n = 0; n < Math.max(runs, 20); n++) {
      const started = performance.now()
      await call(backend, 'copies:check', { sourceCopyId: primaryId })
      check.push(performance.now() - started)
    }
    const create: number[] = []
    let admitted = 0
    for (let n = 0; n < runs; n++) {
      const form = await call(backend, 'copies:form', { storagePolicyId: 2 })
      const started = performance.now()
      const copy = await call(backend, 'copies:create', {
        storagePolicyId: 2, name: form.suggestedName, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
        active: true, dedup: null, sourceCopyId: primaryId, backupPeriod: { kind: 'allBackups' }, agingEnabled: true,
        retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
      })
      create.push(performance.now() - started)
      admitted = backend.catalog.jobs.copyStatusCounts(copy).get('To Be Copied') ?? 0
      await call(backend, 'copies:delete', { copyId: copy.id })
    }
    return { check, create, admitted }
  } finally {
    await backend.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** Create New Copy figures on a catalog of one million jobs, beside the demo catalog's few hundred. */
export async function copyBench(runs = 5, jobs = 1_000_000): Promise<void> {
  const small = await measure(0, runs)
  const large = await measure(jobs, runs)
  report({ figure: `14-day/10-TB check, ${jobs.toLocaleString('en')} jobs on the source copy`, unit: 'ms', median: round(median(large.check)), runs: large.check.length, baseline: `same check, demo catalog (${small.admitted} jobs)`, baselineMedian: round(median(small.check)), ratio: round(median(large.check) / median(small.check)) })
  report({ figure: `Create New Copy (All Backups), ${large.admitted.toLocaleString('en')} jobs made To Be Copied`, unit: 'ms', median: round(median(large.create)), runs, baseline: `same, demo catalog (${small.admitted} jobs)`, baselineMedian: round(median(small.create)), ratio: round(median(large.create) / median(small.create)) })
}
