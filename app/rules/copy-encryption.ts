/**
 * Re-encrypt data on a copy: where it may be chosen, and the passphrase's rules. The Copy Properties dialog and the
 * CommServe apply the same functions, so both say the same message beside the same field.
 */

/** The reason a job touching an encrypted copy waits while the console has not been given the passphrase. */
export const keysLockedReason = 'The encryption keys are locked: enter the passphrase'

/** The shortest CommServe passphrase accepted (our choice). */
export const minPassphraseLength = 8

/** What the rule needs to know of a copy. */
export interface EncryptionTarget {
  readonly name: string
  readonly primary: boolean
  readonly dedup: boolean
  /** Jobs copied to it (Partially Copied, Available, Bad or Aged there). */
  readonly copiedJobs: number
}

/**
 * Why Re-encrypt data cannot be `wanted` on a copy that has it `current`ly (null on creation), or undefined. It is
 * chosen on secondary copies, on disk (deduplicated or not: a deduplicated copy seals its blocks after deduplication)
 * or tape libraries (each data record sealed), at creation or while the copy holds no job (its data would otherwise
 * be half plain, half sealed).
 */
export function encryptionProblem(copy: EncryptionTarget, wanted: boolean, current: boolean | null): string | undefined {
  const changing = wanted !== (current ?? false)
  if (!wanted && !changing) return undefined
  if (changing && copy.primary) return 'Re-encrypt data applies to secondary copies; the primary copy is written by backups.'
  if (changing && current !== null && copy.copiedJobs > 0) {
    return `Re-encrypt data can change only while ${copy.name} holds no job; ${copy.copiedJobs} ${copy.copiedJobs === 1 ? 'job has' : 'jobs have'} been copied to it.`
  }
  return undefined
}

/** What is wrong with a new CommServe passphrase, or undefined. */
export function passphraseProblem(passphrase: string): string | undefined {
  if (passphrase.length < minPassphraseLength) return `The passphrase must be at least ${minPassphraseLength} characters.`
  if (passphrase.length > 1024) return 'The passphrase must be at most 1024 characters.'
  return undefined
}

/** What is wrong with the confirmation of a new passphrase, or undefined. */
export function passphraseConfirmProblem(passphrase: string, confirm: string): string | undefined {
  return passphrase === confirm ? undefined : 'The two passphrases do not match.'
}
