import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checksums, restoredFolder } from '../fixtures/folders'
import { expect, test } from '../fixtures/test'

const mediaShot = fileURLToPath(new URL('../../assets/tape-media.png', import.meta.url))
/** The demo's File System subclient of SP_Finance, as View Jobs names it. */
const financeSubclient = 'File System / finance'
/**
 * The CommServe's clock stands still (--test-clock): the System Created Autocopy schedule, which covers every new copy,
 * cannot start its own aux copy to Copy_Tape in the middle of the story.
 */
test.use({ hostArgs: ['--test-clock'] })

test('an administrator copies SP_Finance to small tape media: the copy spans media, waits for Add Media when the scratch pool runs out, TapeLib01 shows Full and Appendable media with their jobs, and a restore from tape is identical', async ({
  console: cc,
  host,
  page,
}) => {
  test.setTimeout(180_000)

  // TapeLib01's Properties: media of 1 MB, so SP_Finance's history (about 13 MB) spans more than its 8 spare media.
  const library = await cc.expand('Storage Resources', 'Libraries', 'TapeLib01')
  const properties = await cc.openLibraryProperties(library)
  await properties.getByLabel('Media capacity (MB)', { exact: true }).fill('1')
  await properties.getByRole('button', { name: 'OK' }).click()
  await expect(properties).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: 'Media capacity of TapeLib01 set to 1 MB.' }))

  // Create New Copy on SP_Finance: Copy_Tape on TapeLib01, DrivePool01, ScratchPool01.
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const dialog = await cc.createNewCopy(finance)
  await dialog.getByLabel('Copy Name', { exact: true }).fill('Copy_Tape')
  await cc.choose(dialog, 'Library', 'TapeLib01')
  await cc.choose(dialog, 'Drive Pool', 'DrivePool01')
  await cc.choose(dialog, 'Scratch Pool', 'ScratchPool01')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await cc.dialog('Copy Policy').getByRole('button', { name: 'No' }).click()
  await expect(dialog).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: 'Copy_Tape created in SP_Finance.' }))
  const tapeCopy = cc.treeItem('Copy_Tape', finance)
  await expect(tapeCopy).toBeVisible()

  // Run Auxiliary Copy to Copy_Tape with two streams (DrivePool01 has two drives): once the spare media are used,
  // the job waits, Pending with the reason.
  const auxId = await cc.runAuxiliaryCopy(await cc.openRunAuxiliaryCopy(finance), { copy: 'Copy_Tape', streams: 2 })
  await expect(cc.jobStatus(auxId)).toHaveText('Pending', { timeout: 90_000 })
  await expect(cc.jobRow(auxId)).toContainText('No spare media in ScratchPool01.')

  // ScratchPool01 > Add Media: eight more; the job goes on by itself and completes.
  const addMedia = await cc.fillAddMedia(cc.treeItem('ScratchPool01', library), { firstBarcode: 'CV0009L6', count: 8 })
  await addMedia.getByRole('button', { name: 'OK' }).click()
  await expect(addMedia).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: '8 media added to ScratchPool01' }))
  await cc.openJobController()
  await expect(cc.jobStatus(auxId)).toHaveText('Completed', { timeout: 90_000 })
  const details = await cc.openJobDetails(auxId)
  await expect(details.getByRole('region', { name: 'What this means for the data' })).toContainText('written to tape in segments')
  await details.getByRole('button', { name: 'OK' }).click()
  await expect(details).toBeHidden()

  // TapeLib01 > Assigned Media: Copy_Tape's media, the first ones Full, the last written Appendable, each with jobs.
  await cc.select(cc.treeItem('Assigned Media', library))
  const media = await cc.listRecords('Copy_Tape')
  expect(media.length).toBeGreaterThan(2)
  const statuses = new Set(media.map((medium) => medium.Status))
  expect(statuses.has('Full')).toBe(true)
  expect(statuses.has('Appendable')).toBe(true)
  for (const medium of media) {
    expect(medium).toMatchObject({ 'Storage Policy': 'SP_Finance', Copy: 'Copy_Tape', Capacity: '1 MB' })
    expect(Number(medium.Jobs)).toBeGreaterThan(0)
  }
  await page.mouse.move(0, 0)
  await page.screenshot({ path: mediaShot, animations: 'disabled' })

  // A Full medium's View Contents lists the jobs on it.
  const full = media.find((medium) => medium.Status === 'Full')!
  await (await cc.listRowMenu(full.Barcode!)).getByRole('menuitem', { name: 'View Contents' }).click()
  const contents = cc.dialog(`Contents of ${full.Barcode}`)
  await expect(contents.getByRole('row').filter({ hasText: 'Copy_Tape' }).first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(contents).toBeHidden()

  // The newest job of the finance subclient restores from Copy_Tape with the same bytes as its content folder.
  const jobs = await cc.viewJobs(tapeCopy, 'Copy_Tape')
  void jobs
  await cc.sortList('Job ID', 'descending')
  const newestId = Number((await cc.listRecords(financeSubclient))[0]!['Job ID']!.replace(/\D/g, ''))
  await expect(cc.listJobRow(newestId)).toContainText('Available')
  const client = await cc.expand('Client Computers', 'localhost', 'File System')
  const destination = join(host.dataDir, 'restored-from-tape')
  const restoreId = await cc.restore(cc.treeItem('finance', client), { jobId: newestId, copy: 'Copy_Tape', destination })
  await expect(cc.jobStatus(restoreId)).toHaveText('Completed', { timeout: 60_000 })
  const content = join(host.dataDir, 'demo-content', 'finance')
  const original = checksums(content)
  expect(Object.keys(original).length).toBeGreaterThan(3)
  expect(checksums(restoredFolder(destination, 'demo-content/finance'))).toEqual(original)
})
