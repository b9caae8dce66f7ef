/**
 * Copy Lag above a secondary copy's lists (its jobs and bytes To Be Copied over time, two y axes) and above a storage
 * policy's copy list (its copies' data To Be Copied side by side, one line per copy), with the auxiliary copy runs
 * shaded; a range choice, the figures behind the chart as a table (its text alternative), and Export CSV.
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import Table from '@mui/material/Table'
import TableBody from '@mui/material/TableBody'
import TableCell from '@mui/material/TableCell'
import TableHead from '@mui/material/TableHead'
import TableRow from '@mui/material/TableRow'
import ToggleButton from '@mui/material/ToggleButton'
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup'
import Typography from '@mui/material/Typography'
import { useDrawingArea, useXScale } from '@mui/x-charts/hooks'
import { LineChart, lineClasses, type LineSeries } from '@mui/x-charts/LineChart'
import { useEffect, useId, useMemo, useState } from 'react'
import { lagRanges, type AuxCopyRun, type CopyLagChart, type LagRangeKey } from '../../app/model/copy-lag'
import type { TreeNode } from '../../app/model/tree'
import { formatBytes, formatDateTime } from '../format/cell-format'
import { csvFileName, lagCsv } from '../format/csv'
import { useTestClockStore } from '../stores/schedule-hooks'
import { useCopyLagStore, useStores } from '../stores/stores-context'
import { colors } from '../theme'
import { saveCsv } from './save-csv'

/** One line per copy on a storage policy's chart, in this order. */
const copyColors = [colors.accent, colors.iconCopy, colors.iconSchedule, colors.iconPolicy, colors.iconMedia, colors.iconFolder]

/** An hour in ms. */
const hourMs = 60 * 60 * 1000

/** How tall the chart is drawn (px): room for the list below it at 1024×700. */
const chartHeight = 170

const shortTime = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' })

/** `3 jobs` / `1 job`. */
function jobsText(jobs: number): string {
  return `${jobs.toLocaleString()} ${jobs === 1 ? 'job' : 'jobs'}`
}

/** A series of one or two samples draws its points (a line through them would be too short to see). */
function few(series: CopyLagChart['series'][number]): boolean {
  return series.samples.length < 3
}

/** The auxiliary copy runs of the chart, each once (a policy's run wrote to several of its copies). */
function distinctRuns(chart: CopyLagChart): { run: AuxCopyRun; copies: string[] }[] {
  const byJob = new Map<number, { run: AuxCopyRun; copies: string[] }>()
  for (const series of chart.series) {
    for (const run of series.runs) {
      const entry = byJob.get(run.jobId) ?? { run, copies: [] }
      entry.copies.push(series.copy)
      byJob.set(run.jobId, entry)
    }
  }
  return [...byJob.values()].sort((a, b) => a.run.startTime - b.run.startTime)
}

/** The auxiliary copy runs shaded over the chart (a run on a still clock is a thin band), each with its tooltip. */
function RunMarks({ runs, to }: { runs: readonly AuxCopyRun[]; to: number }) {
  const scale = useXScale<'time'>()
  const { top, height, left, width } = useDrawingArea()
  return (
    <g aria-hidden>
      {runs.map((run) => {
        const start = Math.max(left, scale(new Date(run.startTime)))
        const end = Math.min(left + width, scale(new Date(run.endTime ?? to)))
        if (end < left || start > left + width) return null
        return (
          <rect key={run.jobId} x={start} y={top} width={Math.max(3, end - start)} height={height} fill={colors.severityMinor} fillOpacity={0.22}>
            <title>{`Auxiliary copy job ${run.jobId}: ${run.status}, ${formatDateTime(run.startTime)} to ${run.endTime === null ? 'now' : formatDateTime(run.endTime)}`}</title>
          </rect>
        )
      })}
    </g>
  )
}

/** The line chart: a copy's jobs and data To Be Copied on two axes, or a policy's copies' data side by side. */
function LagLines({ chart, single }: { chart: CopyLagChart; single: boolean }) {
  const { times, series } = useMemo(() => {
    const all = [...new Set(chart.series.flatMap((entry) => entry.samples.map((sample) => sample.at)))].sort((a, b) => a - b)
    const index = new Map(all.map((at, position) => [at, position]))
    const column = (values: readonly { at: number; value: number }[]): (number | null)[] => {
      const out: (number | null)[] = all.map(() => null)
      for (const { at, value } of values) out[index.get(at)!] = value
      return out
    }
    const lines: LineSeries[] = single
      ? [
          {
            id: 'bytes', label: 'Data To Be Copied', yAxisId: 'bytes', curve: 'stepAfter', showMark: few(chart.series[0]!), area: true, color: colors.accent,
            data: column(chart.series[0]!.samples.map((sample) => ({ at: sample.at, value: sample.bytes }))), valueFormatter: (value) => (value === null ? '' : formatBytes(value)),
          },
          {
            id: 'jobs', label: 'Jobs To Be Copied', yAxisId: 'jobs', curve: 'stepAfter', showMark: few(chart.series[0]!), color: colors.iconPolicy,
            data: column(chart.series[0]!.samples.map((sample) => ({ at: sample.at, value: sample.jobs }))), valueFormatter: (value) => (value === null ? '' : jobsText(value)),
          },
        ]
      : chart.series.map((entry, position) => ({
          id: `copy${entry.copyId}`, label: entry.copy, yAxisId: 'bytes', curve: 'stepAfter', showMark: few(entry), connectNulls: true,
          color: copyColors[position % copyColors.length],
          data: column(entry.samples.map((sample) => ({ at: sample.at, value: sample.bytes }))), valueFormatter: (value: number | null) => (value === null ? '' : formatBytes(value)),
        }))
    return { times: all.map((at) => new Date(at)), series: lines }
  }, [chart, single])
  // The axis starts a little before the first sample or run when the range reaches back further than the samples
  // kept (a new copy, a new console): the range's empty start would squeeze the figures against the right edge.
  // At least the last hour is drawn, so a few minutes of samples read as times, not as one repeated minute.
  const first = Math.min(chart.to - hourMs, ...chart.series.flatMap((entry) => [...entry.samples.map((sample) => sample.at), ...entry.runs.map((run) => run.startTime)]))
  const start = Math.max(chart.from, first - (chart.to - first) / 20)
  const long = chart.to - start > 2 * 24 * 60 * 60 * 1000
  const integer = (value: number) => (Number.isInteger(value) ? value.toLocaleString() : '')
  return (
    <LineChart
      height={chartHeight}
      skipAnimation
      margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
      series={series}
      xAxis={[{
        scaleType: 'time', data: times, min: new Date(start), max: new Date(chart.to), height: 28, tickNumber: 8,
        valueFormatter: (value: Date, context) => (context.location === 'tick' ? (long ? shortDay : shortTime).format(value) : formatDateTime(value.getTime())),
      }]}
      yAxis={[
        { id: 'bytes', position: single ? 'right' : 'left', min: 0, width: 64, valueFormatter: (value: number) => formatBytes(value) },
        ...(single ? [{ id: 'jobs', position: 'left' as const, min: 0, width: 40, valueFormatter: integer }] : []),
      ]}
      slotProps={{ legend: { direction: 'horizontal', position: { vertical: 'top', horizontal: 'end' } } }}
      sx={{ [`& .${lineClasses.area}`]: { fillOpacity: 0.2 } }}
    >
      <RunMarks runs={distinctRuns(chart).map((entry) => entry.run)} to={chart.to} />
    </LineChart>
  )
}

/** The figures behind the chart: every sample drawn (newest first) and the aux copy runs. */
function LagFigures({ chart, single }: { chart: CopyLagChart; single: boolean }) {
  const rows = chart.series
    .flatMap((series) => series.samples.map((sample) => ({ copy: series.copy, ...sample })))
    .sort((a, b) => b.at - a.at || a.copy.localeCompare(b.copy))
  const runs = distinctRuns(chart)
  const cell = { py: 0.25, px: 1, fontSize: 12 }
  return (
    <Box sx={{ maxHeight: 180, overflow: 'auto', borderTop: 1, borderColor: 'divider' }}>
      <Table size="small" stickyHeader aria-label={`Figures of ${chartTitle(chart, single)}`}>
        <TableHead>
          <TableRow>
            <TableCell sx={cell}>Time</TableCell>
            {!single && <TableCell sx={cell}>Copy</TableCell>}
            <TableCell sx={cell} align="right">Jobs To Be Copied</TableCell>
            <TableCell sx={cell} align="right">Data To Be Copied</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={`${row.copy}:${row.at}`}>
              <TableCell sx={cell}>{formatDateTime(row.at)}</TableCell>
              {!single && <TableCell sx={cell}>{row.copy}</TableCell>}
              <TableCell sx={cell} align="right">{row.jobs.toLocaleString()}</TableCell>
              <TableCell sx={cell} align="right">{formatBytes(row.bytes)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {runs.length > 0 && (
        <Table size="small" aria-label="Auxiliary copy runs">
          <TableHead>
            <TableRow>
              <TableCell sx={cell}>Auxiliary Copy Job ID</TableCell>
              <TableCell sx={cell}>Copies</TableCell>
              <TableCell sx={cell}>Start Time</TableCell>
              <TableCell sx={cell}>End Time</TableCell>
              <TableCell sx={cell}>Status</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {runs.map(({ run, copies }) => (
              <TableRow key={run.jobId}>
                <TableCell sx={cell}>{run.jobId}</TableCell>
                <TableCell sx={cell}>{copies.join(', ')}</TableCell>
                <TableCell sx={cell}>{formatDateTime(run.startTime)}</TableCell>
                <TableCell sx={cell}>{run.endTime === null ? 'Running' : formatDateTime(run.endTime)}</TableCell>
                <TableCell sx={cell}>{run.status}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  )
}

/** The chart's name: `Copy lag of SP_Finance / Copy_2`, or of a policy's copies. */
function chartTitle(chart: CopyLagChart, single: boolean): string {
  return single ? `Copy lag of ${chart.storagePolicy} / ${chart.series[0]!.copy}` : `Copy lag of ${chart.storagePolicy} copies`
}

/** What the chart says in words: each copy's latest figures and when, and the runs marked. */
function lagSummary(chart: CopyLagChart): string {
  const parts = chart.series.map((series) => {
    const latest = series.samples.at(-1)
    if (latest === undefined) return `${series.copy}: no sample in this range yet`
    return `${series.copy}: ${jobsText(latest.jobs)}, ${formatBytes(latest.bytes)} To Be Copied at ${formatDateTime(latest.at)}`
  })
  const runs = distinctRuns(chart).length
  return `${parts.join('; ')}. ${runs === 0 ? 'No auxiliary copy run' : runs === 1 ? '1 auxiliary copy run' : `${runs} auxiliary copy runs`} in this range.`
}

/**
 * The Copy Lag panel of a copy or storage policy node: loads its chart when shown, when the range changes, when the
 * list below reloads (`reloadKey`) and when a test clock moves; shows nothing for a primary copy or a policy without
 * secondary copies.
 */
export function CopyLagPanel({ node, reloadKey }: { node: TreeNode; reloadKey: unknown }) {
  const stores = useStores()
  const view = useCopyLagStore((state) => state.charts[node.id])
  const range = useCopyLagStore((state) => state.range)
  const testNow = useTestClockStore((state) => state.now)
  const [showFigures, setShowFigures] = useState(false)
  const summaryId = useId()
  const figuresId = useId()
  useEffect(() => {
    void stores.copyLag.getState().load(node)
  }, [stores, node, range, reloadKey, testNow])

  const chart = view?.chart ?? null
  if (chart === null || chart.series.length === 0) return null
  const single = node.kind === 'copy'
  const title = chartTitle(chart, single)
  const drawn = chart.series.some((series) => series.samples.length > 0)
  return (
    <Box component="section" aria-label="Copy Lag" sx={{ flexShrink: 0, borderBottom: 1, borderColor: 'divider' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, px: 1.5, pt: 0.5, flexWrap: 'wrap' }}>
        <Typography variant="subtitle2" component="h2" sx={{ fontSize: 13, mr: 'auto' }}>
          {single ? 'Copy Lag' : 'Copy Lag of the Copies'}
        </Typography>
        <ToggleButtonGroup
          size="small"
          exclusive
          value={range}
          aria-label="Range"
          onChange={(_event, value: LagRangeKey | null) => {
            if (value !== null) stores.copyLag.getState().setRange(value)
          }}
        >
          {lagRanges.map((choice) => (
            <ToggleButton key={choice.key} value={choice.key} sx={{ py: 0, px: 1, fontSize: 12, textTransform: 'none' }}>
              {choice.label}
            </ToggleButton>
          ))}
        </ToggleButtonGroup>
        <Button size="small" variant="outlined" aria-expanded={showFigures} aria-controls={figuresId} onClick={() => setShowFigures((shown) => !shown)}>
          {showFigures ? 'Hide figures' : 'Show figures'}
        </Button>
        <Button size="small" variant="outlined" aria-label="Export CSV: copy lag figures" onClick={() => saveCsv(csvFileName(title), lagCsv(chart))}>
          Export CSV
        </Button>
      </Box>
      <Box role="figure" aria-label={title} aria-describedby={summaryId} sx={{ px: 0.5 }}>
        {drawn ? (
          <LagLines chart={chart} single={single} />
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ px: 1, py: 2 }}>
            No sample in this range yet: the CommServe records the backlog at each scheduler tick.
          </Typography>
        )}
        <Typography id={summaryId} variant="body2" color="text.secondary" sx={{ px: 1, pb: 0.5, fontSize: 12 }}>
          {lagSummary(chart)}
        </Typography>
      </Box>
      <Box id={figuresId} hidden={!showFigures}>
        {showFigures && <LagFigures chart={chart} single={single} />}
      </Box>
    </Box>
  )
}
