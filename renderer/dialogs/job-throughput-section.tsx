/**
 * Job Details > Throughput: a backup's, aux copy's, restore's or verification's MB/s over time as a line chart with
 * its phases shaded (a suspended stretch reads as zero), the figures behind it in one sentence and, on demand, as a
 * table, and Export CSV of its samples. While the job runs, the samples are reloaded once a second.
 */
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import { useTheme } from '@mui/material/styles'
import { LineChart } from '@mui/x-charts/LineChart'
import { useDrawingArea, useXScale } from '@mui/x-charts/hooks'
import { memo, useEffect, useId, useMemo } from 'react'
import type { JobThroughput } from '../../app/model/jobs'
import { saveCsv } from '../components/save-csv'
import { formatElapsed } from '../format/job-format'
import { phaseSpans, throughputCsv, throughputPoints, throughputRows, throughputSummary, type PhaseSpan } from '../format/throughput-format'
import { useJobThroughputStore } from '../stores/job-hooks'
import { throughputRefreshMs } from '../stores/job-throughput-store'
import { useStores } from '../stores/stores-context'
import { DetailsTable } from './details-table'

const noSamples: JobThroughput['samples'] = []

/** The colour of each phase: running phases take the chart colours in turn, a stretch that moved nothing is grey. */
function usePhaseColors(spans: readonly PhaseSpan[]): Map<string, string> {
  const { console: tokens } = useTheme().palette
  return useMemo(() => {
    const palette = [tokens.accent, tokens.iconPolicy, tokens.iconFolder, tokens.iconMedia, tokens.iconSchedule]
    const colors = new Map<string, string>()
    for (const span of spans) {
      if (colors.has(span.phase)) continue
      colors.set(span.phase, span.idle ? tokens.muted : palette[[...colors.keys()].length % palette.length]!)
    }
    return colors
  }, [spans, tokens])
}

/** The phases as shaded bands behind the line, each named at its top when there is room. */
function PhaseBands({ spans, colors }: { spans: readonly PhaseSpan[]; colors: ReadonlyMap<string, string> }) {
  const xScale = useXScale<'linear'>()
  const { top, height } = useDrawingArea()
  const { muted } = useTheme().palette.console
  return (
    <g aria-hidden="true">
      {spans.map((span) => {
        const x = xScale(span.startMs / 1000)
        const width = Math.max(0, xScale(span.endMs / 1000) - x)
        return (
          <g key={`${span.phase}-${span.startMs}`}>
            <rect x={x} y={top} width={width} height={height} fill={colors.get(span.phase)} fillOpacity={span.idle ? 0.22 : 0.1} />
            {width > 90 && (
              <text x={x + 4} y={top + 12} fontSize={11} fill={muted}>
                {span.phase}
              </text>
            )}
          </g>
        )
      })}
    </g>
  )
}

/**
 * The throughput chart of a job, its figures and Export CSV. It takes only the job's id and whether it runs, so the
 * job's live row (pushed several times a second) does not draw the chart again: only new samples do.
 */
export const JobThroughputSection = memo(function JobThroughputSection({ jobId, running }: { jobId: number; running: boolean }) {
  const stores = useStores()
  const data = useJobThroughputStore((state) => (state.jobId === jobId ? state.data : null))
  const error = useJobThroughputStore((state) => (state.jobId === jobId ? state.error : null))
  const figuresShown = useJobThroughputStore((state) => state.figuresShown)
  const headingId = useId()
  const summaryId = useId()
  const figuresId = useId()

  useEffect(() => {
    const load = () => void stores.jobThroughput.getState().load(jobId)
    load()
    // A running job's line grows: reload once a second (a load still on its way is not asked again). When it ends,
    // this runs once more and its last samples are loaded.
    if (!running) return
    const timer = setInterval(load, throughputRefreshMs)
    return () => clearInterval(timer)
  }, [stores, jobId, running])
  useEffect(() => () => stores.jobThroughput.getState().reset(), [stores, jobId])

  const samples = data?.samples ?? noSamples
  const points = useMemo(() => throughputPoints(samples), [samples])
  const spans = useMemo(() => phaseSpans(samples), [samples])
  const colors = usePhaseColors(spans)
  const lastSeconds = points.at(-1)?.seconds ?? 0

  return (
    <Box component="section" aria-labelledby={headingId}>
      <Box id={headingId} sx={{ fontWeight: 600, mb: 1 }}>
        Throughput
      </Box>
      {error !== null && (
        <Box role="alert" sx={{ color: 'console.severityMajor', mb: 1 }}>
          {error}
        </Box>
      )}
      {points.length > 0 && (
        <Box
          role="figure"
          aria-label={`Throughput of job ${jobId} (MB/s over time)`}
          aria-describedby={summaryId}
          sx={{ border: 1, borderColor: 'console.border', height: 210 }}
        >
          <LineChart
            height={208}
            skipAnimation
            hideLegend
            margin={{ top: 8, right: 16, bottom: 4, left: 4 }}
            xAxis={[
              {
                data: points.map((point) => point.seconds),
                scaleType: 'linear',
                min: 0,
                max: Math.max(1, lastSeconds),
                valueFormatter: (seconds: number) => formatElapsed(seconds * 1000),
                tickNumber: 6,
                // Ticks on whole seconds: the labels show hh:mm:ss, and half seconds read as the same label twice.
                tickMinStep: 1,
              },
            ]}
            yAxis={[{ min: 0, label: 'MB/s', width: 56, valueFormatter: (value: number) => value.toFixed(value < 10 ? 1 : 0) }]}
            series={[
              {
                data: points.map((point) => point.megabytesPerSecond),
                label: 'MB/s',
                showMark: false,
                // Each interval flat at its rate (a suspended stretch at zero): a sloped or smoothed line would show
                // rates no interval had.
                curve: 'stepBefore',
                color: colors.values().next().value,
                valueFormatter: (value) => (value === null ? '' : `${value.toFixed(2)} MB/s`),
              },
            ]}
          >
            <PhaseBands spans={spans} colors={colors} />
          </LineChart>
        </Box>
      )}
      {spans.length > 0 && (
        <Box aria-hidden="true" sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2, rowGap: 0.5, mt: 1, fontSize: 12, color: 'console.muted' }}>
          {[...colors].map(([phase, color]) => (
            <Box key={phase} sx={{ display: 'flex', alignItems: 'center', gap: 0.75 }}>
              <Box sx={{ width: 10, height: 10, bgcolor: color, opacity: 0.5, border: 1, borderColor: color }} />
              {phase}
            </Box>
          ))}
        </Box>
      )}
      <Box id={summaryId} component="p" sx={{ m: 0, mt: 1, lineHeight: 1.5 }}>
        {data === null ? (error === null ? 'Loading throughput…' : '') : throughputSummary(samples)}
      </Box>
      {samples.length > 0 && (
        <Box sx={{ display: 'flex', gap: 1, mt: 1 }}>
          <Button
            size="small"
            aria-expanded={figuresShown}
            aria-controls={figuresShown ? figuresId : undefined}
            onClick={() => stores.jobThroughput.getState().showFigures(!figuresShown)}
          >
            {figuresShown ? 'Hide figures' : 'Show figures'}
          </Button>
          <Button size="small" onClick={() => saveCsv(`job-${jobId}-throughput.csv`, throughputCsv(samples))}>
            Export CSV
          </Button>
        </Box>
      )}
      {figuresShown && samples.length > 0 && (
        <Box id={figuresId} sx={{ mt: 1 }}>
          <DetailsTable
            label="Throughput figures"
            columns={[
              { label: 'Elapsed' },
              { label: 'Interval', numeric: true },
              { label: 'Transferred', numeric: true },
              { label: 'MB/s', numeric: true },
              { label: 'Phase' },
            ]}
            rows={throughputRows(samples)}
          />
        </Box>
      )}
    </Box>
  )
})
