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
}
