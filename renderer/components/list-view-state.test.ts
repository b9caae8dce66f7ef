import { describe, expect, it } from 'vitest'
import { arrangeColumns, emptyViewState, moveColumn, parseViewState } from './list-view-state'

const columns = [{ key: 'jobId' }, { key: 'status' }, { key: 'phase' }, { key: 'client' }]
const keys = (list: readonly { key: string }[]): string[] => list.map((column) => column.key)

describe('parseViewState', () => {
  it('reads a saved view', () => {
    expect(parseViewState('{"order":["client","status"],"hidden":["phase"],"widths":{"client":150.6}}')).toEqual({
      order: ['client', 'status'],
      hidden: ['phase'],
      widths: { client: 151 },
    })
  })
  it('drops anything malformed', () => {
    expect(parseViewState(null)).toEqual(emptyViewState)
    expect(parseViewState('not json')).toEqual(emptyViewState)
    expect(parseViewState('42')).toEqual(emptyViewState)
    expect(parseViewState('{"order":[1,"a"],"hidden":"x","widths":{"a":"wide","b":10}}')).toEqual({ order: [], hidden: [], widths: { b: 40 } })
  })
})

describe('arrangeColumns', () => {
  it('keeps the default without a saved view', () => {
    const { shown, all } = arrangeColumns(columns, emptyViewState)
    expect(keys(shown)).toEqual(['jobId', 'status', 'phase', 'client'])
    expect(keys(all)).toEqual(keys(shown))
  })
  it('orders and hides, but the first column stays first and shown', () => {
    const { shown, all } = arrangeColumns(columns, { order: ['client', 'jobId', 'status', 'phase'], hidden: ['jobId', 'phase'], widths: {} })
    expect(keys(all)).toEqual(['jobId', 'client', 'status', 'phase'])
    expect(keys(shown)).toEqual(['jobId', 'client', 'status'])
  })
  it('places a column the save does not know after the one it follows, and forgets removed ones', () => {
    const { all } = arrangeColumns(columns, { order: ['client', 'status', 'gone'], hidden: [], widths: {} })
    expect(keys(all)).toEqual(['jobId', 'client', 'status', 'phase'])
  })
})

describe('moveColumn', () => {
  it('moves a column up or down but never the first, nor past the first', () => {
    expect(moveColumn(['a', 'b', 'c'], 'c', -1)).toEqual(['a', 'c', 'b'])
    expect(moveColumn(['a', 'b', 'c'], 'b', 1)).toEqual(['a', 'c', 'b'])
    expect(moveColumn(['a', 'b', 'c'], 'b', -1)).toEqual(['a', 'b', 'c'])
    expect(moveColumn(['a', 'b', 'c'], 'a', 1)).toEqual(['a', 'b', 'c'])
    expect(moveColumn(['a', 'b', 'c'], 'c', 1)).toEqual(['a', 'b', 'c'])
  })
})
