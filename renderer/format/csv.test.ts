import { describe, expect, it } from 'vitest'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { csvField, csvFileName, csvText, csvTime, lagCsv, tableCsv } from './csv'

describe('CSV fields (RFC 4180)', () => {
  it('quotes a field holding a comma, a quote, CR or LF, doubling its quotes; leaves others as they are', () => {
    expect(csvField('Copy_2')).toBe('Copy_2')
    expect(csvField('localhost / File System / default')).toBe('localhost / File System / default')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
    expect(csvField(1234567)).toBe('1234567')
    expect(csvField(true)).toBe('Yes')
    expect(csvField(null)).toBe('')
    expect(csvField('')).toBe('')
    expect(csvField(' padded ')).toBe('" padded "')
    expect(csvField(Number.NaN)).toBe('')
    expect(csvField(1536.5)).toBe('1536.5')
  })

  it('writes a header line and one line per row, each ended by CRLF', () => {
    expect(csvText(['A', 'B,C'], [['x', 1], [null, 'q"']])).toBe('A,"B,C"\r\nx,1\r\n,"q"""\r\n')
    expect(csvText(['Only'], [])).toBe('Only\r\n')
  })
})

describe('a list as CSV', () => {
  const columns: ContentsColumn[] = [
    { key: 'jobId', label: 'Job ID', format: 'number' },
    { key: 'subclient', label: 'Client / Agent / Subclient', format: 'text' },
    { key: 'startTime', label: 'Start Time', format: 'datetime' },
    { key: 'size', label: 'Size', format: 'bytes' },
    { key: 'status', label: 'Status', format: 'text' },
    { key: 'retainUntil', label: 'Retained Until', format: 'datetime' },
  ]
  const start = new Date(2026, 10, 30, 9, 5, 7).getTime()
  const row = (cells: ContentsRow['cells']): ContentsRow => ({ key: String(cells.jobId), nodeId: null, cells })

  it('has the visible columns (sizes in bytes) and each row in the order shown', () => {
    const csv = tableCsv(columns, [
      row({ jobId: 12, subclient: 'localhost / File System / finance', startTime: start, size: 4_509_715_660, status: 'To Be Copied', retainUntil: null }),
      row({ jobId: 9, subclient: 'db, "prod"', startTime: start, size: 0, status: 'Available', retainUntil: 'Indefinitely' }),
    ])
    expect(csv.split('\r\n')).toEqual([
      'Job ID,Client / Agent / Subclient,Start Time,Size (bytes),Status,Retained Until',
      '12,localhost / File System / finance,2026-11-30 09:05:07,4509715660,To Be Copied,',
      '9,"db, ""prod""",2026-11-30 09:05:07,0,Available,Indefinitely',
      '',
    ])
  })

  it('keeps a name that a spreadsheet would run as a formula as text', () => {
    const csv = tableCsv([columns[1]!], [row({ jobId: 1, subclient: '=HYPERLINK("x")' }), row({ jobId: 2, subclient: '-1+2' })])
    expect(csv).toBe('Client / Agent / Subclient\r\n"\'=HYPERLINK(""x"")"\r\n\'-1+2\r\n')
  })
})

describe('a copy lag chart as CSV', () => {
  it('lists every sample of every copy with its time, jobs and bytes To Be Copied', () => {
    const at = new Date(2026, 10, 30, 14, 0, 0).getTime()
    const csv = lagCsv({
      storagePolicy: 'SP_Finance', from: at - 1000, to: at + 60_000,
      series: [
        { copyId: 3, copy: 'Copy_2', samples: [{ at, jobs: 85, bytes: 952_939_894 }, { at: at + 30_000, jobs: 0, bytes: 0 }], runs: [] },
        { copyId: 4, copy: 'Copy_3', samples: [{ at, jobs: 2, bytes: 10 }], runs: [] },
      ],
    })
    expect(csv.split('\r\n')).toEqual([
      'Time,Storage Policy,Copy,Jobs To Be Copied,Data To Be Copied (bytes)',
      '2026-11-30 14:00:00,SP_Finance,Copy_2,85,952939894',
      '2026-11-30 14:00:30,SP_Finance,Copy_2,0,0',
      '2026-11-30 14:00:00,SP_Finance,Copy_3,2,10',
      '',
    ])
  })

  it('times read as local dates; file names lose what file systems refuse', () => {
    expect(csvTime(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('2026-01-02 03:04:05')
    expect(csvFileName('Jobs for SP_Finance / Copy_2')).toBe('Jobs for SP_Finance _ Copy_2.csv')
  })
})
