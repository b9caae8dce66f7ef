import { fileURLToPath } from 'node:url'
import { expect, test } from '../fixtures/test'

const screenshotPath = fileURLToPath(new URL('../../assets/commcell-browser.png', import.meta.url))
const filteredScreenshot = fileURLToPath(new URL('../../assets/job-history-filtered.png', import.meta.url))

test('an administrator opens the console and finds SP_Finance with its copies', async ({ console: cc, page }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  await expect(cc.treeItem('Primary', finance)).toBeVisible()
  await expect(cc.treeItem('Copy_2', finance)).toBeVisible()

  // Expanding by a double-click also selected it, so its copies are listed on the right.
  await expect(finance).toHaveAttribute('aria-selected', 'true')
  expect(await cc.columnLabels()).toEqual(['Copy Name', 'Type', 'Library', 'MediaAgent', 'Active', 'Copy Precedence', 'Retention', 'Savings'])
  await expect(cc.listRow('Copy_2')).toContainText('DiskLib02')
  await expect(cc.listRow('Copy_2')).toContainText('Synchronous')
  await expect(cc.listRow('Primary')).toContainText('DiskLib01')

  const menu = await cc.contextMenu(finance)
  await expect(menu.getByRole('menuitem', { name: 'All Tasks', exact: true })).toBeVisible()
  await expect(menu.getByRole('menuitem', { name: 'Properties', exact: true })).toBeVisible()
  await menu.getByRole('menuitem', { name: 'All Tasks', exact: true }).hover()
  await expect(page.getByRole('menuitem', { name: 'View Jobs', exact: true })).toBeVisible()
  await page.screenshot({ path: screenshotPath, animations: 'disabled' })
})

test('Properties of a copy shows its library, and View Jobs lists the policy jobs per copy', async ({ console: cc, page }) => {
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  await cc.chooseFromMenu(cc.treeItem('Copy_2', finance), 'Properties')
  const dialog = cc.dialog('Copy Properties')
  await expect(dialog.getByLabel('Library', { exact: true })).toHaveValue('DiskLib02')
  await dialog.getByRole('button', { name: 'OK' }).click()
  await expect(dialog).toBeHidden()

  await cc.chooseFromMenu(finance, 'All Tasks', 'View Jobs')
  await expect(page.getByRole('tab', { name: 'Jobs for SP_Finance', exact: true })).toBeVisible()
  expect(await cc.columnLabels()).toEqual(expect.arrayContaining(['Job ID', 'Backup Type', 'Primary', 'Copy_2']))
  await expect(cc.listRow('Transaction Log').first()).toBeVisible()
  // In a narrow window the list scrolls sideways; the Job ID column stays pinned at its left edge.
  await page.setViewportSize({ width: 1024, height: 700 })
  await cc.list.evaluate((grid) => grid.scrollTo({ left: 400 }))
  const gridLeft = (await cc.list.boundingBox())!.x
  expect((await cc.list.getByRole('columnheader', { name: 'Job ID', exact: true }).boundingBox())!.x).toBeCloseTo(gridLeft, 0)
  expect((await cc.listRow('Transaction Log').first().getByRole('gridcell').first().boundingBox())!.x).toBeCloseTo(gridLeft, 0)
  expect((await cc.list.getByRole('columnheader', { name: 'Backup Type', exact: true }).boundingBox())!.x).toBeLessThan(gridLeft)
})

test('the keyboard reaches every node and opens its menu; a click selects without folding, and a long mount path is cut, whole on hover', async ({ console: cc, page }) => {
  await cc.treeItem('Client Computers').dblclick() // selects and expands it
  await page.keyboard.press('ArrowLeft') // collapse Client Computers
  await expect(cc.treeItem('Client Computers')).toHaveAttribute('aria-expanded', 'false')
  await page.keyboard.press('ArrowDown') // Storage Resources
  await page.keyboard.press('ArrowDown') // Policies
  await page.keyboard.press('ArrowRight') // expand Policies
  await expect(cc.treeItem('Policies')).toHaveAttribute('aria-expanded', 'true')
  // Its children load from the CommServe: ArrowDown before they are there would move past them.
  await expect(cc.treeItem('Schedule Policies')).toBeVisible()
  await page.keyboard.press('ArrowDown') // Schedule Policies
  await expect(cc.treeItem('Schedule Policies')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('Shift+F10')
  await expect(page.getByRole('menu', { name: 'Schedule Policies menu' })).toBeVisible()
  await page.keyboard.press('Escape')
  // The CommCell's All Tasks opens from the keyboard; Escape closes the submenu, then the menu. The pointer, left on
  // Client Computers by the double-click, is moved off the tree first: the menu opens under the CommCell's row, and
  // an All Tasks appearing under a resting pointer opens on hover (as in the product), which is not this check.
  await page.mouse.move(5, page.viewportSize()!.height - 5)
  await page.keyboard.press('Home')
  await page.keyboard.press('Shift+F10')
  const allTasks = page.getByRole('menuitem', { name: 'All Tasks' })
  await expect(allTasks).toBeFocused()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByRole('menu', { name: 'All Tasks' }).getByRole('menuitem', { name: 'Data Aging' })).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByRole('menu', { name: 'All Tasks' })).toBeHidden()
  await expect(allTasks).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(allTasks).toBeHidden()

  // A single click on an expanded node selects it and keeps it expanded.
  const policies = cc.treeItem('Policies')
  await cc.select(policies)
  await expect(policies).toHaveAttribute('aria-expanded', 'true')

  // A mount path's full path is cut with an ellipsis, shows whole on hover, and selecting it never scrolls the tree sideways.
  const diskLib = await cc.expand('Storage Resources', 'Libraries', 'DiskLib01')
  const mountPath = cc.tree.getByRole('treeitem', { name: /\/DiskLib01\// }).and(cc.treeItems(diskLib))
  const label = mountPath.locator('.ti-label')
  const fullPath = (await mountPath.getAttribute('aria-label'))!
  expect(await label.evaluate((span) => span.scrollWidth > span.clientWidth && getComputedStyle(span).textOverflow === 'ellipsis')).toBe(true)
  await label.hover()
  await expect(label).toHaveAttribute('title', fullPath)
  await cc.select(mountPath)
  expect(await cc.tree.evaluate((tree) => ({ scrollLeft: tree.scrollLeft, sideways: tree.scrollWidth > tree.clientWidth }))).toEqual({ scrollLeft: 0, sideways: false })
})

// One console for the small checks of the right pane (each test pays for a console of its own).
test('the right pane sorts a list by a column header, lists the job history and the events; a bad message from the page is answered with a structured error naming the field', async ({ console: cc, page }) => {
  // A column header sorts the list, and again the other way.
  const storagePolicies = await cc.expand('Policies', 'Storage Policies')
  await cc.select(storagePolicies)
  await expect(cc.listRow('SP_Finance')).toBeVisible()
  const header = cc.list.getByRole('columnheader', { name: 'Storage Policy' })
  await header.click()
  const names = async () => (await cc.list.getByRole('row').allInnerTexts()).slice(1).map((row) => row.split('\n')[0]!.trim())
  const first = await names()
  await header.click()
  expect(await names()).toEqual([...first].reverse())

  // The CommCell root's Job History: the Job History Filter opens on All, and OK lists every job.
  await cc.filterJobHistory(await cc.openJobHistoryFilter(), {})
  await expect(page.getByRole('tab', { name: 'Job History', exact: true })).toBeVisible()
  expect(await cc.columnLabels()).toEqual(expect.arrayContaining(['Job ID', 'Operation', 'Status', 'Schedule']))
  await expect(cc.listRow('Transaction Log').first()).toBeVisible()

  // The Event Viewer.
  await cc.toolbarButton('Event Viewer').click()
  await expect(page.getByRole('tab', { name: 'Event Viewer', exact: true })).toBeVisible()
  await expect(cc.listRow('Console services started')).toBeVisible()
  await expect(cc.listRow('created with the demo CommCell')).toBeVisible()
  // A long description, cut at the column's edge in a narrow window, shows whole on hover.
  await page.setViewportSize({ width: 1024, height: 700 })
  const description = cc.listRow('created with the demo CommCell').getByRole('gridcell').last().locator('span[title]')
  const whole = await description.getAttribute('title')
  expect(whole).toMatch(/created with the demo CommCell/)
  expect(await description.evaluate((span) => span.scrollWidth > span.clientWidth || span.parentElement!.scrollWidth > span.parentElement!.clientWidth)).toBe(true)
  expect(await description.innerText()).toBe(whole)

  // Customize View (right click on the header): Computer hidden, Description moved before Job ID; a reload keeps it.
  await cc.list.getByRole('columnheader', { name: 'Program', exact: true }).click({ button: 'right' })
  await page.getByRole('menuitem', { name: 'Customize View' }).click()
  const customize = page.getByRole('dialog', { name: 'Customize View: Event Viewer' })
  await customize.getByRole('checkbox', { name: 'Computer' }).uncheck()
  await customize.getByRole('button', { name: 'Move Description up' }).click()
  await customize.getByRole('button', { name: 'OK', exact: true }).click()
  const shaped = ['Severity', 'Event ID', 'Time', 'Program', 'Description', 'Job ID']
  expect(await cc.columnLabels()).toEqual(shaped)
  // Dragging the Program header's right edge widens the column, also kept across the reload.
  const program = cc.list.getByRole('columnheader', { name: 'Program', exact: true })
  const before = (await program.boundingBox())!
  await page.mouse.move(before.x + before.width - 1, before.y + before.height / 2)
  await page.mouse.down()
  await page.mouse.move(before.x + before.width + 80, before.y + before.height / 2, { steps: 4 })
  await page.mouse.up()
  const widened = (await program.boundingBox())!.width
  expect(widened).toBeGreaterThan(before.width + 60)
  await page.reload()
  await cc.toolbarButton('Event Viewer').click()
  expect(await cc.columnLabels()).toEqual(shaped)
  expect(Math.round((await cc.list.getByRole('columnheader', { name: 'Program', exact: true }).boundingBox())!.width)).toBe(Math.round(widened))

  // A bad message from the page gets a structured error naming the field.
  const answer = await page.evaluate(async () => {
    const api = (window as unknown as { commcell: { invoke(c: string, i: unknown): Promise<unknown> } }).commcell
    try {
      await api.invoke('tree:children', { nodeId: 'storagePolicy:999999' })
      return null
    } catch (error) {
      const { code, field, message } = error as { code: string; field?: string; message: string }
      return { code, field, message }
    }
  })
  expect(answer).toMatchObject({ code: 'not_found', field: 'nodeId' })
})

test('from the keyboard, a list header opens its menu: Filter Backup Type keeps the differentials, Clear Filters brings back the rest, Customize View opens', async ({ console: cc, page }) => {
  await cc.filterJobHistory(await cc.openJobHistoryFilter(), {})
  const history = cc.list
  await expect(cc.listRow('Transaction Log').first()).toBeVisible()
  const backupTypes = async () => Promise.all((await history.getByRole('row').all()).slice(1).map((row) => row.getByRole('gridcell').nth(5).innerText()))
  const before = await backupTypes()
  expect(new Set(before).size).toBeGreaterThan(1)

  // Tab from the rows to the headers, right to Backup Type, Shift+F10: its menu.
  await history.getByRole('row').nth(1).click()
  await page.keyboard.press('Tab')
  await expect(history.getByRole('columnheader', { name: 'Job ID', exact: true }).getByRole('button')).toBeFocused()
  for (let step = 0; step < 5; step++) await page.keyboard.press('ArrowRight')
  const backupType = history.getByRole('columnheader', { name: 'Backup Type', exact: true })
  await expect(backupType.getByRole('button')).toBeFocused()
  await page.keyboard.press('Shift+F10')
  await page.getByRole('menuitem', { name: 'Filter Backup Type...' }).click()
  const filter = page.getByRole('dialog', { name: /^Filter Backup Type: / })
  await filter.getByLabel('Backup Type contains').fill('differential')
  await page.keyboard.press('Enter')
  await expect(filter).toBeHidden()
  await expect(backupType).toHaveAccessibleDescription('Filtered: differential')
  const kept = await backupTypes()
  expect(kept.length).toBeGreaterThan(0)
  expect(kept.every((name) => name === 'Differential')).toBe(true)
  await page.mouse.move(0, 0)
  await page.screenshot({ path: filteredScreenshot, animations: 'disabled' })

  // The menu again, by the menu key on the focused header: Clear Filters, then Customize View from the keyboard.
  await expect(backupType.getByRole('button')).toBeFocused()
  await page.keyboard.press('ContextMenu')
  await page.getByRole('menuitem', { name: 'Clear Filters' }).click()
  await expect(backupType).not.toHaveAccessibleDescription('Filtered: differential')
  expect(new Set(await backupTypes()).size).toBeGreaterThan(1)
  await backupType.getByRole('button').focus()
  await page.keyboard.press('Shift+F10')
  // The menu opens on its first item (Filter Backup Type...); Customize View is the next.
  await expect(page.getByRole('menuitem', { name: 'Filter Backup Type...' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('menuitem', { name: 'Customize View' })).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('dialog', { name: /^Customize View: / })).toBeVisible()
})

test('SIGTERM stops the host cleanly', async ({ host }) => {
  expect(await host.stop()).toBe(0)
})
