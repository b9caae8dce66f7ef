import { expect, test } from '../fixtures/test'

/** The CommServe's clock stands still (--test-clock) until the story moves it: an hour passes when it says so. */
test.use({ hostArgs: ['--test-clock'] })

test('an administrator finds an aux copy an hour after it left the Job Controller, by its filter, and its Details list the jobs it copied', async ({
  console: cc,
  page,
}) => {
  // Right-click SP_Finance > All Tasks > Run Auxiliary Copy to Copy_2: the demo's history is copied.
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(finance), { copy: 'Copy_2', streams: null })
  await expect(cc.jobStatus(auxId)).toHaveText('Completed', { timeout: 20_000 })

  // The Job Controller reads the CommServe's clock, which stands still here: the job's Elapsed is CommServe time
  // (its start to its end, both stamped by the standing clock), and it stays ended 5 minutes no matter how long the
  // test's own clock runs.
  await expect(cc.jobCell(auxId, 'Elapsed')).toHaveText('00:00:00')
  // 30 minutes later by the CommServe's clock it has left the Job Controller, without a refresh.
  await cc.advanceClock()
  await expect(cc.jobRow(auxId)).toHaveCount(0)
  // An hour later it is still gone after a refresh (the server's list leaves it out too).
  await cc.advanceClock()
  await page.keyboard.press('F5')
  await expect(cc.jobRow(auxId)).toHaveCount(0)

  // Right-click the CommCell > Job History: Auxiliary Copy of SP_Finance in the last 24 hours.
  const dialog = await cc.openJobHistoryFilter()
  await expect(dialog.getByRole('combobox', { name: 'Job Status', exact: true })).toHaveValue('All')
  // The Start Time and End Time are for Specify Time Range only.
  await expect(dialog.getByRole('group', { name: 'Start Time', exact: true }).getByRole('spinbutton', { name: 'Month' })).toBeDisabled()
  const list = await cc.filterJobHistory(dialog, { Operation: 'Auxiliary Copy', 'Storage Policy': 'SP_Finance', 'Time Range': 'Last 24 Hours' })
  await expect(page.getByRole('tab', { name: 'Job History (filtered)', exact: true })).toHaveAttribute('aria-selected', 'true')
  const row = cc.listJobRow(auxId)
  await expect(row).toContainText('Auxiliary Copy')
  await expect(row).toContainText('SP_Finance')
  await expect(row).toContainText('Completed')
  // Only aux copies of SP_Finance are listed, and the status bar counts them.
  const rows = list.getByRole('row').filter({ has: page.getByRole('gridcell') })
  const shown = await rows.count()
  await expect(rows.filter({ hasText: 'Auxiliary Copy' }).filter({ hasText: 'SP_Finance' })).toHaveCount(shown)
  await expect(page.getByRole('contentinfo', { name: 'Status bar' })).toContainText(`${shown} ${shown === 1 ? 'item' : 'items'}`)

  // Right-click the row > Details: the Job Controller's Job Details, with the jobs it copied.
  const menu = await cc.listJobMenu(row, auxId)
  await menu.getByRole('menuitem', { name: 'Details', exact: true }).click()
  const details = cc.dialog('Job Details')
  await expect(details.getByLabel('Job ID', { exact: true })).toHaveText(String(auxId))
  await expect(details.getByLabel('Status', { exact: true })).toHaveText('Completed')
  const copied = details.getByRole('table', { name: 'Items' }).getByRole('row').filter({ hasText: 'Copy_2' })
  expect(await copied.count()).toBeGreaterThan(10)
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()
})
