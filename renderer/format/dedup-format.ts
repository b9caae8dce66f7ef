/** How Copy Properties > Deduplication shows what a deduplicated copy's DDB holds. */
import type { DedupFigures } from '../../app/model/dedup'
import { formatBytes, formatCell, formatPercent } from './cell-format'

/** `1 job`, `27 jobs`. */
const count = (value: number, one: string, many: string): string => `${formatCell(value, 'number')} ${value === 1 ? one : many}`

/**
 * The DDB's figures as the tab's read-only fields, by label: the jobs' size without deduplication, what the copy's
 * mount path holds for them, the distinct blocks, and the space saved (none yet while the DDB holds no data).
 */
export function dedupFigureFields(figures: DedupFigures): readonly (readonly [label: string, value: string])[] {
  return [
    ['Application size', `${formatBytes(figures.applicationBytes)} in ${count(figures.jobs, 'job', 'jobs')}`],
    ['Data written', `${formatBytes(figures.dataWrittenBytes)} in ${count(figures.containers, 'container', 'containers')}`],
    ['Unique blocks', `${formatCell(figures.uniqueBlocks, 'number')} (DDB ${formatBytes(figures.ddbBytes)})`],
    ['Savings', figures.savingsPercent === null ? 'None yet: the DDB holds no data' : formatPercent(figures.savingsPercent)],
  ]
}
