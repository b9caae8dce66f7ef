import { describe, expect, test } from 'vitest'
import {
  associationPolicies,
  newScheduleValues,
  nextRunText,
  patternOf,
  scheduleFieldOfPath,
  scheduleInputOf,
  schedulePolicyProblems,
  scheduleProblems,
  scheduleValuesOf,
  toggleCopyAssociation,
  togglePolicyAssociation,
  type ScheduleFormValues,
  isBackupAssociated,
  newSchedulePolicyValues,
  saveSchedulePolicyInput,
  toggleBackupAssociation,
} from './schedule-form-model'

const now = Date.UTC(2025, 0, 14, 10, 0)
const daily = (change: Partial<ScheduleFormValues> = {}): ScheduleFormValues => ({
  ...newScheduleValues(now, 'UTC'),
  name: 'Evening',
  ...change,
})

describe('Schedule Details form', () => {
  test('a zero repeat is refused with the contract message, under the contract field', () => {
    expect(scheduleProblems(daily({ repeat: true, repeatEveryMinutes: '0' }))).toEqual({
      'pattern.repeatEveryMinutes': 'Repeat every (minutes) must be at least 1.',
    })
    expect(scheduleProblems(daily({ repeat: true, repeatEveryMinutes: 'x' }))['pattern.repeatEveryMinutes']).toBe(
      'Repeat every (minutes) must be a whole number.',
    )
  })

  test('a repeat that is off is not checked, and sends no interval', () => {
    expect(scheduleProblems(daily({ repeat: false, repeatEveryMinutes: '0' }))).toEqual({})
    expect(patternOf(daily({ repeat: false }))).toMatchObject({ kind: 'daily', repeatEveryMinutes: null })
  })

  test('times outside the day, unknown zones, a missing name and no weekday are refused beside their fields', () => {
    const problems = scheduleProblems(daily({ name: ' ', time: '24:00', timeZone: 'Mars/Olympus' }))
    expect(problems).toEqual({
      name: 'Schedule Name is required.',
      'pattern.time': 'Start Time must be a time inside the day, as HH:MM (00:00 to 23:59).',
      'pattern.timeZone': 'Time Zone does not exist; choose one from the list.',
    })
    expect(scheduleProblems(daily({ kind: 'weekly', days: [] }))).toEqual({ 'pattern.days': 'Choose at least one day of the week.' })
    expect(scheduleProblems(daily({ kind: 'monthly', dayOfMonth: '32' }))).toEqual({ 'pattern.dayOfMonth': 'Day of month must be from 1 to 31.' })
  })

  test('a name used by another schedule of the policy is refused', () => {
    expect(scheduleProblems(daily({ name: 'nightly' }), ['Nightly']).name).toBe('Two schedules are named nightly; give each its own name.')
  })

  test('Allow Maximum sends no stream count; a count is checked otherwise', () => {
    expect(scheduleInputOf(daily()).options).toEqual({ streams: null, startNewMedia: false, markMediaFull: false })
    expect(scheduleProblems(daily({ allowMaximum: false, streams: '0' }))).toEqual({ 'options.streams': 'Number of Streams must be at least 1.' })
  })

  test('a saved schedule opens with its own values and sends them back unchanged', () => {
    const schedule = {
      name: 'Autocopy',
      pattern: { kind: 'daily' as const, time: '00:00', repeatEveryMinutes: 30, repeatUntil: '23:59', timeZone: 'Europe/Berlin' },
      options: { streams: 4, startNewMedia: true, markMediaFull: false },
    }
    const values = scheduleValuesOf(schedule, now)
    expect(values).toMatchObject({ repeat: true, repeatEveryMinutes: '30', allowMaximum: false, streams: '4' })
    expect(scheduleInputOf(values)).toEqual(schedule)
    const oneTime = { ...schedule, pattern: { kind: 'oneTime' as const, date: '2025-02-01', time: '07:30', timeZone: 'UTC' } }
    expect(scheduleInputOf(scheduleValuesOf(oneTime, now))).toEqual(oneTime)
  })

  test('Next run is the next time the pattern fires, in its zone, or waits for a complete pattern', () => {
    expect(nextRunText(daily({ time: '22:00' }), now)).toMatch(/^Next run: .*Jan.*14.*22:00 \(UTC\)$/)
    expect(nextRunText(daily({ repeat: true, repeatEveryMinutes: '0' }), now)).toBeNull()
    expect(nextRunText(daily({ kind: 'oneTime', date: null }), now)).toBeNull()
  })

  test('a CommServe field path names the schedule and its field', () => {
    expect(scheduleFieldOfPath('schedules.1.pattern.repeatEveryMinutes')).toEqual({ index: 1, field: 'pattern.repeatEveryMinutes' })
    expect(scheduleFieldOfPath('schedules.0.pattern.days.2')).toEqual({ index: 0, field: 'pattern.days' })
    expect(scheduleFieldOfPath('name')).toBeNull()
  })
})

describe('Schedule Policy form', () => {
  test('a policy needs a name and a schedule', () => {
    expect(schedulePolicyProblems({ ...newSchedulePolicyValues, name: '' })).toEqual({
      name: 'Name is required.',
      schedules: 'Add at least one schedule.',
    })
  })

  test('a Data Protection policy sends each schedule with its backup type and its clients, agents and subclients', () => {
    const pattern = { kind: 'daily' as const, time: '21:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' }
    const values = {
      ...newSchedulePolicyValues,
      name: 'Nightly backups',
      policyType: 'Data Protection' as const,
      schedules: [{ name: 'Daily Incremental', pattern, options: { streams: null, startNewMedia: false, markMediaFull: false }, backupType: 'Incremental' as const }],
      backupAssociations: [{ level: 'client' as const, id: 1 }],
    }
    expect(schedulePolicyProblems(values)).toEqual({})
    expect(saveSchedulePolicyInput(values, null)).toEqual({
      schedulePolicyId: null, name: 'Nightly backups', description: '', policyType: 'Data Protection',
      schedules: [{ name: 'Daily Incremental', pattern, backupType: 'Incremental' }], associations: [{ level: 'client', id: 1 }],
    })
  })

  test('checking a client drops the agents and subclients under it, which it covers; clearing it keeps the others', () => {
    const clients = [
      { id: 1, name: 'localhost', agents: [{ id: 10, name: 'File System', subclients: [{ id: 100, name: 'default' }, { id: 101, name: 'finance' }] }] },
      { id: 2, name: 'db01', agents: [{ id: 20, name: 'SQL Server', subclients: [{ id: 200, name: 'FinanceDB' }] }] },
    ]
    const some = toggleBackupAssociation(toggleBackupAssociation([], clients, 'subclient', 101, true), clients, 'subclient', 200, true)
    expect(some).toEqual([{ level: 'subclient', id: 101 }, { level: 'subclient', id: 200 }])
    const whole = toggleBackupAssociation(some, clients, 'client', 1, true)
    expect(whole).toEqual([{ level: 'subclient', id: 200 }, { level: 'client', id: 1 }])
    expect(isBackupAssociated(whole, 'client', 1)).toBe(true)
    expect(toggleBackupAssociation(whole, clients, 'client', 1, false)).toEqual([{ level: 'subclient', id: 200 }])
  })

  test('checking a storage policy replaces its single copies; a copy is checked on its own otherwise', () => {
    const one = toggleCopyAssociation([], 2, 11, true)
    expect(one).toEqual([{ storagePolicyId: 2, copyId: 11 }])
    expect(togglePolicyAssociation(one, 2, true)).toEqual([{ storagePolicyId: 2, copyId: null }])
    expect(togglePolicyAssociation([{ storagePolicyId: 2, copyId: null }], 2, false)).toEqual([])
    expect(toggleCopyAssociation(one, 2, 11, false)).toEqual([])
  })

  test('every storage policy is offered, with its active secondary copies and any copy already associated', () => {
    const offered = associationPolicies(
      [
        { id: 1, name: 'SP_Default' },
        { id: 2, name: 'SP_Finance' },
      ],
      [{ id: 2, copies: [{ id: 11, name: 'Copy_2' }] }],
      [{ storagePolicyId: 2, storagePolicy: 'SP_Finance', copyId: 12, copy: 'Copy_3' }],
    )
    expect(offered).toEqual([
      { id: 1, name: 'SP_Default', copies: [] },
      { id: 2, name: 'SP_Finance', copies: [{ id: 11, name: 'Copy_2' }, { id: 12, name: 'Copy_3' }] },
    ])
  })
})
