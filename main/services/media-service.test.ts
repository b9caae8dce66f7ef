import { afterEach, describe, expect, it, vi } from 'vitest'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import type { ContentsTable } from '../../app/model/contents'
import type { PushedEvent } from '../event-bus'
import { systemClock } from '../clock'
import { dispatch } from '../ipc/dispatch'
import { tempBackend } from '../testing/temp-backend'
import { EventService } from './event-service'
import { MediaService } from './media-service'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

const GiB = 1024 ** 3
const MB = 1024 ** 2

async function call<C extends CommandName>(command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend!.handlers, command, input)
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error)
  return result.value as CommandOutput<C>
}

async function refusal(command: CommandName, input: unknown) {
  const result = await dispatch(backend!.handlers, command, input)
  if (result.ok) throw new Error(`${command} was accepted`)
  return result.error
}

/** The demo's TapeLib01 with its pools, and a helper to read a list's cells by column label. */
function demoTape() {
  backend = tempBackend('demo')
  const { resources } = backend.catalog
  const library = resources.libraries().find((candidate) => candidate.name === 'TapeLib01')!
  const scratchPool = resources.scratchPools(library.id)[0]!
  const drivePool = resources.drivePools(library.id)[0]!
  const medium = (barcode: string) => backend!.catalog.tape.mediumByBarcode(barcode)!
  return { library, scratchPool, drivePool, medium }
}

/** A list's rows as records of column label → cell value. */
function records(table: ContentsTable): Record<string, unknown>[] {
  return table.rows.map((row) => Object.fromEntries(table.columns.map((column) => [column.label, row.cells[column.key] ?? null])))
}

/**
 * A copy of SP_Finance on TapeLib01 holding its first backup job on CV0001L6 (one closed segment of 1 MB), the medium
 * left Appendable: what an aux copy to tape leaves behind.
 */
function tapeCopyWithData(library: { id: number; mediaAgentIds: readonly number[] }, drivePoolId: number, scratchPoolId: number) {
  const { policies, jobs, tape } = backend!.catalog
  const finance = policies.policies().find((policy) => policy.name === 'SP_Finance')!
  const primary = policies.copies(finance.id).find((copy) => copy.copyType === 'primary')!
  const copy = policies.addCopy(
    {
      storagePolicyId: finance.id, name: 'Copy_3', copyType: 'synchronous', active: true, precedence: 3, libraryId: library.id,
      mediaAgentId: library.mediaAgentIds[0]!, drivePoolId, scratchPoolId, dedup: false, ddbMediaAgentId: null, ddbPath: null,
      dedupBlocks: null, sourceCopyId: primary.id, backupsOnAfter: null, agingEnabled: true, retentionDays: 30, retentionCycles: 1, selective: null, deferDays: 0, encryption: null,
    },
    Date.now(),
  )
  const job = jobs.jobsOnCopy(primary, { limit: 1, offset: 0 })[0]!
  const medium = tape.mediumByBarcode('CV0001L6')!
  tape.mountForCopy(medium.id, copy.id)
  tape.recordSegment(copy.id, job.id, { barcode: 'CV0001L6', sequence: 1, startOffset: 0, endOfData: MB + 4096, streamStart: 0, bytes: MB, sha256: '0'.repeat(64) })
  tape.leaveMedium('CV0001L6', false)
  return { copy, job }
}

describe('Add Media', () => {
  it('adds Spare media counting up from the starting barcode, at the library capacity, and says so', async () => {
    const { scratchPool, library } = demoTape()
    const pushed: PushedEvent[] = []
    backend!.bus.subscribe((event) => pushed.push(event))
    expect(await call('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'CV0009L6', count: 2 })).toEqual({ barcodes: ['CV0009L6', 'CV0010L6'] })

    const { nodes } = await call('tree:children', { nodeId: `scratchPool:${scratchPool.id}` })
    expect(nodes.map((node) => node.name).slice(-2)).toEqual(['CV0009L6', 'CV0010L6'])
    const list = records(await call('node:contents', { nodeId: `scratchPool:${scratchPool.id}` }))
    expect(list.at(-1)).toEqual({ Barcode: 'CV0010L6', Status: 'Spare', Used: 0, Capacity: 4 * GiB, 'Storage Policy': null, Copy: null, Jobs: 0 })
    expect(pushed.some((event) => event.event === 'tree:changed' && event.payload.nodeIds.includes(`scratchPool:${scratchPool.id}`))).toBe(true)
    expect(pushed.some((event) => event.event === 'events:new' && event.payload.description === `2 media added to ScratchPool01 of ${library.name}: CV0009L6 to CV0010L6.`)).toBe(true)
  })

  it('lets Pending jobs waiting for spare media try again at once', () => {
    const { scratchPool } = demoTape()
    const mediaAdded = vi.fn()
    const service = new MediaService(backend!.catalog, backend!.bus, new EventService(backend!.catalog, backend!.bus, systemClock), mediaAdded)
    service.add({ scratchPoolId: scratchPool.id, firstBarcode: 'TAPE01', count: 1 })
    expect(mediaAdded).toHaveBeenCalledTimes(1)
  })

  it('refuses a barcode in use anywhere in the CommCell, naming Starting barcode, and adds none of the series', async () => {
    const { scratchPool } = demoTape()
    const before = backend!.catalog.tape.mediaOfPool(scratchPool.id).length
    expect(await refusal('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'CV0007L6', count: 3 })).toEqual({
      code: 'invalid_input',
      field: 'firstBarcode',
      message: 'Barcode CV0007L6 is already in use in this CommCell: choose another Starting barcode.',
    })
    expect(backend!.catalog.tape.mediaOfPool(scratchPool.id)).toHaveLength(before)
  })

  it('refuses a barcode without a number to count, a bad barcode and a count outside 1..100, naming the field', async () => {
    const { scratchPool } = demoTape()
    expect(await refusal('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'TAPE', count: 1 })).toMatchObject({ field: 'firstBarcode', message: expect.stringContaining('Starting barcode TAPE holds no number') })
    expect(await refusal('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'CV 01', count: 1 })).toEqual({
      code: 'invalid_input', field: 'firstBarcode', message: 'Starting barcode may hold only letters, digits, _ and -.',
    })
    expect(await refusal('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'CV0100L6', count: 101 })).toEqual({
      code: 'invalid_input', field: 'count', message: 'Number of media must be at most 100.',
    })
    expect(await refusal('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'CV0100L6', count: 0 })).toMatchObject({ field: 'count' })
    expect(await refusal('media:add', { scratchPoolId: 4242, firstBarcode: 'CV0100L6', count: 1 })).toMatchObject({ code: 'not_found', field: 'scratchPoolId' })
  })
})

describe('Mark Full and Mark Bad', () => {
  it('marks only an Appendable medium Full; a Spare one is refused with the reason', async () => {
    const { library, drivePool, scratchPool, medium } = demoTape()
    expect(await refusal('media:setStatus', { mediumId: medium('CV0002L6').id, status: 'Full' })).toEqual({
      code: 'invalid_input', field: 'status', message: 'CV0002L6 is Spare: it holds no data, and Spare media are not marked Full.',
    })
    tapeCopyWithData(library, drivePool.id, scratchPool.id)
    expect((await call('media:get', { mediumId: medium('CV0001L6').id })).status).toBe('Appendable')
    expect(await call('media:setStatus', { mediumId: medium('CV0001L6').id, status: 'Full' })).toMatchObject({ barcode: 'CV0001L6', status: 'Full', copy: 'Copy_3' })
    expect(await refusal('media:setStatus', { mediumId: medium('CV0001L6').id, status: 'Full' })).toMatchObject({ message: 'CV0001L6 is already Full.' })
  })

  it('marks any medium Bad once, records it, and pushes its scratch pool and its own pane', async () => {
    const { scratchPool, medium } = demoTape()
    const pushed: PushedEvent[] = []
    backend!.bus.subscribe((event) => pushed.push(event))
    const spare = medium('CV0003L6')
    expect(await call('media:setStatus', { mediumId: spare.id, status: 'Bad' })).toMatchObject({ status: 'Bad' })
    expect(pushed).toContainEqual({ event: 'tree:changed', payload: { nodeIds: [`scratchPool:${scratchPool.id}`, `media:${spare.id}`] } })
    expect(pushed.some((event) => event.event === 'events:new' && event.payload.description === 'Media CV0003L6 marked Bad (was Spare).')).toBe(true)
    expect(await refusal('media:setStatus', { mediumId: spare.id, status: 'Bad' })).toEqual({ code: 'invalid_input', field: 'status', message: 'CV0003L6 is already Bad.' })
    expect(await refusal('media:setStatus', { mediumId: spare.id, status: 'Full' })).toMatchObject({ message: 'CV0003L6 is Bad: Bad media are never written again.' })
    expect(await refusal('media:setStatus', { mediumId: 99999, status: 'Bad' })).toMatchObject({ code: 'not_found', field: 'mediumId' })
  })
})

describe('media views', () => {
  it('View Contents lists the jobs on a medium with their size in bytes and segments; View Media lists a copy media', async () => {
    const { library, drivePool, scratchPool, medium } = demoTape()
    const { copy, job } = tapeCopyWithData(library, drivePool.id, scratchPool.id)
    const contents = await call('media:contents', { mediumId: medium('CV0001L6').id })
    expect(contents.title).toBe('Contents of CV0001L6')
    expect(contents.columns.map((column) => [column.label, column.format])).toEqual([
      ['Job ID', 'number'], ['Storage Policy', 'text'], ['Copy', 'text'], ['Backup Type', 'text'],
      ['Start Time', 'datetime'], ['Size', 'bytes'], ['Segments', 'number'], ['Status', 'text'],
    ])
    expect(records(contents)).toEqual([{
      'Job ID': job.id, 'Storage Policy': 'SP_Finance', Copy: 'Copy_3', 'Backup Type': job.backupType, 'Start Time': job.startTime,
      Size: MB, Segments: 1, Status: 'Partially Copied',
    }])

    const viewMedia = await call('copies:media', { copyId: copy.id })
    expect(viewMedia.title).toBe('Media of SP_Finance / Copy_3')
    expect(records(viewMedia)).toEqual([{ Barcode: 'CV0001L6', Status: 'Appendable', Used: MB + 4096, Capacity: 4 * GiB, Jobs: 1 }])
    expect(await refusal('copies:media', { copyId: 3 })).toEqual({ code: 'invalid_input', field: 'copyId', message: 'Copy_2 writes to DiskLib02, a disk library: it has no media.' })
  })

  it('a medium assigned to a copy leaves its scratch pool for the library Assigned Media', async () => {
    const { library, drivePool, scratchPool } = demoTape()
    tapeCopyWithData(library, drivePool.id, scratchPool.id)
    const children = await call('tree:children', { nodeId: `library:${library.id}` })
    expect(children.nodes.map((node) => [node.name, node.kind])).toEqual([
      ['DrivePool01', 'drivePool'], ['ScratchPool01', 'scratchPool'], ['Assigned Media', 'assignedMedia'],
    ])
    expect((await call('tree:children', { nodeId: `assignedMedia:${library.id}` })).nodes.map((node) => node.name)).toEqual(['CV0001L6'])
    expect((await call('tree:children', { nodeId: `scratchPool:${scratchPool.id}` })).nodes.map((node) => node.name)).not.toContain('CV0001L6')
    expect(records(await call('node:contents', { nodeId: `assignedMedia:${library.id}` }))).toEqual([
      { Barcode: 'CV0001L6', Status: 'Appendable', Used: MB + 4096, Capacity: 4 * GiB, 'Storage Policy': 'SP_Finance', Copy: 'Copy_3', Jobs: 1 },
    ])
    const libraryList = records(await call('node:contents', { nodeId: `library:${library.id}` }))
    expect(libraryList.map((row) => [row.Name, row['Drives / Media']])).toEqual([['DrivePool01', 2], ['ScratchPool01', 7], ['Assigned Media', 1]])
  })

  it('drives show Idle, or In use with the job holding them and the medium mounted', async () => {
    const { drivePool } = demoTape()
    const table = await call('node:contents', { nodeId: `drivePool:${drivePool.id}` })
    expect(table.columns.map((column) => column.label)).toEqual(['Drive', 'Serial Number', 'Status', 'Job ID', 'Medium'])
    expect(records(table).map((row) => row.Status)).toEqual(['Idle', 'Idle'])
    const jobId = backend!.catalog.jobs.historyJobs({ operation: null, storagePolicyId: null, clientId: null, status: null, from: null, to: null }, { limit: 1, offset: 0 })[0]!.id
    backend!.catalog.tape.reserveDrives(drivePool.id, jobId, 1)
    backend!.catalog.tape.loadDrive(jobId, 'CV0005L6')
    expect(records(await call('node:contents', { nodeId: `drivePool:${drivePool.id}` }))[0]).toEqual({
      Drive: 'Drive 1', 'Serial Number': 'TapeLib01-D01', Status: 'In use', 'Job ID': jobId, Medium: 'CV0005L6',
    })
  })

  it('a medium shows its own row with sizes in bytes, and Properties with every field', async () => {
    const { medium } = demoTape()
    const id = `media:${medium('CV0004L6').id}`
    const pane = await call('node:contents', { nodeId: id })
    expect(pane.columns.filter((column) => column.format === 'bytes').map((column) => column.label)).toEqual(['Used', 'Capacity'])
    expect(pane.rows).toHaveLength(1)
    expect(pane.rows[0]!.nodeId).toBe(id)
    const sheet = await call('node:properties', { nodeId: id })
    expect(sheet.tabs[0]!.fields.map((entry) => [entry.label, entry.value])).toEqual([
      ['Barcode', 'CV0004L6'], ['Status', 'Spare'], ['Library', 'TapeLib01'], ['Scratch Pool', 'ScratchPool01'],
      ['Storage Policy', 'Not assigned'], ['Copy', 'Not assigned'], ['Used', 0], ['Capacity', 4 * GiB], ['Jobs', 0],
    ])
  })
})

describe('media capacity', () => {
  it('sets a tape library media capacity in MB: new media and Spare media never written take it, written media keep theirs', async () => {
    const { library, drivePool, scratchPool, medium } = demoTape()
    tapeCopyWithData(library, drivePool.id, scratchPool.id)
    expect(await call('libraries:get', { libraryId: library.id })).toEqual({
      id: library.id, name: 'TapeLib01', kind: 'tape', mediaAgents: ['ma01'], mediaCapacityBytes: 4 * GiB,
    })
    expect((await call('libraries:setMediaCapacity', { libraryId: library.id, mediaCapacityMb: 8192 })).mediaCapacityBytes).toBe(8 * GiB)
    expect(medium('CV0002L6').capacityBytes).toBe(8 * GiB)
    expect(medium('CV0001L6').capacityBytes).toBe(4 * GiB)
    await call('media:add', { scratchPoolId: scratchPool.id, firstBarcode: 'CV0100L6', count: 1 })
    expect(medium('CV0100L6').capacityBytes).toBe(8 * GiB)
    const { events } = await call('events:list', { limit: 5, beforeId: null })
    expect(events.map((event) => event.description)).toContain('Media capacity of TapeLib01 set to 8192 MB (was 4096 MB); 7 Spare media never written take it.')
  })

  it('refuses a disk library and a capacity below 1 MB, naming the field', async () => {
    demoTape()
    expect(await refusal('libraries:setMediaCapacity', { libraryId: 1, mediaCapacityMb: 100 })).toEqual({
      code: 'invalid_input', field: 'libraryId', message: 'DiskLib01 is a disk library: media capacity applies to tape libraries.',
    })
    expect(await refusal('libraries:setMediaCapacity', { libraryId: 3, mediaCapacityMb: 0 })).toEqual({
      code: 'invalid_input', field: 'mediaCapacityMb', message: 'Media capacity must be at least 1 MB.',
    })
  })
})
