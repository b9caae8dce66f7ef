// A starter for the lock race test: waits until the given moment (so every child tries at once), tries to take
// the data folder, prints `won` or `refused`, and keeps a won lock for a while so late racers find it alive.
import { acquireDataDirLock, isDataDirInUseError } from '../launcher/data-dir-lock'

const [dataDir, goAt] = [process.argv[2]!, Number(process.argv[3])]
while (performance.timeOrigin + performance.now() < goAt) {
  // Busy-wait: a timer would add its own jitter to the start.
}
try {
  const lock = acquireDataDirLock(dataDir, { host: 'browser' })
  process.stdout.write('won\n')
  setTimeout(() => lock.release(), 1000)
} catch (error) {
  process.stdout.write(isDataDirInUseError(error) ? 'refused\n' : `failed ${String(error)}\n`)
}
