/** The longest copy or storage policy name the console accepts (our choice; the product's limit is not documented). */
export const maxNameLength = 64

/** Characters a copy name may hold: letters, digits, spaces and `_ - . ( )`. */
export const copyNamePattern = /^[A-Za-z0-9 _\-.()]+$/

/** A name of dots alone (`.`, `..`) reads as a folder reference wherever names become paths: refused everywhere. */
export function onlyDots(name: string): boolean {
  return /^[.\s]+$/.test(name)
}

/**
 * The name the Copy Properties dialog suggests: `Copy_X`, X being the copy's number in the policy (a policy with
 * only Primary gets `Copy_2`); where that name is taken, the next free number.
 */
export function defaultCopyName(existingNames: readonly string[]): string {
  const taken = new Set(existingNames.map((name) => name.trim().toLowerCase()))
  let number = existingNames.length + 1
  while (taken.has(`copy_${number}`)) number++
  return `Copy_${number}`
}

/**
 * Checks a copy name as typed (it is trimmed first) against the other copies of its policy. Returns the message to
 * show beside the Copy Name field, or undefined when the name is fine.
 */
export function copyNameProblem(typed: string, otherNames: readonly string[]): string | undefined {
  const name = typed.trim()
  if (name === '') return 'Copy Name is required.'
  if (name.length > maxNameLength) return `Copy Name must be at most ${maxNameLength} characters.`
  if (!copyNamePattern.test(name)) return 'Copy Name can contain only letters, digits, spaces and _ - . ( ).'
  if (onlyDots(name)) return 'Copy Name cannot be made only of dots.'
  if (otherNames.some((other) => other.trim().toLowerCase() === name.toLowerCase())) {
    return `A copy named ${name} already exists in this storage policy.`
  }
  return undefined
}
