/**
 * Vitest's global setup: one demo data folder with its job history's data, prepared once per run
 * (`--prepare-data-dir`'s code), which `tempBackend(..., { demoData: true })` copies instead of writing the demo's
 * data again for each backend (its paths follow the copy, as for any data folder moved elsewhere); a second one
 * written as of 13:00 for backends on the test clock (see `testClockStart`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { prepareDataDir } from '../backend'
import { testClockStart } from './test-clock-start'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The prepared demo data folder (host name `commserve01`). */
    preparedDemoDir: string
    /** The same, written as of `testClockAt` (ISO local time), for backends on the test clock. */
    preparedTestClockDemoDir: string
    testClockAt: string
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'commcell-unit-demo-'))
  const clockDir = mkdtempSync(join(tmpdir(), 'commcell-unit-demo-'))
  const testClockAt = testClockStart()
  await Promise.all([
    prepareDataDir({ dataDir: dir, profile: 'demo', hostName: 'commserve01' }),
    prepareDataDir({ dataDir: clockDir, profile: 'demo', hostName: 'commserve01', testClockAt: Date.parse(testClockAt) }),
  ])
  project.provide('preparedDemoDir', dir)
  project.provide('preparedTestClockDemoDir', clockDir)
  project.provide('testClockAt', testClockAt)
  return () => {
    rmSync(dir, { recursive: true, force: true })
    rmSync(clockDir, { recursive: true, force: true })
  }
}
