import type { IpcRendererEvent } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { eventChannel, invokeChannel } from './channels'
import { createConsoleApi, type IpcRendererLike } from './console-bridge'

type Listener = (event: IpcRendererEvent, ...args: unknown[]) => void

/** An ipcRenderer stand-in: `answer` decides what invoke resolves; `push` delivers an event as main would. */
function fakeIpcRenderer(answer: (channel: string, message: unknown) => Promise<unknown>) {
  const listeners = new Set<Listener>()
  const ipc = {
    invoke: vi.fn(answer),
    on: vi.fn((channel: string, listener: Listener) => {
      expect(channel).toBe(eventChannel)
      listeners.add(listener)
    }),
    removeListener: vi.fn((_channel: string, listener: Listener) => listeners.delete(listener)),
  }
  const ipcEvent = { sender: 'the ipcRenderer itself', ports: [] } as unknown as IpcRendererEvent
  const push = (message: unknown) => {
    for (const listener of [...listeners]) listener(ipcEvent, message)
  }
  return { ipc: ipc as unknown as IpcRendererLike & typeof ipc, listeners, push }
}

describe('createConsoleApi', () => {
  it('exposes invoke and on, nothing else', () => {
    const api = createConsoleApi(fakeIpcRenderer(async () => ({ ok: true, value: 1 })).ipc)
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
  })

  it('sends { command, input } on the invoke channel and resolves the value', async () => {
    const fake = fakeIpcRenderer(async () => ({ ok: true, value: { name: 'cs01' } }))
    const api = createConsoleApi(fake.ipc)
    await expect(api.invoke('commcell:info', {})).resolves.toEqual({ name: 'cs01' })
    expect(fake.ipc.invoke).toHaveBeenCalledWith(invokeChannel, { command: 'commcell:info', input: {} })
  })

  it('rejects with the plain { code, message, field } error', async () => {
    const error = { code: 'invalid_input', message: 'limit: too big', field: 'limit' }
    const api = createConsoleApi(fakeIpcRenderer(async () => ({ ok: false, error })).ipc)
    const rejection = await api.invoke('events:list', { limit: 5000, beforeId: null }).catch((e: unknown) => e)
    expect(rejection).toEqual(error)
    expect(rejection).not.toBeInstanceOf(Error)
  })

  it('turns a failed IPC call or a garbled answer into structured errors', async () => {
    const down = createConsoleApi(fakeIpcRenderer(async () => Promise.reject(new Error('No handler registered'))).ipc)
    await expect(down.invoke('commcell:info', {})).rejects.toMatchObject({ code: 'unavailable' })
    const garbled = createConsoleApi(fakeIpcRenderer(async () => 'what?').ipc)
    await expect(garbled.invoke('commcell:info', {})).rejects.toMatchObject({ code: 'internal' })
  })

  it('passes listeners the payload of their event only, never the IPC event', () => {
    const fake = fakeIpcRenderer(async () => undefined)
    const api = createConsoleApi(fake.ipc)
    const tree = vi.fn()
    const events = vi.fn()
    api.on('tree:changed', tree)
    api.on('events:new', events)
    fake.push({ event: 'tree:changed', payload: { nodeIds: ['a'] } })
    expect(tree).toHaveBeenCalledTimes(1)
    expect(tree.mock.calls[0]).toEqual([{ nodeIds: ['a'] }])
    expect(events).not.toHaveBeenCalled()
    fake.push('garbage')
    fake.push(null)
    expect(tree).toHaveBeenCalledTimes(1)
  })

  it('uses one ipcRenderer listener, removed when the last subscriber leaves', () => {
    const fake = fakeIpcRenderer(async () => undefined)
    const api = createConsoleApi(fake.ipc)
    const first = vi.fn()
    const second = vi.fn()
    const offFirst = api.on('tree:changed', first)
    const offSecond = api.on('tree:changed', second)
    expect(fake.listeners.size).toBe(1)
    offFirst()
    offFirst()
    fake.push({ event: 'tree:changed', payload: { nodeIds: [] } })
    expect(first).not.toHaveBeenCalled()
    expect(second).toHaveBeenCalledTimes(1)
    offSecond()
    expect(fake.listeners.size).toBe(0)
    expect(fake.ipc.removeListener).toHaveBeenCalledTimes(1)
  })

  it('keeps delivering when one listener throws', () => {
    const fake = fakeIpcRenderer(async () => undefined)
    const api = createConsoleApi(fake.ipc)
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
    const after = vi.fn()
    api.on('tree:changed', () => {
      throw new Error('boom')
    })
    api.on('tree:changed', after)
    fake.push({ event: 'tree:changed', payload: { nodeIds: [] } })
    expect(after).toHaveBeenCalledTimes(1)
    spy.mockRestore()
  })

  it('refuses a listener that is not a function', () => {
    const api = createConsoleApi(fakeIpcRenderer(async () => undefined).ipc)
    expect(() => api.on('tree:changed', 'nope' as never)).toThrow(TypeError)
  })
})
