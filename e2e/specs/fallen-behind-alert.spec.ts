import { expect, test } from '../fixtures/test'

test.use({ hostArgs: ['--test-clock'] })

test('a copy left behind past its fallen-behind threshold shows the warning icon and the alert, which clears after Run Auxiliary Copy', async ({ console: cc, page }) => {
  test.setTimeout(90_000)
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const copy2 = cc.treeItem('Copy_2', finance)

  // Copy_2 holds none of SP_Finance's three weeks of jobs: alert when a job older than 1 day is not yet copied.
  const dialog = await cc.openCopyProperties(copy2)
  await cc.setFallenBehindAlert(dialog, { daysOld: 1 })
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toBeHidden()

  // The warning icon on the copy and its storage policy, in the tree and in the policy's copy list.
  await expect(cc.alertIcon(copy2)).toBeVisible()
  await expect(cc.alertIcon(finance)).toBeVisible()
  await expect(cc.alertIcon(cc.treeItem('Primary', finance))).toHaveCount(0)
  await cc.select(finance)
  await expect(cc.listRow('Copy_2').getByRole('img', { name: 'Auxiliary Copy Fallen Behind alert' })).toBeVisible()
  await expect(cc.listRow('Primary').getByRole('img', { name: 'Auxiliary Copy Fallen Behind alert' })).toHaveCount(0)

  // The Alerts view (toolbar) lists it, open, with its reason.
  const alerts = await cc.openAlerts()
  const row = alerts.getByRole('row').filter({ hasText: 'SP_Finance / Copy_2' })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Open')
  await expect(row).toContainText('Auxiliary Copy Fallen Behind')
  await expect(row).toContainText(/jobs older than 1 day are not yet copied \(oldest: job \d+/)

  // Run Auxiliary Copy to Copy_2: once it has copied everything, the alert clears, live.
  const jobId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(finance), { copy: 'Copy_2', streams: null })
  await expect(cc.jobStatus(jobId)).toHaveText('Completed', { timeout: 60_000 })
  await page.getByRole('tab', { name: 'Alerts' }).click()
  await expect(row).toContainText('Cleared')
  await expect(copy2).toBeVisible()
  await expect(cc.alertIcon(copy2)).toHaveCount(0)
  await expect(cc.alertIcon(finance)).toHaveCount(0)
})
