import { expect, test } from '../fixtures/test'

test('an administrator adds media to ScratchPool01, grows the media capacity of TapeLib01 and marks a medium Bad', async ({ console: cc, page }) => {
  const pool = await cc.expand('Storage Resources', 'Libraries', 'TapeLib01', 'ScratchPool01')
  const library = cc.treeItem('TapeLib01')
  await expect(cc.treeItem('Assigned Media', library)).toBeVisible()
  expect(await cc.columnLabels()).toEqual(['Barcode', 'Status', 'Used', 'Capacity', 'Storage Policy', 'Copy', 'Jobs'])
  expect(await cc.listRecords('CV0001L6')).toEqual([
    { Barcode: 'CV0001L6', Status: 'Spare', Used: '0 bytes', Capacity: '4 GB', 'Storage Policy': '', Copy: '', Jobs: '0' },
  ])

  // A barcode in use is refused beside the field that holds it; the next free one is taken.
  const addMedia = await cc.fillAddMedia(pool, { firstBarcode: 'CV0008L6', count: 2 })
  await addMedia.getByRole('button', { name: 'OK' }).click()
  await expect(addMedia.getByText('Barcode CV0008L6 is already in use in this CommCell: choose another Starting barcode.')).toBeVisible()
  await addMedia.getByLabel('Starting barcode', { exact: true }).fill('CV0009L6')
  await addMedia.getByRole('button', { name: 'OK' }).click()
  await expect(addMedia).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: '2 media added to ScratchPool01: CV0009L6, CV0010L6.' }))
  await expect(cc.treeItem('CV0009L6', pool)).toBeVisible()
  await expect(cc.treeItem('CV0010L6', pool)).toBeVisible()
  await expect(cc.listRow('CV0010L6')).toBeVisible()
  expect((await cc.listRecords('CV0010L6'))[0]).toMatchObject({ Status: 'Spare', Capacity: '4 GB' })

  // Library Properties: the media capacity, in MB, checked beside the field.
  const properties = await cc.openLibraryProperties(library)
  const capacity = properties.getByLabel('Media capacity (MB)', { exact: true })
  await expect(capacity).toHaveValue('4096')
  await expect(properties.getByText('Spare media never written, take this capacity')).toBeVisible()
  await capacity.fill('0')
  await properties.getByRole('button', { name: 'OK' }).click()
  await expect(properties.getByText('Media capacity must be at least 1 MB.')).toBeVisible()
  await capacity.fill('8192')
  await properties.getByRole('button', { name: 'OK' }).click()
  await expect(properties).toBeHidden()
  await cc.closeNotice(page.getByRole('alert').filter({ hasText: 'Media capacity of TapeLib01 set to 8192 MB.' }))
  await cc.select(pool)
  await expect(cc.listRow('CV0001L6')).toContainText('8 GB')
  expect((await cc.listRecords('CV0010L6'))[0]).toMatchObject({ Status: 'Spare', Capacity: '8 GB' })

  // Mark Bad: asked first; the medium then reads Bad and offers no mark any more.
  await cc.markMediaBad('CV0003L6')
  await expect(page.getByRole('alert').filter({ hasText: 'CV0003L6 marked Bad.' })).toBeVisible()
  await expect(cc.listRow('CV0003L6')).toContainText('Bad')
  expect((await cc.listRecords('CV0003L6'))[0]).toMatchObject({ Status: 'Bad' })
  const menu = await cc.listRowMenu('CV0003L6')
  await expect(menu.getByRole('menuitem', { name: 'View Contents' })).toBeVisible()
  await expect(menu.getByRole('menuitem', { name: 'Mark Bad' })).toHaveCount(0)
  await page.keyboard.press('Escape')

  // The drives hold no job.
  await cc.select(cc.treeItem('DrivePool01', library))
  await expect(cc.listRow('Drive 1')).toBeVisible()
  expect(await cc.columnLabels()).toEqual(['Drive', 'Serial Number', 'Status', 'Job ID', 'Medium'])
  expect((await cc.listRecords('TapeLib01-D')).map((drive) => [drive.Drive, drive.Status])).toEqual([
    ['Drive 1', 'Idle'],
    ['Drive 2', 'Idle'],
  ])
})
