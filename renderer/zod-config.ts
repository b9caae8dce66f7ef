/**
 * Configures zod before any schema (from app/) is built: without `jitless`, zod probes `new Function`, which the
 * page's Content Security Policy forbids and reports as a violation. Imported first by `main.tsx`.
 */
import { config } from 'zod'

config({ jitless: true })

/** Whether zod runs without generated code (always, in the renderer). */
export const zodJitless = true
