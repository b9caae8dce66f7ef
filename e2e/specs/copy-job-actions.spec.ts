import { expect, test } from '../fixtures/test'

test.use({ hostArgs: ['--test-clock'] })

test("an administrator keeps two jobs off Copy_2 from its View Jobs, then filters the list to them", async ({ console: cc, page }) => {
  // Right-click Copy_2 > View Jobs: the demo's history, newest first, every job To Be Copied.
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const list = await cc.viewJobs(cc.treeItem('Copy_2', finance), 'Copy_2')
  await expect(list).toHaveAttribute('aria-multiselectable', 'true')
  const rows = list.getByRole('row').filter({ has: page.getByRole('gridcell') })
  const [first, second] = [rows.nth(0), rows.nth(1)]
  const jobIds = await Promise.all([first, second].map(async (row) => Number((await row.getByRole('gridcell').first().innerText()).replace(/\D/g, ''))))
  for (const row of [first, second]) await expect(row).toContainText('To Be Copied')

  // Click the first, Ctrl-click the second: both selected; right-click > Do Not Copy acts on both.
  await first.click()
  await second.click({ modifiers: ['ControlOrMeta'] })
  await expect(list.getByRole('row', { selected: true })).toHaveCount(2)
  const menu = await cc.listJobMenu(second, jobIds[1]!)
  await expect(menu.getByRole('menuitem')).toHaveText(['Do Not Copy'])
  await menu.getByRole('menuitem', { name: 'Do Not Copy', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: `Jobs ${jobIds.join(', ')} marked Do Not Copy on Copy_2.` })).toBeVisible()
  for (const jobId of jobIds) await expect(cc.listJobRow(jobId)).toContainText('Do Not Copy')

  // Filter... > Job Status: Do Not Copy lists exactly those two jobs.
  await list.page().getByRole('button', { name: 'Filter...', exact: true }).click()
  const dialog = cc.dialog('View Jobs Filter: Copy_2')
  await expect(dialog.getByRole('combobox', { name: 'Job Type', exact: true })).toHaveValue('All')
  await cc.choose(dialog, 'Job Status', 'Do Not Copy')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('tab', { name: 'Jobs for Copy_2 (filtered)', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByText('Filtered by Job Status: Do Not Copy')).toBeVisible()
  const filtered = page.getByRole('grid', { name: 'Jobs for Copy_2 (filtered)', exact: true }).getByRole('row').filter({ has: page.getByRole('gridcell') })
  await expect(filtered).toHaveCount(2)
  for (const jobId of jobIds) await expect(cc.listJobRow(jobId)).toContainText('Do Not Copy')
})
