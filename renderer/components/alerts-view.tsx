/**
 * The Alerts tab: every open alert, and those cleared in the last 24 hours, newest raised first, updated live. A row
 * opens its copy in the tree (double click or Enter).
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Typography from '@mui/material/Typography'
import { useCallback, useMemo } from 'react'
import type { AlertRecord } from '../../app/model/alerts'
import type { ContentsColumn, ContentsRow } from '../../app/model/contents'
import { formatCell, sortRows } from '../format/cell-format'
import { useAlertsStore, useStores } from '../stores/stores-context'
import { ListStatus } from './list-status'
import { nodeOfRow } from './node-list-view'
import { VirtualTable, type CellRenderer, type Track } from './virtual-table'

/** The Alerts view's columns. */
export const alertColumns: readonly ContentsColumn[] = [
  { key: 'status', label: 'Status', format: 'text' },
  { key: 'alert', label: 'Alert', format: 'text' },
  { key: 'copy', label: 'Storage Policy / Copy', format: 'text' },
  { key: 'reason', label: 'Reason', format: 'text' },
  { key: 'raisedAt', label: 'Time Raised', format: 'datetime' },
  { key: 'clearedAt', label: 'Time Cleared', format: 'datetime' },
]

const widths: Readonly<Record<string, Track>> = {
  status: { track: 'minmax(90px, 0.4fr)', min: 90 },
  alert: { track: 'minmax(205px, 0.8fr)', min: 205 },
  copy: { track: 'minmax(165px, 0.8fr)', min: 165 },
  reason: { track: 'minmax(250px, 3fr)', min: 250 },
  raisedAt: { track: 'minmax(186px, 0.7fr)', min: 186 },
  clearedAt: { track: 'minmax(186px, 0.7fr)', min: 186 },
}

/** One alert as a list row (its copy's node, so the row opens it). */
export function alertRow(alert: AlertRecord): ContentsRow {
  return {
    key: String(alert.id),
    nodeId: alert.nodeId,
    cells: {
      status: alert.clearedAt === null ? 'Open' : 'Cleared',
      alert: alert.kind,
      copy: `${alert.storagePolicy} / ${alert.copy}`,
      reason: alert.reason,
      raisedAt: alert.raisedAt,
      clearedAt: alert.clearedAt,
      // What nodeOfRow names the copy's node by, when the tree has not loaded it.
      name: alert.copy,
    },
  }
}

const renderCell: CellRenderer = (column, value, row) => {
  if (column.key === 'status' && value === 'Open') {
    return (
      <span className="alert-status">
        <span className="alert-icon" aria-hidden />
        Open
      </span>
    )
  }
  const text = formatCell(value, column.format)
  // A reason cut at the column's edge shows whole on hover (and to assistive technology) through its title.
  return column.key === 'reason' && text !== '' ? <span title={`${String(row.cells.copy)}: ${text}`}>{text}</span> : text
}

/** The Alerts tab's content. */
export function AlertsView() {
  const stores = useStores()
  const alerts = useAlertsStore((state) => state.alerts)
  const status = useAlertsStore((state) => state.status)
  const error = useAlertsStore((state) => state.error)
  const sort = useAlertsStore((state) => state.sort)
  const more = useAlertsStore((state) => state.more)
  const rows = useMemo(() => sortRows(alerts.map(alertRow), alertColumns, sort), [alerts, sort])
  const onSort = useCallback((key: string) => stores.alerts.getState().sortBy(key), [stores])
  const onOpenRow = useCallback(
    (row: ContentsRow) => {
      const node = nodeOfRow(stores, row, 'name')
      if (node !== null) stores.tree.getState().open(node)
    },
    [stores],
  )

  return (
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        '& .alert-status': { display: 'inline-flex', alignItems: 'center', gap: 1, verticalAlign: 'middle' },
      }}
    >
      <ListStatus loading={status === 'loading'} error={status === 'error' ? error : null} what="alerts" />
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <VirtualTable
          label="Alerts"
          viewKey="alerts"
          columns={alertColumns}
          rows={rows}
          sort={sort}
          onSort={onSort}
          onOpenRow={onOpenRow}
          widths={widths}
          renderCell={renderCell}
          emptyText={status === 'ready' ? 'There are no open alerts, and none cleared in the last 24 hours.' : undefined}
        />
      </Box>
      {more && (
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 1.5, py: 0.5, borderTop: 1, borderColor: 'divider', flexShrink: 0 }}>
          <Typography variant="body2" color="text.secondary">
            {`The newest ${alerts.length.toLocaleString()} alerts are listed; older alerts follow.`}
          </Typography>
          <Button size="small" disabled={status === 'loading'} onClick={() => void stores.alerts.getState().loadMore()}>
            Show older alerts
          </Button>
        </Box>
      )}
    </Box>
  )
}
