/** Saves text the console made (an Export CSV) as a file through the browser's download, in both hosts. */

/** Offers `text` as a download named `fileName` (a CSV file: `text/csv`, UTF-8). */
export function saveCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // The download has its own reference to the data once it started.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}
