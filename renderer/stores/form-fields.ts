/**
 * What the Copy Properties dialog and the New Storage Policy wizard share: typed text parsed for the zod field
 * schemas, the data path that follows a library choice, and the DDB location checks. Pure functions over values.
 */
import { DdbLocation, RetentionFields } from '../../app/model/copy-input'
import { dedupProblems, type Choice, type LibraryChoice } from '../../app/rules/copy-form'
import type { z } from 'zod'

/** The data path, retention and deduplication fields both dialogs edit, as typed. */
export interface StorageFieldValues {
  readonly libraryId: number | null
  readonly mediaAgentId: number | null
  readonly drivePoolId: number | null
  readonly scratchPoolId: number | null
  readonly agingEnabled: boolean
  /** Retain for (days), as typed. */
  readonly retentionDays: string
  /** Retain for (cycles), as typed. */
  readonly retentionCycles: string
  readonly dedup: boolean
  readonly ddbMediaAgentId: number | null
  readonly ddbPath: string
  /** Block size of the new DDB: fixed 128 KB (the default) or variable. */
  readonly ddbBlocks: 'fixed' | 'variable'
}

/** The defaults of a new copy or policy: data aging on, 30 days and 1 cycle, no library chosen yet. */
export const defaultStorageValues: StorageFieldValues = {
  libraryId: null,
  mediaAgentId: null,
  drivePoolId: null,
  scratchPoolId: null,
  agingEnabled: true,
  retentionDays: '30',
  retentionCycles: '1',
  dedup: false,
  ddbMediaAgentId: null,
  ddbPath: '',
  ddbBlocks: 'fixed',
}

/** A number field's text as a number: NaN unless it is a plain decimal number (so zod says "whole number"). */
export function parseNumberText(text: string): number {
  const trimmed = text.trim()
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed) ? Number(trimmed) : Number.NaN
}

/** The first message of a zod field schema for a value, or undefined when it passes. */
export function schemaProblem(schema: z.ZodType, value: unknown): string | undefined {
  const result = schema.safeParse(value)
  return result.success ? undefined : (result.error.issues[0]?.message ?? 'This value is not valid.')
}

/** The library of an id among the offered ones. */
export function libraryOf(libraries: readonly LibraryChoice[], id: number | null): LibraryChoice | undefined {
  return id === null ? undefined : libraries.find((library) => library.id === id)
}

/**
 * The values after choosing a library: the MediaAgent is kept when it reaches the library, else chosen when only
 * one does; the pools are kept only when they belong to a tape library (empty for disk, to be chosen for tape);
 * deduplication, for disk only, is cleared on tape.
 */
export function withLibrary<V extends StorageFieldValues>(values: V, libraryId: number | null, libraries: readonly LibraryChoice[]): V {
  const library = libraryOf(libraries, libraryId)
  const agents = library?.mediaAgents ?? []
  const mediaAgentId = agents.some((agent) => agent.id === values.mediaAgentId)
    ? values.mediaAgentId
    : agents.length === 1
      ? (agents[0]?.id ?? null)
      : null
  const tape = library?.kind === 'tape'
  const keep = (id: number | null, pools: readonly Choice[] | undefined): number | null =>
    tape && pools?.some((pool) => pool.id === id) ? id : null
  return {
    ...values,
    libraryId,
    mediaAgentId,
    drivePoolId: keep(values.drivePoolId, library?.drivePools),
    scratchPoolId: keep(values.scratchPoolId, library?.scratchPools),
    dedup: tape ? false : values.dedup,
  }
}

/** The values after checking or clearing Enable Deduplication: the DDB MediaAgent defaults to the copy's. */
export function withDedup<V extends StorageFieldValues>(values: V, dedup: boolean, mediaAgents: readonly Choice[]): V {
  const ddbMediaAgentId =
    values.ddbMediaAgentId ?? values.mediaAgentId ?? (mediaAgents.length === 1 ? (mediaAgents[0]?.id ?? null) : null)
  return { ...values, dedup, ddbMediaAgentId: dedup ? ddbMediaAgentId : values.ddbMediaAgentId }
}

/** The DDB location to send, or null when deduplication is off. */
export function ddbLocationOf(values: StorageFieldValues): DdbLocation | null {
  return values.dedup ? { mediaAgentId: values.ddbMediaAgentId ?? 0, path: values.ddbPath.trim(), blocks: values.ddbBlocks } : null
}

/** Problems of Retain for (days) and (cycles), with the contract's messages. */
export function retentionProblems(values: StorageFieldValues): Record<string, string> {
  const problems: Record<string, string> = {}
  const days = schemaProblem(RetentionFields.retentionDays, parseNumberText(values.retentionDays))
  const cycles = schemaProblem(RetentionFields.retentionCycles, parseNumberText(values.retentionCycles))
  if (days !== undefined) problems.retentionDays = days
  if (cycles !== undefined) problems.retentionCycles = cycles
  return problems
}

/** Problems of Enable Deduplication and its DDB location (only when it is checked). */
export function ddbProblems(
  values: StorageFieldValues,
  libraries: readonly LibraryChoice[],
  mediaAgents: readonly Choice[],
): Record<string, string> {
  const location = ddbLocationOf(values)
  if (location === null) return {}
  const problems: Record<string, string> = { ...dedupProblems(location, libraryOf(libraries, values.libraryId), mediaAgents) }
  const path = schemaProblem(DdbLocation.shape.path, values.ddbPath)
  if (path !== undefined) problems['dedup.path'] = path
  const blocks = schemaProblem(DdbLocation.shape.blocks, values.ddbBlocks)
  if (blocks !== undefined) problems['dedup.blocks'] = blocks
  return problems
}

/** Whether Enable Deduplication may be checked, and why not when it may not. */
export function dedupAvailability(
  creating: boolean,
  library: LibraryChoice | undefined,
): { readonly enabled: boolean; readonly reason: string | null } {
  if (!creating) return { enabled: false, reason: 'Deduplication can be enabled only when the copy is created.' }
  if (library === undefined) return { enabled: false, reason: 'Deduplication needs a disk library: choose one first.' }
  if (library.kind === 'tape') return { enabled: false, reason: 'Deduplication is available only for disk libraries.' }
  return { enabled: true, reason: null }
}

/** The first field of an ordered list that has a problem. */
export function firstProblemField(problems: Readonly<Record<string, string>>, order: readonly string[]): string | undefined {
  return order.find((field) => problems[field] !== undefined) ?? Object.keys(problems)[0]
}
