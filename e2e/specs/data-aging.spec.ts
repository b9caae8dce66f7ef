import { expect, test } from '../fixtures/test'

test("Data Aging from the CommCell ages SP_Default's cycles past retention; its Details list them and View Jobs says why the rest stays", async ({
  console: cc,
}) => {
  // Copy Properties of SP_Default's Primary > Retention: 0 days, 1 cycle.
  const spDefault = await cc.expand('Policies', 'Storage Policies', 'SP_Default')
  const primary = cc.treeItem('Primary', spDefault)
  const properties = await cc.openCopyProperties(primary)
  await properties.getByRole('tab', { name: 'Retention' }).click()
  await properties.getByLabel('Retain for (days)').fill('0')
  await properties.getByLabel('Retain for (cycles)').fill('1')
  await properties.getByRole('button', { name: 'OK' }).click()
  await expect(properties).toBeHidden()

  // Right-click the CommCell > All Tasks > Data Aging, and OK.
  await cc.chooseFromMenu(cc.tree.getByRole('treeitem').first(), 'All Tasks', 'Data Aging')
  const question = cc.dialog('Data Aging')
  await expect(question).toContainText('Jobs whose retention (days and cycles) has passed are marked Aged')
  await question.getByRole('button', { name: 'OK' }).click()
  const jobId = await cc.startedJobId('Data Aging')
  await expect(cc.jobStatus(jobId)).toHaveText('Completed', { timeout: 20_000 })

  // Its Details list the jobs it aged: the two older weekly cycles of SP_Default's subclient.
  const details = await cc.openJobDetails(jobId)
  const aged = details.getByRole('table', { name: 'Items' }).getByRole('row').filter({ hasText: 'Aged' })
  await expect(aged.first()).toBeVisible()
  expect(await aged.count()).toBe(14)
  await expect(aged.filter({ hasText: 'Primary' })).toHaveCount(14)
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()

  // View Jobs of the Primary copy: those jobs are Aged; the latest cycle says why it stays.
  const list = await cc.viewJobs(primary, 'Primary')
  await expect(list.getByRole('row').filter({ hasText: 'It is in the latest cycle of its subclient, which never ages.' })).toHaveCount(7)
  await expect(list.getByRole('row').filter({ hasText: 'Aged' })).toHaveCount(14)
})
