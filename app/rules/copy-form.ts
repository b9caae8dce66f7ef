import type { BackupPeriod, DdbLocation } from '../model/copy-input'
import type { z } from 'zod'
import type { LibraryChoiceSchema } from '../model/copy-forms'
import { copyNamePattern, copyNameProblem, maxNameLength, onlyDots } from './copy-name'

/** A named catalog row offered in a list. */
export interface Choice {
  readonly id: number
  readonly name: string
}

/** A library as the dialogs offer it, with the MediaAgents, drive pools and scratch pools that go with it. */
export type LibraryChoice = z.infer<typeof LibraryChoiceSchema>

/** Messages to show beside fields, keyed by input field (`name`, `libraryId`, `dedup.path`, ...). */
export type FieldProblems = Readonly<Record<string, string>>

/** The data path fields every copy has. */
export interface DataPathFields {
  readonly libraryId: number
  readonly mediaAgentId: number
  readonly drivePoolId: number | null
  readonly scratchPoolId: number | null
}

/**
 * Checks a data path: the MediaAgent reaches the library; Drive Pool and Scratch Pool only, and always, for tape.
 * A primary copy on a tape library is refused with the reason: backups write to disk libraries, and a copy no backup
 * could write is not created (the pools are still checked, so the dialog shows every problem). Secondary copies may
 * be on tape: auxiliary copies write them.
 */
export function dataPathProblems(path: DataPathFields, libraries: readonly LibraryChoice[], role: 'primary' | 'secondary'): Record<string, string> {
  const problems: Record<string, string> = {}
  const library = libraries.find((candidate) => candidate.id === path.libraryId)
  if (library === undefined) {
    problems.libraryId = 'Choose a Library.'
    return problems
  }
  if (!library.mediaAgents.some((agent) => agent.id === path.mediaAgentId)) {
    problems.mediaAgentId = `Choose a MediaAgent with a data path to ${library.name}.`
  }
  if (library.kind === 'tape') {
    if (path.drivePoolId === null) problems.drivePoolId = 'Drive Pool is required for a tape library.'
    else if (!library.drivePools.some((pool) => pool.id === path.drivePoolId)) problems.drivePoolId = `Choose a Drive Pool of ${library.name}.`
    if (path.scratchPoolId === null) problems.scratchPoolId = 'Scratch Pool is required for a tape library.'
    else if (!library.scratchPools.some((pool) => pool.id === path.scratchPoolId)) problems.scratchPoolId = `Choose a Scratch Pool of ${library.name}.`
    if (role === 'primary') problems.libraryId = backupsNotOnTape(library.name)
  } else {
    if (path.drivePoolId !== null) problems.drivePoolId = 'Drive Pool applies only to tape libraries.'
    if (path.scratchPoolId !== null) problems.scratchPoolId = 'Scratch Pool applies only to tape libraries.'
  }
  return problems
}

/** Why a primary copy cannot be on a tape library: said beside Library. */
export function backupsNotOnTape(libraryName: string): string {
  return `${libraryName} is a tape library, and backups write to disk libraries: choose a disk library for the primary copy (tape holds secondary copies).`
}

/** Checks Enable Deduplication: disk libraries only, with a DDB MediaAgent that exists. */
export function dedupProblems(
  dedup: DdbLocation | null,
  library: LibraryChoice | undefined,
  mediaAgents: readonly Choice[],
): Record<string, string> {
  if (dedup === null) return {}
  if (library?.kind === 'tape') return { dedup: 'Deduplication is available only for disk libraries.' }
  if (!mediaAgents.some((agent) => agent.id === dedup.mediaAgentId)) return { 'dedup.mediaAgentId': 'Choose the DDB MediaAgent.' }
  return {}
}

/** Checks the Copy Policy tab: a source copy of this policy, and a Backups On and After date not in the future. */
export function copyPolicyProblems(
  input: { sourceCopyId: number; backupPeriod: BackupPeriod },
  sourceCopies: readonly Choice[],
  now: number,
): Record<string, string> {
  const problems: Record<string, string> = {}
  if (!sourceCopies.some((copy) => copy.id === input.sourceCopyId)) problems.sourceCopyId = 'Choose a Source Copy of this storage policy.'
  if (input.backupPeriod.kind === 'onAndAfter' && input.backupPeriod.date > now) {
    problems['backupPeriod.date'] = 'Backups On and After cannot be in the future.'
  }
  return problems
}

/** What Create New Copy or Copy Properties checks, given what the catalog offers. */
export interface CopyFormContext {
  /** Names of the policy's other copies (uniqueness is case-insensitive). */
  readonly otherCopyNames: readonly string[]
  readonly libraries: readonly LibraryChoice[]
  readonly mediaAgents: readonly Choice[]
  /** Copies that may be the source (the policy's copies other than this one). */
  readonly sourceCopies: readonly Choice[]
  readonly now: number
  /** The form is the primary copy's (its data path takes backups). */
  readonly primary: boolean
}

/** Every domain problem of a Copy Properties form, by field; empty when the form may be saved. */
export function copyFormProblems(
  input: DataPathFields & { name: string; dedup: DdbLocation | null; sourceCopyId: number; backupPeriod: BackupPeriod },
  context: CopyFormContext,
): FieldProblems {
  const nameProblem = copyNameProblem(input.name, context.otherCopyNames)
  const library = context.libraries.find((candidate) => candidate.id === input.libraryId)
  return {
    ...(nameProblem === undefined ? {} : { name: nameProblem }),
    ...dataPathProblems(input, context.libraries, context.primary ? 'primary' : 'secondary'),
    ...dedupProblems(input.dedup, library, context.mediaAgents),
    ...copyPolicyProblems(input, context.sourceCopies, context.now),
  }
}

/** The seed page's advice when a secondary copy uses the primary copy's library (allowed, but not recommended). */
export function sameLibraryAdvice(libraryId: number, primaryLibraryId: number | null): string | undefined {
  return libraryId === primaryLibraryId
    ? 'This is the library of the primary copy. We recommend a different library for a secondary copy.'
    : undefined
}

/** Checks a storage policy name against the others (case-insensitive). */
export function policyNameProblem(typed: string, otherNames: readonly string[]): string | undefined {
  const name = typed.trim()
  if (name === '') return 'Storage Policy Name is required.'
  if (name.length > maxNameLength) return `Storage Policy Name must be at most ${maxNameLength} characters.`
  if (!copyNamePattern.test(name)) return 'Storage Policy Name can contain only letters, digits, spaces and _ - . ( ).'
  if (onlyDots(name)) return 'Storage Policy Name cannot be made only of dots.'
  if (otherNames.some((other) => other.trim().toLowerCase() === name.toLowerCase())) {
    return `A storage policy named ${name} already exists.`
  }
  return undefined
}
