import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '../fixtures/test'
import type { ConsolePage } from '../pages/console-page'

const screenshotPath = fileURLToPath(new URL('../../assets/data-verification.png', import.meta.url))

/** Right-click SP_Finance > All Tasks > Run Auxiliary Copy to Copy_2; waits until it completed; returns its id. */
async function copyToCopy2(cc: ConsolePage): Promise<number> {
  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(await cc.expand('Policies', 'Storage Policies', 'SP_Finance')), {
    copy: 'Copy_2',
    streams: null,
  })
  await expect(cc.jobStatus(auxId)).toHaveText('Completed', { timeout: 90_000 })
  return auxId
}

test('an administrator verifies Copy_2, finds the job whose chunk rotted on disk Bad, copies it again and verifies clean', async ({
  console: cc,
  host,
  page,
}, testInfo) => {
  test.setTimeout(240_000)
  // On a fresh demo CommCell Copy_2's jobs are To Be Copied: copy them first.
  await copyToCopy2(cc)

  // One byte of one job's first chunk on Copy_2 flips on disk (SP_Finance is policy 2, Copy_2 its copy 3).
  const copyFolder = join(host.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', 'SP2_C3')
  const jobFolders = readdirSync(copyFolder).filter((name) => /^J\d+$/.test(name))
  expect(jobFolders.length).toBeGreaterThan(1)
  const rotten = jobFolders.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))[0]!
  const rottenJobId = Number(rotten.slice(1))
  const chunk = join(copyFolder, rotten, 'C000001.chk')
  const bytes = readFileSync(chunk)
  bytes[Math.floor(bytes.length / 2)]! ^= 0x01
  writeFileSync(chunk, bytes)

  // Right-click SP_Finance > All Tasks > Data Verification: the Primary is chosen, All jobs, the date waits.
  const financePolicy = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.openDataVerification(financePolicy, 'All Tasks', 'Data Verification')
  await expect(dialog.getByLabel('Storage Policy', { exact: true })).toHaveValue('SP_Finance')
  const copyField = dialog.getByRole('combobox', { name: 'Select a Copy', exact: true })
  await expect(copyField).toHaveValue(/^Primary \(\d+ jobs Available\)$/)
  await expect(dialog.getByRole('radio', { name: 'All jobs' })).toBeChecked()
  const sinceField = dialog.getByRole('group', { name: 'Jobs since', exact: true })
  await expect(sinceField.getByRole('spinbutton', { name: 'Month' })).toBeDisabled()
  await copyField.click()
  await page.getByRole('listbox', { name: 'Select a Copy', exact: true }).getByRole('option', { name: /^Copy_2 / }).click()
  await expect(copyField).toHaveValue(new RegExp(`^Copy_2 \\(${jobFolders.length} jobs Available\\)$`))
  await dialog.getByRole('radio', { name: 'Jobs since' }).check()
  await expect(sinceField.getByRole('spinbutton', { name: 'Month' })).toBeEnabled()
  await dialog.getByRole('radio', { name: 'All jobs' }).check()
  await page.mouse.move(0, 0)
  await dialog.screenshot({ path: screenshotPath, animations: 'disabled' })

  // A Jobs since date after the CommServe's today is refused beside the date, which takes focus; nothing starts.
  await dialog.getByRole('radio', { name: 'Jobs since' }).check()
  await cc.typeDate(dialog, 'Jobs since', new Date(Date.now() + 400 * 86_400_000))
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByText('Jobs since cannot be in the future.')).toBeVisible()
  await expect(sinceField.getByRole('spinbutton', { name: 'Month' })).toBeFocused()
  await cc.typeDate(dialog, 'Jobs since', new Date(Date.now() - 3 * 86_400_000))
  await expect(dialog.getByText('Jobs since cannot be in the future.')).toBeHidden()

  const verifyId = await cc.runDataVerification(dialog, 'Copy_2')
  await expect(page.getByRole('tab', { name: 'Job Controller', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(cc.jobRow(verifyId)).toContainText('Data Verification')
  await expect(cc.jobRow(verifyId)).toContainText('Copy_2')
  await expect(cc.jobStatus(verifyId)).toHaveText('Completed w/ one or more errors', { timeout: 90_000 })

  // Its Details name the chunk file and why, mark that job Bad, and say what the outcome means for the data.
  await cc.chooseJobAction(verifyId, 'Details')
  const details = cc.dialog('Job Details')
  await expect(details.getByLabel('Operation', { exact: true })).toHaveText('Data Verification')
  const error = details.getByRole('table', { name: 'Errors' }).getByRole('row').nth(1)
  await expect(error).toContainText(String(rottenJobId))
  await expect(error).toContainText(chunk)
  await expect(error).toContainText('checksum mismatch')
  const items = details.getByRole('table', { name: 'Items' })
  const rottenItem = items.getByRole('row').filter({ has: page.getByRole('cell', { name: String(rottenJobId), exact: true }) })
  await expect(rottenItem).toContainText('Bad: checksum mismatch')
  await expect(items.getByRole('row').filter({ has: page.getByRole('cell', { name: 'Verified', exact: true }) })).toHaveCount(jobFolders.length - 1)
  await expect(details.getByRole('region', { name: 'What this means for the data' })).toContainText('re-read chunk by chunk')
  await details.screenshot({ path: testInfo.outputPath('job-details.png'), animations: 'disabled' })
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()

  // Copy_2's Properties > Verification: the job is Bad there, with the reason; the others were verified just now.
  const copyProperties = await cc.openCopyProperties(cc.treeItem('Copy_2', financePolicy))
  await copyProperties.getByRole('tab', { name: 'Verification' }).click()
  const verification = copyProperties.getByRole('table', { name: 'Verification' })
  const rottenRow = verification.getByRole('row').filter({ has: page.getByRole('cell', { name: String(rottenJobId), exact: true }) })
  await expect(rottenRow.getByRole('cell').nth(3)).toHaveText('Bad')
  await expect(rottenRow.getByRole('cell').nth(4)).toHaveText('Never')
  await expect(verification.getByRole('row').filter({ hasText: 'Why Bad:' })).toHaveText(`Why Bad: ${chunk}: checksum mismatch`)
  await expect(verification.getByRole('row').filter({ hasText: 'Never' })).toHaveCount(1)
  await rottenRow.scrollIntoViewIfNeeded()
  await copyProperties.screenshot({ path: testInfo.outputPath('copy-verification.png'), animations: 'disabled' })
  // Another tab shows its page again.
  await copyProperties.getByRole('tab', { name: 'General' }).click()
  await expect(copyProperties.getByLabel('Copy Name', { exact: true })).toHaveValue('Copy_2')
  await copyProperties.getByRole('button', { name: 'Cancel' }).click()
  await expect(copyProperties).toBeHidden()

  // The next auxiliary copy copies the Bad job again from the Primary; then Copy_2 verifies clean.
  const againId = await copyToCopy2(cc)
  await cc.chooseJobAction(againId, 'Details')
  await expect(details.getByRole('table', { name: 'Items' }).getByRole('row').nth(1)).toContainText(String(rottenJobId))
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()

  // From Copy_2's own menu, Copy_2 is the copy chosen.
  const fromCopy = await cc.openDataVerification(cc.treeItem('Copy_2', financePolicy), 'Data Verification')
  await expect(fromCopy.getByRole('combobox', { name: 'Select a Copy', exact: true })).toHaveValue(/^Copy_2 \(/)
  const cleanId = await cc.runDataVerification(fromCopy, 'Copy_2')
  await expect(cc.jobStatus(cleanId)).toHaveText('Completed', { timeout: 90_000 })
  await cc.chooseJobAction(cleanId, 'Details')
  await expect(details.getByRole('table', { name: 'Errors' })).toContainText('None')
  await expect(details.getByRole('table', { name: 'Items' }).getByRole('row').filter({ hasText: 'Bad' })).toHaveCount(0)
})
