/**
 * Saves CSV text as a file the way a web page downloads one (a Blob behind a link with `download`): the browser saves
 * it, and in the desktop window Electron asks where, as for any download. The same code in both hosts.
 */

/** How long the Blob stays reachable after the click, so a slow save dialog still finds it. */
const keepBlobMs = 60_000

/** Offers `text` as a download named `fileName`. */
export function saveCsv(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), keepBlobMs)
}
