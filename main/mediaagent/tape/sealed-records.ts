/**
 * Data records of an encrypted tape copy ("Re-encrypt data"): each data record is sealed alone with AES-256-GCM
 * under the copy's key, as a sealed chunk's unit is on disk (`sealed-chunks.ts`):
 *
 *   data record   nonce (12) | ciphertext | tag (16)        the segment header says `sealed: 'AES-256-GCM'`
 *
 * A record is the unit because a tape job is read by record: a stream offset still maps to a record by arithmetic
 * (every data record but a segment's last holds `recordSize - sealedRecordOverhead` plain bytes), so restore,
 * Data Verification and aux copies read any piece of the stream without reading what comes before it. A segment
 * spanning to the next medium needs nothing carried over: each record has its own random nonce and tag.
 *
 * Each record's additional data binds the job, the segment, the record's index in it and the stream offset of its
 * first byte: a record moved within or between segments or jobs fails its tag. A segment cut short is caught by the
 * trailer and the catalog's byte count. Header, manifest and trailer stay plain, as a disk copy's manifest does
 * (paths, sizes, SHA-256s of the plain data: metadata, no contents); the trailer's SHA-256 is of the plain stream,
 * so a segment is still checked whole once decrypted.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { CopyKey } from '../sealed-chunks'
import { MediaError } from '../media-error'

/** The cipher a sealed segment's header names. */
export const sealedRecordCipher = 'AES-256-GCM' as const
const cipherName = 'aes-256-gcm'
const nonceSize = 12
const tagSize = 16
/** Bytes a sealed record holds beyond its plain data: nonce and tag. */
export const sealedRecordOverhead = nonceSize + tagSize

/** Where a record lies in its job: what its additional data binds. */
export interface RecordPlace {
  readonly jobId: number
  readonly sequence: number
  /** Its index among the segment's data records, from 0. */
  readonly index: number
  /** The stream offset of its first plain byte. */
  readonly streamOffset: number
}

function additionalData(place: RecordPlace): Buffer {
  const data = Buffer.alloc(24)
  data.writeBigUInt64BE(BigInt(place.jobId), 0)
  data.writeUInt32BE(place.sequence, 8)
  data.writeUInt32BE(place.index, 12)
  data.writeBigUInt64BE(BigInt(place.streamOffset), 16)
  return data
}

/** Seals one data record's plain bytes: nonce, ciphertext, tag (written as one record without joining them). */
export function sealRecord(key: CopyKey, plain: Uint8Array, place: RecordPlace): Buffer[] {
  const nonce = randomBytes(nonceSize)
  const cipher = createCipheriv(cipherName, key, nonce)
  cipher.setAAD(additionalData(place))
  const sealed = cipher.update(plain)
  cipher.final() // GCM gives every byte from update
  return [nonce, sealed, cipher.getAuthTag()]
}

/**
 * Opens a sealed record into `target` (at its start; it may be the record's own bytes, which are read first) and
 * resolves the plain length. A record failing its tag is a `checksum` failure naming the medium (a wrong key, or
 * damaged data), with the files it holds.
 */
export function openRecord(key: CopyKey, sealed: Buffer, place: RecordPlace, target: Buffer, failure: { readonly file: string; readonly files: () => string[] }): number {
  const length = sealed.length - sealedRecordOverhead
  try {
    if (length < 0) throw new Error('short')
    const decipher = createDecipheriv(cipherName, key, sealed.subarray(0, nonceSize))
    decipher.setAAD(additionalData(place))
    decipher.setAuthTag(sealed.subarray(nonceSize + length))
    const plain = decipher.update(sealed.subarray(nonceSize, nonceSize + length))
    decipher.final() // checks the tag before the plain bytes are used
    plain.copy(target, 0)
    return length
  } catch {
    throw new MediaError({
      kind: 'checksum', file: failure.file, chunk: null, files: failure.files(),
      reason: `data record ${place.index + 1} of segment ${place.sequence} of job ${place.jobId} fails its AES-GCM authentication (a wrong key, or damaged data)`,
    })
  }
}
