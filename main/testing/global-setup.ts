/**
 * Vitest's global setup: one demo data folder with its job history's data, prepared once per run
 * (`--prepare-data-dir`'s code), which `tempBackend(..., { demoData: true })` copies instead of writing the demo's
 * data again for each backend (its paths follow the copy, as for any data folder moved elsewhere).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { prepareDataDir } from '../backend'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The prepared demo data folder (host name `commserve01`). */
    preparedDemoDir: string
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'commcell-unit-demo-'))
  await prepareDataDir({ dataDir: dir, profile: 'demo', hostName: 'commserve01' })
  project.provide('preparedDemoDir', dir)
  return () => rmSync(dir, { recursive: true, force: true })
}
