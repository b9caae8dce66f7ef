import { describe, expect, test } from 'vitest'
import type { CopyVerificationData } from '../../app/model/jobs'
import type { TreeNode } from '../../app/model/tree'
import { alwaysConnected } from '../api/console-api'
import { financeCopy, financeForm } from '../testing/copy-fixtures'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { createConsoleStores } from './console-stores'
import { createCopyVerificationStore } from './copy-verification-store'

const copy2: TreeNode = { id: 'copy:11', kind: 'copy', name: 'Copy_2', hasChildren: false, detail: '' }
const data: CopyVerificationData = {
  copy: 'Copy_2',
  jobs: [
    { jobId: 31, backupType: 'Incremental', startTime: 3000, status: 'Bad', verifiedAt: null, badReason: '/lib/J31/C000001.chk: checksum mismatch' },
    { jobId: 30, backupType: 'Full', startTime: 2000, status: 'Available', verifiedAt: 5000, badReason: '' },
  ],
  more: true,
}

describe('Copy Properties > Verification', () => {
  test("opening the tab shows it and asks for the copy's newest 500 jobs, every time it is opened", async () => {
    const api = fakeConsoleApi({ 'copies:verification': () => data })
    const store = createCopyVerificationStore(api)
    await store.getState().show(11)
    expect(store.getState()).toMatchObject({ shown: true, view: { copyId: 11, status: 'ready', data } })
    expect(api.calls).toEqual([{ command: 'copies:verification', input: { copyId: 11, limit: 500, offset: 0 } }])
    store.getState().hide()
    expect(store.getState().shown).toBe(false)
    const again = store.getState().show(11)
    // The rows already shown stay while the fresh ones load.
    expect(store.getState().view).toMatchObject({ status: 'loading', data })
    await again
    expect(api.calls).toHaveLength(2)
  })

  test('a failed load says why; an answer for a closed dialog is dropped', async () => {
    let answer: (value: CopyVerificationData) => void = () => {}
    const api = fakeConsoleApi({
      'copies:verification': ({ copyId }) => {
        if (copyId === 404) throw { code: 'not_found', message: 'Copy 404 does not exist.', field: 'copyId' }
        return new Promise<CopyVerificationData>((resolve) => (answer = resolve))
      },
    })
    const store = createCopyVerificationStore(api)
    await store.getState().show(404)
    expect(store.getState().view).toMatchObject({ status: 'error', error: 'Copy 404 does not exist.' })
    const pending = store.getState().show(11)
    store.getState().reset()
    answer(data)
    await pending
    expect(store.getState()).toMatchObject({ shown: false, view: null })
  })

  test('in the console, another Copy Properties tab or a new opening leaves the Verification tab', async () => {
    const api = fakeConsoleApi({
      'tree:children': () => ({ nodes: [] }),
      'copies:form': () => financeForm(),
      'copies:get': () => financeCopy(),
      'copies:verification': () => data,
    })
    const stores = createConsoleStores(api, alwaysConnected)
    const stop = stores.start()
    stores.runAction('copyProperties', copy2)
    await settle()
    await stores.copyVerification.getState().show(11)
    stores.copyDialog.getState().setTab('retention')
    expect(stores.copyVerification.getState().shown).toBe(false)

    await stores.copyVerification.getState().show(11)
    stores.copyDialog.getState().close()
    expect(stores.copyVerification.getState()).toMatchObject({ shown: false, view: null })
    stop()
  })
})
