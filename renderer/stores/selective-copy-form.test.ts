import { describe, expect, test } from 'vitest'
import { financeCopy, financeForm, fixtureNow } from '../testing/copy-fixtures'
import {
  changeCopyValue,
  copyFieldTab,
  copyValuesProblems,
  createCopyInput,
  existingCopyValues,
  firstCopyProblem,
  newCopyValues,
  selectiveLock,
  updateCopyInput,
  visibleCopyTabs,
  type CopyFormSetting,
  type CopyFormValues,
} from './copy-form-model'

const creating: CopyFormSetting = { form: financeForm(), copy: null, now: fixtureNow }
const set = <K extends keyof CopyFormValues>(values: CopyFormValues, field: K, value: CopyFormValues[K], setting = creating) =>
  changeCopyValue(values, field, value, setting)
const onDisk = () => set(newCopyValues(financeForm()), 'libraryId', 2)
const answers = { confirmAllBackups: false, auxCopySchedule: null }

describe('Selective Copy and Defer Auxiliary Copy in Copy Properties', () => {
  test('a new copy is synchronous and not deferred; the Selective Copy tab shows only while Selective Copy is checked', () => {
    const values = onDisk()
    expect(values).toMatchObject({ selectiveCopy: false, selectiveFrequency: null, selectivePick: 'first', selectiveWeekStart: 'Friday', deferAuxCopy: false })
    expect(visibleCopyTabs(values)).not.toContain('selectiveCopy')
    expect(createCopyInput(values, financeForm(), answers)).toMatchObject({ selective: null, deferDays: null })
    const selective = set(values, 'selectiveCopy', true)
    expect(visibleCopyTabs(selective)).toEqual(['general', 'copyPolicy', 'selectiveCopy', 'retention', 'dataPaths', 'deduplication', 'advanced'])
  })

  test('Selective Copy needs a frequency, shown on its tab; then the rule is sent', () => {
    let values = set(onDisk(), 'selectiveCopy', true)
    const problems = copyValuesProblems(values, creating)
    expect(problems).toEqual({ 'selective.frequency': 'Automatically select Full Backups at frequency is required for a Selective Copy: choose a frequency.' })
    expect(copyFieldTab(firstCopyProblem(problems)!)).toBe('selectiveCopy')
    values = set(set(set(values, 'selectiveFrequency', 'Weekly Fulls'), 'selectivePick', 'last'), 'selectiveWeekStart', 'Monday')
    expect(copyValuesProblems(values, creating)).toEqual({})
    expect(createCopyInput(values, financeForm(), answers).selective).toEqual({ frequency: 'Weekly Fulls', pick: 'last', weekStart: 'Monday' })
  })

  test('Defer Auxiliary Copy takes a whole number of days from 1 to 9999 when checked, on the Copy Policy tab', () => {
    let values = set(onDisk(), 'deferAuxCopy', true)
    expect(copyValuesProblems(values, creating)).toEqual({})
    expect(createCopyInput(values, financeForm(), answers).deferDays).toBe(1)
    for (const typed of ['0', '10000', '2.5', 'x', '']) {
      values = set(values, 'deferDays', typed)
      expect(copyValuesProblems(values, creating), typed).toEqual({ deferDays: 'Defer Auxiliary Copy for days must be a whole number from 1 to 9999.' })
    }
    expect(copyFieldTab('deferDays')).toBe('copyPolicy')
    // Cleared, the days typed do not matter.
    expect(copyValuesProblems(set(values, 'deferAuxCopy', false), creating)).toEqual({})
    expect(createCopyInput(set(set(values, 'deferDays', '14'), 'deferAuxCopy', true), financeForm(), answers).deferDays).toBe(14)
  })

  test('an existing copy shows its rule and days, and sends them on OK', () => {
    const copy = financeCopy({ copyType: 'selective', selective: { frequency: 'Monthly Fulls', pick: 'last', weekStart: 'Friday' }, deferDays: 5 })
    const values = existingCopyValues(copy)
    expect(values).toMatchObject({ selectiveCopy: true, selectiveFrequency: 'Monthly Fulls', selectivePick: 'last', deferAuxCopy: true, deferDays: '5' })
    expect(updateCopyInput(values, copy)).toMatchObject({ selective: { frequency: 'Monthly Fulls', pick: 'last', weekStart: 'Friday' }, deferDays: 5 })
  })

  test('Selective Copy may change on an existing copy only while nothing has been copied to it, and never on the primary', () => {
    const fresh: CopyFormSetting = { form: financeForm(), copy: financeCopy(), now: fixtureNow }
    expect(selectiveLock(fresh)).toBeUndefined()
    const used: CopyFormSetting = { form: financeForm(), copy: financeCopy({ copiedJobs: 1 }), now: fixtureNow }
    expect(selectiveLock(used)).toBe('Selective Copy can change only while nothing has been copied to Copy_2; 1 job has been copied to it.')
    const checked = set(existingCopyValues(used.copy!), 'selectiveCopy', true, used)
    expect(copyValuesProblems(set(checked, 'selectiveFrequency', 'Daily Fulls', used), used).selective).toBe(selectiveLock(used))
    const primary: CopyFormSetting = { form: financeForm(), copy: financeCopy({ id: 10, name: 'Primary', copyType: 'primary', sourceCopyId: null }), now: fixtureNow }
    expect(selectiveLock(primary)).toMatch(/^The primary copy takes every backup/)
  })
})
