import { describe, expect, test, vi } from 'vitest'
import type { PolicyProperties } from '../../app/model/policy-properties'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createPolicyPropertiesStore } from './policy-properties-store'
import { createPromoteCopyStore } from './promote-copy-store'

const financeNode: TreeNode = { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' }
const copy2Node: TreeNode = { id: 'copy:3', kind: 'copy', name: 'Copy_2', hasChildren: false, detail: '' }

const policy: PolicyProperties = {
  storagePolicyId: 2, name: 'SP_Finance', type: 'iDataAgent Backup', deviceStreams: 50,
  copies: [
    { id: 2, name: 'Primary', copyType: 'primary', precedence: 1, active: true, library: 'DiskLib01' },
    { id: 3, name: 'Copy_2', copyType: 'synchronous', precedence: 2, active: true, library: 'DiskLib02' },
    { id: 4, name: 'Copy_3', copyType: 'synchronous', precedence: 3, active: true, library: 'DiskLib02' },
  ],
}

function makeDialog() {
  const api = fakeConsoleApi({
    'policies:get': () => policy,
    'policies:update': ({ deviceStreams, copyOrder }) => ({
      ...policy, deviceStreams, copies: copyOrder.map((id, index) => ({ ...policy.copies.find((copy) => copy.id === id)!, precedence: index + 1 })),
    }),
  })
  const onSaved = vi.fn()
  return { api, onSaved, dialog: createPolicyPropertiesStore(api, { onSaved }) }
}

describe('Storage Policy Properties', () => {
  test('moves Copy_3 above Copy_2, sets Device Streams, and saves both in one call', async () => {
    const { api, dialog, onSaved } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setDeviceStreams(' 8 ')
    dialog.getState().select(4)
    dialog.getState().move('up')
    // Copy_3 is next to the primary now: it cannot pass it.
    dialog.getState().move('up')
    expect(dialog.getState().session?.order.map((copy) => copy.name)).toEqual(['Primary', 'Copy_3', 'Copy_2'])
    await dialog.getState().save()
    expect(api.calls.at(-1)).toEqual({ command: 'policies:update', input: { storagePolicyId: 2, deviceStreams: 8, copyOrder: [2, 4, 3] } })
    expect(onSaved).toHaveBeenCalled()
    expect(dialog.getState().session).toBeNull()
  })

  test('a bad Device Streams is refused beside the field with the contract message, on the General page', async () => {
    const { api, dialog } = makeDialog()
    await dialog.getState().open(financeNode)
    dialog.getState().setTab('precedence')
    dialog.getState().setDeviceStreams('0')
    await dialog.getState().save()
    expect(dialog.getState().session).toMatchObject({ tab: 'general', deviceStreamsProblem: 'Device Streams must be at least 1.' })
    dialog.getState().setDeviceStreams('two')
    await dialog.getState().save()
    expect(dialog.getState().session?.deviceStreamsProblem).toBe('Device Streams must be a whole number.')
    expect(api.calls.map((call) => call.command)).toEqual(['policies:get'])
  })
})

describe('Promote to Primary confirmation', () => {
  test('shows what would happen, promotes on OK; a refusal keeps OK off with the reason', async () => {
    const result = {
      promoted: false, policy: 'SP_Finance', copy: 'Copy_2', formerPrimary: 'Primary', resourced: [], schedules: [], missing: [], missingCount: 0, fullsNext: [],
    }
    let refuse = false
    const api = fakeConsoleApi({
      'copies:promote': ({ confirm }) => {
        if (refuse) throw Object.assign(new Error('Job 9 (Backup, Running) of this storage policy has not ended; promote Copy_2 after it ends.'), { code: 'conflict', field: 'copyId' })
        return { ...result, promoted: confirm }
      },
    })
    const onPromoted = vi.fn()
    const store = createPromoteCopyStore(api, { onPromoted })
    await store.getState().open(copy2Node)
    expect(store.getState().confirmation).toMatchObject({ status: 'ready', result: { copy: 'Copy_2', promoted: false } })
    await store.getState().confirm()
    expect(api.calls.map((call) => call.input)).toEqual([{ copyId: 3, confirm: false }, { copyId: 3, confirm: true }])
    expect(onPromoted).toHaveBeenCalledWith(expect.objectContaining({ promoted: true }))
    expect(store.getState().confirmation).toBeNull()

    refuse = true
    await store.getState().open(copy2Node)
    expect(store.getState().confirmation).toMatchObject({ status: 'refused', result: null })
    expect(store.getState().confirmation?.error).toContain('Job 9 (Backup, Running)')
    await store.getState().confirm()
    expect(api.calls).toHaveLength(3)
  })
})
