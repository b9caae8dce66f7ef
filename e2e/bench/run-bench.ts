// `npm run bench`: prints figures as JSON lines, each with a baseline measured in the same run and their ratio.
// Not a test: nothing here asserts a time. BENCH_RUNS sets the repetitions; BENCH_ONLY=console|copy|browse|engine|dedup|tape|memory
// runs one part; BENCH_ENGINE_MIB sets the engine dataset (default 2048 MiB), BENCH_DEDUP_MIB the dedup one (default
// 1024 MiB); memory-bench.ts lists the memory part's knobs. BENCH_ONLY=tape: aux copy to emulated tape media and restore
// from them beside cp -r + sync (tape-bench.ts); BENCH_TAPE_MIB sets its dataset (default 1024 MiB), BENCH_TAPE_MEDIUM_MIB
// each medium's capacity (default 256 MiB, so the job spans several media).
import { tmpdir } from 'node:os'
import { runEngineBench } from './media-bench'
import { browseBench } from './browse-bench'
import { consoleBench } from './console-bench'
import { copyBench } from './copy-bench'
import { dedupBench } from './dedup-bench'
import { memoryBench } from './memory-bench'
import { tapeBench } from './tape-bench'
import { report } from './stats'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const only = process.env.BENCH_ONLY
if (only === undefined || only === 'console') await consoleBench(runs)
if (only === undefined || only === 'copy') await copyBench(runs)
if (only === undefined || only === 'browse') await browseBench(runs)
if (only === undefined || only === 'engine') {
  const bytes = Number(process.env.BENCH_ENGINE_MIB ?? 2048) * 1024 * 1024
  for (const figure of await runEngineBench({ scratchDir: tmpdir(), bytes })) {
    report({ figure: `engine: ${figure.name}`, unit: figure.unit, value: figure.value, ...(figure.samples ? { samples: figure.samples } : {}) })
  }
}
if (only === undefined || only === 'dedup') {
  await dedupBench({ rounds: runs, scratchDir: tmpdir(), bytes: Number(process.env.BENCH_DEDUP_MIB ?? 1024) * 1024 * 1024 })
}
if (only === undefined || only === 'tape') {
  const mib = (name: string, fallback: number) => Number(process.env[name] ?? fallback) * 1024 * 1024
  await tapeBench({ rounds: runs, scratchDir: tmpdir(), bytes: mib('BENCH_TAPE_MIB', 1024), mediumBytes: mib('BENCH_TAPE_MEDIUM_MIB', 256) })
}
// Three runs of about two minutes each are enough for medians of memory figures.
if (only === undefined || only === 'memory') await memoryBench(Math.min(runs, 3))
