import { expect, test } from '../fixtures/test'

/** The CommServe's clock stands still (--test-clock) until the story moves it. */
test.use({ hostArgs: ['--test-clock'] })

test('an administrator backs up finance every half hour with a Data Protection schedule policy, sees it in the subclient, and finds the backup in its Backup History', async ({
  console: cc,
  page,
}) => {
  // Right-click Schedule Policies > New Schedule Policy, of Type Data Protection.
  const dialog = await cc.newSchedulePolicy()
  await cc.choose(dialog, 'Type', 'Data Protection')
  await dialog.getByLabel('Name', { exact: true }).fill('Finance Half Hourly')
  await dialog.getByRole('button', { name: 'Add' }).click()
  const details = cc.scheduleDetails
  await details.getByLabel('Schedule Name').fill('Half Hourly Differential')
  await details.getByRole('radio', { name: 'Daily' }).check()
  await details.getByLabel('Start Time').fill('00:00')
  await details.getByRole('checkbox', { name: 'Repeat' }).check()
  await details.getByLabel('Repeat every (minutes)').fill('30')
  await details.getByLabel('Repeat until').fill('23:59')
  await expect(details.getByRole('checkbox', { name: 'Allow Maximum' })).toHaveCount(0)
  await details.getByRole('radio', { name: 'Differential' }).check()
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByRole('grid', { name: 'Schedules' })).toContainText('Differential')

  // Associations: the subclient finance only (its client is covered by the demo's localhost Backups).
  await dialog.getByRole('tab', { name: 'Associations' }).click()
  await dialog.getByRole('checkbox', { name: 'localhost / File System / finance', exact: true }).check()
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toBeHidden()

  // finance > Properties > Schedules: what covers it, and through what.
  const fileSystem = await cc.expand('Client Computers', 'localhost', 'File System')
  const finance = cc.treeItem('finance', fileSystem)
  await cc.chooseFromMenu(finance, 'Properties')
  const properties = cc.dialog('Subclient Properties')
  await properties.getByRole('tab', { name: 'Schedules' }).click()
  const schedules = properties.getByRole('grid', { name: 'Schedules' })
  await expect(schedules.getByRole('row').filter({ hasText: 'Half Hourly Differential' })).toContainText('Subclient finance')
  await expect(schedules.getByRole('row').filter({ hasText: 'Daily Incremental' })).toContainText('Client localhost')
  await expect(schedules.getByRole('row').filter({ hasText: 'Weekly Full' })).toContainText('Client localhost')
  await properties.getByRole('button', { name: 'Cancel' }).click()

  // The scheduler's first look at the new schedule starts its clock; half an hour later it has backed finance up.
  await cc.advanceClock()
  await cc.advanceClock()
  await cc.chooseFromMenu(finance, 'Backup History')
  await expect(page.getByRole('tab', { name: 'Backup History of finance', exact: true })).toHaveAttribute('aria-selected', 'true')
  // Found by its schedule: where the half hour crosses 21:00, the demo's Daily Incremental of localhost runs too.
  const newest = cc.list.getByRole('row').filter({ hasText: 'Half Hourly Differential' }).first()
  await expect(newest).toContainText('Differential')
  const jobId = Number(await newest.getByRole('gridcell').first().innerText())

  // Right-click it > Details, as in Job History.
  const menu = await cc.listJobMenu(newest, jobId)
  await menu.getByRole('menuitem', { name: 'Details', exact: true }).click()
  const jobDetails = cc.dialog('Job Details')
  await expect(jobDetails.getByLabel('Job ID', { exact: true })).toHaveText(String(jobId))
  await expect(jobDetails.getByLabel('Status', { exact: true })).toHaveText('Completed', { timeout: 20_000 })
})
