import { chromium, type Browser, type Page } from '@playwright/test'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generateCommCell } from '../../main/testing/generated-commcell'
import { chromiumExecutable } from '../fixtures/chromium'
import { startConsoleHost } from '../fixtures/console-host'
import { median, percentile, report, round } from './stats'

const launchArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']

async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: launchArgs })
}

/** Time from navigation to the tree's top level being visible, in a fresh browser context. */
async function coldStart(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  const started = performance.now()
  await page.goto(url)
  await page.getByRole('treeitem', { name: 'Policies', exact: true }).waitFor({ state: 'visible' })
  const elapsed = performance.now() - started
  await context.close()
  return elapsed
}

/** Time from navigation to the first paint of a static page from the same host: the floor of any page load. */
async function staticPage(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const started = performance.now()
  await page.goto(new URL('/favicon-missing', url).toString()).catch(() => undefined)
  const elapsed = performance.now() - started
  await context.close()
  return elapsed
}

/** Round trips of one command from the page through window.commcell, in ms. */
async function roundTrips(page: Page, command: string, input: unknown, count: number): Promise<number[]> {
  return page.evaluate(
    async ({ command, input, count }) => {
      const api = (window as unknown as { commcell: { invoke(c: string, i: unknown): Promise<unknown> } }).commcell
      const times: number[] = []
      for (let n = 0; n < count; n++) {
        const started = performance.now()
        await api.invoke(command, input)
        times.push(performance.now() - started)
      }
      return times
    },
    { command, input, count },
  )
}

/** The console's figures: cold start, expanding 5,000 policies and End to the last, tree:children round trips. */
export async function consoleBench(runs = 5): Promise<void> {
  const browser = await launch()
  try {
    // Cold start, against a static page load from the same host as the baseline.
    const demo = await startConsoleHost()
    try {
      await coldStart(browser, demo.url) // warm the OS file cache once
      const starts: number[] = []
      const floors: number[] = []
      for (let n = 0; n < runs; n++) {
        floors.push(await staticPage(browser, demo.url))
        starts.push(await coldStart(browser, demo.url))
      }
      report({ figure: 'cold start to tree visible', unit: 'ms', median: round(median(starts)), runs, baseline: 'static page load, same host', baselineMedian: round(median(floors)), ratio: round(median(starts) / median(floors)) })
    } finally {
      await demo.stop()
    }

    // 5,000 storage policies of 3 copies each, against the demo's two.
    const dataDir = mkdtempSync(join(tmpdir(), 'commcell-bench-'))
    generateCommCell(dataDir, { policies: 5000, copiesEach: 3 })
    const big = await startConsoleHost([], dataDir)
    const small = await startConsoleHost()
    try {
      const bigTimes: number[] = []
      const smallTimes: number[] = []
      const bigEndTimes: number[] = []
      const smallEndTimes: number[] = []
      for (let n = 0; n < runs; n++) {
        for (const [host, first, last, times, endTimes] of [[big, 'SP_0001', 'SP_5000', bigTimes, bigEndTimes], [small, 'SP_Default', 'SP_Finance', smallTimes, smallEndTimes]] as const) {
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
          const page = await context.newPage()
          await page.goto(host.url)
          times.push(await expandStoragePolicies(page, first))
          endTimes.push(await endToLastPolicy(page, last))
          await context.close()
        }
      }
      report({ figure: 'expand Storage Policies, 5,000 policies x 3 copies', unit: 'ms', median: round(median(bigTimes)), runs, baseline: 'expand Storage Policies, demo (2 policies)', baselineMedian: round(median(smallTimes)), ratio: round(median(bigTimes) / median(smallTimes)) })
      report({ figure: 'End to the last policy, 5,000 policies x 3 copies', unit: 'ms', median: round(median(bigEndTimes)), runs, baseline: 'End to the last policy, demo (2 policies)', baselineMedian: round(median(smallEndTimes)), ratio: round(median(bigEndTimes) / median(smallEndTimes)) })

      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(big.url)
      await page.getByRole('treeitem', { name: 'Policies', exact: true }).waitFor()
      const info = await roundTrips(page, 'commcell:info', {}, 200)
      const policy = await roundTrips(page, 'tree:children', { nodeId: 'storagePolicy:1' }, 500)
      const all = await roundTrips(page, 'tree:children', { nodeId: 'storagePolicies' }, 30)
      report({ figure: 'tree:children round trip, one policy (3 copies)', unit: 'ms', p50: round(percentile(policy, 50)), p99: round(percentile(policy, 99)), calls: policy.length, baseline: 'commcell:info round trip', baselineP50: round(percentile(info, 50)), ratio: round(percentile(policy, 50) / percentile(info, 50)) })
      report({ figure: 'tree:children round trip, Storage Policies (5,000 nodes)', unit: 'ms', p50: round(percentile(all, 50)), p99: round(percentile(all, 99)), calls: all.length, baseline: 'commcell:info round trip', baselineP50: round(percentile(info, 50)), ratio: round(percentile(all, 50) / percentile(info, 50)) })
      await context.close()
    } finally {
      await big.stop()
      await small.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  } finally {
    await browser.close()
  }
}

/**
 * Clicks a tree item's expand arrow: the first 4 + 14 px of indentation per level, then the 14 px arrow (a click on
 * the label only selects). `depth` is the item's level below the CommCell root.
 */
async function clickExpandArrow(page: Page, name: string, depth: number): Promise<void> {
  const item = page.getByRole('treeitem', { name, exact: true })
  await item.waitFor()
  await item.click({ position: { x: 4 + 14 * depth + 7, y: 12 } })
}

/** Expands Policies > Storage Policies by their arrows and waits until the first policy's tree item shows. */
async function expandStoragePolicies(page: Page, firstPolicy: string): Promise<number> {
  await clickExpandArrow(page, 'Policies', 1)
  await page.getByRole('treeitem', { name: 'Storage Policies', exact: true }).waitFor()
  const started = performance.now()
  await clickExpandArrow(page, 'Storage Policies', 2)
  await page.getByRole('treeitem', { name: firstPolicy, exact: true }).waitFor({ state: 'visible', timeout: 60_000 })
  return performance.now() - started
}

/** From the expanded Storage Policies (the last node under Policies), End: waits until the last policy shows selected. */
async function endToLastPolicy(page: Page, lastPolicy: string): Promise<number> {
  await page.getByRole('treeitem', { name: 'Storage Policies', exact: true }).focus()
  const started = performance.now()
  await page.keyboard.press('End')
  await page.getByRole('treeitem', { name: lastPolicy, exact: true, selected: true }).waitFor({ state: 'visible', timeout: 60_000 })
  return performance.now() - started
}
