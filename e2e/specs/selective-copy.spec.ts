import { expect, test } from '../fixtures/test'

test('an administrator creates a selective copy of weekly fulls, and its View Jobs lists only the first full of each week', async ({ console: cc, page }) => {
  const policy = await cc.expand('Policies', 'Storage Policies', 'SP_Default')
  const dialog = await cc.createNewCopy(policy)
  await cc.choose(dialog, 'Library', 'DiskLib02')
  await expect(dialog.getByRole('tab', { name: 'Selective Copy' })).toHaveCount(0)
  await dialog.getByRole('checkbox', { name: 'Selective Copy' }).check()

  // OK without a frequency brings the Selective Copy tab forward with the reason.
  await dialog.getByRole('button', { name: 'OK' }).click()
  const tab = dialog.getByRole('tab', { name: 'Selective Copy' })
  await expect(tab).toHaveAttribute('aria-selected', 'true')
  await expect(dialog.getByText('Automatically select Full Backups at frequency is required for a Selective Copy: choose a frequency.')).toBeVisible()
  await cc.choose(dialog, 'Automatically select Full Backups at frequency', 'Weekly Fulls')
  await expect(dialog.getByRole('combobox', { name: 'Week starts on' })).toHaveValue('Friday')
  await expect(dialog.getByRole('radio', { name: 'First full backup' })).toBeChecked()

  await dialog.getByRole('button', { name: 'OK' }).click()
  // The demo's Primary holds three weeks of jobs: the 14-day question comes up; No keeps All Backups.
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'Copy_2 created in SP_Default.' })).toBeVisible()

  const copy = cc.treeItem('Copy_2', policy)
  await expect(copy).toHaveAttribute('aria-selected', 'true')

  // Three weeks of history with a full every seventh day: three fulls, one per week, and no other job.
  const list = await cc.viewJobs(copy, 'Copy_2')
  await expect(list.getByRole('row')).toHaveCount(4)
  const records = await cc.listRecords('To Be Copied')
  expect(records.map((record) => record['Backup Type'])).toEqual(['Full', 'Full', 'Full'])

  await cc.select(policy)
  await expect(cc.listRow('Copy_2')).toContainText('Selective')
})
