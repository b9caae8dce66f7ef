import { describe, expect, test, vi } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { financeCopy } from '../testing/copy-fixtures'
import { createDialogsStore } from './dialogs-store'

const at = { top: 10, left: 10 }
const node = (id: string, kind: TreeNode['kind'], name: string): TreeNode => ({ id, kind, name, hasChildren: false, detail: '' })

describe('dialogs store: context menus', () => {
  test('a copy menu opens once copies:get said whether the copy is the primary', async () => {
    const api = fakeConsoleApi({
      'copies:get': ({ copyId }) => financeCopy(copyId === 10 ? { id: 10, copyType: 'primary' } : {}),
    })
    const dialogs = createDialogsStore(api, vi.fn())
    const pending = dialogs.getState().openContextMenu(node('copy:11', 'copy', 'Copy_2'), at)
    expect(dialogs.getState().contextMenu).toBeNull()
    await pending
    expect(dialogs.getState().contextMenu?.facts).toEqual({ primaryCopy: false, copyType: 'synchronous', tapeCopy: false })
    await dialogs.getState().openContextMenu(node('copy:10', 'copy', 'Primary'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ primaryCopy: true, copyType: 'primary', tapeCopy: false })
  })

  test('other nodes open at once; a menu closed before the answer stays closed', async () => {
    const api = fakeConsoleApi({ 'copies:get': () => financeCopy() })
    const dialogs = createDialogsStore(api, vi.fn())
    void dialogs.getState().openContextMenu(node('mountPath:1', 'mountPath', '/data/DiskLib01/MountPath01'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({})
    const pending = dialogs.getState().openContextMenu(node('copy:11', 'copy', 'Copy_2'), at)
    dialogs.getState().closeContextMenu()
    await pending
    expect(dialogs.getState().contextMenu).toBeNull()
  })

  test('a storage policy menu opens once auxcopy:form said whether the policy has an active secondary copy', async () => {
    const api = fakeConsoleApi({
      'auxcopy:form': ({ storagePolicyId }) => ({
        policies: storagePolicyId === 2 ? [{ id: 2, name: 'SP_Finance', copies: [{ id: 3, name: 'Copy_2', toBeCopied: 4 }] }] : [],
      }),
    })
    const dialogs = createDialogsStore(api, vi.fn())
    await dialogs.getState().openContextMenu(node('storagePolicy:2', 'storagePolicy', 'SP_Finance'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ hasActiveSecondaryCopy: true })
    await dialogs.getState().openContextMenu(node('storagePolicy:1', 'storagePolicy', 'SP_Default'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ hasActiveSecondaryCopy: false })
  })

  test('when the copy cannot be read, its menu opens without Delete and the failure is reported', async () => {
    const report = vi.fn()
    const api = fakeConsoleApi({})
    const dialogs = createDialogsStore(api, report)
    await dialogs.getState().openContextMenu(node('copy:11', 'copy', 'Copy_2'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({})
    expect(report).toHaveBeenCalled()
  })

  test('a copy on tape, a tape library and a medium open with what their menus need', async () => {
    const api = fakeConsoleApi({
      'copies:get': () => financeCopy({ drivePoolId: 1, scratchPoolId: 1 }),
      'libraries:get': ({ libraryId }) => ({ id: libraryId, name: 'TapeLib01', kind: 'tape', mediaAgents: ['ma01'], mediaCapacityBytes: 4 * 1024 ** 3 }),
      'media:get': ({ mediumId }) => ({
        id: mediumId, barcode: 'CV0001L6', status: 'Appendable', library: 'TapeLib01', scratchPool: 'ScratchPool01',
        storagePolicy: 'SP_Finance', copy: 'Copy_3', usedBytes: 1024, capacityBytes: 4 * 1024 ** 3, jobs: 1,
      }),
    })
    const dialogs = createDialogsStore(api, vi.fn())
    await dialogs.getState().openContextMenu(node('copy:12', 'copy', 'Copy_3'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ primaryCopy: false, copyType: 'synchronous', tapeCopy: true })
    await dialogs.getState().openContextMenu(node('library:3', 'library', 'TapeLib01'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ tapeLibrary: true })
    await dialogs.getState().openContextMenu(node('media:1', 'media', 'CV0001L6'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ mediaStatus: 'Appendable' })
  })
})
