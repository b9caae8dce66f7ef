/**
 * The shape an administrator gives a list (Customize View, dragged column edges): the column order, the hidden
 * columns and the widths set by hand, kept per list kind in localStorage so it survives a reload. The first column
 * (the name, or the Job ID) stays first and shown: it is the row's identity.
 */

/** A list's saved view: column keys in order, hidden keys, widths in px by key. */
export interface ListViewState {
  readonly order: readonly string[]
  readonly hidden: readonly string[]
  readonly widths: Readonly<Record<string, number>>
}

export const emptyViewState: ListViewState = { order: [], hidden: [], widths: {} }

/** The smallest width a column may be dragged to, in px. */
export const minColumnWidth = 40

const storagePrefix = 'commcell.listView.'

/** The localStorage key of a list kind's view. */
export function viewStorageKey(kind: string): string {
  return storagePrefix + kind
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string')

/** Reads a saved view; anything malformed is dropped (a bad entry never breaks a list). */
export function parseViewState(text: string | null): ListViewState {
  if (text === null) return emptyViewState
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return emptyViewState
  }
  if (typeof value !== 'object' || value === null) return emptyViewState
  const record = value as Record<string, unknown>
  const order = isStringArray(record.order) ? [...new Set(record.order)] : []
  const hidden = isStringArray(record.hidden) ? [...new Set(record.hidden)] : []
  const widths: Record<string, number> = {}
  if (typeof record.widths === 'object' && record.widths !== null) {
    for (const [key, width] of Object.entries(record.widths as Record<string, unknown>)) {
      if (typeof width === 'number' && Number.isFinite(width)) widths[key] = Math.max(minColumnWidth, Math.round(width))
    }
  }
  return { order, hidden, widths }
}

/**
 * The columns as shown: in the saved order (columns the save does not know keep their place after the ones before
 * them), the first column first, hidden ones left out.
 */
export function arrangeColumns<C extends { readonly key: string }>(columns: readonly C[], state: ListViewState): { shown: C[]; all: C[] } {
  const first = columns[0]
  if (first === undefined) return { shown: [], all: [] }
  const byKey = new Map(columns.map((column) => [column.key, column]))
  const ordered: C[] = []
  const placed = new Set<string>([first.key])
  for (const key of state.order) {
    const column = byKey.get(key)
    if (column !== undefined && !placed.has(key)) {
      ordered.push(column)
      placed.add(key)
    }
  }
  // A column new to the list (or never saved) goes after the column it follows in the default order.
  columns.forEach((column, index) => {
    if (placed.has(column.key)) return
    const previous = columns[index - 1]
    const at = previous === undefined ? -1 : ordered.findIndex((candidate) => candidate.key === previous.key)
    ordered.splice(at + 1, 0, column)
    placed.add(column.key)
  })
  const all = [first, ...ordered]
  const hidden = new Set(state.hidden)
  return { shown: all.filter((column, index) => index === 0 || !hidden.has(column.key)), all }
}

/** The view with a column moved one place up (-1) or down (+1) among `keys` (the first column never moves). */
export function moveColumn(keys: readonly string[], key: string, by: -1 | 1): string[] {
  const next = [...keys]
  const from = next.indexOf(key)
  const to = from + by
  if (from <= 0 || to <= 0 || to >= next.length) return next
  next.splice(from, 1)
  next.splice(to, 0, key)
  return next
}

/** Loads a list kind's view from storage. */
export function loadViewState(kind: string): ListViewState {
  try {
    return parseViewState(globalThis.localStorage?.getItem(viewStorageKey(kind)) ?? null)
  } catch {
    return emptyViewState
  }
}

/** Saves a list kind's view. */
export function saveViewState(kind: string, state: ListViewState): void {
  try {
    globalThis.localStorage?.setItem(viewStorageKey(kind), JSON.stringify(state))
  } catch {
    // A full or blocked storage keeps the view for this session only.
  }
}
