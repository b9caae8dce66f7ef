import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WebSocketServer, type WebSocket } from 'ws'
import { maxFrameBytes, socketPath, tokenParam, type HostFrame } from '../../app/ipc/wire'
import { createBackend, type Backend } from '../backend'

export { prepareDataDir } from '../backend'
import type { DemoProfile } from '../catalog/demo-commcell'
import { handleFrame } from './socket-frames'
import { SocketFlow } from './socket-flow'

/** How `npm start -- --browser` wants the browser-mode host. */
export interface BrowserHostOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number
  readonly dataDir: string
  readonly profile: DemoProfile
  /** Start with a CommServe clock that moves only by `test:advanceClock` (`--test-clock`, for tests). */
  readonly testClock?: boolean
  /** Where the test clock starts (`--test-clock-at`); the wall clock's time when absent. */
  readonly testClockAt?: number | null
  /** The MediaAgent moves data at most this fast (`--test-throttle`, for tests). */
  readonly testThrottleBytesPerSecond?: number | null
  /** The renderer build folder; found next to the bundle (dist/renderer) when not given. */
  readonly rendererDir?: string
  /** The CommServe passphrase given at start (`--key-file`). */
  readonly passphrase?: string
}

/** A running browser-mode host. */
export interface BrowserHost {
  /** The console URL with its per-start token: `http://127.0.0.1:PORT/?token=TOKEN`. */
  readonly url: string
  readonly port: number
  readonly backend: Backend
  /** Stops accepting, closes every socket, then closes the backend (catalog) cleanly. */
  close(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
}

const securityHeaders = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

/** Answers a request with a plain-text error, carrying the same security headers as the pages. */
function refuseRequest(response: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  response.writeHead(status, { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8', ...extra }).end(text)
}

/** The path a request names, decoded; undefined when it is not a URL or its percent-encoding is malformed. */
function requestPath(request: IncomingMessage): string | undefined {
  try {
    return decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
  } catch {
    return undefined
  }
}

/** Finds the renderer build: dist/renderer beside the bundled host, or under the working folder. */
function findRendererDir(): string {
  const candidates = [fileURLToPath(new URL('../renderer', import.meta.url)), join(process.cwd(), 'dist', 'renderer')]
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')))
  if (found === undefined) throw new Error('The renderer is not built (dist/renderer/index.html is missing); run `npm run build`.')
  return found
}

/** Constant-time comparison of the presented token with this start's token. */
function tokenMatches(presented: string | null, token: string): boolean {
  if (presented === null) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Starts the browser-mode host: the renderer build over http and the contract over one WebSocket, on 127.0.0.1
 * only, with a random token per start and `Host`/`Origin` checks (so other sites and DNS rebinding cannot reach
 * the CommServe).
 */
export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const rendererDir = resolve(options.rendererDir ?? findRendererDir())
  const token = randomBytes(24).toString('base64url')
  const backend = createBackend({
    dataDir: options.dataDir, profile: options.profile, host: 'browser', testClock: options.testClock ?? false, testClockAt: options.testClockAt ?? null,
    testThrottleBytesPerSecond: options.testThrottleBytesPerSecond ?? null,
    ...(options.passphrase === undefined ? {} : { passphrase: options.passphrase }),
  })
  try {
    await backend.ready
  } catch (error) {
    await backend.close()
    throw error
  }
  let port = 0
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const serveFile = async (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts().has(request.headers.host ?? '')) return refuseRequest(response, 403, 'Forbidden host')
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refuseRequest(response, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    }
    const pathname = requestPath(request)
    if (pathname === undefined) return refuseRequest(response, 400, 'Bad request')
    const relative = pathname === '/' ? 'index.html' : normalize(pathname).replace(/^[/\\]+/, '')
    const file = resolve(rendererDir, relative)
    if (!file.startsWith(rendererDir + sep)) return refuseRequest(response, 404, 'Not found')
    try {
      const body = await readFile(file)
      response.writeHead(200, {
        ...securityHeaders,
        'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': relative === 'index.html' ? 'no-store' : 'public, max-age=31536000, immutable',
      })
      response.end(request.method === 'HEAD' ? undefined : body)
    } catch {
      refuseRequest(response, 404, 'Not found')
    }
  }

  const server = createServer((request, response) => {
    serveFile(request, response).catch(() => {
      if (response.headersSent) response.end()
      else refuseRequest(response, 500, 'Internal error')
    })
  })
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes })

  // A protocol fault (oversized frame, bad opcode, invalid UTF-8, a reset) must end that one socket, never the host:
  // an 'error' event nobody listens to would throw and take the process down with every other console.
  sockets.on('error', () => undefined)
  server.on('upgrade', (request, socket, head) => {
    socket.on('error', () => socket.destroy())
    const refuse = (status: number, reason: string) => {
      const headers = Object.entries(securityHeaders).map(([name, value]) => `${name}: ${value}\r\n`).join('')
      socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\n${headers}Content-Length: 0\r\n\r\n`)
    }
    let url: URL
    try {
      url = new URL(request.url ?? '/', 'http://localhost')
    } catch {
      return refuse(400, 'Bad Request')
    }
    if (url.pathname !== socketPath) return refuse(404, 'Not Found')
    if (!allowedHosts().has(request.headers.host ?? '')) return refuse(403, 'Forbidden')
    if (!allowedOrigins().has(request.headers.origin ?? '')) return refuse(403, 'Forbidden')
    if (!tokenMatches(url.searchParams.get(tokenParam), token)) return refuse(401, 'Unauthorized')
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request))
  })

  // Each console's requests are answered no faster than it reads the answers (see socket-flow.ts).
  const flows = new Map<WebSocket, SocketFlow>()
  sockets.on('connection', (ws: WebSocket) => {
    const flow = new SocketFlow(ws, (text) => handleFrame(backend.handlers, text))
    flows.set(ws, flow)
    // ws closes the socket itself (1009 too big, 1002 protocol error, 1007 bad UTF-8); this only keeps the host up.
    ws.on('error', () => undefined)
    ws.on('close', () => {
      flows.delete(ws)
      flow.close()
    })
    ws.on('message', (data, isBinary) => flow.received(isBinary ? null : data.toString()))
  })
  const unsubscribe = backend.bus.subscribe(({ event, payload }) => {
    const frame: HostFrame = { type: 'event', event, payload }
    for (const flow of flows.values()) flow.send(frame)
  })

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen)
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', rejectListen)
      resolveListen()
    })
  }).catch(async (error: unknown) => {
    await backend.close()
    throw error
  })
  port = (server.address() as AddressInfo).port
  // An accept error after listening (too many open files, say) is said once per kind and never ends the host.
  const seenServerErrors = new Set<string>()
  server.on('error', (error: NodeJS.ErrnoException) => {
    const kind = error.code ?? error.message
    if (seenServerErrors.has(kind)) return
    seenServerErrors.add(kind)
    process.stderr.write(`The console's web server hit an error and goes on: ${error.message}\n`)
  })

  let closing: Promise<void> | undefined
  return {
    url: `http://127.0.0.1:${port}/?${tokenParam}=${token}`,
    port,
    backend,
    close: () => {
      closing ??= (async () => {
        unsubscribe()
        for (const ws of sockets.clients) ws.close(1001, 'The CommServe is shutting down')
        sockets.close()
        server.closeAllConnections()
        await new Promise<void>((done) => server.close(() => done()))
        await backend.close()
      })()
      return closing
    },
  }
}
