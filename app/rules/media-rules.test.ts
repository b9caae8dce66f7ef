import { describe, expect, test } from 'vitest'
import type { MediaStatus } from '../model/entities'
import type { MediaMark } from '../model/media'
import { barcodeSeries, markProblem, marksFor } from './media-rules'

/** Every media state with the marks it takes; a new state without a row here does not compile. */
const marksByStatus: Record<MediaStatus, readonly MediaMark[]> = {
  Spare: ['Bad'],
  Active: ['Bad'],
  Appendable: ['Full', 'Bad'],
  Full: ['Bad'],
  Bad: [],
}

describe('media marks', () => {
  test.each(Object.entries(marksByStatus) as [MediaStatus, readonly MediaMark[]][])('a %s medium takes %j', (status, marks) => {
    expect(marksFor(status)).toEqual(marks)
    for (const mark of ['Full', 'Bad'] as const) {
      const problem = markProblem('CV0001L6', status, mark)
      if (marks.includes(mark)) expect(problem).toBeUndefined()
      else expect(problem).toMatch(/^CV0001L6 is /)
    }
  })
})

describe('Add Media barcodes', () => {
  test('count up the first number, keeping its digits and the rest of the barcode', () => {
    expect(barcodeSeries('CV0009L6', 3)).toEqual({ barcodes: ['CV0009L6', 'CV0010L6', 'CV0011L6'] })
    expect(barcodeSeries('TAPE98', 3)).toEqual({ barcodes: ['TAPE98', 'TAPE99', 'TAPE100'] })
    expect(barcodeSeries('7', 1)).toEqual({ barcodes: ['7'] })
  })

  test('a barcode without a number, or a series growing past 32 characters, is refused naming Starting barcode', () => {
    expect(barcodeSeries('CLEANER', 2)).toEqual({ problem: 'Starting barcode CLEANER holds no number to count up from (CV0009L6 gives CV0009L6, CV0010L6, …).' })
    const long = `${'A'.repeat(30)}99`
    expect(barcodeSeries(long, 2)).toEqual({ problem: `Starting barcode ${long} counts up to ${'A'.repeat(30)}100, longer than 32 characters.` })
    // Numbers beyond 2^53 still count exactly.
    expect(barcodeSeries('X99999999999999999999', 2)).toEqual({ barcodes: ['X99999999999999999999', 'X100000000000000000000'] })
  })
})
