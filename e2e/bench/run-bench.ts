// `npm run bench`: prints figures as JSON lines, each with a baseline measured in the same run and their ratio.
// Not a test: nothing here asserts a time. BENCH_RUNS sets the repetitions; BENCH_ONLY=console|copy runs one part.
import { consoleBench } from './console-bench'
import { copyBench } from './copy-bench'

const runs = Number(process.env.BENCH_RUNS ?? 5)
const only = process.env.BENCH_ONLY
if (only === undefined || only === 'console') await consoleBench(runs)
if (only === undefined || only === 'copy') await copyBench(runs)
