import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checksums } from '../fixtures/folders'
import { expect, test } from '../fixtures/test'
import type { ConsolePage } from '../pages/console-page'

const screenshotPath = fileURLToPath(new URL('../../assets/copy-encryption.png', import.meta.url))

/** A plain string in the backed-up data that no file of the encrypted copy may show. */
const marker = 'PAYROLL-PLAINTEXT-e2e-41c7'

/** Client Computers > localhost > File System > finance (SP_Finance's subclient), expanded to. */
const financeSubclient = async (cc: ConsolePage) => cc.treeItem('finance', await cc.expand('Client Computers', 'localhost', 'File System'))

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}

test('an administrator creates an encrypted copy, copies a backup to it and restores the same bytes; its library files show no plain data', async ({
  console: cc,
  host,
  page,
}) => {
  test.setTimeout(180_000)
  const folder = join(host.dataDir, 'payroll')
  mkdirSync(join(folder, '2026'), { recursive: true })
  writeFileSync(join(folder, '2026', 'november.csv'), `${marker};employee;salary\n`.repeat(50_000))
  writeFileSync(join(folder, 'readme.txt'), marker)
  const finance = await financeSubclient(cc)
  await cc.setSubclientContent(finance, [folder])
  const backupId = await cc.runBackup(finance, 'Full')
  await expect(cc.jobStatus(backupId)).toHaveText('Completed', { timeout: 30_000 })

  // Create New Copy with Re-encrypt data: the first encrypted copy asks for the CommServe passphrase, confirmed.
  const policy = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(policy)
  await dialog.getByLabel('Copy Name', { exact: true }).fill('Copy_Secure')
  await cc.choose(dialog, 'Library', 'DiskLib02')
  await dialog.getByRole('tab', { name: 'Advanced' }).click()
  await dialog.getByRole('checkbox', { name: 'Re-encrypt data' }).check()
  await expect(dialog.getByRole('combobox', { name: 'Cipher', exact: true })).toHaveValue('AES-256')
  await dialog.getByLabel('Passphrase', { exact: true }).fill('a passphrase for the CommServe')
  await dialog.getByLabel('Confirm passphrase', { exact: true }).fill('a passphrase for the CommServe!')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByText('The two passphrases do not match.')).toBeVisible()
  await dialog.getByText('The two passphrases do not match.').scrollIntoViewIfNeeded()
  await page.mouse.move(0, 0)
  await dialog.screenshot({ path: screenshotPath, animations: 'disabled' })
  await cc.enableEncryption(dialog, 'a passphrase for the CommServe')
  await dialog.getByRole('button', { name: 'OK' }).click()
  // The demo's Primary holds four weeks of jobs: keep All Backups.
  const question = cc.dialog('Copy Policy')
  await expect(question).toContainText('older than 14 days')
  await question.getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()
  await expect(cc.treeItem('Copy_Secure', policy)).toBeVisible()

  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(policy), { copy: 'Copy_Secure', streams: null })
  await expect(cc.jobStatus(auxId)).toHaveText('Completed', { timeout: 120_000 })

  // Every file of the encrypted copy on DiskLib02 is sealed; the Primary's chunks hold the plain text.
  const copyFolders = readdirSync(join(host.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS'))
  const secure = copyFolders.map((name) => join(host.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', name)).filter((dir) => readdirSync(dir).includes(`J${backupId}`))
  expect(secure).toHaveLength(1)
  const files = filesUnder(secure[0]!)
  expect(files.some((file) => file.endsWith('.chk'))).toBe(true)
  expect(files.filter((file) => readFileSync(file).includes(marker))).toEqual([])
  expect(filesUnder(join(host.dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', 'SP2_C2', `J${backupId}`)).some((file) => readFileSync(file).includes(marker))).toBe(true)

  // Restore from the encrypted copy: the same bytes.
  const destination = join(host.dataDir, 'restored')
  const restoreId = await cc.restore(await financeSubclient(cc), { jobId: backupId, copy: 'Copy_Secure', destination })
  await expect(cc.jobStatus(restoreId)).toHaveText('Completed', { timeout: 60_000 })
  expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))

  // Its Copy Properties keep Re-encrypt data, and refuse to change it now that the copy holds jobs.
  const properties = await cc.openCopyProperties(cc.treeItem('Copy_Secure', policy))
  await properties.getByRole('tab', { name: 'Advanced' }).click()
  const encrypt = properties.getByRole('checkbox', { name: 'Re-encrypt data' })
  await expect(encrypt).toBeChecked()
  await expect(encrypt).toBeDisabled()
  await expect(properties.getByText(/^Re-encrypt data can change only while Copy_Secure holds no job/)).toBeVisible()
  await properties.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('dialog', { name: 'Unlock Encryption Keys' })).toBeHidden()
})
