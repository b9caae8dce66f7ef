import { readFileSync } from 'node:fs'
import { expect, test } from '../fixtures/test'

// Held to 0.5 MB/s (a test console's --test-throttle), the demo's aux copy to Copy_2 runs about 25 s: it is still
// running while its Details are watched, and is killed to end it.
test.use({ hostArgs: ['--test-throttle', '0.5'] })

test("a running aux copy's Details show its throughput line growing live, and still show it once the job ended", async ({ console: cc, page }) => {
  test.setTimeout(60_000)
  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(await cc.expand('Policies', 'Storage Policies', 'SP_Finance')), {
    copy: 'Copy_2',
    streams: 1,
  })
  const details = await cc.openJobDetails(auxId)
  await expect(details.getByLabel('Status', { exact: true })).toHaveText('Running')
  const chartName = `Throughput of job ${auxId} (MB/s over time)`
  await expect(details.getByRole('figure', { name: chartName })).toBeVisible()
  await details.getByRole('button', { name: 'Show figures' }).click()
  const figures = details.getByRole('table', { name: 'Throughput figures' })
  const points = async () => (await figures.getByRole('row').count()) - 1
  await expect.poll(points).toBeGreaterThan(0)
  const first = await points()
  // About one point a second while it runs: the line grows while the dialog stays open.
  await expect.poll(points, { timeout: 10_000 }).toBeGreaterThanOrEqual(first + 2)
  await expect(figures.getByRole('row').last()).toContainText('Copying to Copy_2')
  await expect(details.getByText(/^\d+ samples over \d\d:\d\d:\d\d: .* moved, peak \d+\.\d\d MB\/s/)).toBeVisible()
  const seen = await points()
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()

  await cc.chooseJobAction(auxId, 'Kill')
  await cc.dialog('Kill Job').getByRole('button', { name: 'Kill' }).click()
  await expect(cc.jobStatus(auxId)).toHaveText('Killed', { timeout: 30_000 })

  // Ended: its Details still show the line, as the catalog kept it, with every point seen while it ran.
  const ended = await cc.openJobDetails(auxId)
  await expect(ended.getByRole('figure', { name: chartName })).toBeVisible()
  await ended.getByRole('button', { name: 'Show figures' }).click()
  const kept = ended.getByRole('table', { name: 'Throughput figures' })
  await expect.poll(async () => (await kept.getByRole('row').count()) - 1).toBeGreaterThanOrEqual(seen)
  const keptPoints = (await kept.getByRole('row').count()) - 1

  // Export CSV: a header and one record per point.
  const [download] = await Promise.all([page.waitForEvent('download'), ended.getByRole('button', { name: 'Export CSV' }).click()])
  expect(download.suggestedFilename()).toBe(`job-${auxId}-throughput.csv`)
  const csv = readFileSync((await download.path())!, 'utf8').split('\r\n').filter((line) => line !== '')
  expect(csv[0]).toBe('Elapsed (s),Interval (s),Bytes,MB/s,Phase')
  expect(csv).toHaveLength(keptPoints + 1)
})
