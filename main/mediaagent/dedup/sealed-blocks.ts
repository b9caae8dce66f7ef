/**
 * Blocks of an encrypted deduplicated copy ("Re-encrypt data"): each unique block is sealed with AES-256-GCM under
 * the copy's key as it is appended to a container, after deduplication, so the DDB still finds a block by the SHA-256
 * of its plain data (an equality of blocks is visible in the index, as in the product; no contents are readable).
 *
 *   sealed block: nonce (12) | ciphertext (as long as the plain block) | tag (16)
 *
 * The additional data binds a block to its plain SHA-256 and nothing else: a sealed block cannot be passed off as
 * another one, yet it moves between containers as it is (a container rewrite never needs the key). The index and the
 * container's own list record the sealed length; the recipe keeps the plain one.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto'
import type { CopyKey } from '../sealed-chunks'

const nonceSize = 12
const tagSize = 16
const cipherName = 'aes-256-gcm'
const context = Buffer.from('CVDDBLK1')

/** Bytes a sealed block takes beyond its plain ones. */
export const sealedBlockOverhead = nonceSize + tagSize

/** How a DDB's blocks are stored: plain, or sealed under the key with this check value. */
export function sealingOf(key: CopyKey | null): string {
  // An HMAC of a fixed text tells keys apart without revealing anything of the key (kept in the DDB, never the key).
  return key === null ? 'plain' : `AES-256-GCM:${createHmac('sha256', key).update('CommCell DDB key check').digest('hex').slice(0, 32)}`
}

function additionalData(hash: Buffer): Buffer {
  return Buffer.concat([context, hash])
}

/** Seals blocks lying back to back in `data` (the hashes in order): the sealed bytes back to back, and their lengths. */
export function sealBlocks(
  key: CopyKey,
  data: Buffer,
  blocks: readonly { readonly hash: Buffer; readonly length: number }[],
): { readonly data: Buffer; readonly blocks: { readonly hash: Buffer; readonly length: number }[] } {
  const parts: Buffer[] = []
  const sealed: { hash: Buffer; length: number }[] = []
  let at = 0
  for (const block of blocks) {
    const nonce = randomBytes(nonceSize)
    const cipher = createCipheriv(cipherName, key, nonce)
    cipher.setAAD(additionalData(block.hash))
    const body = cipher.update(data.subarray(at, at + block.length))
    cipher.final() // GCM gives every byte from update
    parts.push(nonce, body, cipher.getAuthTag())
    sealed.push({ hash: block.hash, length: block.length + sealedBlockOverhead })
    at += block.length
  }
  return { data: Buffer.concat(parts), blocks: sealed }
}

/** Opens a sealed block (checking its tag against its plain SHA-256); null when it does not open (a wrong key, damaged data). */
export function openBlock(key: CopyKey, sealed: Buffer, hash: Buffer): Buffer | null {
  if (sealed.length < sealedBlockOverhead) return null
  try {
    const decipher = createDecipheriv(cipherName, key, sealed.subarray(0, nonceSize))
    decipher.setAAD(additionalData(hash))
    decipher.setAuthTag(sealed.subarray(sealed.length - tagSize))
    const plain = decipher.update(sealed.subarray(nonceSize, sealed.length - tagSize))
    decipher.final()
    return plain
  } catch {
    return null
  }
}
