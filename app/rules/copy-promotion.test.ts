import { describe, expect, test } from 'vitest'
import { canMove, movedInOrder, orderAfterPromotion, precedenceOrderProblem, promotionOffered, promotionRefusal, type PromotionFacts } from './copy-promotion'

const facts = (change: Partial<PromotionFacts['copy']> = {}, more: Partial<PromotionFacts> = {}): PromotionFacts => ({
  copy: { name: 'Copy_2', copyType: 'synchronous', active: true, ...change },
  library: { name: 'DiskLib02', kind: 'disk' },
  activeJobs: [],
  ...more,
})

const copies = [
  { id: 2, name: 'Primary', copyType: 'primary' as const },
  { id: 3, name: 'Copy_2', copyType: 'synchronous' as const },
  { id: 4, name: 'Copy_3', copyType: 'synchronous' as const },
  { id: 5, name: 'Copy_4', copyType: 'selective' as const },
]

describe('Promote to Primary', () => {
  test('an active synchronous copy on disk can be promoted when no job of its policy runs', () => {
    expect(promotionRefusal(facts())).toBeUndefined()
  })

  test('the primary, a tape copy, a selective copy and an inactive copy are refused, each with its reason', () => {
    expect(promotionRefusal(facts({ name: 'Primary', copyType: 'primary' }))).toBe('Primary is already the primary copy.')
    expect(promotionRefusal(facts({}, { library: { name: 'TapeLib01', kind: 'tape' } }))).toBe(
      'Copy_2 cannot be promoted to primary: TapeLib01 is a tape library, and backups write to disk libraries: choose a disk library for the primary copy (tape holds secondary copies).',
    )
    expect(promotionRefusal(facts({ copyType: 'selective' }))).toContain('only a synchronous copy can be promoted to primary')
    expect(promotionRefusal(facts({ active: false }))).toBe(
      'Copy_2 is not active, and the primary copy is always active: make it active in Copy Properties first.',
    )
  })

  test('a job of the policy that has not ended refuses it, naming the job', () => {
    const busy = facts({}, { activeJobs: [{ id: 41, operation: 'Auxiliary Copy', status: 'Suspended' }] })
    expect(promotionRefusal(busy)).toBe('Job 41 (Auxiliary Copy, Suspended) of this storage policy has not ended; promote Copy_2 after it ends.')
  })

  test('the menu offers it on synchronous copies on disk only', () => {
    expect(promotionOffered({ copyType: 'synchronous', tapeCopy: false })).toBe(true)
    expect(promotionOffered({ copyType: 'synchronous', tapeCopy: true })).toBe(false)
    expect(promotionOffered({ copyType: 'primary', tapeCopy: false })).toBe(false)
    expect(promotionOffered({ copyType: 'selective', tapeCopy: false })).toBe(false)
  })

  test('the promoted copy takes precedence 1, the former primary 2, the others keep their order after them', () => {
    expect(orderAfterPromotion(copies, 4).map((copy) => copy.name)).toEqual(['Copy_3', 'Primary', 'Copy_2', 'Copy_4'])
    expect(orderAfterPromotion(copies, 3).map((copy) => copy.name)).toEqual(['Copy_2', 'Primary', 'Copy_3', 'Copy_4'])
  })
})

describe('Copy Precedence order', () => {
  test('an order listing each copy once with the primary first is accepted', () => {
    expect(precedenceOrderProblem(copies, [2, 5, 3, 4])).toBeUndefined()
  })

  test('the primary copy stays precedence 1', () => {
    expect(precedenceOrderProblem(copies, [3, 2, 4, 5])).toBe('The primary copy Primary is always copy precedence 1.')
  })

  test('a copy missing, listed twice, or of another policy is refused', () => {
    const message = 'Copy Precedence must list each copy of the storage policy once.'
    expect(precedenceOrderProblem(copies, [2, 3, 4])).toBe(message)
    expect(precedenceOrderProblem(copies, [2, 3, 3, 4])).toBe(message)
    expect(precedenceOrderProblem(copies, [2, 3, 4, 99])).toBe(message)
  })

  test('Move Up and Move Down swap a secondary copy with its neighbour, never with the primary', () => {
    expect(movedInOrder(copies, 4, 'up').map((copy) => copy.id)).toEqual([2, 4, 3, 5])
    expect(movedInOrder(copies, 4, 'down').map((copy) => copy.id)).toEqual([2, 3, 5, 4])
    expect(movedInOrder(copies, 3, 'up').map((copy) => copy.id)).toEqual([2, 3, 4, 5])
    expect(movedInOrder(copies, 5, 'down').map((copy) => copy.id)).toEqual([2, 3, 4, 5])
    expect(canMove(copies, 2, 'down')).toBe(false)
    expect(canMove(copies, 3, 'up')).toBe(false)
    expect(canMove(copies, 3, 'down')).toBe(true)
    expect(canMove(copies, 5, 'down')).toBe(false)
  })
})
