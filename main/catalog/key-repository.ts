import type { Statement } from 'better-sqlite3'
import { statementCache, type CatalogDb } from './database'

/** How the CommServe's passphrase protects the copies' keys: the scrypt salt and a value sealed under the derived key. */
export interface KeyProtection {
  /** The key derivation and its parameters, e.g. `scrypt:N=32768,r=8,p=1`. */
  readonly kdf: string
  readonly salt: string
  /** A known value sealed under the derived key: a passphrase that does not open it is wrong. */
  readonly checkValue: string
  readonly setAt: number
}

/** The key protection row (the copies' sealed keys are columns of `copies`, see `PolicyRepository.sealedKey`). */
export class KeyRepository {
  private readonly sql: (sql: string) => Statement

  constructor(db: CatalogDb) {
    this.sql = statementCache(db)
  }

  /** The passphrase's protection, or undefined when no passphrase is set yet. */
  protection(): KeyProtection | undefined {
    return this.sql('SELECT kdf, salt, check_value AS checkValue, set_at AS setAt FROM key_protection WHERE id = 1').get() as KeyProtection | undefined
  }

  /** Records the passphrase's protection (once: it is set with the first encrypted copy). */
  setProtection(protection: KeyProtection): void {
    this.sql('INSERT INTO key_protection (id, kdf, salt, check_value, set_at) VALUES (1, ?, ?, ?, ?)').run(protection.kdf, protection.salt, protection.checkValue, protection.setAt)
  }
}
