import { describe, expect, it } from 'vitest'
import { csvField, toCsv } from './csv'

describe('CSV (RFC 4180)', () => {
  it('leaves plain fields as they are and writes numbers as digits', () => {
    expect(csvField('Copying to Copy_2')).toBe('Copying to Copy_2')
    expect(csvField(12.5)).toBe('12.5')
    expect(csvField(null)).toBe('')
  })

  it('quotes a field holding a comma, a quote or a line break, doubling its quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\r')).toBe('"cr\r"')
    expect(csvField(' padded ')).toBe('" padded "')
  })

  it('writes the header then each row, every record ended by CRLF', () => {
    expect(toCsv(['Elapsed (s)', 'Phase'], [[1, 'Backup'], [2, 'Suspended, by admin']])).toBe(
      'Elapsed (s),Phase\r\n1,Backup\r\n2,"Suspended, by admin"\r\n',
    )
    expect(toCsv(['Only'], [])).toBe('Only\r\n')
  })
})
