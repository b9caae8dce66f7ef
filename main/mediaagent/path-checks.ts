/**
 * The MediaAgent's checks of client folders (content, restore destination, DDB path): the pure rules of
 * `app/rules/data-paths` on the path as typed, and again after symbolic links are resolved, so a link into a mount
 * path or into /proc is refused like the folder it points at. Only these checks touch the folders; the main thread
 * never does (a hung mount, or /proc, would freeze the console).
 */
import { constants } from 'node:fs'
import { access, mkdir, readdir, realpath, rmdir, stat } from 'node:fs/promises'
import { basename, dirname, join, parse, resolve } from 'node:path'
import type { PathGuards, PathPurpose, RestoreSelection } from '../../app/media/media-protocol'
import { assertNever } from '../../app/model/assert'
import { dataPathProblem } from '../../app/rules/data-paths'
import { errnoOf, fsReason } from './media-error'

/** A check's answer: `reason` names what is wrong, in words for the dialog field. */
export interface PathVerdict {
  readonly ok: boolean
  readonly reason: string
  /** The path with symbolic links resolved (as far as it exists). */
  readonly resolved: string
}

const labels: Readonly<Record<PathPurpose, string>> = { content: 'Content', destination: 'Destination folder', ddb: 'DDB path' }

/**
 * The real path of `path`: symbolic links resolved in the part that exists, the rest appended as typed. A missing
 * path resolves through its nearest existing parent, so a link anywhere above it is followed too.
 */
export async function resolveExisting(path: string): Promise<{ readonly resolved: string; readonly exists: boolean }> {
  const absolute = resolve(path)
  const rest: string[] = []
  let current = absolute
  for (;;) {
    try {
      const real = await realpath(current)
      return { resolved: rest.length === 0 ? real : join(real, ...rest.reverse()), exists: rest.length === 0 }
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT' && errnoOf(error) !== 'ENOTDIR') throw error
      const parent = dirname(current)
      if (parent === current) return { resolved: absolute, exists: false }
      rest.push(basename(current))
      current = parent
    }
  }
}

/** The guards with their own links resolved (the data folder may itself be reached through a link). */
async function resolveGuards(guards: PathGuards): Promise<PathGuards> {
  const real = async (path: string) => (await resolveExisting(path).catch(() => ({ resolved: path }))).resolved
  return { dataDir: await real(guards.dataDir), protectedPaths: await Promise.all(guards.protectedPaths.map(real)) }
}

/** Checks a client folder for its purpose (see the `checkPath` request). Never creates anything. */
export async function checkPath(path: string, purpose: PathPurpose, guards: PathGuards): Promise<PathVerdict> {
  const label = labels[purpose]
  const refuse = (reason: string, resolved = path): PathVerdict => ({ ok: false, reason, resolved })
  // The rules first on the path as typed: no call at all is made under /proc or /sys.
  const typed = dataPathProblem(resolve(path), guards, label)
  if (typed !== undefined) return refuse(typed)
  let resolved: string
  let exists: boolean
  try {
    ;({ resolved, exists } = await resolveExisting(path))
  } catch (error) {
    return refuse(`${label} ${path} cannot be read: ${fsReason(error)}.`)
  }
  const real = dataPathProblem(resolved, await resolveGuards(guards), label)
  if (real !== undefined) return refuse(resolved === resolve(path) ? real : `${real.slice(0, -1)} (${path} leads to ${resolved}).`, resolved)
  const ok: PathVerdict = { ok: true, reason: '', resolved }
  try {
    switch (purpose) {
      case 'content': {
        if (!exists) return refuse(`Content ${path} does not exist.`, resolved)
        await access(resolved, constants.R_OK)
        return ok
      }
      case 'destination':
      case 'ddb': {
        if (exists) {
          if (!(await stat(resolved)).isDirectory()) return refuse(`${label} ${path} is not a folder.`, resolved)
          await access(resolved, constants.W_OK)
          if (purpose === 'ddb' && (await readdir(resolved)).length > 0) return refuse('DDB path must be an empty or new folder.', resolved)
          return ok
        }
        const parent = await nearestExisting(resolved)
        if (!(await stat(parent)).isDirectory()) return refuse(`${label} ${path} cannot be created: ${parent} is not a folder.`, resolved)
        await access(parent, constants.W_OK)
        return ok
      }
      default:
        return assertNever(purpose, 'path purpose')
    }
  } catch (error) {
    return refuse(`${label} ${path} cannot be ${purpose === 'content' ? 'read' : 'written'}: ${fsReason(error)}.`, resolved)
  }
}

async function nearestExisting(path: string): Promise<string> {
  let current = dirname(path)
  for (;;) {
    const found = await stat(current).then(() => true, () => false)
    if (found || dirname(current) === current) return current
    current = dirname(current)
  }
}

/** Creates a DDB folder after checking it; `created` says whether this call made it (for `removeDdb`). */
export async function createDdb(path: string, guards: PathGuards): Promise<{ readonly ok: boolean; readonly reason: string; readonly created: boolean }> {
  const verdict = await checkPath(path, 'ddb', guards)
  if (!verdict.ok) return { ok: false, reason: verdict.reason, created: false }
  const existed = await stat(verdict.resolved).then(() => true, () => false)
  try {
    await mkdir(verdict.resolved, { recursive: true })
  } catch (error) {
    return { ok: false, reason: `DDB path cannot be created: ${fsReason(error)}.`, created: false }
  }
  return { ok: true, reason: '', created: !existed }
}

/** Removes a DDB folder if it is empty (a copy that was not created after all); true when it was removed. */
export async function removeDdb(path: string): Promise<boolean> {
  try {
    await rmdir(path)
    return true
  } catch {
    return false
  }
}

/**
 * Where a restore writes: In Place, the root (each file goes back to the path it was backed up from; the guards are
 * applied file by file when the restore is planned); else the destination folder, checked as `checkPath` does.
 */
export async function restoreDestination(destination: string, selection: RestoreSelection, guards: PathGuards): Promise<PathVerdict> {
  if (selection.inPlace) return { ok: true, reason: '', resolved: parse(resolve(destination)).root }
  return checkPath(destination, 'destination', guards)
}
