/**
 * The rules of tape media an administrator acts on: which marks a medium in a state can take (its menu and the
 * service say the same), and the barcodes Add Media gives.
 */
import { assertNever } from '../model/assert'
import type { MediaStatus } from '../model/entities'
import { barcodePattern, type MediaMark } from '../model/media'

/**
 * Why a medium cannot take a mark, or undefined when it can. Mark Full closes an Appendable medium (a Spare one
 * holds nothing to close; an Active one is being written). Mark Bad takes any medium not Bad already; a Bad
 * medium is never written again.
 */
export function markProblem(barcode: string, status: MediaStatus, mark: MediaMark): string | undefined {
  if (mark === 'Bad') return status === 'Bad' ? `${barcode} is already Bad.` : undefined
  switch (status) {
    case 'Appendable':
      return undefined
    case 'Spare':
      return `${barcode} is Spare: it holds no data, and Spare media are not marked Full.`
    case 'Active':
      return `${barcode} is Active (mounted for writing by a job): mark it Full once the job leaves it.`
    case 'Full':
      return `${barcode} is already Full.`
    case 'Bad':
      return `${barcode} is Bad: Bad media are never written again.`
    default:
      return assertNever(status, 'media status')
  }
}

/** The marks a medium in a state can take, in menu order. */
export function marksFor(status: MediaStatus): MediaMark[] {
  return (['Full', 'Bad'] as const).filter((mark) => markProblem('', status, mark) === undefined)
}

/**
 * The barcodes Add Media gives: `count` barcodes counting up the first number in `first`, keeping its digits
 * (`CV0009L6` × 3 gives CV0009L6, CV0010L6, CV0011L6). A problem (naming Starting barcode) when `first` holds no
 * number or a barcode would grow past 32 characters.
 */
export function barcodeSeries(first: string, count: number): { readonly barcodes: string[] } | { readonly problem: string } {
  const digits = /\d+/.exec(first)
  if (digits === null) {
    return { problem: `Starting barcode ${first} holds no number to count up from (CV0009L6 gives CV0009L6, CV0010L6, …).` }
  }
  const before = first.slice(0, digits.index)
  const after = first.slice(digits.index + digits[0].length)
  const start = BigInt(digits[0])
  const barcodes = Array.from({ length: count }, (_, n) => `${before}${String(start + BigInt(n)).padStart(digits[0].length, '0')}${after}`)
  const tooLong = barcodes.find((barcode) => !barcodePattern.test(barcode))
  if (tooLong !== undefined) return { problem: `Starting barcode ${first} counts up to ${tooLong}, longer than 32 characters.` }
  return { barcodes }
}
