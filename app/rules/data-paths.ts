/**
 * Rules for the client folders an administrator types (subclient content, restore destination, DDB path): pure
 * functions over path strings, used by the dialogs, the contract's services and the MediaAgent (which applies them
 * again after resolving symbolic links). POSIX paths, and Windows drive paths compared without case.
 */

/** Pseudo file systems: their folders are not data, and some calls on them never return (`mkdir -p` under /proc). */
const pseudoRoots = ['/proc', '/sys', '/dev']

/** The console's own data that client folders must keep out of (see the media protocol's `PathGuards`). */
export interface PathGuards {
  readonly dataDir: string
  readonly protectedPaths: readonly string[]
}

const isWindowsPath = (path: string) => /^[A-Za-z]:[\\/]/.test(path)

/**
 * A path with `.` and `..` segments resolved lexically, repeated separators and any trailing separator removed
 * (`/a/./b/../c/` is `/a/c`). Windows paths keep their drive and use `\`. Relative paths are returned as given.
 */
export function normalizePath(path: string): string {
  const windows = isWindowsPath(path)
  if (!windows && !path.startsWith('/')) return path
  const root = windows ? `${path.slice(0, 2).toUpperCase()}\\` : '/'
  const segments: string[] = []
  for (const segment of path.slice(windows ? 3 : 1).split(windows ? /[\\/]+/ : /\/+/)) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  return root + segments.join(windows ? '\\' : '/')
}

/** Whether `path` is `root` or lies below it (lexically, after normalizing both). */
export function isInside(path: string, root: string): boolean {
  const windows = isWindowsPath(path)
  if (windows !== isWindowsPath(root)) return false
  let a = normalizePath(path)
  let b = normalizePath(root)
  if (windows) {
    a = a.toLowerCase()
    b = b.toLowerCase()
  }
  if (a === b) return true
  const separator = windows ? '\\' : '/'
  return a.startsWith(b.endsWith(separator) ? b : b + separator)
}

/** Whether `path` is or lies below any of `roots`. */
export function isInsideAny(path: string, roots: readonly string[]): boolean {
  return roots.some((root) => isInside(path, root))
}

/** Whether a path lies in a pseudo file system (`/proc`, `/sys`, `/dev`). */
export function isPseudoFileSystemPath(path: string): boolean {
  return !isWindowsPath(path) && isInsideAny(path, pseudoRoots)
}

/**
 * Why a client folder is refused, or undefined when the rules allow it: it lies in a pseudo file system, it is the
 * console's data folder itself, or it lies in one of its protected folders (catalog, libraries, mount paths, DDBs).
 * The same rule holds for content, destinations and DDB paths; `label` is the field's name in the dialog.
 */
export function dataPathProblem(path: string, guards: PathGuards, label: string): string | undefined {
  const normalized = normalizePath(path)
  if (isPseudoFileSystemPath(normalized)) return `${label} cannot be in ${pseudoRoots.find((root) => isInside(normalized, root))}: it is a pseudo file system, not data.`
  // A folder holding the data folder is allowed: the data folder's protected parts are left out of backups and
  // restores (see the MediaAgent's walk and restore plan).
  if (isInside(normalized, guards.dataDir) && isInside(guards.dataDir, normalized)) {
    return `${label} cannot be the console's data folder (${guards.dataDir}).`
  }
  const inside = guards.protectedPaths.find((root) => isInside(normalized, root))
  if (inside !== undefined) return `${label} cannot be inside the console's own data (${inside}): its catalog, libraries and DDBs are not client data.`
  return undefined
}
