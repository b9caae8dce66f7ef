/**
 * A segment's SHA-256 on the hashing threads (written and verified), with the stream reader's keys and failures: one
 * key counter for every user of the same `CopyThreads`.
 */
import type { CopyThreads } from '../copy-threads'
import { hashingFailed, newHashKey, threadsUpdate } from '../job-reader'

/** A fresh hash stream key. */
export const tapeHashKey = newHashKey

/** Hashes a piece; a hashing thread that stopped fails the job with the reason (`internal`), naming the medium. */
export const hashPiece = threadsUpdate

/** The digest of a stream; a hashing failure as for `hashPiece`. */
export function digestOf(threads: CopyThreads, key: number, path: string): Promise<string> {
  return threads.digest(key).catch((error: unknown) => Promise.reject(hashingFailed(error, path)))
}
