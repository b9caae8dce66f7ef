import { describe, expect, test, vi } from 'vitest'
import type { BrowseEntry, BrowseResult } from '../../app/model/browse'
import { fakeConsoleApi } from '../testing/fake-console-api'
import { browseLabel, changeSelection, createBrowseStore, isChecked, isPartlyChecked, type FolderState } from './browse-store'

const folder = (path: string): BrowseEntry => ({ name: path.split('/').at(-1)!, path, kind: 'folder', size: 0, mtimeMs: null })
const file = (path: string, size = 1): BrowseEntry => ({ name: path.split('/').at(-1)!, path, kind: 'file', size, mtimeMs: 1 })
const listing: Record<string, BrowseEntry[]> = {
  '': [folder('srv')],
  srv: [folder('srv/data')],
  'srv/data': [folder('srv/data/reports'), file('srv/data/a.txt'), file('srv/data/b.txt')],
  'srv/data/reports': [file('srv/data/reports/q1.csv'), file('srv/data/reports/q2.csv')],
}
const result = (path: string, backupJobId = 110): BrowseResult => ({
  subclient: 'finance', backupJobId, backupType: 'Full', backupTime: 5000, copyName: null, folder: path, entries: listing[path]!,
})
const ready = (entries: BrowseEntry[]): FolderState => ({ status: 'ready', entries, error: null })

function makeBrowse(jobId = () => 110) {
  const api = fakeConsoleApi({ 'restore:browse': ({ folder: path }) => result(path, jobId()), 'restore:run': () => ({ jobId: 130 }) })
  const hooks = { onStarted: vi.fn(), onOpened: vi.fn() }
  return { api, hooks, browse: createBrowseStore(api, hooks) }
}

describe('the browse view', () => {
  test('opens down the single folders to where the content starts, pinned to the job View Content found', async () => {
    const { api, hooks, browse } = makeBrowse()
    await browse.getState().open({ subclientId: 2, at: null, copyId: null, root: result('') }, 'finance')
    expect(hooks.onOpened).toHaveBeenCalledWith('finance (Latest Data)')
    expect(browse.getState().session).toMatchObject({ current: 'srv/data', expanded: expect.arrayContaining(['srv', 'srv/data']) })
    // Each folder is read as of the job shown (its start time), never a later backup's.
    expect(api.calls.map((call) => call.input)).toEqual([
      { subclientId: 2, at: 5000, copyId: null, folder: 'srv' },
      { subclientId: 2, at: 5000, copyId: null, folder: 'srv/data' },
    ])
  })

  test('a folder a later read finds in another job says so instead of mixing two backups', async () => {
    let job = 110
    const { browse } = makeBrowse(() => job)
    await browse.getState().open({ subclientId: 2, at: null, copyId: null, root: result('') }, 'finance')
    job = 111
    await browse.getState().openFolder('srv/data/reports')
    expect(browse.getState().session?.folders['srv/data/reports']).toMatchObject({ status: 'error', error: 'Backup job 110 can no longer be read from here; browse again.' })
  })

  test('Recover All Selected restores the selection with the options chosen, out of place by default', async () => {
    const { api, hooks, browse } = makeBrowse()
    await browse.getState().open({ subclientId: 2, at: null, copyId: 3, root: result('') }, 'finance')
    browse.getState().setSelected('srv/data/b.txt', true)
    browse.getState().setSelected('srv/data/reports', true)
    browse.getState().openRestore()
    await browse.getState().submitRestore()
    expect(browse.getState().session?.restore?.submitted).toBe(true)
    expect(api.calls.some((call) => call.command === 'restore:run')).toBe(false)
    browse.getState().setRestoreValue('destination', '/tmp/restore')
    browse.getState().setRestoreValue('overwrite', 'ifNewer')
    await browse.getState().submitRestore()
    expect(api.calls.at(-1)).toEqual({
      command: 'restore:run',
      input: { backupJobId: 110, copyId: 3, destination: '/tmp/restore', paths: ['srv/data/b.txt', 'srv/data/reports'], overwrite: 'ifNewer' },
    })
    expect(hooks.onStarted).toHaveBeenCalledWith(130)
    expect(browse.getState().session?.restore).toBeNull()
  })

  test('In Place sends no destination', async () => {
    const { api, browse } = makeBrowse()
    await browse.getState().open({ subclientId: 2, at: null, copyId: null, root: result('') }, 'finance')
    browse.getState().setSelected('srv/data/a.txt', true)
    browse.getState().openRestore()
    browse.getState().setRestoreValue('inPlace', true)
    await browse.getState().submitRestore()
    expect(api.calls.at(-1)?.input).toMatchObject({ destination: null, paths: ['srv/data/a.txt'], overwrite: 'never' })
  })

  test('the tab says when the browse is as of a Browse Date', () => {
    expect(browseLabel('finance', new Date(2026, 10, 29, 9, 5).getTime())).toBe('finance (11/29/2026 09:05)')
  })
})

describe('the selection', () => {
  const folders = { '': ready(listing['']!), srv: ready(listing.srv!), 'srv/data': ready(listing['srv/data']!), 'srv/data/reports': ready(listing['srv/data/reports']!) }

  test('a checked folder covers what is under it and drops what it covers', () => {
    const selected = changeSelection(['srv/data/a.txt'], 'srv/data', true, folders)
    expect(selected).toEqual(['srv/data'])
    expect(isChecked(selected, 'srv/data/reports/q1.csv')).toBe(true)
    expect(isPartlyChecked(selected, 'srv')).toBe(true)
  })

  test('clearing one file under a checked folder keeps everything else it covered', () => {
    const selected = changeSelection(['srv'], 'srv/data/reports/q1.csv', false, folders)
    expect(selected.sort()).toEqual(['srv/data/a.txt', 'srv/data/b.txt', 'srv/data/reports/q2.csv'])
    expect(isPartlyChecked(selected, 'srv/data/reports')).toBe(true)
    expect(isChecked(selected, 'srv/data/reports/q1.csv')).toBe(false)
  })
})
