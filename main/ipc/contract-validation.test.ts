import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandNames, type CommandInput, type CommandName } from '../../app/ipc/contract'
import type { CommandError } from '../../app/ipc/errors'
import { dispatch } from './dispatch'
import { tempBackend } from '../testing/temp-backend'

/**
 * Every command with one valid input and the inputs whose ids name nothing. Typed by CommandName, so a new command
 * without a row here does not compile.
 */
const table: { [C in CommandName]: { valid: CommandInput<C>; unknownIds: { input: unknown; field: string }[] } } = {
  'commcell:info': { valid: {}, unknownIds: [] },
  'tree:children': {
    valid: { nodeId: 'storagePolicies' },
    unknownIds: [
      { input: { nodeId: 'storagePolicy:999999' }, field: 'nodeId' },
      { input: { nodeId: 'copy:424242' }, field: 'nodeId' },
      { input: { nodeId: 'nonsense' }, field: 'nodeId' },
    ],
  },
  'node:contents': {
    valid: { nodeId: 'storagePolicy:1' },
    unknownIds: [
      { input: { nodeId: 'library:999999' }, field: 'nodeId' },
      { input: { nodeId: 'client:77' }, field: 'nodeId' },
    ],
  },
  'node:properties': {
    valid: { nodeId: 'copy:1' },
    unknownIds: [{ input: { nodeId: 'media:999999' }, field: 'nodeId' }],
  },
  'node:jobs': {
    valid: { nodeId: 'storagePolicy:2' },
    unknownIds: [{ input: { nodeId: 'storagePolicy:999999' }, field: 'nodeId' }],
  },
  'events:list': { valid: { limit: 10, beforeId: null }, unknownIds: [] },
}

/** A value of the wrong type for a field holding `value`. */
function wrongType(value: unknown): unknown {
  if (typeof value === 'string') return 12345
  if (typeof value === 'number') return '12'
  if (typeof value === 'boolean') return 'yes'
  if (value === null) return { nested: true }
  return 'not an object'
}

interface BadCase {
  readonly name: string
  readonly input: unknown
  readonly code: CommandError['code']
  readonly field?: string
}

/** Every kind of bad input for one command, derived from its valid example. */
function badCases(valid: Record<string, unknown>): BadCase[] {
  const cases: BadCase[] = [
    { name: 'null input', input: null, code: 'invalid_input' },
    { name: 'a number for input', input: 42, code: 'invalid_input' },
    { name: 'an array for input', input: [valid], code: 'invalid_input' },
    { name: 'a string for input', input: JSON.stringify(valid), code: 'invalid_input' },
    { name: 'an unknown field', input: { ...valid, dropTables: true }, code: 'invalid_input', field: 'dropTables' },
  ]
  for (const [key, value] of Object.entries(valid)) {
    const { [key]: _removed, ...missing } = valid
    cases.push({ name: `missing ${key}`, input: missing, code: 'invalid_input', field: key })
    cases.push({ name: `wrong type for ${key}`, input: { ...valid, [key]: wrongType(value) }, code: 'invalid_input', field: key })
    if (typeof value === 'string' || value === null) {
      cases.push({ name: `oversized ${key}`, input: { ...valid, [key]: 'x'.repeat(200_000) }, code: 'invalid_input', field: key })
    }
    if (typeof value === 'number') {
      cases.push({ name: `negative ${key}`, input: { ...valid, [key]: -1 }, code: 'invalid_input', field: key })
      cases.push({ name: `fractional ${key}`, input: { ...valid, [key]: 1.5 }, code: 'invalid_input', field: key })
    }
  }
  return cases
}

let backend: ReturnType<typeof tempBackend>
let before: string
beforeAll(() => {
  backend = tempBackend('demo')
  before = backend.catalog.fingerprint()
})
afterAll(async () => {
  await backend.dispose()
})

describe.each(commandNames)('%s refuses bad input with a structured error and changes nothing', (command) => {
  const row = table[command]

  it('accepts its valid example', async () => {
    const result = await dispatch(backend.handlers, command, row.valid)
    expect(result).toMatchObject({ ok: true })
  })

  it.each(badCases(row.valid as Record<string, unknown>))('$name', async ({ input, code, field }) => {
    const result = await dispatch(backend.handlers, command, input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe(code)
    expect(result.error.message.length).toBeGreaterThan(0)
    if (field !== undefined) {
      expect(result.error.field).toBe(field)
      expect(result.error.message).toContain(field)
    }
    expect(backend.catalog.fingerprint()).toBe(before)
  })

  it.each(row.unknownIds.map((entry) => ({ ...entry, label: JSON.stringify(entry.input) })))(
    'answers not_found for unknown id $label',
    async ({ input, field }) => {
      const result = await dispatch(backend.handlers, command, input)
      expect(result).toMatchObject({ ok: false, error: { code: 'not_found', field } })
      expect(backend.catalog.fingerprint()).toBe(before)
    },
  )
})

describe('unknown commands', () => {
  it.each([['copies:explode'], [''], [42], [null], ['__proto__'], ['toString'], ['x'.repeat(10_000)]])(
    'refuses %s',
    async (command) => {
      const result = await dispatch(backend.handlers, command, {})
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_command', field: 'command' } })
      if (!result.ok) expect(result.error.message.length).toBeLessThan(200)
      expect(backend.catalog.fingerprint()).toBe(before)
    },
  )
})
