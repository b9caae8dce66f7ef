/**
 * The console's memory (`BENCH_ONLY=memory npm run bench`, not a test): starts the browser-mode host the way the
 * README does (`node dist/main/start.js --browser --port 0 --data-dir DIR`, on a fresh demo data folder) and reads
 * the host process's RSS (`/proc/<pid>/status` VmRSS, and the highest RSS sampled every 50 ms in each phase) at:
 * start, idle; during the demo's first aux copy of SP_Finance to Copy_2 and idle after it; during a flood of requests
 * from many WebSocket clients and idle after it; while as many consoles stop reading (a frozen tab) yet keep sending,
 * and idle after they are gone. Each figure is printed beside the start-idle figure with the ratio (absolute sizes
 * vary with the machine; ratios less so). Median of BENCH_RUNS runs (at most 3).
 *
 * BENCH_MEMORY_IDLE_S (default 30), BENCH_MEMORY_FLOOD_S (20; the frozen consoles send for half as long) and
 * BENCH_MEMORY_CLIENTS (20) tune the phases; BENCH_MEMORY_ROOT measures the build of another checkout (a commit
 * before a change: `git archive HEAD | tar -x -C DIR`, node_modules linked, `node build.mjs` there);
 * BENCH_MEMORY_PROBE=1 loads `memory-probe.mjs` into the host and prints its breakdown at each point on stderr
 * (`process.memoryUsage()` of the main thread, and how much of the anonymous memory lies in malloc arenas).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import WebSocket from 'ws'
import type { HostFrame } from '../../app/ipc/wire'
import { median, report, round } from './stats'

const projectRoot = resolve(import.meta.dirname, '..', '..')
const MiB = 1024 * 1024

/** A console host under measurement. */
export interface Host {
  readonly child: ChildProcess
  readonly url: URL
  stop(): Promise<void>
}

/** Starts `node [nodeArgs] dist/main/start.js --browser --port 0 --data-dir DIR` and waits for its URL line. */
export async function startHost(dataDir: string, nodeArgs: readonly string[], env: NodeJS.ProcessEnv, root = projectRoot): Promise<Host> {
  const probe = nodeArgs.length > 0
  const child = spawn(process.execPath, [...nodeArgs, 'dist/main/start.js', '--browser', '--port', '0', '--data-dir', dataDir], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(probe ? (['ipc'] as const) : [])],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`The console did not start in 120 s.\n${stderr}`)), 120_000)
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^CommCell Browser console: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line)
      if (match) {
        clearTimeout(timer)
        done(match[1]!)
      }
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`The console exited with ${code} before printing its URL.\n${stderr}`))
    })
  })
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  // A bench stopped by a signal must not leave the host running.
  const kill = () => child.kill('SIGKILL')
  process.once('exit', kill)
  return {
    child,
    url: new URL(url),
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
      process.off('exit', kill)
    },
  }
}

/** VmRSS and VmHWM of a process, in bytes. */
export function status(pid: number): { rss: number; hwm: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8')
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024
  return { rss: field('VmRSS'), hwm: field('VmHWM') }
}

/** Samples a process's RSS every 50 ms; `peak()` is the highest since the last `reset()`. */
class RssSampler {
  private highest = 0
  private readonly timer: NodeJS.Timeout
  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 50)
    this.sample()
  }
  sample(): number {
    const { rss } = status(this.pid)
    this.highest = Math.max(this.highest, rss)
    return rss
  }
  reset(): void {
    this.highest = 0
    this.sample()
  }
  peak(): number {
    this.sample()
    return this.highest
  }
  stop(): void {
    clearInterval(this.timer)
  }
}

/** One WebSocket console: `invoke` resolves with the command's value, rejects with its error. */
export class Client {
  private nextId = 1
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as HostFrame
      if (frame.type !== 'result') return
      const waiting = this.waiting.get(frame.id)
      this.waiting.delete(frame.id)
      if (frame.ok) waiting?.resolve(frame.value)
      else waiting?.reject(new Error(`${frame.error.code}: ${frame.error.message}`))
    })
    ws.on('close', () => {
      for (const waiting of this.waiting.values()) waiting.reject(new Error('socket closed'))
      this.waiting.clear()
    })
  }

  /** Connects with the token and same-origin `Origin` and `Host`, as the console page does. */
  static connect(url: URL): Promise<Client> {
    const ws = new WebSocket(`ws://${url.host}/ws?token=${encodeURIComponent(url.searchParams.get('token')!)}`, { origin: url.origin })
    return new Promise((done, fail) => {
      ws.once('open', () => done(new Client(ws)))
      ws.once('unexpected-response', (_request, response) => fail(new Error(`HTTP ${response.statusCode}`)))
      ws.once('error', fail)
    })
  }

  invoke<T = unknown>(command: string, input: unknown): Promise<T> {
    const id = this.nextId++
    return new Promise<T>((done, fail) => {
      this.waiting.set(id, { resolve: done as (value: unknown) => void, reject: fail })
      this.ws.send(JSON.stringify({ type: 'invoke', id, command, input }))
    })
  }

  /** Sends an invoke frame without waiting for its answer. */
  post(command: string, input: unknown): void {
    this.ws.send(JSON.stringify({ type: 'invoke', id: this.nextId++, command, input }))
  }

  /** Stops reading what the host sends, as a frozen tab does. */
  freeze(): void {
    this.ws.pause()
  }

  close(): void {
    this.ws.close()
  }

  /** Drops the connection at once (a frozen console never answers a close). */
  terminate(): void {
    this.ws.terminate()
  }
}

/** The host's heap breakdown, from the probe (BENCH_MEMORY_PROBE=1). */
function probe(host: Host): Promise<Record<string, number> | null> {
  const child = host.child
  if (!child.connected) return Promise.resolve(null)
  return new Promise((done) => {
    const timer = setTimeout(() => done(null), 10_000)
    child.once('message', (message) => {
      clearTimeout(timer)
      done(message as Record<string, number>)
    })
    child.send('usage')
  })
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

/** The figures of one run, in bytes. */
interface RunFigures {
  readonly startIdle: number
  readonly copyPeak: number
  readonly copyIdle: number
  readonly floodPeak: number
  readonly floodIdle: number
  readonly frozenPeak: number
  readonly frozenIdle: number
  readonly hwm: number
  readonly copySeconds: number
  readonly floodRequests: number
}

/** Options of one run. */
export interface MemoryRunOptions {
  readonly idleMs?: number
  readonly floodMs?: number
  readonly clients?: number
  /** Extra environment for the host (e.g. MALLOC_ARENA_MAX, for comparison). */
  readonly env?: Readonly<Record<string, string>>
  /** The checkout whose build is measured (default this one). */
  readonly root?: string
  /** Load the probe into the host and print its breakdown at each point. */
  readonly probe?: boolean
  /** Print each point as it is measured (stderr). */
  readonly log?: (line: string) => void
}

/** One run: a fresh host on a fresh demo data folder, each phase measured in turn (see the file comment). */
export async function memoryRun(options: MemoryRunOptions = {}): Promise<RunFigures> {
  const idleMs = options.idleMs ?? 30_000
  const floodMs = options.floodMs ?? 20_000
  const clients = options.clients ?? 20
  const log = options.log ?? (() => undefined)
  const dataDir = mkdtempSync(join(tmpdir(), 'commcell-memory-bench-'))
  const nodeArgs = options.probe ? ['--import', join(projectRoot, 'e2e', 'bench', 'memory-probe.mjs')] : []
  const host = await startHost(dataDir, nodeArgs, { ...process.env, ...options.env }, options.root)
  const pid = host.child.pid!
  const sampler = new RssSampler(pid)
  const point = async (name: string, rss: number) => {
    const breakdown = options.probe ? await probe(host) : null
    log(`${name}: ${round(rss / MiB)} MiB${breakdown ? ` ${JSON.stringify(breakdown)}` : ''}`)
  }
  try {
    await sleep(Math.min(idleMs, 5_000))
    const startIdle = sampler.sample()
    await point('start, idle', startIdle)

    // The demo's first aux copy: SP_Finance to Copy_2, waited for until its details say it ended.
    sampler.reset()
    const admin = await Client.connect(host.url)
    const copyStarted = performance.now()
    const { jobId } = await admin.invoke<{ jobId: number }>('auxcopy:run', {
      storagePolicyId: 2, copyId: 3, streams: null, startNewMedia: false, markMediaFull: false, verifyCopiedData: false, description: '',
    })
    for (;;) {
      const details = await admin.invoke<{ job: { status: string; endTime: number | null } }>('jobs:details', { jobId })
      if (details.job.endTime !== null) {
        if (!details.job.status.startsWith('Completed')) throw new Error(`the aux copy ended ${details.job.status}`)
        break
      }
      await sleep(100)
    }
    const copySeconds = (performance.now() - copyStarted) / 1000
    const copyPeak = sampler.peak()
    await point(`aux copy ended (${round(copySeconds)} s), peak ${round(copyPeak / MiB)} MiB, now`, sampler.sample())
    admin.close()
    await sleep(idleMs)
    const copyIdle = sampler.sample()
    await point(`idle ${idleMs / 1000} s after the aux copy`, copyIdle)

    // A flood: each client sends the four commands in turn, the next as soon as the last is answered.
    sampler.reset()
    const sockets = await Promise.all(Array.from({ length: clients }, () => Client.connect(host.url)))
    let requests = 0
    const until = performance.now() + floodMs
    const requestsOf = [
      ['node:contents', { nodeId: 'copy:3' }],
      ['jobs:list', { limit: 1000, beforeId: null }],
      ['events:list', { limit: 1000, beforeId: null }],
      ['tree:children', { nodeId: 'storagePolicy:2' }],
    ] as const
    await Promise.all(
      sockets.map(async (client) => {
        for (let n = 0; performance.now() < until; n++) {
          const [command, input] = requestsOf[n % requestsOf.length]!
          await client.invoke(command, input)
          requests += 1
        }
      }),
    )
    const floodPeak = sampler.peak()
    await point(`flood ended (${requests} requests), peak ${round(floodPeak / MiB)} MiB, now`, sampler.sample())
    for (const client of sockets) client.close()
    await sleep(idleMs)
    const floodIdle = sampler.sample()
    await point(`idle ${idleMs / 1000} s after the flood`, floodIdle)

    // Consoles that stop reading and keep sending: each request asks for the CommCell's Job History (about 30 KiB).
    sampler.reset()
    const frozen = await Promise.all(Array.from({ length: clients }, () => Client.connect(host.url)))
    for (const client of frozen) client.freeze()
    const frozenUntil = performance.now() + floodMs / 2
    let posted = 0
    while (performance.now() < frozenUntil) {
      for (const client of frozen) for (let n = 0; n < 10; n++) client.post('node:jobs', { nodeId: 'commcell', limit: 10_000, offset: 0 })
      posted += 10 * frozen.length
      await sleep(5)
    }
    const frozenPeak = sampler.peak()
    for (const client of frozen) client.terminate()
    await point(`frozen consoles gone (${posted} requests sent), peak ${round(frozenPeak / MiB)} MiB, now`, sampler.sample())
    await sleep(idleMs)
    const frozenIdle = sampler.sample()
    await point(`idle ${idleMs / 1000} s after the frozen consoles`, frozenIdle)
    return { startIdle, copyPeak, copyIdle, floodPeak, floodIdle, frozenPeak: Math.max(frozenPeak, sampler.peak()), frozenIdle, hwm: status(pid).hwm, copySeconds, floodRequests: requests }
  } finally {
    sampler.stop()
    await host.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

/** The memory figures: median of `runs` runs, each beside the start-idle RSS with the ratio. */
export async function memoryBench(runs = 3): Promise<void> {
  const idleMs = Number(process.env.BENCH_MEMORY_IDLE_S ?? 30) * 1000
  const floodMs = Number(process.env.BENCH_MEMORY_FLOOD_S ?? 20) * 1000
  const clients = Number(process.env.BENCH_MEMORY_CLIENTS ?? 20)
  const probeOn = process.env.BENCH_MEMORY_PROBE === '1'
  const root = process.env.BENCH_MEMORY_ROOT
  const results: RunFigures[] = []
  for (let n = 0; n < Math.max(1, runs); n++) {
    const log = (line: string) => process.stderr.write(`memory run ${n + 1}: ${line}\n`)
    results.push(await memoryRun({ idleMs, floodMs, clients, probe: probeOn, log, ...(root ? { root } : {}) }))
  }
  const mib = (bytes: number) => round(bytes / MiB)
  const of = (key: keyof RunFigures) => median(results.map((each) => each[key]))
  const baseline = of('startIdle')
  const figure = (name: string, key: keyof RunFigures) =>
    report({
      figure: `host RSS: ${name}`, unit: 'MiB', median: mib(of(key)), runs: results.length, samples: results.map((each) => mib(each[key])),
      baseline: 'host RSS at start, idle', baselineMedian: mib(baseline), ratio: round(median(results.map((each) => each[key] / each.startIdle))),
    })
  figure('peak during the first aux copy of SP_Finance to Copy_2', 'copyPeak')
  figure(`idle ${idleMs / 1000} s after the aux copy`, 'copyIdle')
  figure(`peak during a flood of ${clients} WebSocket clients for ${floodMs / 1000} s`, 'floodPeak')
  figure(`idle ${idleMs / 1000} s after the flood`, 'floodIdle')
  figure(`peak while ${clients} consoles stop reading and keep sending for ${floodMs / 2000} s, and the ${idleMs / 1000} s after`, 'frozenPeak')
  figure(`idle ${idleMs / 1000} s after those consoles are gone`, 'frozenIdle')
  figure('VmHWM (highest RSS of the process)', 'hwm')
  report({ figure: 'first aux copy of SP_Finance to Copy_2, duration', unit: 's', median: round(of('copySeconds')), runs: results.length })
  report({ figure: `flood requests answered in ${floodMs / 1000} s`, unit: 'requests', median: of('floodRequests'), runs: results.length })
}
