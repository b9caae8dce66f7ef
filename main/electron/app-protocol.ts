/**
 * The app:// protocol handler: serves the renderer build (dist/renderer) and nothing else, with the Content
 * Security Policy on every response. No `electron` import: `protocol.handle` in main.ts passes it the request, and
 * tests call it with plain `Request` objects.
 */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { appHost, appScheme, contentSecurityPolicy } from './security'

/** Where a request leads: a file inside the renderer folder, or a refusal with its HTTP status. */
export type AppRequestTarget =
  | { readonly kind: 'file'; readonly file: string; readonly contentType: string }
  | { readonly kind: 'refused'; readonly status: 400 | 403 | 404 | 405; readonly reason: string }

/** Content types by extension for what Vite emits; anything else is served as opaque bytes. */
const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
}

/** The content type for a file name. */
export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * Maps an app:// request to a file inside `rendererDir`, refusing other hosts, other methods, malformed escapes and
 * any path that would leave the folder (`..`, encoded `%2e%2e%2f`, backslashes on Windows, absolute paths).
 * `pathApi` is `node:path` by default; tests pass `path.win32` to check Windows separators.
 */
export function resolveAppRequest(
  rendererDir: string,
  method: string,
  url: string,
  pathApi: path.PlatformPath = path,
): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'refused', status: 405, reason: `method ${method}` }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { kind: 'refused', status: 400, reason: 'not a URL' }
  }
  if (parsed.protocol !== `${appScheme}:` || parsed.host !== appHost) {
    return { kind: 'refused', status: 404, reason: `host ${parsed.host}` }
  }
  let relativePath: string
  try {
    relativePath = decodeURIComponent(parsed.pathname)
  } catch {
    return { kind: 'refused', status: 400, reason: 'malformed escape' }
  }
  if (relativePath.includes('\0')) return { kind: 'refused', status: 400, reason: 'NUL in path' }
  if (relativePath === '/' || relativePath === '') relativePath = '/index.html'

  const root = pathApi.resolve(rendererDir)
  const file = pathApi.resolve(root, `.${relativePath}`)
  const inside = pathApi.relative(root, file)
  if (inside === '' || inside === '..' || inside.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(inside)) {
    return { kind: 'refused', status: 403, reason: 'outside the renderer folder' }
  }
  return { kind: 'file', file, contentType: contentTypeOf(file) }
}

/** The headers every app:// response carries. */
function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': contentSecurityPolicy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  })
}

/** Answers one app:// request from `rendererDir`: the file with the CSP, or a plain-text refusal. */
export async function serveAppRequest(rendererDir: string, request: Request): Promise<Response> {
  const target = resolveAppRequest(rendererDir, request.method, request.url)
  if (target.kind === 'refused') return refusal(target.status)
  try {
    const info = await stat(target.file)
    if (!info.isFile()) return refusal(404)
    const body = request.method === 'HEAD' ? null : await readFile(target.file)
    const headers = baseHeaders(target.contentType)
    headers.set('Content-Length', String(info.size))
    return new Response(body, { status: 200, headers })
  } catch {
    return refusal(404)
  }
}

/** A refusal response, still carrying the CSP. */
function refusal(status: number): Response {
  const text = status === 404 ? 'Not found' : status === 405 ? 'Method not allowed' : status === 403 ? 'Forbidden' : 'Bad request'
  return new Response(text, { status, headers: baseHeaders('text/plain; charset=utf-8') })
}
