/** How list cells and property values are shown and sorted, by the column format the server sends. */
import type { CellValue, ColumnFormat, ContentsColumn, ContentsRow } from '../../app/model/contents'
import { assertNever } from '../../app/model/assert'

const byteUnits = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const

/** A byte count for people: `512 bytes`, `1.5 GB` (binary multiples, as the product shows them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return ''
  let value = Math.abs(bytes)
  let unit = 0
  while (value >= 1024 && unit < byteUnits.length - 1) {
    value /= 1024
    unit++
  }
  const sign = bytes < 0 ? '-' : ''
  if (unit === 0) return `${sign}${value} bytes`
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
  // A value that rounds up to 1024 of a unit is shown as 1 of the next (1 MB, not 1024 KB).
  if (Number(value.toFixed(digits)) >= 1024 && unit < byteUnits.length - 1) return `${sign}1 ${byteUnits[unit + 1]}`
  return `${sign}${Number(value.toFixed(digits))} ${byteUnits[unit]}`
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
})

/** Epoch milliseconds as a local date and time. */
export function formatDateTime(epochMs: number): string {
  return Number.isFinite(epochMs) ? dateTime.format(new Date(epochMs)) : ''
}

const numberFormat = new Intl.NumberFormat()
const percentFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 })

/** A percentage (0..100) with one decimal: `93.4%`. */
export function formatPercent(value: number): string {
  return `${percentFormat.format(value)}%`
}

/** A cell value as text, by its column's format; empty for null. */
export function formatCell(value: CellValue | undefined, format: ColumnFormat): string {
  if (value === null || value === undefined) return ''
  switch (format) {
    case 'text':
      return String(value)
    case 'number':
      return typeof value === 'number' ? numberFormat.format(value) : String(value)
    case 'bytes':
      return typeof value === 'number' ? formatBytes(value) : String(value)
    case 'percent':
      return typeof value === 'number' ? formatPercent(value) : String(value)
    case 'datetime':
      return typeof value === 'number' ? formatDateTime(value) : String(value)
    case 'yesNo':
      return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value)
    default:
      return assertNever(format, 'column format')
  }
}

/** Whether a column's values read as numbers (right-aligned). */
export function isNumericFormat(format: ColumnFormat): boolean {
  return format === 'number' || format === 'bytes' || format === 'percent'
}

/** Which way a list is sorted. */
export type SortDirection = 'asc' | 'desc'

/** A list's sort: the column key and the direction. */
export interface SortState {
  readonly key: string
  readonly direction: SortDirection
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

const isEmpty = (value: CellValue | undefined): boolean => value === null || value === undefined || value === ''

/** Compares two cell values: empty last, numbers and flags by value, text in natural order. */
export function compareCells(a: CellValue | undefined, b: CellValue | undefined): number {
  const aEmpty = isEmpty(a)
  const bEmpty = isEmpty(b)
  if (aEmpty || bEmpty) return aEmpty === bEmpty ? 0 : aEmpty ? 1 : -1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b)
  return collator.compare(String(a), String(b))
}

/** The rows in the order of a sort (stable; the input is not changed). */
export function sortRows(
  rows: readonly ContentsRow[],
  columns: readonly ContentsColumn[],
  sort: SortState | null,
): readonly ContentsRow[] {
  if (sort === null || !columns.some((column) => column.key === sort.key)) return rows
  const sign = sort.direction === 'asc' ? 1 : -1
  const indexed = rows.map((row, index) => ({ row, index }))
  indexed.sort((a, b) => {
    const order = compareCells(a.row.cells[sort.key], b.row.cells[sort.key])
    // Empty cells stay last in both directions.
    if (order !== 0) {
      return isEmpty(a.row.cells[sort.key]) !== isEmpty(b.row.cells[sort.key]) ? order : order * sign
    }
    return a.index - b.index
  })
  return indexed.map((entry) => entry.row)
}

/** The next sort after clicking a column header: ascending first, then toggling. */
export function nextSort(current: SortState | null, key: string): SortState {
  if (current?.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' }
  return { key, direction: 'asc' }
}
