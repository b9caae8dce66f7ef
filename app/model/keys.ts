import { z } from 'zod'

/**
 * The CommServe's encryption keys: `none` (no passphrase set: no copy is encrypted yet), `locked` (a passphrase is
 * set and was not given since the console started: jobs of encrypted copies wait), `unlocked`.
 */
export const KeyState = z.enum(['none', 'locked', 'unlocked'])
/** The CommServe's encryption keys' state. */
export type KeyState = z.infer<typeof KeyState>

/** The cipher choices of Re-encrypt data (only what the engine implements). */
export const copyCiphers = ['AES-256'] as const
