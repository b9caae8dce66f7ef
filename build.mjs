// Builds what the hosts run: the renderer (Vite) and the main-process entries (esbuild). `npm start`, `npm test`
// and `npm run bench` call it first; it skips the renderer when its sources are older than the last build.
import { build as esbuild } from 'esbuild'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { build as viteBuild } from 'vite'
import { esmRequireBanner, nodeBundle } from './scripts/bundle-options.mjs'

const newest = (dir) => {
  let time = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return time
}

const rendererOut = 'dist/renderer/index.html'
const rendererStale =
  !existsSync(rendererOut) ||
  Math.max(newest('renderer'), newest('app'), statSync('vite.config.ts').mtimeMs) > statSync(rendererOut).mtimeMs
if (rendererStale || process.argv.includes('--force')) {
  await viteBuild({ configFile: 'vite.config.ts', logLevel: 'warn' })
}

const common = { ...nodeBundle, sourcemap: true }
await Promise.all([
  esbuild({
    ...common,
    format: 'esm',
    entryPoints: { start: 'main/start.ts', server: 'main/web/server.ts', 'media-agent-worker': 'main/mediaagent/media-agent-worker.ts' },
    outdir: 'dist/main',
    outExtension: { '.js': '.js' },
    banner: esmRequireBanner,
  }),
  esbuild({
    ...common,
    format: 'cjs',
    entryPoints: { 'electron-main': 'main/electron/main.ts', preload: 'main/electron/preload.ts' },
    // A CommonJS bundle has no import.meta; code that uses it falls back to __dirname when it is undefined.
    define: { 'import.meta.url': 'undefined' },
    outdir: 'dist/main',
    outExtension: { '.js': '.cjs' },
  }),
])
