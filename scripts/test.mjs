// `npm test`: the build, then the type check, lint, unit tests and browser tests side by side (the browser tests need
// the build, made first so no test ever sees a half-written one; the checks need no test, and the tests spend much of
// their time waiting on disks, timers and the browser, which the checks fill). The browser tests' output streams as
// it comes; every other part's is printed whole when it ends, so none is cut into another. Exits non-zero when any
// part fails.
import { spawn } from 'node:child_process'

/** Runs a command; resolves with its exit code and, when `quiet`, its output (else it goes straight to ours). */
function run(command, args, { quiet = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', shell: process.platform === 'win32' })
    const chunks = []
    if (quiet) {
      child.stdout.on('data', (chunk) => chunks.push(chunk))
      child.stderr.on('data', (chunk) => chunks.push(chunk))
    }
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks).toString() }))
  })
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const build = await run('node', ['build.mjs'], { quiet: true })
process.stdout.write(build.output)
if (build.code !== 0) process.exit(build.code)

console.log('\nType check, lint, unit tests (vitest) and browser tests (Playwright) run side by side; all but the browser tests report when they end.\n')
/** Runs a quiet part and prints its output whole under its title when it ends; resolves with its exit code. */
const part = (title, command, args) =>
  run(command, args, { quiet: true }).then((result) => {
    process.stdout.write(`\n──── ${title} ────\n${result.output}\n──── ${title} ended (exit ${result.code}) ────\n\n`)
    return { title, code: result.code }
  })
const parts = await Promise.all([
  part('Type check', npm, ['run', 'typecheck']),
  part('Lint', npm, ['run', 'lint']),
  // One test file at a time here (two when run alone): beside the browser tests, a second vitest process took the cores
  // the stories wait on, and both ran longer (on 2 cores: about 9 minutes for both instead of 12).
  part('Unit tests (vitest)', npm, ['run', 'test:unit', '--', '--reporter=default', '--maxWorkers=1']),
  run('npx', ['playwright', 'test']).then((result) => ({ title: 'Browser tests (Playwright)', code: result.code })),
])
const failed = parts.filter((each) => each.code !== 0)
if (failed.length > 0) {
  console.error(`npm test failed: ${failed.map((each) => `${each.title} exit ${each.code}`).join(', ')}.`)
  process.exit(1)
}
