/**
 * The CommServe's keys for encrypted copies (Re-encrypt data). Each encrypted copy has its own random 256-bit key,
 * generated here and held in the catalog only sealed: AES-256-GCM under a key-encryption key derived with scrypt from
 * the CommServe's passphrase (or a key file's contents), bound to the copy's id. The passphrase is set with the first
 * encrypted copy and asked for once per start (the unlock dialog, or `--key-file`); until then jobs that read or
 * write an encrypted copy wait Pending. The derived key lives in this process's memory only; a copy's key leaves it
 * only inside the media protocol request that needs it.
 */
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto'
import { ServiceError } from '../../app/ipc/errors'
import type { CopyEncryption } from '../../app/media/media-protocol'
import type { KeyState } from '../../app/model/keys'
import { keysLockedReason, passphraseProblem } from '../../app/rules/copy-encryption'
import type { Catalog } from '../catalog/catalog'

const kdf = 'scrypt:N=32768,r=8,p=1'
const checkText = 'CommServe key check'
const sealedFormat = 'v1'

function derive(passphrase: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFC'), salt, 32, { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

function seal(kek: Buffer, plain: Buffer, aad: string): string {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', kek, nonce)
  cipher.setAAD(Buffer.from(aad))
  const sealed = Buffer.concat([nonce, cipher.update(plain), cipher.final(), cipher.getAuthTag()])
  return `${sealedFormat}:${sealed.toString('base64')}`
}

/** Opens a sealed value; null when the key or the bound data do not fit (a wrong passphrase, a value moved). */
function open(kek: Buffer, sealed: string, aad: string): Buffer | null {
  const [format, body] = sealed.split(':')
  if (format !== sealedFormat || body === undefined) return null
  const bytes = Buffer.from(body, 'base64')
  if (bytes.length < 28) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, bytes.subarray(0, 12))
    decipher.setAAD(Buffer.from(aad))
    decipher.setAuthTag(bytes.subarray(bytes.length - 16))
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()])
  } catch {
    return null
  }
}

/** Thrown where a job would need a copy's key while the keys are locked; planners turn it into a Pending wait. */
export class KeysLockedError extends Error {
  constructor() {
    super(keysLockedReason)
    this.name = 'KeysLockedError'
  }
}

/** The copies' keys, sealed in the catalog, opened with the passphrase given once per start. */
export class KeyRing {
  private kek: Buffer | null = null

  constructor(
    private readonly catalog: Catalog,
    private readonly now: () => number,
  ) {}

  /** Whether a passphrase is set and, if so, whether it was given since the start. */
  state(): KeyState {
    if (this.catalog.keys.protection() === undefined) return 'none'
    return this.kek === null ? 'locked' : 'unlocked'
  }

  /**
   * Derives the key-encryption key for a new passphrase (with the first encrypted copy); `commit` records it, to be
   * called inside the transaction that creates the copy, so a refused copy sets no passphrase.
   */
  async preparePassphrase(passphrase: string, field: string): Promise<{ readonly kek: Buffer; commit(): void }> {
    const problem = passphraseProblem(passphrase)
    if (problem !== undefined) throw new ServiceError('invalid_input', problem, field)
    if (this.catalog.keys.protection() !== undefined) throw new ServiceError('conflict', 'The CommServe passphrase is already set.', field)
    const salt = randomBytes(16)
    const kek = await derive(passphrase, salt)
    return {
      kek,
      commit: () => {
        this.catalog.keys.setProtection({ kdf, salt: salt.toString('base64'), checkValue: seal(kek, Buffer.from(checkText), 'check'), setAt: this.now() })
        this.kek = kek
      },
    }
  }

  /** Opens the keys with the passphrase; a wrong one is refused naming `field`. */
  async unlock(passphrase: string, field = 'passphrase'): Promise<KeyState> {
    const protection = this.catalog.keys.protection()
    if (protection === undefined) throw new ServiceError('invalid_input', 'No passphrase is set: it is set with the first encrypted copy.', field)
    if (protection.kdf !== kdf) throw new ServiceError('internal', `The catalog's keys are protected with ${protection.kdf}, which this console does not know.`, field)
    const kek = await derive(passphrase, Buffer.from(protection.salt, 'base64'))
    if (open(kek, protection.checkValue, 'check')?.toString() !== checkText) {
      throw new ServiceError('invalid_input', 'The passphrase is not correct.', field)
    }
    this.kek = kek
    return 'unlocked'
  }

  /** A new copy key, sealed for the copy `copyId` under `kek` (the unlocked one by default). */
  sealNewKey(copyId: number, kek: Buffer | null = this.kek): string {
    if (kek === null) throw new KeysLockedError()
    return seal(kek, randomBytes(32), `copy:${copyId}`)
  }

  /** The key of an encrypted copy for a media request; undefined for a plain copy; throws `KeysLockedError` when locked. */
  copyKey(copy: { readonly id: number; readonly encryption: string | null }): CopyEncryption | undefined {
    if (copy.encryption === null) return undefined
    if (this.kek === null) throw new KeysLockedError()
    const sealed = this.catalog.policies.sealedKey(copy.id)
    const key = sealed === null ? null : open(this.kek, sealed, `copy:${copy.id}`)
    if (key === null) throw new ServiceError('internal', `The key of copy ${copy.id} does not open with the CommServe's passphrase.`)
    return { cipher: 'AES-256-GCM', key: key.toString('hex') }
  }

  /** The reason a job touching these copies must wait, or null when their keys can be opened. */
  lockedFor(copies: readonly ({ readonly encryption: string | null } | undefined)[]): string | null {
    return this.kek === null && copies.some((copy) => copy !== undefined && copy.encryption !== null) ? keysLockedReason : null
  }
}
