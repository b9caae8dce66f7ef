/**
 * What the right pane shows above a node's list besides the list itself: a library's storage use chart (its contents
 * tab), a secondary copy's next aux copy line (its contents and View Jobs tabs). Each part loads with one request
 * and again whenever the list below reloads.
 */
import { parseNodeId } from '../../app/model/tree'
import { useTabsStore, useTreeStore } from '../stores/stores-context'
import { LibraryStorageChart } from './lazy-charts'
import { NextAuxCopyLine } from './next-aux-copy-line'

/** The insights above the list of the tab with this id, or nothing. */
export function NodeInsights({ tabId }: { tabId: string }) {
  const tab = useTabsStore((state) => state.tabs.find((candidate) => candidate.id === tabId))
  // The list's table changes identity each time it reloads (a job ended, Refresh): the insights reload with it.
  const reloadKey = useTabsStore((state) => state.lists[tabId]?.table)
  const node = tab?.node ?? null
  const ref = node === null ? undefined : parseNodeId(node.id)
  const parentId = useTreeStore((state) => (node === null ? undefined : state.parentIds[node.id]))
  if (ref === undefined || tab === undefined) return null
  if (ref.kind === 'library' && tab.kind === 'contents') return <LibraryStorageChart libraryId={ref.id} reloadKey={reloadKey} />
  if (ref.kind === 'copy' && (tab.kind === 'contents' || tab.kind === 'jobs')) {
    // A copy node sits under its storage policy in the tree.
    const policy = parentId === undefined ? undefined : parseNodeId(parentId)
    if (policy?.kind !== 'storagePolicy') return null
    return <NextAuxCopyLine storagePolicyId={policy.id} copyId={ref.id} reloadKey={reloadKey} />
  }
  return null
}
