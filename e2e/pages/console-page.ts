import { expect, type Locator, type Page } from '@playwright/test'

/**
 * The console as an administrator sees it: intents built from role and label locators. Assertions stay in the
 * specs; this model only finds and clicks.
 */
export class ConsolePage {
  constructor(readonly page: Page) {}

  /** Opens the console URL and waits for the CommCell's top level. */
  async open(url: string): Promise<void> {
    await this.page.goto(url)
    await this.treeItem('Policies').waitFor()
  }

  /** The CommCell Browser tree. */
  get tree(): Locator {
    return this.page.getByRole('tree', { name: 'CommCell Browser' })
  }

  /**
   * A tree item by its node name; `within` (a tree item) limits it to the rows below that node, e.g. the `Primary`
   * of SP_Finance. The tree is a flat list of rows: the rows below a node are found by the `tree-descendants`
   * selector engine (see `fixtures/tree-selectors.ts`), not inside the node's element.
   */
  treeItem(name: string, within?: Locator): Locator {
    const item = this.tree.getByRole('treeitem', { name, exact: true })
    return within === undefined ? item : this.treeItems(within).and(item)
  }

  /** The rows shown below a tree item (its expanded descendants), top to bottom. */
  treeItems(within: Locator): Locator {
    return within.locator('tree-descendants=*')
  }

  /** Expands the named nodes one after another, e.g. `expand('Policies', 'Storage Policies', 'SP_Finance')`. */
  async expand(...names: string[]): Promise<Locator> {
    let item: Locator | undefined
    for (const name of names) {
      item = this.treeItem(name, item)
      await item.first().waitFor()
      // A double-click selects the node (its first click) and expands it, as in the console.
      if ((await item.first().getAttribute('aria-expanded')) !== 'true') await item.first().dblclick()
      await expect(item.first()).toHaveAttribute('aria-expanded', 'true')
    }
    return item!.first()
  }

  /** Selects a tree node (its contents show on the right); a click selects only, it never expands or collapses. */
  async select(item: Locator): Promise<void> {
    await item.click()
    await expect(item).toHaveAttribute('aria-selected', 'true')
  }

  /** Opens a tree node's context menu with a right-click; returns the menu. */
  async contextMenu(item: Locator): Promise<Locator> {
    await item.click({ button: 'right' })
    const menu = this.page.getByRole('menu').last()
    await menu.waitFor()
    return menu
  }

  /** Right-clicks a node and chooses an item, going through submenus (`chooseFromMenu(node, 'All Tasks', 'Create New Copy')`). */
  async chooseFromMenu(item: Locator, ...labels: string[]): Promise<void> {
    await this.contextMenu(item)
    for (const label of labels) {
      await this.page.getByRole('menuitem', { name: label, exact: true }).last().click()
    }
  }

  /** The right pane's visible list (grid). */
  get list(): Locator {
    return this.page.getByRole('grid').last()
  }

  /** The column header labels of the visible list (once it has its headers). */
  async columnLabels(): Promise<string[]> {
    await this.list.getByRole('columnheader').first().waitFor()
    return (await this.list.getByRole('columnheader').allInnerTexts()).map((text) => text.trim())
  }

  /** A row of the visible list containing a text. */
  listRow(text: string): Locator {
    return this.list.getByRole('row').filter({ hasText: text })
  }

  /** The row of the visible list with a cell holding exactly this value (a job id in View Jobs). */
  listRowOf(value: string | number): Locator {
    return this.list.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name: String(value), exact: true }) })
  }

  /** The row of a job in a visible job list (View Jobs, Job History), by its Job ID: the row's first cell. */
  listJobRow(jobId: number): Locator {
    return this.list.getByRole('row', { name: new RegExp(`^${jobId} `) })
  }

  /** Sorts the visible list by a column, clicking its header until it sorts that way. */
  async sortList(column: string, direction: 'ascending' | 'descending'): Promise<void> {
    const header = this.list.getByRole('columnheader', { name: column, exact: true })
    for (let click = 0; click < 2 && (await header.getAttribute('aria-sort')) !== direction; click++) await header.click()
    await expect(header).toHaveAttribute('aria-sort', direction)
  }

  /** The text of each cell of the visible list's rows that hold a text, by column label (rows scrolled out are not shown). */
  async listRecords(text: string): Promise<Record<string, string>[]> {
    const labels = await this.columnLabels()
    const rows = await this.listRow(text).all()
    return Promise.all(
      rows.map(async (row) => {
        const cells = await row.getByRole('gridcell').allInnerTexts()
        return Object.fromEntries(labels.map((label, index) => [label, (cells[index] ?? '').trim()]))
      }),
    )
  }

  /** A toolbar button by label. */
  toolbarButton(label: string): Locator {
    return this.page.getByRole('toolbar').getByRole('button', { name: label, exact: true })
  }

  /** A dialog by title. */
  dialog(title: string): Locator {
    return this.page.getByRole('dialog', { name: title })
  }

  /**
   * The names of a node's children as the CommServe holds them now (asked through the page's console api, so it
   * also works while a modal dialog hides the tree), e.g. `catalogChildren('Policies', 'Storage Policies', 'SP_Finance')`.
   */
  async catalogChildren(...path: string[]): Promise<string[]> {
    return this.page.evaluate(async (names) => {
      type Node = { id: string; name: string }
      const api = (window as unknown as { commcell: { invoke(command: string, input: unknown): Promise<{ nodes: Node[] }> } }).commcell
      let nodes = (await api.invoke('tree:children', { nodeId: null })).nodes
      nodes = (await api.invoke('tree:children', { nodeId: nodes[0]!.id })).nodes
      for (const name of names) {
        const node = nodes.find((candidate) => candidate.name === name)
        if (node === undefined) throw new Error(`No node named ${name}`)
        nodes = (await api.invoke('tree:children', { nodeId: node.id })).nodes
      }
      return nodes.map((node) => node.name)
    }, path)
  }

  /** Right-click a storage policy > All Tasks > Create New Copy; returns the Copy Properties dialog. */
  async createNewCopy(policy: Locator): Promise<Locator> {
    await this.chooseFromMenu(policy, 'All Tasks', 'Create New Copy')
    const dialog = this.dialog('Copy Properties')
    await dialog.getByLabel('Copy Name', { exact: true }).waitFor()
    return dialog
  }

  /** Right-click a copy > Properties; returns the loaded Copy Properties dialog. */
  async openCopyProperties(copy: Locator): Promise<Locator> {
    await this.chooseFromMenu(copy, 'Properties')
    const dialog = this.dialog('Copy Properties')
    await dialog.getByLabel('Copy Name', { exact: true }).waitFor()
    return dialog
  }

  /**
   * Copy Properties of a new copy > Deduplication: checks Enable Deduplication, types the DDB Path and picks the Block
   * size (`Fixed 128 KB` or `Variable (content-defined)`).
   */
  async enableDeduplication(dialog: Locator, options: { ddbPath: string; blockSize: 'Fixed 128 KB' | 'Variable (content-defined)' }): Promise<void> {
    await dialog.getByRole('tab', { name: 'Deduplication' }).click()
    await dialog.getByRole('checkbox', { name: 'Enable Deduplication' }).check()
    await dialog.getByLabel('DDB Path', { exact: true }).fill(options.ddbPath)
    await dialog.getByRole('radiogroup', { name: 'Block size' }).getByRole('radio', { name: options.blockSize, exact: true }).check()
  }

  /**
   * Copy Properties > Advanced > Encryption: checks Re-encrypt data (AES-256) and, when the dialog asks for the
   * CommServe passphrase (the first encrypted copy), types it and its confirmation.
   */
  async enableEncryption(dialog: Locator, passphrase: string): Promise<void> {
    await dialog.getByRole('tab', { name: 'Advanced' }).click()
    await dialog.getByRole('checkbox', { name: 'Re-encrypt data' }).check()
    const field = dialog.getByLabel('Passphrase', { exact: true })
    if (await field.isVisible()) {
      await field.fill(passphrase)
      await dialog.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase)
    }
  }

  /** Opens a list field by its label and picks an option (`choose(dialog, 'Library', 'TapeLib01')`). */
  async choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.getByRole('combobox', { name: label, exact: true }).click()
    await this.page.getByRole('listbox', { name: label, exact: true }).getByRole('option', { name: option, exact: true }).click()
  }

  /** Types a date into a date field by its label, section by section (month, day, year). */
  async typeDate(scope: Locator, label: string, date: Date): Promise<void> {
    const field = scope.getByRole('group', { name: label, exact: true })
    await field.getByRole('spinbutton', { name: 'Month' }).click()
    const pad = (value: number) => String(value).padStart(2, '0')
    await this.page.keyboard.type(`${pad(date.getMonth() + 1)}${pad(date.getDate())}${date.getFullYear()}`)
  }

  // ── Jobs ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** The Job Controller's grid. */
  get jobController(): Locator {
    return this.page.getByRole('grid', { name: 'Job Controller', exact: true })
  }

  /** Opens (or brings forward) the Job Controller with the toolbar button; returns its grid. */
  async openJobController(): Promise<Locator> {
    await this.toolbarButton('Job Controller').click()
    await this.jobController.waitFor()
    return this.jobController
  }

  /** The Job Controller row of a job. */
  jobRow(jobId: number): Locator {
    return this.jobController.getByRole('row').filter({ has: this.page.getByRole('gridcell', { name: String(jobId), exact: true }) })
  }

  /** The Status cell of a job's Job Controller row. */
  jobStatus(jobId: number): Locator {
    return this.jobRow(jobId).getByRole('gridcell').nth(2)
  }

  /** A cell of a job's Job Controller row, by its column. */
  jobCell(jobId: number, column: 'Phase' | 'Throughput' | 'Elapsed'): Locator {
    return this.jobRow(jobId).getByRole('gridcell').nth({ Phase: 3, Throughput: 10, Elapsed: 12 }[column])
  }

  /** The progress bar of a job's Job Controller row. */
  jobProgress(jobId: number): Locator {
    return this.jobController.getByRole('progressbar', { name: `Progress of job ${jobId}`, exact: true })
  }

  /** Right-click a storage policy or copy > View Jobs (a policy's is under All Tasks); returns its list once loaded. */
  async viewJobs(node: Locator, name: string): Promise<Locator> {
    const policy = (await node.getAttribute('data-node-id'))?.startsWith('storagePolicy:') === true
    await this.chooseFromMenu(node, ...(policy ? ['All Tasks', 'View Jobs'] : ['View Jobs']))
    const list = this.page.getByRole('grid', { name: `Jobs for ${name}`, exact: true })
    await list.getByRole('row').nth(1).waitFor()
    return list
  }

  /** Right-click the CommCell (the tree's top node) > Job History; returns the Job History Filter once it is loaded. */
  async openJobHistoryFilter(): Promise<Locator> {
    await this.chooseFromMenu(this.tree.getByRole('treeitem').first(), 'Job History')
    const dialog = this.dialog('Job History Filter')
    await dialog.getByRole('combobox', { name: 'Operation', exact: true }).waitFor()
    return dialog
  }

  /**
   * In the Job History Filter: picks each given choice by its field's label (`Operation`, `Storage Policy`, `Client`,
   * `Job Status`, `Time Range`), then OK; returns the Job History list (`Job History`, or `Job History (filtered)`).
   */
  async filterJobHistory(dialog: Locator, choices: Readonly<Record<string, string>>): Promise<Locator> {
    for (const [label, option] of Object.entries(choices)) await this.choose(dialog, label, option)
    await dialog.getByRole('button', { name: 'OK' }).click()
    await dialog.waitFor({ state: 'hidden' })
    return this.page.getByRole('grid', { name: /^Job History( \(filtered\))?$/ })
  }

  /** Right-clicks a job row of a View Jobs list; returns the row's menu (`Job 123 menu`). */
  async listJobMenu(row: Locator, jobId: number): Promise<Locator> {
    await row.click({ button: 'right' })
    const menu = this.page.getByRole('menu', { name: `Job ${jobId} menu`, exact: true })
    await menu.waitFor()
    return menu
  }

  /** Right-click a job in the Job Controller > Details; returns the Job Details dialog once its figures show. */
  async openJobDetails(jobId: number): Promise<Locator> {
    await this.chooseJobAction(jobId, 'Details')
    const details = this.dialog('Job Details')
    await expect(details.getByLabel('Job ID', { exact: true })).toHaveText(String(jobId))
    return details
  }

  /** Right-clicks a job in the Job Controller and chooses an item (`Suspend`, `Resume`, `Kill`, `Details`). */
  async chooseJobAction(jobId: number, label: string): Promise<void> {
    await this.jobMenu(jobId)
    await this.page.getByRole('menuitem', { name: label, exact: true }).click()
  }

  /** Right-clicks a job in the Job Controller; returns its menu. */
  async jobMenu(jobId: number): Promise<Locator> {
    await this.jobRow(jobId).click({ button: 'right' })
    const menu = this.page.getByRole('menu', { name: `Job ${jobId} menu` })
    await menu.waitFor()
    return menu
  }

  /**
   * The id of the job a dialog just started, read from its notice (`Auxiliary copy job 123 started.`); the notice
   * is then closed, so the next one shows at once.
   */
  async startedJobId(kind: 'Backup' | 'Auxiliary copy' | 'Restore' | 'Data Verification' | 'Data Aging'): Promise<number> {
    const notice = this.page.getByRole('alert').filter({ hasText: new RegExp(`^${kind} job \\d+ .*started\\.$`) }).last()
    await notice.waitFor()
    const match = /job (\d+)/.exec(await notice.innerText())
    if (match === null) throw new Error(`No job id in the notice of the ${kind} job.`)
    await this.closeNotice(notice)
    return Number(match[1])
  }

  /** Closes a notice with its × (the next waiting notice shows then). */
  async closeNotice(notice: Locator): Promise<void> {
    await notice.getByRole('button', { name: 'Close' }).click()
    await notice.waitFor({ state: 'hidden' })
  }

  /** Subclient Properties > Content: replaces the subclient's content folders and saves (OK). */
  async setSubclientContent(subclient: Locator, folders: readonly string[]): Promise<void> {
    await this.chooseFromMenu(subclient, 'Properties')
    const dialog = this.dialog('Subclient Properties')
    await dialog.getByRole('tab', { name: 'Content' }).click()
    const list = dialog.getByRole('listbox', { name: 'Content' })
    while ((await list.getByRole('option').count()) > 0) {
      await list.getByRole('option').first().click()
      await dialog.getByRole('button', { name: 'Remove' }).click()
    }
    for (const folder of folders) {
      await dialog.getByLabel('Folder', { exact: true }).fill(folder)
      await dialog.getByRole('button', { name: 'Add' }).click()
    }
    await dialog.getByRole('button', { name: 'OK' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await this.closeNotice(this.page.getByRole('alert').filter({ hasText: 'Subclient Properties of' }))
  }

  /** Right-click a subclient > Backup, choose the type, OK; returns the started job's id. */
  async runBackup(subclient: Locator, backupType: 'Full' | 'Incremental' | 'Differential'): Promise<number> {
    await this.chooseFromMenu(subclient, 'Backup')
    const dialog = this.dialog('Backup Options')
    await dialog.getByRole('radio', { name: backupType, exact: true }).check()
    await dialog.getByRole('button', { name: 'OK' }).click()
    await dialog.waitFor({ state: 'hidden' })
    return this.startedJobId('Backup')
  }

  /** Right-click a storage policy > All Tasks > Run Auxiliary Copy; returns the Auxiliary Copy Job Options dialog. */
  async openRunAuxiliaryCopy(policy: Locator): Promise<Locator> {
    await this.chooseFromMenu(policy, 'All Tasks', 'Run Auxiliary Copy')
    const dialog = this.dialog('Auxiliary Copy Job Options')
    await dialog.getByRole('radio', { name: 'All Copies' }).waitFor()
    return dialog
  }

  /** In Auxiliary Copy Job Options: the copy (or All Copies) and the streams (null: Allow Maximum); OK; returns the job id. */
  async runAuxiliaryCopy(dialog: Locator, options: { copy: string | null; streams: number | null; verify?: boolean }): Promise<number> {
    if (options.copy === null) await dialog.getByRole('radio', { name: 'All Copies' }).check()
    else {
      await dialog.getByRole('radio', { name: 'Select a Copy' }).check()
      await dialog.getByRole('listbox', { name: 'Copies' }).getByRole('option', { name: options.copy, exact: true }).click()
    }
    const allowMaximum = dialog.getByRole('checkbox', { name: 'Allow Maximum' })
    if (options.streams === null) await allowMaximum.check()
    else {
      await allowMaximum.uncheck()
      await dialog.getByLabel('Number of Streams').fill(String(options.streams))
    }
    if (options.verify === true) await dialog.getByRole('checkbox', { name: 'Verify copied data' }).check()
    await dialog.getByRole('button', { name: 'OK' }).click()
    await dialog.waitFor({ state: 'hidden' })
    return this.startedJobId('Auxiliary copy')
  }

  /**
   * Data Verification from a node's menu: a storage policy (`All Tasks`, `Data Verification`) or a copy
   * (`Data Verification`); returns the loaded dialog.
   */
  async openDataVerification(node: Locator, ...labels: string[]): Promise<Locator> {
    await this.chooseFromMenu(node, ...labels)
    const dialog = this.dialog('Data Verification')
    await dialog.getByRole('radio', { name: 'All jobs' }).waitFor()
    return dialog
  }

  /** In Data Verification: the copy (by its name; each option also says its Available jobs), All jobs; OK; returns the job id. */
  async runDataVerification(dialog: Locator, copy: string): Promise<number> {
    await dialog.getByRole('combobox', { name: 'Select a Copy', exact: true }).click()
    await this.page
      .getByRole('listbox', { name: 'Select a Copy', exact: true })
      .getByRole('option', { name: new RegExp(`^${copy} \\(`) })
      .click()
    await dialog.getByRole('radio', { name: 'All jobs' }).check()
    await dialog.getByRole('button', { name: 'OK' }).click()
    await dialog.waitFor({ state: 'hidden' })
    return this.startedJobId('Data Verification')
  }

  /** Right-click a subclient > Browse and Restore: a job, a copy (null: Copy Precedence), a folder; OK; returns the job id. */
  async restore(subclient: Locator, options: { jobId: number; copy: string | null; destination: string }): Promise<number> {
    const browse = await this.browse(subclient, { copy: options.copy })
    // Latest Data shows the newest backup the copy holds: the one the story means.
    await expect(browse.getByRole('status')).toContainText(`backup job ${options.jobId} `)
    await this.recoverSelected(['/'], { destination: options.destination })
    return this.startedJobId('Restore')
  }

  /**
   * Right-click a subclient > Browse and Restore; chooses Latest Data (or a Browse Date and time) and Restore from
   * (copy precedence, or a copy), then View Content; returns the browse tab's panel.
   */
  async browse(subclient: Locator, options: { copy: string | null; at?: { date?: Date; time: string } }): Promise<Locator> {
    await this.chooseFromMenu(subclient, 'Browse and Restore')
    const dialog = this.dialog('Browse and Restore Options')
    if (options.at !== undefined) {
      await dialog.getByRole('radio', { name: 'Browse Date' }).check()
      // The date field starts at the CommServe's today.
      if (options.at.date !== undefined) await this.typeDate(dialog, 'Browse Date', options.at.date)
      await dialog.getByLabel('Browse Time').fill(options.at.time)
    }
    if (options.copy === null) await dialog.getByRole('radio', { name: 'Copy Precedence' }).check()
    else {
      await dialog.getByRole('radio', { name: 'Copy', exact: true }).check()
      await this.choose(dialog, 'Copy', options.copy)
    }
    await dialog.getByRole('button', { name: 'View Content' }).click()
    await dialog.waitFor({ state: 'hidden' })
    const panel = this.page.getByRole('tabpanel')
    await panel.getByRole('tree', { name: 'Folders' }).waitFor()
    return panel
  }

  /**
   * In the browse tab, checks each path's box in the folder tree (`/srv/data`; `/` checks the root's folders), then
   * Recover All Selected; fills Restore Options (Out of Place to `destination`, or In Place) and OK.
   */
  async recoverSelected(paths: readonly string[], options: { destination: string | null; overwrite?: string }): Promise<void> {
    const panel = this.page.getByRole('tabpanel')
    const tree = panel.getByRole('tree', { name: 'Folders' })
    for (const path of paths) {
      if (path === '/') {
        await tree.getByRole('treeitem', { name: '/', exact: true }).click()
        await panel.getByRole('checkbox', { name: 'Select all in this folder' }).check()
      } else await tree.getByRole('checkbox', { name: `Select ${path}`, exact: true }).check()
    }
    await panel.getByRole('button', { name: 'Recover All Selected...' }).click()
    const dialog = this.dialog('Restore Options for All Selected Items')
    if (options.destination === null) await dialog.getByRole('radio', { name: 'In Place' }).check()
    else {
      await dialog.getByRole('radio', { name: 'Out of Place' }).check()
      await dialog.getByLabel('Destination folder').fill(options.destination)
    }
    if (options.overwrite !== undefined) await dialog.getByRole('radio', { name: options.overwrite, exact: true }).check()
    await dialog.getByRole('button', { name: 'OK' }).click()
    await dialog.waitFor({ state: 'hidden' })
  }

  // ── Tape media ──────────────────────────────────────────────────────────────────────────────────────────────

  /** Right-click a scratch pool > Add Media; fills Starting barcode and Number of media; returns the dialog (OK not yet clicked). */
  async fillAddMedia(scratchPool: Locator, options: { firstBarcode: string; count: number }): Promise<Locator> {
    await this.chooseFromMenu(scratchPool, 'Add Media')
    const dialog = this.dialog('Add Media')
    await dialog.getByLabel('Starting barcode', { exact: true }).fill(options.firstBarcode)
    await dialog.getByLabel('Number of media', { exact: true }).fill(String(options.count))
    return dialog
  }

  /** Right-click a tape library > Properties; returns the loaded Library Properties dialog. */
  async openLibraryProperties(library: Locator): Promise<Locator> {
    await this.chooseFromMenu(library, 'Properties')
    const dialog = this.dialog('Library Properties')
    await dialog.getByLabel('Media capacity (MB)', { exact: true }).waitFor()
    return dialog
  }

  /** Right-clicks the row of the visible list holding a text (a node's row: its menu); returns the menu. */
  async listRowMenu(text: string): Promise<Locator> {
    await this.listRow(text).click({ button: 'right' })
    const menu = this.page.getByRole('menu').last()
    await menu.waitFor()
    return menu
  }

  /** Right-click a medium's row in the visible list > Mark Bad, and Mark Bad in the question. */
  async markMediaBad(barcode: string): Promise<void> {
    const menu = await this.listRowMenu(barcode)
    await menu.getByRole('menuitem', { name: 'Mark Bad', exact: true }).click()
    const question = this.dialog('Mark Bad')
    await question.getByRole('button', { name: 'Mark Bad' }).click()
    await question.waitFor({ state: 'hidden' })
  }

  // ── Schedules ───────────────────────────────────────────────────────────────────────────────────────────────

  /** Right-click Policies > Schedule Policies > New Schedule Policy; returns the loaded dialog. */
  async newSchedulePolicy(): Promise<Locator> {
    // The folder may be empty (an upgraded CommCell has no schedule policy), so it is not expanded.
    await this.chooseFromMenu(this.treeItem('Schedule Policies', await this.expand('Policies')), 'New Schedule Policy')
    const dialog = this.dialog('New Schedule Policy')
    await dialog.getByLabel('Name', { exact: true }).waitFor()
    return dialog
  }

  /** The Schedule Details dialog a schedules grid's Add or Edit opens. */
  get scheduleDetails(): Locator {
    return this.dialog('Schedule Details')
  }

  /** The Alerts view's grid. */
  get alerts(): Locator {
    return this.page.getByRole('grid', { name: 'Alerts', exact: true })
  }

  /** Opens (or brings forward) the Alerts view with the toolbar button; returns its grid. */
  async openAlerts(): Promise<Locator> {
    await this.toolbarButton('Alerts').click()
    await this.alerts.waitFor()
    return this.alerts
  }

  /** The warning icon a tree item shows (on its own row) while it has an open fallen-behind alert. */
  alertIcon(item: Locator): Locator {
    return item.getByRole('img', { name: 'Auxiliary Copy Fallen Behind alert' })
  }

  /**
   * Copy Properties > Advanced: enables the Auxiliary Copy Fallen Behind Alert with the criteria given (each absent
   * one unchecked).
   */
  async setFallenBehindAlert(dialog: Locator, criteria: { daysOld?: number; toBeCopiedTB?: number }): Promise<void> {
    await dialog.getByRole('tab', { name: 'Advanced' }).click()
    await dialog.getByRole('checkbox', { name: 'Enable Auxiliary Copy Fallen Behind Alert' }).check()
    const days = dialog.getByRole('checkbox', { name: 'Jobs older than N days not yet copied' })
    const tb = dialog.getByRole('checkbox', { name: 'More than N TB of data to be copied' })
    if (criteria.daysOld === undefined) await days.uncheck()
    else {
      await days.check()
      await dialog.getByRole('textbox', { name: 'Jobs older than (days)' }).fill(String(criteria.daysOld))
    }
    if (criteria.toBeCopiedTB === undefined) await tb.uncheck()
    else {
      await tb.check()
      await dialog.getByRole('textbox', { name: 'More than (TB)' }).fill(String(criteria.toBeCopiedTB))
    }
  }

  /** Moves a test console's CommServe clock forward 30 minutes (the status bar's test clock). */
  async advanceClock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Advance 30 minutes', exact: true }).click()
  }
}
