import { describe, expect, test } from 'vitest'
import type { DedupDetails } from '../../app/model/dedup'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected } from '../api/console-api'
import { financeCopy, financeForm } from '../testing/copy-fixtures'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createConsoleStores } from './console-stores'
import { createCopyDedupStore } from './copy-dedup-store'

const details: DedupDetails = {
  copy: 'Copy_3',
  mediaAgent: 'ma01',
  ddbPath: '/ddb/copy3',
  blocks: 'variable',
  figures: { jobs: 27, applicationBytes: 4_000_000, dataWrittenBytes: 1_000_000, ddbBytes: 65_536, uniqueBlocks: 120, containers: 1, savingsPercent: 75 },
  reason: '',
}
const copy3: TreeNode = { id: 'copy:12', kind: 'copy', name: 'Copy_3', hasChildren: false, detail: '' }
const copy2: TreeNode = { id: 'copy:11', kind: 'copy', name: 'Copy_2', hasChildren: false, detail: '' }

describe('Copy Properties > Deduplication figures', () => {
  test("a load asks the copy's DDB figures, and a new load keeps the last ones shown until the answer", async () => {
    const api = fakeConsoleApi({ 'copies:dedup': () => details })
    const store = createCopyDedupStore(api)
    await store.getState().load(12)
    expect(store.getState().view).toEqual({ copyId: 12, status: 'ready', data: details, error: null })
    const again = store.getState().load(12)
    expect(store.getState().view).toMatchObject({ status: 'loading', data: details })
    await again
    expect(api.calls).toEqual([
      { command: 'copies:dedup', input: { copyId: 12 } },
      { command: 'copies:dedup', input: { copyId: 12 } },
    ])
  })

  test('a failed load says why; an answer for a closed dialog is dropped', async () => {
    let answer: (value: DedupDetails) => void = () => {}
    const api = fakeConsoleApi({
      'copies:dedup': ({ copyId }) => {
        if (copyId === 11) throw { code: 'invalid_input', message: 'Copy_2 is not deduplicated.', field: 'copyId' }
        return new Promise<DedupDetails>((resolve) => (answer = resolve))
      },
    })
    const store = createCopyDedupStore(api)
    await store.getState().load(11)
    expect(store.getState().view).toMatchObject({ status: 'error', error: 'Copy_2 is not deduplicated.' })
    const pending = store.getState().load(12)
    store.getState().reset()
    answer(details)
    await pending
    expect(store.getState().view).toBeNull()
  })

  test("in the console, a deduplicated copy's Properties ask its figures as they open and each time the tab is shown; others never", async () => {
    const api = fakeConsoleApi({
      'tree:children': () => ({ nodes: [] }),
      'copies:form': () => financeForm(),
      'copies:get': ({ copyId }) =>
        copyId === 12
          ? financeCopy({ id: 12, name: 'Copy_3', dedup: true, ddbMediaAgentId: 1, ddbPath: '/ddb/copy3', dedupBlocks: 'variable' })
          : financeCopy(),
      'copies:dedup': () => details,
    })
    const stores = createConsoleStores(api, alwaysConnected)
    const stop = stores.start()
    const dedupCalls = () => api.calls.filter((call) => call.command === 'copies:dedup').length

    stores.runAction('copyProperties', copy2)
    await settle()
    expect(dedupCalls()).toBe(0)
    stores.copyDialog.getState().setTab('deduplication')
    await settle()
    expect(dedupCalls()).toBe(0)
    stores.copyDialog.getState().close()

    stores.runAction('copyProperties', copy3)
    await settle()
    expect(dedupCalls()).toBe(1)
    expect(stores.copyDedup.getState().view).toMatchObject({ copyId: 12, status: 'ready', data: details })
    expect(stores.copyDialog.getState().session?.values).toMatchObject({ dedup: true, ddbBlocks: 'variable' })
    stores.copyDialog.getState().setTab('deduplication')
    await settle()
    expect(dedupCalls()).toBe(2)
    stores.copyDialog.getState().setTab('general')
    await settle()
    expect(dedupCalls()).toBe(2)

    stores.copyDialog.getState().close()
    expect(stores.copyDedup.getState().view).toBeNull()
    stop()
  })
})
