import { describe, expect, test } from 'vitest'
import type { JobCopyStatus } from '../model/entities'
import { contextMenuFor, copyJobMenuFor, historyJobMenuFor, jobMenuFor, type MenuEntry } from './context-menu'

const labels = (entries: readonly MenuEntry[]): string[] =>
  entries.flatMap((entry) => {
    if (entry.type === 'item') return [entry.label]
    if (entry.type === 'submenu') return [`${entry.label} > ${labels(entry.items).join(', ')}`]
    return ['-']
  })

describe('context menus', () => {
  test('a storage policy offers Create New Copy first under All Tasks, then Data Verification and View Jobs', () => {
    expect(labels(contextMenuFor('storagePolicy'))).toEqual([
      'All Tasks > Create New Copy, Data Verification, View Jobs',
      'Refresh',
      '-',
      'Properties',
    ])
  })

  test('Data Verification is offered on every storage policy (each has a primary copy) and on every copy', () => {
    const dataVerification = { type: 'item', action: 'dataVerification', label: 'Data Verification' }
    for (const facts of [{}, { hasActiveSecondaryCopy: false }, { hasActiveSecondaryCopy: true, hasOwnSchedules: true }]) {
      const allTasks = contextMenuFor('storagePolicy', facts)[0]
      expect(allTasks?.type === 'submenu' ? allTasks.items : []).toContainEqual(dataVerification)
    }
    for (const facts of [{}, { primaryCopy: true }, { primaryCopy: false }]) expect(contextMenuFor('copy', facts)).toContainEqual(dataVerification)
  })

  test('Run Auxiliary Copy is offered only for a policy known to have an active secondary copy', () => {
    expect(labels(contextMenuFor('storagePolicy', { hasActiveSecondaryCopy: true }))[0]).toBe(
      'All Tasks > Create New Copy, Run Auxiliary Copy, Data Verification, View Jobs',
    )
    expect(labels(contextMenuFor('storagePolicy', { hasActiveSecondaryCopy: false }))[0]).toBe(
      'All Tasks > Create New Copy, Data Verification, View Jobs',
    )
  })

  test('the CommCell offers All Tasks > Data Aging, Job History (its filter dialog first), Refresh and Properties; a Job History row offers Details', () => {
    expect(contextMenuFor('commcell')).toEqual([
      { type: 'submenu', label: 'All Tasks', items: [{ type: 'item', action: 'dataAging', label: 'Data Aging' }] },
      { type: 'item', action: 'jobHistory', label: 'Job History' },
      { type: 'item', action: 'refresh', label: 'Refresh' },
      { type: 'divider' },
      { type: 'item', action: 'properties', label: 'Properties' },
    ])
    expect(historyJobMenuFor()).toEqual([{ action: 'details', label: 'Details' }])
  })

  test('a subclient offers Backup, Browse and Restore, its Backup History, and its editable Properties', () => {
    expect(labels(contextMenuFor('subclient'))).toEqual(['Backup', 'Browse and Restore', 'Backup History', '-', 'Properties'])
    expect(contextMenuFor('subclient').at(-1)).toEqual({ type: 'item', action: 'subclientProperties', label: 'Properties' })
  })

  test('a secondary copy offers Delete; the primary, or a copy not yet known to be secondary, does not', () => {
    expect(labels(contextMenuFor('copy', { primaryCopy: false }))).toEqual(['View Jobs', 'Data Verification', '-', 'Delete', '-', 'Properties'])
    expect(labels(contextMenuFor('copy', { primaryCopy: true }))).toEqual(['View Jobs', 'Data Verification', '-', 'Properties'])
    expect(labels(contextMenuFor('copy'))).not.toContain('Delete')
  })

  test('a copy opens the editable Copy Properties, a storage policy the editable Storage Policy Properties', () => {
    expect(contextMenuFor('copy').at(-1)).toEqual({ type: 'item', action: 'copyProperties', label: 'Properties' })
    expect(contextMenuFor('storagePolicy').at(-1)).toEqual({ type: 'item', action: 'policyProperties', label: 'Properties' })
  })

  test('a synchronous copy on disk offers All Tasks > Promote to Primary; the primary, a tape or selective copy, or one not yet known, does not', () => {
    expect(labels(contextMenuFor('copy', { primaryCopy: false, copyType: 'synchronous', tapeCopy: false }))).toEqual([
      'View Jobs', 'Data Verification', 'All Tasks > Promote to Primary', '-', 'Delete', '-', 'Properties',
    ])
    const promote = (facts: Parameters<typeof contextMenuFor>[1]) => labels(contextMenuFor('copy', facts)).some((label) => label.includes('Promote to Primary'))
    expect(promote({ primaryCopy: true, copyType: 'primary', tapeCopy: false })).toBe(false)
    expect(promote({ primaryCopy: false, copyType: 'synchronous', tapeCopy: true })).toBe(false)
    expect(promote({ primaryCopy: false, copyType: 'selective', tapeCopy: false })).toBe(false)
    expect(promote({ primaryCopy: false })).toBe(false)
  })

  test('a medium offers View Contents, the marks its state takes, and Properties', () => {
    expect(labels(contextMenuFor('media', { mediaStatus: 'Appendable' }))).toEqual(['View Contents', '-', 'Mark Full', 'Mark Bad', '-', 'Properties'])
    expect(labels(contextMenuFor('media', { mediaStatus: 'Spare' }))).toEqual(['View Contents', '-', 'Mark Bad', '-', 'Properties'])
    expect(labels(contextMenuFor('media', { mediaStatus: 'Bad' }))).toEqual(['View Contents', '-', 'Properties'])
    // A state not known (media:get failed) lists no mark.
    expect(labels(contextMenuFor('media'))).toEqual(['View Contents', '-', 'Properties'])
  })

  test('a scratch pool offers Add Media; a tape library its editable Properties; a copy on tape View Media', () => {
    expect(labels(contextMenuFor('scratchPool'))).toEqual(['Add Media', 'Refresh', '-', 'Properties'])
    expect(contextMenuFor('library', { tapeLibrary: true }).at(-1)).toEqual({ type: 'item', action: 'libraryProperties', label: 'Properties' })
    expect(contextMenuFor('library', { tapeLibrary: false }).at(-1)).toEqual({ type: 'item', action: 'properties', label: 'Properties' })
    expect(labels(contextMenuFor('copy', { primaryCopy: false, tapeCopy: true }))).toEqual([
      'View Jobs', 'View Media', 'Data Verification', '-', 'Delete', '-', 'Properties',
    ])
    expect(labels(contextMenuFor('copy', { primaryCopy: false, tapeCopy: false }))).not.toContain('View Media')
  })

  test('the Storage Policies folder offers New Storage Policy', () => {
    expect(labels(contextMenuFor('storagePolicies'))).toEqual(['New Storage Policy', '-', 'Refresh'])
  })

  test('the Schedule Policies folder offers New Schedule Policy', () => {
    expect(labels(contextMenuFor('schedulePolicies'))).toEqual(['New Schedule Policy', '-', 'Refresh'])
  })

  test('a schedule policy offers Run Immediately, Delete and its editable Properties; the System Created Data Aging policy is never deleted', () => {
    const auxiliaryCopy = { schedulePolicy: { policyType: 'Auxiliary Copy', systemCreated: true } } as const
    expect(labels(contextMenuFor('schedulePolicy', auxiliaryCopy))).toEqual(['Run Immediately', '-', 'Delete', 'Refresh', '-', 'Properties'])
    expect(contextMenuFor('schedulePolicy', auxiliaryCopy).at(-1)).toEqual({ type: 'item', action: 'schedulePolicyProperties', label: 'Properties' })
    const dataAging = { schedulePolicy: { policyType: 'Data Aging', systemCreated: true } } as const
    expect(labels(contextMenuFor('schedulePolicy', dataAging))).toEqual(['Run Immediately', '-', 'Refresh', '-', 'Properties'])
    // Not known yet: no Delete.
    expect(labels(contextMenuFor('schedulePolicy'))).not.toContain('Delete')
  })

  test('Auxiliary Copy Schedules is offered only for a policy known to have schedules of its own', () => {
    expect(labels(contextMenuFor('storagePolicy', { hasActiveSecondaryCopy: true, hasOwnSchedules: true }))[0]).toBe(
      'All Tasks > Create New Copy, Run Auxiliary Copy, Auxiliary Copy Schedules, Data Verification, View Jobs',
    )
    expect(labels(contextMenuFor('storagePolicy', { hasOwnSchedules: false }))[0]).toBe(
      'All Tasks > Create New Copy, Data Verification, View Jobs',
    )
  })

  test('a running job can be suspended or killed, a suspended or pending one resumed or killed, an ended one only shown', () => {
    const jobLabels = (status: Parameters<typeof jobMenuFor>[0]) => jobMenuFor(status).map((entry) => entry.label)
    expect(jobLabels('Running')).toEqual(['Suspend', 'Kill', 'Details'])
    expect(jobLabels('Suspended')).toEqual(['Resume', 'Kill', 'Details'])
    expect(jobLabels('Pending')).toEqual(['Resume', 'Kill', 'Details'])
    expect(jobLabels('Waiting')).toEqual(['Kill', 'Details'])
    for (const ended of ['Completed', 'Completed w/ one or more errors', 'Failed', 'Killed'] as const) expect(jobLabels(ended)).toEqual(['Details'])
  })

  test("the menu of jobs selected in a copy's View Jobs lists what applies to all of them, labelled as the product does", () => {
    const labels = (primary: boolean, statuses: readonly JobCopyStatus[]) =>
      copyJobMenuFor({ name: 'Copy_2', primary }, statuses.map((status, index) => ({ jobId: index + 1, status, retained: false }))).map((entry) => entry.label)
    expect(labels(false, ['Available'])).toEqual(['Copy Again', 'Retain Job', 'Mark Job Bad', 'Delete'])
    expect(labels(false, ['To Be Copied', 'Partially Copied'])).toEqual(['Do Not Copy'])
    expect(labels(false, ['Available', 'Do Not Copy'])).toEqual(['Copy Again'])
    expect(labels(true, ['Available'])).toEqual(['Retain Job', 'Mark Job Bad'])
    expect(labels(false, ['Aged'])).toEqual([])
    expect(labels(false, [])).toEqual([])
  })
})
