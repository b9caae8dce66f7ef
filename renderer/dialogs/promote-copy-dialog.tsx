/**
 * Promote to Primary: the confirmation says what happens (the copy becomes the primary copy and new backups go to
 * it, the former primary becomes a secondary copy of it, copies sourced from the former primary follow) and what the
 * new primary lacks: the jobs Available on the former primary that it does not hold, which stay restorable from the
 * former primary by copy precedence. A copy that cannot be promoted now shows why, and OK stays off.
 */
import Alert from '@mui/material/Alert'
import Box from '@mui/material/Box'
import CircularProgress from '@mui/material/CircularProgress'
import DialogContent from '@mui/material/DialogContent'
import type { ContentsColumn } from '../../app/model/contents'
import type { PromotionResult } from '../../app/model/policy-properties'
import { PropertyTable } from '../components/properties-dialog'
import { useWhileClosing } from '../components/use-while-closing'
import { usePromoteCopyStore } from '../stores/dialog-hooks'
import { useStores } from '../stores/stores-context'
import { ConsoleDialog } from './console-dialog'
import { OkCancelActions } from './dialog-actions'

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`

/** What happens, one sentence each. */
function consequences(result: PromotionResult): string[] {
  const { copy, formerPrimary } = result
  return [
    `${copy} becomes the primary copy (copy precedence 1): new backups go to it.`,
    `${formerPrimary} becomes a synchronous secondary copy with source ${copy} (copy precedence 2). It keeps every job it holds; new backups are To Be Copied to it.`,
    ...result.schedules.map((schedule) => `${formerPrimary} takes over ${copy}'s association with ${schedule}, so its auxiliary copies bring the new backups to ${formerPrimary}.`),
    ...result.resourced.map(
      (other) =>
        `${other.name} now takes its data from ${copy}` +
        (other.lostToBeCopied === 0
          ? '.'
          : `: ${plural(other.lostToBeCopied, 'job', 'jobs')} To Be Copied to it from ${formerPrimary} ${other.lostToBeCopied === 1 ? 'is' : 'are'} not on ${copy} and will not be copied to it.`),
    ),
    ...(result.fullsNext.length === 0
      ? []
      : [`The next Incremental of ${result.fullsNext.join(' and of ')} runs as a Full: a job it would build on is not on ${copy}.`]),
  ]
}

/** The columns of the missing jobs' table; the last says each job's state on the promoted copy. */
const missingColumns = (copy: string): ContentsColumn[] => [
  { key: 'jobId', label: 'Job ID', format: 'number' },
  { key: 'subclient', label: 'Subclient', format: 'text' },
  { key: 'backupType', label: 'Type', format: 'text' },
  { key: 'startTime', label: 'Start Time', format: 'datetime' },
  { key: 'state', label: `State on ${copy}`, format: 'text' },
]

/** The question and everything a careful administrator reads before OK. */
function PromotionSummary({ result }: { result: PromotionResult }) {
  const { copy, formerPrimary, missingCount, missing } = result
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, lineHeight: 1.5 }}>
      <Box sx={{ fontWeight: 600 }}>
        Promote {copy} to the primary copy of storage policy {result.policy}?
      </Box>
      <Box component="ul" sx={{ m: 0, pl: 4, display: 'flex', flexDirection: 'column', gap: 0.5 }}>
        {consequences(result).map((line) => (
          <li key={line}>{line}</li>
        ))}
      </Box>
      {missingCount === 0 ? (
        <Box>{`${copy} holds every job Available on ${formerPrimary}.`}</Box>
      ) : (
        <>
          <Alert severity="warning" sx={{ py: 0 }}>
            {`${plural(missingCount, 'job', 'jobs')} Available on ${formerPrimary} ${missingCount === 1 ? 'is' : 'are'} not on ${copy}, so not on the new primary copy. ` +
              `${missingCount === 1 ? 'It stays' : 'They stay'} on ${formerPrimary}, restorable from it by copy precedence.` +
              (missing.length < missingCount ? ` The ${missing.length} newest are listed.` : '')}
          </Alert>
          <PropertyTable
            label={`Jobs not on ${copy}`}
            columns={missingColumns(copy)}
            maxHeight={180}
            rows={missing.map((job) => ({
              key: String(job.jobId),
              nodeId: null,
              cells: { jobId: job.jobId, subclient: job.subclient, backupType: job.backupType, startTime: job.startTime, state: job.state ?? 'Not selected' },
            }))}
          />
        </>
      )}
    </Box>
  )
}

/** Promote to Primary (one at a time, from the promote copy store). */
export function PromoteCopyDialog() {
  const stores = useStores()
  const confirmation = usePromoteCopyStore((state) => state.confirmation)
  const shown = useWhileClosing(confirmation)
  const actions = stores.promoteCopy.getState()
  const busy = confirmation?.status === 'promoting'
  return (
    <ConsoleDialog open={confirmation !== null} title="Promote to Primary" width={820} busy={busy} onClose={() => actions.close()}>
      <DialogContent sx={{ px: 5, pt: '20px !important', pb: 4, minHeight: 160 }}>
        {shown?.status === 'loading' && (
          <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }}>
            <CircularProgress size={24} aria-label={`Checking ${shown.node.name}`} />
          </Box>
        )}
        {shown?.result != null && <PromotionSummary result={shown.result} />}
        {shown?.error != null && (
          <Alert severity="error" sx={{ mt: shown.result === null ? 0 : 3 }}>
            {shown.error}
          </Alert>
        )}
      </DialogContent>
      <OkCancelActions busy={busy} busyLabel="Promoting" onOk={() => void actions.confirm()} okDisabled={confirmation?.status !== 'ready'} onCancel={() => actions.close()} />
    </ConsoleDialog>
  )
}
