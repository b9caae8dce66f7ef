// Development and test bootstrap of the MediaAgent worker: a worker thread cannot load a .ts entry through
// `--import tsx`, so it registers tsx's ESM hooks itself, then imports the real entry. The app build bundles
// media-agent-worker.ts instead.
import { register } from 'tsx/esm/api'

register()
await import('./media-agent-worker.ts')
