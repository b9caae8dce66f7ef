import type { MediaFailure } from '../../app/media/media-protocol'

/** A job failed for a reason the caller acts on (retry later, report the file): carries the typed failure. */
export class MediaError extends Error {
  /** What failed, where, and why. */
  readonly failure: MediaFailure

  constructor(failure: MediaFailure) {
    super(`${failure.kind}: ${failure.reason} (${failure.file})`)
    this.name = 'MediaError'
    this.failure = failure
  }
}

/** A job stopped on request (suspend or kill) at a buffer boundary; what was durable stays durable. */
export class JobAbortedError extends Error {
  constructor() {
    super('stopped on request')
    this.name = 'JobAbortedError'
  }
}

/** The errno code of a Node fs error (`ENOSPC`, ...), or null when the error is not one. */
export function errnoOf(error: unknown): string | null {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') return error.code
  return null
}

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a path component is not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EISDIR: 'is a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder not empty',
}

function reasonOf(errno: string): string {
  return reasons[errno] ?? errno
}

/** An fs error for people: `permission denied (EACCES)`, or the error's message when it has no errno. */
export function fsReason(error: unknown): string {
  const errno = errnoOf(error)
  if (errno === null) return error instanceof Error ? error.message : String(error)
  return reasons[errno] === undefined ? errno : `${reasons[errno]} (${errno})`
}

/** Maps an fs error on the target side (library, destination) to `targetUnavailable`; rethrows anything else. */
export function targetError(error: unknown, path: string): MediaError {
  if (error instanceof MediaError) return error
  const errno = errnoOf(error)
  if (errno === null) throw error
  return new MediaError({ kind: 'targetUnavailable', file: path, errno, reason: reasonOf(errno) })
}

/** Maps an fs error on the source side (a chunk, a content folder) to `sourceMissing`; rethrows anything else. */
export function sourceError(error: unknown, path: string, what = ''): MediaError {
  if (error instanceof MediaError) return error
  const errno = errnoOf(error)
  if (errno === null) throw error
  return new MediaError({ kind: 'sourceMissing', file: path, errno, reason: `${what}${what ? ': ' : ''}${reasonOf(errno)}` })
}

/** Throws `JobAbortedError` when the signal has fired (called between buffers). */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new JobAbortedError()
}

/** Swallows a rejection; used to mark in-flight promises handled until they are awaited. */
export function ignore(): void {}
