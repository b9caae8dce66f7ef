import { expect, test } from '../fixtures/test'

/** The CommServe's clock stands still (--test-clock): no scheduled aux copy starts under the story. */
test.use({ hostArgs: ['--test-clock'] })

test('an administrator promotes Copy_2 to the primary copy of SP_Finance after reading what it lacks, and the tree and copy list show it as primary', async ({
  console: cc,
  page,
}) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  await cc.chooseFromMenu(cc.treeItem('Copy_2', finance), 'All Tasks', 'Promote to Primary')
  const dialog = cc.dialog('Promote to Primary')
  await expect(dialog).toContainText('Promote Copy_2 to the primary copy of storage policy SP_Finance?')
  await expect(dialog).toContainText('Primary becomes a synchronous secondary copy with source Copy_2 (copy precedence 2)')
  // The demo's history was never copied to Copy_2: every job of Primary is listed as missing there.
  await expect(dialog.getByRole('alert')).toContainText('jobs Available on Primary are not on Copy_2')
  const missing = dialog.getByRole('table', { name: 'Jobs not on Copy_2' }).getByRole('row').filter({ hasText: 'To Be Copied' })
  await expect(missing).toHaveCount(50)
  await dialog.getByRole('button', { name: 'OK', exact: true }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText('Copy_2 is now the primary copy of SP_Finance; Primary is a secondary copy.')).toBeVisible()

  // The tree lists the copies in precedence order, and the policy's copy list names Copy_2 the primary.
  await expect(cc.treeItems(finance)).toHaveText(['Copy_2', 'Primary'])
  await cc.select(finance)
  expect(await cc.listRecords('Copy_2')).toEqual([expect.objectContaining({ 'Copy Name': 'Copy_2', Type: 'Primary', 'Copy Precedence': '1' })])
  expect(await cc.listRecords('Primary')).toContainEqual(expect.objectContaining({ 'Copy Name': 'Primary', Type: 'Synchronous', 'Copy Precedence': '2' }))

  // The new primary offers no Promote to Primary (a click selected the policy and kept it open).
  const expanded = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const menu = await cc.contextMenu(cc.treeItem('Copy_2', expanded))
  await expect(menu.getByRole('menuitem', { name: 'All Tasks', exact: true })).toHaveCount(0)
  await page.keyboard.press('Escape')
})
