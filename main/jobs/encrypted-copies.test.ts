import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName } from '../../app/ipc/contract'
import type { CommandError } from '../../app/ipc/errors'
import type { JobRow } from '../../app/model/jobs'
import { keysLockedReason } from '../../app/rules/copy-encryption'
import { type Backend, catalogFile, createBackend } from '../backend'
import { dispatch } from '../ipc/dispatch'
import { KeyRing } from '../services/key-ring'
import { checksums, waitForJob } from '../testing/job-waits'
import { callerOf, tempBackend } from '../testing/temp-backend'

let backend: Backend | undefined
let dataDir: string | undefined
afterEach(async () => {
  await backend?.close()
  backend = undefined
  if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true })
  dataDir = undefined
})

const call = callerOf(() => backend!)
const finished = (jobId: number): Promise<JobRow> => waitForJob(backend!, jobId, undefined, 120_000)
const refusal = async <C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandError | null> => {
  const result = await dispatch(backend!.handlers, command, input)
  return result.ok ? null : result.error
}
const auxCopy = (copyId: number) =>
  call('auxcopy:run', { storagePolicyId: 2, copyId, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })

/** A plain string in the backed-up data that must not show in any file of the encrypted copy. */
const marker = 'QUARTERLY-PAYROLL-PLAINTEXT-7f3a'
const passphrase = 'correct horse battery staple'

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name))
}
const holdsMarker = (dir: string) => filesUnder(dir).some((file) => readFileSync(file).includes(marker))

const newCopy = (overrides: Partial<CommandInput<'copies:create'>> = {}): CommandInput<'copies:create'> => ({
  storagePolicyId: 2, name: 'Copy_3', libraryId: 2, mediaAgentId: 1, drivePoolId: null, scratchPoolId: null, active: true, dedup: null,
  sourceCopyId: 2, backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, confirmAllBackups: true,
  auxCopySchedule: null, encryption: 'AES-256', ...overrides,
})

/** A console on the same data folder after a restart (the keys locked again unless `passphrase` is given at start). */
function reopen(folder: string, options: { passphrase?: string } = {}): Backend {
  return createBackend({ dataDir: folder, profile: 'demo', host: 'browser', hostName: 'commserve01', demoData: false, schedulerInterval: false, ...options })
}

/** A demo backend (its data written) whose finance subclient backs up a folder holding the marker text. */
async function financeWithMarker(): Promise<{ folder: string; dataDir: string }> {
  const temp = tempBackend('demo', { demoData: true })
  backend = temp
  dataDir = temp.dataDir
  await backend.ready
  const folder = join(dataDir, 'content', 'finance')
  mkdirSync(join(folder, 'sub'), { recursive: true })
  writeFileSync(join(folder, 'payroll.csv'), `${marker},1200\n`.repeat(100_000))
  writeFileSync(join(folder, 'sub', 'note.txt'), marker)
  await call('subclients:update', { subclientId: 2, content: [folder] })
  return { folder, dataDir: temp.dataDir }
}

describe('encrypted copies (Re-encrypt data)', () => {
  it('an aux copy to an encrypted copy restores byte-identical and verifies; its files hold no plain data; the catalog holds its key only sealed', async () => {
    const { folder, dataDir } = await financeWithMarker()
    const { jobId: backupId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(backupId)).status).toBe('Completed')

    // The first encrypted copy sets the CommServe passphrase: asked for, confirmed.
    expect(await call('keys:state', {})).toEqual({ state: 'none' })
    expect(await refusal('copies:create', newCopy())).toMatchObject({ code: 'invalid_input', field: 'passphrase' })
    expect(await refusal('copies:create', newCopy({ passphrase, passphraseConfirm: 'something else' }))).toMatchObject({ field: 'passphraseConfirm', message: 'The two passphrases do not match.' })
    expect(await refusal('copies:create', newCopy({ passphrase: 'short', passphraseConfirm: 'short' }))).toMatchObject({ field: 'passphrase' })
    expect(await call('keys:state', {})).toEqual({ state: 'none' })
    const copy = await call('copies:create', newCopy({ passphrase, passphraseConfirm: passphrase }))
    expect(copy.encryption).toBe('AES-256')
    expect(await call('keys:state', {})).toEqual({ state: 'unlocked' })

    const aux = await auxCopy(copy.id)
    expect((await finished(aux.jobId)).status).toBe('Completed')
    const onCopy = (await call('node:jobs', { nodeId: `copy:${copy.id}`, limit: 10_000, offset: 0 })).rows.find((row) => row.cells.jobId === backupId)
    expect(onCopy?.cells.status).toBe('Available')

    // No file of the encrypted copy holds the plain text; the primary's do.
    const copyFolder = join(dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', `SP2_C${copy.id}`)
    expect(filesUnder(copyFolder).length).toBeGreaterThan(3)
    expect(holdsMarker(copyFolder)).toBe(false)
    expect(holdsMarker(join(dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', 'SP2_C2', `J${backupId}`))).toBe(true)

    // Restore from the encrypted copy: byte-identical.
    const destination = join(dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: backupId, copyId: copy.id, destination })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))

    // Data Verification decrypts and checks every chunk.
    const verification = await call('verification:run', { storagePolicyId: 2, copyId: copy.id, since: null })
    expect((await finished(verification.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: verification.jobId })).items.find((item) => item.backupJobId === backupId)?.status).toBe('Verified')

    // An aux copy from the encrypted copy to a plain one decrypts: that copy holds the plain data and restores it.
    const plain = await call('copies:create', newCopy({ name: 'Copy_4', libraryId: 1, sourceCopyId: copy.id, encryption: null }))
    const fromEncrypted = await auxCopy(plain.id)
    expect((await finished(fromEncrypted.jobId)).status).toBe('Completed')
    expect(holdsMarker(join(dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', `SP2_C${plain.id}`, `J${backupId}`))).toBe(true)
    const again = await call('restore:run', { backupJobId: backupId, copyId: plain.id, destination: join(dataDir, 'restored-4') })
    expect((await finished(again.jobId)).status).toBe('Completed')
    expect(checksums(join(dataDir, 'restored-4', ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))

    // Re-encrypt data cannot change on a copy holding jobs.
    const details = await call('copies:get', { copyId: copy.id })
    expect(
      await refusal('copies:update', {
        copyId: details.id, name: details.name, active: true, libraryId: details.libraryId, mediaAgentId: details.mediaAgentId, drivePoolId: null, scratchPoolId: null,
        backupPeriod: { kind: 'allBackups' }, agingEnabled: true, retentionDays: 30, retentionCycles: 1, encryption: null,
      }),
    ).toMatchObject({ code: 'invalid_input', field: 'encryption', message: expect.stringMatching(/^Re-encrypt data can change only while Copy_3 holds no job/) })

    // The catalog holds the key only sealed: neither its hex nor its bytes are in the catalog's files.
    const ring = new KeyRing(backend!.catalog, () => 0)
    await ring.unlock(passphrase)
    const key = ring.copyKey(copy)!.key
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    const catalogFiles = readdirSync(join(dataDir, 'catalog')).map((name) => join(dataDir!, 'catalog', name))
    expect(catalogFiles).toContain(catalogFile(dataDir))
    for (const file of catalogFiles) {
      const bytes = readFileSync(file)
      expect(bytes.includes(key), file).toBe(false)
      expect(bytes.includes(Buffer.from(key, 'hex')), file).toBe(false)
    }
    // Nor does any library file.
    for (const file of filesUnder(join(dataDir, 'libraries'))) expect(readFileSync(file).includes(key), file).toBe(false)
  }, 240_000)

  it('an encrypted copy on TapeLib01: the aux copy spans media, waits for media and resumes after its sealed segments, leaves no plain data on them, restores identical, verifies, and feeds a plain disk copy', async () => {
    const { folder, dataDir } = await financeWithMarker()
    const { jobId: backupId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(backupId)).status).toBe('Completed')

    // Small media, so the 3.8 MB job spans several; too few of them for the demo's job history too.
    const { catalog } = backend!
    const library = catalog.resources.libraries().find((each) => each.name === 'TapeLib01')!
    const scratchPoolId = catalog.resources.scratchPools(library.id)[0]!.id
    catalog.tape.setMediaCapacity(library.id, 2 * 1024 * 1024)
    const copy = await call('copies:create', newCopy({
      libraryId: library.id, drivePoolId: catalog.resources.drivePools(library.id)[0]!.id, scratchPoolId,
      passphrase, passphraseConfirm: passphrase,
    }))
    expect(copy.encryption).toBe('AES-256')
    const aux = await call('auxcopy:run', { storagePolicyId: 2, copyId: copy.id, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: true, description: '' })
    // The media run out: the run waits Pending, the jobs it was writing keep their closed (sealed) segments...
    const pending = await waitForJob(backend!, aux.jobId, (row) => row.status === 'Pending', 120_000)
    expect(pending.reason).toBe('No spare media in ScratchPool01.')
    const cut = [...new Set(catalog.tape.mediaOfCopy(copy.id).flatMap((medium) => catalog.tape.jobsOnMedium(medium.id).map((job) => job.jobId)))]
      .filter((id) => catalog.jobs.location(id, copy.id)?.status !== 'Available' && catalog.tape.segments(copy.id, id).length > 0)
      .map((id) => ({ id, closed: catalog.tape.segments(copy.id, id) }))
    expect(cut.length).toBeGreaterThan(0)
    // ... and once media are added, goes on sealed after them.
    catalog.tape.addMedia({ libraryId: library.id, scratchPoolId, barcodes: Array.from({ length: 10 }, (_, index) => `E0000${index}`), capacityBytes: 2 * 1024 * 1024 })
    backend!.jobs.retryPending()
    expect((await finished(aux.jobId)).status).toBe('Completed')
    for (const { id, closed } of cut) expect(catalog.tape.segments(copy.id, id).slice(0, closed.length)).toEqual(closed)
    const onCopy = (await call('node:jobs', { nodeId: `copy:${copy.id}`, limit: 10_000, offset: 0 })).rows.find((row) => row.cells.jobId === backupId)
    expect(onCopy?.cells.status).toBe('Available')
    expect(new Set(catalog.tape.segments(copy.id, backupId).map((segment) => segment.barcode)).size).toBeGreaterThan(1)

    // No medium holds the plain text, though the job's data is on them.
    const tapeFolder = join(dataDir, 'libraries', 'TapeLib01')
    expect(catalog.tape.mediaOfCopy(copy.id).length).toBeGreaterThan(1)
    expect(filesUnder(tapeFolder).length).toBeGreaterThan(1)
    expect(holdsMarker(tapeFolder)).toBe(false)

    // Restore from the tape copy: byte-identical.
    const destination = join(dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: backupId, copyId: copy.id, destination })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))

    // Data Verification opens every sealed record and checks every segment.
    const verification = await call('verification:run', { storagePolicyId: 2, copyId: copy.id, since: null })
    expect((await finished(verification.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: verification.jobId })).items.find((item) => item.backupJobId === backupId)?.status).toBe('Verified')

    // An aux copy from the encrypted tape copy to a plain disk copy decrypts.
    const plain = await call('copies:create', newCopy({ name: 'Copy_4', libraryId: 1, sourceCopyId: copy.id, encryption: null }))
    expect((await finished((await auxCopy(plain.id)).jobId)).status).toBe('Completed')
    expect(holdsMarker(join(dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', `SP2_C${plain.id}`, `J${backupId}`))).toBe(true)
    const again = await call('restore:run', { backupJobId: backupId, copyId: plain.id, destination: join(dataDir, 'restored-4') })
    expect((await finished(again.jobId)).status).toBe('Completed')
    expect(checksums(join(dataDir, 'restored-4', ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  }, 240_000)

  it('an encrypted deduplicated copy seals its blocks: restore, Data Verification and DASH copies out of it to plain copies decrypt, a second aux copy of the same data writes no block', async () => {
    const { folder, dataDir } = await financeWithMarker()
    const { jobId: first } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(first)).status).toBe('Completed')
    const copy = await call('copies:create', newCopy({ dedup: { mediaAgentId: 1, path: join(dataDir, 'ddb', 'SP_Finance_Copy_3'), blocks: 'variable' }, passphrase, passphraseConfirm: passphrase }))
    expect(copy.encryption).toBe('AES-256')
    const aux = await auxCopy(copy.id)
    expect((await finished(aux.jobId)).status).toBe('Completed')
    expect((await call('jobs:details', { jobId: aux.jobId })).figures!.blocksWritten).toBeGreaterThan(0)
    // A second Full of the same data: its blocks are found by their plain hash, none is written again.
    const { jobId: second } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(second)).status).toBe('Completed')
    const auxAgain = await auxCopy(copy.id)
    expect((await finished(auxAgain.jobId)).status).toBe('Completed')
    const figures = (await call('jobs:details', { jobId: auxAgain.jobId })).figures!
    expect(figures).toMatchObject({ blocksWritten: 0, bytesWritten: 0 })
    expect(figures.blocksFound).toBeGreaterThan(0)
    const dedupFolder = join(dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_DEDUP', `D${copy.id}`)
    expect(filesUnder(join(dedupFolder, 'containers')).length).toBeGreaterThan(0)
    expect(holdsMarker(dedupFolder)).toBe(false)

    const destination = join(dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: second, copyId: copy.id, destination })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
    const verification = await call('verification:run', { storagePolicyId: 2, copyId: copy.id, since: null })
    expect((await finished(verification.jobId)).status).toBe('Completed')
    const verified = (await call('jobs:details', { jobId: verification.jobId })).items
    for (const jobId of [first, second]) expect(verified.find((item) => item.backupJobId === jobId)?.status).toBe('Verified')

    // DASH from the encrypted deduplicated copy to a plain deduplicated one: its containers hold the plain data.
    const plainDedup = await call('copies:create', newCopy({
      name: 'Copy_4', libraryId: 1, sourceCopyId: copy.id, encryption: null, dedup: { mediaAgentId: 1, path: join(dataDir, 'ddb', 'SP_Finance_Copy_4'), blocks: 'variable' },
    }))
    const dash = await auxCopy(plainDedup.id)
    expect((await finished(dash.jobId)).status).toBe('Completed')
    expect(holdsMarker(join(dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_DEDUP', `D${plainDedup.id}`, 'containers'))).toBe(true)
    const again = await call('restore:run', { backupJobId: first, copyId: plainDedup.id, destination: join(dataDir, 'restored-4') })
    expect((await finished(again.jobId)).status).toBe('Completed')
    expect(checksums(join(dataDir, 'restored-4', ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  }, 240_000)

  it('after a restart the keys are locked: an aux copy waits Pending with the reason, a wrong passphrase is refused, the right one lets it finish', async () => {
    const temp = tempBackend('demo', { demoData: true })
    backend = temp
    dataDir = temp.dataDir
    await backend.ready
    const folder = join(dataDir, 'content', 'finance')
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, 'a.txt'), marker)
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const { jobId: backupId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await finished(backupId)).status).toBe('Completed')
    const copy = await call('copies:create', newCopy({ passphrase, passphraseConfirm: passphrase }))
    await backend.close()

    backend = reopen(dataDir)
    await backend.ready
    expect(await call('keys:state', {})).toEqual({ state: 'locked' })
    // Creating another encrypted copy needs the keys open.
    expect(await refusal('copies:create', newCopy({ name: 'Copy_4' }))).toMatchObject({ field: 'encryption', message: expect.stringContaining(keysLockedReason) })
    const aux = await auxCopy(copy.id)
    const pending = await waitForJob(backend, aux.jobId, (row) => row.status === 'Pending')
    expect(pending.reason).toBe(keysLockedReason)

    expect(await refusal('keys:unlock', { passphrase: 'not the passphrase' })).toMatchObject({ code: 'invalid_input', field: 'passphrase', message: 'The passphrase is not correct.' })
    expect(await call('keys:state', {})).toEqual({ state: 'locked' })
    expect(await call('keys:unlock', { passphrase })).toEqual({ state: 'unlocked' })
    expect((await finished(aux.jobId)).status).toBe('Completed')
    expect(holdsMarker(join(dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', `SP2_C${copy.id}`))).toBe(false)
    await backend.close()

    // A passphrase given at start (--key-file) opens the keys; a wrong one leaves them locked and says so.
    backend = reopen(dataDir, { passphrase: 'wrong passphrase' })
    await backend.ready
    expect(await call('keys:state', {})).toEqual({ state: 'locked' })
    expect((await call('events:list', { limit: 20, beforeId: null })).events.some((event) => event.description.includes('did not open the encryption keys'))).toBe(true)
    await backend.close()
    backend = reopen(dataDir, { passphrase })
    await backend.ready
    expect(await call('keys:state', {})).toEqual({ state: 'unlocked' })
    const restore = await call('restore:run', { backupJobId: backupId, copyId: copy.id, destination: join(dataDir, 'restored') })
    expect((await finished(restore.jobId)).status).toBe('Completed')
    expect(checksums(join(dataDir, 'restored', ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  }, 240_000)
})
