import { describe, expect, test } from 'vitest'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { formatBytes, formatCell, nextSort, sortRows } from './cell-format'

describe('cell format', () => {
  test('bytes read as people say them', () => {
    expect(formatBytes(512)).toBe('512 bytes')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB')
    expect(formatBytes(200 * 1024 ** 2)).toBe('200 MB')
  })

  test('flags read Yes or No and empty cells stay empty', () => {
    expect(formatCell(true, 'yesNo')).toBe('Yes')
    expect(formatCell(false, 'yesNo')).toBe('No')
    expect(formatCell(null, 'number')).toBe('')
  })

  test('sorting is natural, stable, keeps empty cells last and reverses on a second click', () => {
    const columns: ContentsColumn[] = [{ key: 'name', label: 'Name', format: 'text' }]
    const row = (key: string, name: string | null): ContentsRow => ({ key, nodeId: null, cells: { name } })
    const rows = [row('a', 'SP_10'), row('b', null), row('c', 'SP_2'), row('d', 'sp_2')]
    const ascending = nextSort(null, 'name')
    expect(sortRows(rows, columns, ascending).map((r) => r.key)).toEqual(['c', 'd', 'a', 'b'])
    const descending = nextSort(ascending, 'name')
    expect(descending.direction).toBe('desc')
    expect(sortRows(rows, columns, descending).map((r) => r.key)).toEqual(['a', 'c', 'd', 'b'])
  })
})
