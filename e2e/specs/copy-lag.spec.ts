import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Download, Locator } from '@playwright/test'
import { expect, test } from '../fixtures/test'

const screenshotPath = fileURLToPath(new URL('../../assets/copy-lag.png', import.meta.url))

/** The CommServe's clock stands still (--test-clock) until the story moves it, 30 minutes a click. */
test.use({ hostArgs: ['--test-clock'] })

/** A downloaded CSV's lines as fields (no field of these files holds a comma, a quote or a line break). */
async function csvLines(download: Download): Promise<string[][]> {
  const text = readFileSync((await download.path())!, 'utf8')
  expect(text.endsWith('\r\n')).toBe(true)
  return text.trimEnd().split('\r\n').map((line) => line.split(','))
}

/** Clicks an Export CSV button and waits for its download. */
async function exportCsv(button: Locator): Promise<Download> {
  const [download] = await Promise.all([button.page().waitForEvent('download'), button.click()])
  return download
}

test('Copy_2 lags its primary until the autocopy runs: its chart says what View Jobs says is To Be Copied, before and after, and both export as CSV', async ({
  console: cc,
  page,
}) => {
  /** Moves the clock half an hour and returns the id of the autocopy that tick started, with the Job Controller open. */
  async function advanceToAutocopy(): Promise<number> {
    await cc.advanceClock()
    // The autocopy's job among those the tick started (crossing 12:00 would start Data Aging too).
    const notice = page.getByRole('alert').filter({ hasText: /^Scheduled job\(s\) [\d, ]+ started\.$/ })
    const started = (await notice.innerText()).match(/\d+/g)!.map(Number)
    await cc.closeNotice(notice)
    await cc.openJobController()
    const autocopies = []
    for (const jobId of started) if ((await cc.jobRow(jobId).innerText()).includes('Auxiliary Copy')) autocopies.push(jobId)
    expect(autocopies).toHaveLength(1)
    return autocopies[0]!
  }
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const copy2 = cc.treeItem('Copy_2', finance)
  // Right-click Copy_2 > View Jobs: the chart of its backlog above its job list, the CommServe's first sample drawn.
  const jobs = await cc.viewJobs(copy2, 'Copy_2')
  const figure = page.getByRole('figure', { name: 'Copy lag of SP_Finance / Copy_2', exact: true })
  await expect(figure).toContainText(/Copy_2: 85 jobs, [\d.]+ MB To Be Copied at /)
  await page.getByRole('button', { name: 'Show figures' }).click()
  const figures = page.getByRole('table', { name: 'Figures of Copy lag of SP_Finance / Copy_2' })
  const firstSample = figures.getByRole('row').nth(1)
  await expect(firstSample.getByRole('cell').nth(1)).toHaveText('85')
  const firstBytes = (await firstSample.getByRole('cell').last().innerText()).trim()

  // View Jobs says the same: 85 jobs, all To Be Copied, whose sizes add up to the chart's figure (the jobs' CSV).
  const statusBar = page.getByRole('contentinfo', { name: 'Status bar' })
  await expect(statusBar).toContainText('85 items')
  const jobsCsv = await csvLines(await exportCsv(page.getByRole('button', { name: 'Export CSV: jobs listed' })))
  const [header, ...rows] = jobsCsv
  expect(header).toEqual(expect.arrayContaining(['Job ID', 'Size (bytes)', 'Status']))
  expect(rows).toHaveLength(85)
  const size = header!.indexOf('Size (bytes)')
  const status = header!.indexOf('Status')
  expect(rows.every((row) => row[status] === 'To Be Copied')).toBe(true)
  const backlogBytes = rows.reduce((sum, row) => sum + Number(row[size]), 0)
  const lagCsv = await csvLines(await exportCsv(page.getByRole('button', { name: 'Export CSV: copy lag figures' })))
  expect(lagCsv[0]).toEqual(['Time', 'Storage Policy', 'Copy', 'Jobs To Be Copied', 'Data To Be Copied (bytes)'])
  expect(lagCsv.slice(1).map((line) => line.slice(1))).toEqual([['SP_Finance', 'Copy_2', '85', String(backlogBytes)]])
  expect(firstBytes).toMatch(/^[\d.]+ MB$/)

  // Half an hour later the System Created Autocopy runs and copies them all; two more ticks run it again with
  // nothing left. Each run ends before the clock moves on: a run still going at the next tick would keep that tick
  // from starting another (the chart would count two runs, not three).
  const autocopies: number[] = []
  for (let tick = 0; tick < 3; tick++) {
    autocopies.push(await advanceToAutocopy())
    await expect(cc.jobStatus(autocopies.at(-1)!)).toHaveText('Completed', { timeout: 20_000 })
    await page.getByRole('tab', { name: 'Jobs for Copy_2' }).click()
  }
  const autocopy = autocopies[0]!
  await page.keyboard.press('F5')
  await expect(figure).toContainText('Copy_2: 0 jobs, 0 bytes To Be Copied at ')
  await expect(figure).toContainText('3 auxiliary copy runs in this range.')
  await page.getByRole('button', { name: 'Show figures' }).click()
  const samples = figures.getByRole('row')
  await expect(samples).toHaveCount(5)
  // Newest first: two ticks after the run, the tick that started it, the first one (time, jobs, data).
  const figuresOf = async (row: Locator) => (await row.getByRole('cell').allInnerTexts()).slice(1).map((text) => text.trim())
  expect(await figuresOf(samples.nth(1))).toEqual(['0', '0 bytes'])
  expect(await figuresOf(samples.nth(2))).toEqual(['0', '0 bytes'])
  expect(await figuresOf(samples.nth(3))).toEqual(['85', firstBytes])
  expect(await figuresOf(samples.nth(4))).toEqual(['85', firstBytes])
  const runs = page.getByRole('table', { name: 'Auxiliary copy runs' })
  await expect(runs.getByRole('row').filter({ hasText: String(autocopy) })).toContainText('Completed')

  // View Jobs: none To Be Copied; the 85 jobs the chart counted are Available.
  await expect(statusBar).toContainText('85 items')
  await expect(jobs.getByRole('row').filter({ hasText: 'To Be Copied' })).toHaveCount(0)
  const after = await csvLines(await exportCsv(page.getByRole('button', { name: 'Export CSV: jobs listed' })))
  expect(after.slice(1).filter((row) => row[status] === 'Available')).toHaveLength(85)
  await page.getByRole('button', { name: 'Hide figures' }).click()
  // The notices of the scheduled jobs are not part of the picture.
  const notices = page.getByRole('alert').filter({ hasText: /^Scheduled job/ })
  while ((await notices.count()) > 0) {
    // The next waiting notice shows where this one was: each is closed by its own text.
    const text = (await notices.first().innerText()).trim()
    await cc.closeNotice(page.getByRole('alert').filter({ hasText: text }))
  }
  await page.mouse.move(0, 0)
  await page.screenshot({ path: screenshotPath, animations: 'disabled' })
})
