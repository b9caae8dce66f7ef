import { describe, expect, test } from 'vitest'
import { contextMenuFor, type MenuEntry } from './context-menu'

const labels = (entries: readonly MenuEntry[]): string[] =>
  entries.flatMap((entry) => {
    if (entry.type === 'item') return [entry.label]
    if (entry.type === 'submenu') return [`${entry.label} > ${labels(entry.items).join(', ')}`]
    return ['-']
  })

describe('context menus', () => {
  test('a storage policy offers Create New Copy first under All Tasks, then View Jobs', () => {
    expect(labels(contextMenuFor('storagePolicy'))).toEqual(['All Tasks > Create New Copy, View Jobs', 'Refresh', '-', 'Properties'])
  })

  test('a secondary copy offers Delete; the primary, or a copy not yet known to be secondary, does not', () => {
    expect(labels(contextMenuFor('copy', { primaryCopy: false }))).toEqual(['View Jobs', '-', 'Delete', '-', 'Properties'])
    expect(labels(contextMenuFor('copy', { primaryCopy: true }))).toEqual(['View Jobs', '-', 'Properties'])
    expect(labels(contextMenuFor('copy'))).not.toContain('Delete')
  })

  test('a copy opens the editable Copy Properties, other nodes the read-only sheet', () => {
    expect(contextMenuFor('copy').at(-1)).toEqual({ type: 'item', action: 'copyProperties', label: 'Properties' })
    expect(contextMenuFor('storagePolicy').at(-1)).toEqual({ type: 'item', action: 'properties', label: 'Properties' })
  })

  test('the Storage Policies folder offers New Storage Policy', () => {
    expect(labels(contextMenuFor('storagePolicies'))).toEqual(['New Storage Policy', '-', 'Refresh'])
  })
})
