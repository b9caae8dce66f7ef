/**
 * CSV as RFC 4180 writes it (pure): fields separated by commas, records by CRLF; a field holding a comma, a double
 * quote, a CR or an LF (or starting or ending with a space) is enclosed in double quotes, its quotes doubled. The first
 * record is the header. Numbers are written in full (no grouping, no unit), so a spreadsheet reads them as numbers.
 */

/** One field's value: text, a number, or nothing (an empty field). */
export type CsvValue = string | number | null

/** One field as RFC 4180 writes it. */
export function csvField(value: CsvValue): string {
  if (value === null) return ''
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A header and its records as one CSV text, each record ended by CRLF. */
export function toCsv(header: readonly string[], records: readonly (readonly CsvValue[])[]): string {
  return [header, ...records].map((record) => `${record.map(csvField).join(',')}\r\n`).join('')
}
