import { z } from 'zod'
import { NodeId } from './tree'

/** How a list column's values are shown and sorted. */
export const ColumnFormat = z.enum(['text', 'number', 'bytes', 'percent', 'datetime', 'yesNo'])
/** How a list column's values are shown and sorted. */
export type ColumnFormat = z.infer<typeof ColumnFormat>

/** One column of the right pane's list. */
export const ContentsColumn = z.object({
  key: z.string(),
  label: z.string(),
  format: ColumnFormat,
})
/** One column of the right pane's list. */
export type ContentsColumn = z.infer<typeof ContentsColumn>

/** A cell value: text, a number (bytes, counts, epoch ms for datetimes), a flag, or empty. */
export const CellValue = z.union([z.string(), z.number(), z.boolean(), z.null()])
/** A cell value. */
export type CellValue = z.infer<typeof CellValue>

/** One row of the right pane's list; `nodeId` when the row is itself a tree node. */
export const ContentsRow = z.object({
  key: z.string(),
  nodeId: NodeId.nullable(),
  cells: z.record(z.string(), CellValue),
  /** The open fallen-behind alert of the copy or policy the row stands for (a warning icon); absent when none. */
  alert: z.string().optional(),
})
/** One row of the right pane's list. */
export type ContentsRow = z.infer<typeof ContentsRow>

/** The selected node's contents: the columns that fit the node and its rows. */
export const ContentsTable = z.object({
  nodeId: NodeId,
  title: z.string(),
  columns: z.array(ContentsColumn),
  rows: z.array(ContentsRow),
  /** A list of jobs paged by `limit`: more rows follow these (ask again with the next offset). */
  more: z.boolean(),
})
/** The selected node's contents. */
export type ContentsTable = z.infer<typeof ContentsTable>

/** One labelled value on a read-only property page. */
export const PropertyField = z.object({
  label: z.string(),
  value: CellValue,
  format: ColumnFormat,
})
/** One labelled value on a property page. */
export type PropertyField = z.infer<typeof PropertyField>

/** A tab of a property sheet: labelled fields, or a small table. */
export const PropertyTab = z.object({
  label: z.string(),
  fields: z.array(PropertyField),
  table: z.object({ columns: z.array(ContentsColumn), rows: z.array(ContentsRow) }).nullable(),
})
/** A tab of a property sheet. */
export type PropertyTab = z.infer<typeof PropertyTab>

/** A node's Properties dialog content (title and tabs). */
export const PropertySheet = z.object({
  nodeId: NodeId,
  title: z.string(),
  tabs: z.array(PropertyTab).min(1),
})
/** A node's Properties dialog content. */
export type PropertySheet = z.infer<typeof PropertySheet>
