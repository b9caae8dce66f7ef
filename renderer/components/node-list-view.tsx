/**
 * The list of a contents, View Jobs or Job History tab: the table the server sent, sortable, with tree nodes that
 * open on double click or Enter and show their context menu on right click (in a copy's View Jobs, the menu of the
 * selected job rows, a `Filter...` control and Export CSV of the jobs listed; in Job History, a job's Details on double
 * click or Enter, and its row menu). A copy's or a storage policy's lists have its Copy Lag chart above them.
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useCallback, useMemo } from 'react'
import type { ContentsRow } from '../../app/model/contents'
import { JobCopyStatus } from '../../app/model/entities'
import { viewJobsFilterText } from '../../app/rules/view-jobs-filter'
import type { SelectedJobRow } from '../stores/copy-jobs-store'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { sortRows } from '../format/cell-format'
import { csvFileName, tableCsv } from '../format/csv'
import { hasLagChart } from '../stores/copy-lag-store'
import type { ConsoleStores } from '../stores/console-stores'
import { useStores, useTabsStore } from '../stores/stores-context'
import { CopyLagPanel } from './lazy-charts'
import { ListStatus } from './list-status'
import { NodeInsights } from './node-insights'
import { saveCsv } from './save-csv'
import { VirtualTable } from './virtual-table'

/** The tree node a list row stands for: the loaded one, or one made from the row when the tree has not loaded it. */
export function nodeOfRow(stores: ConsoleStores, row: ContentsRow, nameKey: string | undefined): TreeNode | null {
  if (row.nodeId === null) return null
  const loaded = stores.tree.getState().nodes[row.nodeId]
  if (loaded !== undefined) return loaded
  const ref = parseNodeId(row.nodeId)
  if (ref === undefined) return null
  const name = nameKey === undefined ? null : row.cells[nameKey]
  return {
    id: row.nodeId,
    kind: ref.kind,
    name: typeof name === 'string' && name !== '' ? name : row.nodeId,
    hasChildren: true,
    detail: '',
  }
}

const emptyRows: readonly ContentsRow[] = []

/** A selected View Jobs row as the copy jobs menu takes it (none for a row that is not a job). */
function selectedJobRow(row: ContentsRow): SelectedJobRow[] {
  const { jobId, status, backupType, retainUntil } = row.cells
  const state = JobCopyStatus.safeParse(status)
  if (typeof jobId !== 'number' || !state.success) return []
  return [{ jobId, status: state.data, backupType: typeof backupType === 'string' ? backupType : '', retained: retainUntil !== null && retainUntil !== undefined }]
}

/** The list shown by the tab with this id. */
export function NodeListView({ tabId, label }: { tabId: string; label: string }) {
  const stores = useStores()
  const list = useTabsStore((state) => state.lists[tabId])
  const table = list?.table ?? null
  const sort = list?.sort ?? null
  const columns = table?.columns
  const rows = useMemo(
    () => (table === null ? emptyRows : sortRows(table.rows, table.columns, sort)),
    [table, sort],
  )
  const nameKey = columns?.[0]?.key

  const onSort = useCallback((key: string) => stores.tabs.getState().sortBy(tabId, key), [stores, tabId])
  // The CommCell's Job History and a subclient's Backup History list Job Manager jobs: a row opens the job's Details,
  // as in the Job Controller.
  const jobHistory = useTabsStore((state) => {
    const tab = state.tabs.find((candidate) => candidate.id === tabId)
    return tab?.kind === 'jobs' && (tab.node?.kind === 'commcell' || tab.node?.kind === 'subclient')
  })
  const onOpenRow = useCallback(
    (row: ContentsRow) => {
      const { jobId } = row.cells
      if (jobHistory && typeof jobId === 'number') {
        void stores.jobs.getState().openDetails(jobId)
        return
      }
      const node = nodeOfRow(stores, row, nameKey)
      if (node !== null) stores.tree.getState().open(node)
    },
    [stores, nameKey, jobHistory],
  )
  // A copy's View Jobs lists backup jobs, not nodes: several can be selected, and their menu acts on them all.
  const jobsCopy = useTabsStore((state) => {
    const tab = state.tabs.find((candidate) => candidate.id === tabId)
    return tab?.kind === 'jobs' && tab.node?.kind === 'copy' ? tab.node : null
  })
  const jobsFilter = useTabsStore((state) => state.tabs.find((candidate) => candidate.id === tabId)?.jobsFilter)
  // A copy's or a storage policy's contents and a copy's View Jobs show its Copy Lag above the list.
  const lagNode = useTabsStore((state) => {
    const tab = state.tabs.find((candidate) => candidate.id === tabId)
    if (tab === undefined || !(tab.kind === 'contents' || (tab.kind === 'jobs' && tab.node?.kind === 'copy'))) return null
    return hasLagChart(tab.node) ? tab.node : null
  })
  const onRowContextMenu = useCallback(
    (row: ContentsRow, position: { top: number; left: number }, fromKeyboard: boolean, selected: readonly ContentsRow[]) => {
      const { jobId } = row.cells
      if (jobHistory && typeof jobId === 'number') {
        stores.jobHistory.getState().openMenu(jobId, position, fromKeyboard)
        return
      }
      if (jobsCopy !== null && typeof jobId === 'number') {
        void stores.copyJobs.getState().openMenu(jobsCopy, jobId, selected.flatMap(selectedJobRow), position, fromKeyboard)
        return
      }
      const node = nodeOfRow(stores, row, nameKey)
      if (node !== null) void stores.dialogs.getState().openContextMenu(node, position, fromKeyboard)
    },
    [stores, nameKey, jobsCopy, jobHistory],
  )

  return (
    <Box sx={{ position: 'relative', height: '100%', display: 'flex', flexDirection: 'column' }}>
      {lagNode !== null && <CopyLagPanel node={lagNode} reloadKey={table} />}
      {jobsCopy !== null && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 1.5, py: 0.5, borderBottom: 1, borderColor: 'divider', flexShrink: 0 }}>
          <Button size="small" variant="outlined" onClick={() => void stores.viewJobsFilter.getState().open(jobsCopy, jobsFilter)}>
            Filter...
          </Button>
          <Typography variant="body2" color="text.secondary" sx={{ mr: 'auto' }}>
            {viewJobsFilterText(jobsFilter)}
          </Typography>
          {table !== null && (
            // The jobs as listed: the visible columns, the rows loaded, in the order shown.
            <Button size="small" variant="outlined" aria-label="Export CSV: jobs listed" onClick={() => saveCsv(csvFileName(label), tableCsv(table.columns, rows))}>
              Export CSV
            </Button>
          )}
        </Box>
      )}
      <NodeInsights tabId={tabId} />
      <ListStatus loading={list?.status === 'loading'} error={list?.status === 'error' ? list.error : null} what={label} />
      <Box sx={{ flex: 1, minHeight: 0 }}>
        {columns !== undefined && (
          <VirtualTable
            // A new node's list starts at the top with nothing selected.
            key={table?.nodeId ?? tabId}
            label={label}
            columns={columns}
            rows={rows}
            sort={sort}
            onSort={onSort}
            onOpenRow={onOpenRow}
            onRowContextMenu={onRowContextMenu}
            multiSelect={jobsCopy !== null}
            // Lists with the same columns (the contents of every storage policy, every View Jobs) share one shape.
            viewKey={`list.${columns.map((column) => column.key).join('+')}`}
            emptyText="There are no items to show in this view."
          />
        )}
      </Box>
      {table?.more === true && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 1.5, py: 0.5, borderTop: 1, borderColor: 'divider', flexShrink: 0 }}>
          <Typography variant="body2" color="text.secondary">
            {`The newest ${table.rows.length.toLocaleString()} jobs are listed; older jobs follow.`}
          </Typography>
          <Button size="small" disabled={list?.status === 'loading'} onClick={() => void stores.tabs.getState().loadMore(tabId)}>
            Show older jobs
          </Button>
        </Box>
      )}
    </Box>
  )
}
