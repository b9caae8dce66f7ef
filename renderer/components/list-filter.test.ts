import { describe, expect, test } from 'vitest'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { filterRows } from './list-filter'

const columns: ContentsColumn[] = [
  { key: 'job', label: 'Job ID', format: 'number' },
  { key: 'status', label: 'Status', format: 'text' },
  { key: 'size', label: 'Size', format: 'bytes' },
]
const row = (job: number, status: string, size: number): ContentsRow => ({ key: String(job), nodeId: null, cells: { job, status, size } })
const rows = [row(7, 'Completed', 1024), row(12, 'Failed', 5 * 1024 * 1024), row(71, 'Completed w/ one or more errors', 0)]

describe('filterRows', () => {
  test('keeps the rows whose shown text holds the words, whatever their case', () => {
    expect(filterRows(rows, columns, { status: 'completed' }).map((each) => each.key)).toEqual(['7', '71'])
    // Sizes are matched as shown ("5 MB"), numbers as written.
    expect(filterRows(rows, columns, { size: 'MB' }).map((each) => each.key)).toEqual(['12'])
    expect(filterRows(rows, columns, { job: '7' }).map((each) => each.key)).toEqual(['7', '71'])
  })

  test('every filter applies; blank ones and unknown columns do nothing', () => {
    expect(filterRows(rows, columns, { status: 'completed', job: '71' }).map((each) => each.key)).toEqual(['71'])
    expect(filterRows(rows, columns, { status: '  ', other: 'x' })).toBe(rows)
  })
})
