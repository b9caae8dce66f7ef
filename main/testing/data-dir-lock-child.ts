// A starter for the lock race test: says `ready` once started, tries to take the data folder when the test writes
// `go` (every child at once), prints `won` or `refused`, and keeps a won lock until the test writes `release`, so
// no racer, however late, can find the folder free.
import { createInterface } from 'node:readline'
import { acquireDataDirLock, isDataDirInUseError } from '../launcher/data-dir-lock'

const dataDir = process.argv[2]!
const lines = createInterface({ input: process.stdin })
let lock: { release(): void } | undefined
lines.on('line', (line) => {
  if (line === 'go') {
    try {
      lock = acquireDataDirLock(dataDir, { host: 'browser' })
      process.stdout.write('won\n')
    } catch (error) {
      process.stdout.write(isDataDirInUseError(error) ? 'refused\n' : `failed ${String(error)}\n`)
    }
  } else if (line === 'release') {
    lock?.release()
    lines.close()
  }
})
process.stdout.write('ready\n')
