// A host process for the kill tests: opens the backend on a data folder, starts an aux copy of SP_Finance to one
// copy (Copy_2 by default, or the copy id given after the folder) with one stream (held to 20 MB/s, or the bytes a
// second given after the copy id, so the test always kills it mid-copy), and prints its progress until it is killed.
import { createBackend } from '../backend'
import { dispatch } from '../ipc/dispatch'

const dataDir = process.argv[2]!
const copyId = Number(process.argv[3] ?? 3)
const throttle = Number(process.argv[4] ?? 20_000_000)
const backend = createBackend({ dataDir, profile: 'demo', host: 'browser', hostName: 'commserve01', testThrottleBytesPerSecond: throttle })
await backend.ready
backend.bus.subscribe(({ event, payload }) => {
  if (event === 'jobs:progress') for (const job of payload.jobs) process.stdout.write(`progress ${job.bytesDone}\n`)
})
const result = await dispatch(backend.handlers, 'auxcopy:run', {
  storagePolicyId: 2, copyId, streams: 1, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: 'kill test',
})
if (!result.ok) {
  process.stderr.write(`${result.error.message}\n`)
  process.exit(1)
}
