import { describe, expect, test } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { parentIdOf, placeholderSuffix, visibleRows } from './tree-rows'

const node = (id: string, name: string, hasChildren = true): TreeNode => ({ id, kind: 'policies', name, hasChildren, detail: '' })

const nodes: Record<string, TreeNode> = {
  commcell: node('commcell', 'CommCell'),
  clients: node('clients', 'Client Computers'),
  policies: node('policies', 'Policies'),
  storagePolicies: node('storagePolicies', 'Storage Policies'),
  schedulePolicies: node('schedulePolicies', 'Schedule Policies'),
  'copy:1': node('copy:1', 'Primary', false),
}
const childIds = { commcell: ['clients', 'policies'], policies: ['schedulePolicies', 'storagePolicies'] }

describe('visible rows', () => {
  test('are the loaded nodes under expanded nodes, depth first, with their level and place among siblings', () => {
    const rows = visibleRows(['commcell'], nodes, childIds, new Set(['commcell', 'policies']))
    expect(rows.map((row) => [row.key, row.level, row.posInSet, row.setSize, row.expanded])).toEqual([
      ['commcell', 1, 1, 1, true],
      ['clients', 2, 1, 2, false],
      ['policies', 2, 2, 2, true],
      ['schedulePolicies', 3, 1, 2, false],
      ['storagePolicies', 3, 2, 2, false],
    ])
    expect(rows[3]!.path).toEqual(['commcell', 'policies'])
    expect(parentIdOf(rows[3]!)).toBe('policies')
    expect(parentIdOf(rows[0]!)).toBeNull()
  })

  test('show nothing under a collapsed node, however much is loaded under it', () => {
    const rows = visibleRows(['commcell'], nodes, childIds, new Set(['policies']))
    expect(rows.map((row) => row.key)).toEqual(['commcell'])
  })

  test('show a "Loading…" row under an expanded node whose children are not loaded yet', () => {
    const rows = visibleRows(['commcell'], nodes, childIds, new Set(['commcell', 'clients']))
    expect(rows[2]).toMatchObject({ key: 'clients' + placeholderSuffix, node: null, level: 3, path: ['commcell', 'clients'] })
  })

  test('mark a node without children as not expandable, and skip ids of nodes no longer loaded', () => {
    const rows = visibleRows(['commcell'], nodes, { commcell: ['gone', 'copy:1'] }, new Set(['commcell', 'copy:1']))
    expect(rows.map((row) => [row.key, row.expanded, row.posInSet, row.setSize])).toEqual([
      ['commcell', true, 1, 1],
      ['copy:1', undefined, 1, 1],
    ])
  })
})
