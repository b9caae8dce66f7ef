import { describe, expect, test, vi } from 'vitest'
import type { LibraryDetails, MediumDetails } from '../../app/model/media'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi, settle } from '../testing/fake-console-api'
import { addMediaProblems, createAddMediaStore } from './add-media-store'
import { createLibraryPropertiesStore } from './library-properties-store'
import { createMediaStore, markBadQuestion } from './media-store'

const node = (id: string, kind: TreeNode['kind'], name: string): TreeNode => ({ id, kind, name, hasChildren: false, detail: '' })
const GiB = 1024 ** 3
const tapeLib: LibraryDetails = { id: 3, name: 'TapeLib01', kind: 'tape', mediaAgents: ['ma01'], mediaCapacityBytes: 4 * GiB }
const medium: MediumDetails = {
  id: 5, barcode: 'CV0005L6', status: 'Appendable', library: 'TapeLib01', scratchPool: 'ScratchPool01', storagePolicy: 'SP_Finance',
  copy: 'Copy_3', usedBytes: 1024, capacityBytes: 4 * GiB, jobs: 2,
}

describe('Add Media', () => {
  test('each field says what is wrong with the contract words, and the barcode must hold a number to count', () => {
    expect(addMediaProblems({ firstBarcode: ' ', count: '1' })).toEqual({ firstBarcode: 'Starting barcode is required.' })
    expect(addMediaProblems({ firstBarcode: 'CLEANER', count: '2' }).firstBarcode).toMatch(/^Starting barcode CLEANER holds no number/)
    expect(addMediaProblems({ firstBarcode: 'CV0009L6', count: 'two' })).toEqual({ count: 'Number of media must be a whole number.' })
    expect(addMediaProblems({ firstBarcode: 'CV0009L6', count: '0' })).toEqual({ count: 'Number of media must be at least 1.' })
    expect(addMediaProblems({ firstBarcode: 'CV0009L6', count: '2' })).toEqual({})
  })

  test('OK sends the trimmed barcode and the count; a refusal naming a field shows beside it', async () => {
    let taken = true
    const api = fakeConsoleApi({
      'media:add': ({ firstBarcode, count }) => {
        if (taken) throw { code: 'invalid_input', field: 'firstBarcode', message: `Barcode ${firstBarcode} is already in use in this CommCell: choose another Starting barcode.` }
        return { barcodes: Array.from({ length: count }, (_, n) => `CV00${10 + n}L6`) }
      },
    })
    const onAdded = vi.fn()
    const store = createAddMediaStore(api, { onAdded })
    store.getState().open(node('scratchPool:1', 'scratchPool', 'ScratchPool01'))
    store.getState().setValue('firstBarcode', ' CV0010L6 ')
    store.getState().setValue('count', '2')
    await store.getState().save()
    expect(api.calls.at(-1)?.input).toEqual({ scratchPoolId: 1, firstBarcode: 'CV0010L6', count: 2 })
    expect(store.getState().session?.problems).toEqual({ firstBarcode: 'Barcode CV0010L6 is already in use in this CommCell: choose another Starting barcode.' })
    expect(store.getState().session?.focus?.field).toBe('firstBarcode')
    taken = false
    await store.getState().save()
    expect(store.getState().session).toBeNull()
    expect(onAdded).toHaveBeenCalledWith(['CV0010L6', 'CV0011L6'], 'ScratchPool01')
  })
})

describe('Library Properties', () => {
  test('shows the media capacity in MB, refuses 0 beside the field, and saves a change', async () => {
    const api = fakeConsoleApi({
      'libraries:get': () => tapeLib,
      'libraries:setMediaCapacity': ({ mediaCapacityMb }) => ({ ...tapeLib, mediaCapacityBytes: mediaCapacityMb * 1024 ** 2 }),
    })
    const onSaved = vi.fn()
    const store = createLibraryPropertiesStore(api, { onSaved })
    await store.getState().open(node('library:3', 'library', 'TapeLib01'))
    expect(store.getState().session?.capacityMb).toBe('4096')
    store.getState().setCapacity('0')
    await store.getState().save()
    expect(store.getState().session?.capacityProblem).toBe('Media capacity must be at least 1 MB.')
    store.getState().setCapacity('8192')
    await store.getState().save()
    expect(api.calls.at(-1)).toEqual({ command: 'libraries:setMediaCapacity', input: { libraryId: 3, mediaCapacityMb: 8192 } })
    expect(onSaved).toHaveBeenCalledWith({ ...tapeLib, mediaCapacityBytes: 8 * GiB }, 8192)
    expect(store.getState().session).toBeNull()
  })

  test('OK without a change closes without saving', async () => {
    const api = fakeConsoleApi({ 'libraries:get': () => tapeLib })
    const store = createLibraryPropertiesStore(api, { onSaved: vi.fn() })
    await store.getState().open(node('library:3', 'library', 'TapeLib01'))
    await store.getState().save()
    expect(store.getState().session).toBeNull()
    expect(api.calls.map((call) => call.command)).toEqual(['libraries:get'])
  })
})

describe('media menus', () => {
  test('Mark Bad asks first, naming the medium and the jobs it holds, then marks it', async () => {
    const api = fakeConsoleApi({ 'media:get': () => medium, 'media:setStatus': ({ status }) => ({ ...medium, status }) })
    const onMarked = vi.fn()
    const store = createMediaStore(api, { report: vi.fn(), onMarked })
    await store.getState().askMarkBad(node('media:5', 'media', 'CV0005L6'))
    expect(store.getState().markBad).toMatchObject({ status: 'ready', barcode: 'CV0005L6', jobs: 2 })
    expect(markBadQuestion('CV0005L6', 2)).toBe(
      'Mark CV0005L6 Bad? Bad media are never written again, and a medium cannot be marked good afterwards. It holds data of 2 jobs.',
    )
    await store.getState().confirmMarkBad()
    expect(api.calls.at(-1)).toEqual({ command: 'media:setStatus', input: { mediumId: 5, status: 'Bad' } })
    expect(store.getState().markBad).toBeNull()
    expect(onMarked).toHaveBeenCalledWith('CV0005L6', 'Bad')
  })

  test('View Contents shows the list the CommServe built, titled by it', async () => {
    const api = fakeConsoleApi({
      'media:contents': () => ({ nodeId: 'media:5', title: 'Contents of CV0005L6', columns: [], rows: [], more: false }),
    })
    const store = createMediaStore(api, { report: vi.fn(), onMarked: vi.fn() })
    void store.getState().openContents(node('media:5', 'media', 'CV0005L6'))
    expect(store.getState().list).toMatchObject({ status: 'loading', title: 'Contents of CV0005L6' })
    await settle()
    expect(store.getState().list).toMatchObject({ status: 'ready', title: 'Contents of CV0005L6' })
  })
})
