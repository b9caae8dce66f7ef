import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from '../fixtures/test'

const screenshotPath = fileURLToPath(new URL('../../assets/browse-and-restore.png', import.meta.url))

test.use({ hostArgs: ['--test-clock'] })

test('an administrator browses finance as it was before a change, restores one file out of place, then a folder in place keeping a newer file', async ({ console: cc, host, page }) => {
  test.setTimeout(120_000)
  const folder = join(host.dataDir, 'finance-docs')
  mkdirSync(join(folder, 'notes'), { recursive: true })
  writeFileSync(join(folder, 'ledger.txt'), 'ledger at 13:00')
  writeFileSync(join(folder, 'notes', 'old.txt'), 'a note deleted later')
  writeFileSync(join(folder, 'notes', 'kept.txt'), 'a note that stays')

  // 13:00: a Full. 13:30: the ledger changes, a note is deleted, an Incremental.
  const finance = cc.treeItem('finance', await cc.expand('Client Computers', 'localhost', 'File System'))
  await cc.setSubclientContent(finance, [folder])
  const full = await cc.runBackup(finance, 'Full')
  await expect(cc.jobStatus(full)).toHaveText('Completed', { timeout: 30_000 })
  await cc.advanceClock()
  writeFileSync(join(folder, 'ledger.txt'), 'ledger at 13:30, with more lines')
  rmSync(join(folder, 'notes', 'old.txt'))
  const incremental = await cc.runBackup(finance, 'Incremental')
  await expect(cc.jobStatus(incremental)).toHaveText('Completed', { timeout: 30_000 })

  // Latest Data: the note is gone.
  let browse = await cc.browse(finance, { copy: null })
  await expect(browse.getByRole('status')).toContainText(`backup job ${incremental} (Incremental)`)
  const list = browse.getByRole('grid', { name: /^Contents of / })
  await expect(list.getByRole('row')).toHaveCount(3) // the header, notes, ledger.txt
  await browse.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'notes' }).click()
  await expect(list.getByRole('row', { name: /old\.txt/ })).toHaveCount(0)
  await expect(list.getByRole('row', { name: /kept\.txt/ })).toHaveCount(1)

  // A Browse Date of 13:15 shows the Full's view: the note is there, the ledger at its size of then.
  browse = await cc.browse(finance, { copy: null, at: { time: '13:15' } })
  await expect(browse.getByRole('status')).toContainText(`backup job ${full} (Full)`)
  await expect(list.getByRole('row', { name: /ledger\.txt/ })).toContainText('15 bytes')
  await browse.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'notes' }).click()
  await expect(list.getByRole('row', { name: /old\.txt/ })).toHaveCount(1)
  await browse.getByRole('tree', { name: 'Folders' }).getByRole('treeitem', { name: 'finance-docs' }).click()
  await list.getByRole('checkbox', { name: 'Select ledger.txt' }).check()
  await expect(browse.getByText('1 selected')).toBeVisible()
  await page.mouse.move(0, 0)
  await page.screenshot({ path: screenshotPath, animations: 'disabled' })

  // The ledger of 13:00, out of place: exactly its bytes of then.
  const destination = join(host.dataDir, 'restored')
  await cc.recoverSelected([], { destination })
  const outOfPlace = await cc.startedJobId('Restore')
  await expect(cc.jobStatus(outOfPlace)).toHaveText('Completed', { timeout: 30_000 })
  expect(readFileSync(join(destination, ...folder.split('/').filter(Boolean), 'ledger.txt'), 'utf8')).toBe('ledger at 13:00')

  // In place, the whole folder, only where the backup is newer: the deleted note comes back, the newer ledger stays.
  await page.getByRole('tab', { name: /^finance \(/ }).click()
  await browse.getByRole('checkbox', { name: 'Select all in this folder' }).check()
  await cc.recoverSelected([], { destination: null, overwrite: 'Only if the backup is newer' })
  const inPlace = await cc.startedJobId('Restore')
  await expect(cc.jobStatus(inPlace)).toHaveText('Completed', { timeout: 30_000 })
  expect(readFileSync(join(folder, 'notes', 'old.txt'), 'utf8')).toBe('a note deleted later')
  expect(readFileSync(join(folder, 'ledger.txt'), 'utf8')).toBe('ledger at 13:30, with more lines')
})
