import { describe, expect, test } from 'vitest'
import { dedupFigureFields } from './dedup-format'

describe('Copy Properties > Deduplication figures', () => {
  test('the DDB figures read as sizes, counts and the savings in percent', () => {
    const fields = dedupFigureFields({
      jobs: 27,
      applicationBytes: 40 * 1024 * 1024,
      dataWrittenBytes: 10 * 1024 * 1024,
      ddbBytes: 256 * 1024,
      uniqueBlocks: 1234,
      containers: 1,
      savingsPercent: 75,
    })
    expect(fields).toEqual([
      ['Application size', '40 MB in 27 jobs'],
      ['Data written', '10 MB in 1 container'],
      ['Unique blocks', `${(1234).toLocaleString()} (DDB 256 KB)`],
      ['Savings', '75.0%'],
    ])
  })

  test('an empty DDB says it holds no data instead of a savings figure', () => {
    const fields = dedupFigureFields({ jobs: 0, applicationBytes: 0, dataWrittenBytes: 0, ddbBytes: 4096, uniqueBlocks: 0, containers: 0, savingsPercent: null })
    expect(fields.find(([label]) => label === 'Savings')).toEqual(['Savings', 'None yet: the DDB holds no data'])
    expect(fields[0]).toEqual(['Application size', '0 bytes in 0 jobs'])
  })
})
