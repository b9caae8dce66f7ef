import { describe, expect, test } from 'vitest'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { formatBytes, formatCell, formatPercent, isNumericFormat, nextSort, sortRows } from './cell-format'

describe('cell format', () => {
  test('bytes read as people say them', () => {
    expect(formatBytes(512)).toBe('512 bytes')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB')
    expect(formatBytes(200 * 1024 ** 2)).toBe('200 MB')
    // Just under a unit's 1024 rounds to 1 of the next, as the capacity beside it reads.
    expect(formatBytes(1024 ** 2 - 352)).toBe('1 MB')
    expect(formatBytes(1023 * 1024)).toBe('1023 KB')
  })

  test('percentages show one decimal, read as numbers (right-aligned), and an empty Savings cell stays empty', () => {
    expect(formatPercent(93.4)).toBe('93.4%')
    expect(formatPercent(0)).toBe('0.0%')
    expect(formatPercent(12.345)).toBe('12.3%')
    expect(formatCell(41.25, 'percent')).toBe('41.3%')
    expect(formatCell(null, 'percent')).toBe('')
    expect(isNumericFormat('percent')).toBe(true)
  })

  test('percent columns sort by value, not by text', () => {
    const columns: ContentsColumn[] = [{ key: 'savings', label: 'Savings', format: 'percent' }]
    const row = (key: string, savings: number | null): ContentsRow => ({ key, nodeId: null, cells: { savings } })
    const rows = [row('a', 9.5), row('b', null), row('c', 41), row('d', 100)]
    expect(sortRows(rows, columns, nextSort(null, 'savings')).map((r) => r.key)).toEqual(['a', 'c', 'd', 'b'])
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
