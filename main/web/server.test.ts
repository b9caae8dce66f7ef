import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { HostFrame } from '../../app/ipc/wire'
import { startBrowserHost, type BrowserHost } from './server'

let host: BrowserHost
let dataDir: string
let rendererDir: string

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'commcell-web-'))
  rendererDir = mkdtempSync(join(tmpdir(), 'commcell-renderer-'))
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>CommCell Browser</title>')
  host = await startBrowserHost({ port: 0, dataDir, profile: 'demo', rendererDir })
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
    ws.send(JSON.stringify({ type: 'invoke', id: 7, command: 'tree:children', input: { nodeId: 'storagePolicies' } }))
    const frame = await answer
    expect(frame).toMatchObject({ type: 'result', ok: true })
    expect(JSON.stringify(frame)).toContain('SP_Finance')
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
