import { existsSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { dispatch } from '../ipc/dispatch'
import { tempBackend } from '../testing/temp-backend'

let backend: ReturnType<typeof tempBackend> | undefined
afterEach(async () => {
  await backend?.dispose()
  backend = undefined
})

async function children(nodeId: string | null): Promise<TreeNode[]> {
  const result = await dispatch(backend!.handlers, 'tree:children', { nodeId })
  if (!result.ok) throw new Error(result.error.message)
  return (result.value as { nodes: TreeNode[] }).nodes
}

async function childNamed(parent: string | null, name: string): Promise<TreeNode> {
  const node = (await children(parent)).find((child) => child.name === name)
  if (!node) throw new Error(`${name} not under ${parent}`)
  return node
}

describe('the CommCell Browser tree of the demo CommCell', () => {
  it('shows Policies > Storage Policies > SP_Finance > Primary and Copy_2', async () => {
    backend = tempBackend('demo')
    const root = await childNamed(null, 'commserve01')
    expect((await children(root.id)).map((node) => node.name)).toEqual(['Client Computers', 'Storage Resources', 'Policies'])
    const policies = await childNamed(root.id, 'Policies')
    const storagePolicies = await childNamed(policies.id, 'Storage Policies')
    expect((await children(storagePolicies.id)).map((node) => node.name)).toEqual(['SP_Default', 'SP_Finance'])
    const finance = await childNamed(storagePolicies.id, 'SP_Finance')
    expect((await children(finance.id)).map((node) => [node.name, node.kind])).toEqual([
      ['Primary', 'copy'],
      ['Copy_2', 'copy'],
    ])
  })

  it('lists a policy copies with the columns an administrator expects', async () => {
    backend = tempBackend('demo')
    const finance = await childNamed('storagePolicies', 'SP_Finance')
    const result = await dispatch(backend.handlers, 'node:contents', { nodeId: finance.id })
    if (!result.ok) throw new Error(result.error.message)
    const table = result.value as { columns: { label: string }[]; rows: { cells: Record<string, unknown> }[] }
    expect(table.columns.map((column) => column.label)).toEqual([
      'Copy Name', 'Type', 'Library', 'MediaAgent', 'Active', 'Copy Precedence', 'Retention', 'Savings',
    ])
    expect(table.rows.map((row) => [row.cells.name, row.cells.library, row.cells.precedence])).toEqual([
      ['Primary', 'DiskLib01', 1],
      ['Copy_2', 'DiskLib02', 2],
    ])
  })

  it('has real mount path folders, a tape library with pools and media, and localhost with subclient default', async () => {
    backend = tempBackend('demo')
    await backend.ready // the MediaAgent makes the mount path folders
    const libraries = await children('libraries')
    expect(libraries.map((node) => node.name)).toEqual(['DiskLib01', 'DiskLib02', 'TapeLib01'])
    for (const disk of libraries.slice(0, 2)) {
      const mountPaths = await children(disk.id)
      expect(mountPaths).toHaveLength(1)
      expect(existsSync(mountPaths[0]!.name)).toBe(true)
      expect(mountPaths[0]!.name.startsWith(backend.dataDir)).toBe(true)
    }
    const tape = await children(libraries[2]!.id)
    expect(tape.map((node) => node.name)).toEqual(['DrivePool01', 'ScratchPool01', 'Assigned Media'])
    expect((await children(tape[0]!.id)).length).toBeGreaterThan(0)
    const media = await children(tape[1]!.id)
    expect(media.length).toBeGreaterThan(0)
    const medium = await dispatch(backend.handlers, 'node:properties', { nodeId: media[0]!.id })
    expect(medium.ok && JSON.stringify(medium.value)).toContain('Spare')
    const localhost = await childNamed('clients', 'localhost')
    const fileSystem = await childNamed(localhost.id, 'File System')
    expect((await children(fileSystem.id)).map((node) => node.name)).toContain('default')
    expect((await children('schedulePolicies')).map((node) => node.name)).toEqual(['localhost Backups', 'System Created Autocopy schedule', 'System Created Data Aging'])
    expect((await children('mediaAgents')).map((node) => node.name)).toEqual(['ma01'])
  })

  it('holds a job history on the primary copies spanning more than 14 days with every job type', async () => {
    backend = tempBackend('demo')
    const finance = await childNamed('storagePolicies', 'SP_Finance')
    const result = await dispatch(backend.handlers, 'node:jobs', { nodeId: finance.id, limit: 10_000, offset: 0 })
    if (!result.ok) throw new Error(result.error.message)
    const rows = (result.value as { rows: { cells: Record<string, unknown> }[] }).rows
    const types = new Set(rows.map((row) => row.cells.backupType))
    expect([...types].sort()).toEqual(['Archive', 'Differential', 'Full', 'Incremental', 'Transaction Log'])
    const starts = rows.map((row) => row.cells.startTime as number)
    expect(Math.max(...starts) - Math.min(...starts)).toBeGreaterThan(14 * 24 * 60 * 60 * 1000)
  })

  it('lists the CommCell job history of every operation, newest first', async () => {
    backend = tempBackend('demo')
    const result = await dispatch(backend.handlers, 'node:jobs', { nodeId: 'commcell', limit: 10_000, offset: 0 })
    if (!result.ok) throw new Error(result.error.message)
    const table = result.value as { title: string; columns: { label: string }[]; rows: { cells: Record<string, unknown> }[] }
    expect(table.title).toBe('Job History')
    expect(table.columns.map((column) => column.label)).toContain('Schedule')
    // Newest first: by start time (the demo's transaction logs of a day were recorded after its evening jobs).
    const starts = table.rows.map((row) => row.cells.startTime as number)
    expect(starts).toEqual([...starts].sort((a, b) => b - a))
    expect(new Set(table.rows.map((row) => row.cells.operation))).toEqual(new Set(['Backup']))
  })

  it('starts --empty with only the CommServe, ma01 and DiskLib01', async () => {
    backend = tempBackend('empty')
    expect((await children('libraries')).map((node) => node.name)).toEqual(['DiskLib01'])
    expect((await children('mediaAgents')).map((node) => node.name)).toEqual(['ma01'])
    expect(await children('storagePolicies')).toEqual([])
    expect(await children('clients')).toEqual([])
  })

  it('marks the upgraded demo profile as upgraded', async () => {
    backend = tempBackend('upgraded')
    const info = await dispatch(backend.handlers, 'commcell:info', {})
    expect(info.ok && (info.value as { installKind: string }).installKind).toBe('upgraded')
  })
})
