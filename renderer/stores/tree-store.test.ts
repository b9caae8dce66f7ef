import { describe, expect, test } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createTreeStore } from './tree-store'

const node = (id: string, name: string, hasChildren = true): TreeNode => ({
  id,
  kind: id.includes(':') ? (id.split(':')[0] as TreeNode['kind']) : (id as TreeNode['kind']),
  name,
  hasChildren,
  detail: '',
})

/** A CommCell whose storage policies the test can change. */
function commCell() {
  let policies = [node('storagePolicy:1', 'SP_Default'), node('storagePolicy:2', 'SP_Finance')]
  const children: Record<string, () => TreeNode[]> = {
    commcell: () => [node('clients', 'Client Computers'), node('policies', 'Policies')],
    policies: () => [node('storagePolicies', 'Storage Policies')],
    storagePolicies: () => policies,
    'storagePolicy:1': () => [node('copy:1', 'Primary', false)],
    'storagePolicy:2': () => [node('copy:2', 'Primary', false), node('copy:3', 'Copy_2', false)],
  }
  const api = fakeConsoleApi({
    'tree:children': ({ nodeId }) => ({
      nodes: nodeId === null ? [node('commcell', 'CommCell')] : (children[nodeId]?.() ?? []),
    }),
  })
  return { api, setPolicies: (next: TreeNode[]) => (policies = next) }
}

describe('tree store', () => {
  test('loading the root expands and selects the CommCell, showing the top level', async () => {
    const { api } = commCell()
    const tree = createTreeStore(api, () => undefined)
    await tree.getState().loadRoot()
    await settle()
    const state = tree.getState()
    expect(state.rootIds).toEqual(['commcell'])
    expect(state.expanded).toEqual(['commcell'])
    expect(state.selected?.id).toBe('commcell')
    expect(state.childIds['commcell']).toEqual(['clients', 'policies'])
  })

  test('expanding a node loads its children once', async () => {
    const { api } = commCell()
    const tree = createTreeStore(api, () => undefined)
    await tree.getState().loadRoot()
    await settle()
    tree.getState().expand('policies')
    tree.getState().setExpanded([...tree.getState().expanded])
    await settle()
    expect(tree.getState().childIds['policies']).toEqual(['storagePolicies'])
    expect(api.calls.filter((call) => call.command === 'tree:children' && (call.input as { nodeId: string }).nodeId === 'policies')).toHaveLength(1)
  })

  test('a reload replaces children, keeps the expansion of survivors and drops removed subtrees', async () => {
    const { api, setPolicies } = commCell()
    const tree = createTreeStore(api, () => undefined)
    await tree.getState().loadRoot()
    await settle()
    for (const id of ['policies', 'storagePolicies', 'storagePolicy:1', 'storagePolicy:2']) tree.getState().expand(id)
    await settle()
    tree.getState().selectById('copy:3')

    setPolicies([node('storagePolicy:1', 'SP_Default'), node('storagePolicy:3', 'SP_New')])
    await tree.getState().reloadNodes(['storagePolicies', 'notLoaded'])
    const state = tree.getState()
    expect(state.childIds['storagePolicies']).toEqual(['storagePolicy:1', 'storagePolicy:3'])
    expect(state.expanded).toContain('storagePolicy:1')
    expect(state.expanded).not.toContain('storagePolicy:2')
    expect(state.childIds['storagePolicy:1']).toEqual(['copy:1'])
    expect(state.nodes['copy:3']).toBeUndefined()
    expect(state.childIds['storagePolicy:2']).toBeUndefined()
  })

  test('a selected node that disappears hands the selection to its parent', async () => {
    const { api, setPolicies } = commCell()
    const tree = createTreeStore(api, () => undefined)
    await tree.getState().loadRoot()
    await settle()
    tree.getState().expand('policies')
    await settle()
    tree.getState().expand('storagePolicies')
    await settle()
    tree.getState().selectById('storagePolicy:2')
    setPolicies([node('storagePolicy:1', 'SP_Default')])
    await tree.getState().reloadNodes(['storagePolicies'])
    expect(tree.getState().selected?.id).toBe('storagePolicies')
  })

  test('a failed load reports the error and collapses the node so expanding retries', async () => {
    const errors: unknown[] = []
    const api = fakeConsoleApi({
      'tree:children': ({ nodeId }) => {
        if (nodeId === null) return { nodes: [node('commcell', 'CommCell')] }
        throw { code: 'internal', message: 'The CommServe could not complete the request: boom' }
      },
    })
    const tree = createTreeStore(api, (error) => errors.push(error))
    await tree.getState().loadRoot()
    await settle()
    expect(errors).toHaveLength(1)
    expect(tree.getState().expanded).toEqual([])
    expect(tree.getState().childIds['commcell']).toBeUndefined()
  })

  test('opening a loaded node selects it, expands its path and asks to reveal it', async () => {
    const { api } = commCell()
    const tree = createTreeStore(api, () => undefined)
    await tree.getState().loadRoot()
    await settle()
    tree.getState().expand('policies')
    await settle()
    tree.getState().expand('storagePolicies')
    await settle()
    tree.getState().setExpanded(['commcell'])
    const finance = tree.getState().nodes['storagePolicy:2']
    expect(finance).toBeDefined()
    tree.getState().open(finance!)
    await settle()
    const state = tree.getState()
    expect(state.selected?.id).toBe('storagePolicy:2')
    expect(state.expanded).toEqual(expect.arrayContaining(['commcell', 'policies', 'storagePolicies', 'storagePolicy:2']))
    expect(state.reveal?.id).toBe('storagePolicy:2')
    expect(state.childIds['storagePolicy:2']).toEqual(['copy:2', 'copy:3'])
  })
})
