/**
 * Add Media on a scratch pool: a starting barcode and a number of media, checked beside each field with the
 * contract's messages (and the barcode series rule), then `media:add`; a refusal naming a field shows beside it.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { ConsoleApi } from '../../app/ipc/contract'
import { AddMediaInput } from '../../app/model/media'
import { parseNodeId, type TreeNode } from '../../app/model/tree'
import { barcodeSeries } from '../../app/rules/media-rules'
import { errorMessage, isCommandError } from '../api/console-api'
import type { FocusRequest } from './copy-dialog-store'
import { firstProblemField, parseNumberText, schemaProblem } from './form-fields'

/** The fields of Add Media, as typed. */
export interface AddMediaValues {
  readonly firstBarcode: string
  readonly count: string
}

/** The fields in the order the dialog shows them. */
const fieldOrder: readonly (keyof AddMediaValues)[] = ['firstBarcode', 'count']

/** One opening of Add Media. */
export interface AddMediaSession {
  readonly key: number
  readonly node: TreeNode
  readonly scratchPoolId: number
  readonly values: AddMediaValues
  readonly problems: Readonly<Partial<Record<keyof AddMediaValues, string>>>
  readonly status: 'ready' | 'saving'
  readonly formError: string | null
  readonly focus: FocusRequest | null
}

/** The Add Media state and its actions. */
export interface AddMediaState {
  readonly session: AddMediaSession | null
  /** Opens Add Media on a scratch pool node. */
  open(node: TreeNode): void
  close(): void
  setValue(field: keyof AddMediaValues, text: string): void
  /** OK: checks the fields, then adds the media. */
  save(): Promise<void>
}

/** What the console does once media were added. */
export interface AddMediaHooks {
  readonly onAdded: (barcodes: readonly string[], poolName: string) => void
}

/** What is wrong with each field, with the contract's messages; empty when OK may send them. */
export function addMediaProblems(values: AddMediaValues): Partial<Record<keyof AddMediaValues, string>> {
  const problems: Partial<Record<keyof AddMediaValues, string>> = {}
  const count = parseNumberText(values.count)
  const barcode = schemaProblem(AddMediaInput.shape.firstBarcode, values.firstBarcode)
  const countProblem = schemaProblem(AddMediaInput.shape.count, count)
  if (countProblem !== undefined) problems.count = countProblem
  if (barcode !== undefined) problems.firstBarcode = barcode
  else if (countProblem === undefined) {
    const series = barcodeSeries(values.firstBarcode.trim(), count)
    if ('problem' in series) problems.firstBarcode = series.problem
  }
  return problems
}

/** Creates the Add Media store over the console api. */
export function createAddMediaStore(api: ConsoleApi, hooks: AddMediaHooks): StoreApi<AddMediaState> {
  let openings = 0
  let focusSeq = 0
  return createStore<AddMediaState>()((set, get) => {
    const update = (key: number, change: Partial<AddMediaSession>): void =>
      set((state) => (state.session?.key === key ? { session: { ...state.session, ...change } } : state))
    return {
      session: null,
      open: (node) => {
        const ref = parseNodeId(node.id)
        if (ref?.kind !== 'scratchPool') return
        set({
          session: {
            key: ++openings,
            node,
            scratchPoolId: ref.id,
            values: { firstBarcode: '', count: '1' },
            problems: {},
            status: 'ready',
            formError: null,
            focus: null,
          },
        })
      },
      close: () => set({ session: null }),
      setValue: (field, text) => {
        const session = get().session
        if (session === null) return
        const { [field]: _fixed, ...problems } = session.problems
        update(session.key, { values: { ...session.values, [field]: text }, problems, formError: null })
      },
      save: async () => {
        const session = get().session
        if (session?.status !== 'ready') return
        const { key, values } = session
        const problems = addMediaProblems(values)
        const first = firstProblemField(problems, fieldOrder)
        if (first !== undefined) {
          update(key, { problems, focus: { field: first, seq: ++focusSeq } })
          return
        }
        update(key, { status: 'saving', problems: {}, formError: null })
        try {
          const { barcodes } = await api.invoke('media:add', {
            scratchPoolId: session.scratchPoolId,
            firstBarcode: values.firstBarcode.trim(),
            count: parseNumberText(values.count),
          })
          if (get().session?.key !== key) return
          set({ session: null })
          hooks.onAdded(barcodes, session.node.name)
        } catch (error) {
          if (get().session?.key !== key) return
          const field = isCommandError(error) ? fieldOrder.find((name) => name === error.field) : undefined
          if (field === undefined) update(key, { status: 'ready', formError: errorMessage(error) })
          else update(key, { status: 'ready', problems: { [field]: errorMessage(error) }, focus: { field, seq: ++focusSeq } })
        }
      },
    }
  })
}
