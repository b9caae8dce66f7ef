/**
 * CSV export (RFC 4180): a header line, then one line per row, fields separated by commas and lines by CRLF; a field
 * holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Sizes are whole bytes (the column says so)
 * and times `YYYY-MM-DD HH:MM:SS` in this console's local time, so a spreadsheet reads them as numbers and dates.
 */
import { assertNever } from '../../app/model/assert'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import type { CopyLagChart } from '../../app/model/copy-lag'

/** A value of a CSV field: text, a number, a flag, or empty. */
export type CsvValue = string | number | boolean | null

/**
 * One field as RFC 4180 writes it: quoted when it holds a comma, a double quote, a CR or an LF (or starts or ends with
 * a space, which a spreadsheet would otherwise drop), its quotes doubled. A number that is not finite is empty.
 */
export function csvField(value: CsvValue): string {
  if (value === null) return ''
  const text = typeof value === 'boolean' ? (value ? 'Yes' : 'No') : typeof value === 'number' && !Number.isFinite(value) ? '' : String(value)
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A whole CSV text: the header line and the rows, each line ended by CRLF. */
export function csvText(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((fields) => `${fields.map(csvField).join(',')}\r\n`).join('')
}

/** A time as a spreadsheet reads it: `2026-11-30 14:05:00`, local time. */
export function csvTime(epochMs: number): string {
  const date = new Date(epochMs)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`
}

/**
 * Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) starts with an apostrophe instead, so a name
 * in a list cannot become a formula in the file (OWASP's advice for CSV files).
 */
function inert(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}

/** A list column's header: sizes say their unit. */
function columnHeader(column: ContentsColumn): string {
  return column.format === 'bytes' ? `${column.label} (bytes)` : column.label
}

/** A list cell as a CSV value, by its column's format. */
function cellValue(value: ContentsRow['cells'][string] | undefined, column: ContentsColumn): CsvValue {
  if (value === null || value === undefined) return null
  switch (column.format) {
    case 'text':
      return inert(String(value))
    case 'number':
    case 'bytes':
    case 'percent':
    case 'yesNo':
      return typeof value === 'string' ? inert(value) : value
    case 'datetime':
      return typeof value === 'number' ? csvTime(value) : inert(String(value))
    default:
      return assertNever(column.format, 'column format')
  }
}

/** A list as the console shows it (its columns, its rows in their order) as CSV. */
export function tableCsv(columns: readonly ContentsColumn[], rows: readonly ContentsRow[]): string {
  return csvText(columns.map(columnHeader), rows.map((row) => columns.map((column) => cellValue(row.cells[column.key], column))))
}

/** The figures behind a copy lag chart as CSV: one line per sample of each copy, oldest first. */
export function lagCsv(chart: CopyLagChart): string {
  const rows = chart.series.flatMap((series) =>
    series.samples.map((sample) => [csvTime(sample.at), inert(chart.storagePolicy), inert(series.copy), sample.jobs, sample.bytes]),
  )
  return csvText(['Time', 'Storage Policy', 'Copy', 'Jobs To Be Copied', 'Data To Be Copied (bytes)'], rows)
}

/** A file name from a title: characters file systems refuse become `_`. */
export function csvFileName(title: string): string {
  const safe = [...title].map((char) => (char.charCodeAt(0) < 32 || '\\/:*?"<>|'.includes(char) ? '_' : char)).join('')
  return `${safe.trim()}.csv`
}
