import { describe, expect, test, vi } from 'vitest'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { createDialogsStore } from './dialogs-store'

const at = { top: 10, left: 10 }
const node = (id: string, kind: TreeNode['kind'], name: string): TreeNode => ({ id, kind, name, hasChildren: false, detail: '' })

describe('dialogs store: context menus', () => {
  test('a copy menu opens once node:menu said whether the copy is the primary: one request per right-click', async () => {
    const asked: string[] = []
    const api = fakeConsoleApi({
      'node:menu': ({ nodeId }) => {
        asked.push(nodeId)
        return nodeId === 'copy:10' ? { primaryCopy: true, copyType: 'primary', tapeCopy: false } : { primaryCopy: false, copyType: 'synchronous', tapeCopy: false }
      },
    })
    const dialogs = createDialogsStore(api, vi.fn())
    const pending = dialogs.getState().openContextMenu(node('copy:11', 'copy', 'Copy_2'), at)
    expect(dialogs.getState().contextMenu).toBeNull()
    await pending
    expect(dialogs.getState().contextMenu?.facts).toEqual({ primaryCopy: false, copyType: 'synchronous', tapeCopy: false })
    await dialogs.getState().openContextMenu(node('copy:10', 'copy', 'Primary'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({ primaryCopy: true, copyType: 'primary', tapeCopy: false })
    await dialogs.getState().openContextMenu(node('storagePolicy:2', 'storagePolicy', 'SP_Finance'), at)
    expect(asked).toEqual(['copy:11', 'copy:10', 'storagePolicy:2'])
  })

  test('other nodes open at once, asking nothing; a menu closed before the answer stays closed', async () => {
    const asked: string[] = []
    const api = fakeConsoleApi({
      'node:menu': ({ nodeId }) => {
        asked.push(nodeId)
        return {}
      },
    })
    const dialogs = createDialogsStore(api, vi.fn())
    void dialogs.getState().openContextMenu(node('mountPath:1', 'mountPath', '/data/DiskLib01/MountPath01'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({})
    expect(asked).toEqual([])
    const pending = dialogs.getState().openContextMenu(node('copy:11', 'copy', 'Copy_2'), at)
    dialogs.getState().closeContextMenu()
    await pending
    expect(dialogs.getState().contextMenu).toBeNull()
  })

  test('when the facts cannot be read, the menu opens without the items that need them and the failure is reported', async () => {
    const report = vi.fn()
    const api = fakeConsoleApi({})
    const dialogs = createDialogsStore(api, report)
    await dialogs.getState().openContextMenu(node('copy:11', 'copy', 'Copy_2'), at)
    expect(dialogs.getState().contextMenu?.facts).toEqual({})
    expect(report).toHaveBeenCalled()
  })
})
