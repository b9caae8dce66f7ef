/**
 * The CommCell Browser tree: the nodes loaded so far (server data) and what the user did with them (expansion,
 * selection). Children load lazily through `tree:children` when a node is first expanded, and reload when the
 * main process reports them changed.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'
import type { ReportError } from './connection-store'

/** A request to scroll a node into view in the tree (a new `seq` asks again). */
export interface RevealRequest {
  readonly id: string
  readonly seq: number
}

/** The tree state and its actions. */
export interface TreeState {
  /** Every loaded node by id. */
  readonly nodes: Readonly<Record<string, TreeNode>>
  /** The loaded children of a node; absent until loaded. */
  readonly childIds: Readonly<Record<string, readonly string[]>>
  /** The parent of every loaded non-root node. */
  readonly parentIds: Readonly<Record<string, string>>
  /** The top level (the CommCell root); empty until loaded. */
  readonly rootIds: readonly string[]
  /** Nodes whose children are being fetched. */
  readonly loading: Readonly<Record<string, true>>
  /** Why the top level could not be loaded, when it could not. */
  readonly rootError: string | null

  /** Expanded node ids (controlled expansion of the tree view). */
  readonly expanded: readonly string[]
  /** The selected node, shown in the contents tab; may be a node not (yet) loaded in the tree. */
  readonly selected: TreeNode | null
  /** The last request to scroll a node into view. */
  readonly reveal: RevealRequest | null

  /** Loads the top level, expands the CommCell root and selects it. */
  loadRoot(): Promise<void>
  /** Fetches a node's children and replaces the loaded ones (keeping what is still there expanded). */
  loadChildren(id: string): Promise<void>
  /** Sets the expanded nodes; loads the children of newly expanded nodes that have none loaded. */
  setExpanded(ids: readonly string[]): void
  /** Expands one node (and loads its children). */
  expand(id: string): void
  /** Selects a node (null clears the selection). */
  select(node: TreeNode | null): void
  /** Selects a node by id when it is loaded; returns whether it was. */
  selectById(id: string): boolean
  /** Selects a node, expands the path to it and itself, and scrolls it into view. */
  open(node: TreeNode): void
  /** Reloads the children of those nodes that have them loaded (`tree:changed`, Refresh). */
  reloadNodes(ids: readonly string[]): Promise<void>
  /** Reloads the top level and every loaded node (after a reconnection). */
  reloadAll(): Promise<void>
}

/** Whether two versions of a node show the same thing. */
function sameNode(a: TreeNode, b: TreeNode): boolean {
  return a.id === b.id && a.kind === b.kind && a.name === b.name && a.hasChildren === b.hasChildren && a.detail === b.detail && a.alert === b.alert
}

/** Creates the tree store over the console api. */
export function createTreeStore(api: ConsoleApi, report: ReportError): StoreApi<TreeState> {
  // The newest request per node: an older answer that arrives late is dropped.
  const latestRequest = new Map<string, number>()
  let requestSeq = 0
  let revealSeq = 0

  return createStore<TreeState>()((set, get) => {
    const applyChildren = (parentId: string, children: readonly TreeNode[]): void =>
      set((state) => {
        if (state.nodes[parentId] === undefined) return state
        // Nothing changed (a reload after an unrelated change): keep the state, so nothing re-renders.
        const previous = state.childIds[parentId]
        if (
          previous !== undefined &&
          previous.length === children.length &&
          children.every((child, index) => {
            const known = state.nodes[child.id]
            return previous[index] === child.id && known !== undefined && sameNode(known, child)
          })
        ) {
          return state
        }
        const nodes = { ...state.nodes }
        const childIds = { ...state.childIds }
        const parentIds = { ...state.parentIds }
        const kept = new Set(children.map((child) => child.id))
        const removed = new Set<string>()
        const removeSubtree = (id: string): void => {
          for (const child of childIds[id] ?? []) removeSubtree(child)
          delete nodes[id]
          delete childIds[id]
          delete parentIds[id]
          removed.add(id)
        }
        for (const oldId of state.childIds[parentId] ?? []) if (!kept.has(oldId)) removeSubtree(oldId)
        for (const fresh of children) {
          // An unchanged node keeps its object, so the tree item showing it does not re-render.
          const known = nodes[fresh.id]
          const child = known !== undefined && sameNode(known, fresh) ? known : fresh
          nodes[child.id] = child
          parentIds[child.id] = parentId
          // A node that lost its children drops the ones it had loaded.
          if (!child.hasChildren && childIds[child.id] !== undefined) {
            for (const grandChild of childIds[child.id] ?? []) removeSubtree(grandChild)
            delete childIds[child.id]
          }
        }
        childIds[parentId] = children.map((child) => child.id)
        const expanded = removed.size === 0 ? state.expanded : state.expanded.filter((id) => !removed.has(id))
        let selected = state.selected
        if (selected !== null) {
          if (removed.has(selected.id)) selected = nodes[parentId] ?? null
          else if (nodes[selected.id] !== undefined && nodes[selected.id] !== selected) selected = nodes[selected.id] ?? null
        }
        return { nodes, childIds, parentIds, expanded, selected }
      })

    const loadChildren = async (id: string): Promise<void> => {
      const seq = ++requestSeq
      latestRequest.set(id, seq)
      set((state) => ({ loading: { ...state.loading, [id]: true } }))
      try {
        const { nodes } = await api.invoke('tree:children', { nodeId: id })
        if (latestRequest.get(id) !== seq) return
        applyChildren(id, nodes)
        // Children that were expanded before they were known (a path being opened) load now.
        const { expanded, childIds } = get()
        for (const child of nodes) {
          if (child.hasChildren && childIds[child.id] === undefined && expanded.includes(child.id) && !latestRequest.has(child.id)) {
            void loadChildren(child.id)
          }
        }
      } catch (error) {
        if (latestRequest.get(id) !== seq) return
        // Collapse a node whose children never loaded, so expanding it again retries.
        if (get().childIds[id] === undefined) set((state) => ({ expanded: state.expanded.filter((e) => e !== id) }))
        report(error)
      } finally {
        if (latestRequest.get(id) === seq) {
          latestRequest.delete(id)
          set((state) => {
            const loading = { ...state.loading }
            delete loading[id]
            return { loading }
          })
        }
      }
    }

    const setExpanded = (ids: readonly string[]): void => {
      const before = new Set(get().expanded)
      set({ expanded: ids })
      const { nodes, childIds } = get()
      for (const id of ids) {
        if (before.has(id)) continue
        const node = nodes[id]
        if (node?.hasChildren === true && childIds[id] === undefined && !latestRequest.has(id)) void loadChildren(id)
      }
    }

    const loadRoot = async (): Promise<void> => {
      try {
        const { nodes } = await api.invoke('tree:children', { nodeId: null })
        set((state) => {
          const all = { ...state.nodes }
          for (const node of nodes) all[node.id] = node
          return { nodes: all, rootIds: nodes.map((node) => node.id), rootError: null }
        })
        const first = nodes[0]
        if (first !== undefined) {
          if (get().selected === null) set({ selected: first })
          if (first.hasChildren) setExpanded([...new Set([...get().expanded, first.id])])
        }
      } catch (error) {
        set({ rootError: errorMessage(error) })
        report(error)
      }
    }

    return {
      nodes: {},
      childIds: {},
      parentIds: {},
      rootIds: [],
      loading: {},
      rootError: null,
      expanded: [],
      selected: null,
      reveal: null,

      loadRoot,
      loadChildren,
      setExpanded,
      expand: (id) => {
        if (!get().expanded.includes(id)) setExpanded([...get().expanded, id])
      },
      select: (node) => {
        if (node !== get().selected) set({ selected: node })
      },
      selectById: (id) => {
        const node = get().nodes[id]
        if (node === undefined) return false
        get().select(node)
        return true
      },
      open: (node) => {
        const { nodes, parentIds, expanded } = get()
        const known = nodes[node.id] ?? node
        get().select(known)
        const path: string[] = []
        for (let parent = parentIds[known.id]; parent !== undefined; parent = parentIds[parent]) path.push(parent)
        if (known.hasChildren && nodes[known.id] !== undefined) path.push(known.id)
        const missing = path.filter((id) => !expanded.includes(id))
        if (missing.length > 0) setExpanded([...expanded, ...missing])
        if (nodes[known.id] !== undefined) set({ reveal: { id: known.id, seq: ++revealSeq } })
      },
      reloadNodes: async (ids) => {
        const { childIds } = get()
        await Promise.all(ids.filter((id) => childIds[id] !== undefined).map((id) => loadChildren(id)))
      },
      reloadAll: async () => {
        await loadRoot()
        const loaded = Object.keys(get().childIds)
        await Promise.all(loaded.filter((id) => get().childIds[id] !== undefined).map((id) => loadChildren(id)))
      },
    }
  })
}
