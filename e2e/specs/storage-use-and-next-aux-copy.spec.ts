import { readFileSync } from 'node:fs'
import { expect, test } from '../fixtures/test'
import type { ConsolePage } from '../pages/console-page'

// A standing CommServe clock: no schedule runs an aux copy while the figures are compared.
test.use({ hostArgs: ['--test-clock'] })

const units: Readonly<Record<string, number>> = { bytes: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }
/** A size as the console writes it (`12.4 MB`) back in bytes, to within its rounding. */
const bytesOf = (text: string): number => {
  const [value, unit] = text.trim().split(' ')
  return Number(value) * units[unit!]!
}

/** The rows of a chart's figures table (hidden until Show figures, there for screen readers), by column. */
async function figureRows(cc: ConsolePage, chart: string): Promise<Record<string, string>[]> {
  const table = cc.page.getByRole('table', { name: `${chart}: figures` })
  const columns = await table.getByRole('columnheader').allInnerTexts()
  const rows = await table.locator('tbody tr').all()
  return Promise.all(rows.map(async (row) => Object.fromEntries((await row.getByRole('cell').allInnerTexts()).map((text, index) => [columns[index]!.trim(), text.trim()]))))
}

test('a library shows its storage use and the Auxiliary Copy dialog what each copy would take before OK', async ({ console: cc, page }) => {
  // DiskLib01: a chart of used and free space above the mount path list, with the same figures as the list.
  const libraries = await cc.expand('Storage Resources', 'Libraries')
  await cc.select(cc.treeItem('DiskLib01', libraries))
  const space = page.getByRole('figure', { name: 'Space per mount path of DiskLib01' })
  await expect(space).toBeVisible()
  await expect(async () => {
    // Free space moves with whatever else writes to the disk: Refresh reads both again until they meet.
    await cc.toolbarButton('Refresh').click()
    const [listed] = await cc.listRecords('MountPath01')
    const [charted] = await figureRows(cc, 'Space per mount path of DiskLib01')
    expect(charted!['Mount Path']).toContain('MountPath01')
    expect(charted!['Free']).toBe(listed!['Free Space'])
    expect(charted!['Total Capacity']).toBe(listed!['Total Capacity'])
    // Each figure is shown to three digits: their sum meets the total to within that rounding.
    const total = bytesOf(charted!['Total Capacity']!)
    expect(Math.abs(bytesOf(charted!['Used']!) + bytesOf(charted!['Free']!) - total) / total).toBeLessThan(0.01)
  }).toPass({ timeout: 10_000 })
  // Export CSV saves the same figures in full bytes.
  const [download] = await Promise.all([page.waitForEvent('download'), space.getByRole('button', { name: 'Export CSV' }).click()])
  const csv = readFileSync((await download.path())!, 'utf8').split('\r\n')
  expect(csv[0]).toBe('Mount Path,Used (bytes),Free (bytes),Total Capacity (bytes),Offline')
  expect(csv[1]).toMatch(/MountPath01,\d+,\d+,\d+,$/)
  // In full bytes, used and free make up the total exactly.
  const [used, free, capacity] = csv[1]!.split(',').slice(-4, -1).map(Number)
  expect(used! + free!).toBe(capacity)

  // TapeLib01: its media by status; the eight media of ScratchPool01 are Spare.
  await cc.select(cc.treeItem('TapeLib01', libraries))
  await expect(page.getByRole('figure', { name: 'Media by status of TapeLib01' })).toBeVisible()
  const [pool] = await cc.listRecords('ScratchPool01')
  const media = await figureRows(cc, 'Media by status of TapeLib01')
  expect(media.map((row) => [row['Status'], row['Media']])).toEqual([['Spare', pool!['Drives / Media']], ['Active', '0'], ['Appendable', '0'], ['Full', '0'], ['Bad', '0']])

  // Copy_2's View Jobs: the jobs To Be Copied, as the CommServe lists them.
  const finance = await cc.expand('Policies', 'Storage Policies', 'SP_Finance')
  const copy2 = cc.treeItem('Copy_2', finance)
  await cc.viewJobs(copy2, 'Copy_2')
  const toBeCopied = await page.evaluate(async (nodeId) => {
    const api = (window as unknown as { commcell: { invoke(command: string, input: unknown): Promise<{ rows: { cells: Record<string, unknown> }[] }> } }).commcell
    const { rows } = await api.invoke('node:jobs', { nodeId, limit: 10_000, offset: 0 })
    const waiting = rows.filter((row) => row.cells.status === 'To Be Copied')
    return { jobs: waiting.length, bytes: waiting.reduce((sum, row) => sum + (row.cells.size as number), 0) }
  }, await copy2.getAttribute('data-node-id'))
  expect(toBeCopied.jobs).toBeGreaterThan(0)
  await expect(cc.listRow('To Be Copied').first()).toBeVisible()

  // Auxiliary Copy Job Options says, before OK, what the run would copy to Copy_2: the same jobs and bytes.
  const dialog = await cc.openRunAuxiliaryCopy(finance)
  const copyRow = dialog.getByRole('table', { name: 'To Be Copied by this aux copy' }).getByRole('row', { name: /^Copy_2 / })
  await expect(copyRow.getByRole('cell').nth(0)).toHaveText(toBeCopied.jobs.toLocaleString('en-US'))
  const size = await copyRow.getByRole('cell').nth(1).innerText()
  expect(Math.abs(bytesOf(size) - toBeCopied.bytes) / toBeCopied.bytes).toBeLessThan(0.01)
  // No aux copy has run to it yet (and the test clock stands still): no time is made up.
  await expect(copyRow.getByRole('cell').nth(2)).toHaveText('No earlier aux copy to estimate from')
  await dialog.getByRole('button', { name: 'Cancel' }).click()

  // Copy_2's view says the same above its list.
  await cc.select(copy2)
  await expect(page.getByRole('region', { name: 'Next aux copy' })).toHaveText(
    `Next aux copy: ${toBeCopied.jobs} jobs, ${size}; no earlier aux copy to estimate from`,
  )
})
