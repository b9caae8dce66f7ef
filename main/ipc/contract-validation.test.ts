import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandNames, commands, type CommandInput, type CommandName } from '../../app/ipc/contract'
import type { CommandError } from '../../app/ipc/errors'
import { dispatch } from './dispatch'
import { tempBackend } from '../testing/temp-backend'

/**
 * Every command with one valid input and the inputs whose ids name nothing. Typed by CommandName, so a new command
 * without a row here does not compile.
 */
const table: {
  [C in CommandName]: {
    valid: CommandInput<C>
    unknownIds: { input: unknown; field: string }[]
    /** Prepares a fresh backend for the valid example and returns the input to send (a running job to control...). */
    setup?: (backend: ReturnType<typeof tempBackend>) => Promise<CommandInput<C>>
    /** The valid example needs the demo job history's real data. */
    demoData?: boolean
    /** The valid example needs a console started with --test-clock. */
    testClock?: boolean
    /** The valid example needs another demo profile. */
    profile?: 'upgraded'
    /** Hold the MediaAgent to this many bytes a second (a job the example controls is still running then). */
    throttle?: number
  }
} = {
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
  'node:menu': {
    valid: { nodeId: 'storagePolicy:2' },
    unknownIds: [{ input: { nodeId: 'copy:999999' }, field: 'nodeId' }, { input: { nodeId: 'media:999999' }, field: 'nodeId' }],
  },
  'node:properties': {
    valid: { nodeId: 'copy:1' },
    unknownIds: [{ input: { nodeId: 'media:999999' }, field: 'nodeId' }],
  },
  'node:jobs': {
    valid: { nodeId: 'storagePolicy:2', limit: 100, offset: 0 },
    unknownIds: [{ input: { nodeId: 'storagePolicy:999999', limit: 100, offset: 0 }, field: 'nodeId' }],
  },
  'copies:form': {
    valid: { storagePolicyId: 2 },
    unknownIds: [{ input: { storagePolicyId: 999999 }, field: 'storagePolicyId' }],
  },
  'copies:check': {
    valid: { sourceCopyId: 2 },
    unknownIds: [{ input: { sourceCopyId: 999999 }, field: 'sourceCopyId' }],
  },
  'copies:create': {
    // Valid in shape; it would create a copy, so the harness runs it on a separate catalog (see below).
    valid: {
      storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
      active: true, dedup: null, sourceCopyId: 2, backupPeriod: { kind: 'allBackups' }, agingEnabled: true,
      retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
    },
    unknownIds: [
      { input: { ...createBase(), storagePolicyId: 999999 }, field: 'storagePolicyId' },
    ],
  },
  'copies:get': {
    valid: { copyId: 3 },
    unknownIds: [{ input: { copyId: 999999 }, field: 'copyId' }],
  },
  'keys:state': { valid: {}, unknownIds: [] },
  'keys:unlock': {
    valid: { passphrase: 'not the passphrase' },
    unknownIds: [],
    // A passphrase is set with the first encrypted copy; the valid example then opens the keys with it.
    setup: async (fresh) => {
      const passphrase = 'validation passphrase'
      const created = await dispatch(fresh.handlers, 'copies:create', { ...createBase(), name: 'Encrypted_Copy', encryption: 'AES-256', passphrase, passphraseConfirm: passphrase })
      if (!created.ok) throw new Error(created.error.message)
      return { passphrase }
    },
  },
  'copies:update': {
    valid: {
      copyId: 3, name: 'Copy_2', active: true, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
      backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
    },
    unknownIds: [
      { input: { ...updateBase(), copyId: 999999 }, field: 'copyId' },
    ],
  },
  'copies:delete': {
    valid: { copyId: 3 },
    unknownIds: [{ input: { copyId: 999999 }, field: 'copyId' }],
  },
  'copies:dedup': {
    valid: { copyId: 3 },
    unknownIds: [{ input: { copyId: 999999 }, field: 'copyId' }],
    setup: async (fresh) => {
      // A deduplicated copy of its own (the demo has none).
      const created = await dispatch(fresh.handlers, 'copies:create', {
        ...createBase(), name: 'Dedup_Copy', dedup: { mediaAgentId: 1, path: join(fresh.dataDir, 'ddb-validation'), blocks: 'fixed' },
      })
      if (!created.ok) throw new Error(created.error.message)
      return { copyId: (created.value as { id: number }).id }
    },
  },
  'copies:deleteJob': {
    valid: { copyId: 3, backupJobIds: [2], confirm: false },
    unknownIds: [
      { input: { copyId: 999999, backupJobIds: [2], confirm: false }, field: 'copyId' },
      { input: { copyId: 3, backupJobIds: [999999], confirm: false }, field: 'backupJobIds' },
    ],
    setup: (fresh) => {
      // A job marked copied to Copy_2 (the demo copies nothing); `confirm` false asks only what would go.
      const [job] = fresh.catalog.jobs.jobsOnCopy(fresh.catalog.policies.copy(3)!)
      if (job === undefined) throw new Error('the demo has no job on SP_Finance')
      fresh.catalog.jobs.setOnCopy({ backupJobId: job.id, copyId: 3, status: 'Available', bytesCopied: job.sizeBytes, mountPathId: 2 })
      return Promise.resolve({ copyId: 3, backupJobIds: [job.id], confirm: false })
    },
  },
  'copies:markJobs': {
    valid: { copyId: 3, jobIds: [2], action: 'doNotCopy', retainUntil: null },
    unknownIds: [
      { input: { copyId: 999999, jobIds: [2], action: 'doNotCopy', retainUntil: null }, field: 'copyId' },
      { input: { copyId: 3, jobIds: [999999], action: 'doNotCopy', retainUntil: null }, field: 'jobIds' },
    ],
    setup: (fresh) => {
      // The demo copies nothing to Copy_2: its newest job is To Be Copied there.
      const [job] = fresh.catalog.jobs.jobsOnCopy(fresh.catalog.policies.copy(3)!)
      if (job === undefined) throw new Error('the demo has no job on SP_Finance')
      return Promise.resolve({ copyId: 3, jobIds: [job.id], action: 'doNotCopy', retainUntil: null })
    },
  },
  'copies:promote': {
    valid: { copyId: 3, confirm: true },
    unknownIds: [{ input: { copyId: 999999, confirm: false }, field: 'copyId' }],
  },
  'copies:media': {
    valid: { copyId: 4 },
    unknownIds: [{ input: { copyId: 999999 }, field: 'copyId' }],
    setup: (fresh) => Promise.resolve({ copyId: tapeCopy(fresh) }),
  },
  'media:get': { valid: { mediumId: 1 }, unknownIds: [{ input: { mediumId: 999999 }, field: 'mediumId' }] },
  'media:contents': { valid: { mediumId: 1 }, unknownIds: [{ input: { mediumId: 999999 }, field: 'mediumId' }] },
  'media:setStatus': {
    valid: { mediumId: 1, status: 'Bad' },
    unknownIds: [{ input: { mediumId: 999999, status: 'Bad' }, field: 'mediumId' }],
  },
  'media:add': {
    valid: { scratchPoolId: 1, firstBarcode: 'CV0009L6', count: 2 },
    unknownIds: [{ input: { scratchPoolId: 999999, firstBarcode: 'CV0009L6', count: 2 }, field: 'scratchPoolId' }],
  },
  'libraries:get': { valid: { libraryId: 3 }, unknownIds: [{ input: { libraryId: 999999 }, field: 'libraryId' }] },
  'libraries:setMediaCapacity': {
    valid: { libraryId: 3, mediaCapacityMb: 8192 },
    unknownIds: [{ input: { libraryId: 999999, mediaCapacityMb: 8192 }, field: 'libraryId' }],
  },
  'libraries:usage': { valid: { libraryId: 1 }, unknownIds: [{ input: { libraryId: 999999 }, field: 'libraryId' }] },
  'policies:form': { valid: {}, unknownIds: [] },
  'policies:create': {
    valid: {
      name: 'SP_New', libraryId: 1, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, deviceStreams: 10,
      agingEnabled: true, retentionDays: 30, retentionCycles: 1, dedup: null,
    },
    unknownIds: [],
  },
  'policies:get': { valid: { storagePolicyId: 2 }, unknownIds: [{ input: { storagePolicyId: 999999 }, field: 'storagePolicyId' }] },
  'policies:update': {
    valid: { storagePolicyId: 2, deviceStreams: 10, copyOrder: [2, 3] },
    unknownIds: [{ input: { storagePolicyId: 999999, deviceStreams: 10, copyOrder: [2, 3] }, field: 'storagePolicyId' }],
  },
  'jobs:list': { valid: { limit: 100, beforeId: null }, unknownIds: [] },
  'jobs:details': { valid: { jobId: 1 }, unknownIds: [{ input: { jobId: 999999 }, field: 'jobId' }] },
  'jobs:throughput': { valid: { jobId: 1 }, unknownIds: [{ input: { jobId: 999999 }, field: 'jobId' }] },
  'jobs:control': {
    valid: { jobId: 1, action: 'kill' },
    unknownIds: [{ input: { jobId: 999999, action: 'kill' }, field: 'jobId' }],
    demoData: true,
    throttle: 1_000_000,
    setup: async (fresh) => {
      const result = await dispatch(fresh.handlers, 'auxcopy:run', {
        storagePolicyId: 2, copyId: null, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '',
      })
      if (!result.ok) throw new Error(result.error.message)
      return { jobId: (result.value as { jobId: number }).jobId, action: 'kill' }
    },
  },
  'jobs:historyForm': { valid: {}, unknownIds: [] },
  'jobs:history': {
    valid: {
      operation: 'Backup', storagePolicyId: 2, clientId: 1, status: 'Completed', timeRange: 'specify',
      startTime: Date.UTC(2020, 0, 1), endTime: Date.UTC(2040, 0, 1), limit: 100, offset: 0,
    },
    unknownIds: [
      { input: { ...historyBase(), storagePolicyId: 999999 }, field: 'storagePolicyId' },
      { input: { ...historyBase(), clientId: 999999 }, field: 'clientId' },
    ],
  },
  'backup:run': {
    valid: { subclientId: 1, backupType: 'Incremental' },
    unknownIds: [{ input: { subclientId: 999999, backupType: 'Full' }, field: 'subclientId' }],
    demoData: true,
  },
  'subclients:get': { valid: { subclientId: 1 }, unknownIds: [{ input: { subclientId: 999999 }, field: 'subclientId' }] },
  'subclients:update': {
    valid: { subclientId: 1, content: ['/tmp'] },
    unknownIds: [{ input: { subclientId: 999999, content: ['/tmp'] }, field: 'subclientId' }],
  },
  'auxcopy:form': { valid: { storagePolicyId: null }, unknownIds: [{ input: { storagePolicyId: 999999 }, field: 'storagePolicyId' }] },
  'auxcopy:estimate': {
    valid: { storagePolicyId: 2, copyId: null },
    unknownIds: [
      { input: { storagePolicyId: 999999, copyId: null }, field: 'storagePolicyId' },
      { input: { storagePolicyId: 2, copyId: 999999 }, field: 'copyId' },
    ],
  },
  'auxcopy:run': {
    valid: { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: true, description: '' },
    unknownIds: [
      { input: { storagePolicyId: 999999, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' }, field: 'storagePolicyId' },
      { input: { storagePolicyId: 2, copyId: 999999, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' }, field: 'copyId' },
    ],
    demoData: true,
  },
  'verification:form': { valid: { storagePolicyId: 2 }, unknownIds: [{ input: { storagePolicyId: 999999 }, field: 'storagePolicyId' }] },
  'verification:run': {
    valid: { storagePolicyId: 2, copyId: 2, since: null },
    unknownIds: [
      { input: { storagePolicyId: 999999, copyId: 2, since: null }, field: 'storagePolicyId' },
      { input: { storagePolicyId: 2, copyId: 999999, since: null }, field: 'copyId' },
      { input: { storagePolicyId: 1, copyId: 2, since: null }, field: 'copyId' },
    ],
    demoData: true,
  },
  'copies:verification': {
    valid: { copyId: 3, limit: 50, offset: 0 },
    unknownIds: [{ input: { copyId: 999999, limit: 50, offset: 0 }, field: 'copyId' }],
  },
  'copies:lag': {
    valid: { copyId: 3, from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 8) },
    unknownIds: [{ input: { copyId: 999999, from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 8) }, field: 'copyId' }],
  },
  'policies:lag': {
    valid: { storagePolicyId: 2, from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 8) },
    unknownIds: [{ input: { storagePolicyId: 999999, from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 8) }, field: 'storagePolicyId' }],
  },
  'restore:form': { valid: { subclientId: 2 }, unknownIds: [{ input: { subclientId: 999999 }, field: 'subclientId' }] },
  // Browsing writes the browse index of the jobs it reads the first time: a catalog of its own.
  'restore:browse': {
    valid: { subclientId: 2, at: null, copyId: null, folder: '' },
    unknownIds: [
      { input: { subclientId: 999999, at: null, copyId: null, folder: '' }, field: 'subclientId' },
      { input: { subclientId: 2, at: null, copyId: 999999, folder: '' }, field: 'copyId' },
    ],
    demoData: true,
  },
  'restore:run': {
    valid: { backupJobId: 2, copyId: null, destination: '/tmp/commcell-validation-restore' },
    unknownIds: [
      { input: { backupJobId: 999999, copyId: null, destination: '/tmp/x' }, field: 'backupJobId' },
      { input: { backupJobId: 2, copyId: 999999, destination: '/tmp/x' }, field: 'copyId' },
    ],
    demoData: true,
  },
  'schedulePolicies:get': { valid: { schedulePolicyId: 1 }, unknownIds: [{ input: { schedulePolicyId: 999999 }, field: 'schedulePolicyId' }] },
  'schedulePolicies:save': {
    valid: {
      schedulePolicyId: null, name: 'Nightly', description: 'Nightly copies', policyType: 'Auxiliary Copy',
      schedules: [{ name: 'Nightly', pattern: { kind: 'daily', time: '02:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' }, options: { streams: 2, startNewMedia: false, markMediaFull: false } }],
      associations: [{ storagePolicyId: 2, copyId: null }],
    },
    unknownIds: [
      { input: { schedulePolicyId: 999999, name: 'X', description: '', policyType: 'Auxiliary Copy', schedules: [{ name: 'S', pattern: { kind: 'monthly', dayOfMonth: 1, time: '01:00', timeZone: 'UTC' }, options: { streams: null, startNewMedia: false, markMediaFull: false } }], associations: [] }, field: 'schedulePolicyId' },
      { input: { schedulePolicyId: null, name: 'X', description: '', policyType: 'Auxiliary Copy', schedules: [{ name: 'S', pattern: { kind: 'monthly', dayOfMonth: 1, time: '01:00', timeZone: 'UTC' }, options: { streams: null, startNewMedia: false, markMediaFull: false } }], associations: [{ storagePolicyId: 999999, copyId: null }] }, field: 'associations.0.storagePolicyId' },
    ],
  },
  'schedulePolicies:clients': { valid: {}, unknownIds: [] },
  'schedulePolicies:delete': {
    valid: { schedulePolicyId: 1, confirm: true },
    unknownIds: [{ input: { schedulePolicyId: 999999, confirm: true }, field: 'schedulePolicyId' }],
  },
  'policySchedules:list': { valid: { storagePolicyId: 2 }, unknownIds: [{ input: { storagePolicyId: 999999 }, field: 'storagePolicyId' }] },
  'policySchedules:save': {
    valid: { scheduleId: 1, name: 'SP_Finance auxiliary copy', pattern: { kind: 'weekly', days: [1, 3], time: '21:00', timeZone: 'UTC' }, options: { streams: 2, startNewMedia: false, markMediaFull: false } },
    unknownIds: [{ input: { scheduleId: 999999, name: 'x', pattern: { kind: 'weekly', days: [1], time: '21:00', timeZone: 'UTC' }, options: { streams: 2, startNewMedia: false, markMediaFull: false } }, field: 'scheduleId' }],
    profile: 'upgraded',
  },
  'dataAging:run': { valid: {}, unknownIds: [] },
  'schedules:runNow': {
    valid: { schedulePolicyId: 1 },
    unknownIds: [{ input: { schedulePolicyId: 999999 }, field: 'schedulePolicyId' }],
  },
  'test:advanceClock': { valid: { minutes: 30 }, unknownIds: [], testClock: true },
  'alerts:list': {
    valid: { limit: 100, offset: 0 },
    unknownIds: [],
    setup: async (fresh) => {
      // An open alert to list: Copy_2 holds none of SP_Finance's jobs, all older than a day.
      const copy = await dispatch(fresh.handlers, 'copies:update', { ...updateBase(), fallenBehindAlert: { enabled: true, daysOld: 1, toBeCopiedTB: null } })
      if (!copy.ok) throw new Error(copy.error.message)
      return { limit: 100, offset: 0 }
    },
  },
  'events:list': { valid: { limit: 10, beforeId: null }, unknownIds: [] },
}

/** A secondary copy of SP_Finance on TapeLib01 (the demo has none); returns its id. */
function tapeCopy(fresh: ReturnType<typeof tempBackend>): number {
  const { resources, policies } = fresh.catalog
  const library = resources.libraries().find((candidate) => candidate.kind === 'tape')!
  const finance = policies.policies().find((policy) => policy.name === 'SP_Finance')!
  const primary = policies.copies(finance.id).find((copy) => copy.copyType === 'primary')!
  return policies.addCopy(
    {
      storagePolicyId: finance.id, name: 'Tape_Copy', copyType: 'synchronous', active: true, precedence: 3,
      libraryId: library.id, mediaAgentId: library.mediaAgentIds[0]!,
      drivePoolId: resources.drivePools(library.id)[0]!.id, scratchPoolId: resources.scratchPools(library.id)[0]!.id,
      dedup: false, ddbMediaAgentId: null, ddbPath: null, dedupBlocks: null, sourceCopyId: primary.id, backupsOnAfter: null,
      agingEnabled: true, retentionDays: 30, retentionCycles: 1, selective: null, deferDays: 0, encryption: null,
    },
    Date.now(),
  ).id
}

function historyBase() {
  return { operation: null, storagePolicyId: null, clientId: null, status: null, timeRange: 'all', startTime: null, endTime: null, limit: 100, offset: 0 }
}

function createBase() {
  return {
    storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
    active: true, dedup: null, sourceCopyId: 2, backupPeriod: { kind: 'allBackups' }, agingEnabled: true,
    retentionDays: 30, retentionCycles: 1, confirmAllBackups: true, auxCopySchedule: null,
  }
}

function updateBase() {
  return {
    copyId: 3, name: 'Copy_2', active: true, libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null,
    backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1,
  }
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
beforeAll(async () => {
  // A test clock: no scheduler tick writes to the catalog while the refusals are checked against its fingerprint.
  backend = tempBackend('demo', { testClock: true })
  await backend.ready
  before = backend.catalog.fingerprint()
})
afterAll(async () => {
  await backend.dispose()
})

/**
 * Commands that only read (by the verb after the colon). Their valid example runs on the shared catalog, whose
 * fingerprint, checked after the command's refusals, then also proves the command wrote nothing.
 */
const readingVerbs = new Set(['info', 'children', 'contents', 'properties', 'jobs', 'form', 'check', 'get', 'dedup', 'media', 'usage', 'list', 'details', 'throughput', 'historyForm', 'history', 'estimate', 'verification', 'lag'])

describe.each(commandNames)('%s refuses bad input with a structured error and changes nothing', (command) => {
  const row = table[command]
  const reads = readingVerbs.has(command.split(':')[1]!) && row.profile === undefined && row.demoData === undefined && row.testClock === undefined && row.throttle === undefined && row.setup === undefined

  it(reads ? 'accepts its valid example, on the shared catalog' : 'accepts its valid example, on a catalog of its own', async () => {
    // A valid example of a command that writes changes its catalog: it gets one of its own.
    const fresh = reads
      ? undefined
      : tempBackend(row.profile ?? 'demo', {
          demoData: row.demoData ?? false, testClock: row.testClock ?? false, ...(row.throttle ? { throttle: row.throttle } : {}),
        })
    try {
      await fresh?.ready
      const input = fresh !== undefined && row.setup ? await row.setup(fresh as never) : row.valid
      const result = await dispatch((fresh ?? backend).handlers, command, input)
      expect(result).toMatchObject({ ok: true })
      // What the handler answered is what the contract promises (both hosts send it as is).
      if (result.ok) expect(() => commands[command].output.parse(result.value)).not.toThrow()
    } finally {
      await fresh?.dispose()
    }
  })

  it.each(badCases(row.valid as Record<string, unknown>))('$name', async ({ input, code, field }) => {
    const result = await dispatch(backend.handlers, command, input)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe(code)
    expect(result.error.message.length).toBeGreaterThan(0)
    if (field !== undefined) {
      // The field at fault, or a field inside it (`dedup.path` for a bad `dedup`).
      expect(result.error.field === field || result.error.field?.startsWith(`${field}.`)).toBe(true)
    }
  })

  it.each(row.unknownIds.map((entry) => ({ ...entry, label: JSON.stringify(entry.input) })))(
    'answers not_found for unknown id $label',
    async ({ input, field }) => {
      const result = await dispatch(backend.handlers, command, input)
      expect(result).toMatchObject({ ok: false, error: { code: 'not_found', field } })
    },
  )

  // Once per command, after all its refusals (a whole-catalog digest per refusal cost most of this file's time).
  it('changed nothing in the catalog with any of those refusals', () => {
    expect(backend.catalog.fingerprint()).toBe(before)
  })
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
