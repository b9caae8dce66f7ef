/** CSV as RFC 4180 writes it, for the Export CSV of charts and lists. */

/** One field: quoted when it holds a comma, a double quote, a line break or edge spaces, its quotes doubled. */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value)
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** A header and rows as CSV text: fields separated by commas, each record ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((record) => `${record.map(csvField).join(',')}\r\n`).join('')
}
