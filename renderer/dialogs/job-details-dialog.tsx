/**
 * Job Details: a job's figures (live while it runs, from the Job Controller's rows), what its outcome means for the
 * data, its throughput over time, the backup jobs it copied, restored or verified, and its errors.
 */
import CloseIcon from '@mui/icons-material/Close'
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import Button from '@mui/material/Button'
import CircularProgress from '@mui/material/CircularProgress'
import Dialog from '@mui/material/Dialog'
import DialogActions from '@mui/material/DialogActions'
import DialogContent from '@mui/material/DialogContent'
import DialogTitle from '@mui/material/DialogTitle'
import IconButton from '@mui/material/IconButton'
import { lazy, Suspense, useId, type ReactNode } from 'react'
import type { JobDetails, JobRow } from '../../app/model/jobs'
import { useCommServeNow } from '../components/use-commserve-now'
import { formatBytes, formatDateTime } from '../format/cell-format'
import { elapsedMs, formatElapsed, formatProgress, formatThroughput, movedFigures, statusTone, toneColor } from '../format/job-format'
import { useJobsStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { useWhileClosing } from '../components/use-while-closing'
import { DetailsTable } from './details-table'

/** The throughput chart, loaded when a Job Details first shows it (MUI X Charts stays out of the console's start). */
const JobThroughputSection = lazy(() => import('./job-throughput-section').then((module) => ({ default: module.JobThroughputSection })))

/**
 * The figures of a job, as label and read-only value pairs; `moved`: what a backup or auxiliary copy read and wrote
 * (and, to a deduplicated copy, the blocks it wrote and found in the DDB).
 */
function JobFigures({ job, now, moved }: { job: JobRow; now: number; moved: readonly [string, string][] }) {
  const throughput = formatThroughput(job.throughput)
  const figures: [string, ReactNode][] = [
    ['Job ID', String(job.jobId)],
    ['Operation', job.operation],
    ['Status', <Box component="span" sx={{ color: toneColor[statusTone(job.status)], fontWeight: 500 }}>{job.status}</Box>],
    ['Phase', job.phase],
    ['Client', job.client],
    ['Storage Policy', job.storagePolicy],
    ['Copy', job.copy],
    ['Progress', formatProgress(job.progress)],
    ['Start Time', formatDateTime(job.startTime)],
    ['End Time', job.endTime === null ? '' : formatDateTime(job.endTime)],
    ['Elapsed', formatElapsed(elapsedMs(job, now))],
    // A verification writes nothing: it reads the copy's data back.
    [job.operation === 'Data Verification' ? 'Size read' : 'Size transferred', `${formatBytes(job.bytesDone)} of ${formatBytes(job.bytesTotal)}`],
    [job.endTime === null ? 'Current throughput' : 'Average throughput', throughput === '' ? '' : `${throughput} MB/s`],
    ...moved,
    ['Reason', job.reason],
  ]
  if (job.description !== '') figures.push(['Description', job.description])
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr) max-content minmax(0, 1fr)',
        columnGap: 3,
        rowGap: 1.5,
        '& dt': { color: 'console.muted' },
        '& dd': { m: 0, overflowWrap: 'anywhere' },
      }}
    >
      {figures.map(([label, value]) => (
        <Box key={label} sx={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd aria-label={label}>{value === '' ? '—' : value}</dd>
        </Box>
      ))}
    </Box>
  )
}

/** What the job's outcome says of the data, in the CommServe's exact words. */
function Availability({ text }: { text: string }) {
  const headingId = useId()
  return (
    <Box component="section" aria-labelledby={headingId}>
      <Box id={headingId} sx={{ fontWeight: 600, mb: 1 }}>
        What this means for the data
      </Box>
      <Box component="p" sx={{ m: 0, lineHeight: 1.5 }}>
        {text}
      </Box>
    </Box>
  )
}

/** The loaded details: figures, what they mean for the data, items, errors. */
function DetailsBody({ details, live }: { details: JobDetails; live: JobRow | undefined }) {
  const job = live ?? details.job
  const now = useCommServeNow(job.endTime === null)
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
      <JobFigures job={job} now={now} moved={movedFigures(details)} />
      {/* Data Aging only removes data: it has no throughput to show. */}
      {job.operation !== 'Data Aging' && (
        <Suspense fallback={null}>
          <JobThroughputSection jobId={job.jobId} running={job.endTime === null} />
        </Suspense>
      )}
      {details.availability !== '' && <Availability text={details.availability} />}
      {/* A backup handles one job, itself: it has no items to list. */}
      {job.operation !== 'Backup' && <DetailsTable
        label="Items"
        columns={[
          { label: 'Job ID' },
          { label: 'Copy' },
          { label: 'Backup Type' },
          // A verification reads; what it read of a Bad job is not counted.
          { label: job.operation === 'Data Verification' ? 'Size verified' : 'Size', numeric: true },
          { label: 'Status' },
        ]}
        rows={details.items.map((item) => ({
          key: `${item.backupJobId}-${item.copy}`,
          cells: [String(item.backupJobId), item.copy, item.backupType, formatBytes(item.bytes), item.status],
        }))}
      />}
      <DetailsTable
        label="Errors"
        columns={[{ label: 'Job ID' }, { label: 'File', breakAnywhere: true }, { label: 'Reason', width: '30%' }]}
        rows={details.errors.map((error, index) => ({
          key: String(index),
          cells: [error.backupJobId === null ? '' : String(error.backupJobId), error.file, error.reason],
        }))}
      />
    </Box>
  )
}

/** The Job Details dialog (one at a time, from the jobs store). */
export function JobDetailsDialog() {
  const stores = useStores()
  const session = useJobsStore((state) => state.details)
  const shown = useWhileClosing(session)
  const live = useJobsStore((state) => (shown === null ? undefined : state.jobs[shown.jobId]))
  const titleId = useId()
  const close = (): void => stores.jobs.getState().closeDetails()

  return (
    <Dialog
      open={session !== null}
      onClose={close}
      maxWidth={false}
      aria-labelledby={titleId}
      // A fixed height: the throughput chart, its figures and the items arrive after the dialog opens, and a dialog
      // growing around them moved OK from under the pointer (a click pressed before the chart came was released
      // beside it). What does not fit scrolls.
      slotProps={{ paper: { sx: { width: 760, maxWidth: 'calc(100vw - 32px)', height: 'min(880px, calc(100% - 64px))' } } }}
    >
      <DialogTitle id={titleId} sx={{ pr: 12, bgcolor: 'console.chrome', borderBottom: 1, borderColor: 'console.border' }}>
        Job Details
      </DialogTitle>
      <IconButton aria-label="Close" onClick={close} sx={{ position: 'absolute', right: 6, top: 6 }}>
        <CloseIcon sx={{ fontSize: 18 }} />
      </IconButton>
      <DialogContent sx={{ px: 5, pt: '16px !important', pb: 4, minHeight: 300 }}>
        {shown?.status === 'loading' && shown.details === null && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 8 }}>
            <CircularProgress size={24} aria-label="Loading job details" />
          </Box>
        )}
        {shown?.status === 'error' && (
          <Alert severity="error" sx={{ mb: 3 }}>
            {shown.error}
          </Alert>
        )}
        {shown?.details != null && <DetailsBody details={shown.details} live={live} />}
      </DialogContent>
      <DialogActions sx={{ borderTop: 1, borderColor: 'console.border', px: 4, py: 2 }}>
        <Button variant="contained" onClick={close} sx={{ minWidth: 80 }}>
          OK
        </Button>
      </DialogActions>
    </Dialog>
  )
}
