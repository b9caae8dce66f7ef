import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path, { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contentTypeOf, resolveAppRequest, serveAppRequest } from './app-protocol'
import { contentSecurityPolicy } from './security'

let base: string
let rendererDir: string
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'app-protocol-'))
  rendererDir = join(base, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>CommCell Browser</title>')
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer')
})
afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('resolveAppRequest', () => {
  it('maps app://commcell paths into the renderer folder, / to index.html', () => {
    expect(resolveAppRequest(rendererDir, 'GET', 'app://commcell/')).toMatchObject({ kind: 'file', file: join(rendererDir, 'index.html') })
    expect(resolveAppRequest(rendererDir, 'GET', 'app://commcell/assets/index-abc.js?v=1#x')).toMatchObject({
      kind: 'file',
      file: join(rendererDir, 'assets', 'index-abc.js'),
      contentType: 'text/javascript; charset=utf-8',
    })
  })

  it.each([
    'app://commcell/..%2fsecret.txt',
    'app://commcell/assets/..%2f..%2fsecret.txt',
    'app://commcell/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  ])('refuses path traversal %s', (url) => {
    expect(resolveAppRequest(rendererDir, 'GET', url)).toMatchObject({ kind: 'refused', status: 403 })
  })

  it('refuses backslash traversal on Windows', () => {
    const target = resolveAppRequest('C:\\app\\renderer', 'GET', 'app://commcell/..%5C..%5Csecret.txt', path.win32)
    expect(target).toMatchObject({ kind: 'refused', status: 403 })
    expect(resolveAppRequest('C:\\app\\renderer', 'GET', 'app://commcell/assets/a.js', path.win32)).toMatchObject({
      kind: 'file',
      file: 'C:\\app\\renderer\\assets\\a.js',
    })
  })

  it.each(['app://commcell/../../secret.txt', 'app://commcell/%2e%2e/secret.txt', 'app://commcell/%2E%2E/%2e%2e/secret.txt'])(
    'keeps the dot segments of %s inside the folder (the URL parser removes them first)',
    (url) => {
      expect(resolveAppRequest(rendererDir, 'GET', url)).toMatchObject({ kind: 'file', file: join(rendererDir, 'secret.txt') })
    },
  )

  it('refuses other hosts, other methods, malformed escapes and NUL bytes', () => {
    expect(resolveAppRequest(rendererDir, 'GET', 'app://evil/index.html')).toMatchObject({ status: 404 })
    expect(resolveAppRequest(rendererDir, 'POST', 'app://commcell/index.html')).toMatchObject({ status: 405 })
    expect(resolveAppRequest(rendererDir, 'GET', 'app://commcell/%E0%A4%A')).toMatchObject({ status: 400 })
    expect(resolveAppRequest(rendererDir, 'GET', 'app://commcell/index.html%00.js')).toMatchObject({ status: 400 })
  })
})

describe('serveAppRequest', () => {
  it('serves a file with its type and the Content Security Policy', async () => {
    const response = await serveAppRequest(rendererDir, new Request('app://commcell/index.html'))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>CommCell Browser</title>')
  })

  it('answers HEAD without a body', async () => {
    const response = await serveAppRequest(rendererDir, new Request('app://commcell/index.html', { method: 'HEAD' }))
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('')
  })

  it('never serves a file outside the renderer folder', async () => {
    const refused = await serveAppRequest(rendererDir, new Request('app://commcell/..%2fsecret.txt'))
    expect(refused.status).toBe(403)
    expect(await refused.text()).not.toContain('outside')
    expect(refused.headers.get('content-security-policy')).toBe(contentSecurityPolicy)
    const normalized = await serveAppRequest(rendererDir, new Request('app://commcell/%2e%2e/secret.txt'))
    expect(normalized.status).toBe(404)
  })

  it('answers 404 for missing files and folders', async () => {
    expect((await serveAppRequest(rendererDir, new Request('app://commcell/nope.js'))).status).toBe(404)
    expect((await serveAppRequest(rendererDir, new Request('app://commcell/assets'))).status).toBe(404)
  })
})

describe('contentTypeOf', () => {
  it('knows what Vite emits and falls back to bytes', () => {
    expect(contentTypeOf('a.CSS')).toBe('text/css; charset=utf-8')
    expect(contentTypeOf('font.woff2')).toBe('font/woff2')
    expect(contentTypeOf('blob.bin')).toBe('application/octet-stream')
  })
})
