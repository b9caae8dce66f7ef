/** Small builders of the right pane's lists and the Properties sheets, shared by the services that make them. */
import type { CellValue, ColumnFormat, ContentsColumn, ContentsRow, PropertyField, PropertyTab } from '../../app/model/contents'

/** A list column: key, label, and how its values show (`bytes` in the console's units). */
export const col = (key: string, label: string, format: ColumnFormat = 'text'): ContentsColumn => ({ key, label, format })

/** A labelled value of a property page. */
export const field = (label: string, value: CellValue, format: ColumnFormat = 'text'): PropertyField => ({ label, value, format })

/** A list row; `node` when the row is itself a tree node. */
export const row = (key: string | number, node: string | null, cells: Record<string, CellValue>): ContentsRow => ({
  key: String(key),
  nodeId: node,
  cells,
})

/** A property page: fields, and a small table when it has one. */
export const tab = (label: string, fields: PropertyField[], table: PropertyTab['table'] = null): PropertyTab => ({ label, fields, table })
