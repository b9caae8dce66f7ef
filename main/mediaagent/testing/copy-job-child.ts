// A child process for the crash test: copies one job (`node --import tsx copy-job-child.ts <sourceDir> <targetDir>`)
// and prints `done` when the job is durable; the test SIGKILLs it part way through.
import { copyJob } from '../copy-job'

const [sourceDir, targetDir] = process.argv.slice(2)
if (!sourceDir || !targetDir) throw new Error('usage: copy-job-child.ts <sourceDir> <targetDir>')
const result = await copyJob({ source: sourceDir, targetDir })
process.stdout.write(`done ${result.chunksWritten}\n`)
