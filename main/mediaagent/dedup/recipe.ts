/**
 * A job's recipe in a deduplicated store: the blocks of its data stream in order (SHA-256 and length each), kept
 * beside its manifest. Reading the blocks of a recipe in order gives the job's chunk stream byte for byte.
 *
 *   magic "CVDDRCP1" · N (u32 LE) · (SHA-256 (32 bytes) · length (u32 LE)) × N · SHA-256 of all before (32 bytes)
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { MediaError, sourceError } from '../media-error'

const magic = Buffer.from('CVDDRCP1')
const entryBytes = 36
/** The bytes of a recipe: a fixed overhead (magic, count, trailing hash) and 36 per block. */
export const recipeEntryBytes = entryBytes
export const recipeOverhead = 8 + 4 + 32

/** One block of a recipe. */
export interface RecipeEntry {
  readonly hash: Buffer
  readonly length: number
}

/** A recipe's bytes. */
export function encodeRecipe(entries: readonly RecipeEntry[]): Buffer {
  const body = Buffer.allocUnsafe(magic.length + 4 + entries.length * entryBytes)
  magic.copy(body, 0)
  body.writeUInt32LE(entries.length, magic.length)
  entries.forEach((entry, index) => {
    const at = magic.length + 4 + index * entryBytes
    entry.hash.copy(body, at)
    body.writeUInt32LE(entry.length, at + 32)
  })
  return Buffer.concat([body, createHash('sha256').update(body).digest()])
}

/** Reads a recipe file; throws `MediaError` (`sourceMissing`, or `manifestInvalid` when damaged). */
export async function readRecipe(path: string): Promise<RecipeEntry[]> {
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    throw sourceError(error, path, 'recipe missing')
  }
  const invalid = (reason: string) => new MediaError({ kind: 'manifestInvalid', file: path, reason })
  if (bytes.length < magic.length + 4 + 32 || !bytes.subarray(0, magic.length).equals(magic)) throw invalid('not a recipe')
  const count = bytes.readUInt32LE(magic.length)
  const bodyEnd = magic.length + 4 + count * entryBytes
  if (bodyEnd + 32 !== bytes.length) throw invalid('its length does not match its block count')
  if (!createHash('sha256').update(bytes.subarray(0, bodyEnd)).digest().equals(bytes.subarray(bodyEnd))) throw invalid('checksum mismatch')
  const entries: RecipeEntry[] = []
  for (let index = 0; index < count; index++) {
    const at = magic.length + 4 + index * entryBytes
    entries.push({ hash: Buffer.from(bytes.subarray(at, at + 32)), length: bytes.readUInt32LE(at + 32) })
  }
  return entries
}
