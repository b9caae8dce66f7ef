// Development and test bootstrap of the copy worker: a worker thread cannot load a .ts entry through `--import tsx`,
// so it registers tsx's ESM hooks itself, then imports the real entry. The app build bundles copy-worker.ts instead.
import { register } from 'tsx/esm/api'

register()
await import('./copy-worker.ts')
