import { describe, expect, test, vi } from 'vitest'
import { backupsNotOnTape } from '../../app/rules/copy-form'
import { fakeConsoleApi, type FakeHandlers } from '../testing/fake-console-api'
import { policyForm } from '../testing/copy-fixtures'
import { createPolicyWizardStore, visiblePolicyProblem } from './policy-wizard-store'

function makeWizard(handlers: FakeHandlers = {}) {
  const api = fakeConsoleApi({
    'policies:form': () => policyForm(),
    'policies:create': () => ({ storagePolicyId: 5, nodeId: 'storagePolicy:5' }),
    ...handlers,
  })
  const onCreated = vi.fn()
  const store = createPolicyWizardStore(api, { policyNames: () => ['SP_Default', 'SP_Finance'], onCreated })
  const problemOf = (field: string) => {
    const session = store.getState().session!
    return visiblePolicyProblem(session, store.getState().problems(session), field)
  }
  return { api, store, onCreated, problemOf }
}

describe('New Storage Policy wizard store', () => {
  test('Next stays on a step with problems and shows them; a known policy name is refused', async () => {
    const wizard = makeWizard()
    await wizard.store.getState().open()
    expect(wizard.store.getState().session?.values.deviceStreams).toBe('50')
    wizard.store.getState().next()
    expect(wizard.store.getState().session?.step).toBe('name')
    expect(wizard.problemOf('name')).toBe('Storage Policy Name is required.')
    wizard.store.getState().setValue('name', 'sp_finance')
    expect(wizard.problemOf('name')).toBe('A storage policy named sp_finance already exists.')
    wizard.store.getState().setValue('name', 'SP_Archive')
    wizard.store.getState().next()
    expect(wizard.store.getState().session?.step).toBe('primaryCopy')
    wizard.store.getState().next()
    expect(wizard.store.getState().session?.step).toBe('primaryCopy')
    expect(wizard.problemOf('libraryId')).toBe('Choose a Library.')
  })

  test('a primary copy on a tape library asks for its pools, then is refused with the reason: no MediaAgent writes tape yet', async () => {
    const wizard = makeWizard()
    await wizard.store.getState().open()
    const { setValue, next } = wizard.store.getState()
    setValue('name', ' SP_Tape ')
    next()
    setValue('libraryId', 3)
    next()
    expect(wizard.problemOf('drivePoolId')).toBe('Drive Pool is required for a tape library.')
    setValue('drivePoolId', 31)
    setValue('scratchPoolId', 32)
    next()
    expect(wizard.store.getState().session?.step).toBe('primaryCopy')
    expect(wizard.problemOf('libraryId')).toBe(backupsNotOnTape('TapeLib01'))
    expect(wizard.api.calls.some((call) => call.command === 'policies:create')).toBe(false)
  })


  test('a refusal naming a field goes back to its step', async () => {
    const wizard = makeWizard({
      'policies:create': () => {
        throw { code: 'invalid_input', message: 'A storage policy named SP_New already exists.', field: 'name' }
      },
    })
    await wizard.store.getState().open()
    const { setValue, next } = wizard.store.getState()
    setValue('name', 'SP_New')
    next()
    setValue('libraryId', 2)
    next()
    next()
    next()
    await wizard.store.getState().finish()
    expect(wizard.store.getState().session).toMatchObject({ step: 'name', status: 'ready', focus: { field: 'name' } })
    expect(wizard.problemOf('name')).toBe('A storage policy named SP_New already exists.')
  })
})
