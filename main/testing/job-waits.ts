import { createHash } from 'node:crypto'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { JobRow } from '../../app/model/jobs'
import type { Backend } from '../backend'
import { dispatch } from '../ipc/dispatch'

/** Whether a Job Controller row has ended (Completed, Failed, Killed...). */
export const hasEnded = (row: JobRow): boolean => !['Running', 'Pending', 'Waiting', 'Suspended'].includes(row.status)

/** Polls a job's Details until its row satisfies `done` (by default: it ended); throws after `timeoutMs`. */
export async function waitForJob(backend: Pick<Backend, 'handlers'>, jobId: number, done: (row: JobRow) => boolean = hasEnded, timeoutMs = 60_000): Promise<JobRow> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const result = await dispatch(backend.handlers, 'jobs:details', { jobId })
    if (!result.ok) throw new Error(`jobs:details ${jobId}: ${result.error.message}`)
    const { job } = result.value as { job: JobRow }
    if (done(job)) return job
    if (Date.now() > until) throw new Error(`job ${jobId} did not get there: ${JSON.stringify(job)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Every file under a folder with its SHA-256, by path relative to it (to compare restored bytes with the original). */
export function checksums(root: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else out[relative(root, path)] = createHash('sha256').update(readFileSync(path)).digest('hex')
    }
  }
  walk(root)
  return out
}
