import { describe, expect, test } from 'vitest'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createKeysStore } from './keys-store'

describe('Unlock Encryption Keys', () => {
  test('opens when the keys are locked; a wrong passphrase shows the CommServe refusal, the right one closes it', async () => {
    const api = fakeConsoleApi({
      'keys:state': () => ({ state: 'locked' as const }),
      'keys:unlock': ({ passphrase }) => {
        if (passphrase !== 'the passphrase') throw { code: 'invalid_input', message: 'The passphrase is not correct.', field: 'passphrase' }
        return { state: 'unlocked' as const }
      },
    })
    const store = createKeysStore(api)
    await store.getState().load()
    expect(store.getState()).toMatchObject({ state: 'locked', dialogOpen: true })
    await store.getState().unlock()
    expect(store.getState().problem).toBe('Passphrase is required.')
    store.getState().setPassphrase('guess')
    await store.getState().unlock()
    expect(store.getState()).toMatchObject({ dialogOpen: true, problem: 'The passphrase is not correct.', busy: false })
    store.getState().setPassphrase('the passphrase')
    await store.getState().unlock()
    expect(store.getState()).toMatchObject({ state: 'unlocked', dialogOpen: false, passphrase: '', problem: null })
  })

  test('stays closed when no passphrase is set or the keys are open; Later closes it', async () => {
    const none = createKeysStore(fakeConsoleApi({ 'keys:state': () => ({ state: 'none' as const }) }))
    await none.getState().load()
    expect(none.getState()).toMatchObject({ state: 'none', dialogOpen: false })
    const locked = createKeysStore(fakeConsoleApi({ 'keys:state': () => ({ state: 'locked' as const }) }))
    await locked.getState().load()
    locked.getState().setPassphrase('typed')
    locked.getState().later()
    expect(locked.getState()).toMatchObject({ dialogOpen: false, passphrase: '' })
  })
})
