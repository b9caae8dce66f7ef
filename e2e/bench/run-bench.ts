// `npm run bench`: prints figures as JSON lines, each with a baseline measured in the same run and their ratio.
// Not a test: nothing here asserts a time.
import { consoleBench } from './console-bench'

await consoleBench(Number(process.env.BENCH_RUNS ?? 5))
