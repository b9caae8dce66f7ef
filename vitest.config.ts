import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 90_000,
    // One demo data folder with its data, prepared once, copied by the tests that need one (main/testing/temp-backend.ts).
    globalSetup: ['main/testing/global-setup.ts'],
    pool: 'forks',
    // The files share their worker's module cache (each file still runs its own code afresh): no test file changes a
    // module's state for the next. Alone on 2 cores with one worker the suite ran in 348 s instead of 443 s: a fresh
    // worker per file loaded the backend's modules again for each of the 123 files.
    isolate: false,
    // Two files at a time (the default here is one): the suite's tests wait on disks and threads more than on a
    // core, and none races another (each has its own data folder). About 185 s instead of 260 s on 2 cores.
    maxWorkers: 2,
  },
})
