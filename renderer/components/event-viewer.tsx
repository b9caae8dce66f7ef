/** The Event Viewer tab: the CommServe's events, newest first, updated live. */
import ErrorIcon from '@mui/icons-material/Error'
import InfoIcon from '@mui/icons-material/Info'
import ReportIcon from '@mui/icons-material/Report'
import WarningIcon from '@mui/icons-material/Warning'
import Box from '@mui/material/Box'
import { useCallback, useMemo } from 'react'
import type { CellValue, ContentsColumn, ContentsRow } from '../../app/model/contents'
import type { EventRecord, EventSeverity } from '../../app/model/events'
import { assertNever } from '../../app/model/assert'
import { formatCell, sortRows } from '../format/cell-format'
import { useEventsStore, useStores } from '../stores/stores-context'
import { ListStatus } from './list-status'
import { VirtualTable, type CellRenderer, type Track } from './virtual-table'

/** The Event Viewer's columns (the product's). */
export const eventColumns: readonly ContentsColumn[] = [
  { key: 'severity', label: 'Severity', format: 'text' },
  { key: 'id', label: 'Event ID', format: 'number' },
  { key: 'time', label: 'Time', format: 'datetime' },
  { key: 'program', label: 'Program', format: 'text' },
  { key: 'computer', label: 'Computer', format: 'text' },
  { key: 'jobId', label: 'Job ID', format: 'number' },
  { key: 'description', label: 'Description', format: 'text' },
]

const widths: Readonly<Record<string, Track>> = {
  severity: { track: 'minmax(122px, 0.7fr)', min: 122 },
  id: { track: 'minmax(80px, 0.5fr)', min: 80 },
  time: { track: 'minmax(176px, 0.9fr)', min: 176 },
  program: { track: 'minmax(110px, 0.8fr)', min: 110 },
  computer: { track: 'minmax(110px, 0.8fr)', min: 110 },
  jobId: { track: 'minmax(70px, 0.5fr)', min: 70 },
  description: { track: 'minmax(280px, 4fr)', min: 280 },
}

/** One event as a list row. */
export function eventRow(event: EventRecord): ContentsRow {
  return {
    key: String(event.id),
    nodeId: null,
    cells: {
      severity: event.severity,
      id: event.id,
      time: event.time,
      program: event.program,
      computer: event.computer,
      jobId: event.jobId,
      description: event.description,
    },
  }
}

function severityIcon(severity: EventSeverity) {
  switch (severity) {
    case 'Information':
      return <InfoIcon aria-hidden className="severity-icon information" />
    case 'Minor':
      return <WarningIcon aria-hidden className="severity-icon minor" />
    case 'Major':
      return <ErrorIcon aria-hidden className="severity-icon major" />
    case 'Critical':
      return <ReportIcon aria-hidden className="severity-icon critical" />
    default:
      return assertNever(severity, 'event severity')
  }
}

const severities: ReadonlySet<CellValue> = new Set<CellValue>(['Information', 'Minor', 'Major', 'Critical'])

const renderCell: CellRenderer = (column, value) => {
  if (column.key === 'severity' && severities.has(value ?? null)) {
    return (
      <span className="severity">
        {severityIcon(value as EventSeverity)}
        {String(value)}
      </span>
    )
  }
  const text = formatCell(value, column.format)
  // A description cut at the column's edge shows whole on hover (and to assistive technology) through its title.
  return column.key === 'description' && text !== '' ? <span title={text}>{text}</span> : text
}

/** The Event Viewer tab's content. */
export function EventViewer() {
  const stores = useStores()
  const events = useEventsStore((state) => state.events)
  const status = useEventsStore((state) => state.status)
  const error = useEventsStore((state) => state.error)
  const sort = useEventsStore((state) => state.sort)
  const rows = useMemo(() => sortRows(events.map(eventRow), eventColumns, sort), [events, sort])
  const onSort = useCallback((key: string) => stores.events.getState().sortBy(key), [stores])

  return (
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        '& .severity': { display: 'inline-flex', alignItems: 'center', gap: 1, verticalAlign: 'middle' },
        '& .severity-icon': { fontSize: 15 },
        '& .severity-icon.information': { color: 'console.severityInformation' },
        '& .severity-icon.minor': { color: 'console.severityMinor' },
        '& .severity-icon.major': { color: 'console.severityMajor' },
        '& .severity-icon.critical': { color: 'console.severityCritical' },
      }}
    >
      <ListStatus loading={status === 'loading'} error={status === 'error' ? error : null} what="events" />
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <VirtualTable
          label="Event Viewer"
          viewKey="eventViewer"
          columns={eventColumns}
          rows={rows}
          sort={sort}
          onSort={onSort}
          widths={widths}
          renderCell={renderCell}
          emptyText={status === 'ready' ? 'There are no events.' : undefined}
        />
      </Box>
    </Box>
  )
}
