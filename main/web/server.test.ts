import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { maxFrameBytes, type HostFrame } from '../../app/ipc/wire'
import { DataDirInUseError } from '../launcher/data-dir-lock'
import { startBrowserHost, type BrowserHost } from './server'

let host: BrowserHost
let dataDir: string
let rendererDir: string

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'commcell-web-'))
  rendererDir = mkdtempSync(join(tmpdir(), 'commcell-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>CommCell Browser</title>')
  // The empty CommCell: these tests are about the host, not the demo's data (which takes seconds to write).
  host = await startBrowserHost({ port: 0, dataDir, profile: 'empty', rendererDir })
})
afterEach(async () => {
  await host.close()
  rmSync(dataDir, { recursive: true, force: true })
  rmSync(rendererDir, { recursive: true, force: true })
})

const token = () => new URL(host.url).searchParams.get('token')!

/** Opens a socket with the given token and origin; resolves when open, rejects with the refusal status. */
function connect(options: { token?: string; origin?: string; hostHeader?: string } = {}): Promise<WebSocket> {
  const url = `ws://127.0.0.1:${host.port}/ws?token=${encodeURIComponent(options.token ?? token())}`
  const ws = new WebSocket(url, {
    origin: options.origin ?? `http://127.0.0.1:${host.port}`,
    headers: options.hostHeader ? { host: options.hostHeader } : {},
  })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)))
    ws.once('error', reject)
  })
}

function nextFrame(ws: WebSocket, match: (frame: HostFrame) => boolean): Promise<HostFrame> {
  return new Promise((resolve) => {
    const listener = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as HostFrame
      if (match(frame)) {
        ws.off('message', listener)
        resolve(frame)
      }
    }
    ws.on('message', listener)
  })
}

describe('the browser-mode host', () => {
  it('prints a loopback URL with a random token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/)
  })

  it('answers commands over the socket', async () => {
    const ws = await connect()
    const answer = nextFrame(ws, (frame) => frame.type === 'result' && frame.id === 7)
    ws.send(JSON.stringify({ type: 'invoke', id: 7, command: 'tree:children', input: { nodeId: 'libraries' } }))
    const frame = await answer
    expect(frame).toMatchObject({ type: 'result', ok: true })
    expect(JSON.stringify(frame)).toContain('DiskLib01')
    ws.close()
  })

  it('answers malformed frames with a structured error and stays up', async () => {
    const ws = await connect()
    const bad = nextFrame(ws, (frame) => frame.type === 'result' && !frame.ok)
    ws.send('{not json')
    expect(await bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const unknown = nextFrame(ws, (frame) => frame.type === 'result' && frame.id === 3)
    ws.send(JSON.stringify({ type: 'invoke', id: 3, command: 'policies:drop', input: {} }))
    expect(await unknown).toMatchObject({ ok: false, error: { code: 'unknown_command' } })
    ws.close()
  })

  it('refuses a wrong token, a foreign origin and a foreign Host header', async () => {
    await expect(connect({ token: 'guess' })).rejects.toThrow('HTTP 401')
    await expect(connect({ origin: 'https://evil.example' })).rejects.toThrow('HTTP 403')
    await expect(connect({ hostHeader: 'rebind.example:80' })).rejects.toThrow('HTTP 403')
  })

  it('serves the renderer with a Content Security Policy and refuses foreign Host headers and traversal', async () => {
    const page = await fetch(`http://127.0.0.1:${host.port}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'")
    const traversal = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc/passwd`)
    expect(traversal.status).toBe(404)
  })

  it('pushes events recorded by the services to every console', async () => {
    const ws = await connect()
    const pushed = nextFrame(ws, (frame) => frame.type === 'event' && frame.event === 'events:new')
    host.backend.bus.emit('events:new', {
      id: 1, time: 0, severity: 'Information', program: 'CommServe', computer: 'x', jobId: null, description: 'hello',
    })
    expect(await pushed).toMatchObject({ payload: { description: 'hello' } })
    ws.close()
  })
})

/** Runs one command over a socket and resolves its result frame. */
async function invoke(ws: WebSocket, id: number, command: string, input: unknown = {}): Promise<HostFrame> {
  const answer = nextFrame(ws, (frame) => frame.type === 'result' && frame.id === id)
  ws.send(JSON.stringify({ type: 'invoke', id, command, input }))
  return answer
}

/** Resolves the close code the host sent a socket; the client's own errors (a reset while sending) are ignored. */
function closeCode(ws: WebSocket): Promise<number> {
  ws.on('error', () => undefined)
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)))
}

/** A client frame built by hand (RFC 6455 5.2), masked unless told otherwise, payload under 126 bytes. */
function rawFrame(opcode: number, payload: Buffer, masked = true): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78])
  const header = Buffer.from([0x80 | opcode, (masked ? 0x80 : 0) | payload.length])
  if (!masked) return Buffer.concat([header, payload])
  return Buffer.concat([header, mask, Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))])
}

/** Writes bytes straight onto a connected client's TCP socket, past the ws library's own checks. */
function writeRaw(ws: WebSocket, bytes: Buffer): void {
  ;(ws as unknown as { _socket: Socket })._socket.write(bytes)
}

/** A plain HTTP request with a raw path (no normalising) and an optional Host header. */
function get(path: string, options: { method?: string; host?: string } = {}): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${host.port}` } },
      (response) => {
        response.resume()
        response.once('end', () => resolve({ status: response.statusCode!, headers: response.headers }))
      },
    )
    request.once('error', reject)
    request.end()
  })
}

/** The headers every response of the host carries, pages and refusals alike. */
function expectSecurityHeaders(headers: IncomingHttpHeaders): void {
  expect(headers['content-security-policy']).toContain("default-src 'self'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['x-frame-options']).toBe('DENY')
  expect(headers['referrer-policy']).toBe('no-referrer')
  expect(headers['cross-origin-opener-policy']).toBe('same-origin')
  expect(headers['cross-origin-resource-policy']).toBe('same-origin')
}

/**
 * Records errors nobody handled while a test runs. In the real host such an error ends the process (and every
 * console with it); under Vitest the worker survives it, so the test has to look.
 */
function watchUncaught(): { readonly errors: unknown[]; stop(): void } {
  const errors: unknown[] = []
  const record = (error: unknown) => errors.push(error)
  process.on('uncaughtException', record)
  return { errors, stop: () => process.off('uncaughtException', record) }
}

describe('a protocol fault on one socket', () => {
  let uncaught: ReturnType<typeof watchUncaught>
  beforeEach(() => {
    uncaught = watchUncaught()
  })
  afterEach(() => uncaught.stop())

  it('closes a socket that sends a frame over the size limit (1009) and keeps every other console connected', async () => {
    const [offender, bystander] = await Promise.all([connect(), connect()])
    const closed = closeCode(offender)
    offender.send('x'.repeat(maxFrameBytes + 1))
    expect(await closed).toBe(1009)
    expect(await invoke(bystander, 1, 'commcell:info')).toMatchObject({ type: 'result', ok: true })
    expect(uncaught.errors).toEqual([])
    const newcomer = await connect()
    expect(await invoke(newcomer, 2, 'commcell:info')).toMatchObject({ ok: true })
    bystander.close()
    newcomer.close()
  })

  it.each([
    ['an unknown opcode (0x3)', rawFrame(0x3, Buffer.alloc(0)), 1002],
    ['a text frame that is not UTF-8', rawFrame(0x1, Buffer.from([0xff, 0xfe, 0xfd])), 1007],
    ['an unmasked client frame', rawFrame(0x1, Buffer.from('{}'), false), 1002],
  ])('closes a socket that sends %s and keeps the host up', async (_name, bytes, code) => {
    const [offender, bystander] = await Promise.all([connect(), connect()])
    const closed = closeCode(offender)
    writeRaw(offender, bytes)
    expect(await closed).toBe(code)
    expect(await invoke(bystander, 1, 'commcell:info')).toMatchObject({ type: 'result', ok: true })
    expect(uncaught.errors).toEqual([])
    bystander.close()
  })

  it('still answers a binary frame with an error frame and keeps the socket open', async () => {
    const ws = await connect()
    const refused = nextFrame(ws, (frame) => frame.type === 'result' && !frame.ok)
    ws.send(Buffer.from('{}'), { binary: true })
    expect(await refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'Frames must be JSON text.' } })
    expect(await invoke(ws, 4, 'commcell:info')).toMatchObject({ ok: true })
    ws.close()
  })
})

describe('error responses', () => {
  it('answers a malformed percent-encoding with 400, not 500', async () => {
    const response = await get('/%E0%A4%A')
    expect(response.status).toBe(400)
    expectSecurityHeaders(response.headers)
  })

  it.each([
    ['a missing file', '/missing.js', {}, 404],
    ['a POST', '/', { method: 'POST' }, 405],
    ['a foreign Host header', '/', { host: 'rebind.example' }, 403],
  ])('carries the security headers on %s', async (_name, path, options, status) => {
    const response = await get(path, options)
    expect(response.status).toBe(status)
    expectSecurityHeaders(response.headers)
  })

  it('carries them on a refused WebSocket upgrade too', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=guess`, { origin: `http://127.0.0.1:${host.port}` })
    ws.on('error', () => undefined)
    const response = await new Promise<{ statusCode?: number; headers: IncomingHttpHeaders }>((resolve) =>
      ws.once('unexpected-response', (_request, res) => resolve(res)),
    )
    expect(response.statusCode).toBe(401)
    expectSecurityHeaders(response.headers)
  })
})

describe('a second console on the same data folder', () => {
  it('refuses to start, in one line naming the console that holds it, and leaves the first one serving', async () => {
    const second = startBrowserHost({ port: 0, dataDir, profile: 'demo', rendererDir })
    await expect(second).rejects.toBeInstanceOf(DataDirInUseError)
    const error = (await second.catch((caught: unknown) => caught)) as DataDirInUseError
    expect(error.message).not.toContain('\n')
    expect(error.message).toMatch(
      new RegExp(`^The data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by CommCell Browser \\(browser mode, pid ${process.pid} on `),
    )
    expect(error.message).toMatch(/started \d{4}-\d{2}-\d{2} \d{2}:\d{2}\); close that console first or use --data-dir\.$/)
    const ws = await connect()
    expect(await invoke(ws, 1, 'commcell:info')).toMatchObject({ ok: true })
    ws.close()
  })
})
