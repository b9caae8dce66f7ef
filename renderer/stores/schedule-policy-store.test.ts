import { describe, expect, test, vi } from 'vitest'
import type { CommandInput } from '../../app/ipc/contract'
import type { PolicyScheduleDetails, SchedulePolicyDetails } from '../../app/model/schedule'
import type { TreeNode } from '../../app/model/tree'
import { fakeConsoleApi, settle, type FakeHandlers } from '../testing/fake-console-api'
import { createDeleteSchedulePolicyStore, deleteSchedulePolicyQuestion } from './delete-schedule-policy-store'
import { createPolicySchedulesStore } from './policy-schedules-store'
import { scheduleEditorProblem, scheduleEditorProblems } from './schedule-editor'
import { createSchedulePolicyDialogStore, schedulePolicySessionProblems, schedulePolicyVisibleProblem } from './schedule-policy-store'
import { createScheduleStores, runNowMessage } from './schedule-stores'

const now = Date.UTC(2025, 0, 14, 10, 0)
const autocopyNode: TreeNode = { id: 'schedulePolicy:1', kind: 'schedulePolicy', name: 'System Created Autocopy schedule', hasChildren: false, detail: '' }
const financeNode: TreeNode = { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' }
const autocopyPattern = { kind: 'daily' as const, time: '00:00', repeatEveryMinutes: 30, repeatUntil: '23:59', timeZone: 'UTC' }
const maxOptions = { streams: null, startNewMedia: false, markMediaFull: false }

const autocopy = (change: Partial<SchedulePolicyDetails> = {}): SchedulePolicyDetails => ({
  id: 1,
  name: 'System Created Autocopy schedule',
  policyType: 'Auxiliary Copy',
  description: 'Runs an auxiliary copy every 30 minutes.',
  systemCreated: true,
  schedules: [{ id: 5, name: 'Autocopy', pattern: autocopyPattern, patternText: 'Daily, every 30 minutes', options: maxOptions, backupType: null }],
  associations: [{ storagePolicyId: 2, storagePolicy: 'SP_Finance', copyId: 11, copy: 'Copy_2' }],
  backupAssociations: [],
  ...change,
})

const listing: FakeHandlers = {
  'tree:children': () => ({
    nodes: [
      { id: 'storagePolicy:1', kind: 'storagePolicy', name: 'SP_Default', hasChildren: true, detail: '' },
      { id: 'storagePolicy:2', kind: 'storagePolicy', name: 'SP_Finance', hasChildren: true, detail: '' },
    ],
  }),
  'auxcopy:form': () => ({ policies: [{ id: 2, name: 'SP_Finance', copies: [{ id: 11, name: 'Copy_2', toBeCopied: 3 }] }] }),
}

function makeDialog(handlers: FakeHandlers = {}) {
  const saved: CommandInput<'schedulePolicies:save'>[] = []
  const api = fakeConsoleApi({
    ...listing,
    'schedulePolicies:get': () => autocopy(),
    'schedulePolicies:save': (input) => {
      saved.push(input)
      return autocopy({ id: 7, name: input.name, systemCreated: false })
    },
    ...handlers,
  })
  const onSaved = vi.fn()
  const store = createSchedulePolicyDialogStore(api, { now: () => now, onSaved })
  return { api, store, onSaved, saved }
}

describe('Schedule Policy dialog store', () => {
  test('New Schedule Policy of Type Data Protection: a backup type per schedule, localhost checked whole, saved with both', async () => {
    const clients = [{ id: 1, name: 'localhost', agents: [{ id: 1, name: 'File System', subclients: [{ id: 2, name: 'finance' }] }] }]
    const dialog = makeDialog({ 'schedulePolicies:clients': () => ({ clients }) })
    const actions = () => dialog.store.getState()
    await actions().openCreate()
    actions().setPolicyType('Data Protection')
    await settle()
    expect(actions().session?.clients).toEqual(clients)
    actions().setValue('name', 'Nightly Backups')
    actions().addSchedule()
    actions().setScheduleValue('backupType', 'Differential')
    actions().acceptSchedule()
    actions().setBackupAssociated('subclient', 2, true)
    actions().setBackupAssociated('client', 1, true)
    await actions().submit()
    expect(dialog.saved).toEqual([
      expect.objectContaining({
        policyType: 'Data Protection',
        schedules: [{ name: 'Nightly Backups', pattern: expect.objectContaining({ kind: 'daily', time: '22:00' }), backupType: 'Differential' }],
        associations: [{ level: 'client', id: 1 }],
      }),
    ])
  })

  test('New Schedule Policy: a zero repeat stays in Schedule Details with its message; fixed, it is listed and saved whole', async () => {
    const dialog = makeDialog()
    const actions = () => dialog.store.getState()
    await actions().openCreate()
    expect(actions().session?.policies.map((policy) => policy.name)).toEqual(['SP_Default', 'SP_Finance'])
    actions().setValue('name', 'Finance Evening')
    actions().addSchedule()
    expect(actions().session?.editor?.values.name).toBe('Finance Evening')
    actions().setScheduleValue('repeat', true)
    actions().setScheduleValue('repeatEveryMinutes', '0')
    actions().acceptSchedule()
    const editor = actions().session!.editor!
    expect(scheduleEditorProblem(editor, scheduleEditorProblems(editor), 'pattern.repeatEveryMinutes')).toBe('Repeat every (minutes) must be at least 1.')
    expect(editor.focus?.field).toBe('pattern.repeatEveryMinutes')
    expect(actions().session?.values.schedules).toEqual([])

    actions().setScheduleValue('repeatEveryMinutes', '60')
    actions().acceptSchedule()
    expect(actions().session?.editor).toBeNull()
    expect(actions().session?.values.schedules[0]?.pattern).toMatchObject({ kind: 'daily', repeatEveryMinutes: 60 })
    actions().setPolicyAssociated(2, true)
    await actions().submit()

    expect(dialog.saved).toEqual([
      {
        schedulePolicyId: null,
        policyType: 'Auxiliary Copy',
        name: 'Finance Evening',
        description: '',
        schedules: [{ name: 'Finance Evening', pattern: expect.objectContaining({ repeatEveryMinutes: 60 }), options: maxOptions }],
        associations: [{ storagePolicyId: 2, copyId: null }],
      },
    ])
    expect(actions().session).toBeNull()
    expect(dialog.onSaved).toHaveBeenCalledWith(expect.objectContaining({ name: 'Finance Evening' }), true)
  })

  test('OK without a schedule shows why on the General tab and sends nothing', async () => {
    const dialog = makeDialog()
    await dialog.store.getState().openCreate()
    dialog.store.getState().setValue('name', 'Empty')
    dialog.store.getState().setTab('associations')
    await dialog.store.getState().submit()
    const session = dialog.store.getState().session!
    expect(session.tab).toBe('general')
    expect(schedulePolicyVisibleProblem(session, schedulePolicySessionProblems(session), 'schedules')).toBe('Add at least one schedule.')
    expect(dialog.saved).toEqual([])
  })

  test("the CommServe's refusal of a schedule field opens that schedule's Schedule Details with the message", async () => {
    const dialog = makeDialog({
      'schedulePolicies:save': () => {
        throw { code: 'invalid_input', message: 'Time Zone does not exist; choose one from the list.', field: 'schedules.0.pattern.timeZone' }
      },
    })
    await dialog.store.getState().openEdit(autocopyNode)
    await dialog.store.getState().submit()
    const editor = dialog.store.getState().session!.editor!
    expect(editor.index).toBe(0)
    expect(editor.values.name).toBe('Autocopy')
    expect(scheduleEditorProblem(editor, scheduleEditorProblems(editor), 'pattern.timeZone')).toBe('Time Zone does not exist; choose one from the list.')
  })

  test('Properties of the system policy load its schedules and associations; a name refusal shows beside Name', async () => {
    const dialog = makeDialog({
      'schedulePolicies:save': () => {
        throw { code: 'invalid_input', message: 'The System Created Autocopy schedule keeps its name.', field: 'name' }
      },
    })
    await dialog.store.getState().openEdit(autocopyNode)
    const session = dialog.store.getState().session!
    expect(session.mode).toBe('edit')
    expect(session.details?.systemCreated).toBe(true)
    expect(session.values.associations).toEqual([{ storagePolicyId: 2, copyId: 11 }])
    expect(session.selected).toBe(0)
    await dialog.store.getState().submit()
    expect(dialog.store.getState().session?.serverErrors.name).toBe('The System Created Autocopy schedule keeps its name.')
  })

  test('Delete removes the selected schedule from the list', async () => {
    const dialog = makeDialog()
    await dialog.store.getState().openEdit(autocopyNode)
    dialog.store.getState().deleteSchedule()
    expect(dialog.store.getState().session?.values.schedules).toEqual([])
    expect(dialog.store.getState().session?.selected).toBeNull()
  })
})

describe('Delete schedule policy', () => {
  test('names the copies that depend on it, then deletes with confirm', async () => {
    const deletes: CommandInput<'schedulePolicies:delete'>[] = []
    const api = fakeConsoleApi({
      'schedulePolicies:get': () => autocopy(),
      'schedulePolicies:delete': (input) => {
        deletes.push(input)
        return { deleted: true }
      },
    })
    const onDeleted = vi.fn()
    const store = createDeleteSchedulePolicyStore(api, { onDeleted })
    await store.getState().open(autocopyNode)
    expect(deleteSchedulePolicyQuestion(store.getState().confirmation!)).toBe(
      'SP_Finance / Copy_2 depends on System Created Autocopy schedule. Delete it anyway?',
    )
    await store.getState().confirm()
    expect(deletes).toEqual([{ schedulePolicyId: 1, confirm: true }])
    expect(onDeleted).toHaveBeenCalledWith('System Created Autocopy schedule')
  })

  test('without dependents it does not confirm; copies that came meanwhile are asked about in the CommServe words', async () => {
    const deletes: CommandInput<'schedulePolicies:delete'>[] = []
    const api = fakeConsoleApi({
      'schedulePolicies:get': () => autocopy({ associations: [] }),
      'schedulePolicies:delete': (input) => {
        deletes.push(input)
        if (!input.confirm) {
          throw { code: 'conflict', message: 'SP_Finance / Copy_3 depends on System Created Autocopy schedule; confirm to delete it.', field: 'confirm' }
        }
        return { deleted: true }
      },
    })
    const store = createDeleteSchedulePolicyStore(api, { onDeleted: vi.fn() })
    await store.getState().open(autocopyNode)
    await store.getState().confirm()
    expect(deleteSchedulePolicyQuestion(store.getState().confirmation!)).toBe(
      'SP_Finance / Copy_3 depends on System Created Autocopy schedule. Delete it anyway?',
    )
    await store.getState().confirm()
    expect(deletes.map((input) => input.confirm)).toEqual([false, true])
    expect(store.getState().confirmation).toBeNull()
  })
})

describe('Run Immediately and the test clock', () => {
  test('Run Immediately says which jobs started and shows them, or that there was nothing to copy', async () => {
    let jobIds = [12, 13]
    const hooks = { notify: vi.fn(), report: vi.fn(), jobsStarted: vi.fn(), info: () => null, onPolicySaved: vi.fn() }
    const stores = createScheduleStores(fakeConsoleApi({ 'schedules:runNow': () => ({ jobIds }) }), hooks)
    await stores.runNow(autocopyNode)
    expect(hooks.jobsStarted).toHaveBeenCalledWith('Started job(s) 12, 13 for System Created Autocopy schedule.')
    jobIds = []
    await stores.runNow(autocopyNode)
    expect(hooks.notify).toHaveBeenCalledWith(runNowMessage('System Created Autocopy schedule', []), 'info')
    expect(runNowMessage('X', [])).toMatch(/^Nothing to run/)
  })

  test('on a test console the CommServe time is the test clock, moved by Advance', async () => {
    const info = { name: 'cc', commServe: 'cc', installKind: 'new' as const, version: '11', dataDir: '/d', host: 'browser' as const, testClock: true, now }
    const api = fakeConsoleApi({ 'test:advanceClock': ({ minutes }) => ({ now: now + minutes * 60_000, jobIds: [21] }) })
    const hooks = { notify: vi.fn(), report: vi.fn(), jobsStarted: vi.fn(), info: () => info, onPolicySaved: vi.fn() }
    const stores = createScheduleStores(api, hooks)
    expect(stores.now()).toBe(now)
    await stores.testClock.getState().advance(30)
    expect(stores.now()).toBe(now + 30 * 60_000)
    expect(hooks.notify).toHaveBeenCalledWith('Scheduled job(s) 21 started.', 'info')
  })
})

describe('Auxiliary Copy Schedules of a storage policy', () => {
  const legacy: PolicyScheduleDetails = {
    id: 9,
    name: 'SP_Finance auxiliary copy',
    pattern: { kind: 'daily', time: '22:00', repeatEveryMinutes: null, repeatUntil: '23:59', timeZone: 'UTC' },
    patternText: 'Daily at 22:00 (UTC)',
    options: { streams: 2, startNewMedia: false, markMediaFull: false },
    allCopies: true,
    copies: ['Copy_2'],
  }

  test('Edit saves one schedule with policySchedules:save and lists what the CommServe answered', async () => {
    const saves: CommandInput<'policySchedules:save'>[] = []
    const api = fakeConsoleApi({
      'policySchedules:list': () => ({ schedules: [legacy] }),
      'policySchedules:save': (input) => {
        saves.push(input)
        return { ...legacy, name: input.name, pattern: input.pattern, patternText: 'Daily at 21:00 (UTC)' }
      },
    })
    const onSaved = vi.fn()
    const store = createPolicySchedulesStore(api, { now: () => now, onSaved })
    await store.getState().open(financeNode)
    store.getState().edit()
    store.getState().setScheduleValue('time', '21:00')
    await store.getState().acceptSchedule()
    expect(saves).toEqual([{ scheduleId: 9, name: 'SP_Finance auxiliary copy', pattern: { ...legacy.pattern, time: '21:00' }, options: legacy.options }])
    expect(store.getState().session?.editor).toBeNull()
    expect(store.getState().session?.schedules[0]?.patternText).toBe('Daily at 21:00 (UTC)')
    expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ id: 9 }), 'SP_Finance')
  })
})
