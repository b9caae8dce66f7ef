/**
 * Vitest's global setup: one demo data folder with its job history's data, prepared once per run
 * (`--prepare-data-dir`'s code), which `tempBackend(..., { demoData: true })` copies instead of writing the demo's
 * data again for each backend (its paths follow the copy, as for any data folder moved elsewhere); a second one
 * written as of 13:00 for backends on the test clock (see `testClockStart`). It also bundles the MediaAgent worker from
 * the sources once (as `build.mjs` does), for the development bootstrap to load (`media-agent-worker-dev.mjs`).
 */
import { build } from 'esbuild'
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { TestProject } from 'vitest/node'
import { esmRequireBanner, nodeBundle } from '../../scripts/bundle-options.mjs'
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
  // Beside the project's node_modules, so the bundle finds better-sqlite3; one folder per run.
  const cache = resolve(import.meta.dirname, '../../node_modules/.cache')
  mkdirSync(cache, { recursive: true })
  const bundleDir = mkdtempSync(join(cache, 'commcell-test-worker-'))
  // Readable by all: a test runs a console as another user (skipped-files.test.ts).
  chmodSync(bundleDir, 0o755)
  const bundle = join(bundleDir, 'media-agent-worker.mjs')
  await Promise.all([
    build({ ...nodeBundle, format: 'esm', banner: esmRequireBanner, entryPoints: [resolve(import.meta.dirname, '../mediaagent/media-agent-worker.ts')], outfile: bundle }),
    prepareDataDir({ dataDir: dir, profile: 'demo', hostName: 'commserve01' }),
    prepareDataDir({ dataDir: clockDir, profile: 'demo', hostName: 'commserve01', testClockAt: Date.parse(testClockAt) }),
  ])
  // Read by the test processes vitest starts after this setup (they inherit the environment).
  process.env.COMMCELL_TEST_WORKER_BUNDLE = pathToFileURL(bundle).href
  project.provide('preparedDemoDir', dir)
  project.provide('preparedTestClockDemoDir', clockDir)
  project.provide('testClockAt', testClockAt)
  return () => {
    rmSync(bundleDir, { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
    rmSync(clockDir, { recursive: true, force: true })
  }
}
