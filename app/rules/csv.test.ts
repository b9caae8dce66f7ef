import { describe, expect, it } from 'vitest'
import { csvField, toCsv } from './csv'

describe('toCsv', () => {
  it('writes a header and records separated by commas, each record ended by CRLF', () => {
    expect(toCsv(['Mount Path', 'Free (bytes)'], [['/data/MP01', 1024], ['/data/MP02', null]])).toBe(
      'Mount Path,Free (bytes)\r\n/data/MP01,1024\r\n/data/MP02,\r\n',
    )
  })

  it('writes no records after the header when there are none', () => {
    expect(toCsv(['Status', 'Media'], [])).toBe('Status,Media\r\n')
  })
})

describe('csvField', () => {
  it('encloses a field with a comma, a quote, a CR or an LF in quotes and doubles its quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField('cr\rhere')).toBe('"cr\rhere"')
  })

  it('keeps leading and trailing spaces by quoting them', () => {
    expect(csvField(' padded ')).toBe('" padded "')
  })

  it('leaves plain text and numbers as they are, nothing as an empty field', () => {
    expect(csvField('Copy_2')).toBe('Copy_2')
    expect(csvField(1536.5)).toBe('1536.5')
    expect(csvField(null)).toBe('')
    expect(csvField(Number.NaN)).toBe('')
  })
})
