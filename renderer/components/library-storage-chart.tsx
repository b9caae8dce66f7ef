/**
 * A library's storage use above its list (`libraries:usage`, one request per view): a disk library's used and free
 * space per mount path (stacked bars) and, for its deduplicated copies, application size against data written with
 * the savings; a tape library's media by state. Each chart has its name, its figures and Export CSV.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Typography from '@mui/material/Typography'
import { BarChart } from '@mui/x-charts/BarChart'
import { useEffect } from 'react'
import { useStore } from 'zustand'
import type { MediaStatus } from '../../app/model/entities'
import type { DedupCopyUse, LibraryUsage, MountPathSpace } from '../../app/model/storage-use'
import { formatBytes, formatCell, formatPercent } from '../format/cell-format'
import { useStores } from '../stores/stores-context'
import { colors } from '../theme'
import { ChartFigure, type ChartFigures } from './chart-figure'

const chartHeight = 150

/** Each media state's colour in the tape chart. */
const mediaColors: Readonly<Record<MediaStatus, string>> = {
  Spare: colors.severityInformation,
  Active: colors.iconPolicy,
  Appendable: colors.iconFolder,
  Full: colors.iconStorage,
  Bad: colors.offline,
}

/** A size or, for an offline mount path, nothing. */
const bytesOrOffline = (bytes: number | null): string => (bytes === null ? 'Offline' : formatBytes(bytes))
/** An axis tick or tooltip in the console's unit style. */
const bytesLabel = (value: number | null): string => (value === null ? '' : formatBytes(value))
/** The mount path's folder name (the full path is in the figures and the list below). */
const shortPath = (path: string): string => path.split(/[\\/]/).filter(Boolean).at(-1) ?? path

/** The figures behind the space chart. */
export function spaceFigures(mountPaths: readonly MountPathSpace[]): ChartFigures {
  return {
    columns: ['Mount Path', 'Used', 'Free', 'Total Capacity'],
    rows: mountPaths.map((each) => [each.path, bytesOrOffline(each.usedBytes), bytesOrOffline(each.freeBytes), bytesOrOffline(each.totalBytes)]),
    csvHeader: ['Mount Path', 'Used (bytes)', 'Free (bytes)', 'Total Capacity (bytes)', 'Offline'],
    csvRecords: mountPaths.map((each) => [each.path, each.usedBytes, each.freeBytes, each.totalBytes, each.offlineReason === '' ? null : each.offlineReason]),
  }
}

/** The figures behind the deduplication chart. */
export function savingsFigures(copies: readonly DedupCopyUse[]): ChartFigures {
  return {
    columns: ['Copy', 'Application Size', 'Data Written', 'Savings'],
    rows: copies.map(({ copy, figures, reason }) =>
      figures === null
        ? [copy, reason, '', '']
        : [copy, formatBytes(figures.applicationBytes), formatBytes(figures.dataWrittenBytes), figures.savingsPercent === null ? 'None yet' : formatPercent(figures.savingsPercent)],
    ),
    csvHeader: ['Copy', 'Application Size (bytes)', 'Data Written (bytes)', 'Savings (%)'],
    csvRecords: copies.map(({ copy, figures }) => [copy, figures?.applicationBytes ?? null, figures?.dataWrittenBytes ?? null, figures?.savingsPercent ?? null]),
  }
}

/** The figures behind the media chart. */
export function mediaFigures(media: Extract<LibraryUsage, { kind: 'tape' }>['media']): ChartFigures {
  return {
    columns: ['Status', 'Media', 'Data on Media', 'Capacity'],
    rows: media.map((each) => [each.status, formatCell(each.media, 'number'), formatBytes(each.usedBytes), formatBytes(each.capacityBytes)]),
    csvHeader: ['Status', 'Media', 'Data on Media (bytes)', 'Capacity (bytes)'],
    csvRecords: media.map((each) => [each.status, each.media, each.usedBytes, each.capacityBytes]),
  }
}

function DiskCharts({ usage }: { usage: Extract<LibraryUsage, { kind: 'disk' }> }) {
  const { mountPaths, dedupCopies } = usage
  const withFigures = dedupCopies.filter((copy) => copy.figures !== null)
  return (
    <>
      <ChartFigure label={`Space per mount path of ${usage.library}`} title="Space per mount path" fileName={`${usage.library} space.csv`} figures={spaceFigures(mountPaths)}>
        <BarChart
          height={Math.max(chartHeight, 40 + 28 * mountPaths.length)}
          layout="horizontal"
          skipAnimation
          margin={{ left: 0, right: 32, top: 4, bottom: 0 }}
          yAxis={[{ scaleType: 'band', data: mountPaths.map((each) => shortPath(each.path)), width: 96 }]}
          // The axis ends at the largest mount path's capacity, so a full bar reaches its end.
          xAxis={[{ valueFormatter: bytesLabel, tickNumber: 4, min: 0, max: Math.max(1, ...mountPaths.map((each) => each.totalBytes ?? 0)) }]}
          series={[
            { label: 'Used', stack: 'space', data: mountPaths.map((each) => each.usedBytes ?? 0), color: colors.accent, valueFormatter: bytesLabel },
            { label: 'Free', stack: 'space', data: mountPaths.map((each) => each.freeBytes ?? 0), color: colors.chromeBorder, valueFormatter: bytesLabel },
          ]}
        />
      </ChartFigure>
      {dedupCopies.length > 0 && (
        <ChartFigure label={`Deduplication savings on ${usage.library}`} title="Deduplication savings" fileName={`${usage.library} deduplication.csv`} figures={savingsFigures(dedupCopies)}>
          <BarChart
            height={Math.max(chartHeight, 40 + 36 * withFigures.length)}
            layout="horizontal"
            skipAnimation
            margin={{ left: 0, right: 32, top: 4, bottom: 0 }}
            yAxis={[{
              scaleType: 'band',
              width: 'auto',
              data: withFigures.map(({ copy, figures }) => `${copy.split(' / ').at(-1)}${figures?.savingsPercent == null ? '' : ` (${formatPercent(figures.savingsPercent)} saved)`}`),
            }]}
            xAxis={[{ valueFormatter: bytesLabel, tickNumber: 4 }]}
            series={[
              { label: 'Application size', data: withFigures.map(({ figures }) => figures!.applicationBytes), color: colors.iconCopy, valueFormatter: bytesLabel },
              { label: 'Data written', data: withFigures.map(({ figures }) => figures!.dataWrittenBytes), color: colors.iconPolicy, valueFormatter: bytesLabel },
            ]}
          />
        </ChartFigure>
      )}
    </>
  )
}

function TapeChart({ usage }: { usage: Extract<LibraryUsage, { kind: 'tape' }> }) {
  const statuses = usage.media.map((each) => each.status)
  return (
    <ChartFigure label={`Media by status of ${usage.library}`} title="Media by status" fileName={`${usage.library} media.csv`} figures={mediaFigures(usage.media)}>
      <BarChart
        height={chartHeight}
        skipAnimation
        hideLegend
        margin={{ left: 0, right: 16, top: 8, bottom: 0 }}
        xAxis={[{ scaleType: 'band', data: statuses, colorMap: { type: 'ordinal', values: statuses, colors: statuses.map((status) => mediaColors[status]) } }]}
        yAxis={[{ tickMinStep: 1, width: 32 }]}
        series={[{ label: 'Media', data: usage.media.map((each) => each.media) }]}
      />
    </ChartFigure>
  )
}

/** A library's storage use; loads on show and whenever `reloadKey` changes (the list below reloaded). */
export function LibraryStorageChart({ libraryId, reloadKey }: { libraryId: number; reloadKey: unknown }) {
  const stores = useStores()
  const view = useStore(stores.libraryUsage, (state) => (state.view?.libraryId === libraryId ? state.view : null))
  useEffect(() => {
    void stores.libraryUsage.getState().load(libraryId)
  }, [stores, libraryId, reloadKey])
  const usage = view?.data ?? null
  return (
    <Box
      role="region"
      aria-label="Storage use"
      aria-busy={view?.status === 'loading'}
      sx={{ display: 'flex', gap: 3, px: 1.5, py: 1, borderBottom: 1, borderColor: 'divider', flexShrink: 0, minHeight: chartHeight + 34 }}
    >
      {view?.status === 'error' && (
        <Alert severity="warning" variant="outlined" sx={{ flex: 1, alignSelf: 'flex-start' }}>
          {`Storage use could not be read: ${view.error}`}
        </Alert>
      )}
      {usage === null && view?.status !== 'error' && (
        <Typography variant="body2" color="text.secondary">
          Reading storage use from the MediaAgent…
        </Typography>
      )}
      {usage?.kind === 'disk' && <DiskCharts usage={usage} />}
      {usage?.kind === 'tape' && <TapeChart usage={usage} />}
    </Box>
  )
}
