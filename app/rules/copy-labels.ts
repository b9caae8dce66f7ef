import { assertNever } from '../model/assert'
import type { CopyType } from '../model/entities'

/** How the console names a copy type in lists and dialogs. */
export function copyTypeLabel(type: CopyType): string {
  switch (type) {
    case 'primary': return 'Primary'
    case 'synchronous': return 'Synchronous'
    case 'selective': return 'Selective'
    default: return assertNever(type, 'copy type')
  }
}

/** A copy's basic retention as the lists show it: `30 days, 1 cycle`, or `Infinite` when data aging is off. */
export function retentionText(copy: { agingEnabled: boolean; retentionDays: number; retentionCycles: number }): string {
  if (!copy.agingEnabled) return 'Infinite'
  const days = `${copy.retentionDays} ${copy.retentionDays === 1 ? 'day' : 'days'}`
  const cycles = `${copy.retentionCycles} ${copy.retentionCycles === 1 ? 'cycle' : 'cycles'}`
  return `${days}, ${cycles}`
}
