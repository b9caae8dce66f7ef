import { describe, expect, test } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { keyAction, typeAheadIndex } from './tree-keyboard'
import { visibleRows } from './tree-rows'

const node = (id: string, name: string, hasChildren = true): TreeNode => ({ id, kind: 'policies', name, hasChildren, detail: '' })

const nodes: Record<string, TreeNode> = Object.fromEntries(
  [
    node('commcell', 'CommCell'),
    node('clients', 'Client Computers'),
    node('resources', 'Storage Resources'),
    node('policies', 'Policies'),
    node('schedulePolicies', 'Schedule Policies'),
    node('storagePolicies', 'Storage Policies'),
    node('sp1', 'SP_Default'),
    node('sp2', 'SP_Finance', false),
  ].map((n) => [n.id, n]),
)
const childIds = { commcell: ['clients', 'resources', 'policies'], policies: ['schedulePolicies', 'storagePolicies'], storagePolicies: ['sp1', 'sp2'] }
// commcell, clients, Loading…, resources, policies, schedulePolicies, storagePolicies, sp1, sp2
const rows = visibleRows(['commcell'], nodes, childIds, new Set(['commcell', 'clients', 'policies', 'storagePolicies']))
const at = (key: string) => rows.findIndex((row) => row.key === key)

describe('tree keys', () => {
  test('ArrowDown and ArrowUp move to the next and previous node, past a "Loading…" row', () => {
    expect(keyAction(rows, at('clients'), 'ArrowDown')).toEqual({ kind: 'focus', index: at('resources') })
    expect(keyAction(rows, at('resources'), 'ArrowUp')).toEqual({ kind: 'focus', index: at('clients') })
    expect(keyAction(rows, at('commcell'), 'ArrowUp')).toBeNull()
    expect(keyAction(rows, at('sp2'), 'ArrowDown')).toBeNull()
  })

  test('Home and End go to the first and last node', () => {
    expect(keyAction(rows, at('policies'), 'Home')).toEqual({ kind: 'focus', index: 0 })
    expect(keyAction(rows, at('policies'), 'End')).toEqual({ kind: 'focus', index: at('sp2') })
  })

  test('ArrowRight expands a collapsed node, then goes to its first child; a loading node or a leaf has none to go to', () => {
    expect(keyAction(rows, at('resources'), 'ArrowRight')).toEqual({ kind: 'expand', id: 'resources' })
    expect(keyAction(rows, at('storagePolicies'), 'ArrowRight')).toEqual({ kind: 'focus', index: at('sp1') })
    expect(keyAction(rows, at('clients'), 'ArrowRight')).toBeNull()
    expect(keyAction(rows, at('sp2'), 'ArrowRight')).toBeNull()
  })

  test('ArrowLeft collapses an expanded node, else goes to its parent', () => {
    expect(keyAction(rows, at('storagePolicies'), 'ArrowLeft')).toEqual({ kind: 'collapse', id: 'storagePolicies' })
    expect(keyAction(rows, at('sp2'), 'ArrowLeft')).toEqual({ kind: 'focus', index: at('storagePolicies') })
    expect(keyAction(rows, at('resources'), 'ArrowLeft')).toEqual({ kind: 'focus', index: 0 })
  })

  test('other keys do nothing', () => {
    expect(keyAction(rows, at('policies'), 'PageDown')).toBeNull()
  })
})

describe('type-ahead', () => {
  test('goes to the next node whose name starts with the letters typed, wrapping around', () => {
    expect(typeAheadIndex(rows, at('commcell'), 'p')).toBe(at('policies'))
    expect(typeAheadIndex(rows, at('commcell'), 'sp_f')).toBe(at('sp2'))
    expect(typeAheadIndex(rows, at('sp2'), 'c')).toBe(at('commcell'))
  })

  test('a letter typed again steps through the nodes that start with it', () => {
    expect(typeAheadIndex(rows, at('resources'), 's')).toBe(at('schedulePolicies'))
    expect(typeAheadIndex(rows, at('schedulePolicies'), 'ss')).toBe(at('storagePolicies'))
  })

  test('a longer prefix may stay on the focused node, and none matching finds nothing', () => {
    expect(typeAheadIndex(rows, at('storagePolicies'), 'sto')).toBe(at('storagePolicies'))
    expect(typeAheadIndex(rows, at('commcell'), 'xyz')).toBe(-1)
  })
})
