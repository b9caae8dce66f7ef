import { defineConfig } from '@playwright/test'
import { chromiumExecutable } from './e2e/fixtures/chromium'

// Browser-mode stories run in Chromium (Debian's /usr/bin/chromium here; CHROMIUM_PATH overrides). The electron
// project drives the desktop window where the Electron binary exists and reports a skip where it does not.
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1440, height: 900 },
    // No trace by default: recording one costs about a third of the run's time, and a failure's screenshot and the
    // host's stderr say most of it. Add `--trace retain-on-failure` to keep one for a story under investigation.
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testDir: 'e2e/specs',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: chromiumExecutable(),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
    { name: 'electron', testDir: 'e2e/electron' },
  ],
})
