/**
 * Promote to Primary and the copy precedence order of Storage Policy Properties (pure): which copy can become the
 * primary copy and why not, the precedences after a promotion, and the checks on an order the administrator set.
 */
import type { CopyType, LibraryKind } from '../model/entities'
import { backupsNotOnTape } from './copy-form'

/** What decides whether a copy can be promoted to primary now. */
export interface PromotionFacts {
  readonly copy: { readonly name: string; readonly copyType: CopyType; readonly active: boolean; readonly encryption?: string | null }
  readonly library: { readonly name: string; readonly kind: LibraryKind }
  /** The storage policy's jobs that have not ended (backups, auxiliary copies, restores, verifications...). */
  readonly activeJobs: readonly { readonly id: number; readonly operation: string; readonly status: string }[]
}

/**
 * Why a copy cannot be promoted to primary now, or undefined when it can. Only a synchronous copy (the product
 * promotes a synchronous secondary copy: a selective copy holds only chosen fulls), on a disk library (backups never
 * write to tape), active (a primary copy is always active), and never while a job of the policy has not ended (a
 * backup writes to the primary it started with, an aux copy reads the source it started with).
 */
export function promotionRefusal(facts: PromotionFacts): string | undefined {
  const { copy, library } = facts
  if (copy.copyType === 'primary') return `${copy.name} is already the primary copy.`
  if (library.kind === 'tape') return `${copy.name} cannot be promoted to primary: ${backupsNotOnTape(library.name)}`
  if (copy.copyType === 'selective') {
    return `${copy.name} is a selective copy and holds only the fulls it selects; only a synchronous copy can be promoted to primary.`
  }
  // Backups write plain data: an encrypted copy as primary would mix sealed and plain jobs.
  if (copy.encryption != null) return `${copy.name} is encrypted (Re-encrypt data), and backups write the primary copy unencrypted; only a copy without encryption can be promoted to primary.`
  if (!copy.active) return `${copy.name} is not active, and the primary copy is always active: make it active in Copy Properties first.`
  const busy = facts.activeJobs[0]
  if (busy !== undefined) {
    return `Job ${busy.id} (${busy.operation}, ${busy.status}) of this storage policy has not ended; promote ${copy.name} after it ends.`
  }
  return undefined
}

/**
 * Whether a copy's menu offers Promote to Primary: a synchronous copy on a disk library. A copy that is inactive, or
 * whose policy has a job running, is offered it too: the confirmation then says why it cannot be done yet.
 */
export function promotionOffered(facts: { readonly copyType: CopyType; readonly tapeCopy: boolean }): boolean {
  return facts.copyType === 'synchronous' && !facts.tapeCopy
}

/** A copy as the precedence rules see it. */
export interface PrecedenceCopy {
  readonly id: number
  readonly name: string
  readonly copyType: CopyType
}

/**
 * The copy precedences after `promotedId` becomes the primary copy: it takes 1, the former primary 2 (it holds every
 * job backed up so far, so a restore that misses on the new primary reads it next), the other copies follow in their
 * order. `copies` are the policy's copies in precedence order; the answer is the new order, precedence 1 first.
 */
export function orderAfterPromotion<C extends PrecedenceCopy>(copies: readonly C[], promotedId: number): C[] {
  const promoted = copies.filter((copy) => copy.id === promotedId)
  const former = copies.filter((copy) => copy.copyType === 'primary' && copy.id !== promotedId)
  const rest = copies.filter((copy) => copy.id !== promotedId && !former.includes(copy))
  return [...promoted, ...former, ...rest]
}

/**
 * What is wrong with a copy precedence order set in Storage Policy Properties (the copies' ids, precedence 1 first),
 * or undefined: it lists each copy of the policy once, and the primary copy stays precedence 1 (as in the product,
 * where only the secondary copies move).
 */
export function precedenceOrderProblem(copies: readonly PrecedenceCopy[], order: readonly number[]): string | undefined {
  const ids = new Set(copies.map((copy) => copy.id))
  if (order.length !== copies.length || new Set(order).size !== order.length || order.some((id) => !ids.has(id))) {
    return 'Copy Precedence must list each copy of the storage policy once.'
  }
  const primary = copies.find((copy) => copy.copyType === 'primary')
  if (primary !== undefined && order[0] !== primary.id) return `The primary copy ${primary.name} is always copy precedence 1.`
  return undefined
}

/**
 * Move Up / Move Down in the Copy Precedence list: the order with `id` one place earlier or later, or the same order
 * when it cannot move (the primary copy, a copy already next to the primary going up, the last one going down).
 */
export function movedInOrder(copies: readonly PrecedenceCopy[], id: number, direction: 'up' | 'down'): PrecedenceCopy[] {
  const index = copies.findIndex((copy) => copy.id === id)
  const other = direction === 'up' ? index - 1 : index + 1
  if (!canMove(copies, id, direction)) return [...copies]
  const next = [...copies]
  ;[next[index], next[other]] = [next[other]!, next[index]!]
  return next
}

/** Whether Move Up / Move Down applies to a copy in the list (the primary copy never moves, nor passes another). */
export function canMove(copies: readonly PrecedenceCopy[], id: number, direction: 'up' | 'down'): boolean {
  const index = copies.findIndex((copy) => copy.id === id)
  const other = direction === 'up' ? index - 1 : index + 1
  const copy = copies[index]
  const neighbour = copies[other]
  return copy !== undefined && neighbour !== undefined && copy.copyType !== 'primary' && neighbour.copyType !== 'primary'
}
