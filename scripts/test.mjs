// `npm test`: the type check, lint and build, then the unit tests and the browser tests side by side (on 2 cores about
// a minute less than one after the other). The browser tests' output streams as it comes; the unit tests' is printed
// whole when they end, so neither is cut into the other. Exits non-zero when any part fails.
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
// The type check, lint and build side by side (the browser tests need the build; it is made before either test run
// starts, so the unit tests never see a half-written one); each one's output printed whole, in this order.
const checks = await Promise.all([
  run(npm, ['run', 'typecheck'], { quiet: true }),
  run(npm, ['run', 'lint'], { quiet: true }),
  run('node', ['build.mjs'], { quiet: true }),
])
for (const check of checks) process.stdout.write(check.output)
const failed = checks.find((check) => check.code !== 0)
if (failed !== undefined) process.exit(failed.code)

console.log('\nUnit tests (vitest) and browser tests (Playwright) run side by side; the unit tests report when they end.\n')
const unit = run(npm, ['run', 'test:unit', '--', '--reporter=default'], { quiet: true }).then((result) => {
  process.stdout.write(`\n──── Unit tests (vitest) ────\n${result.output}\n──── Unit tests ended (exit ${result.code}) ────\n\n`)
  return result.code
})
const e2e = run('npx', ['playwright', 'test']).then((result) => result.code)
const [unitCode, e2eCode] = await Promise.all([unit, e2e])
if (unitCode !== 0 || e2eCode !== 0) {
  console.error(`npm test failed: unit tests exit ${unitCode}, browser tests exit ${e2eCode}.`)
  process.exit(1)
}
