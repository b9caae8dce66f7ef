import type { IpcMainInvokeEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { EventBus } from '../event-bus'
import type { CommandHandlers } from '../ipc/dispatch'
import { eventChannel, invokeChannel } from './channels'
import { answerInvoke, forbiddenResult, registerIpc, type EventTarget, type IpcMainLike } from './ipc'

const info = { name: 'cs01', commServe: 'cs01', installKind: 'new', version: '11.0', dataDir: '/d', host: 'electron' }

/** Handlers for the commands these tests send; the rest must never be reached. */
function stubHandlers() {
  const calls: string[] = []
  const handlers = {
    'commcell:info': () => {
      calls.push('commcell:info')
      return info
    },
    'tree:children': () => {
      throw new Error('disk on fire')
    },
  } as unknown as CommandHandlers
  return { handlers, calls }
}

describe('answerInvoke', () => {
  it('runs a command from the console frame through dispatch', async () => {
    const { handlers } = stubHandlers()
    expect(await answerInvoke(handlers, 'app://commcell/index.html', { command: 'commcell:info', input: {} })).toEqual({
      ok: true,
      value: info,
    })
  })

  it('refuses a frame that is not the console, before any handler runs', async () => {
    const { handlers, calls } = stubHandlers()
    for (const url of ['https://example.com/', 'file:///tmp/x.html', undefined]) {
      expect(await answerInvoke(handlers, url, { command: 'commcell:info', input: {} })).toEqual(forbiddenResult)
    }
    expect(forbiddenResult).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(calls).toEqual([])
  })

  it.each([null, 'commcell:info', 42, ['commcell:info', {}]])('answers a malformed message %j with invalid_input', async (message) => {
    const { handlers, calls } = stubHandlers()
    expect(await answerInvoke(handlers, 'app://commcell/index.html', message)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    })
    expect(calls).toEqual([])
  })

  it("passes dispatch's structured errors through: unknown command, bad input, failing service", async () => {
    const { handlers, calls } = stubHandlers()
    const url = 'app://commcell/index.html'
    expect(await answerInvoke(handlers, url, { command: 'rm:rf', input: {} })).toMatchObject({
      ok: false,
      error: { code: 'unknown_command', field: 'command' },
    })
    expect(await answerInvoke(handlers, url, { command: 'commcell:info', input: { extra: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'extra' },
    })
    expect(await answerInvoke(handlers, url, { command: 'tree:children', input: { nodeId: null } })).toMatchObject({
      ok: false,
      error: { code: 'internal' },
    })
    expect(calls).toEqual([])
  })
})

/** An ipcMain stand-in holding the registered handlers. */
function fakeIpcMain() {
  const handlers = new Map<string, (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown>()
  const ipcMain = {
    handle: vi.fn((channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) => {
      handlers.set(channel, handler)
    }),
    removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
  } as unknown as IpcMainLike
  const invoke = (frameUrl: string | null, message: unknown) => {
    const senderFrame = frameUrl === null ? null : { url: frameUrl }
    return handlers.get(invokeChannel)!({ senderFrame } as unknown as IpcMainInvokeEvent, message)
  }
  return { ipcMain, handlers, invoke }
}

/** A window's WebContents stand-in recording what it was sent. */
function fakeTarget(url: string, destroyed = false) {
  const sent: unknown[][] = []
  const target = { send: (...args: unknown[]) => sent.push(args), isDestroyed: () => destroyed, getURL: () => url }
  return { target: target as unknown as EventTarget, sent }
}

describe('registerIpc', () => {
  it('handles the one invoke channel with the sender check', async () => {
    const fake = fakeIpcMain()
    const { handlers } = stubHandlers()
    registerIpc(fake.ipcMain, { handlers, bus: new EventBus() }, () => [])
    expect([...fake.handlers.keys()]).toEqual([invokeChannel])
    expect(await fake.invoke('app://commcell/index.html', { command: 'commcell:info', input: {} })).toEqual({ ok: true, value: info })
    expect(await fake.invoke('https://example.com/', { command: 'commcell:info', input: {} })).toEqual(forbiddenResult)
    expect(await fake.invoke(null, { command: 'commcell:info', input: {} })).toEqual(forbiddenResult)
  })

  it('forwards bus events, payload and name only, to live console windows', () => {
    const bus = new EventBus()
    const console1 = fakeTarget('app://commcell/index.html')
    const closed = fakeTarget('app://commcell/index.html', true)
    const foreign = fakeTarget('https://example.com/')
    registerIpc(fakeIpcMain().ipcMain, { handlers: stubHandlers().handlers, bus }, () => [console1.target, closed.target, foreign.target])
    bus.emit('tree:changed', { nodeIds: ['policies'] })
    expect(console1.sent).toEqual([[eventChannel, { event: 'tree:changed', payload: { nodeIds: ['policies'] } }]])
    expect(closed.sent).toEqual([])
    expect(foreign.sent).toEqual([])
  })

  it('undoes both the handler and the subscription', () => {
    const fake = fakeIpcMain()
    const bus = new EventBus()
    const window = fakeTarget('app://commcell/index.html')
    const dispose = registerIpc(fake.ipcMain, { handlers: stubHandlers().handlers, bus }, () => [window.target])
    dispose()
    expect(fake.handlers.size).toBe(0)
    bus.emit('tree:changed', { nodeIds: [] })
    expect(window.sent).toEqual([])
  })
})
