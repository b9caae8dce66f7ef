// Browse and Restore at scale: a subclient of 100,000 files (100 folders of 1,000), backed up Full; opening one of
// its folders through `restore:browse` (the browse index) beside listing the same folder on disk with each entry's
// size and time (readdir + lstat, what a file manager does), in the same run. The first open of the job, which
// builds its index from the manifest, is reported on its own.
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { CommandInput, CommandName, CommandOutput } from '../../app/ipc/contract'
import { createBackend, type Backend } from '../../main/backend'
import { dispatch } from '../../main/ipc/dispatch'
import { median, report, round } from './stats'

async function call<C extends CommandName>(backend: Backend, command: C, input: CommandInput<C>): Promise<CommandOutput<C>> {
  const result = await dispatch(backend.handlers, command, input)
  if (!result.ok) throw new Error(`${command}: ${result.error.message}`)
  return result.value as CommandOutput<C>
}

/** Lists a folder as a file manager shows it: each entry's name, kind, size and modified time. */
function listOnDisk(folder: string): number {
  let bytes = 0
  for (const name of readdirSync(folder)) bytes += lstatSync(join(folder, name)).size
  return bytes
}

export async function browseBench(runs = 5, folders = 100, filesPerFolder = 1000): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'commcell-browse-bench-'))
  const content = join(scratch, 'content')
  for (let f = 0; f < folders; f++) {
    const folder = join(content, `d${String(f).padStart(3, '0')}`)
    mkdirSync(folder, { recursive: true })
    for (let n = 0; n < filesPerFolder; n++) writeFileSync(join(folder, `file-${String(n).padStart(5, '0')}.txt`), `file ${f}/${n}\n`)
  }
  const backend = createBackend({ dataDir: join(scratch, 'data'), profile: 'demo', host: 'browser', hostName: 'bench', demoData: false })
  try {
    await backend.ready
    await call(backend, 'subclients:update', { subclientId: 2, content: [content] })
    const { jobId } = await call(backend, 'backup:run', { subclientId: 2, backupType: 'Full' })
    for (;;) {
      const { job } = await call(backend, 'jobs:details', { jobId })
      if (job.status === 'Completed') break
      if (!['Running', 'Waiting', 'Pending'].includes(job.status)) throw new Error(`the backup ended ${job.status}`)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const stored = (path: string) => path.split('/').filter(Boolean).join('/')
    const middle = join(content, `d${String(Math.floor(folders / 2)).padStart(3, '0')}`)
    const browse = (path: string) => call(backend, 'restore:browse', { subclientId: 2, at: null, copyId: null, folder: stored(path) })

    const loop = monitorEventLoopDelay({ resolution: 5 })
    loop.enable()
    const first = performance.now()
    const opened = await browse(middle)
    const firstOpen = performance.now() - first
    loop.disable()
    if (opened.entries.length !== filesPerFolder) throw new Error(`the browse listed ${opened.entries.length} entries, not ${filesPerFolder}`)

    const index: number[] = []
    const disk: number[] = []
    for (let round = 0; round < Math.max(runs, 20); round++) {
      let started = performance.now()
      await browse(middle)
      index.push(performance.now() - started)
      started = performance.now()
      listOnDisk(middle)
      disk.push(performance.now() - started)
    }
    const files = (folders * filesPerFolder).toLocaleString('en')
    report({
      figure: `Browse and Restore: open a folder of ${filesPerFolder.toLocaleString('en')} files in a subclient of ${files} files (browse index)`,
      unit: 'ms', median: round(median(index)), runs: index.length,
      baseline: 'the same folder listed on disk (readdir + lstat of each entry)', baselineMedian: round(median(disk)),
      ratio: round(median(index) / median(disk)),
    })
    report({ figure: `Browse and Restore: first open of the ${files}-file job (its index built from the manifest)`, unit: 'ms', value: round(firstOpen) })
    report({ figure: 'Browse and Restore: longest main event-loop delay during that first open', unit: 'ms', value: round(loop.max / 1e6) })
  } finally {
    await backend.close()
    rmSync(scratch, { recursive: true, force: true })
  }
}
