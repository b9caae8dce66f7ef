import dayjs from 'dayjs'
import { describe, expect, test } from 'vitest'
import { financeCopy, financeForm, fixtureNow } from '../testing/copy-fixtures'
import {
  backupDateValue,
  changeCopyValue,
  copyFieldTab,
  copyValuesProblems,
  createCopyInput,
  defaultBackupDate,
  existingCopyValues,
  firstCopyProblem,
  newCopyValues,
  updateCopyInput,
  type CopyFormSetting,
  type CopyFormValues,
} from './copy-form-model'

const creating: CopyFormSetting = { form: financeForm(), copy: null, now: fixtureNow }
const set = <K extends keyof CopyFormValues>(values: CopyFormValues, field: K, value: CopyFormValues[K], setting = creating) =>
  changeCopyValue(values, field, value, setting)

describe('Copy Properties form', () => {
  test('Create New Copy starts with the suggested name, Active, source Primary, All Backups, 30 days and 1 cycle', () => {
    expect(newCopyValues(financeForm())).toMatchObject({
      name: 'Copy_3',
      active: true,
      sourceCopyId: 10,
      backupPeriod: 'allBackups',
      libraryId: null,
      retentionDays: '30',
      retentionCycles: '1',
      dedup: false,
    })
  })

  test('choosing a library picks its only MediaAgent; a tape library leaves the pools to choose and is refused with the reason, disk clears them', () => {
    let values = set(newCopyValues(financeForm()), 'libraryId', 3)
    expect(values).toMatchObject({ mediaAgentId: 1, drivePoolId: null, scratchPoolId: null })
    expect(copyValuesProblems(values, creating)).toMatchObject({
      drivePoolId: 'Drive Pool is required for a tape library.',
      scratchPoolId: 'Scratch Pool is required for a tape library.',
    })
    values = set(set(values, 'drivePoolId', 31), 'scratchPoolId', 32)
    // With its pools chosen, a secondary copy on tape may be created: aux copies write it.
    expect(copyValuesProblems(values, creating)).toEqual({})
    values = set(values, 'libraryId', 2)
    expect(values).toMatchObject({ drivePoolId: null, scratchPoolId: null })
  })

  test('a tape library clears Enable Deduplication; checking it on disk proposes the copy MediaAgent and asks for a path', () => {
    let values = set(set(newCopyValues(financeForm()), 'libraryId', 2), 'dedup', true)
    expect(values.ddbMediaAgentId).toBe(1)
    expect(copyValuesProblems(values, creating)['dedup.path']).toBe('DDB path is required.')
    values = set(values, 'ddbPath', 'ddb')
    expect(copyValuesProblems(values, creating)['dedup.path']).toBe('DDB path must be an absolute folder path.')
    expect(set(values, 'libraryId', 3).dedup).toBe(false)
  })

  test('a deduplicated copy cuts fixed 128 KB blocks unless Variable is chosen, and sends the block size with its DDB', () => {
    const values = set(set(set(newCopyValues(financeForm()), 'libraryId', 2), 'dedup', true), 'ddbPath', ' /ddb/copy3 ')
    expect(values.ddbBlocks).toBe('fixed')
    const options = { confirmAllBackups: true, auxCopySchedule: null }
    expect(createCopyInput(values, financeForm(), options).dedup).toEqual({ mediaAgentId: 1, path: '/ddb/copy3', blocks: 'fixed' })
    expect(createCopyInput(set(values, 'ddbBlocks', 'variable'), financeForm(), options).dedup).toMatchObject({ blocks: 'variable' })
    expect(copyValuesProblems(set(values, 'ddbBlocks', 'variable'), creating)).toEqual({})
    // An existing copy shows the block size it was created with.
    expect(existingCopyValues(financeCopy({ dedup: true, ddbMediaAgentId: 1, ddbPath: '/ddb/copy2', dedupBlocks: 'variable' })).ddbBlocks).toBe('variable')
  })

  test('names are checked like the contract: required, unique in the policy, trimmed on save', () => {
    const values = set(newCopyValues(financeForm()), 'libraryId', 2)
    expect(copyValuesProblems(set(values, 'name', '  '), creating).name).toBe('Copy Name is required.')
    expect(copyValuesProblems(set(values, 'name', 'copy_2'), creating).name).toBe('A copy named copy_2 already exists in this storage policy.')
    const input = createCopyInput(set(values, 'name', ' Copy_9 '), financeForm(), { confirmAllBackups: true, auxCopySchedule: null })
    expect(input).toMatchObject({ name: 'Copy_9', libraryId: 2, mediaAgentId: 1, dedup: null, backupPeriod: { kind: 'allBackups' } })
  })

  test('retention text is parsed and checked with the contract messages', () => {
    const values = set(newCopyValues(financeForm()), 'libraryId', 2)
    expect(copyValuesProblems(set(values, 'retentionDays', '3.5'), creating).retentionDays).toBe('Retain for days must be a whole number.')
    expect(copyValuesProblems(set(values, 'retentionDays', 'abc'), creating).retentionDays).toBe('Retain for days must be a whole number.')
    expect(copyValuesProblems(set(values, 'retentionDays', ''), creating).retentionDays).toBe('Retain for days must be a whole number.')
    expect(copyValuesProblems(set(values, 'retentionDays', '-1'), creating).retentionDays).toBe('Retain for days cannot be negative.')
    expect(copyValuesProblems(set(values, 'retentionCycles', '0'), creating).retentionCycles).toBe('Retain for cycles must be at least 1.')
    expect(createCopyInput(set(values, 'retentionDays', ' 45 '), financeForm(), { confirmAllBackups: false, auxCopySchedule: null }).retentionDays).toBe(45)
  })

  test('Backups On and After proposes the day 14 days ago, sends local midnight, and refuses an incomplete or future date', () => {
    const values = set(set(newCopyValues(financeForm()), 'libraryId', 2), 'backupPeriod', 'onAndAfter')
    expect(values.backupDate?.format('YYYY-MM-DD')).toBe('2026-11-11')
    expect(defaultBackupDate(fixtureNow).valueOf()).toBe(new Date(2026, 10, 11).getTime())
    const input = createCopyInput(values, financeForm(), { confirmAllBackups: false, auxCopySchedule: null })
    expect(input.backupPeriod).toEqual({ kind: 'onAndAfter', date: new Date(2026, 10, 11).getTime() })
    expect(copyValuesProblems(set(values, 'backupDate', dayjs('invalid')), creating)['backupPeriod.date']).toBe('Choose the Backups On and After date.')
    expect(copyValuesProblems(set(values, 'backupDate', null), creating)['backupPeriod.date']).toBe('Choose the Backups On and After date.')
    expect(copyValuesProblems(set(values, 'backupDate', dayjs(fixtureNow).add(2, 'day')), creating)['backupPeriod.date']).toBe(
      'Backups On and After cannot be in the future.',
    )
    expect(backupDateValue(null)).toBeNull()
  })

  test('the first problem is found in tab order, and each field belongs to its tab', () => {
    expect(firstCopyProblem({ 'dedup.path': 'x', retentionDays: 'y', drivePoolId: 'z' })).toBe('drivePoolId')
    expect(copyFieldTab('dedup.path')).toBe('deduplication')
    expect(copyFieldTab('dedup.blocks')).toBe('deduplication')
    expect(copyFieldTab('backupPeriod')).toBe('copyPolicy')
    expect(copyFieldTab('retentionCycles')).toBe('retention')
    expect(copyFieldTab('auxCopySchedule')).toBeUndefined()
  })

  test('an existing copy is checked against its siblings only, and saved without deduplication', () => {
    const copy = financeCopy({ backupsOnAfter: new Date(2026, 10, 1).getTime() })
    const editing: CopyFormSetting = { form: financeForm(), copy, now: fixtureNow }
    const values = existingCopyValues(copy)
    expect(values).toMatchObject({ name: 'Copy_2', backupPeriod: 'onAndAfter', retentionDays: '30' })
    expect(copyValuesProblems(values, editing)).toEqual({})
    expect(copyValuesProblems(set(values, 'name', 'primary', editing), editing).name).toBe(
      'A copy named primary already exists in this storage policy.',
    )
    const input = updateCopyInput(set(values, 'active', false, editing), copy)
    expect(input).toMatchObject({ copyId: 11, active: false, backupPeriod: { kind: 'onAndAfter', date: new Date(2026, 10, 1).getTime() } })
    expect(input).not.toHaveProperty('dedup')
  })

  test('the primary copy has no source copy to check', () => {
    const copy = financeCopy({ id: 10, name: 'Primary', copyType: 'primary', sourceCopyId: null, libraryId: 1, precedence: 1 })
    expect(copyValuesProblems(existingCopyValues(copy), { form: financeForm(), copy, now: fixtureNow })).toEqual({})
  })
})

describe('Copy Properties > Advanced (Auxiliary Copy Fallen Behind Alert)', () => {
  const ready = (): CopyFormValues => set(newCopyValues(financeForm()), 'libraryId', 2)

  test('a new copy has the alert off; enabling it checks More than 25 TB, the product default', () => {
    const values = ready()
    expect(values).toMatchObject({ alertEnabled: false, alertDaysOn: false, alertTbOn: false, alertTb: '25', alertDays: '2' })
    expect(createCopyInput(values, financeForm(), { confirmAllBackups: false, auxCopySchedule: null }).fallenBehindAlert).toEqual({
      enabled: false, daysOld: null, toBeCopiedTB: null,
    })
    const enabled = set(values, 'alertEnabled', true)
    expect(enabled).toMatchObject({ alertEnabled: true, alertTbOn: true, alertDaysOn: false })
    expect(copyValuesProblems(enabled, creating)).toEqual({})
    expect(createCopyInput(enabled, financeForm(), { confirmAllBackups: false, auxCopySchedule: null }).fallenBehindAlert).toEqual({
      enabled: true, daysOld: null, toBeCopiedTB: 25,
    })
  })

  test('needs a criterion when enabled, and numbers the contract takes, with its messages, on the Advanced tab', () => {
    const none = set(set(ready(), 'alertEnabled', true), 'alertTbOn', false)
    const problems = copyValuesProblems(none, creating)
    expect(problems.fallenBehindAlert).toContain('Jobs older than N days not yet copied')
    expect(copyFieldTab(firstCopyProblem(problems)!)).toBe('advanced')
    const days = set(set(none, 'alertDaysOn', true), 'alertDays', '1.5')
    expect(copyValuesProblems(days, creating)).toEqual({ 'fallenBehindAlert.daysOld': 'Jobs older than (days) must be a whole number.' })
    const tb = set(set(set(none, 'alertTbOn', true), 'alertTb', '0'), 'alertDaysOn', false)
    expect(copyValuesProblems(tb, creating)).toEqual({ 'fallenBehindAlert.toBeCopiedTB': 'More than (TB) must be more than 0.' })
    const tiny = set(tb, 'alertTb', '0.001')
    expect(copyValuesProblems(tiny, creating)).toEqual({})
  })

  test('an existing copy shows its settings and sends them back; turned off, it sends no criteria', () => {
    const copy = financeCopy({ fallenBehindAlert: { enabled: true, daysOld: 3, toBeCopiedTB: null } })
    const values = existingCopyValues(copy)
    expect(values).toMatchObject({ alertEnabled: true, alertDaysOn: true, alertDays: '3', alertTbOn: false, alertTb: '25' })
    expect(updateCopyInput(values, copy).fallenBehindAlert).toEqual({ enabled: true, daysOld: 3, toBeCopiedTB: null })
    expect(updateCopyInput({ ...values, alertEnabled: false }, copy).fallenBehindAlert).toEqual({ enabled: false, daysOld: null, toBeCopiedTB: null })
  })
})
