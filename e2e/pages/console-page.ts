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

  /** A tree item by its node name (the last match when a name repeats, e.g. `Primary`, is chosen by `within`). */
  treeItem(name: string, within?: Locator): Locator {
    return (within ?? this.tree).getByRole('treeitem', { name, exact: true })
  }

  /** The clickable row of a tree item (not its children). */
  private row(item: Locator): Locator {
    return item.locator('> .ti-content')
  }

  /** Expands the named nodes one after another, e.g. `expand('Policies', 'Storage Policies', 'SP_Finance')`. */
  async expand(...names: string[]): Promise<Locator> {
    let item: Locator | undefined
    for (const name of names) {
      item = this.treeItem(name, item)
      await item.first().waitFor()
      if ((await item.first().getAttribute('aria-expanded')) !== 'true') await this.row(item.first()).click()
      await expect(item.first()).toHaveAttribute('aria-expanded', 'true')
    }
    return item!.first()
  }

  /** Selects a tree node (its contents show on the right); a click also toggles its expansion, as in the console. */
  async select(item: Locator): Promise<void> {
    await this.row(item).click()
    await expect(item).toHaveAttribute('aria-selected', 'true')
  }

  /** Opens a tree node's context menu with a right-click; returns the menu. */
  async contextMenu(item: Locator): Promise<Locator> {
    await this.row(item).click({ button: 'right' })
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

  /** The column header labels of the visible list. */
  async columnLabels(): Promise<string[]> {
    return (await this.list.getByRole('columnheader').allInnerTexts()).map((text) => text.trim())
  }

  /** A row of the visible list containing a text. */
  listRow(text: string): Locator {
    return this.list.getByRole('row').filter({ hasText: text })
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
}
