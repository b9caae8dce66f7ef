// Development and test bootstrap of the MediaAgent worker: a worker thread cannot load a .ts entry through
// `--import tsx`, so it registers tsx's ESM hooks itself, then imports the real entry. The app build bundles
// media-agent-worker.ts instead. The unit tests' global setup bundles it once per run (from the sources as they are)
// and names the bundle in COMMCELL_TEST_WORKER_BUNDLE: each of the run's many MediaAgents then starts in about half
// the time, without compiling every source file through tsx's hooks again.
const bundle = process.env.COMMCELL_TEST_WORKER_BUNDLE
if (bundle) {
  await import(bundle)
} else {
  const { register } = await import('tsx/esm/api')
  register()
  await import('./media-agent-worker.ts')
}
