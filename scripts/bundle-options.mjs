// esbuild options shared by the app build (build.mjs) and the unit tests' bundle of the MediaAgent worker
// (main/testing/global-setup.ts): the same externals and the same `require` shim, so both bundles load alike.

/** A bundle for Node 20; native and host-provided modules stay outside it. */
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: ['better-sqlite3', 'electron', 'ws', 'bufferutil', 'utf-8-validate'],
}

/** An ESM bundle's `require`, for the CommonJS modules bundled into it and the externals they load. */
export const esmRequireBanner = { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }
