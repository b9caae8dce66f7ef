/** The context menu of a Job Controller row (Suspend, Resume, Kill, Details by the job's status) and Kill's question. */
import { useRef } from 'react'
import { assertNever } from '../../app/model/assert'
import { isActiveStatus, type Operation } from '../../app/model/jobs'
import { jobMenuFor } from '../../app/rules/context-menu'
import { ConfirmDialog } from '../dialogs/confirm-dialog'
import { useJobsStore } from '../stores/job-hooks'
import { useStores } from '../stores/stores-context'
import { JobRowMenu } from './job-row-menu'
import { useWhileClosing } from './use-while-closing'

/** The open job row menu (one at a time, from the jobs store). */
export function JobContextMenu() {
  const stores = useStores()
  const menu = useJobsStore((state) => state.menu)
  const shown = useWhileClosing(menu)
  const job = useJobsStore((state) => (shown === null ? undefined : state.jobs[shown.jobId]))
  const items = job === undefined ? [] : jobMenuFor(job.status)
  const close = (): void => stores.jobs.getState().closeMenu()

  return (
    <JobRowMenu
      open={menu !== null && job !== undefined}
      jobId={shown?.jobId ?? null}
      position={shown?.position ?? null}
      items={items}
      onChoose={(action) => shown !== null && stores.jobs.getState().runMenuAction(action, shown.jobId)}
      onClose={close}
    />
  )
}

/** What Kill leaves behind, by the job's operation. */
function killConsequence(operation: Operation | undefined): string {
  switch (operation) {
    case 'Auxiliary Copy':
      return 'Jobs it finished copying stay on the copy; the others are copied by the next auxiliary copy.'
    case 'Backup':
      return 'Nothing of this backup is kept; the next backup takes its data.'
    case 'Restore':
      return 'Files already restored stay in the destination folder.'
    case 'Data Aging':
      return 'Jobs it already aged stay Aged; their data not yet removed is removed by the next Data Aging.'
    case 'Data Verification':
    case undefined:
      return 'It stops at once and ends as Killed.'
    default:
      return assertNever(operation, 'operation')
  }
}

/** Kill's question: "Kill job N?", and what killing it leaves behind. */
export function KillJobDialog() {
  const stores = useStores()
  const prompt = useJobsStore((state) => state.killPrompt)
  const lastJobId = useRef<number | null>(null)
  if (prompt !== null) lastJobId.current = prompt.jobId
  const job = useJobsStore((state) => (lastJobId.current === null ? undefined : state.jobs[lastJobId.current]))
  // The job may end while the question is open: then there is nothing left to kill.
  const ended = prompt !== null && job !== undefined && !isActiveStatus(job.status)
  return (
    <ConfirmDialog
      open={prompt !== null}
      title="Kill Job"
      message={`Kill job ${lastJobId.current ?? ''}? ${killConsequence(job?.operation)}`}
      confirmLabel="Kill"
      cancelLabel="Cancel"
      destructive
      busy={prompt?.busy ?? false}
      error={prompt?.error ?? (ended ? `Job ${job.jobId} has ended (${job.status}); there is nothing to kill.` : null)}
      confirmDisabled={ended}
      onConfirm={() => void stores.jobs.getState().confirmKill()}
      onCancel={() => stores.jobs.getState().cancelKill()}
    />
  )
}
