import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checksums } from '../fixtures/folders'
import { expect, test } from '../fixtures/test'
import type { ConsolePage } from '../pages/console-page'

const screenshotPath = fileURLToPath(new URL('../../assets/job-controller.png', import.meta.url))
const MB = 1024 * 1024

/** Writes files (relative path → bytes) under a new folder; returns the folder. */
function writeFolder(folder: string, files: Record<string, Buffer>): string {
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true })
    writeFileSync(join(folder, name), bytes)
  }
  return folder
}

/** Client Computers > localhost > File System > finance (SP_Finance's subclient), expanded to. */
const financeSubclient = async (cc: ConsolePage) => cc.treeItem('finance', await cc.expand('Client Computers', 'localhost', 'File System'))

/** Sets `finance`'s content to a folder and backs it up Full; waits until the backup completed; returns its id. */
async function backUpFinance(cc: ConsolePage, folder: string): Promise<number> {
  const finance = await financeSubclient(cc)
  await cc.setSubclientContent(finance, [folder])
  const backupId = await cc.runBackup(finance, 'Full')
  await expect(cc.page.getByRole('tab', { name: 'Job Controller', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(cc.jobStatus(backupId)).toHaveText('Completed', { timeout: 30_000 })
  await expect(cc.jobProgress(backupId)).toHaveAttribute('aria-valuenow', '100')
  return backupId
}

test('an administrator backs up a folder, copies it to Copy_2 and restores the same bytes from Copy_2', async ({ console: cc, host, page }) => {
  test.setTimeout(120_000)
  const folder = writeFolder(join(host.dataDir, 'finance-reports'), {
    'q1.csv': randomBytes(6 * 1024),
    'q2.csv': randomBytes(9 * 1024),
    'scans/ledger.pdf': randomBytes(3 * MB + 123),
  })
  // Subclient Properties refuses a content folder that does not exist when it is saved: said beside Content, nothing saved.
  const finance = await financeSubclient(cc)
  await cc.chooseFromMenu(finance, 'Properties')
  const properties = cc.dialog('Subclient Properties')
  await properties.getByRole('tab', { name: 'Content' }).click()
  const missing = join(host.dataDir, 'no-such-folder')
  await properties.getByLabel('Folder', { exact: true }).fill(missing)
  await properties.getByRole('button', { name: 'Add' }).click()
  await properties.getByRole('button', { name: 'OK' }).click()
  await expect(properties.getByText(`Content ${missing} does not exist.`)).toBeVisible()
  await properties.getByRole('button', { name: 'Cancel' }).click()
  await expect(properties).toBeHidden()
  await cc.chooseFromMenu(finance, 'Properties')
  await properties.getByRole('tab', { name: 'Content' }).click()
  await expect(properties.getByRole('listbox', { name: 'Content' })).not.toContainText(missing)
  await properties.getByRole('button', { name: 'Cancel' }).click()
  await expect(properties).toBeHidden()

  const backupId = await backUpFinance(cc, folder)
  await expect(cc.jobRow(backupId)).toContainText('Backup')
  await expect(cc.jobRow(backupId)).toContainText('Full')
  // A backup's Details have no table of copied items (that belongs to aux copies).
  await cc.chooseJobAction(backupId, 'Details')
  const backupDetails = cc.dialog('Job Details')
  await expect(backupDetails.getByLabel('Operation', { exact: true })).toHaveText('Backup')
  await expect(backupDetails.getByRole('table', { name: 'Errors' })).toBeVisible()
  await expect(backupDetails.getByRole('table', { name: 'Items' })).toHaveCount(0)
  await backupDetails.getByRole('button', { name: 'OK' }).click()
  await expect(backupDetails).toBeHidden()

  // Copy_2's View Jobs shows the new job To Be Copied, and follows the aux copy live.
  const financePolicy = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  await cc.chooseFromMenu(cc.treeItem('Copy_2', financePolicy), 'View Jobs')
  await expect(cc.listRowOf(backupId)).toContainText('To Be Copied')

  const dialog = await cc.openRunAuxiliaryCopy(financePolicy)
  await expect(dialog.getByRole('radio', { name: 'All Copies' })).toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'Allow Maximum' })).toBeChecked()
  await expect(dialog.getByLabel('Number of Streams')).toBeDisabled()
  await expect(dialog.getByRole('checkbox', { name: 'Start New Media' })).not.toBeChecked()
  await expect(dialog.getByRole('checkbox', { name: 'Mark Media Full on Success' })).not.toBeChecked()
  await expect(dialog.getByRole('option', { name: 'Copy_2', exact: true })).toHaveAccessibleDescription(/\d+ jobs To Be Copied/)
  await expect(dialog.getByRole('checkbox', { name: 'Verify copied data' })).not.toBeChecked()
  const auxId = await cc.runAuxiliaryCopy(dialog, { copy: 'Copy_2', streams: null, verify: true })

  await expect(page.getByRole('tab', { name: 'Job Controller', exact: true })).toHaveAttribute('aria-selected', 'true')
  await expect(cc.jobRow(auxId)).toContainText('Auxiliary Copy')
  await expect(cc.jobRow(auxId)).toContainText('Copy_2')
  await expect(cc.jobProgress(auxId)).toHaveAttribute('aria-valuenow', '100', { timeout: 60_000 })
  await expect(cc.jobStatus(auxId)).toHaveText('Completed')
  await expect(page.getByRole('status', { name: 'Job Controller status' })).toContainText('Running: 0')

  // The Details of the completed aux copy list the jobs it copied, the new backup among them.
  await cc.chooseJobAction(auxId, 'Details')
  const details = cc.dialog('Job Details')
  await expect(details.getByLabel('Status', { exact: true })).toHaveText('Completed')
  const copied = details
    .getByRole('table', { name: 'Items' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell', { name: String(backupId), exact: true }) })
  await expect(copied).toContainText('Copy_2')
  await expect(copied).toContainText('Copied and verified')
  await expect(details.getByRole('table', { name: 'Errors' })).toContainText('None')
  // Details say exactly what Available means here: the target was read back.
  await expect(details).toContainText('read back from the target and matched its CRC-32 again (Verify copied data was on)')
  await details.getByRole('button', { name: 'OK' }).click()

  // The View Jobs tab reloaded when the aux copy ended.
  await page.getByRole('tab', { name: 'Jobs for Copy_2', exact: true }).click()
  await expect(cc.listRowOf(backupId)).toContainText('Available')

  const destination = join(host.dataDir, 'restored')
  const restoreId = await cc.restore(await financeSubclient(cc), { jobId: backupId, copy: 'Copy_2', destination })
  await expect(cc.jobRow(restoreId)).toContainText('Restore')
  await expect(cc.jobStatus(restoreId)).toHaveText('Completed', { timeout: 30_000 })
  await expect(cc.jobRow(restoreId)).toContainText('Copy_2')

  // Restored under the destination with the original absolute path.
  const restored = join(destination, ...folder.split('/').filter(Boolean))
  const original = checksums(folder)
  expect(Object.keys(original)).toHaveLength(3)
  expect(checksums(restored)).toEqual(original)
})

test('Run Auxiliary Copy is offered only for a storage policy with an active secondary copy; the toolbar opens on the policy selected in the tree, and Select a Copy asks which', async ({ console: cc, page }) => {
  const policies = await cc.expand('Policies', 'Storage Policies')
  await cc.contextMenu(cc.treeItem('SP_Default', policies))
  await page.getByRole('menuitem', { name: 'All Tasks' }).click()
  await expect(page.getByRole('menu', { name: 'All Tasks' }).getByRole('menuitem', { name: 'Create New Copy' })).toBeVisible()
  await expect(page.getByRole('menuitem', { name: 'Run Auxiliary Copy' })).toHaveCount(0)
  // Escape closes the submenu, then the menu.
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu', { name: 'All Tasks' })).toBeHidden()
  await expect(page.getByRole('menu', { name: 'SP_Default menu' })).toBeVisible()
  // Opened by hovering (the focus stays in the menu), Escape closes the submenu first as well.
  await page.getByRole('menuitem', { name: 'Refresh' }).hover()
  await page.getByRole('menuitem', { name: 'All Tasks' }).hover()
  await expect(page.getByRole('menu', { name: 'All Tasks' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu', { name: 'All Tasks' })).toBeHidden()
  await expect(page.getByRole('menu', { name: 'SP_Default menu' })).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu', { name: 'SP_Default menu' })).toBeHidden()

  // At CommCell level the toolbar lists only the policies with a secondary copy.
  await cc.toolbarButton('Run Auxiliary Copy').click()
  const dialog = cc.dialog('Auxiliary Copy Job Options')
  await dialog.getByRole('combobox', { name: 'Select a Storage Policy' }).click()
  await expect(page.getByRole('listbox', { name: 'Select a Storage Policy' }).getByRole('option')).toHaveText(['SP_Finance'])
  await page.keyboard.press('Escape')
  // A bad Number of Streams is said beside it, and nothing runs.
  await dialog.getByRole('checkbox', { name: 'Allow Maximum' }).uncheck()
  await dialog.getByLabel('Number of Streams').fill('0')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByText('Number of Streams must be at least 1.')).toBeVisible()
  await expect(dialog.getByLabel('Number of Streams')).toBeFocused()
  // Select a Copy starts with none chosen: OK asks for one.
  await dialog.getByRole('checkbox', { name: 'Allow Maximum' }).check()
  await dialog.getByRole('radio', { name: 'Select a Copy' }).check()
  await expect(dialog.getByRole('listbox', { name: 'Copies' }).getByRole('option', { selected: true })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog.getByText('Select the copy to copy to, or choose All Copies.')).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()

  // With a copy on SP_Default too, the toolbar opens on the storage policy selected in the tree, or on the policy of
  // the selected copy.
  const spDefault = cc.treeItem('SP_Default', policies)
  const create = await cc.createNewCopy(spDefault)
  await cc.choose(create, 'Library', 'DiskLib02')
  await create.getByRole('button', { name: 'OK' }).click()
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(create).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: 'Copy_2 created in SP_Default.' }))
  await cc.select(spDefault)
  await cc.toolbarButton('Run Auxiliary Copy').click()
  await expect(dialog.getByRole('combobox', { name: 'Select a Storage Policy' })).toHaveValue('SP_Default')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  await cc.select(cc.treeItem('Copy_2', finance))
  await cc.toolbarButton('Run Auxiliary Copy').click()
  await expect(dialog.getByRole('combobox', { name: 'Select a Storage Policy' })).toHaveValue('SP_Finance')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
})

/** 24 MB of quickly written files: on a console held to 6 MB/s, the aux copy runs several seconds on any disk. */
function bigFolder(root: string): string {
  const files: Record<string, Buffer> = {}
  for (let index = 0; index < 3; index++) files[`big-${index}.bin`] = Buffer.alloc(8 * MB, index + 1)
  return writeFolder(join(root, 'finance-big'), files)
}

test.describe('on a console whose MediaAgent is held to 6 MB/s (--test-throttle), so a running job is always found running', () => {
test.use({ hostArgs: ['--test-throttle', '6'] })

test('an administrator suspends and resumes a running aux copy from the Job Controller', async ({ console: cc, host, page }) => {
  test.setTimeout(120_000)
  await backUpFinance(cc, bigFolder(host.dataDir))

  // At CommCell level: the toolbar's Run Auxiliary Copy with the policy chosen in the dialog.
  await cc.toolbarButton('Run Auxiliary Copy').click()
  const dialog = cc.dialog('Auxiliary Copy Job Options')
  await expect(dialog.getByRole('combobox', { name: 'Select a Storage Policy' })).toHaveValue('SP_Finance')
  const auxId = await cc.runAuxiliaryCopy(dialog, { copy: null, streams: 1 })
  await expect(cc.jobRow(auxId)).toContainText('All Copies')

  const menu = await cc.jobMenu(auxId)
  await expect(menu.getByRole('menuitem')).toHaveText(['Suspend', 'Kill', 'Details'])
  await menu.getByRole('menuitem', { name: 'Suspend' }).click()
  await expect(cc.jobStatus(auxId)).toHaveText('Suspended')
  await expect(page.getByRole('status', { name: 'Job Controller status' })).toContainText('Suspended: 1')
  const suspendedAt = Number(await cc.jobProgress(auxId).getAttribute('aria-valuenow'))
  expect(suspendedAt).toBeLessThan(100)
  // Suspended means no byte moves: the progress stays where it stopped, and no throughput is shown.
  await page.waitForTimeout(1500)
  expect(Number(await cc.jobProgress(auxId).getAttribute('aria-valuenow'))).toBe(suspendedAt)
  await expect(cc.jobCell(auxId, 'Throughput')).toHaveText('')

  // The README's picture is taken as the job runs again: a wide window with a narrower tree, set up beforehand.
  await page.setViewportSize({ width: 1920, height: 820 })
  const splitter = page.getByRole('separator', { name: 'Resize the CommCell Browser' })
  for (let step = 0; step < 8; step++) await splitter.press('ArrowLeft')
  const suspendedMenu = await cc.jobMenu(auxId)
  await expect(suspendedMenu.getByRole('menuitem')).toHaveText(['Resume', 'Kill', 'Details'])
  await suspendedMenu.getByRole('menuitem', { name: 'Resume' }).click()
  await expect(cc.jobStatus(auxId)).toHaveText(/Running|Completed/)
  await page.screenshot({ path: screenshotPath, animations: 'disabled' })
  // Its menu, opened as it runs, stays open while it ends: the entries change to Details alone (the focused Suspend
  // goes), and Escape still closes the menu.
  const endingMenu = await cc.jobMenu(auxId)
  const openedRunning = (await endingMenu.getByRole('menuitem').first().textContent()) === 'Suspend'
  test.info().annotations.push({ type: 'job menu', description: openedRunning ? 'opened while running' : 'opened after the job ended' })
  await expect(endingMenu.getByRole('menuitem')).toHaveText(['Details'], { timeout: 60_000 })
  await page.keyboard.press('Escape')
  await expect(endingMenu).toBeHidden()
  await expect(cc.jobProgress(auxId)).toHaveAttribute('aria-valuenow', '100')
  await expect(cc.jobStatus(auxId)).toHaveText('Completed')
})

test('an administrator kills a running aux copy; its Details show the jobs it copied before', async ({ console: cc, host, page }) => {
  test.setTimeout(120_000)
  await backUpFinance(cc, bigFolder(host.dataDir))

  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(await cc.expand('Policies', 'Storage Policies', 'SP_Finance')), {
    copy: 'Copy_2',
    streams: 1,
  })
  // Once some data is copied, Kill: the question names the job.
  await expect.poll(async () => Number(await cc.jobProgress(auxId).getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(0)
  await cc.chooseJobAction(auxId, 'Kill')
  const question = cc.dialog('Kill Job')
  await expect(question).toContainText(`Kill job ${auxId}?`)
  await question.getByRole('button', { name: 'Kill' }).click()
  await expect(question).toBeHidden()
  await expect(cc.jobStatus(auxId)).toHaveText('Killed', { timeout: 30_000 })
  await expect(cc.jobCell(auxId, 'Phase')).toHaveText('Killed')
  // In a 1024 x 700 window the job's Status and Progress are on screen without scrolling.
  await page.setViewportSize({ width: 1024, height: 700 })
  for (const cell of [cc.jobStatus(auxId), cc.jobProgress(auxId)]) {
    const box = (await cell.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(1024)
    expect(box.y + box.height).toBeLessThanOrEqual(700)
  }

  await cc.chooseJobAction(auxId, 'Details')
  const details = cc.dialog('Job Details')
  await expect(details.getByLabel('Status', { exact: true })).toHaveText('Killed')
  await expect(details.getByLabel('Reason', { exact: true })).toContainText('Killed by the administrator')
  const items = details.getByRole('table', { name: 'Items' })
  await expect(items.getByRole('row').nth(1)).toContainText('Copied')
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()
  await expect(page.getByRole('status', { name: 'Job Controller status' })).toContainText('Running: 0')
})
})
