import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import type { JobRow } from '../../app/model/jobs'
import { createBackend } from '../backend'
import { verifyJobFolder } from '../mediaagent/job-reader'
import { dispatch } from '../ipc/dispatch'
import { checksums } from '../testing/job-waits'
import { tempBackend } from '../testing/temp-backend'

type TempBackend = ReturnType<typeof tempBackend>
let backend: TempBackend | undefined
const cleanups: (() => void)[] = []
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
  for (const cleanup of cleanups.splice(0)) cleanup()
})

async function call<C extends CommandName>(command: C, input: CommandInput<C>, on = backend!): Promise<CommandOutput<C>> {
  const result = await dispatch(on.handlers, command, input)
  if (!result.ok) throw Object.assign(new Error(`${command}: ${result.error.message}`), result.error)
  return result.value as CommandOutput<C>
}

async function refusal(command: CommandName, input: unknown) {
  const result = await dispatch(backend!.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted`)
  return result.error
}

/** Waits until a job's row satisfies a condition (polling the Job Controller list). */
async function waitForJob(jobId: number, done: (row: JobRow) => boolean, on = backend!, timeoutMs = 60_000): Promise<JobRow> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const row = (await call('jobs:list', { limit: 1000, beforeId: null }, on)).jobs.find((job) => job.jobId === jobId)
    if (row && done(row)) return row
    if (Date.now() > until) throw new Error(`job ${jobId} did not get there: ${JSON.stringify(row)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
const ended = (row: JobRow) => !['Running', 'Pending', 'Waiting', 'Suspended'].includes(row.status)


/** A fresh subclient content folder of a few files on the demo's `finance` subclient (id 2, SP_Finance). */
function financeContent(b: TempBackend, files: Record<string, number>): string {
  const folder = join(b.dataDir, 'content', 'finance')
  mkdirSync(folder, { recursive: true })
  for (const [name, size] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true })
    writeFileSync(join(folder, name), Buffer.alloc(size, name))
  }
  return folder
}

const copy2Jobs = async (b = backend!) => (await call('node:jobs', { nodeId: 'copy:3', limit: 10_000, offset: 0 }, b)).rows

describe('backup, auxiliary copy and restore on real bytes', () => {
  it('restores from Copy_2 the bytes backed up, after an aux copy made them Available there', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const folder = financeContent(backend, { 'a.txt': 10_000, 'sub/b.bin': 300_000, 'sub/deep/c.dat': 70_000 })
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const { jobId: backupId } = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    expect((await waitForJob(backupId, ended)).status).toBe('Completed')

    const before = (await copy2Jobs()).find((row) => row.cells.jobId === backupId)
    expect(before?.cells.status).toBe('To Be Copied')
    const { jobId: auxId } = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: 'test' })
    const aux = await waitForJob(auxId, ended)
    expect(aux).toMatchObject({ status: 'Completed', progress: 100, operation: 'Auxiliary Copy' })
    const rows = await copy2Jobs()
    expect(new Set(rows.map((row) => row.cells.status))).toEqual(new Set(['Available']))

    // Restore from Copy_2 by name: the Primary copy's data is moved away to prove the bytes come from Copy_2.
    const primaryRoot = join(backend.dataDir, 'libraries', 'DiskLib01', 'MountPath01')
    renameSync(primaryRoot, `${primaryRoot}.away`)
    cleanups.push(() => existsSync(`${primaryRoot}.away`) && renameSync(`${primaryRoot}.away`, primaryRoot))
    const destination = join(backend.dataDir, 'restored')
    const { jobId: restoreId } = await call('restore:run', { backupJobId: backupId, copyId: 3, destination })
    expect((await waitForJob(restoreId, ended)).status).toBe('Completed')
    const restoredRoot = join(destination, ...folder.split('/').filter(Boolean))
    expect(checksums(restoredRoot)).toEqual(checksums(folder))
    const details = await call('jobs:details', { jobId: auxId })
    expect(details.items.length).toBe(rows.length)
  })

  it('takes only what changed for an incremental, and restores the latest state through the chain', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const folder = financeContent(backend, { 'one.txt': 5_000, 'two.txt': 6_000 })
    await call('subclients:update', { subclientId: 2, content: [folder] })
    const full = await call('backup:run', { subclientId: 2, backupType: 'Full' })
    await waitForJob(full.jobId, ended)
    writeFileSync(join(folder, 'two.txt'), 'changed')
    writeFileSync(join(folder, 'three.txt'), 'new file')
    const incremental = await call('backup:run', { subclientId: 2, backupType: 'Incremental' })
    const row = await waitForJob(incremental.jobId, ended)
    expect(row.status).toBe('Completed')
    expect(row.bytesTotal).toBe('changed'.length + 'new file'.length)
    const destination = join(backend.dataDir, 'restored')
    const restore = await call('restore:run', { backupJobId: incremental.jobId, copyId: null, destination })
    expect((await waitForJob(restore.jobId, ended)).status).toBe('Completed')
    expect(checksums(join(destination, ...folder.split('/').filter(Boolean)))).toEqual(checksums(folder))
  })

  it('reports a corrupt source chunk with its file and reason, copies the other jobs, and ends with errors', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const jobs = await copy2Jobs()
    const victim = jobs.find((row) => row.cells.backupType === 'Full')!.cells.jobId as number
    const victimDir = join(backend.dataDir, 'libraries', 'DiskLib01', 'MountPath01', 'CV_JOBS', 'SP2_C2', `J${victim}`)
    const chunk = join(victimDir, readdirSync(victimDir).find((name) => name.endsWith('.chk'))!)
    const bytes = readFileSync(chunk)
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff
    writeFileSync(chunk, bytes)

    const { jobId } = await call('auxcopy:run', { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    const row = await waitForJob(jobId, ended)
    expect(row.status).toBe('Completed w/ one or more errors')
    const details = await call('jobs:details', { jobId })
    expect(details.errors).toEqual([expect.objectContaining({ backupJobId: victim, reason: expect.stringContaining('checksum mismatch') })])
    expect(details.errors[0]!.file).toContain(`J${victim}`)
    const after = await copy2Jobs()
    expect(after.find((r) => r.cells.jobId === victim)!.cells.status).not.toBe('Available')
    expect(after.filter((r) => r.cells.status === 'Available').length).toBe(jobs.length - 1)
    const events = await call('events:list', { limit: 50, beforeId: null })
    expect(events.events.some((event) => event.severity === 'Major' && event.description.includes('checksum'))).toBe(true)
  })

  it('goes Pending while the target mount path is missing, copies nothing, and continues when it is back', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const target = join(backend.dataDir, 'libraries', 'DiskLib02', 'MountPath01')
    renameSync(target, `${target}.offline`)
    const { jobId } = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    const pending = await waitForJob(jobId, (row) => row.status === 'Pending')
    expect(pending.reason).toContain(target)
    expect((await copy2Jobs()).some((row) => row.cells.status === 'Available')).toBe(false)
    renameSync(`${target}.offline`, target)
    await call('jobs:control', { jobId, action: 'resume' })
    expect((await waitForJob(jobId, ended)).status).toBe('Completed')
    expect(new Set((await copy2Jobs()).map((row) => row.cells.status))).toEqual(new Set(['Available']))
  })

  it('refuses a second aux copy to a copy that is being written, with the reason', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 4_000_000 })
    await backend.ready
    const first = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await call('jobs:control', { jobId: first.jobId, action: 'suspend' })
    await waitForJob(first.jobId, (row) => row.status === 'Suspended')
    const error = await refusal('auxcopy:run', { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    expect(error).toMatchObject({ code: 'conflict', field: 'copyId' })
    expect(error.message).toContain(`job ${first.jobId}`)
    await call('jobs:control', { jobId: first.jobId, action: 'resume' })
    expect((await waitForJob(first.jobId, ended)).status).toBe('Completed')
  })

  it('resumes a job whose suspend had not landed yet', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 4_000_000 })
    await backend.ready
    const job = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await call('jobs:control', { jobId: job.jobId, action: 'suspend' })
    await call('jobs:control', { jobId: job.jobId, action: 'resume' })
    expect((await waitForJob(job.jobId, ended)).status).toBe('Completed')
  })

  it('kills an aux copy, leaving what is durable Available and the rest for the next run', async () => {
    backend = tempBackend('demo', { demoData: true, throttle: 4_000_000 })
    await backend.ready
    const first = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await call('jobs:control', { jobId: first.jobId, action: 'kill' })
    expect(await waitForJob(first.jobId, ended)).toMatchObject({ status: 'Killed', phase: 'Killed', throughput: expect.any(Number) })
    for (const row of await copy2Jobs()) {
      if (row.cells.status === 'Available') {
        const dir = join(backend.dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', 'SP2_C3', `J${row.cells.jobId}`)
        expect((await verifyJobFolder(dir)).ok).toBe(true)
      }
    }
    const second = await call('auxcopy:run', { storagePolicyId: 2, copyId: 3, streams: 2, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    expect((await waitForJob(second.jobId, ended)).status).toBe('Completed')
    expect(new Set((await copy2Jobs()).map((row) => row.cells.status))).toEqual(new Set(['Available']))
  })

  it('completes at once without moving data when nothing is To Be Copied', async () => {
    backend = tempBackend('demo', { demoData: true })
    await backend.ready
    const first = await call('auxcopy:run', { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    await waitForJob(first.jobId, ended)
    const second = await call('auxcopy:run', { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    const row = await waitForJob(second.jobId, ended)
    expect(row).toMatchObject({ status: 'Completed', bytesDone: 0 })
  })

  it('gives an ended job no average throughput when the CommServe clock stood still (test clock), not bytes over no time', async () => {
    backend = tempBackend('demo', { demoData: true, testClock: true })
    await backend.ready
    const run = await call('auxcopy:run', { storagePolicyId: 2, copyId: null, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '' })
    const row = await waitForJob(run.jobId, ended)
    expect(row).toMatchObject({ status: 'Completed', throughput: 0 })
    expect(row.bytesDone).toBeGreaterThan(0)
    expect(row.endTime).toBe(row.startTime)
  })
})

describe('a host killed in the middle of an aux copy', () => {
  it('resumes the job at the next start, and never marks a job Available whose data is not all there', async () => {
    const dataDir = join(tmpdir(), `commcell-kill-${process.pid}-${Date.now()}`)
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }))
    // Seed a demo CommCell with a large job to copy, then let a child process run the aux copy and SIGKILL it.
    const seed = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' })
    await seed.ready
    const folder = join(dataDir, 'content', 'big')
    mkdirSync(folder, { recursive: true })
    for (let n = 0; n < 4; n++) writeFileSync(join(folder, `f${n}.bin`), Buffer.alloc(16 * 1024 * 1024, n + 1))
    await call('subclients:update', { subclientId: 2, content: [folder] }, seed as TempBackend)
    const backup = await call('backup:run', { subclientId: 2, backupType: 'Full' }, seed as TempBackend)
    await waitForJob(backup.jobId, ended, seed as TempBackend, 120_000)
    await seed.close()

    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'testing', 'aux-copy-child.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    const started = await new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (data: Buffer) => {
        const match = /progress (\d+)/.exec(data.toString())
        if (match && Number(match[1]) > 8 * 1024 * 1024) resolve(0)
      })
      child.once('exit', (code) => reject(new Error(`child exited ${code} before copying`)))
    })
    expect(started).toBe(0)
    child.kill('SIGKILL')
    await new Promise((resolve) => child.once('exit', resolve))

    const targetRoot = join(dataDir, 'libraries', 'DiskLib02', 'MountPath01', 'CV_JOBS', 'SP2_C3')
    const restarted = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01' }) as TempBackend
    try {
      // Whatever the catalog said Available at the kill verifies: its manifest was fsynced before it was marked.
      for (const row of await copy2Jobs(restarted)) {
        if (row.cells.status === 'Available') expect((await verifyJobFolder(join(targetRoot, `J${row.cells.jobId}`))).ok).toBe(true)
      }
      await restarted.ready
      const interrupted = (await call('jobs:list', { limit: 1000, beforeId: null }, restarted)).jobs.find((job) => job.operation === 'Auxiliary Copy')!
      expect((await waitForJob(interrupted.jobId, ended, restarted, 120_000)).status).toBe('Completed')
      const rows = await copy2Jobs(restarted)
      expect(new Set(rows.map((row) => row.cells.status))).toEqual(new Set(['Available']))
      expect((await verifyJobFolder(join(targetRoot, `J${backup.jobId}`))).ok).toBe(true)
      expect(statSync(join(targetRoot, `J${backup.jobId}`)).isDirectory()).toBe(true)
    } finally {
      await restarted.close()
    }
  }, 240_000)
})
