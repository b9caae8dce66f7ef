// A console process for the unreadable-file test, run as an unprivileged user when the tests run as root (root
// reads every file): backs up a content folder as the demo's `finance` subclient and prints the job's Details.
import { createBackend } from '../backend'
import { dispatch } from '../ipc/dispatch'

const [dataDir, folder] = process.argv.slice(2)
if (!dataDir || !folder) throw new Error('usage: backup-child.ts <dataDir> <contentFolder>')
const backend = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01', demoData: false })
await backend.ready
const update = await dispatch(backend.handlers, 'subclients:update', { subclientId: 2, content: [folder] })
if (!update.ok) throw new Error(update.error.message)
const started = await dispatch(backend.handlers, 'backup:run', { subclientId: 2, backupType: 'Full' })
if (!started.ok) throw new Error(started.error.message)
const jobId = (started.value as { jobId: number }).jobId
for (;;) {
  const details = await dispatch(backend.handlers, 'jobs:details', { jobId })
  if (!details.ok) throw new Error(details.error.message)
  const { job } = details.value as { job: { status: string } }
  if (!['Running', 'Pending', 'Waiting', 'Suspended'].includes(job.status)) {
    const restorable = await dispatch(backend.handlers, 'restore:form', { subclientId: 2 })
    process.stdout.write(`${JSON.stringify({ details: details.value, restorable: restorable.ok ? restorable.value : null })}\n`)
    break
  }
  await new Promise((resolve) => setTimeout(resolve, 50))
}
await backend.close()
