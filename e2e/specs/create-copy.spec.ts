import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startConsoleHost } from '../fixtures/console-host'
import { expect, test } from '../fixtures/test'
import { ConsolePage } from '../pages/console-page'

const screenshotPath = fileURLToPath(new URL('../../assets/copy-properties.png', import.meta.url))
const day = 24 * 60 * 60 * 1000

test('an administrator creates Copy_3 on DiskLib02 in SP_Finance, answering No to keep All Backups', async ({ console: cc, page }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  await expect(dialog.getByLabel('Copy Name', { exact: true })).toHaveValue('Copy_3')
  await expect(dialog.getByRole('checkbox', { name: 'Primary Copy' })).not.toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'Active' })).toBeChecked()
  await expect(dialog.getByText('This copy will be associated with the System Created Autocopy schedule.')).toBeVisible()

  await cc.choose(dialog, 'Library', 'DiskLib02')
  // The only MediaAgent with a data path to DiskLib02 is chosen for us; the pools stay off for disk.
  await expect(dialog.getByRole('combobox', { name: 'MediaAgent', exact: true })).toHaveValue('ma01')
  await expect(dialog.getByRole('combobox', { name: 'Drive Pool' })).toBeDisabled()
  await expect(dialog.getByRole('combobox', { name: 'Scratch Pool' })).toBeDisabled()
  await page.screenshot({ path: screenshotPath, animations: 'disabled' })

  await dialog.getByRole('tab', { name: 'Data Paths' }).click()
  const paths = dialog.getByRole('table', { name: 'Data Paths' })
  await expect(paths.getByRole('row').nth(1)).toContainText('DiskLib02')
  await expect(paths.getByRole('row').nth(1)).toContainText('Yes')

  await dialog.getByRole('button', { name: 'OK' }).click()
  // The demo's Primary holds four weeks of jobs: the 14-day question comes up.
  const question = cc.dialog('Copy Policy')
  await expect(question).toContainText('older than 14 days')
  await question.getByRole('button', { name: 'No' }).click()

  await expect(dialog).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Copy_3 created in SP_Finance.' })).toBeVisible()
  const copy3 = cc.treeItem('Copy_3', finance)
  await expect(copy3).toBeVisible()
  await expect(copy3).toHaveAttribute('aria-selected', 'true')

  await cc.chooseFromMenu(copy3, 'View Jobs')
  await expect(page.getByRole('tab', { name: 'Jobs for Copy_3', exact: true })).toBeVisible()
  await expect(cc.listRow('To Be Copied').first()).toBeVisible()

  await cc.select(finance)
  await expect(cc.listRow('Copy_3')).toContainText('DiskLib02')
  await expect(cc.listRow('Copy_3').getByRole('gridcell').nth(5)).toHaveText('3')
})

test('Create New Copy on SP_Default suggests Copy_2', async ({ console: cc }) => {
  const dialog = await cc.createNewCopy(await cc.expand('Policies', 'Storage Policies', 'SP_Default'))
  await expect(dialog.getByLabel('Copy Name', { exact: true })).toHaveValue('Copy_2')
  await dialog.getByRole('tab', { name: 'Copy Policy' }).click()
  await expect(dialog.getByRole('combobox', { name: 'Source Copy' })).toHaveValue('Primary')
  await expect(dialog.getByRole('radio', { name: 'All Backups' })).toBeChecked()
  await expect(dialog.getByRole('group', { name: 'Backups On and After' }).getByRole('spinbutton', { name: 'Month' })).toBeDisabled()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
})

test('a tape library makes Drive Pool and Scratch Pool required, and the copy is created on them', async ({ console: cc, page }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  const drivePool = dialog.getByRole('combobox', { name: 'Drive Pool' })
  const scratchPool = dialog.getByRole('combobox', { name: 'Scratch Pool' })
  await expect(drivePool).toBeDisabled()

  await cc.choose(dialog, 'Library', 'TapeLib01')
  await expect(drivePool).toBeEnabled()
  await expect(scratchPool).toBeEnabled()
  await expect(drivePool).toHaveAttribute('aria-required', 'true')
  await expect(scratchPool).toHaveAttribute('aria-required', 'true')

  await dialog.getByRole('tab', { name: 'Deduplication' }).click()
  await expect(dialog.getByRole('checkbox', { name: 'Enable Deduplication' })).toBeDisabled()
  await expect(dialog.getByText('Deduplication is available only for disk libraries.')).toBeVisible()

  // OK brings the General tab back: the pools are required.
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true')
  await expect(drivePool).toHaveAccessibleDescription('Drive Pool is required for a tape library.')
  await expect(scratchPool).toHaveAccessibleDescription('Scratch Pool is required for a tape library.')
  await expect(drivePool).toBeFocused()
  await page.screenshot({ path: test.info().outputPath('tape-required.png'), animations: 'disabled' })

  await cc.choose(dialog, 'Drive Pool', 'DrivePool01')
  await cc.choose(dialog, 'Scratch Pool', 'ScratchPool01')
  await expect(dialog.getByText('Drive Pool is required for a tape library.')).toBeHidden()
  await dialog.getByRole('button', { name: 'OK' }).click()
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()
  // The console selects the new copy; only then does a click on the policy stay selected.
  await expect(cc.treeItem('Copy_3', finance)).toHaveAttribute('aria-selected', 'true')
  await cc.select(finance)
  await expect(cc.listRow('Copy_3')).toContainText('TapeLib01')
})

test('Yes to the 14-day question keeps the dialog on Copy Policy, and the copy takes only jobs on and after the date', async ({ console: cc, page }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  await cc.choose(dialog, 'Library', 'DiskLib02')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await cc.dialog('Copy Policy').getByRole('button', { name: 'Yes' }).click()

  await expect(cc.dialog('Copy Policy')).toBeHidden()
  await expect(dialog.getByRole('tab', { name: 'Copy Policy' })).toHaveAttribute('aria-selected', 'true')
  await expect(dialog.getByRole('radio', { name: 'All Backups' })).not.toBeChecked()
  await expect(dialog.getByRole('radio', { name: 'Backups On and After' })).toBeChecked()
  const dateField = dialog.getByRole('group', { name: 'Backups On and After' })
  await expect(dateField.getByRole('spinbutton', { name: 'Month' })).toBeFocused()
  expect(await cc.catalogChildren('Policies', 'Storage Policies', 'SP_Finance')).toEqual(['Primary', 'Copy_2'])

  const since = new Date(Date.now() - 7 * day)
  await cc.typeDate(dialog, 'Backups On and After', since)
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toBeHidden()
  const copy3 = cc.treeItem('Copy_3', finance)
  await expect(copy3).toBeVisible()

  await cc.chooseFromMenu(copy3, 'View Jobs')
  await expect(cc.listRow('To Be Copied').first()).toBeVisible()
  // Oldest first: the first job started on or after the chosen day.
  await cc.list.getByRole('columnheader', { name: 'Start Time' }).click()
  const startColumn = (await cc.columnLabels()).indexOf('Start Time')
  const oldest = await cc.list.getByRole('row').nth(1).getByRole('gridcell').nth(startColumn).innerText()
  const midnight = new Date(since)
  midnight.setHours(0, 0, 0, 0)
  expect(new Date(oldest).getTime()).toBeGreaterThanOrEqual(midnight.getTime())

  // The whole policy has older jobs than that.
  await cc.chooseFromMenu(finance, 'All Tasks', 'View Jobs')
  await cc.list.getByRole('columnheader', { name: 'Start Time' }).click()
  const policyStart = (await cc.columnLabels()).indexOf('Start Time')
  const policyOldest = await cc.list.getByRole('row').nth(1).getByRole('gridcell').nth(policyStart).innerText()
  expect(new Date(policyOldest).getTime()).toBeLessThan(midnight.getTime())
  await expect(page.getByRole('tab', { name: 'Jobs for SP_Finance', exact: true })).toBeVisible()
})

test('deduplication is chosen at creation and cannot be changed afterwards', async ({ console: cc, host }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  await dialog.getByRole('tab', { name: 'Deduplication' }).click()
  // No library yet: nothing to deduplicate onto.
  await expect(dialog.getByRole('checkbox', { name: 'Enable Deduplication' })).toBeDisabled()
  await dialog.getByRole('tab', { name: 'General' }).click()
  await cc.choose(dialog, 'Library', 'DiskLib02')
  await dialog.getByRole('tab', { name: 'Deduplication' }).click()
  await dialog.getByRole('checkbox', { name: 'Enable Deduplication' }).check()
  await expect(dialog.getByRole('combobox', { name: 'DDB MediaAgent' })).toHaveValue('ma01')
  const ddbPath = join(host.dataDir, 'ddb', 'SP_Finance_Copy_3')
  await dialog.getByLabel('DDB Path').fill('relative/ddb')
  await expect(dialog.getByText('DDB path must be an absolute folder path.')).toBeVisible()
  await dialog.getByLabel('DDB Path').fill(ddbPath)
  await dialog.getByRole('button', { name: 'OK' }).click()
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()

  const properties = await cc.openCopyProperties(cc.treeItem('Copy_3', finance))
  await expect(properties.getByRole('checkbox', { name: 'Primary Copy' })).not.toBeChecked()
  await properties.getByRole('tab', { name: 'Deduplication' }).click()
  const dedup = properties.getByRole('checkbox', { name: 'Enable Deduplication' })
  await expect(dedup).toBeChecked()
  await expect(dedup).toBeDisabled()
  await expect(properties.getByText('Deduplication can be enabled only when the copy is created.')).toBeVisible()
  await expect(properties.getByLabel('DDB Path')).toHaveValue(ddbPath)
  await expect(properties.getByLabel('DDB Path')).toHaveAttribute('readonly', '')
  await properties.getByRole('tab', { name: 'Copy Policy' }).click()
  await expect(properties.getByRole('combobox', { name: 'Source Copy' })).toBeDisabled()
  await properties.getByRole('button', { name: 'Cancel' }).click()
})

test('choosing the primary copy library shows the recommendation, another library does not', async ({ console: cc }) => {
  const dialog = await cc.createNewCopy(await cc.expand('Policies', 'Storage Policies', 'SP_Finance'))
  const advice = dialog.getByRole('note').filter({ hasText: 'We recommend a different library for a secondary copy.' })
  await cc.choose(dialog, 'Library', 'DiskLib01')
  await expect(advice).toBeVisible()
  await cc.choose(dialog, 'Library', 'DiskLib02')
  await expect(advice).toBeHidden()
})

test('an existing copy is edited in Copy Properties, and the lists show the change at once; the primary keeps Active and All Backups', async ({ console: cc }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  // From SP_Finance's list of copies: right-click Copy_2 > Properties.
  await cc.select(finance)
  await expect(cc.listRow('Copy_2')).toContainText('DiskLib02')
  await cc.listRow('Copy_2').click({ button: 'right' })
  await cc.page.getByRole('menuitem', { name: 'Properties' }).click()
  const copy2 = cc.dialog('Copy Properties')
  await expect(copy2.getByRole('combobox', { name: 'Library', exact: true })).toHaveValue('DiskLib02')
  await expect(copy2.getByRole('list', { name: 'Schedules' })).toContainText('System Created Autocopy schedule')
  await cc.choose(copy2, 'Library', 'DiskLib01')
  await copy2.getByRole('tab', { name: 'Retention' }).click()
  await copy2.getByLabel('Retain for (days)').fill('4x')
  await expect(copy2.getByText('Retain for days must be a whole number.')).toBeVisible()
  await copy2.getByLabel('Retain for (days)').fill('45')
  await copy2.getByRole('button', { name: 'OK' }).click()
  await expect(copy2).toBeHidden()
  await expect(cc.listRow('Copy_2')).toContainText('45 days, 1 cycle')
  await expect(cc.listRow('Copy_2')).toContainText('DiskLib01')
  // The copy's own view (its data paths) shows the library, and a change made while it is shown, at once.
  await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  await cc.select(cc.treeItem('Copy_2', finance))
  await expect(cc.listRow('ma01')).toContainText('DiskLib01')
  const again = await cc.openCopyProperties(cc.treeItem('Copy_2', finance))
  await cc.choose(again, 'Library', 'DiskLib02')
  await again.getByRole('button', { name: 'OK' }).click()
  await expect(again).toBeHidden()
  await expect(cc.listRow('ma01')).toContainText('DiskLib02')

  await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const primary = await cc.openCopyProperties(cc.treeItem('Primary', finance))
  await expect(primary.getByRole('checkbox', { name: 'Primary Copy' })).toBeChecked()
  await expect(primary.getByRole('checkbox', { name: 'Active' })).toBeDisabled()
  await primary.getByRole('tab', { name: 'Copy Policy' }).click()
  await expect(primary.getByRole('radio', { name: 'All Backups' })).toBeChecked()
  await expect(primary.getByRole('radio', { name: 'Backups On and After' })).toBeDisabled()
  await primary.getByRole('button', { name: 'Cancel' }).click()
})

test('on an upgraded CommCell the Auxiliary Copy Schedule dialog sets the new copy schedule', async ({ page }) => {
  const host = await startConsoleHost(['--demo-upgraded'])
  try {
    const cc = new ConsolePage(page)
    await cc.open(host.url)
    const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
    const dialog = await cc.createNewCopy(finance)
    await expect(dialog.getByText('the Auxiliary Copy Schedule dialog offers a schedule for this copy')).toBeVisible()
    await cc.choose(dialog, 'Library', 'DiskLib02')
    await dialog.getByRole('button', { name: 'OK' }).click()
    await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()

    const schedule = cc.dialog('Auxiliary Copy Schedule')
    await expect(schedule.getByLabel('Schedule Name')).toHaveValue('SP_Finance auxiliary copy schedule')
    await expect(schedule.getByLabel('Schedule Pattern')).toHaveValue(/^Daily, every 30 minutes from 00:00 to 23:59 \(.+\)$/)
    await expect(schedule.getByLabel('Number of Streams')).toHaveValue('Maximum')
    await expect(schedule.getByLabel('Start New Media')).toHaveValue('No')
    await expect(schedule.getByLabel('Mark Media Full On Success')).toHaveValue('No')
    await page.screenshot({ path: test.info().outputPath('aux-copy-schedule.png'), animations: 'disabled' })

    // Cancel returns to Copy Properties without creating anything; OK shows the schedule again (the 14-day
    // question was answered already).
    await schedule.getByRole('button', { name: 'Cancel' }).click()
    await expect(schedule).toBeHidden()
    await expect(dialog).toBeVisible()
    expect(await cc.catalogChildren('Policies', 'Storage Policies', 'SP_Finance')).toEqual(['Primary', 'Copy_2'])
    await dialog.getByRole('button', { name: 'OK' }).click()
    await schedule.getByRole('button', { name: 'OK' }).click()
    await expect(dialog).toBeHidden()

    const properties = await cc.openCopyProperties(cc.treeItem('Copy_3', finance))
    const schedules = properties.getByRole('list', { name: 'Schedules' })
    await expect(schedules).toContainText('SP_Finance auxiliary copy schedule')
    // The storage policy's older schedule made with All Copies covers the new copy too.
    await expect(schedules).toContainText('SP_Finance auxiliary copy')
    await properties.getByRole('button', { name: 'Cancel' }).click()
  } finally {
    await host.stop()
  }
})

test('Delete removes a secondary copy after a confirmation naming it; the primary has no Delete', async ({ console: cc, page }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const primaryMenu = await cc.contextMenu(cc.treeItem('Primary', finance))
  await expect(primaryMenu.getByRole('menuitem', { name: 'Properties' })).toBeVisible()
  await expect(primaryMenu.getByRole('menuitem', { name: 'Delete' })).toHaveCount(0)
  await page.keyboard.press('Escape')

  await cc.chooseFromMenu(cc.treeItem('Copy_2', finance), 'Delete')
  const confirmation = cc.dialog('Delete Copy')
  await expect(confirmation).toContainText('Delete copy Copy_2 of storage policy SP_Finance?')
  await confirmation.getByRole('button', { name: 'Delete' }).click()
  await expect(confirmation).toBeHidden()
  await expect(cc.treeItem('Copy_2', finance)).toHaveCount(0)
  await expect(cc.treeItem('Primary', finance)).toBeVisible()
})

test('New Storage Policy creates SP_Archive on DiskLib02 with its Primary copy', async ({ console: cc, page }) => {
  const storagePolicies = await cc.expand('Policies', 'Storage Policies')
  await cc.chooseFromMenu(storagePolicies, 'New Storage Policy')
  const wizard = cc.dialog('New Storage Policy')
  await expect(wizard.getByLabel('Device Streams')).toHaveValue('50')

  // A name already taken is refused on Next.
  await wizard.getByLabel('Storage Policy Name').fill('sp_finance')
  await wizard.getByRole('button', { name: 'Next' }).click()
  await expect(wizard.getByText('A storage policy named sp_finance already exists.')).toBeVisible()
  await wizard.getByLabel('Storage Policy Name').fill('SP_Archive')
  await wizard.getByRole('button', { name: 'Next' }).click()

  await wizard.getByRole('button', { name: 'Next' }).click()
  await expect(wizard.getByText('Choose a Library.')).toBeVisible()
  await cc.choose(wizard, 'Library', 'DiskLib02')
  await expect(wizard.getByRole('combobox', { name: 'MediaAgent', exact: true })).toHaveValue('ma01')
  await page.screenshot({ path: test.info().outputPath('wizard-primary.png'), animations: 'disabled' })
  await wizard.getByRole('button', { name: 'Next' }).click()
  await expect(wizard.getByLabel('Retain for (days)')).toHaveValue('30')
  await wizard.getByRole('button', { name: 'Next' }).click()
  await expect(wizard.getByRole('checkbox', { name: 'Enable Deduplication' })).toBeEnabled()
  await wizard.getByRole('button', { name: 'Next' }).click()
  await expect(wizard.getByRole('table', { name: 'Review' })).toContainText('SP_Archive')
  await wizard.getByRole('button', { name: 'Finish' }).click()
  await expect(wizard).toBeHidden()

  const archive = cc.treeItem('SP_Archive', storagePolicies)
  await expect(archive).toBeVisible()
  await expect(archive).toHaveAttribute('aria-selected', 'true')
  await expect(cc.treeItem('Primary', archive)).toBeVisible()
})

test('bad input is shown beside the field and nothing is created', async ({ console: cc }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  const name = dialog.getByLabel('Copy Name', { exact: true })
  await name.fill('')
  await expect(name).toHaveAccessibleDescription('Copy Name is required.')
  await name.fill('Copy_2')
  await expect(name).toHaveAccessibleDescription('A copy named Copy_2 already exists in this storage policy.')
  await cc.choose(dialog, 'Library', 'DiskLib02')

  await dialog.getByRole('tab', { name: 'Retention' }).click()
  await dialog.getByLabel('Retain for (cycles)').fill('0')
  await expect(dialog.getByText('Retain for cycles must be at least 1.')).toBeVisible()

  // OK goes back to the first problem and keeps what was typed.
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByRole('tab', { name: 'General' })).toHaveAttribute('aria-selected', 'true')
  await expect(name).toBeFocused()
  await expect(name).toHaveValue('Copy_2')
  await expect(cc.dialog('Copy Policy')).toBeHidden()
  expect(await cc.catalogChildren('Policies', 'Storage Policies', 'SP_Finance')).toEqual(['Primary', 'Copy_2'])

  await name.fill('  Copy_Offsite  ')
  await dialog.getByRole('tab', { name: 'Retention' }).click()
  await dialog.getByLabel('Retain for (cycles)').fill('2')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()
  // Trimmed on save.
  await expect(cc.treeItem('Copy_Offsite', finance)).toBeVisible()
})
