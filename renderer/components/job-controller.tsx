/**
 * The Job Controller tab: every running job and those that ended in the last 5 minutes, updated live by the rows
 * `jobs:progress` pushes, with a progress bar per job, a ticking Elapsed time, a row menu (Suspend, Resume, Kill,
 * Details) and the product's status line of running, pending and suspended jobs.
 */
import Box from '@mui/material/Box'
import LinearProgress from '@mui/material/LinearProgress'
import { useCallback, useMemo } from 'react'
import type { CellValue, ContentsColumn, ContentsRow } from '../../app/model/contents'
import { JobStatus, type JobRow } from '../../app/model/jobs'
import { formatBytes, formatCell, sortRows } from '../format/cell-format'
import { useCommServeNow } from './use-commserve-now'
import { elapsedMs, formatElapsed, formatProgress, formatThroughput, statusTone, toneColor } from '../format/job-format'
import { useJobsStore } from '../stores/job-hooks'
import { countJobs, visibleJobs } from '../stores/jobs-store'
import { useStores } from '../stores/stores-context'
import { layout } from '../theme'
import { ListStatus } from './list-status'
import { VirtualTable, type CellRenderer, type Track } from './virtual-table'

/**
 * The Job Controller's columns. Status, Phase and Progress come right after the job, so a window 1024 pixels wide
 * shows what a job is doing without scrolling sideways; what it works on follows.
 */
export const jobColumns: readonly ContentsColumn[] = [
  { key: 'jobId', label: 'Job ID', format: 'number' },
  { key: 'operation', label: 'Operation', format: 'text' },
  { key: 'status', label: 'Status', format: 'text' },
  { key: 'phase', label: 'Phase', format: 'text' },
  { key: 'progress', label: 'Progress', format: 'number' },
  { key: 'client', label: 'Client', format: 'text' },
  { key: 'storagePolicy', label: 'Storage Policy', format: 'text' },
  { key: 'copy', label: 'Copy', format: 'text' },
  { key: 'backupType', label: 'Backup Type', format: 'text' },
  { key: 'transferred', label: 'Transferred', format: 'bytes' },
  { key: 'throughput', label: 'Throughput', format: 'number' },
  { key: 'startTime', label: 'Start Time', format: 'datetime' },
  { key: 'elapsed', label: 'Elapsed', format: 'number' },
  { key: 'reason', label: 'Reason', format: 'text' },
  { key: 'schedule', label: 'Schedule', format: 'text' },
]

const px = (min: number, share: string): Track => ({ track: `minmax(${min}px, ${share})`, min })

// Each at least as wide as its header; the grid scrolls sideways when the pane is narrower than their sum.
const widths: Readonly<Record<string, Track>> = {
  jobId: px(92, '0.5fr'),
  operation: px(112, '0.8fr'),
  client: px(120, '1.4fr'),
  storagePolicy: px(138, '0.9fr'),
  copy: px(84, '0.7fr'),
  backupType: px(116, '0.7fr'),
  status: px(124, '1fr'),
  phase: px(150, '1fr'),
  progress: px(132, '1fr'),
  transferred: px(116, '0.7fr'),
  throughput: px(110, '0.7fr'),
  startTime: px(184, '1fr'),
  elapsed: px(86, '0.5fr'),
  reason: px(150, '1.6fr'),
  schedule: px(96, '0.6fr'),
}

/** A job as a list row at `now` (Elapsed depends on it). */
export function jobListRow(job: JobRow, now: number): ContentsRow {
  return {
    key: String(job.jobId),
    nodeId: null,
    cells: {
      jobId: job.jobId,
      operation: job.operation,
      client: job.client,
      storagePolicy: job.storagePolicy,
      copy: job.copy,
      backupType: job.backupType,
      status: job.status,
      phase: job.phase,
      progress: job.progress,
      transferred: job.bytesDone,
      throughput: job.throughput,
      startTime: job.startTime,
      elapsed: elapsedMs(job, now),
      reason: job.reason,
      schedule: job.schedule,
    },
  }
}

const statuses: ReadonlySet<CellValue> = new Set<CellValue>(JobStatus.options)

const renderCell: CellRenderer = (column, value, row) => {
  switch (column.key) {
    case 'jobId':
      return String(value ?? '')
    case 'status': {
      if (!statuses.has(value ?? null)) return formatCell(value, column.format)
      const status = value as JobStatus
      return (
        <Box component="span" className="job-status" title={status} sx={{ color: toneColor[statusTone(status)] }}>
          <Box component="span" aria-hidden className="job-status-dot" sx={{ bgcolor: toneColor[statusTone(status)] }} />
          {status}
        </Box>
      )
    }
    case 'progress': {
      const progress = typeof value === 'number' ? value : 0
      const status = row.cells.status as JobStatus
      return (
        <span className="job-progress">
          <LinearProgress
            variant="determinate"
            value={Math.max(0, Math.min(100, progress))}
            aria-label={`Progress of job ${row.key}`}
            aria-valuetext={formatProgress(progress)}
            className="job-progress-bar"
            sx={{ '& .MuiLinearProgress-bar': { bgcolor: toneColor[statusTone(status)] } }}
          />
          <span className="job-progress-text" aria-hidden>
            {formatProgress(progress)}
          </span>
        </span>
      )
    }
    case 'transferred':
      return typeof value === 'number' && value > 0 ? formatBytes(value) : ''
    case 'throughput': {
      const text = typeof value === 'number' ? formatThroughput(value) : ''
      return text === '' ? '' : `${text} MB/s`
    }
    case 'elapsed':
      return typeof value === 'number' ? formatElapsed(value) : ''
    default: {
      // Long text (a backup's client path, a Pending reason) is cut at the column's edge: hovering shows it whole.
      const text = formatCell(value, column.format)
      return column.format === 'text' && text !== '' ? <span title={text}>{text}</span> : text
    }
  }
}

/** The Job Controller's status line: total jobs and those running, pending, waiting and suspended. */
function JobStatusLine({ jobs }: { jobs: readonly JobRow[] }) {
  const counts = countJobs(jobs)
  const items: [string, number][] = [
    ['Total Jobs', counts.total],
    ['Running', counts.running],
    ['Pending', counts.pending],
    ['Waiting', counts.waiting],
    ['Suspended', counts.suspended],
  ]
  return (
    <Box
      role="status"
      aria-label="Job Controller status"
      sx={{
        display: 'flex',
        alignItems: 'center',
        height: layout.statusBarHeight,
        flexShrink: 0,
        px: 1,
        fontSize: 12,
        bgcolor: 'console.header',
        borderTop: 1,
        borderColor: 'console.chromeBorder',
      }}
    >
      {items.map(([label, count]) => (
        <Box key={label} component="span" sx={{ px: 2, borderRight: 1, borderColor: 'console.border' }}>
          {label}: <b>{count}</b>
        </Box>
      ))}
    </Box>
  )
}

/** The Job Controller tab's content. */
export function JobController() {
  const stores = useStores()
  const jobs = useJobsStore((state) => state.jobs)
  const status = useJobsStore((state) => state.status)
  const error = useJobsStore((state) => state.error)
  const sort = useJobsStore((state) => state.sort)
  const now = useCommServeNow()

  const shown = useMemo(() => visibleJobs(jobs, now), [jobs, now])
  const rows = useMemo(() => sortRows(shown.map((job) => jobListRow(job, now)), jobColumns, sort), [shown, now, sort])

  const onSort = useCallback((key: string) => stores.jobs.getState().sortBy(key), [stores])
  const onOpenRow = useCallback((row: ContentsRow) => void stores.jobs.getState().openDetails(Number(row.key)), [stores])
  const onRowContextMenu = useCallback(
    (row: ContentsRow, position: { top: number; left: number }, fromKeyboard: boolean) =>
      stores.jobs.getState().openMenu(Number(row.key), position, fromKeyboard),
    [stores],
  )

  return (
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        '& .job-status': { display: 'inline-flex', alignItems: 'center', gap: 1.5, fontWeight: 500, verticalAlign: 'middle' },
        '& .job-status-dot': { width: 8, height: 8, borderRadius: '50%', flexShrink: 0 },
        '& .job-progress': { display: 'flex', alignItems: 'center', gap: 2 },
        '& .job-progress-bar': { flex: 1, height: 8, borderRadius: 1, bgcolor: 'console.border' },
        '& .job-progress-text': { width: 34, textAlign: 'right', fontVariantNumeric: 'tabular-nums' },
        '& .numeric': { fontVariantNumeric: 'tabular-nums' },
      }}
    >
      <ListStatus loading={status === 'loading'} error={status === 'error' ? error : null} what="Job Controller" />
      <Box sx={{ flex: 1, minHeight: 0 }}>
        <VirtualTable
          label="Job Controller"
          viewKey="jobController"
          columns={jobColumns}
          rows={rows}
          sort={sort}
          onSort={onSort}
          onOpenRow={onOpenRow}
          onRowContextMenu={onRowContextMenu}
          widths={widths}
          renderCell={renderCell}
          emptyText={status === 'loading' ? undefined : 'No job is running, and none ended in the last 5 minutes.'}
        />
      </Box>
      <JobStatusLine jobs={shown} />
    </Box>
  )
}
