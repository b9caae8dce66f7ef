/**
 * Tape media from their menus: a medium's View Contents and a copy's View Media (a list in a dialog), Mark Full,
 * and Mark Bad with its confirmation.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import type { ContentsTable } from '../../app/model/contents'
import type { MediaMark } from '../../app/model/media'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { errorMessage } from '../api/console-api'

/** The open View Contents or View Media dialog. */
export interface MediaListSession {
  readonly key: number
  readonly title: string
  readonly status: 'loading' | 'ready' | 'error'
  readonly table: ContentsTable | null
  readonly error: string | null
}

/** The open Mark Bad confirmation. */
export interface MarkBadConfirmation {
  readonly key: number
  readonly mediumId: number
  readonly barcode: string
  readonly status: 'loading' | 'ready' | 'marking'
  /** How many jobs have data on the medium (said in the question). */
  readonly jobs: number
  readonly error: string | null
}

/** The media dialogs' state and actions. */
export interface MediaState {
  readonly list: MediaListSession | null
  readonly markBad: MarkBadConfirmation | null
  /** View Contents of a medium node. */
  openContents(node: TreeNode): Promise<void>
  /** View Media of a copy node. */
  openCopyMedia(node: TreeNode): Promise<void>
  closeList(): void
  /** Mark Full on a medium node (no question: an Appendable medium is only closed for writing). */
  markFull(node: TreeNode): Promise<void>
  /** Mark Bad on a medium node: asks first. */
  askMarkBad(node: TreeNode): Promise<void>
  /** Mark Bad in the confirmation. */
  confirmMarkBad(): Promise<void>
  cancelMarkBad(): void
}

/** What the store needs from the rest of the console. */
export interface MediaHooks {
  readonly report: (error: unknown) => void
  /** A medium took a mark. */
  readonly onMarked: (barcode: string, mark: MediaMark) => void
}

/** The Mark Bad question: what a Bad medium means, and the data it holds. */
export function markBadQuestion(barcode: string, jobs: number): string {
  const data = jobs === 0 ? '' : ` It holds data of ${jobs} ${jobs === 1 ? 'job' : 'jobs'}.`
  return `Mark ${barcode} Bad? Bad media are never written again, and a medium cannot be marked good afterwards.${data}`
}

/** Creates the media dialogs store over the console api. */
export function createMediaStore(api: ConsoleApi, hooks: MediaHooks): StoreApi<MediaState> {
  let openings = 0
  return createStore<MediaState>()((set, get) => {
    const openList = async (title: string, load: () => Promise<ContentsTable>): Promise<void> => {
      const key = ++openings
      set({ list: { key, title, status: 'loading', table: null, error: null } })
      const update = (change: Partial<MediaListSession>): void =>
        set((state) => (state.list?.key === key ? { list: { ...state.list, ...change } } : state))
      try {
        const table = await load()
        update({ status: 'ready', table, title: table.title })
      } catch (error) {
        update({ status: 'error', error: errorMessage(error) })
      }
    }
    const idOf = (node: TreeNode, kind: 'media' | 'copy'): number => {
      const ref = parseNodeId(node.id)
      if (ref?.kind !== kind) throw new Error(`${node.name} is not a ${kind === 'media' ? 'medium' : 'storage policy copy'}.`)
      return ref.id
    }
    const updateMarkBad = (key: number, change: Partial<MarkBadConfirmation>): void =>
      set((state) => (state.markBad?.key === key ? { markBad: { ...state.markBad, ...change } } : state))

    return {
      list: null,
      markBad: null,
      openContents: (node) => openList(`Contents of ${node.name}`, () => api.invoke('media:contents', { mediumId: idOf(node, 'media') })),
      openCopyMedia: (node) => openList(`Media of ${node.name}`, () => api.invoke('copies:media', { copyId: idOf(node, 'copy') })),
      closeList: () => set({ list: null }),
      markFull: async (node) => {
        try {
          const medium = await api.invoke('media:setStatus', { mediumId: idOf(node, 'media'), status: 'Full' })
          hooks.onMarked(medium.barcode, 'Full')
        } catch (error) {
          hooks.report(error)
        }
      },
      askMarkBad: async (node) => {
        const key = ++openings
        set({ markBad: { key, mediumId: 0, barcode: node.name, status: 'loading', jobs: 0, error: null } })
        try {
          const medium = await api.invoke('media:get', { mediumId: idOf(node, 'media') })
          updateMarkBad(key, { status: 'ready', mediumId: medium.id, barcode: medium.barcode, jobs: medium.jobs })
        } catch (error) {
          updateMarkBad(key, { status: 'ready', error: errorMessage(error) })
        }
      },
      confirmMarkBad: async () => {
        const confirmation = get().markBad
        if (confirmation?.status !== 'ready' || confirmation.mediumId === 0) return
        const { key, mediumId, barcode } = confirmation
        updateMarkBad(key, { status: 'marking', error: null })
        try {
          await api.invoke('media:setStatus', { mediumId, status: 'Bad' })
          if (get().markBad?.key === key) set({ markBad: null })
          hooks.onMarked(barcode, 'Bad')
        } catch (error) {
          // The question stays, saying why (for example: it was marked Bad meanwhile).
          updateMarkBad(key, { status: 'ready', error: errorMessage(error) })
        }
      },
      cancelMarkBad: () => {
        openings++
        set({ markBad: null })
      },
    }
  })
}
