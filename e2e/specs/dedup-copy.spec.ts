import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checksums, restoredFolder, filesUnder } from '../fixtures/folders'
import { expect, test } from '../fixtures/test'

const propertiesShot = fileURLToPath(new URL('../../assets/dedup-copy-properties.png', import.meta.url))
const jobDetailsShot = fileURLToPath(new URL('../../assets/dedup-job-details.png', import.meta.url))
/** The demo's File System subclient of SP_Finance, as View Jobs names it. */
const financeSubclient = 'File System / finance'
/**
 * The CommServe's clock stands still (--test-clock): the System Created Autocopy schedule, which covers every new copy,
 * cannot start its own aux copy to Copy_Dedup in the middle of the story.
 */
test.use({ hostArgs: ['--test-clock'] })

test('an administrator creates a deduplicated copy, copies to it, reads its savings, restores from it, and deletes a Full with the jobs that restore through it', async ({
  console: cc,
  host,
  page,
}) => {
  test.setTimeout(240_000)

  // Right-click SP_Finance > All Tasks > Create New Copy: Copy_Dedup on DiskLib02, deduplicated with variable blocks.
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  await dialog.getByLabel('Copy Name', { exact: true }).fill('Copy_Dedup')
  await cc.choose(dialog, 'Library', 'DiskLib02')
  await dialog.getByRole('tab', { name: 'Deduplication' }).click()
  // The block size is chosen with the DDB, Fixed 128 KB unless changed.
  await dialog.getByRole('checkbox', { name: 'Enable Deduplication' }).check()
  await expect(dialog.getByRole('radio', { name: 'Fixed 128 KB', exact: true })).toBeChecked()
  const ddbPath = join(host.dataDir, 'ddb', 'SP_Finance_Copy_Dedup')
  await cc.enableDeduplication(dialog, { ddbPath, blockSize: 'Variable (content-defined)' })
  await expect(dialog.getByRole('radio', { name: 'Fixed 128 KB', exact: true })).not.toBeChecked()
  await dialog.getByRole('button', { name: 'OK' }).click()
  // The demo's Primary holds weeks of jobs: No keeps All Backups.
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: 'Copy_Dedup created in SP_Finance.' }))
  const dedupCopy = cc.treeItem('Copy_Dedup', finance)
  await expect(dedupCopy).toBeVisible()

  // All Tasks > Run Auxiliary Copy to Copy_Dedup, until it completed.
  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(finance), { copy: 'Copy_Dedup', streams: null })
  await expect(cc.jobStatus(auxId)).toHaveText('Completed', { timeout: 90_000 })

  // The aux copy took every job of SP_Finance; the mount path holds Copy_Dedup's deduplicated store: containers and
  // one recipe per job, and no chunk file.
  const details = await cc.openJobDetails(auxId)
  const copied = details.getByRole('table', { name: 'Items' }).getByRole('row').filter({ hasText: 'Copy_Dedup' })
  const held = await copied.count()
  expect(held).toBeGreaterThan(10)
  await expect(copied.filter({ hasText: 'Copied' })).toHaveCount(held)
  const mountPath = join(host.dataDir, 'libraries', 'DiskLib02', 'MountPath01')
  const stores = readdirSync(join(mountPath, 'CV_DEDUP'))
  expect(stores).toHaveLength(1)
  const copyId = Number(/^D(\d+)$/.exec(stores[0]!)?.[1])
  const files = filesUnder(join(mountPath, 'CV_DEDUP', stores[0]!))
  expect(files.filter((file) => file.endsWith('.ctr')).length).toBeGreaterThan(0)
  expect(files.filter((file) => file.endsWith('/recipe.rcp'))).toHaveLength(held)
  expect(files.filter((file) => file.endsWith('.chk'))).toEqual([])
  expect(existsSync(join(mountPath, 'CV_JOBS', `SP2_C${copyId}`))).toBe(false)

  // Its Job Details: what it read, what it wrote, and the blocks the DDB already held.
  await expect(details.getByLabel('Data read', { exact: true })).toHaveText(/^\d[\d.,]* (KB|MB|GB)$/)
  await expect(details.getByLabel('Data written', { exact: true })).toHaveText(/^\d[\d.,]* (KB|MB|GB) \([\d.,]+% of the data read\)$/)
  await expect(details.getByLabel('Blocks written', { exact: true })).toHaveText(/^[1-9][\d,]*$/)
  await expect(details.getByLabel('Blocks found in DDB', { exact: true })).toHaveText(/^[1-9][\d,]* of [\d,]+$/)
  await expect(details.getByRole('region', { name: 'What this means for the data' })).toContainText("deduplicated copy's DDB")
  await page.mouse.move(0, 0)
  await details.screenshot({ path: jobDetailsShot, animations: 'disabled' })
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()

  // Copy_Dedup's Properties > Deduplication: its DDB, read-only, with what it holds now.
  const properties = await cc.openCopyProperties(dedupCopy)
  await properties.getByRole('tab', { name: 'Deduplication' }).click()
  await expect(properties.getByRole('checkbox', { name: 'Enable Deduplication' })).toBeChecked()
  await expect(properties.getByRole('checkbox', { name: 'Enable Deduplication' })).toBeDisabled()
  const field = (label: string) => properties.getByLabel(label, { exact: true })
  await expect(field('DDB MediaAgent')).toHaveValue('ma01')
  await expect(field('DDB Path')).toHaveValue(ddbPath)
  await expect(field('Block size')).toHaveValue(/^Variable \(content-defined\)/)
  await expect(field('Application size')).toHaveValue(new RegExp(` in ${held} jobs$`))
  await expect(field('Data written')).toHaveValue(/^\d[\d.,]* (KB|MB|GB) in [\d,]+ containers?$/)
  await expect(field('Unique blocks')).toHaveValue(/^[1-9][\d,]* \(DDB /)
  await expect(field('Savings')).toHaveValue(/^\d+\.\d%$/)
  const savings = await field('Savings').inputValue()
  for (const label of ['DDB MediaAgent', 'DDB Path', 'Block size', 'Application size', 'Data written', 'Unique blocks', 'Savings']) {
    await expect(field(label)).toHaveAttribute('readonly', '')
  }
  await page.mouse.move(0, 0)
  await properties.screenshot({ path: propertiesShot, animations: 'disabled' })
  await properties.getByRole('button', { name: 'Cancel' }).click()
  await expect(properties).toBeHidden()

  // SP_Finance's list of copies shows the same savings for Copy_Dedup (right-aligned), none for Copy_2.
  await cc.select(finance)
  expect(await cc.columnLabels()).toContain('Savings')
  const savingsColumn = (await cc.columnLabels()).indexOf('Savings')
  const savingsCell = cc.listRow('Copy_Dedup').getByRole('gridcell').nth(savingsColumn)
  await expect(savingsCell).toHaveText(savings)
  await expect(savingsCell).toHaveCSS('text-align', 'right')
  await expect(cc.listRow('Copy_2').getByRole('gridcell').nth(savingsColumn)).toHaveText('')

  // The newest job of the finance subclient restores from Copy_Dedup with the same bytes as its content folder.
  await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const jobs = await cc.viewJobs(dedupCopy, 'Copy_Dedup')
  await cc.sortList('Job ID', 'descending')
  const jobId = (record: Record<string, string>): number => Number(record['Job ID']!.replace(/\D/g, ''))
  const newestId = jobId((await cc.listRecords(financeSubclient))[0]!)
  await expect(cc.listJobRow(newestId)).toContainText('Available')
  const client = await cc.expand('Client Computers', 'localhost', 'File System')
  const destination = join(host.dataDir, 'restored-from-dedup')
  const restoreId = await cc.restore(cc.treeItem('finance', client), { jobId: newestId, copy: 'Copy_Dedup', destination })
  await expect(cc.jobStatus(restoreId)).toHaveText('Completed', { timeout: 60_000 })
  await expect(cc.jobRow(restoreId)).toContainText('Copy_Dedup')
  const content = join(host.dataDir, 'demo-content', 'finance')
  const original = checksums(content)
  expect(Object.keys(original).length).toBeGreaterThan(3)
  expect(checksums(restoredFolder(destination, 'demo-content/finance'))).toEqual(original)

  // View Jobs of Copy_Dedup, oldest first > the oldest Full of the finance subclient > Delete: the question names
  // the later jobs of its cycle, which restore through it and go with it.
  await page.getByRole('tab', { name: 'Jobs for Copy_Dedup', exact: true }).click()
  await cc.sortList('Job ID', 'ascending')
  const financeJobs = (await cc.listRecords(financeSubclient)).map((record) => ({
    jobId: jobId(record),
    backupType: record['Backup Type']!,
    cycle: record['Cycles/Sequence']!,
  }))
  const oldestFull = financeJobs.find((job) => job.backupType === 'Full')!
  const dependents = financeJobs.filter((job) => job.cycle === oldestFull.cycle && job.jobId > oldestFull.jobId)
  expect(dependents.length).toBeGreaterThan(0)
  const menu = await cc.listJobMenu(cc.listJobRow(oldestFull.jobId), oldestFull.jobId)
  await expect(menu.getByRole('menuitem')).toHaveText(['Copy Again', 'Retain Job', 'Mark Job Bad', 'Delete'])
  await menu.getByRole('menuitem', { name: 'Delete' }).click()
  const question = cc.dialog('Delete Job')
  await expect(question).toContainText(`Delete job ${oldestFull.jobId} (Full) from Copy_Dedup?`)
  const named = dependents.map((job) => `${job.jobId} (${job.backupType})`).join(', ')
  await expect(question).toContainText(dependents.length === 1 ? `Job ${named} restores through it` : `Jobs ${named} restore through it`)
  await expect(question).toContainText('this cannot be undone')
  await question.getByRole('button', { name: 'Delete' }).click()
  await expect(question).toBeHidden()
  await expect(page.getByRole('alert').filter({ hasText: 'deleted from Copy_Dedup.' })).toBeVisible()
  for (const job of [oldestFull, ...dependents]) await expect(cc.listJobRow(job.jobId)).toContainText('Do Not Copy')
  await expect(jobs.getByRole('row').filter({ hasText: 'Do Not Copy' })).toHaveCount(1 + dependents.length)
})
