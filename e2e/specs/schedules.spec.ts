import { startConsoleHost } from '../fixtures/console-host'
import { expect, test } from '../fixtures/test'
import { ConsolePage } from '../pages/console-page'

test('a new copy is copied by the System Created Autocopy schedule once the CommServe clock moves 30 minutes', async ({ page }) => {
  test.setTimeout(120_000)
  const host = await startConsoleHost(['--test-clock'])
  try {
    const cc = new ConsolePage(page)
    await cc.open(host.url)
    const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
    const dialog = await cc.createNewCopy(finance)
    await expect(dialog.getByLabel('Copy Name', { exact: true })).toHaveValue('Copy_3')
    await cc.choose(dialog, 'Library', 'DiskLib02')
    await dialog.getByRole('button', { name: 'OK' }).click()
    await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
    await expect(dialog).toBeHidden()
    await cc.closeNotice(page.getByRole('alert').filter({ hasText: 'Copy_3 created in SP_Finance.' }))

    // Every backup on the Primary waits for Copy_3 until the schedule runs.
    const copy3 = cc.treeItem('Copy_3', finance)
    await cc.chooseFromMenu(copy3, 'View Jobs')
    await expect(cc.listRow('To Be Copied').first()).toBeVisible()

    const clock = page.getByRole('group', { name: 'Test clock' }).getByRole('status', { name: 'CommServe time' })
    const before = await clock.innerText()
    expect(before).toMatch(/^CommServe time: /)
    await cc.advanceClock()
    await expect(clock).not.toHaveText(before)

    const jobs = await cc.openJobController()
    const scheduled = jobs.getByRole('row').filter({ hasText: 'Auxiliary Copy' }).filter({ hasText: 'Autocopy' })
    await expect(scheduled).toHaveCount(1)
    await expect(scheduled).toContainText('SP_Finance')
    await expect(scheduled).toContainText('Completed', { timeout: 60_000 })
    // Its times are the CommServe's: the clock stood still while it ran, and once it is moved 30 minutes on, the
    // ended job leaves the Job Controller (after 5 minutes, as in the product).
    const scheduledId = Number(await scheduled.getByRole('gridcell').first().innerText())
    await expect(cc.jobCell(scheduledId, 'Elapsed')).toHaveText('00:00:00')
    await cc.advanceClock()
    await expect(cc.jobRow(scheduledId)).toHaveCount(0)

    await cc.chooseFromMenu(copy3, 'View Jobs')
    await expect(page.getByRole('tab', { name: 'Jobs for Copy_3', exact: true })).toBeVisible()
    await expect(cc.listRow('Available').first()).toBeVisible()
    await expect(cc.listRow('To Be Copied')).toHaveCount(0)
  } finally {
    await host.stop()
  }
})

test('an administrator creates a daily schedule policy for SP_Finance, correcting a zero repeat', async ({ console: cc, page }) => {
  const dialog = await cc.newSchedulePolicy()
  await expect(dialog.getByLabel('Type', { exact: true })).toHaveValue('Auxiliary Copy')
  await dialog.getByLabel('Name', { exact: true }).fill('Finance Evening')
  await dialog.getByLabel('Description', { exact: true }).fill('Hourly copies of SP_Finance in the evening.')

  // OK without a schedule says what is missing.
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByText('Add at least one schedule.')).toBeVisible()

  await dialog.getByRole('button', { name: 'Add' }).click()
  const details = cc.scheduleDetails
  await details.getByLabel('Schedule Name').fill('Evening')
  await details.getByRole('radio', { name: 'Daily' }).check()
  await details.getByLabel('Start Time').fill('18:00')
  await details.getByRole('checkbox', { name: 'Repeat' }).check()
  const every = details.getByLabel('Repeat every (minutes)')
  await every.fill('0')
  await details.getByLabel('Repeat until').fill('23:00')
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(every).toHaveAccessibleDescription('Repeat every (minutes) must be at least 1.')
  await expect(every).toBeFocused()
  await expect(details.getByRole('status')).toHaveText('Next run: shown once the pattern is complete')

  await every.fill('60')
  await expect(details.getByRole('status')).toContainText(/^Next run: .+, (18|19|20|21|22|23):00 \(/)
  await details.getByRole('checkbox', { name: 'Allow Maximum' }).uncheck()
  await details.getByLabel('Number of Streams').fill('2')
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()
  const schedules = dialog.getByRole('grid', { name: 'Schedules' })
  await expect(schedules.getByRole('row').nth(1)).toContainText('Evening')
  await expect(schedules.getByRole('row').nth(1)).toContainText('Daily, every 60 minutes from 18:00 to 23:00')

  await dialog.getByRole('tab', { name: 'Associations' }).click()
  await dialog.getByRole('checkbox', { name: 'SP_Finance', exact: true }).check()
  // The whole policy covers Copy_2, and any copy created later.
  await expect(dialog.getByRole('checkbox', { name: 'SP_Finance / Copy_2' })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'SP_Finance / Copy_2' })).toBeDisabled()
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Schedule policy Finance Evening created.' })).toBeVisible()

  const folder = cc.treeItem('Schedule Policies')
  const created = cc.treeItem('Finance Evening', folder)
  await expect(created).toHaveAttribute('aria-selected', 'true')
  await expect(cc.listRow('SP_Finance')).toContainText('All Copies')

  // Its Properties show what was saved.
  await cc.chooseFromMenu(created, 'Properties')
  const properties = cc.dialog('Schedule Policy Properties')
  await expect(properties.getByRole('grid', { name: 'Schedules' }).getByRole('row').nth(1)).toContainText('Evening')
  await properties.getByRole('button', { name: 'Edit' }).click()
  await expect(cc.scheduleDetails.getByLabel('Number of Streams')).toHaveValue('2')
  await cc.scheduleDetails.getByRole('button', { name: 'Cancel' }).click()
  await properties.getByRole('tab', { name: 'Associations' }).click()
  await expect(properties.getByRole('checkbox', { name: 'SP_Finance', exact: true })).toBeChecked()
  await properties.getByRole('button', { name: 'Cancel' }).click()
  await expect(properties).toBeHidden()

  // The Schedule Policies list names its association.
  await cc.select(folder)
  await expect(cc.listRow('Finance Evening')).toContainText('Auxiliary Copy')
  await expect(cc.listRow('Finance Evening')).toContainText('SP_Finance')
})

test('deleting the System Created Autocopy schedule names the copy that depends on it', async ({ console: cc, page }) => {
  const autocopy = cc.treeItem('System Created Autocopy schedule', await cc.expand('Policies', 'Schedule Policies'))
  await cc.chooseFromMenu(autocopy, 'Delete')
  const question = cc.dialog('Delete Schedule Policy')
  await expect(question).toContainText('SP_Finance / Copy_2 depends on System Created Autocopy schedule. Delete it anyway?')
  await question.getByRole('button', { name: 'Cancel' }).click()
  await expect(question).toBeHidden()
  await expect(autocopy).toBeVisible()

  await cc.chooseFromMenu(autocopy, 'Delete')
  await question.getByRole('button', { name: 'Delete' }).click()
  await expect(question).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Schedule policy System Created Autocopy schedule deleted.' })).toBeVisible()
  await expect(autocopy).toBeHidden()
  expect(await cc.catalogChildren('Policies', 'Schedule Policies')).toEqual(['localhost Backups', 'System Created Data Aging'])
})

test('Run Immediately on the System Created Autocopy schedule starts an auxiliary copy job', async ({ console: cc, page }) => {
  const autocopy = cc.treeItem('System Created Autocopy schedule', await cc.expand('Policies', 'Schedule Policies'))
  await cc.contextMenu(autocopy)
  await page.getByRole('menuitem', { name: 'Run Immediately' }).click()
  const notice = page.getByRole('alert').filter({ hasText: /^Started job\(s\) \d+ for System Created Autocopy schedule\.$/ })
  await expect(notice).toBeVisible()
  const jobId = Number(/\d+/.exec(await notice.innerText())![0])
  await expect(cc.jobController).toBeVisible()
  await expect(cc.jobRow(jobId)).toContainText('Auxiliary Copy')
  await expect(cc.jobRow(jobId)).toContainText('Autocopy')
  await expect(cc.jobRow(jobId)).toContainText('Completed', { timeout: 60_000 })
})
